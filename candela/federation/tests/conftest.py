"""Helpers for the federation tests: fetching as a remote server would, and image uploads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ACTIVITY_JSON = "application/activity+json"
LD_JSON = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'


def image_upload(
    name: str = "picture.png", *, size: tuple[int, int] = (40, 40)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def suspend():
    def suspend(user):
        user.is_active = False
        user.save(update_fields=["is_active"])
        return user

    return suspend
