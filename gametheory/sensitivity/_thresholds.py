"""Thresholds: the parameter values at which a game's equilibrium set changes.

Along one parameter (the others held fixed) the equilibrium set changes only
where a condition of some support's closed-form equilibrium (see
:mod:`.symbolic_equilibrium`) changes sign: a probability reaches zero or an
unused strategy starts to pay as much as the support. Those boundaries are
solved symbolically (``sympy.solveset`` on each condition's numerator and
denominator; supports whose indifference equations are linear); every root is kept only if the regime (the set of equilibrium
supports, computed by the batched kernels of :mod:`.sweep`) really differs on
its two sides. Where sympy gives no closed form, or a regime change on a scan
is left unexplained, the boundary is found numerically: ``brentq`` on a
condition that changes sign in the bracket, else bisection on the regime.

Each threshold is reported as readable conditions, e.g.
``"(deal, concede) is an equilibrium when purchase_surplus < 0.31"``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..exceptions import ParameterError
from ..games.symbolic import SymbolicGame
from ._sweep import sweep
from .symbolic_equilibrium import support_equilibria

__all__ = ["Threshold", "ThresholdResult", "thresholds", "model_thresholds", "parameter_range"]


@dataclass(frozen=True)
class Threshold:
    """A parameter value where the equilibrium set changes.

    Attributes
    ----------
    param : str
        The parameter.
    value : float
        Where the change happens.
    condition : str
        The change in words (which equilibria hold on which side).
    below, above : str
        The regimes just below and just above ``value``.
    exact : str or None
        The exact value (sympy text) when solved symbolically.
    method : str
        ``"symbolic"`` or ``"numerical"``.
    """

    param: str
    value: float
    condition: str
    below: str
    above: str
    exact: str | None
    method: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        return {"param": self.param, "value": self.value, "condition": self.condition, "below": self.below,
                "above": self.above, "exact": self.exact, "method": self.method}


@dataclass(frozen=True)
class ThresholdResult:
    """Every threshold of one parameter over a range, and the regimes between them."""

    param: str
    lower: float
    upper: float
    fixed: dict[str, float]
    thresholds: tuple[Threshold, ...]
    regimes: tuple[tuple[float, float, str], ...]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        return {
            "param": self.param,
            "range": [self.lower, self.upper],
            "fixed": {k: float(v) for k, v in self.fixed.items()},
            "thresholds": [t.to_json() for t in self.thresholds],
            "regimes": [{"from": a, "to": b, "label": r} for a, b, r in self.regimes],
        }


def _rational(v: Any) -> sympy.Expr:
    if isinstance(v, sympy.Expr):
        return v
    if isinstance(v, float):
        f = Fraction(repr(v))
    else:
        f = Fraction(v)
    return sympy.Rational(f.numerator, f.denominator)


def _univariate(game: SymbolicGame, param: str, values: Mapping[str, Any]) -> SymbolicGame:
    """The game with every parameter but ``param`` replaced by its (exact) value."""
    subs = {s: _rational(values[s.name]) for s in game.symbols if s.name != param}
    payoffs = [np.vectorize(lambda e: sympy.expand(e.xreplace(subs)), otypes=[object])(a) for a in game.payoffs]
    return SymbolicGame(payoffs, game.players, game.strategies, game.title, parameters=[param])


def _rational_in(game: SymbolicGame, symbol: sympy.Symbol) -> bool:
    """Whether every payoff is a rational function of ``symbol`` with rational coefficients."""
    for arr in game.payoffs:
        for e in np.asarray(arr).ravel():
            e = sympy.sympify(e)
            if e.has(sympy.Piecewise):
                return False
            num, den = sympy.fraction(sympy.together(e))
            try:
                sympy.Poly(num, symbol, domain=sympy.QQ)
                sympy.Poly(den, symbol, domain=sympy.QQ)
            except (sympy.PolynomialError, sympy.polys.polyerrors.CoercionFailed):
                return False
    return True


def _candidate_supports(shape: tuple[int, ...]) -> list[tuple[tuple[int, ...], ...]]:
    if len(shape) == 2:
        out = []
        for k in range(1, min(shape) + 1):
            out += list(itertools.product(itertools.combinations(range(shape[0]), k),
                                          itertools.combinations(range(shape[1]), k)))
        return out
    pure = [tuple((s,) for s in prof) for prof in itertools.product(*(range(s) for s in shape))]
    if tuple(shape) == (2, 2, 2):
        mixed = []
        for fixed in range(3):
            for s in range(2):
                sup = [(0, 1)] * 3
                sup[fixed] = (s,)
                mixed.append(tuple(sup))
        return pure + mixed + [((0, 1), (0, 1), (0, 1))]
    return pure


def _boundary_expressions(game: SymbolicGame, pure: bool = False) -> list[sympy.Expr]:
    """Every condition of every candidate support's closed form, as univariate expressions."""
    exprs: list[sympy.Expr] = []
    for support in _candidate_supports(game.shape):
        if pure and any(len(s) > 1 for s in support):
            continue
        if game.num_players > 2 and sum(len(s) > 1 for s in support) > 2:
            # Polynomial (not linear) indifference systems: left to the numerical scan,
            # whose brentq/bisection is much faster than sympy on them.
            continue
        try:
            eqs = support_equilibria(game, support, simplify=False)
        except NotImplementedError:
            continue
        for eq in eqs:
            exprs.extend(sympy.together(c.expr) for c in eq.conditions)
    unique: dict[str, sympy.Expr] = {}
    for e in exprs:
        if e.free_symbols:
            unique.setdefault(sympy.srepr(e), e)
    return list(unique.values())


def _polynomial_roots(part: sympy.Expr, symbol: sympy.Symbol, lo: float, hi: float) -> list[sympy.Expr] | None:
    """Exact real roots in (lo, hi) of a polynomial with rational coefficients, else None.

    Real-root isolation on the square-free part is much faster than ``solveset`` with an interval
    domain, which evaluates every radical root against the interval symbolically.
    """
    try:
        poly = sympy.Poly(part, symbol, domain=sympy.QQ)
    except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
        return None
    if poly.degree() <= 0:
        return []
    return [r for r in poly.sqf_part().real_roots() if lo < float(r) < hi]


def _symbolic_roots(exprs: Sequence[sympy.Expr], symbol: sympy.Symbol, lo: float, hi: float
                    ) -> tuple[list[sympy.Expr], list[sympy.Expr]]:
    """Roots in (lo, hi) of the numerators and denominators; and the expressions sympy could not solve."""
    roots: list[sympy.Expr] = []
    unsolved: list[sympy.Expr] = []
    domain = sympy.Interval.open(_rational(lo), _rational(hi))
    for e in exprs:
        num, den = sympy.fraction(e)
        for part in (num, den):
            if not part.has(symbol):
                continue
            poly_roots = _polynomial_roots(part, symbol, lo, hi)
            if poly_roots is not None:
                roots.extend(poly_roots)
                continue
            try:
                sol = sympy.solveset(part, symbol, domain)
            except Exception:  # noqa: BLE001 - sympy raises many types on hard equations
                unsolved.append(e)
                continue
            if isinstance(sol, sympy.FiniteSet):
                roots.extend(sol)
            elif sol is not sympy.S.EmptySet:
                unsolved.append(e)
    return roots, unsolved


def _labels(game: SymbolicGame, param: str, values: Mapping[str, Any], xs: np.ndarray,
            pure: bool = False) -> list[str]:
    res = sweep(game, {param: xs}, values)
    labels = [res.regimes[i] for i in res.regime]
    if pure:
        labels = [" | ".join(e for e in label.split(" | ") if e.startswith("(")) or "no pure equilibrium"
                  for label in labels]
    return labels


def _describe(param: str, value: float, below: str, above: str) -> str:
    def items(label: str) -> set[str]:
        return {e for e in label.split(" | ") if e.startswith(("(", "mixed("))}

    lo, hi = items(below), items(above)
    shown = f"{value:.6g}"
    parts = [f"{e} is an equilibrium when {param} < {shown}" for e in sorted(lo - hi)]
    parts += [f"{e} is an equilibrium when {param} > {shown}" for e in sorted(hi - lo)]
    return "; ".join(parts) or f"the equilibria change at {param} = {shown}"


def thresholds(game: SymbolicGame, param: str, values: Mapping[str, Any], lower: float, upper: float,
               *, samples: int = 401, pure: bool = False) -> ThresholdResult:
    """Every value of ``param`` in ``(lower, upper)`` where the equilibrium set changes.

    Parameters
    ----------
    game : SymbolicGame
        Game with sympy payoffs (``model.symbolic()``).
    param : str
        The parameter to vary.
    values : mapping
        Values of the other parameters (exact when rational).
    lower, upper : float
        The range searched.
    samples : int
        Points of the scan that checks for regime changes sympy did not find.
    pure : bool
        Track only the pure-equilibrium set (ignore mixed equilibria).

    Returns
    -------
    ThresholdResult

    Examples
    --------
    A prisoner's dilemma turns into a coordination game when the temptation
    ``T`` falls below the reward 3:

    >>> T = sympy.Symbol("T", real=True)
    >>> g = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = thresholds(g, "T", {}, 0, 6)
    >>> [(t.value, t.exact) for t in res.thresholds]
    [(3.0, '3')]
    >>> res.thresholds[0].condition.split("; ")[0]
    '(C, C) is an equilibrium when T < 3'
    """
    if param not in game.parameters:
        raise ParameterError(f"unknown parameter {param!r}; parameters: {', '.join(game.parameters)}")
    lower, upper = float(lower), float(upper)
    if not (math.isfinite(lower) and math.isfinite(upper) and lower < upper):
        raise ParameterError(f"the range of {param!r} must be finite with lower < upper, got [{lower}, {upper}]")
    values = {k: v for k, v in values.items() if k != param}
    missing = [p for p in game.parameters if p != param and p not in values]
    if missing:
        raise ParameterError(f"no value for parameter {missing[0]!r}")
    uni = _univariate(game, param, values)
    symbol = uni.symbols[0]
    # sympy's solve on supports is fast for rational payoffs and can take minutes on irrational powers
    # and branches (the payoff framework's duty, pv, ...): those are left to the numerical scan.
    exprs = _boundary_expressions(uni, pure) if _rational_in(uni, symbol) else []
    roots, unsolved = _symbolic_roots(exprs, symbol, lower, upper)
    width = upper - lower
    delta = 1e-7 * width
    candidates: dict[float, sympy.Expr | None] = {}
    for r in roots:
        v = complex(sympy.N(r, 20))
        if abs(v.imag) < 1e-12 and lower < v.real < upper:
            candidates.setdefault(round(v.real, 12), r)
    found: list[Threshold] = []
    xs_c = np.array(sorted(candidates))
    if len(xs_c):
        left = _labels(game, param, values, xs_c - delta, pure)
        right = _labels(game, param, values, xs_c + delta, pure)
        for x, a, b in zip(xs_c, left, right):
            if a != b:
                exact = candidates[float(x)]
                found.append(Threshold(param, float(x), _describe(param, float(x), a, b), a, b,
                                       str(sympy.nsimplify(exact)) if exact is not None else None, "symbolic"))
    # Scan for changes no symbolic root explains (hard equations, discriminants, poles).
    xs = np.linspace(lower, upper, samples)
    # The ends themselves are often degenerate (a zero cost makes two strategies tie): stay inside.
    xs[0] += 10 * delta
    xs[-1] -= 10 * delta
    labels = _labels(game, param, values, xs, pure)
    known = np.array([t.value for t in found])
    fns = [sympy.lambdify(symbol, e, "numpy") for e in unsolved + exprs]
    for k in range(samples - 1):
        if labels[k] == labels[k + 1]:
            continue
        a, b = xs[k], xs[k + 1]
        if len(known) and np.any((known >= a - delta) & (known <= b + delta)):
            continue
        x = _bracket(fns, a, b) or _bisect(game, param, values, a, b, labels[k], pure)
        la, lb = _labels(game, param, values, np.array([x - delta, x + delta]), pure)
        if la == lb:
            la, lb = labels[k], labels[k + 1]
        found.append(Threshold(param, float(x), _describe(param, float(x), la, lb), la, lb, None, "numerical"))
    found.sort(key=lambda t: t.value)
    regimes = []
    edges = [lower, *(t.value for t in found), upper]
    for a, b in zip(edges[:-1], edges[1:]):
        regimes.append((a, b, _labels(game, param, values, np.array([(a + b) / 2]), pure)[0]))
    return ThresholdResult(param, lower, upper, {k: float(v) for k, v in values.items()}, tuple(found),
                           tuple(regimes))


def _bracket(fns: Sequence[Any], a: float, b: float) -> float | None:
    """A root, found by brentq, of the first condition that changes sign on [a, b]."""
    from scipy.optimize import brentq

    for f in fns:
        with np.errstate(all="ignore"):
            try:
                fa, fb = complex(f(a)), complex(f(b))
            except (ZeroDivisionError, ValueError, TypeError):
                continue
        if abs(fa.imag) > 0 or abs(fb.imag) > 0 or not (np.isfinite(fa.real) and np.isfinite(fb.real)):
            continue
        if fa.real * fb.real < 0:
            return float(brentq(lambda t: float(np.real(f(t))), a, b, xtol=1e-12 * max(1.0, abs(a))))
    return None


def _bisect(game: SymbolicGame, param: str, values: Mapping[str, Any], a: float, b: float, left: str,
            pure: bool = False) -> float:
    """Bisection on the regime label itself (last resort)."""
    for _ in range(60):
        m = 0.5 * (a + b)
        if _labels(game, param, values, np.array([m]), pure)[0] == left:
            a = m
        else:
            b = m
    return 0.5 * (a + b)


def parameter_range(model: Any, param: str, values: Mapping[str, Any]) -> tuple[float, float]:
    """The default search range of a model parameter: its bounds, else around its default.

    Bounds that are expressions in other parameters are evaluated at ``values``.
    Without a lower bound the range starts at ``default - 2|default|``; without
    an upper bound it ends at ``default + 2|default|`` (``|default|`` read as
    1 when the default is 0).
    """
    p = model.parameter(param)
    d = float(p.default)
    spread = 2 * (abs(d) or 1.0)
    subs = {sympy.Symbol(k, real=True): _rational(v) for k, v in values.items()}

    def bound(expr: Any) -> float | None:
        if expr is None:
            return None
        value = sympy.sympify(expr)
        value = value.subs({s: subs.get(sympy.Symbol(s.name, real=True), s) for s in value.free_symbols})
        try:
            return float(value)
        except TypeError:
            return None

    lo, hi = bound(p.lower), bound(p.upper)
    return (d - spread if lo is None else lo), (d + spread if hi is None else hi)


def model_thresholds(model: Any, param: str, overrides: Mapping[str, Any] | None = None,
                     lower: float | None = None, upper: float | None = None, *, view: str | None = None,
                     samples: int = 401, pure: bool = False) -> ThresholdResult:
    """:func:`thresholds` of a model's parameter, the others at their defaults updated with ``overrides``.

    For a repeated-game model with a target profile the verdict tracked is
    whether grim trigger sustains the target at the model's discount factor
    (:func:`~gametheory.sensitivity.verdicts.discount_thresholds`); without a
    target, the stage game's equilibria.

    Examples
    --------
    >>> import gametheory.models as models
    >>> res = model_thresholds(models.load("us_japan_tariffs"), "purchase_surplus")
    >>> [round(t.value, 4) for t in res.thresholds]
    [0.319]
    """
    model.parameter(param)
    values = model.values(**dict(overrides or {}))
    lo, hi = parameter_range(model, param, values)
    lo = lo if lower is None else float(lower)
    hi = hi if upper is None else float(upper)
    game = model.symbolic(view)
    if hasattr(game, "stage") and hasattr(game, "delta"):   # a repeated game
        if getattr(game, "target", None) is not None:
            from .verdicts import discount_thresholds

            return discount_thresholds(game.stage, game.target, game.delta, param, values, lo, hi,
                                       punishment=game.punishment, samples=samples)
        game = game.stage
    return thresholds(game, param, values, lo, hi, samples=samples, pure=pure)
