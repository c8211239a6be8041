"""Comparative statics: how equilibrium strategies and payoffs move with a parameter.

At a parameter point every equilibrium is computed (and certified); on its
support the equilibrium solves the indifference equations
``F(x, theta) = 0``. Where these have a closed form (two players, or n
players whose system is linear) the derivative is that of the closed form,
exact, as an expression in the parameter (the others at their values). Elsewhere the implicit-function theorem gives it at
the point: ``dx/dtheta = -F_x^{-1} F_theta``. Payoff derivatives add the
direct effect of the parameter to the effect through the strategies.
Elasticities are ``(dy/dtheta) * theta / y``.

Derivatives are local: they hold while the support does not change (see
:mod:`.thresholds` for where it does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..exceptions import NotSupportedError, ParameterError, SolverError
from ..games.symbolic import SymbolicGame
from .symbolic_equilibrium import expected_payoff, indifference_system, support_equilibria

__all__ = ["EquilibriumSensitivity", "SensitivityResult", "sensitivity", "implicit_derivatives"]


@dataclass(frozen=True)
class EquilibriumSensitivity:
    """Derivatives of one equilibrium with respect to one parameter.

    Attributes
    ----------
    support : tuple of tuple of str
    profile : tuple of tuple of float
        The equilibrium at the point.
    payoffs : tuple of float
    strategy_derivatives : tuple of tuple of float
        ``d probability / d param`` for every strategy of every player.
    strategy_elasticities : tuple of tuple of (float or None)
        None where the probability is zero.
    payoff_derivatives : tuple of float
    payoff_elasticities : tuple of (float or None)
        None where the payoff is zero.
    method : str
        ``"closed-form"`` or ``"implicit-function"``.
    closed_form : tuple of tuple of str or None
        The derivative of each probability as an expression, when closed form.
    """

    support: tuple[tuple[str, ...], ...]
    profile: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    strategy_derivatives: tuple[tuple[float, ...], ...]
    strategy_elasticities: tuple[tuple[float | None, ...], ...]
    payoff_derivatives: tuple[float, ...]
    payoff_elasticities: tuple[float | None, ...]
    method: str
    closed_form: tuple[tuple[str, ...], ...] | None = None

    def to_json(self, players: Sequence[str], strategies: Sequence[Sequence[str]]) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        def per(values: Sequence[Sequence[Any]]) -> dict[str, dict[str, Any]]:
            return {p: dict(zip(s, row)) for p, s, row in zip(players, strategies, values)}

        return {
            "support": {p: list(s) for p, s in zip(players, self.support)},
            "profile": per(self.profile),
            "payoffs": dict(zip(players, self.payoffs)),
            "strategy_derivatives": per(self.strategy_derivatives),
            "strategy_elasticities": per(self.strategy_elasticities),
            "payoff_derivatives": dict(zip(players, self.payoff_derivatives)),
            "payoff_elasticities": dict(zip(players, self.payoff_elasticities)),
            "method": self.method,
            "closed_form": per(self.closed_form) if self.closed_form is not None else None,
        }


@dataclass(frozen=True)
class SensitivityResult:
    """Comparative statics of every equilibrium at a point, for one parameter."""

    param: str
    value: float
    values: dict[str, float]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    equilibria: tuple[EquilibriumSensitivity, ...]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.equilibria)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        return {"param": self.param, "value": self.value, "values": self.values, "players": list(self.players),
                "equilibria": [e.to_json(self.players, self.strategies) for e in self.equilibria]}


def _exact(v: Any) -> sympy.Expr:
    from ._thresholds import _rational

    return _rational(v)


def _elasticity(d: float, theta: float, y: float) -> float | None:
    if abs(y) < 1e-12:
        return None
    return float(d * theta / y) + 0.0  # no negative zeros in output


def _equilibria_at(game: SymbolicGame, values: Mapping[str, Any]) -> list[tuple[np.ndarray, ...]]:
    """Certified equilibria of the game at ``values`` (float profiles)."""
    from ..solvers.result import certify

    numeric = game.substitute(values)
    try:
        from ..solvers._solve import solve

        return [tuple(np.asarray(p, dtype=float) for p in e.profile) for e in solve(numeric)]
    except (ImportError, NotSupportedError, SolverError):
        pass
    from ._batch import batch_equilibria, supports_batched

    if not supports_batched(numeric.shape):
        raise NotSupportedError(f"no solver for games of shape {numeric.shape} yet")
    P = numeric.payoff_array[..., None]
    out = []
    fgame = numeric.to_float()
    for f in batch_equilibria(P):
        if f.mask[0]:
            prof = tuple(p[0] for p in f.profile)
            if certify(fgame, prof, exact=False) is not None:
                out.append(prof)
    return out


def implicit_derivatives(game: SymbolicGame, support: Sequence[Sequence[int]], values: Mapping[str, Any],
                         param: str, profile: Sequence[Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
    """Derivatives of an equilibrium by the implicit-function theorem at a point.

    Parameters
    ----------
    game : SymbolicGame
    support : sequence of sequence of int
        Strategy indices each player uses (sorted).
    values : mapping
        Every parameter's value.
    param : str
        The parameter to differentiate with respect to.
    profile : sequence
        The equilibrium at ``values`` (one probability vector per player).

    Returns
    -------
    (ndarray, ndarray)
        ``d profile / d param`` (players' probabilities concatenated) and
        ``d payoff / d param`` per player.

    Raises
    ------
    SolverError
        When the Jacobian of the indifference equations is singular (the
        equilibrium does not move smoothly with the parameter there).
    """
    theta = game.symbols[game.parameters.index(param)]
    prof_expr, unknowns, eqs = indifference_system(game, support)
    point: dict[Any, Any] = {s: _exact(values[s.name]) for s in game.symbols}
    z_values = {}
    for k in range(game.num_players):
        for s in support[k][1:]:
            z = prof_expr[k][s]
            z_values[z] = float(profile[k][s])
    subs = {**{s: float(v) for s, v in point.items()}, **z_values}
    payoffs = [expected_payoff(game.payoffs[k], prof_expr, k) for k in range(game.num_players)]
    if unknowns:
        Fz = np.array([[float(sympy.diff(e, z).subs(subs)) for z in unknowns] for e in eqs])
        Ft = np.array([float(sympy.diff(e, theta).subs(subs)) for e in eqs])
        if abs(np.linalg.det(Fz)) < 1e-12 * max(1.0, np.abs(Fz).max()):
            raise SolverError("the indifference equations are singular at this point: no smooth derivative")
        dz = -np.linalg.solve(Fz, Ft)
    else:
        dz = np.zeros(0)
    dz_map = dict(zip(unknowns, dz))
    dprof = np.array([float(sum(sympy.diff(x, z).subs(subs) * dz_map[z] for z in unknowns)) if unknowns else 0.0
                      for row in prof_expr for x in row])
    dpay = np.array([float(sympy.diff(u, theta).subs(subs)) + sum(float(sympy.diff(u, z).subs(subs)) * dz_map[z]
                                                                  for z in unknowns) for u in payoffs])
    return dprof, dpay


def sensitivity(game: SymbolicGame, param: str, values: Mapping[str, Any], *, method: str = "auto"
                ) -> SensitivityResult:
    """Derivatives and elasticities of every equilibrium at ``values`` with respect to ``param``.

    Parameters
    ----------
    game : SymbolicGame
    param : str
    values : mapping
        A value for every parameter.
    method : {"auto", "closed-form", "implicit-function"}
        ``auto`` uses the closed form for two-player games and n-player
        supports with at most two mixing players, and the implicit-function
        theorem otherwise.

    Examples
    --------
    In the 2x2 game below the row player mixes to keep the column player
    indifferent, so its strategy moves with the column payoff ``b`` (here
    ``p = b/(1 + b)``, ``dp/db = 1/(1 + b)^2 = 1/4`` at ``b = 1``):

    >>> b = sympy.Symbol("b", positive=True)
    >>> g = SymbolicGame([[[1, 0], [0, 1]], [[0, 1], [b, 0]]])
    >>> res = sensitivity(g, "b", {"b": 1})
    >>> [round(d, 6) for d in res.equilibria[0].strategy_derivatives[0]]
    [0.25, -0.25]
    >>> res.equilibria[0].closed_form[0][0]
    '(b + 1)**(-2)'
    """
    if param not in game.parameters:
        raise ParameterError(f"unknown parameter {param!r}; parameters: {', '.join(game.parameters)}")
    if method not in ("auto", "closed-form", "implicit-function"):
        raise ParameterError(f"unknown method {method!r}")
    missing = [p for p in game.parameters if p not in values]
    if missing:
        raise ParameterError(f"no value for parameter {missing[0]!r}")
    from ._thresholds import _univariate

    all_values = dict(values)
    tval = float(values[param])
    # The other parameters only ever enter at their values: substituting them first keeps
    # sympy's work (and the closed forms shown) small.
    full = game
    game = _univariate(full, param, values)
    values = {param: values[param]}
    theta = game.symbols[0]
    point = {theta: _exact(values[param])}
    fgame = game.substitute(values).to_float()
    out = []
    for prof in _equilibria_at(game, values):
        idx = [sorted(int(i) for i in np.flatnonzero(p > 1e-12)) for p in prof]
        labels = tuple(tuple(game.strategies[k][i] for i in idx[k]) for k in range(game.num_players))
        mixers = sum(len(s) > 1 for s in idx)
        closed = method == "closed-form" or (method == "auto" and (game.num_players == 2 or mixers <= 2))
        pays = np.array([float(v) for v in fgame.expected_payoffs(list(prof))])
        if closed:
            match = _matching(support_equilibria(game, idx, simplify=False), point, prof)
            if match is None:
                closed = False
        if closed:
            dexpr = [[sympy.simplify(sympy.diff(x, theta)) for x in row] for row in match.profile]
            dprof = np.array([float(d.subs(point)) for row in dexpr for d in row])
            dpay = np.array([float(sympy.diff(u, theta).subs(point)) for u in match.payoffs])
            text = tuple(tuple(str(d) for d in row) for row in dexpr)
            how = "closed-form"
        else:
            dprof, dpay = implicit_derivatives(game, idx, values, param, prof)
            text = None
            how = "implicit-function"
        cuts = np.cumsum([len(s) for s in game.strategies])[:-1]
        dsplit = np.split(dprof, cuts)
        out.append(EquilibriumSensitivity(
            labels,
            tuple(tuple(float(x) for x in p) for p in prof),
            tuple(float(v) for v in pays),
            tuple(tuple(float(d) for d in row) for row in dsplit),
            tuple(tuple(_elasticity(d, tval, x) for d, x in zip(row, p)) for row, p in zip(dsplit, prof)),
            tuple(float(d) for d in dpay),
            tuple(_elasticity(d, tval, v) for d, v in zip(dpay, pays)),
            how, text))
    return SensitivityResult(param, tval, {k: float(v) for k, v in all_values.items()}, game.players,
                             game.strategies, tuple(out))


def _matching(candidates: Sequence[Any], point: Mapping[Any, Any], prof: Sequence[np.ndarray]) -> Any:
    """The closed-form solution whose value at the point is ``prof``."""
    target = np.concatenate(prof)
    for c in candidates:
        try:
            vals = np.array([complex(sympy.N(x.subs(point))) for row in c.profile for x in row])
        except TypeError:
            continue
        if np.allclose(vals.real, target, atol=1e-7) and np.allclose(vals.imag, 0, atol=1e-9):
            return c
    return None
