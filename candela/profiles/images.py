"""Turns an uploaded file into a safe avatar or header: verified, metadata stripped, resized."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A decompression bomb (a tiny file that decodes to gigapixels) is refused, not decoded.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


@dataclass(frozen=True)
class ImageKind:
    width: int
    height: int


AVATAR = ImageKind(width=400, height=400)
HEADER = ImageKind(width=1500, height=500)


def process_uploaded_image(upload: UploadedFile[bytes], kind: ImageKind) -> ContentFile[bytes]:
    """Raises ValidationError (translated) for a file that is too large or not an image."""
    upright, has_alpha = load_uploaded_image(upload)
    fitted = ImageOps.fit(upright, (kind.width, kind.height), Image.Resampling.LANCZOS)
    return encode_image(fitted, has_alpha=has_alpha)


def load_uploaded_image(upload: UploadedFile[bytes]) -> tuple[Image.Image, bool]:
    """The upload's pixels, upright and converted to RGB or RGBA, and whether it has alpha.

    Raises ValidationError (translated) for a file that is too large or not an image.
    """
    if upload.size is not None and upload.size > settings.CANDELA_MAX_IMAGE_BYTES:
        raise ValidationError(
            _("This image is too large: the limit is %(megabytes)s MB.")
            % {"megabytes": settings.CANDELA_MAX_IMAGE_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            # Pillow only warns, and decodes anyway, up to twice its limit.
            if probe.width * probe.height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{probe.width}x{probe.height}")
            probe.verify()
            image_format = probe.format
        if image_format not in ACCEPTED_FORMATS:
            raise UnidentifiedImageError(image_format)
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            # Only the pixels are kept: EXIF (location, camera) never leaves this module.
            upright = ImageOps.exif_transpose(image)
            has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
            converted = upright.convert("RGBA" if has_alpha else "RGB")
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,  # raised where warnings are errors (the tests)
        OSError,
        SyntaxError,
    ) as error:
        raise ValidationError(
            _(
                "This file is not an image we can use. "
                "Please upload a JPEG, PNG, GIF or WebP picture."
            ),
            code="invalid_image",
        ) from error
    return converted, has_alpha


def encode_image(image: Image.Image, *, has_alpha: bool) -> ContentFile[bytes]:
    """PNG when there is transparency, else a progressive JPEG; nothing but the pixels."""
    # JPEG's encoder would copy a comment from `info`; nothing but the pixels may leave.
    image.info.clear()
    buffer = io.BytesIO()
    if has_alpha:
        image.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, format="JPEG", quality=86, optimize=True, progressive=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{get_random_string(16)}.{extension}")
