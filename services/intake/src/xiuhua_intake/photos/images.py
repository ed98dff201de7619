"""A photo as people send it, made safe to show (pure, CPU only).

The type is read from the bytes, never the name: JPEG, PNG, WebP, and HEIC/HEIF from iPhones. The
picture is decoded and encoded again as JPEG (at most 2048 px on its long side, turned upright), so
nothing of the original file — EXIF, the camera, where it was taken — reaches anyone who sees it; the
place it was taken is read first and kept apart, for staff only. A 320 px thumbnail goes with it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 12-megapixel phone photo is far below; a decompression bomb is not
ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC"}
LONG_SIDE, THUMB_SIDE = 2048, 320
_GPS = 0x8825


class BadPhoto(ValueError):
    """Not a photo this platform takes; the message says why, in Chinese."""


@dataclass(frozen=True)
class Photo:
    full: bytes  # JPEG, no metadata
    thumb: bytes
    width: int
    height: int
    source: str  # the type it came as
    location: tuple[float, float] | None  # latitude, longitude where it was taken, if the camera said


def process(data: bytes) -> Photo:
    if not data:
        raise BadPhoto("照片是空的")
    if len(data) > MAX_BYTES:
        raise BadPhoto("照片不能超过8MB")
    try:
        image = Image.open(io.BytesIO(data))
        kind = image.format
        if kind not in ACCEPTED:
            raise BadPhoto("只能上传 JPEG、PNG、WebP 或 HEIC 照片")
        if image.width * image.height > MAX_PIXELS:
            raise BadPhoto("照片像素太多")
        location = _location(image)
        image = ImageOps.exif_transpose(image)
        image.load()
    except BadPhoto:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BadPhoto("文件不是可以识别的照片") from exc
    image = image.convert("RGB")
    image.thumbnail((LONG_SIDE, LONG_SIDE))
    full = _jpeg(image, quality=85)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return Photo(full=full, thumb=_jpeg(thumb, quality=80), width=image.width, height=image.height,
                 source=ACCEPTED[kind], location=location)


def _jpeg(image: Image.Image, *, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)  # no exif= : nothing carried over
    return out.getvalue()


def _location(image: Image.Image) -> tuple[float, float] | None:
    try:
        gps = image.getexif().get_ifd(_GPS)
        lat, lat_ref, lon, lon_ref = gps.get(2), gps.get(1), gps.get(4), gps.get(3)
        if not (lat and lon):
            return None
        value = (_degrees(lat) * (-1 if lat_ref == "S" else 1), _degrees(lon) * (-1 if lon_ref == "W" else 1))
        return (round(value[0], 6), round(value[1], 6))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None


def _degrees(dms) -> float:
    d, m, s = (float(x) for x in dms)
    return d + m / 60 + s / 3600
