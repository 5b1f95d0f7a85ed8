"""Hot read queries with their SQL compiled once: building and compiling a queryset costs
Django several times what the database spends running it (bench/README.md).

`compiled_rows(name, build, shape, **values)` runs `build(**marks)` once per shape, where each
value is replaced by a stand-in the SQL cannot otherwise contain, keeps the SQL, and from then
on only binds the real values into it. A value is an int, a string, None (a different shape:
the query takes another form) or a list of ints (its length is part of the shape).
`compiled_objects` does the same for a queryset of model instances, select_related included.

psycopg turns a query's placeholders into PostgreSQL's on every execution, and keeps the
result only for a query of at most `PSYCOPG_CACHED_SQL_BYTES` and `PSYCOPG_CACHED_PARAMS`
(psycopg/_queries.py); past them, parsing the SQL again costs more than the rest of a warm
home page's query. Tests keep the hot queries within both.

On PostgreSQL both load timestamps with psycopg's compiled loader rather than Django's, which
subclasses psycopg's pure-Python one to attach the connection's time zone. The session runs in
that time zone, so the datetimes are the same, at a fraction of the cost: a warm home page
loads about fifty.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from django.utils.dateparse import parse_datetime

Value = int | str | None | list[int]
M = TypeVar("M", bound=Model)

PSYCOPG_CACHED_SQL_BYTES = 4096
PSYCOPG_CACHED_PARAMS = 50
_TIMESTAMPTZ_LOADER = psycopg.adapters.get_loader(
    psycopg.postgres.types["timestamptz"].oid, psycopg.pq.Format.TEXT
)


@dataclass
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    # The result's column names, kept from the first execution: psycopg builds them anew each
    # time a cursor's description is read.
    names: list[str] | None = None


_COMPILED: dict[tuple[Any, ...], _Compiled] = {}
_COMPILED_OBJECTS: dict[tuple[Any, ...], tuple[SQLCompiler, Any, str, tuple[Any, ...]]] = {}
# Stand-ins are large negative numbers: no id, count or limit is negative.
_MARK_BASE = -(2**62)
_MARK_STRIDE = 2**20


def _marks(values: dict[str, Value]) -> tuple[dict[str, Value], dict[int | str, int | str]]:
    """The stand-in for every value, and the map from each stand-in back to its value."""
    marks: dict[str, Value] = {}
    back: dict[int | str, int | str] = {}
    for slot, (name, value) in enumerate(sorted(values.items())):
        base = _MARK_BASE + slot * _MARK_STRIDE
        if isinstance(value, list):
            stand_ins = [base + n for n in range(len(value))]
            marks[name] = stand_ins
            back.update(zip(stand_ins, value, strict=True))
        elif value is None:
            marks[name] = None
        elif isinstance(value, str):
            marks[name] = f"\x00compiled:{name}\x00"
            back[marks[name]] = value  # type: ignore[index]
        else:
            marks[name] = base
            back[base] = value
    return marks, back


def _shape_key(name: str, shape: tuple[Any, ...], values: dict[str, Value]) -> tuple[Any, ...]:
    forms = tuple(
        (k, len(v) if isinstance(v, list) else v is None) for k, v in sorted(values.items())
    )
    return (name, connection.vendor, shape, forms)


def _bind(params: tuple[Any, ...], back: dict[int | str, int | str]) -> list[Any]:
    # psycopg wraps integers (Int8 and the like, int subclasses): compare by value.
    return [
        back.get(p, p) if isinstance(p, int | str) and not isinstance(p, bool) else p
        for p in params
    ]


def _execute(cursor: CursorWrapper, sql: str, params: list[Any]) -> None:
    if connection.vendor == "postgresql" and _TIMESTAMPTZ_LOADER is not None:
        cursor.cursor.adapters.register_loader("timestamptz", _TIMESTAMPTZ_LOADER)
    cursor.execute(sql, params)


def compiled_rows(
    name: str,
    build: Callable[..., QuerySet[Any]],
    shape: tuple[Any, ...] = (),
    **values: Value,
) -> list[dict[str, Any]]:
    """The rows of `build(**values)` (a values() queryset) as dicts of raw database values.

    `shape` holds whatever else changes the SQL (a limit, a flag)."""
    key = _shape_key(name, shape, values)
    marks, back = _marks(values)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = _Compiled(*build(**marks).query.sql_with_params())
    with connection.cursor() as cursor:
        _execute(cursor, compiled.sql, _bind(compiled.params, back))
        if compiled.names is None:
            compiled.names = [column[0] for column in cursor.description]
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def compiled_objects(
    name: str,
    build: Callable[..., QuerySet[M]],
    shape: tuple[Any, ...] = (),
    **values: Value,
) -> list[M]:
    """The model instances of `build(**values)`, with what it select_related, built as
    Django's own model iterator builds them, from SQL compiled once per shape."""
    key = _shape_key(name, shape, values)
    marks, back = _marks(values)
    compiled = _COMPILED_OBJECTS.get(key)
    if compiled is None:
        compiler = build(**marks).query.get_compiler(using=DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column[0] for column in compiler.select])
        compiled = _COMPILED_OBJECTS[key] = (compiler, converters, sql, params)
    compiler, converters, sql, params = compiled
    with connection.cursor() as cursor:
        _execute(cursor, sql, _bind(params, back))
        fetched = cursor.fetchall()
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None
    model = klass_info["model"]
    first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in select[first:last]]
    # Django's own helper for select_related rows (internal: Django 6 adds a fetch_mode
    # argument, which django-stubs already describes).
    populators = get_related_populators(klass_info, select, DEFAULT_DB_ALIAS)  # type: ignore[call-arg]
    rows = compiler.apply_converters(fetched, converters) if converters else fetched
    objects = []
    for row in rows:
        instance = model.from_db(DEFAULT_DB_ALIAS, names, row[first:last])
        for populator in populators:
            populator.populate(row, instance)
        objects.append(instance)
    return objects


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
