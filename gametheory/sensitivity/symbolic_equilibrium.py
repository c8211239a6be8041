"""Closed-form mixed equilibria on a given support, with the conditions under which they hold.

On a support (one set of strategies per player) a totally mixed equilibrium of
the restricted game solves the *indifference equations*: every strategy in a
player's support earns that player the same expected payoff. With payoffs that
are sympy expressions in parameters the solution is a closed form in the
parameters. It is an equilibrium of the whole game exactly where

* every probability lies in [0, 1] (here: is non-negative; they sum to one), and
* no strategy outside a player's support earns more than the support does.

:func:`support_equilibria` returns both: the closed form and these inequality
conditions. Two-player supports give a linear system (one solution at most);
n-player supports give a polynomial system, which can have several solutions
in algebraic numbers (Nau et al. 2004, section 4, has a unique equilibrium in
irrational probabilities).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from ..exceptions import InvalidProfileError, NotSupportedError
from ..games.symbolic import SymbolicGame

__all__ = [
    "Condition",
    "SymbolicEquilibrium",
    "support_equilibria",
    "indifference_2x2",
    "expected_payoff",
    "indifference_system",
]


@dataclass(frozen=True)
class Condition:
    """One inequality ``expr >= 0`` of an equilibrium, with what it means.

    Attributes
    ----------
    expr : sympy.Expr
        The expression that must be non-negative.
    kind : str
        ``"probability"`` (a support probability is non-negative) or
        ``"deviation"`` (an unused strategy does not pay more).
    player : str
        The player concerned.
    strategy : str
        The strategy concerned (the probability's or the deviation's).
    """

    expr: sympy.Expr
    kind: str
    player: str
    strategy: str

    @property
    def text(self) -> str:
        """The condition in words, e.g. ``"P(Japan: concede) >= 0"``."""
        if self.kind == "probability":
            return f"P({self.player}: {self.strategy}) >= 0"
        return f"{self.player} does not gain by deviating to {self.strategy}"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        return {"kind": self.kind, "player": self.player, "strategy": self.strategy,
                "expression": str(self.expr), "text": self.text}


@dataclass(frozen=True)
class SymbolicEquilibrium:
    """A closed-form equilibrium candidate on a support and its validity conditions.

    Attributes
    ----------
    support : tuple of tuple of str
        The strategies each player uses.
    profile : tuple of tuple of sympy.Expr
        One probability expression per strategy of each player (0 outside
        the support).
    payoffs : tuple of sympy.Expr
        Each player's equilibrium payoff.
    conditions : tuple of Condition
        The profile is an equilibrium at parameter values where every
        condition's expression is non-negative.
    players, strategies, parameters
        Labels and parameter names copied from the game.
    """

    support: tuple[tuple[str, ...], ...]
    profile: tuple[tuple[sympy.Expr, ...], ...]
    payoffs: tuple[sympy.Expr, ...]
    conditions: tuple[Condition, ...]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    parameters: tuple[str, ...]
    symbols: tuple[sympy.Symbol, ...] = field(repr=False, default=())

    def _subs(self, values: Mapping[str, Any]) -> dict[sympy.Symbol, Any]:
        by_name = {s.name: s for s in self.symbols}
        return {by_name[k]: sympy.nsimplify(v) if isinstance(v, float) else sympy.sympify(v)
                for k, v in values.items() if k in by_name}

    def evaluate(self, values: Mapping[str, Any]) -> tuple[tuple[sympy.Expr, ...], ...]:
        """The profile at parameter ``values`` (exact sympy numbers)."""
        subs = self._subs(values)
        return tuple(tuple(sympy.simplify(p.subs(subs)) for p in row) for row in self.profile)

    def holds(self, values: Mapping[str, Any], *, tol: float = 1e-12) -> bool:
        """Whether the candidate is a (real) equilibrium at parameter ``values``.

        Every condition must be real and non-negative (to ``tol``).
        """
        subs = self._subs(values)
        for c in self.conditions:
            v = complex(sympy.N(c.expr.subs(subs), 30))
            if abs(v.imag) > tol or v.real < -tol:
                return False
        for row in self.profile:
            for p in row:
                v = complex(sympy.N(p.subs(subs), 30))
                if abs(v.imag) > tol:
                    return False
        return True

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys; expressions as text)."""
        return {
            "players": list(self.players),
            "parameters": list(self.parameters),
            "support": {p: list(s) for p, s in zip(self.players, self.support)},
            "profile": {p: {s: str(x) for s, x in zip(labels, row)}
                        for p, labels, row in zip(self.players, self.strategies, self.profile)},
            "payoffs": {p: str(v) for p, v in zip(self.players, self.payoffs)},
            "conditions": [c.to_json() for c in self.conditions],
        }


def expected_payoff(payoff: np.ndarray, profile: Sequence[Sequence[Any]], player: int,
                    strategy: int | None = None) -> sympy.Expr:
    """Expected payoff of ``player`` (of its pure ``strategy`` if given) under a mixed ``profile``.

    ``payoff`` is the player's object array of expressions; ``profile`` one
    sequence of probability expressions per player.

    Examples
    --------
    >>> import numpy as np, sympy
    >>> q = sympy.Symbol("q")
    >>> A = np.array([[1, 0], [0, 2]], dtype=object)
    >>> expected_payoff(A, [[1, 0], [q, 1 - q]], 0)
    q
    """
    total = sympy.Integer(0)
    ranges = [range(len(row)) for row in profile]
    if strategy is not None:
        ranges[player] = range(strategy, strategy + 1)
    for idx in itertools.product(*ranges):
        weight = sympy.Integer(1)
        for k, s in enumerate(idx):
            if k == player and strategy is not None:
                continue
            weight *= profile[k][s]
        if weight != 0:
            total += weight * payoff[idx]
    return sympy.expand(total)


def _support_indices(game: SymbolicGame, support: Sequence[Sequence[int | str]]) -> list[list[int]]:
    if len(support) != game.num_players:
        raise InvalidProfileError(f"a support names strategies for {game.num_players} players, got {len(support)}")
    out = []
    for k, chosen in enumerate(support):
        labels = game.strategies[k]
        idx = []
        for s in chosen:
            if isinstance(s, str):
                if s not in labels:
                    raise InvalidProfileError(f"unknown strategy {s!r} of {game.players[k]!r}")
                idx.append(labels.index(s))
            else:
                if not 0 <= int(s) < len(labels):
                    raise InvalidProfileError(f"strategy index {s} of {game.players[k]!r} out of range")
                idx.append(int(s))
        if not idx or len(set(idx)) != len(idx):
            raise InvalidProfileError(f"the support of {game.players[k]!r} must be a non-empty set of strategies")
        out.append(sorted(idx))
    return out


def support_equilibria(game: SymbolicGame, support: Sequence[Sequence[int | str]], *,
                       simplify: bool = True) -> tuple[SymbolicEquilibrium, ...]:
    """Closed-form equilibria on ``support`` and the conditions for each to be an equilibrium.

    Parameters
    ----------
    game : SymbolicGame
        A game with sympy payoffs.
    support : sequence
        For each player, the strategies (labels or indices) it uses.
    simplify : bool
        Simplify the solution and conditions (slower, more readable).

    Returns
    -------
    tuple of SymbolicEquilibrium
        The isolated solutions of the indifference equations (none when the
        equations have no solution or a continuum of them, which happens
        only for degenerate parameter values).

    Raises
    ------
    NotSupportedError
        If sympy cannot solve the n-player polynomial system.

    Examples
    --------
    Matching pennies with stake ``a``: both players mix one half, whatever ``a > 0``.

    >>> import sympy
    >>> a = sympy.Symbol("a", positive=True)
    >>> g = SymbolicGame([[[a, -a], [-a, a]], [[-a, a], [a, -a]]])
    >>> (eq,) = support_equilibria(g, [[0, 1], [0, 1]])
    >>> eq.profile
    ((1/2, 1/2), (1/2, 1/2))
    >>> eq.payoffs
    (0, 0)
    """
    idx = _support_indices(game, support)
    n = game.num_players
    profile, unknowns, equations = indifference_system(game, idx)
    if not unknowns:
        solutions: list[dict[sympy.Symbol, sympy.Expr]] = [{}]
    elif n == 2:
        solutions = _solve_linear(equations, unknowns)
    else:
        try:
            raw = sympy.solve(equations, unknowns, dict=True)
        except (NotImplementedError, sympy.PolynomialError) as exc:  # pragma: no cover - sympy limits
            raise NotSupportedError(f"sympy cannot solve the indifference equations on this support: {exc}") from None
        solutions = [s for s in raw if set(s) >= set(unknowns) and not any(
            v.free_symbols & set(unknowns) for v in s.values())]
    labels = tuple(tuple(game.strategies[k][s] for s in idx[k]) for k in range(n))
    out = []
    tidy = sympy.simplify if simplify else (lambda e: e)
    for sol in solutions:
        prof = tuple(tuple(tidy(p.subs(sol)) if p.free_symbols else p for p in row) for row in profile)
        pays = tuple(tidy(expected_payoff(game.payoffs[k], prof, k)) for k in range(n))
        conds: list[Condition] = []
        for k in range(n):
            for s in idx[k]:
                if len(idx[k]) > 1:
                    conds.append(Condition(prof[k][s], "probability", game.players[k], game.strategies[k][s]))
            for s in range(len(game.strategies[k])):
                if s in idx[k]:
                    continue
                gap = tidy(pays[k] - expected_payoff(game.payoffs[k], prof, k, s))
                conds.append(Condition(gap, "deviation", game.players[k], game.strategies[k][s]))
        out.append(SymbolicEquilibrium(labels, prof, pays, tuple(conds), game.players, game.strategies,
                                       game.parameters, game.symbols))
    return tuple(out)


def indifference_system(game: SymbolicGame, idx: Sequence[Sequence[int]]
                        ) -> tuple[list[list[sympy.Expr]], list[sympy.Symbol], list[sympy.Expr]]:
    """The indifference equations on a support (strategy indices per player, sorted).

    Returns the profile in terms of the unknowns (the probabilities of all
    support strategies but each player's first, whose probability is one
    minus the others'), the unknowns, and the equations (each ``= 0``): every
    support strategy pays its player as much as the player's first one.
    """
    n = game.num_players
    unknowns: list[sympy.Symbol] = []
    profile: list[list[sympy.Expr]] = []
    for k in range(n):
        row: list[sympy.Expr] = [sympy.Integer(0)] * len(game.strategies[k])
        free = [sympy.Dummy(f"x{k}_{s}") for s in idx[k][1:]]
        unknowns.extend(free)
        for s, x in zip(idx[k][1:], free):
            row[s] = x
        row[idx[k][0]] = 1 - sum(free, sympy.Integer(0))
        profile.append(row)
    equations = []
    for k in range(n):
        first = expected_payoff(game.payoffs[k], profile, k, idx[k][0])
        for s in idx[k][1:]:
            equations.append(sympy.expand(expected_payoff(game.payoffs[k], profile, k, s) - first))
    return profile, unknowns, equations


def _solve_linear(equations: list[sympy.Expr], unknowns: list[sympy.Symbol]) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """The unique solution of a square-or-not linear system, or none."""
    matrix, rhs = sympy.linear_eq_to_matrix(equations, unknowns)
    if matrix.rows != matrix.cols:
        # Unequal support sizes: only degenerate parameter values admit solutions.
        return []
    det = sympy.simplify(matrix.det())
    if det == 0:
        return []
    solution = matrix.LUsolve(rhs)
    return [{x: sympy.together(v) for x, v in zip(unknowns, solution)}]


def indifference_2x2(game: SymbolicGame) -> tuple[sympy.Expr, sympy.Expr]:
    """The textbook mixed equilibrium of a 2x2 game: ``(p, q)``.

    ``p`` is the row player's probability of its first strategy, ``q`` the
    column player's. With row payoffs ``a`` and column payoffs ``b``,

    ``p = (b22 - b21) / (b11 - b12 - b21 + b22)`` (makes the column player
    indifferent) and ``q = (a22 - a12) / (a11 - a12 - a21 + a22)``.

    Examples
    --------
    >>> import sympy
    >>> g = SymbolicGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])   # battle of the sexes
    >>> indifference_2x2(g)
    (2/3, 1/3)
    """
    if game.shape != (2, 2):
        raise NotSupportedError(f"indifference_2x2 needs a 2x2 game, got shape {game.shape}")
    a, b = game.payoffs
    p = sympy.simplify((b[1, 1] - b[1, 0]) / (b[0, 0] - b[0, 1] - b[1, 0] + b[1, 1]))
    q = sympy.simplify((a[1, 1] - a[0, 1]) / (a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1]))
    return p, q
