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
from typing import Any

import numpy as np
import sympy

from ..exceptions import ParameterError
from ..games.symbolic import SymbolicGame
from .thresholds import Threshold, ThresholdResult, _rational

__all__ = ["verdict_thresholds", "discount_thresholds"]


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


def discount_thresholds(game: SymbolicGame, target: Sequence[str], delta: float, param: str,
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
    if not 0 < float(delta) < 1:
        raise ParameterError(f"the discount factor must be in (0, 1), got {delta}")
    values = {k: v for k, v in values.items() if k != param}
    statement = f"grim trigger sustains ({', '.join(target)}) at delta = {float(delta):g}"

    def critical(x: float) -> float:
        stage = game.substitute({**values, param: x}, exact=False)
        cd = critical_discount(stage, list(target), punishment=list(punishment) if punishment else None, k=(1,))
        g = cd.grim_overall
        return math.inf if g is None else float(g)

    candidates: list[tuple[float, str | None]] = []
    if punishment is not None:
        cd = critical_discount_symbolic([a.tolist() for a in game.payoffs], game.strategies, list(target),
                                        list(punishment), players=game.players)
        theta = game.symbols[game.parameters.index(param)]
        subs = {s: _rational(values[s.name]) for s in game.symbols if s.name != param}
        expr = sympy.sympify(cd.symbolic["grim"]).xreplace(subs)
        pieces = expr.args if isinstance(expr, sympy.Max) else (expr,)
        for piece in pieces:
            num, _ = sympy.fraction(sympy.together(piece - _rational(delta)))
            try:
                roots = sympy.solveset(num, theta, sympy.Interval.open(_rational(lower), _rational(upper)))
            except Exception:  # noqa: BLE001 - left to the numerical scan
                continue
            if isinstance(roots, sympy.FiniteSet):
                candidates += [(float(r), str(r)) for r in roots if r.is_real]
    return verdict_thresholds(lambda x: critical(x) <= delta, param, lower, upper, statement=statement,
                              candidates=candidates, margin=lambda x: float(delta) - min(critical(x), 2.0),
                              samples=samples, fixed={k: float(v) for k, v in values.items()})
