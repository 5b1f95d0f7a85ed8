"""Snowflake-like ids: unique, increasing, and carrying the time they were minted."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from candela.core import ids


def test_ids_increase_strictly_over_many_calls():
    minted = [ids.new_id() for _ in range(200_000)]

    assert increasing(minted)


def frozen_clock(monkeypatch, posix_seconds: float) -> None:
    monkeypatch.setattr(ids, "time", SimpleNamespace(time=lambda: posix_seconds))


def increasing(minted: list[int]) -> bool:
    return all(earlier < later for earlier, later in itertools.pairwise(minted))


def test_ids_keep_increasing_when_the_sequence_wraps_within_one_millisecond(monkeypatch):
    now_ms = int(time.time() * 1000)
    monkeypatch.setattr(ids, "_last_ms", now_ms - ids.EPOCH_MS)
    monkeypatch.setattr(ids, "_sequence", ids.SEQUENCE_MASK - 2)
    frozen_clock(monkeypatch, now_ms / 1000)

    minted = [ids.new_id() for _ in range(10)]

    assert increasing(minted)


def test_more_ids_than_the_sequence_holds_in_one_millisecond_stay_unique_and_increasing(
    monkeypatch,
):
    now_ms = int(time.time() * 1000)
    monkeypatch.setattr(ids, "_last_ms", now_ms - ids.EPOCH_MS)
    frozen_clock(monkeypatch, now_ms / 1000)

    minted = [ids.new_id() for _ in range(3 * (ids.SEQUENCE_MASK + 1))]

    assert increasing(minted)


def test_ids_keep_increasing_when_the_clock_goes_back(monkeypatch):
    monkeypatch.setattr(ids, "_last_ms", ids._last_ms)
    before = ids.new_id()
    frozen_clock(monkeypatch, time.time() - 3600)

    after = [ids.new_id() for _ in range(100_000)]

    assert before < after[0]
    assert increasing(after)


def test_ids_minted_by_many_threads_at_once_are_unique():
    minted: list[list[int]] = [[] for _ in range(8)]
    start = threading.Barrier(len(minted))

    def mint(out: list[int]) -> None:
        start.wait()
        out.extend(ids.new_id() for _ in range(20_000))

    threads = [threading.Thread(target=mint, args=(out,)) for out in minted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    everything = [i for out in minted for i in out]
    assert len(set(everything)) == len(everything) == 160_000
    for out in minted:
        assert out == sorted(out)


def test_ids_are_positive_64_bit_integers():
    assert 0 < ids.new_id() < 2**63


def test_an_id_tells_when_it_was_minted():
    before = time.time()
    minted = ids.new_id()
    after = time.time()

    assert before - 0.002 <= ids.created_at_of(minted) <= after + 0.002


def test_the_id_floor_of_a_moment_sorts_ids_by_the_millisecond_they_were_minted():
    minted = ids.new_id()
    moment = datetime.fromtimestamp(ids.created_at_of(minted), tz=UTC)

    assert ids.id_floor_for(moment) <= minted < ids.id_floor_for(moment + timedelta(milliseconds=2))
    assert ids.id_floor_for(datetime(2020, 1, 1, tzinfo=UTC)) == 0
