"""Photos: the type from the bytes, everything but the picture dropped, the place kept apart."""

from __future__ import annotations

import io

import pillow_heif
import pytest
from PIL import Image

from xiuhua_intake.photos.images import MAX_BYTES, BadPhoto, process


def camera_jpeg(size=(1600, 1200), gps=True) -> bytes:
    """A phone photo: EXIF with the camera, the time and, when asked, where it was taken (Shanghai)."""
    image = Image.new("RGB", size, (180, 60, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:11:20 21:30:00"  # DateTime
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 13.0, 48.0), 3: "E", 4: (121.0, 28.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def encoded(kind: str, size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 80)).save(out, format=kind)
    return out.getvalue()


def test_a_phone_photo_loses_its_metadata_and_keeps_its_place_apart():
    photo = process(camera_jpeg())
    cleaned = Image.open(io.BytesIO(photo.full))
    assert cleaned.format == "JPEG" and not cleaned.getexif() and b"PhoneMaker" not in photo.full
    assert photo.location == (31.23, 121.47)
    assert (photo.width, photo.height) == (1600, 1200) and photo.source == "JPEG"
    assert max(Image.open(io.BytesIO(photo.thumb)).size) == 320
    assert process(camera_jpeg(gps=False)).location is None


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_are_taken(kind):
    assert Image.open(io.BytesIO(process(encoded(kind)).full)).format == "JPEG"


def test_heic_from_an_iphone_is_taken():
    pillow_heif.register_heif_opener()
    assert process(encoded("HEIF")).source == "HEIC"


def test_large_photos_are_scaled_down():
    photo = process(camera_jpeg(size=(4032, 3024), gps=False))
    assert (photo.width, photo.height) == (2048, 1536)


@pytest.mark.parametrize(("data", "why"), [
    (b"", "空"),
    (b"%PDF-1.7 not a photo at all" * 10, "识别"),
    (b"GIF89a" + encoded("GIF")[6:], "只能"),  # a real GIF: a type not taken
    (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "识别"),  # a JPEG header and nothing else
    (b"x" * (MAX_BYTES + 1), "8MB"),
])
def test_what_is_not_a_photo_is_refused_in_its_own_words(data, why):
    with pytest.raises(BadPhoto, match=why):
        process(data)


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, format="PNG")  # 100 megapixels in a few kilobytes
    with pytest.raises(BadPhoto, match="像素"):
        process(out.getvalue())
