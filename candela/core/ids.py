"""Time-ordered 64-bit ids (Snowflake-like): `max_id`/`since_id` pagination is a range scan."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import datetime

# Milliseconds since this epoch fill the high 48 bits; the low 16 bits separate ids minted
# in the same millisecond.
EPOCH_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z
SEQUENCE_BITS = 16
SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1

_lock = threading.Lock()
# A random start keeps two processes minting in the same millisecond from colliding on the
# first ids; within a process the counter guarantees uniqueness.
_sequence = secrets.randbelow(SEQUENCE_MASK + 1)
_last_ms = 0


def new_id() -> int:
    global _sequence, _last_ms
    with _lock:
        now_ms = max(int(time.time() * 1000) - EPOCH_MS, _last_ms)
        _sequence = (_sequence + 1) & SEQUENCE_MASK
        if _sequence == 0 and now_ms == _last_ms:
            # The counter wrapped within one millisecond: borrow the next one, or this id would
            # sort before (and could repeat) the ones just minted.
            now_ms += 1
        _last_ms = now_ms
        return (now_ms << SEQUENCE_BITS) | _sequence


def id_floor_for(moment: datetime) -> int:
    """The smallest id that could have been minted at `moment`, for time-based range queries."""
    return max(int(moment.timestamp() * 1000) - EPOCH_MS, 0) << SEQUENCE_BITS


def created_at_of(object_id: int) -> float:
    """The POSIX time (seconds) at which `object_id` was minted."""
    return ((object_id >> SEQUENCE_BITS) + EPOCH_MS) / 1000
