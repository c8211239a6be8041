"""Private helper: worker threads for kernels whose heavy parts release the GIL.

HiGHS (the support relaxations' LPs) and numpy's batched linear algebra,
FFTs and large array arithmetic (the plane-curve solver on many supports)
run without the GIL, so splitting such a batch between threads uses the
other cores. Results never depend on the split: every kernel that uses it
treats the systems of a batch independently.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__: list[str] = []

T = TypeVar("T")
R = TypeVar("R")

#: Most threads used, however many cores there are (the batches are not large enough to use more).
MAX_THREADS = 4


def workers() -> int:
    """Threads to use: ``GAMETHEORY_THREADS`` if set (1 turns threading off), else the cores this process
    may run on, at most :data:`MAX_THREADS`."""
    setting = os.environ.get("GAMETHEORY_THREADS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cores))


@functools.cache
def _executor(count: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=count, thread_name_prefix="gametheory")


# a forked child (multiprocessing's default on Linux, as in parameter sweeps) inherits the pool but not its
# threads: work queued there would wait for ever, so the child starts a pool of its own
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_executor.cache_clear)


def parallel_map(func: Callable[[T], R], parts: Sequence[T]) -> list[R]:
    """``[func(p) for p in parts]``, on the worker threads when there are several parts and cores.

    ``func`` must not call :func:`parallel_map` itself (the pool is bounded: nested calls could wait on
    each other for ever).

    Examples
    --------
    >>> parallel_map(sum, [[1, 2], [3, 4], [5]])
    [3, 7, 5]
    """
    count = workers()
    if len(parts) > 1 and count > 1:
        return list(_executor(count).map(func, parts))
    return [func(p) for p in parts]


def spans(count: int, parts: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of ``parts`` consecutive, nearly equal slices of ``range(count)`` (at least one).

    Examples
    --------
    >>> spans(10, 3)
    [(0, 3), (3, 6), (6, 10)]
    """
    bounds = [count * k // max(1, parts) for k in range(max(1, parts) + 1)]
    return list(itertools.pairwise(bounds))
