"""Fills a PostgreSQL database for the streaming benchmark (issue 4), in seconds.

    python bench/streaming/generate.py --readers 2000

Makes `author` (whose post is commented on), `commenter` (who comments through the API) and
`readers` members (reader0 …), each with an access token (`read write`), and `author`'s public
post. Writes bench/out/streaming.json: the tokens and the post's id. The database
(CANDELA_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/candela_stream_bench) is
created when missing and emptied first.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH_DIR))
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/candela_stream_bench"
os.environ.setdefault("CANDELA_DATABASE_URL", DATABASE_URL)

from common import OUT_DIR, setup_django  # noqa: E402
from generate import create_accounts, create_database  # noqa: E402

DATA_FILE = OUT_DIR / "streaming.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readers", type=int, default=2000)
    args = parser.parse_args()
    started = time.monotonic()

    def step(what: str) -> None:
        print(f"{time.monotonic() - started:7.1f} s  {what}", flush=True)

    create_database(os.environ["CANDELA_DATABASE_URL"])
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from oauth2_provider.models import get_access_token_model

    from candela.accounts.models import User
    from candela.api.services import register_application
    from candela.posts.models import Post
    from candela.posts.services import publish_post
    from candela.profiles.models import Actor

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        tables = [m._meta.db_table for m in (Post, Actor, User)]
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )
    step("migrated and emptied")

    names = ["author", "commenter"] + [f"reader{n}" for n in range(args.readers)]
    actors = create_accounts(names)
    step(f"{len(actors)} accounts")

    registered = register_application(
        name="Candela streaming bench",
        redirect_uris=["urn:ietf:wg:oauth:2.0:oob"],
        scopes=["read", "write"],
    )
    tokens = {actor.username: secrets.token_urlsafe(30) for actor in actors}
    expires = datetime.now(UTC) + timedelta(days=30)
    AccessToken = get_access_token_model()
    AccessToken.objects.bulk_create(
        AccessToken(
            user_id=actor.user_id,
            application=registered.application,
            token=tokens[actor.username],
            scope="read write",
            expires=expires,
        )
        for actor in actors
    )
    step(f"{len(tokens)} access tokens")

    post = publish_post(actors[0], text="Comment on this, please.", visibility="public")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    OUT_DIR.mkdir(exist_ok=True)
    data = {
        "post_id": str(post.id),
        "author": tokens["author"],
        "commenter": tokens["commenter"],
        "readers": [tokens[name] for name in names[2:]],
    }
    DATA_FILE.write_text(json.dumps(data))
    step(f"tokens and the post's id in {DATA_FILE}")


if __name__ == "__main__":
    main()
