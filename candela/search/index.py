"""The full-text index of posts, kept by the database itself so that it can never lag behind.

- SQLite: an FTS5 table (`search_post_fts`) over `posts_post.text` (external content: the text
  is stored once), kept in sync by three triggers inside the writing transaction. The
  `unicode61` tokenizer folds case and diacritics, which suits the five languages of the posts.
- PostgreSQL: a GIN expression index on `to_tsvector('simple', text)`. The `simple`
  configuration (no stemming, no stop words) is one configuration for every language; a
  per-post configuration would need the query's language too, which a search box lacks.

Created by migration 0001; `ensure_index` (run after every migrate) recreates a trigger a table
rebuild dropped and then rebuilds the FTS table from the posts.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "search_post_fts"

# Literal SQL throughout: nothing here comes from input.
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_post_fts USING fts5(text, content='posts_post', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = {
    "search_post_fts_insert": (
        "CREATE TRIGGER IF NOT EXISTS search_post_fts_insert AFTER INSERT ON posts_post BEGIN "
        "INSERT INTO search_post_fts(rowid, text) VALUES (new.id, new.text); END"
    ),
    "search_post_fts_delete": (
        "CREATE TRIGGER IF NOT EXISTS search_post_fts_delete AFTER DELETE ON posts_post BEGIN "
        "INSERT INTO search_post_fts(search_post_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); END"
    ),
    "search_post_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS search_post_fts_update AFTER UPDATE OF text ON posts_post "
        "BEGIN INSERT INTO search_post_fts(search_post_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); "
        "INSERT INTO search_post_fts(rowid, text) VALUES (new.id, new.text); END"
    ),
}
SQLITE_REBUILD = "INSERT INTO search_post_fts(search_post_fts) VALUES ('rebuild')"
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS search_post_fts",
]
PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS search_post_text_fts ON posts_post "
    "USING gin (to_tsvector('simple', text))"
)
PG_DROP = "DROP INDEX IF EXISTS search_post_text_fts"


def create_index(connection: BaseDatabaseWrapper) -> None:
    """Creates the index on `connection` (what migration 0001 runs)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_TABLE)
            for statement in SQLITE_TRIGGERS.values():
                cursor.execute(statement)
            cursor.execute(SQLITE_REBUILD)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_CREATE)


def drop_index(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_DROP)


def ensure_index(using: str = "default", **_kwargs: Any) -> None:
    """After a migrate on SQLite: puts back any trigger a rebuild of `posts_post` dropped, and
    then rebuilds the FTS table, which may have missed writes in between."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if FTS_TABLE not in tables or "posts_post" not in tables:
            return
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posts_post'"
        )
        present = {name for (name,) in cursor.fetchall()}
        if set(SQLITE_TRIGGERS) <= present:
            return
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute(SQLITE_REBUILD)
