"""Feasible sets of two-player bargaining problems.

A feasible set is a closed convex set of utility pairs with *free disposal*
(if ``u`` is feasible, so is every ``v <= u``). It is given

- by points (:meth:`FeasibleSet.from_points`): the convex hull of payoff
  vectors (lotteries over outcomes), with its Pareto frontier;
- by the payoffs of a two-player game (:meth:`FeasibleSet.from_game`): the
  hull of its pure payoff vectors (correlated outcomes);
- by a frontier function ``u2 = f(u1)`` on ``[a, b]``, non-increasing and
  concave (:meth:`FeasibleSet.from_frontier`), a callable or a sympy
  expression;
- with transferable utility ``u1 + u2 <= S`` (:meth:`FeasibleSet.transferable`).

Polygonal sets (points, games, transferable utility) keep exact rational
coordinates when the inputs are rational, so every solution on them is exact.
The *Pareto frontier* of a polygon is the chain of hull vertices from the
point with the highest ``u2`` to the point with the highest ``u1``, strictly
decreasing.

Examples
--------
>>> fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3)])
>>> fs.vertices
((Fraction(0, 1), Fraction(4, 1)), (Fraction(3, 1), Fraction(3, 1)), (Fraction(4, 1), Fraction(0, 1)))
>>> fs.upper(1)
Fraction(11, 3)
>>> fs.contains((2, 3)), fs.contains((3, 3.5))
(True, False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from ..exceptions import InvalidGameError, NotSupportedError
from ._numeric import Number, as_number, as_pair, tolerance

__all__ = ["FeasibleSet", "upper_hull"]

Point = tuple[Any, Any]


def _cross(o: Point, a: Point, b: Point) -> Any:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def upper_hull(points: Sequence[Point]) -> list[int]:
    """Indices of the upper convex hull, left to right (Andrew's monotone chain; exact for Fractions).

    Examples
    --------
    >>> upper_hull([(0, 0), (1, 2), (2, 1), (3, 0), (1, 1)])
    [0, 1, 3]
    """
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
    hull: list[int] = []
    for i in order:
        while len(hull) >= 2 and _cross(points[hull[-2]], points[hull[-1]], points[i]) >= 0:
            hull.pop()
        hull.append(i)
    return hull


def _lower_hull(points: Sequence[Point]) -> list[int]:
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
    hull: list[int] = []
    for i in order:
        while len(hull) >= 2 and _cross(points[hull[-2]], points[hull[-1]], points[i]) <= 0:
            hull.pop()
        hull.append(i)
    return hull


@dataclass(frozen=True, eq=False)
class FeasibleSet:
    """A convex, comprehensive set of utility pairs (see the module docstring).

    Attributes
    ----------
    kind : str
        ``"polygon"``, ``"transferable"`` or ``"curve"``.
    vertices : tuple of (u1, u2)
        Polygon: the Pareto frontier's vertices, ``u1`` increasing and ``u2``
        decreasing (Fractions when exact). Empty for the other kinds.
    hull : tuple of (u1, u2)
        Polygon: every vertex of the convex hull, counter-clockwise (for plots).
    sources : tuple of int
        Polygon: index, in the input points, of each Pareto vertex.
    surplus : Fraction or float or None
        Transferable utility: ``u1 + u2 <= surplus``.
    interval : (a, b) or None
        Curve: the domain of ``u2 = f(u1)``.
    expression : str or None
        Curve: the sympy expression (text), when given as one.
    exact : bool
        Whether coordinates are exact rationals.
    """

    kind: str
    vertices: tuple[Point, ...] = ()
    hull: tuple[Point, ...] = ()
    sources: tuple[int, ...] = ()
    surplus: Any = None
    interval: tuple[float, float] | None = None
    expression: str | None = None
    exact: bool = False
    _f: Callable[[float], float] | None = field(default=None, repr=False)
    _df: Callable[[float], float] | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_points(cls, points: Sequence[Sequence[Any]]) -> FeasibleSet:
        """The convex hull (with free disposal) of utility pairs.

        Exact when every coordinate is rational (int, Fraction, sympy
        Rational). Float inputs are first reduced to their hull vertices with
        :class:`scipy.spatial.ConvexHull`.

        Raises
        ------
        InvalidGameError
            If there is no point, a point is not a pair of finite numbers.

        Examples
        --------
        >>> FeasibleSet.from_points([(1.0, 0.0), (0.0, 1.0), (0.2, 0.2)]).vertices
        ((0.0, 1.0), (1.0, 0.0))
        """
        try:
            raw = list(points)
        except TypeError:
            raise InvalidGameError("points: expected a sequence of (u1, u2) pairs") from None
        if not raw:
            raise InvalidGameError("points: the feasible set needs at least one point")
        pts = [as_pair(p, f"points[{k}]") for k, p in enumerate(raw)]
        exact = all(isinstance(v, Fraction) for p in pts for v in p)
        if not exact:
            pts = [(float(a), float(b)) for a, b in pts]
        candidates = list(range(len(pts)))
        if not exact and len(pts) > 8:
            candidates = _scipy_hull(pts) or candidates
        sub = [pts[i] for i in candidates]
        up = upper_hull(sub)
        top = max(p[1] for p in sub)
        # the strong Pareto chain: from the last upper-hull vertex with the highest u2 to the end
        start = max(k for k, i in enumerate(up) if sub[i][1] == top)
        chain = up[start:]
        lower = _lower_hull(sub)
        ring = lower[:-1] + list(reversed(up))[:-1] if len(sub) > 1 else lower
        hull = tuple(sub[i] for i in dict.fromkeys(ring)) or (sub[0],)
        return cls("polygon", tuple(sub[i] for i in chain), hull, tuple(candidates[i] for i in chain),
                   exact=exact)

    @classmethod
    def from_game(cls, game: Any) -> FeasibleSet:
        """The hull of the pure payoff vectors of a two-player :class:`~gametheory.NormalFormGame`.

        Examples
        --------
        >>> from gametheory import NormalFormGame
        >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> FeasibleSet.from_game(pd).vertices
        ((Fraction(0, 1), Fraction(5, 1)), (Fraction(3, 1), Fraction(3, 1)), (Fraction(5, 1), Fraction(0, 1)))
        """
        if getattr(game, "num_players", None) != 2:
            raise NotSupportedError("a bargaining feasible set needs a two-player game")
        arrays = game.exact_payoff_array if game.is_exact else game.payoff_array
        pts = [(arrays[0][idx], arrays[1][idx]) for idx in np.ndindex(*game.shape)]
        return cls.from_points(pts)

    @classmethod
    def transferable(cls, surplus: Any) -> FeasibleSet:
        """Transferable utility: every ``(u1, u2)`` with ``u1 + u2 <= surplus``.

        Examples
        --------
        >>> FeasibleSet.transferable(10).upper(3)
        Fraction(7, 1)
        """
        s = as_number(surplus, "surplus")
        return cls("transferable", surplus=s, exact=isinstance(s, Fraction))

    @classmethod
    def from_frontier(cls, frontier: Any, a: Any, b: Any, *, variable: Any = None,
                      check_points: int = 401) -> FeasibleSet:
        """The set below a concave, non-increasing frontier ``u2 = f(u1)`` for ``u1`` in ``[a, b]``.

        Parameters
        ----------
        frontier : callable or sympy expression
            ``f``; a sympy expression must have one free symbol (or name it
            with ``variable``).
        a, b : number
            The domain; ``a < b``. Left of ``a`` the frontier is flat at
            ``f(a)`` (free disposal); right of ``b`` nothing is feasible.
        check_points : int
            Grid on which monotonicity and concavity are checked.

        Raises
        ------
        InvalidGameError
            If ``a >= b``, ``f`` is not finite, increases, or is not concave
            on the grid.

        Examples
        --------
        >>> import sympy
        >>> u = sympy.Symbol("u")
        >>> fs = FeasibleSet.from_frontier(4 - u**2 / 4, 0, 4)
        >>> fs.upper(2.0)
        3.0
        >>> FeasibleSet.from_frontier(lambda x: x, 0, 1)
        Traceback (most recent call last):
        ...
        gametheory.exceptions.InvalidGameError: frontier: f must be non-increasing on [a, b] (the Pareto frontier)
        """
        lo, hi = float(as_number(a, "a")), float(as_number(b, "b"))
        if not lo < hi:
            raise InvalidGameError(f"frontier: need a < b, got [{lo}, {hi}]")
        expression = None
        if callable(frontier) and not hasattr(frontier, "free_symbols"):
            f = frontier
            h = 1e-6 * max(1.0, hi - lo)

            def df(x: float) -> float:
                x0, x1 = max(lo, x - h), min(hi, x + h)
                return (float(f(x1)) - float(f(x0))) / (x1 - x0)
        else:
            import sympy

            expr = sympy.sympify(frontier) if not isinstance(frontier, sympy.Basic) else frontier
            free = sorted(expr.free_symbols, key=str)
            if variable is not None:
                sym = sympy.Symbol(variable) if isinstance(variable, str) else variable
                match = [s for s in free if s.name == sym.name]
                sym = match[0] if match else sym
                if set(free) - {sym}:
                    raise InvalidGameError(f"frontier: unknown symbols {sorted(map(str, set(free) - {sym}))}")
            elif len(free) == 1:
                sym = free[0]
            elif not free:
                sym = sympy.Symbol("u")
            else:
                raise InvalidGameError(f"frontier: expected one free symbol, got {[str(s) for s in free]}")
            expression = str(expr)
            f = sympy.lambdify(sym, expr, "math")
            df = sympy.lambdify(sym, sympy.diff(expr, sym), "math")
        xs = np.linspace(lo, hi, max(check_points, 5))
        try:
            ys = np.array([float(f(float(x))) for x in xs])
        except (ValueError, ZeroDivisionError, OverflowError, TypeError) as exc:
            raise InvalidGameError(f"frontier: f cannot be evaluated on [a, b] ({exc})") from None
        if not np.all(np.isfinite(ys)):
            raise InvalidGameError("frontier: f is not finite on [a, b]")
        tol = tolerance(*ys, lo, hi) * 1e3
        if np.any(np.diff(ys) > tol):
            raise InvalidGameError("frontier: f must be non-increasing on [a, b] (the Pareto frontier)")
        if np.any(np.diff(ys, 2) > tol):
            raise InvalidGameError("frontier: f must be concave on [a, b] (the feasible set must be convex)")
        return cls("curve", interval=(lo, hi), expression=expression, exact=False,
                   _f=lambda x: float(f(float(x))), _df=lambda x: float(df(float(x))))

    # ------------------------------------------------------------------ geometry
    def upper(self, u1: Any) -> Number | None:
        """The largest feasible ``u2`` given ``u1`` (``None`` if no point has this ``u1``)."""
        if self.kind == "transferable":
            return self.surplus - u1
        if self.kind == "curve":
            a, b = self.interval  # type: ignore[misc]
            x = float(u1)
            if x > b + 1e-12 * max(1.0, abs(b)):
                return None
            return self._f(min(max(x, a), b))  # type: ignore[misc]
        v = self.vertices
        if u1 <= v[0][0]:
            return v[0][1]
        if u1 > v[-1][0]:
            return None
        for (x0, y0), (x1, y1) in zip(v, v[1:]):
            if x0 <= u1 <= x1:
                return y0 + (y1 - y0) * (u1 - x0) / (x1 - x0)
        return v[-1][1]  # pragma: no cover - u1 == last x handled by the loop

    def right(self, u2: Any) -> Number | None:
        """The largest feasible ``u1`` given ``u2`` (``None`` if no point has this ``u2``)."""
        if self.kind == "transferable":
            return self.surplus - u2
        if self.kind == "curve":
            a, b = self.interval  # type: ignore[misc]
            y = float(u2)
            f = self._f
            if y > f(a) + tolerance(f(a)):  # type: ignore[misc]
                return None
            if y <= f(b):  # type: ignore[misc]
                return b
            from scipy.optimize import brentq

            return float(brentq(lambda x: f(x) - y, a, b, xtol=1e-14))  # type: ignore[misc]
        v = self.vertices
        if u2 <= v[-1][1]:
            return v[-1][0]
        if u2 > v[0][1]:
            return None
        for (x0, y0), (x1, y1) in zip(v, v[1:]):
            if y1 <= u2 <= y0:
                return x0 + (x1 - x0) * (u2 - y0) / (y1 - y0)
        return v[0][0]  # pragma: no cover

    def contains(self, u: Sequence[Any], tol: float = 0.0) -> bool:
        """Whether ``u`` is feasible (weakly below the frontier), up to ``tol`` in either coordinate."""
        u1, u2 = as_pair(u, "point")
        top = self.upper(u1)
        if top is None and tol:
            # the frontier's hull treats points within rounding of each other as one: so does the test
            top = self.upper(u1 - tol)
        return top is not None and (u2 <= top + tol if tol else u2 <= top)

    def check_disagreement(self, d: Sequence[Any], what: str = "disagreement") -> tuple[Number, Number]:
        """``d`` as numbers, or ``InvalidGameError`` if it is not feasible."""
        d1, d2 = as_pair(d, what)
        scale = tolerance(d1, d2) if not (isinstance(d1, Fraction) and self.exact) else 0.0
        if not self.contains((d1, d2), tol=scale):
            raise InvalidGameError(f"{what} point ({float(d1):g}, {float(d2):g}) is not feasible: "
                                   "no feasible outcome gives both players at least as much")
        return d1, d2

    def chain(self, d: Sequence[Any]) -> list[Point]:
        """Vertices of the north-east boundary of ``{u feasible : u >= d}`` (polygonal kinds).

        Starts at ``(d1, max u2)`` and ends at ``(max u1, d2)``; a single
        point when nothing strictly dominates ``d``.
        """
        d1, d2 = self.check_disagreement(d)
        if self.kind == "transferable":
            s = self.surplus
            pts = [(d1, s - d1), (s - d2, d2)]
            return pts if pts[0] != pts[1] else pts[:1]
        if self.kind != "polygon":
            raise NotSupportedError("chain() applies to polygonal feasible sets")
        v = list(self.vertices)
        line = [(min(d1, v[0][0]), v[0][1])] + v + [(v[-1][0], min(d2, v[-1][1]))]
        # first point with x >= d1
        start = None
        for k in range(len(line) - 1):
            (x0, y0), (x1, y1) = line[k], line[k + 1]
            if x0 >= d1:
                start = (k, line[k])
                break
            if x0 < d1 <= x1:
                pt = (d1, y0 + (y1 - y0) * (d1 - x0) / (x1 - x0))
                start = (k + 1, pt) if pt == line[k + 1] else (k + 0.5, pt)
                break
        if start is None:
            start = (len(line) - 1, line[-1])
        end = None
        for k in range(len(line) - 1, 0, -1):
            (x0, y0), (x1, y1) = line[k - 1], line[k]
            if y1 >= d2:
                end = (k, line[k])
                break
            if y0 >= d2 > y1:
                pt = (x0 + (x1 - x0) * (d2 - y0) / (y1 - y0), d2)
                end = (k - 1, pt) if pt == line[k - 1] else (k - 0.5, pt)
                break
        if end is None:
            end = (0, line[0])
        out = [start[1]]
        for k in range(len(line)):
            if start[0] < k < end[0]:
                out.append(line[k])
        out.append(end[1])
        # drop repeated points (for floats: points closer than rounding noise)
        close = 0.0 if self.exact and isinstance(d1, Fraction) and isinstance(d2, Fraction) else \
            1e-12 * max(1.0, *(abs(float(c)) for p in line for c in p))
        dedup = [out[0]]
        for p in out[1:]:
            if p != dedup[-1] and (not close or max(abs(float(p[0] - dedup[-1][0])),
                                                    abs(float(p[1] - dedup[-1][1]))) > close):
                dedup.append(p)
        return dedup

    def ideal(self, d: Sequence[Any]) -> tuple[Number, Number]:
        """The ideal (utopia) point: each player's best payoff among feasible ``u >= d``."""
        d1, d2 = self.check_disagreement(d)
        return self.right(d2), self.upper(d1)  # type: ignore[return-value]

    def ray(self, d: Sequence[Any], direction: Sequence[Any]) -> Number:
        """The largest ``t >= 0`` with ``d + t * direction`` feasible (``direction >= 0``, not zero)."""
        d1, d2 = self.check_disagreement(d)
        r1, r2 = as_pair(direction, "direction")
        if r1 < 0 or r2 < 0 or (r1 == 0 and r2 == 0):
            raise InvalidGameError("direction: expected a non-negative, non-zero pair")
        if r1 == 0:
            return (self.upper(d1) - d2) / r2  # type: ignore[operator]
        if r2 == 0:
            return (self.right(d2) - d1) / r1  # type: ignore[operator]
        if self.kind == "curve":
            from scipy.optimize import brentq

            hi = (self.right(d2) - d1) / r1  # type: ignore[operator]

            def gap(t: float) -> float:
                top = self.upper(float(d1) + t * float(r1))
                return (top if top is not None else -math.inf) - (float(d2) + t * float(r2))

            if gap(hi) >= 0:
                return hi
            return float(brentq(gap, 0.0, hi, xtol=1e-14))
        pts = self.chain((d1, d2))
        if len(pts) == 1:
            return 0 if isinstance(d1, Fraction) else 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            # d + t r = p0 + s (p1 - p0): solve the 2x2 system for (t, s)
            ex, ey = x1 - x0, y1 - y0
            det = r1 * (-ey) + r2 * ex
            if det == 0:
                continue
            bx, by = x0 - d1, y0 - d2
            t = (bx * (-ey) + by * ex) / det
            s = (r1 * by - r2 * bx) / det
            if 0 <= s <= 1 or (not isinstance(s, Fraction) and -1e-12 <= s <= 1 + 1e-12):
                return t
        raise AssertionError("ray does not meet the frontier")  # pragma: no cover

    def normal(self, u: Sequence[Any]) -> tuple[tuple[Number, Number], tuple[Number, Number]]:
        """The range of outward normals ``(l1, l2) >= 0`` of the frontier at ``u``, as two extreme normals.

        The first has the larger ``l2`` share (left side), the second the larger ``l1`` share.
        """
        u1, u2 = as_pair(u, "point")
        if self.kind == "transferable":
            return (1, 1), (1, 1)
        if self.kind == "curve":
            a, b = self.interval  # type: ignore[misc]
            x = float(u1)
            left = (-self._df(x), 1.0) if x > a else (0.0, 1.0)  # type: ignore[misc]
            right = (-self._df(x), 1.0) if x < b else (1.0, 0.0)  # type: ignore[misc]
            return left, right
        v = self.vertices
        normals = [(y0 - y1, x1 - x0) for (x0, y0), (x1, y1) in zip(v, v[1:])]
        one, zero = (1, 0) if self.exact else (1.0, 0.0)
        normals = [(zero, one)] + normals + [(one, zero)]
        for k, p in enumerate(v):
            if p == (u1, u2):
                return normals[k], normals[k + 1]
        for k, (p, q) in enumerate(zip(v, v[1:])):
            if p[0] <= u1 <= q[0]:
                return normals[k + 1], normals[k + 1]
        return (zero, one), (zero, one)

    def sample(self, n: int = 200) -> np.ndarray:
        """Points of the Pareto frontier as a float ``(m, 2)`` array (for plots and scans)."""
        if self.kind == "polygon":
            return np.array([[float(x), float(y)] for x, y in self.vertices])
        if self.kind == "transferable":
            s = float(self.surplus)
            return np.array([[0.0, s], [s, 0.0]])
        a, b = self.interval  # type: ignore[misc]
        xs = np.linspace(a, b, n)
        return np.column_stack([xs, [self._f(x) for x in xs]])  # type: ignore[misc]

    def to_json(self) -> dict[str, Any]:
        """JSON form: ``kind`` and the frontier (``vertices``, ``surplus`` or ``interval``/``expression``)."""
        out: dict[str, Any] = {"kind": self.kind, "exact": self.exact}
        if self.kind == "polygon":
            out["vertices"] = [[float(x), float(y)] for x, y in self.vertices]
        elif self.kind == "transferable":
            out["surplus"] = float(self.surplus)
        else:
            out["interval"] = list(self.interval)  # type: ignore[arg-type]
            out["expression"] = self.expression
        return out

    def __repr__(self) -> str:
        if self.kind == "polygon":
            return f"FeasibleSet(polygon, {len(self.vertices)} Pareto vertices)"
        if self.kind == "transferable":
            return f"FeasibleSet(transferable, surplus={self.surplus})"
        return f"FeasibleSet(curve {self.expression or 'f'} on {self.interval})"


def _scipy_hull(pts: list[Point]) -> list[int] | None:
    """Hull vertex indices by Qhull (None when the points are degenerate, e.g. collinear)."""
    from scipy.spatial import ConvexHull, QhullError

    try:
        hull = ConvexHull(np.asarray(pts, dtype=float))
    except (QhullError, ValueError):
        return None
    return sorted(int(i) for i in hull.vertices)
