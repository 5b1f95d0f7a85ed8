"""The counts an account shows (followers, following, statuses, last status), kept in
`AccountStats` by the database itself so that no page counts rows and no write path can forget
them (a block removing follows, a cascade, an account deletion tombstoning its posts).

Triggers, inside the writing transaction:
- a new actor gets its row of zeros;
- a follow inserted or deleted moves both sides' counts, in one UPDATE (rows are locked in
  index order, so two people following each other at once cannot deadlock);
- a post counts while it is live and not direct: inserting, deleting, tombstoning or
  un-tombstoning one moves `statuses_count`; a newly counted post moves `last_status_at`
  forward. As on Mastodon, deleting the latest post does not move it back: that person did
  post then.

Installed by profiles migration 0003; `ensure_triggers` (run after every migrate) puts back on
SQLite any trigger a table rebuild dropped, then recounts everything.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

STATS = "profiles_accountstats"
COUNTED = "{row}.deleted_at IS NULL AND {row}.visibility <> 'direct'"

FOLLOW_DELTA = (
    f"UPDATE {STATS} SET "
    "followers_count = followers_count "
    "+ CASE WHEN actor_id = {row}.target_id THEN {d} ELSE 0 END, "
    "following_count = following_count "
    "+ CASE WHEN actor_id = {row}.follower_id THEN {d} ELSE 0 END "
    "WHERE actor_id IN ({row}.target_id, {row}.follower_id);"
)
POST_ADDED = (
    f"UPDATE {STATS} SET statuses_count = statuses_count + 1, "
    "last_status_at = CASE WHEN last_status_at IS NULL OR last_status_at < NEW.created_at "
    "THEN NEW.created_at ELSE last_status_at END WHERE actor_id = NEW.author_id;"
)
POST_REMOVED = (
    f"UPDATE {STATS} SET statuses_count = statuses_count - 1 WHERE actor_id = OLD.author_id;"
)
NEW_ACTOR = (
    f"INSERT INTO {STATS} (actor_id, followers_count, following_count, statuses_count) "
    "VALUES (NEW.id, 0, 0, 0);"
)

SQLITE_TRIGGERS = {
    "account_stats_actor": f"AFTER INSERT ON profiles_actor BEGIN {NEW_ACTOR} END",
    "account_stats_follow_insert": (
        f"AFTER INSERT ON graph_follow BEGIN {FOLLOW_DELTA.format(row='NEW', d=1)} END"
    ),
    "account_stats_follow_delete": (
        f"AFTER DELETE ON graph_follow BEGIN {FOLLOW_DELTA.format(row='OLD', d=-1)} END"
    ),
    "account_stats_post_insert": (
        f"AFTER INSERT ON posts_post WHEN {COUNTED.format(row='NEW')} BEGIN {POST_ADDED} END"
    ),
    "account_stats_post_counted": (
        "AFTER UPDATE OF deleted_at, visibility ON posts_post "
        f"WHEN {COUNTED.format(row='NEW')} AND NOT ({COUNTED.format(row='OLD')}) "
        f"BEGIN {POST_ADDED} END"
    ),
    "account_stats_post_uncounted": (
        "AFTER UPDATE OF deleted_at, visibility ON posts_post "
        f"WHEN {COUNTED.format(row='OLD')} AND NOT ({COUNTED.format(row='NEW')}) "
        f"BEGIN {POST_REMOVED} END"
    ),
    "account_stats_post_delete": (
        f"AFTER DELETE ON posts_post WHEN {COUNTED.format(row='OLD')} BEGIN {POST_REMOVED} END"
    ),
}

PG_FUNCTIONS = {
    "account_stats_actor": NEW_ACTOR,
    "account_stats_follow": (
        f"IF TG_OP = 'INSERT' THEN {FOLLOW_DELTA.format(row='NEW', d=1)} "
        f"ELSE {FOLLOW_DELTA.format(row='OLD', d=-1)} END IF;"
    ),
    "account_stats_post": (
        f"IF TG_OP = 'INSERT' THEN IF {COUNTED.format(row='NEW')} THEN {POST_ADDED} END IF; "
        f"ELSIF TG_OP = 'DELETE' THEN IF {COUNTED.format(row='OLD')} THEN {POST_REMOVED} END IF; "
        f"ELSIF {COUNTED.format(row='NEW')} AND NOT ({COUNTED.format(row='OLD')}) "
        f"THEN {POST_ADDED} "
        f"ELSIF {COUNTED.format(row='OLD')} AND NOT ({COUNTED.format(row='NEW')}) THEN "
        f"{POST_REMOVED} END IF;"
    ),
}
PG_TRIGGERS = {
    "account_stats_actor": "AFTER INSERT ON profiles_actor",
    "account_stats_follow": "AFTER INSERT OR DELETE ON graph_follow",
    "account_stats_post": (
        "AFTER INSERT OR DELETE OR UPDATE OF deleted_at, visibility ON posts_post"
    ),
}

RECOUNT = [
    f"DELETE FROM {STATS}",
    f"INSERT INTO {STATS} "
    "(actor_id, followers_count, following_count, statuses_count, last_status_at) "
    "SELECT a.id, "
    "(SELECT COUNT(*) FROM graph_follow f WHERE f.target_id = a.id), "
    "(SELECT COUNT(*) FROM graph_follow f WHERE f.follower_id = a.id), "
    f"(SELECT COUNT(*) FROM posts_post p WHERE p.author_id = a.id AND {COUNTED.format(row='p')}), "
    f"(SELECT MAX(p.created_at) FROM posts_post p WHERE p.author_id = a.id "
    f"AND {COUNTED.format(row='p')}) "
    "FROM profiles_actor a",
]


def install(connection: BaseDatabaseWrapper) -> None:
    """Creates (or replaces) the triggers, then recounts every account."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, body in PG_FUNCTIONS.items():
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN {body} RETURN NULL; END $$"
                )
            for name, event in PG_TRIGGERS.items():
                table = event.rsplit(" ON ", 1)[1]
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {name} {event} FOR EACH ROW EXECUTE FUNCTION {name}()"
                )
        else:
            for name, body in SQLITE_TRIGGERS.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        for statement in RECOUNT:
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, event in PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {event.rsplit(' ON ', 1)[1]}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def ensure_triggers(using: str = "default", **_kwargs: Any) -> None:
    """After a migrate on SQLite: a table rebuild (how SQLite alters a column) drops that
    table's triggers; put them back and recount what they missed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if STATS not in connection.introspection.table_names(cursor):
            return
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
    if not set(SQLITE_TRIGGERS) <= present:
        install(connection)
