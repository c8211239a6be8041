"""What :func:`gametheory.solve` does with something that is not a :class:`NormalFormGame`.

A :class:`~gametheory.games.tree.GameTree` is solved through its reduced normal form (any normal-form
method, ``"auto"`` by default) or, with ``method="spe"``, by subgame decomposition
(:func:`gametheory.extensive.subgame_perfect_equilibria`). Anything else is refused with one clear line,
never an ``AttributeError`` from inside a solver.
"""

from __future__ import annotations

import sys
from typing import Any

from .._checks import check_optional_bool, check_optional_number
from ..exceptions import InvalidArgumentError, NotSupportedError

__all__ = ["TREE_METHODS", "check_arguments", "is_tree", "solve_tree"]

#: Methods for a game tree besides the normal-form ones (which apply to its reduced normal form).
TREE_METHODS: dict[str, str] = {
    "spe": "subgame-perfect equilibria (backward induction, or subgame decomposition with information sets)",
    "nash": "Nash equilibria of the reduced normal form (same as auto)",
}


def is_tree(game: Any) -> bool:
    """Whether ``game`` is a GameTree (without importing networkx when no tree was ever built)."""
    module = sys.modules.get("gametheory.games.tree")
    return module is not None and isinstance(game, module.GameTree)


def check_arguments(game: Any, method: Any, exact: Any, time_limit: Any, max_support: Any,
                    methods: Any) -> None:
    """Refuse wrong types for :func:`gametheory.solve` (values are checked by each solver)."""
    from ..games.normal_form import NormalFormGame

    if not isinstance(method, str):
        raise InvalidArgumentError(f"method must be a string, one of {', '.join(methods)}; "
                                   f"got {type(method).__name__}")
    if not isinstance(game, NormalFormGame):
        symbolic = sys.modules.get("gametheory.games.symbolic")
        if symbolic is not None and isinstance(game, symbolic.SymbolicGame):
            raise NotSupportedError("solve needs numbers: substitute parameter values first "
                                    "(game.substitute({...})), or use gametheory.sensitivity for symbolic "
                                    "equilibria")
        hint = " (read a file with gametheory.read_nfg or gametheory.read_efg)" if isinstance(game, str) else ""
        raise InvalidArgumentError(f"game must be a NormalFormGame or a GameTree, got {type(game).__name__}{hint}")
    check_optional_bool(exact, "exact")
    check_optional_number(time_limit, "time_limit")
    check_optional_number(max_support, "max_support", integer=True)


def solve_tree(tree: Any, method: str, *, exact: bool | None, progress: Any, time_limit: float | None,
               max_support: int | None, methods: Any) -> Any:
    """Solve a GameTree: ``"spe"`` by subgame perfection, any other method on its reduced normal form."""
    from ._solve import solve

    if not isinstance(method, str):
        raise InvalidArgumentError(f"method must be a string, got {type(method).__name__}")
    if method == "spe":
        if time_limit is not None or max_support is not None:
            raise NotSupportedError("method 'spe' takes no time_limit or max_support")
        from ..extensive.subgame_perfect import subgame_perfect_equilibria

        return subgame_perfect_equilibria(tree)
    if method == "nash":
        method = "auto"
    if method not in methods:
        raise NotSupportedError(f"unknown method {method!r} for a game tree; choose from spe, nash, "
                                f"{', '.join(methods)} (the normal-form ones solve the reduced normal form)")
    from ..extensive._reduced_normal_form import reduced_normal_form

    return solve(reduced_normal_form(tree), method, exact=exact, progress=progress, time_limit=time_limit,
                 max_support=max_support)
