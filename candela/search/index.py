"""The full-text index of posts, kept by the database itself so that it can never lag behind.

- SQLite: an FTS5 table (`search_post_fts`) over `posts_post.text` (external content: the text
  is stored once), kept in sync by three triggers inside the writing transaction. The
  `unicode61` tokenizer folds case and diacritics, which suits the five languages of the posts.
- PostgreSQL: a GIN expression index on `to_tsvector('candela_search', text)`, a text search
  configuration made here: `simple` (no stemming, no stop words: one configuration for every
  language; a per-post one would need the query's language too, which a search box lacks)
  with accents folded by the `unaccent` extension (trusted: the database owner may create it;
  Debian's and most PostgreSQL packages ship it).

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
PG_CONFIGURATION = "candela_search"
PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'candela_search') "
    "THEN CREATE TEXT SEARCH CONFIGURATION candela_search (COPY = simple); "
    "ALTER TEXT SEARCH CONFIGURATION candela_search "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple; END IF; END $$",
    "CREATE INDEX IF NOT EXISTS search_post_text_fts ON posts_post "
    "USING gin (to_tsvector('candela_search', text))",
]
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
            for statement in PG_CREATE:
                cursor.execute(statement)


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
