"""Fills a PostgreSQL database for the feed benchmark, with COPY, in minutes.

    python bench/generate.py --accounts 10000 --posts 1000000 --follows 150

Makes `accounts` members (bench0 … benchN-1) plus `celebrity`, followed by every member;
each member follows `follows` random others; `posts` public posts spread over 30 days,
round-robin over the members; a favourite on one post in ten and an emoji reaction on one in
seven, each post's counters equal to its reactions; every home feed filled to
CANDELA_HOME_TIMELINE_LENGTH entries with the newest posts of the accounts it follows; an
access token for bench0 in bench/out/token. The database (CANDELA_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/candela_bench) is created when missing and emptied first.
"""

from __future__ import annotations

import argparse
import random
import secrets
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from common import OUT_DIR, setup_django

PASSWORD = "bench-password-not-secret"


def create_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def copy(model: Any, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """COPY `rows` into `model`'s table; `columns` must name every column of the table."""
    from django.db import connection

    table_columns = {f.column for f in model._meta.concrete_fields}
    assert set(columns) == table_columns, (model, set(columns) ^ table_columns)
    count = 0
    with connection.cursor() as cursor:
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.connection.cursor().copy(
            f'COPY "{model._meta.db_table}" ({names}) FROM STDIN'
        ) as stream:
            for row in rows:
                stream.write_row(row)
                count += 1
    return count


def snowflake(moment: datetime, sequence: int) -> int:
    from candela.core.ids import EPOCH_MS, SEQUENCE_BITS, SEQUENCE_MASK

    ms = int(moment.timestamp() * 1000) - EPOCH_MS
    return (ms << SEQUENCE_BITS) | (sequence & SEQUENCE_MASK)


def model_rows(instances: Iterable[Any], model: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of unsaved instances, as the ORM would insert them (auto_now filled in)."""
    from django.db import connection

    fields = model._meta.concrete_fields
    for instance in instances:
        yield tuple(f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields)


def create_accounts(names: list[str]) -> list[Any]:
    """Members `names` (password PASSWORD) with their actors, loaded with COPY into emptied
    tables; returns the actors in the order of `names`."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from candela.accounts.models import User
    from candela.core.ids import new_id
    from candela.profiles.models import Actor

    password = make_password(PASSWORD)
    users = [
        User(id=n + 1, username=name, email=f"{name}@bench.invalid", password=password)
        for n, name in enumerate(names)
    ]
    copy(User, [f.column for f in User._meta.concrete_fields], model_rows(users, User))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            [User._meta.db_table, len(users)],
        )
    base = settings.CANDELA_URL
    actors = [
        Actor(
            id=new_id(),
            user_id=user.id,
            username=user.username,
            domain=settings.CANDELA_DOMAIN,
            uri=f"{base}/users/{user.username}",
            url=f"{base}/@{user.username}",
            display_name=user.username.capitalize(),
        )
        for user in users
    ]
    copy(Actor, [f.column for f in Actor._meta.concrete_fields], model_rows(actors, Actor))
    return actors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--follows", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    import os

    from common import DEFAULT_DATABASE_URL

    create_database(os.environ.get("CANDELA_DATABASE_URL", DEFAULT_DATABASE_URL))
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from oauth2_provider.models import get_access_token_model

    from candela.accounts.models import User
    from candela.api.services import register_application
    from candela.core.ids import new_id
    from candela.feed.models import TimelineEntry
    from candela.graph.models import Follow
    from candela.posts.models import EMOJI_KINDS, REACTION_COUNT_FIELDS, Post, Reaction
    from candela.profiles import stats
    from candela.profiles.models import Actor

    rng = random.Random(args.seed)
    started = time.monotonic()

    def step(what: str) -> None:
        print(f"{time.monotonic() - started:7.1f} s  {what}", flush=True)

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        tables = [m._meta.db_table for m in (TimelineEntry, Reaction, Post, Follow, Actor, User)]
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )
        # No triggers (nor foreign-key checks) while loading: the account counts' triggers
        # update a row per follow and per post (minutes); they are recounted once at the end.
        cursor.execute("SET session_replication_role = replica")
    step("migrated and emptied")

    names = [f"bench{n}" for n in range(args.accounts)] + ["celebrity"]
    actors = create_accounts(names)
    base = settings.CANDELA_URL
    members, celebrity = actors[:-1], actors[-1]
    step(f"{len(actors)} accounts")

    now = datetime.now(UTC)

    def follows() -> Iterator[tuple[Any, ...]]:
        ids = [a.id for a in members]
        for actor in members:
            targets = {t for t in rng.sample(ids, min(args.follows + 1, len(ids))) if t != actor.id}
            for target in [*list(targets)[: args.follows], celebrity.id]:
                yield (new_id(), actor.id, target, True, now, "")

    follow_columns = ["id", "follower_id", "target_id", "show_boosts", "created_at", "uri"]
    step(f"{copy(Follow, follow_columns, follows())} follows")

    post_columns = [f.column for f in Post._meta.concrete_fields]
    span = timedelta(days=30)
    post_ids: list[int] = []

    def reaction_kinds(n: int) -> list[str]:
        """The kinds of the reactions post number `n` gets."""
        kinds = ["favourite"] if n % 10 == 0 else []
        if n % 7 == 0:
            kinds.append(EMOJI_KINDS[n // 7 % len(EMOJI_KINDS)].value)
        return kinds

    def posts() -> Iterator[tuple[Any, ...]]:
        for n in range(args.posts):
            author = members[n % len(members)]
            moment = now - span + span * (n / args.posts)
            post_id = snowflake(moment, n)
            post_ids.append(post_id)
            text = f"Post number {n} by {author.username}: a sentence or two of ordinary text."
            row = {
                "id": post_id,
                "author_id": author.id,
                "uri": f"{base}/users/{author.username}/statuses/{post_id}",
                "url": f"{base}/@{author.username}/{post_id}",
                "local": True,
                "text": text,
                "content": f"<p>{text}</p>",
                "visibility": "public",
                "circle_id": None,
                "in_reply_to_id": None,
                "in_reply_to_account_id": None,
                "thread_root_id": None,
                "reblog_of_id": None,
                "language": "en",
                "spoiler_text": "",
                "sensitive": False,
                "replies_count": 0,
                "reblogs_count": 0,
                **dict.fromkeys(REACTION_COUNT_FIELDS.values(), 0),
                "created_at": moment,
                "edited_at": None,
                "changed_at": None,
                "deleted_at": None,
            }
            for kind in reaction_kinds(n):
                row[REACTION_COUNT_FIELDS[kind]] += 1
            yield tuple(row[c] for c in post_columns)

    step(f"{copy(Post, post_columns, posts())} posts")

    def reactions() -> Iterator[tuple[Any, ...]]:
        for n, post_id in enumerate(post_ids):
            for kind in reaction_kinds(n):
                actor = members[rng.randrange(len(members))]
                yield (new_id(), post_id, actor.id, kind, now)

    reaction_columns = ["id", "post_id", "actor_id", "kind", "created_at"]
    step(f"{copy(Reaction, reaction_columns, reactions())} reactions")

    length = settings.CANDELA_HOME_TIMELINE_LENGTH
    # Posts are spread evenly over the authors, so the newest `length` posts of a home feed
    # come from the newest few posts of each account followed.
    per_author = max(2 * length // max(args.follows, 1), 8)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            f"""
            INSERT INTO feed_timelineentry (owner_id, post_id)
            SELECT a.id, home.id FROM profiles_actor a CROSS JOIN LATERAL (
                SELECT p.id FROM graph_follow f CROSS JOIN LATERAL (
                    SELECT id FROM posts_post WHERE author_id = f.target_id
                    ORDER BY id DESC LIMIT {per_author}
                ) p WHERE f.follower_id = a.id
                ORDER BY p.id DESC LIMIT {length}
            ) home
            """
        )
        step(f"{cursor.rowcount} timeline entries")
        for statement in stats.RECOUNT:
            cursor.execute(statement)
        step("account counts")
    connection.close()
    import psycopg

    with psycopg.connect(
        os.environ.get("CANDELA_DATABASE_URL", DEFAULT_DATABASE_URL), autocommit=True
    ) as conn:
        conn.execute("VACUUM ANALYZE")
    step("vacuumed")

    registered = register_application(
        name="Candela bench", redirect_uris=["urn:ietf:wg:oauth:2.0:oob"], scopes=["read"]
    )
    token = secrets.token_urlsafe(30)
    get_access_token_model().objects.create(
        user_id=actors[0].user_id,
        application=registered.application,
        token=token,
        scope="read",
        expires=now + timedelta(days=30),
    )
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "token").write_text(token)
    step(f"token for bench0 in {OUT_DIR / 'token'}")


if __name__ == "__main__":
    main()
