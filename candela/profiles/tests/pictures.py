"""Real image files made with Pillow, for upload tests."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MAKE_TAG = 0x010F
ORIENTATION_TAG = 0x0112
GPS_IFD = 0x8825


def png_bytes(width: int = 800, height: int = 600, *, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_metadata(width: int = 1200, height: int = 900, orientation: int = 1) -> bytes:
    """A photo that tells where and with what camera it was taken, plus a comment."""
    image = Image.new("RGB", (width, height), "orange")
    # A dark left half, to tell whether the picture was turned upright.
    image.paste("black", (0, 0, width // 2, height))
    exif = image.getexif()
    exif[MAKE_TAG] = "SpyCam"
    exif[ORIENTATION_TAG] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (60.0, 10.0, 12.5)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"home address: 1 Secret Lane")
    return buffer.getvalue()


def upload(content: bytes, name: str = "picture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
