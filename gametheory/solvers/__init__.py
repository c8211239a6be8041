"""Equilibrium solvers for normal-form games; every one returns an :class:`EquilibriumResult`.

The solver modules are imported on first use, so that ``import gametheory``
stays light (scipy is only loaded by the LP-based solvers).
"""

from __future__ import annotations

import importlib
from typing import Any

from .result import Equilibrium, EquilibriumResult, SupportContinuum, certify
from ._solve import METHODS, solve

__all__ = [
    "METHODS",
    "Equilibrium",
    "EquilibriumResult",
    "SupportContinuum",
    "certify",
    "enumerate_extreme_equilibria",
    "enumerate_nplayer_equilibria",
    "iterated_dominance",
    "lemke_howson",
    "path_following_equilibrium",
    "pure_equilibria",
    "solve",
    "solve_zero_sum",
    "zero_sum_equilibria",
]

_LAZY = {
    "enumerate_extreme_equilibria": "enumeration",
    "pure_equilibria": "pure",
    "iterated_dominance": "dominance",
    "lemke_howson": "_lemke_howson",
    "solve_zero_sum": "zerosum",
    "zero_sum_equilibria": "zerosum",
    "enumerate_nplayer_equilibria": "nplayer",
    "path_following_equilibrium": "path_following",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.solvers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    # Cache the function: the solver modules have private names (``_lemke_howson``), so importing one
    # never rebinds a public attribute of this package (see tests/test_api.py).
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
