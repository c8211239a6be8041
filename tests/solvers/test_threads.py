"""The worker threads of the batch kernels (gametheory.solvers._threads)."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from gametheory.solvers import _threads


def _in_child() -> list[int]:
    return _threads.parallel_map(abs, [-1, -2, -3])


def _slow_abs(k: int) -> int:
    time.sleep(0.2)  # long enough for the pool to start all its threads
    return abs(k)


def test_parallel_map_keeps_the_order_of_its_parts(monkeypatch):
    monkeypatch.setattr(_threads, "workers", lambda: 3)
    assert _threads.parallel_map(lambda k: k * k, list(range(20))) == [k * k for k in range(20)]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_forked_child_gets_working_threads(monkeypatch):
    """A child forked after the pool started (a parameter sweep's worker) would otherwise wait for ever on
    threads it does not have."""
    monkeypatch.setattr(_threads, "workers", lambda: 2)
    assert _threads.parallel_map(_slow_abs, [-1, -2]) == [1, 2]  # the parent's pool has all its threads
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(_in_child).get(timeout=30) == [1, 2, 3]


def test_thread_count_follows_the_environment(monkeypatch):
    monkeypatch.setenv("GAMETHEORY_THREADS", "3")
    assert _threads.workers() == 3
    monkeypatch.setenv("GAMETHEORY_THREADS", "1")
    assert _threads.workers() == 1
    monkeypatch.setenv("GAMETHEORY_THREADS", "many")  # not a number: the machine's cores, at most 4
    assert 1 <= _threads.workers() <= _threads.MAX_THREADS
