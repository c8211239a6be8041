"""Axiomatic bargaining solutions: Nash (1950, asymmetric weights too), Kalai-Smorodinsky, egalitarian.

On polygonal feasible sets (points, games, transferable utility) every
solution is exact for rational inputs: the Nash product is maximised in
closed form on each edge of the frontier, and the answer is certified by its
supporting line. At the Nash solution ``u`` the line with normal
``(w1 / (u1 - d1), w2 / (u2 - d2))`` supports the feasible set (every
frontier vertex ``v`` has ``normal . (v - u) <= 0``), which is necessary and
sufficient because the weighted log Nash product is concave [L1].

On a frontier function the maximisation is numerical (bounded Brent) and the
supporting-line condition is checked on a dense sample of the frontier.

Examples
--------
>>> from gametheory.bargaining.feasible import FeasibleSet
>>> fs = FeasibleSet.transferable(10)
>>> nash_solution(fs, (2, 1)).solution
(Fraction(11, 2), Fraction(9, 2))
>>> kalai_smorodinsky(FeasibleSet.from_points([(0, 0), (2, 0), (0, 1)]), (0, 0)).solution
(Fraction(1, 1), Fraction(1, 2))
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError, SolverError
from ._numeric import as_number, as_pair, tolerance
from .feasible import FeasibleSet
from .result import BargainingSolution

__all__ = ["nash_tu", "nash_solution", "kalai_smorodinsky", "egalitarian"]


def nash_tu(surplus: Any, disagreement: Sequence[Any], weights: Sequence[Any] | None = None) -> tuple[Any, Any]:
    """Split ``surplus`` maximising ``prod (x_i - d_i)^w_i`` on the line ``x1 + x2 = S``.

    Closed form ``x_i = d_i + w_i / (w1 + w2) * (S - d1 - d2)`` [L1].

    Examples
    --------
    >>> nash_tu(10, (2, 1))
    (Fraction(11, 2), Fraction(9, 2))
    >>> nash_tu(10, (2, 1), (2, 1))
    (Fraction(20, 3), Fraction(10, 3))
    """
    s = as_number(surplus, "surplus")
    d1, d2 = as_pair(disagreement, "disagreement")
    w1, w2 = _weights(weights)
    gain = s - d1 - d2
    if gain < 0:
        raise InvalidGameError("disagreement point lies outside the feasible set (d1 + d2 > surplus)")
    share = w1 / (w1 + w2)
    return (d1 + share * gain, d2 + (1 - share) * gain)


def _weights(weights: Sequence[Any] | None) -> tuple[Any, Any]:
    if weights is None:
        return Fraction(1), Fraction(1)
    w1, w2 = as_pair(weights, "weights")
    if w1 <= 0 or w2 <= 0:
        raise InvalidGameError(f"weights: bargaining weights must be positive, got ({w1}, {w2})")
    return w1, w2


def _players(players: Sequence[str] | None) -> tuple[str, str]:
    return ("Player 1", "Player 2") if players is None else (str(players[0]), str(players[1]))


def _log_nash(u: tuple[Any, Any], d: tuple[Any, Any], w: tuple[Any, Any]) -> float:
    g1, g2 = float(u[0] - d[0]), float(u[1] - d[1])
    if g1 <= 0 or g2 <= 0:
        return -math.inf
    return float(w[0]) * math.log(g1) + float(w[1]) * math.log(g2)


def _polygon_candidates(pts: list[tuple[Any, Any]], d: tuple[Any, Any], w: tuple[Any, Any]) -> list[Any]:
    """Maximiser of the weighted Nash product on each edge (closed form) and the vertices."""
    out = list(pts)
    w1, w2 = w
    for p, q in zip(pts, pts[1:]):
        a1, a2 = p[0] - d[0], p[1] - d[1]
        b1, b2 = q[0] - p[0], q[1] - p[1]
        if b1 * b2 == 0:
            continue  # a flat or vertical edge: the product is monotone on it, a vertex is best
        # d/dt [w1 log(a1 + b1 t) + w2 log(a2 + b2 t)] = 0
        t = -(w1 * b1 * a2 + w2 * b2 * a1) / ((w1 + w2) * b1 * b2)
        if 0 < t < 1:
            out.append((p[0] + t * b1, p[1] + t * b2))
    return out


def nash_solution(feasible: FeasibleSet, disagreement: Sequence[Any], weights: Sequence[Any] | None = None,
                  *, players: Sequence[str] | None = None) -> BargainingSolution:
    """The (weighted) Nash bargaining solution: ``argmax (u1 - d1)^w1 (u2 - d2)^w2`` over feasible ``u >= d``.

    Parameters
    ----------
    feasible : FeasibleSet
    disagreement : pair
        Must be feasible (``InvalidGameError`` otherwise).
    weights : pair, optional
        Bargaining powers (positive; ``(1, 1)`` is the symmetric solution).
    players : pair of str, optional

    Returns
    -------
    BargainingSolution
        ``certificate``: ``normal`` (the supporting line), ``max_violation``
        (``<= 0``, exactly 0 or negative for exact inputs), ``optimal``.

    Examples
    --------
    >>> fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3)])
    >>> res = nash_solution(fs, (0, 0))
    >>> res.solution, res.certificate["optimal"]
    ((Fraction(3, 1), Fraction(3, 1)), True)
    >>> nash_solution(fs, (0, 0), weights=(5, 1)).solution
    (Fraction(10, 3), Fraction(2, 1))
    """
    d = feasible.check_disagreement(disagreement)
    w = _weights(weights)
    names = _players(players)
    if feasible.kind == "curve":
        return _nash_curve(feasible, d, w, names)
    pts = feasible.chain(d)
    exact = feasible.exact and all(isinstance(v, Fraction) for v in (*d, *w))
    if not exact:
        pts = [(float(x), float(y)) for x, y in pts]
        d = (float(d[0]), float(d[1]))
    mids = [((p[0] + q[0]) / 2, (p[1] + q[1]) / 2) for p, q in zip(pts, pts[1:])]
    if all(p[0] <= d[0] or p[1] <= d[1] for p in pts + mids):
        # nothing strictly dominates d: the region above d is a point or a flat/vertical segment
        u = max(pts, key=lambda p: p[0] + p[1])
        return BargainingSolution("nash", u, d, exact, {"optimal": True, "degenerate": True}, names, w,
                                  notes=("no feasible point gives both players more than the disagreement point",))
    cands = sorted(_polygon_candidates(pts, d, w), key=lambda u: -_log_nash(u, d, w))
    mag = max(abs(float(c)) for p in pts + [d] for c in p) or 1.0
    span = max(max(float(p[k]) for p in pts) - min(float(p[k]) for p in pts) for k in (0, 1)) or 1.0
    for u in cands:
        g1, g2 = u[0] - d[0], u[1] - d[1]
        if g1 <= 0 or g2 <= 0:
            continue
        normal = (w[0] / g1, w[1] / g2)
        viol = max(normal[0] * (v[0] - u[0]) + normal[1] * (v[1] - u[1]) for v in pts)
        # floats: the normal carries a relative error ~ eps * magnitude / gain (cancellation near an end)
        bound = 0 if exact else sum(abs(normal[i]) * span * (1e-9 + 4e-16 * mag / abs(g)) for i, g in ((0, g1), (1, g2)))
        if viol <= bound:
            cert = {"optimal": True, "normal": normal, "max_violation": viol,
                    "condition": "normal . (v - u) <= 0 for every frontier vertex v"}
            edge = _edge(pts, u)
            return BargainingSolution("nash", u, d, exact, cert, names, w, {"edge": edge})
    raise SolverError("no candidate passed the supporting-line certificate")  # pragma: no cover


def _edge(pts: list[tuple[Any, Any]], u: tuple[Any, Any]) -> list[list[float]]:
    """The frontier edge (or vertex) holding ``u``."""
    for p in pts:
        if p == u:
            return [[float(p[0]), float(p[1])]]
    for p, q in zip(pts, pts[1:]):
        if min(p[0], q[0]) <= u[0] <= max(p[0], q[0]):
            return [[float(p[0]), float(p[1])], [float(q[0]), float(q[1])]]
    return []  # pragma: no cover


def _nash_curve(fs: FeasibleSet, d: tuple[Any, Any], w: tuple[Any, Any],
                names: tuple[str, str]) -> BargainingSolution:
    from scipy.optimize import minimize_scalar

    d1, d2 = float(d[0]), float(d[1])
    w1, w2 = float(w[0]), float(w[1])
    a, _ = fs.interval  # type: ignore[misc]
    lo, hi = max(d1, a), float(fs.right(d2))  # type: ignore[arg-type]
    if hi - lo <= tolerance(lo, hi) or fs.upper(lo) - d2 <= tolerance(d2):  # type: ignore[operator]
        u = (hi, float(fs.upper(hi)))  # type: ignore[arg-type]
        return BargainingSolution("nash", u, (d1, d2), False, {"optimal": True, "degenerate": True}, names,
                                  (w1, w2), notes=("no feasible point gives both players more than d",))

    def neg(x: float) -> float:
        return -_log_nash((x, fs.upper(x)), (d1, d2), (w1, w2))

    res = minimize_scalar(neg, bounds=(lo, hi), method="bounded",
                          options={"xatol": 1e-12 * max(1.0, abs(hi - lo))})
    x = float(res.x)
    u = (x, float(fs.upper(x)))  # type: ignore[arg-type]
    g1, g2 = u[0] - d1, u[1] - d2
    normal = (w1 / g1, w2 / g2)
    sample = fs.sample(4001)
    keep = (sample[:, 0] >= lo) & (sample[:, 0] <= hi)
    pts = np.vstack([sample[keep], [[lo, fs.upper(lo)], [hi, fs.upper(hi)]]])
    viol = float(np.max(normal[0] * (pts[:, 0] - u[0]) + normal[1] * (pts[:, 1] - u[1])))
    foc = w1 / g1 + w2 * fs._df(x) / g2 if lo < x < hi else None  # type: ignore[misc]
    bound = 1e-6 * (abs(normal[0]) + abs(normal[1])) * max(1.0, hi - lo)
    if viol > bound:
        raise SolverError(f"the Nash solution on the frontier failed its supporting-line check ({viol:.3g})")
    cert = {"optimal": True, "normal": normal, "max_violation": viol, "foc_residual": foc,
            "condition": "normal . (v - u) <= tol on 4001 frontier points"}
    return BargainingSolution("nash", u, (d1, d2), False, cert, names, (w1, w2))


def kalai_smorodinsky(feasible: FeasibleSet, disagreement: Sequence[Any], *,
                      players: Sequence[str] | None = None) -> BargainingSolution:
    """The Kalai-Smorodinsky solution: the frontier point on the segment from ``d`` to the ideal point.

    Examples
    --------
    >>> fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3)])
    >>> kalai_smorodinsky(fs, (1, 0)).solution
    (Fraction(119, 38), Fraction(99, 38))
    """
    d = feasible.check_disagreement(disagreement)
    names = _players(players)
    ideal = feasible.ideal(d)
    r = (ideal[0] - d[0], ideal[1] - d[1])
    exact = feasible.exact and all(isinstance(v, Fraction) for v in d)
    if r[0] <= 0 or r[1] <= 0:
        u = ideal
        t: Any = 0
    else:
        t = feasible.ray(d, r)
        u = (d[0] + t * r[0], d[1] + t * r[1])
    if not exact:
        u, d = (float(u[0]), float(u[1])), (float(d[0]), float(d[1]))
    top = feasible.upper(u[0])
    gap = (top - u[1]) if top is not None else None
    ratio_gap = (u[0] - d[0]) * (ideal[1] - d[1]) - (u[1] - d[1]) * (ideal[0] - d[0])
    cert = {"on_frontier_gap": gap, "ratio_gap": ratio_gap,
            "condition": "u on the frontier and (u - d) proportional to (ideal - d)"}
    return BargainingSolution("kalai-smorodinsky", u, d, exact, cert, names, (1, 1),
                              {"ideal": ideal, "t": t})


def egalitarian(feasible: FeasibleSet, disagreement: Sequence[Any], weights: Sequence[Any] | None = None, *,
                players: Sequence[str] | None = None) -> BargainingSolution:
    """The egalitarian (Kalai 1977) solution: the largest equal gains over ``d``, lexicographically refined.

    With ``weights`` the gains are proportional to them (the proportional solution).

    Examples
    --------
    >>> fs = FeasibleSet.from_points([(0, 0), (4, 0), (0, 4), (3, 3)])
    >>> egalitarian(fs, (1, 0)).solution
    (Fraction(13, 4), Fraction(9, 4))
    >>> egalitarian(FeasibleSet.from_points([(0, 1), (3, 1), (4, 0)]), (0, 0)).solution  # leximin
    (Fraction(3, 1), Fraction(1, 1))
    """
    d = feasible.check_disagreement(disagreement)
    names = _players(players)
    w = _weights(weights)
    exact = feasible.exact and all(isinstance(v, Fraction) for v in (*d, *w))
    t = feasible.ray(d, w)
    u = (d[0] + t * w[0], d[1] + t * w[1])
    notes: tuple[str, ...] = ()
    # lexicographic refinement where the ray hits a flat (or vertical) part of the boundary
    if feasible.kind == "polygon" and u[1] == feasible.vertices[0][1] and u[0] < feasible.vertices[0][0]:
        u, notes = feasible.vertices[0], ("leximin refinement: moved along the flat part of the frontier",)
    elif feasible.kind == "polygon" and u[0] == feasible.vertices[-1][0] and u[1] < feasible.vertices[-1][1]:
        u, notes = feasible.vertices[-1], ("leximin refinement: moved up the vertical part of the frontier",)
    if not exact:
        u, d = (float(u[0]), float(u[1])), (float(d[0]), float(d[1]))
    top = feasible.upper(u[0])
    cert = {"on_frontier_gap": (top - u[1]) if top is not None else None, "t": t,
            "condition": "largest t with d + t * weights feasible"}
    return BargainingSolution("egalitarian", u, d, exact, cert, names, w, notes=notes)
