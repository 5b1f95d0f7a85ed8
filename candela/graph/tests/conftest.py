"""Fixtures for the graph's tests: actors made through the real sign-up path."""

from __future__ import annotations
