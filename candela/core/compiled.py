"""Hot read queries with their SQL compiled once: building and compiling a queryset costs
Django several times what the database spends running it (bench/README.md).

`compiled_rows(name, build, shape, **values)` runs `build(**marks)` once per shape, where each
value is replaced by a stand-in the SQL cannot otherwise contain, keeps the SQL, and from then
on only binds the real values into it. A value is an int, None (a different shape: the query
takes another form) or a list of ints (its length is part of the shape).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

Value = int | None | list[int]

_COMPILED: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
# Stand-ins are large negative numbers: no id, count or limit is negative.
_MARK_BASE = -(2**62)
_MARK_STRIDE = 2**20


def _marks(values: dict[str, Value]) -> tuple[dict[str, Value], dict[int, int | None]]:
    """The stand-in for every value, and the map from each stand-in back to its value."""
    marks: dict[str, Value] = {}
    back: dict[int, int | None] = {}
    for slot, (name, value) in enumerate(sorted(values.items())):
        base = _MARK_BASE + slot * _MARK_STRIDE
        if isinstance(value, list):
            stand_ins = [base + n for n in range(len(value))]
            marks[name] = stand_ins
            back.update(zip(stand_ins, value, strict=True))
        elif value is None:
            marks[name] = None
        else:
            marks[name] = base
            back[base] = value
    return marks, back


def compiled_rows(
    name: str,
    build: Callable[..., QuerySet[Any]],
    shape: tuple[Any, ...] = (),
    **values: Value,
) -> list[dict[str, Any]]:
    """The rows of `build(**values)` (a values() queryset) as dicts of raw database values.

    `shape` holds whatever else changes the SQL (a limit, a flag)."""
    key = (
        name,
        connection.vendor,
        shape,
        tuple((k, len(v) if isinstance(v, list) else v is None) for k, v in sorted(values.items())),
    )
    marks, back = _marks(values)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = build(**marks).query.sql_with_params()
    sql, params = compiled
    # psycopg wraps integers (Int8 and the like, int subclasses): compare by value.
    bound = [
        back.get(p, p) if isinstance(p, int) and not isinstance(p, bool) else p for p in params
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def json_value(value: Any) -> Any:
    """A JSON aggregate as the driver returns it: text (SQLite, and Django's jsonb loader)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def moment(value: Any) -> datetime | None:
    """A timestamp from a raw row: SQLite returns text in UTC."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, UTC)
        return parsed
    return value  # type: ignore[no-any-return]
