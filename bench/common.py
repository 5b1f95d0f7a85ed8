"""What the benchmark scripts share: the database they use and Django's set-up."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/candela_bench"


def setup_django() -> None:
    sys.path.insert(0, str(BENCH_DIR.parent))
    os.environ.setdefault("CANDELA_DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
