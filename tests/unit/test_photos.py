"""Photos: the type from the bytes, everything but the picture dropped, the place kept apart."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pillow_heif
import pytest
from PIL import Image

from xiuhua_intake.photos import images
from xiuhua_intake.photos.images import MAX_BYTES, BadPhoto, TooLarge, process


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


def png(width: int, height: int, *, colour: int = 6) -> bytes:
    """A real PNG of blank rows, made with zlib and never held whole in memory: 8-bit RGBA (colour type 6)
    or grey (0). Deflate shrinks blank rows about a thousand times."""
    channels = {0: 1, 2: 3, 6: 4}[colour]
    pack = zlib.compressobj(9)
    row = b"\x00" * (1 + width * channels)  # filter byte "none", then the pixels
    body = b"".join(pack.compress(row) for _ in range(height)) + pack.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_a_png_small_on_disk_but_huge_in_pixels_is_refused_before_it_is_decoded():
    bomb = png(7000, 7000)  # 196 MB once decoded, twice that with its copy
    assert len(bomb) < 300_000
    started = time.perf_counter()
    with pytest.raises(TooLarge, match="7000×7000") as refused:
        process(bomb)
    assert "最多 2600 万像素" in str(refused.value) and "请缩小后再上传" in str(refused.value)
    assert time.perf_counter() - started < 0.5  # the header told: nothing was decoded


def test_the_24_megapixel_photo_of_a_recent_iphone_still_fits():
    photo = process(png(5712, 4284, colour=0))
    assert (photo.width, photo.height) == (2048, 1536)


def test_webp_has_a_lower_ceiling_since_decoding_it_costs_twice_as_much(monkeypatch):
    monkeypatch.setattr(images, "MAX_WEBP_PIXELS", 800 * 600 - 1)
    with pytest.raises(TooLarge):
        process(encoded("WEBP"))
    assert process(encoded("PNG")).source == "PNG"  # the others keep theirs


def test_a_large_jpeg_is_decoded_already_shrunk_and_not_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 3_000_000)  # as if 4200 x 2800 (11.8 MP) were too many
    photo = process(camera_jpeg(size=(4200, 2800), gps=False))  # read at half size, 2100 x 1400: 2.9 MP
    assert (photo.width, photo.height) == (2048, 1365)
    with pytest.raises(TooLarge):
        process(encoded("PNG", size=(4200, 2800)))  # a PNG has no such shortcut


@pytest.mark.parametrize("kind", ["TIFF", "BMP", "GIF"])
def test_no_reader_but_the_four_photo_formats_looks_at_the_bytes(kind):
    with pytest.raises(BadPhoto, match="只能上传 JPEG、PNG、WebP 或 HEIC"):
        process(encoded(kind))


def test_a_photo_taken_sideways_comes_out_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to show
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (180, 60, 60)).save(out, format="JPEG", exif=exif)
    photo = process(out.getvalue())
    assert (photo.width, photo.height) == (1536, 2048)
