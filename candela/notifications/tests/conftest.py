"""Fixtures for the notifications tests: actors made through the real sign-up path, and a way
to let the on-commit signals and tasks run inside a test's transaction."""

from __future__ import annotations
