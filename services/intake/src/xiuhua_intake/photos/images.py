"""A photo as people send it, made safe to show (pure, CPU only).

The type is read from the bytes, never the name: JPEG, PNG, WebP, and HEIC/HEIF from iPhones. The
picture is decoded and encoded again as JPEG (at most 2048 px on its long side, turned upright), so
nothing of the original file — EXIF, the camera, where it was taken — reaches anyone who sees it; the
place it was taken is read first and kept apart, for staff only. A 320 px thumbnail goes with it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

MAX_BYTES = 8 * 1024 * 1024
# Decoded pixels, not bytes, are what a photo costs: a 7,000 x 7,000 PNG of a few hundred KB decodes to
# 49 MP. Measured here, decoding one costs at most 8 bytes a pixel (PNG RGBA: the picture and the copy
# Pillow premultiplies before shrinking it) and 16 for WebP (libwebp's own RGBA buffer beside Pillow's).
# intake runs in 512 Mi (k8s/base/intake.yaml), about 200 MB of it the process itself, which leaves about
# 300 MB for PHOTO_DECODES_AT_ONCE decodes (default 1: the pod has one CPU, so two at once would be no
# faster, and two of the largest would not fit): 26 MP x 8 B ~ 210 MB, a WebP of 13 MP x 16 B ~ 210 MB.
# 26 MP still takes the 24 MP (5712 x 4284) HEIC that recent iPhones shoot by default, and 13 MP a 12 MP
# photo; JPEGs are decoded already shrunk (below), so a 50 or 108 MP Android JPEG costs a few MP.
MAX_PIXELS = 26_000_000
MAX_WEBP_PIXELS = 13_000_000
ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC"}
LONG_SIDE, THUMB_SIDE = 2048, 320
_GPS = 0x8825


class BadPhoto(ValueError):
    """Not a photo this platform takes; the message says why, in Chinese."""


class TooLarge(BadPhoto):
    """A photo with more pixels than the memory budget lets intake decode."""


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
        # Only these four formats' readers look at the bytes: no other of Pillow's (TIFF, BMP, PSD …) runs.
        image = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
        kind = image.format
        if kind not in ACCEPTED:
            raise BadPhoto("只能上传 JPEG、PNG、WebP 或 HEIC 照片")
        if kind == "JPEG":  # decode at 1/2, 1/4 or 1/8 of the size where that still covers the photo we keep
            image.draft(image.mode, _kept_size(image.size))
        _check_pixels(kind, image.size)  # from the header (or the JPEG's reduced size), before decoding
        location = _location(image)
        image.load()
        if image.mode not in ("RGB", "L"):  # alpha, palette, CMYK …: shrunk well only once in RGB
            image = image.convert("RGB")
        image.thumbnail((LONG_SIDE, LONG_SIDE))  # then turning it upright costs little
        image = ImageOps.exif_transpose(image).convert("RGB")
    except BadPhoto:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own ceiling, met before ours (a JPEG over 179 MP)
        raise TooLarge("照片尺寸过大，请缩小后再上传") from exc
    except UnidentifiedImageError as exc:
        raise BadPhoto("文件不是可以识别的照片：只能上传 JPEG、PNG、WebP 或 HEIC 照片") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise BadPhoto("文件不是可以识别的照片") from exc
    full = _jpeg(image, quality=85)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return Photo(full=full, thumb=_jpeg(thumb, quality=80), width=image.width, height=image.height,
                 source=ACCEPTED[kind], location=location)


def _kept_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size the kept photo will have: at most LONG_SIDE on its long side."""
    scale = min(1.0, LONG_SIDE / max(size))
    return (max(1, math.ceil(size[0] * scale)), max(1, math.ceil(size[1] * scale)))


def _check_pixels(kind: str, size: tuple[int, int]) -> None:
    limit = MAX_WEBP_PIXELS if kind == "WEBP" else MAX_PIXELS
    if size[0] * size[1] > limit:
        raise TooLarge(f"照片尺寸过大（{size[0]}×{size[1]} 像素），最多 {limit // 10_000} 万像素，请缩小后再上传")


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
