"""Serves the OpenAPI 3.1 document of Candela's own endpoints (openapi.json beside this file)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from candela.api.http import JSONResponse

DOCUMENT = Path(__file__).with_name("openapi.json")


@cache
def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT.read_text())
    return loaded


def openapi(request: HttpRequest) -> JSONResponse:
    document = {**_document(), "servers": [{"url": settings.CANDELA_URL}]}
    response = JSONResponse(document)
    response["Access-Control-Allow-Origin"] = "*"
    return response
