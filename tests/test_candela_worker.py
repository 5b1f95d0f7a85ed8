"""`candela worker` runs what the web processes queue: from the database queue in the embedded
mode, from Redis (RQ) in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENQUEUE = """
import django
django.setup()
from candela.core.tasks import send_email
send_email.enqueue(subject="Queued", body="Sent by the worker", recipients=["grace@example.org"])
"""


def candela_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CANDELA_") and key != "DJANGO_SETTINGS_MODULE"
    }
    return env | {
        "CANDELA_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "candela.config.settings",
        **extra,
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=True
    )


def assert_worker_sends_the_queued_mail(env: dict[str, str]) -> None:
    run(["-m", "candela.cli", "migrate"], env)
    run(["-c", ENQUEUE], env)

    worker = run(["-m", "candela.cli", "worker", "--burst"], env)

    output = worker.stdout + worker.stderr
    assert "To: grace@example.org" in output
    assert "Sent by the worker" in output


def test_worker_runs_tasks_from_the_database_queue(tmp_path):
    assert_worker_sends_the_queued_mail(candela_env(tmp_path))


@pytest.mark.skipif(
    not os.environ.get("CANDELA_REDIS_URL"), reason="production mode needs CANDELA_REDIS_URL"
)
def test_worker_runs_tasks_from_redis(tmp_path):
    redis_url = os.environ["CANDELA_REDIS_URL"]
    assert_worker_sends_the_queued_mail(candela_env(tmp_path, CANDELA_REDIS_URL=redis_url))
