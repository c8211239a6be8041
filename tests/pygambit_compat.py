"""The pygambit 16/17 compatibility layer for the tests: ``benchmarks/pygambit_compat.py`` plus pytest.

The layer itself lives with the benchmarks, which run as plain scripts and may not import from
``tests``; the tests import it from there (the repository root is on ``sys.path`` under pytest) and
add :func:`read_efg_or_skip`, the one helper that needs pytest.
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.pygambit_compat import *  # noqa: F403  (the whole layer, under its old name)
from benchmarks.pygambit_compat import gbt, read_efg


def read_efg_or_skip(path: Any) -> Any:
    """Read a tree with pygambit, skipping the test (with Gambit's reason) if pygambit rejects the file.

    pygambit refuses some files of its own catalog that our reader accepts: 16.7 and 17 require node
    labels to be unique within the game, and 17 also information-set labels within a player.
    """
    try:
        return read_efg(path)
    except ValueError as exc:
        pytest.skip(f"pygambit {gbt.__version__} rejects this file: {exc}")
