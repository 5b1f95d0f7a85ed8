"""Uploaded pictures: verified, resized, turned upright, and stripped of everything but pixels."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from candela.profiles.images import AVATAR, HEADER, process_uploaded_image
from candela.profiles.tests.pictures import (
    GPS_IFD,
    MAKE_TAG,
    jpeg_with_metadata,
    opened,
    png_bytes,
    upload,
)


def test_a_png_becomes_a_400_pixel_square_avatar():
    result = process_uploaded_image(upload(png_bytes(800, 600)), AVATAR)

    image = opened(result.read())
    assert image.size == (400, 400)
    assert image.format == "JPEG"
    assert result.name.endswith(".jpg")


def test_a_header_is_resized_to_1500_by_500():
    result = process_uploaded_image(upload(png_bytes(3000, 2000)), HEADER)

    assert opened(result.read()).size == (1500, 500)


def test_a_small_picture_is_scaled_up_to_the_avatar_size():
    result = process_uploaded_image(upload(png_bytes(40, 30)), AVATAR)

    assert opened(result.read()).size == (400, 400)


def test_a_transparent_png_stays_a_transparent_png():
    result = process_uploaded_image(upload(png_bytes(500, 500, mode="RGBA")), AVATAR)

    image = opened(result.read())
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert result.name.endswith(".png")


def test_a_photo_loses_its_camera_and_location_and_comment():
    original = opened(jpeg_with_metadata())
    assert original.getexif()[MAKE_TAG] == "SpyCam"  # the test photo really carries them
    assert original.getexif().get_ifd(GPS_IFD)
    assert original.info["comment"]

    result = opened(process_uploaded_image(upload(jpeg_with_metadata(), "p.jpg"), AVATAR).read())

    assert result.size == (400, 400)
    assert dict(result.getexif()) == {}
    assert "exif" not in result.info
    assert "comment" not in result.info


def test_a_sideways_photo_is_turned_upright_before_the_exif_is_dropped():
    # Orientation 6: the camera was turned; viewers rotate the picture 90° clockwise.
    data = jpeg_with_metadata(1200, 900, orientation=6)

    result = opened(process_uploaded_image(upload(data, "p.jpg"), AVATAR).read()).convert("L")

    # The dark left half of the sensor image is now the top half.
    assert result.getpixel((200, 20)) < 60
    assert result.getpixel((200, 380)) > 100


def test_each_processed_picture_gets_a_new_random_name():
    # A name a random one cannot hold by chance: it tells the uploader's file apart.
    original = "holiday_at_grandmas.png"
    first = process_uploaded_image(upload(png_bytes(), original), AVATAR)
    second = process_uploaded_image(upload(png_bytes(), original), AVATAR)

    assert first.name != second.name
    assert "holiday" not in first.name


def refused(content: bytes, name: str = "file.png") -> ValidationError:
    with pytest.raises(ValidationError) as error:
        process_uploaded_image(upload(content, name), AVATAR)
    return error.value


def test_a_text_file_is_refused():
    error = refused(b"just some text, not a picture\n" * 50, "notes.png")

    assert error.code == "invalid_image"
    assert "not an image we can use" in error.messages[0]


def test_a_truncated_png_is_refused():
    data = png_bytes(800, 600)

    assert refused(data[: len(data) // 2]).code == "invalid_image"


def test_a_truncated_jpeg_is_refused():
    data = jpeg_with_metadata()

    assert refused(data[: len(data) // 2], "p.jpg").code == "invalid_image"


def test_an_image_in_a_format_we_do_not_accept_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="BMP")

    assert refused(buffer.getvalue(), "p.bmp").code == "invalid_image"


@override_settings(CANDELA_MAX_IMAGE_BYTES=1024 * 1024)
def test_a_file_over_the_size_limit_is_refused_before_it_is_opened():
    too_big = png_bytes() + b"\0" * (1024 * 1024)

    error = refused(too_big)

    assert error.code == "too_large"
    assert "the limit is 1 MB" in error.messages[0]


@pytest.mark.parametrize("size", [(7000, 6500), (10000, 9000)])
def test_a_decompression_bomb_is_refused_not_decoded(size):
    # A few kilobytes of PNG that would decode to tens of millions of pixels.
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000

    assert refused(buffer.getvalue()).code == "invalid_image"
