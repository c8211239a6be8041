"""Thresholds of yes/no verdicts along a parameter (e.g. "cooperation is sustainable").

:func:`verdict_thresholds` finds where any boolean verdict of a parameter
flips: exact candidates (from a closed form) are checked first, then a scan
finds the flips no candidate explains, located by ``brentq`` on a continuous
margin when one is given, else by bisection. :func:`discount_thresholds`
applies it to repeated games: the parameter values at which a target profile
becomes sustainable by grim trigger at a given discount factor (the
critical-discount machinery of :mod:`gametheory.repeated.discount`).
Credibility verdicts of game trees plug into the same function.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from ..exceptions import ParameterError
from ..games.symbolic import SymbolicGame
from ._thresholds import Threshold, ThresholdResult, _rational

__all__ = ["verdict_thresholds", "discount_thresholds", "discount_sweep", "VerdictSweep"]


def verdict_thresholds(verdict: Callable[[float], bool], param: str, lower: float, upper: float, *,
                       statement: str, candidates: Sequence[tuple[float, str | None]] = (),
                       margin: Callable[[float], float] | None = None, samples: int = 201,
                       fixed: Mapping[str, float] | None = None) -> ThresholdResult:
    """Every value of ``param`` in ``(lower, upper)`` where ``verdict`` flips.

    Parameters
    ----------
    verdict : callable
        ``verdict(x) -> bool`` at parameter value ``x``.
    param : str
        The parameter's name (for the conditions).
    lower, upper : float
        The range searched.
    statement : str
        What the verdict says, e.g. ``"selling is credible"``; conditions read
        ``"<statement> when <param> > <value>"``.
    candidates : sequence of (float, str or None)
        Exact roots (value and exact text) to check first.
    margin : callable, optional
        A continuous function whose sign change is the flip (for ``brentq``).
    samples : int
        Points of the scan.

    Examples
    --------
    >>> res = verdict_thresholds(lambda x: x * x > 2, "x", 0, 3, statement="x squared exceeds 2",
    ...                          margin=lambda x: x * x - 2)
    >>> [(round(t.value, 9), t.condition) for t in res.thresholds]
    [(1.414213562, 'x squared exceeds 2 when x > 1.41421')]
    """
    lower, upper = float(lower), float(upper)
    if not (math.isfinite(lower) and math.isfinite(upper) and lower < upper):
        raise ParameterError(f"the range of {param!r} must be finite with lower < upper, got [{lower}, {upper}]")
    delta = 1e-7 * (upper - lower)
    label = {True: statement, False: f"not: {statement}"}

    def describe(x: float, below: bool) -> str:
        return f"{statement} when {param} {'<' if below else '>'} {x:.6g}"

    found: list[Threshold] = []
    for x, exact in candidates:
        if not lower < x < upper:
            continue
        a, b = verdict(x - delta), verdict(x + delta)
        if a != b and not any(abs(t.value - x) <= delta for t in found):
            found.append(Threshold(param, float(x), describe(x, a), label[a], label[b], exact, "symbolic"))
    xs = np.linspace(lower + 10 * delta, upper - 10 * delta, samples)
    vs = [verdict(float(x)) for x in xs]
    for k in range(samples - 1):
        if vs[k] == vs[k + 1] or any(xs[k] - delta <= t.value <= xs[k + 1] + delta for t in found):
            continue
        a, b = float(xs[k]), float(xs[k + 1])
        x = None
        if margin is not None:
            fa, fb = margin(a), margin(b)
            if np.isfinite(fa) and np.isfinite(fb) and fa * fb < 0:
                from scipy.optimize import brentq

                x = float(brentq(margin, a, b, xtol=1e-12 * max(1.0, abs(a))))
        if x is None:
            left = vs[k]
            for _ in range(60):
                m = 0.5 * (a + b)
                a, b = (m, b) if verdict(m) == left else (a, m)
            x = 0.5 * (a + b)
        found.append(Threshold(param, x, describe(x, vs[k]), label[vs[k]], label[vs[k + 1]], None, "numerical"))
    found.sort(key=lambda t: t.value)
    edges = [lower, *(t.value for t in found), upper]
    regimes = tuple((a, b, label[verdict(0.5 * (a + b))]) for a, b in zip(edges[:-1], edges[1:]))
    return ThresholdResult(param, lower, upper, dict(fixed or {}), tuple(found), regimes)


def discount_thresholds(game: SymbolicGame, target: Sequence[str], delta: Any, param: str,
                        values: Mapping[str, Any], lower: float, upper: float, *,
                        punishment: Sequence[str] | None = None, samples: int = 201) -> ThresholdResult:
    """Where grim trigger starts or stops sustaining ``target`` at discount factor ``delta``.

    The verdict at each parameter value is the numeric critical discount
    factor (:func:`gametheory.repeated.critical_discount`) compared with
    ``delta``; with a pure ``punishment`` the closed form of the critical
    discount factor also gives exact candidate thresholds.

    Examples
    --------
    In the prisoner's dilemma (R, P, S) = (3, 1, 0), grim trigger needs
    ``delta >= (T - 3) / (T - 1)``; at ``delta = 0.9`` that is ``T <= 21``:

    >>> T = sympy.Symbol("T", real=True)
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = discount_thresholds(pd, ["C", "C"], 0.9, "T", {}, 4, 40, punishment=["D", "D"])
    >>> [(t.value, t.exact, t.condition) for t in res.thresholds]
    [(21.0, '21', 'grim trigger sustains (C, C) at delta = 0.9 when T < 21')]
    """
    from ..repeated.discount import critical_discount, critical_discount_symbolic

    if param not in game.parameters:
        raise ParameterError(f"unknown parameter {param!r}; parameters: {', '.join(game.parameters)}")
    values = {k: v for k, v in values.items() if k != param}
    theta = game.symbols[game.parameters.index(param)]
    subs = {s: _rational(values[s.name]) for s in game.symbols if s.name != param}
    # The discount factor may be an expression in the parameters (a model's `delta = "delta"`).
    delta_expr = (delta if isinstance(delta, sympy.Basic) else _rational(delta)).xreplace(subs).xreplace({sympy.Symbol(k, real=True): _rational(v)
                                                               for k, v in values.items()})
    if delta_expr.free_symbols - {theta, sympy.Symbol(param)}:
        raise ParameterError(f"the discount factor {delta} uses parameters without values")
    delta_expr = delta_expr.xreplace({sympy.Symbol(param): theta})
    delta_at = sympy.lambdify(theta, delta_expr, "math")
    if not delta_expr.has(theta):
        d = float(delta_expr)
        if not 0 < d < 1:
            raise ParameterError(f"the discount factor must be in (0, 1), got {d:g}")
        statement = f"grim trigger sustains ({', '.join(target)}) at delta = {d:g}"
    else:
        statement = f"grim trigger sustains ({', '.join(target)})"

    def critical(x: float) -> float:
        stage = game.substitute({**values, param: x}, exact=False)
        cd = critical_discount(stage, list(target), punishment=list(punishment) if punishment else None, k=(1,))
        g = cd.grim_overall
        return math.inf if g is None else float(g)

    candidates: list[tuple[float, str | None]] = []
    if punishment is not None:
        cd = critical_discount_symbolic([a.tolist() for a in game.payoffs], game.strategies, list(target),
                                        list(punishment), players=game.players)
        expr = sympy.sympify(cd.symbolic["grim"]).xreplace(subs)
        pieces = expr.args if isinstance(expr, sympy.Max) else (expr,)
        for piece in pieces:
            num, _ = sympy.fraction(sympy.together(piece - delta_expr))
            try:
                roots = sympy.solveset(num, theta, sympy.Interval.open(_rational(lower), _rational(upper)))
            except Exception:  # noqa: BLE001 - left to the numerical scan
                continue
            if isinstance(roots, sympy.FiniteSet):
                candidates += [(float(r), str(r)) for r in roots if r.is_real]
    return verdict_thresholds(lambda x: critical(x) <= delta_at(x), param, lower, upper, statement=statement,
                              candidates=candidates, margin=lambda x: float(delta_at(x)) - min(critical(x), 2.0),
                              samples=samples, fixed={k: float(v) for k, v in values.items()})


@dataclass(frozen=True)
class VerdictSweep:
    """A verdict at every point of a parameter grid.

    Attributes
    ----------
    params : tuple of str
    axes : tuple of ndarray
    fixed : dict
    statement : str
        What the verdict says.
    value : ndarray, shape grid_shape
        The quantity behind the verdict (here the critical discount factor;
        ``inf`` where no discount factor below one works).
    verdict : ndarray of bool, shape grid_shape
    """

    params: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    fixed: dict[str, float]
    statement: str
    value: np.ndarray = field(repr=False)
    verdict: np.ndarray = field(repr=False)

    @property
    def regimes(self) -> tuple[str, str]:
        """The two labels: the verdict false, then true (as :class:`SweepResult` regimes)."""
        return (f"not: {self.statement}", self.statement)

    @property
    def regime(self) -> np.ndarray:
        """Index into :attr:`regimes` of every point."""
        return self.verdict.astype(int)

    def counts(self) -> dict[str, int]:
        """Number of grid points with each verdict."""
        true = int(self.verdict.sum())
        return {self.regimes[0]: int(self.verdict.size - true), self.regimes[1]: true}

    def to_csv(self, path: Any) -> None:
        """Write one row per grid point: the parameters, the critical value and the verdict."""
        import csv

        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([*self.params, "critical_delta", "verdict"])
            for index in np.ndindex(*self.verdict.shape):
                writer.writerow([*(repr(float(a[i])) for a, i in zip(self.axes, index)),
                                 repr(float(self.value[index])), bool(self.verdict[index])])

    def plot(self, path: Any, *, title: str | None = None) -> None:
        """Save a map of the verdict (one or two swept parameters; needs matplotlib)."""
        from ._plot import regime_map

        regime_map(self, path, title=title)  # type: ignore[arg-type]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys; ``null`` for an infinite critical value)."""
        points = []
        for index in np.ndindex(*self.verdict.shape):
            v = float(self.value[index])
            points.append({**{p: float(a[i]) for p, a, i in zip(self.params, self.axes, index)},
                           "value": v if math.isfinite(v) else None, "verdict": bool(self.verdict[index])})
        return {"params": list(self.params), "statement": self.statement,
                "fixed": {k: float(v) for k, v in self.fixed.items()},
                "share_true": float(self.verdict.mean()), "points": points}


def _grim_batch(P: np.ndarray, target: tuple[int, ...], punishment: tuple[int, ...]) -> np.ndarray:
    """Grim-trigger critical discount factor at every point (inf: none below one), vectorised.

    ``P`` has shape ``(n, *shape, N)``. Player ``i`` needs
    ``delta >= (d_i - v_i) / (d_i - p_i)`` (target ``v``, best deviation
    ``d``, punishment ``p``); 0 when deviating does not pay.
    """
    n = P.shape[0]
    worst = np.zeros(P.shape[-1])
    for i in range(n):
        v = P[(i, *target)]
        line = list(target)
        line[i] = slice(None)
        d = P[(i, *line)].max(axis=0)
        p = P[(i, *punishment)]
        num, den = d - v, d - p
        with np.errstate(all="ignore"):
            t = np.where(num <= 0, 0.0, np.where(den > 0, num / np.where(den > 0, den, 1.0), np.inf))
        t = np.where(t < 1, t, np.inf)
        worst = np.maximum(worst, t)
    return worst


def discount_sweep(game: SymbolicGame, target: Sequence[str], punishment: Sequence[str], delta: Any,
                   grid: Mapping[str, Sequence[float]], values: Mapping[str, Any] | None = None) -> VerdictSweep:
    """Whether grim trigger sustains ``target`` at discount factor ``delta``, on a grid (vectorised).

    Examples
    --------
    >>> T = sympy.Symbol("T", real=True)
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = discount_sweep(pd, ["C", "C"], ["D", "D"], 0.9, {"T": [5, 21, 30]})
    >>> res.value.round(4).tolist(), res.verdict.tolist()
    ([0.5, 0.9, 0.931], [True, True, False])
    """
    from ._sweep import _evaluate

    values = dict(values or {})
    params = tuple(grid)
    if not 1 <= len(params) <= 3:
        raise ParameterError(f"a sweep takes one to three parameters, got {len(params)}")
    for p in params:
        if p not in game.parameters:
            raise ParameterError(f"unknown parameter {p!r}; parameters: {', '.join(game.parameters)}")
    missing = [p for p in game.parameters if p not in params and p not in values]
    if missing:
        raise ParameterError(f"no value for parameter {missing[0]!r}")
    tgt = tuple(game.strategies[k].index(s) if s in game.strategies[k] else -1 for k, s in enumerate(target))
    pun = tuple(game.strategies[k].index(s) if s in game.strategies[k] else -1 for k, s in enumerate(punishment))
    if len(tgt) != game.num_players or len(pun) != game.num_players or -1 in tgt + pun:
        raise ParameterError("target and punishment must name one strategy of each player")
    axes = tuple(np.asarray(grid[p], dtype=float).reshape(-1) for p in params)
    fixed = {p: float(values[p]) for p in game.parameters if p not in params}
    P = _evaluate(game, params, axes, fixed)
    shape = tuple(len(a) for a in axes)
    crit = _grim_batch(P, tgt, pun).reshape(shape)
    # The discount factor may be an expression in the parameters (a model's `delta = "delta"`).
    d_expr = delta if isinstance(delta, sympy.Basic) else _rational(delta)
    by_name = {s.name: s for s in game.symbols}
    d_expr = d_expr.xreplace({sympy.Symbol(n, real=True): by_name[n] for n in by_name}
                             ).xreplace({sympy.Symbol(n): by_name[n] for n in by_name})
    if d_expr.free_symbols - set(game.symbols):
        raise ParameterError(f"the discount factor {delta} uses unknown parameters")
    mesh = np.meshgrid(*axes, indexing="ij")
    args = [mesh[params.index(n)] if n in params else np.asarray(fixed[n]) for n in game.parameters]
    d = np.broadcast_to(np.asarray(sympy.lambdify(game.symbols, d_expr, "numpy")(*args), dtype=float), shape)
    if not ((d > 0) & (d < 1)).all():
        raise ParameterError(f"the discount factor must be in (0, 1) on the whole grid ({delta})")
    if d_expr.free_symbols:
        statement = f"grim trigger sustains ({', '.join(target)})"
    else:
        statement = f"grim trigger sustains ({', '.join(target)}) at delta = {float(d_expr):g}"
    return VerdictSweep(params, axes, fixed, statement, crit, crit <= d)
