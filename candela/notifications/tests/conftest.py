"""The types of the root conftest's fixtures the notifications tests use (`ada` and `bob` come
from the root conftest too)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from candela.profiles.models import Actor

MakeActor = Callable[..., Actor]
Committed = Callable[[], AbstractContextManager[None]]
