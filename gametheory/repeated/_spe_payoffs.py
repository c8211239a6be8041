r"""Subgame-perfect equilibrium payoffs of a two-player repeated game at a fixed discount factor.

The set :math:`V` of pure-strategy subgame-perfect payoffs (perfect
monitoring, public randomisation) is the largest fixed point of the
Abreu-Pearce-Stacchetti operator

.. math:: B(W) = \operatorname{co} \bigcup_a \{(1-\delta) u(a) + \delta w :
          w \in W,\ (1-\delta) u_i(a) + \delta w_i \ge
          (1-\delta) d_i(a) + \delta \underline{w}_i\ \forall i\},

with :math:`d_i(a)` the best one-shot deviation payoff and
:math:`\underline{w}_i = \min_{w \in W} w_i` the worst continuation for
:math:`i`. Following Judd, Yeltekin & Conklin (2003) the sets are represented
by their support function on ``directions`` evenly spaced unit vectors: the
iteration starts from the feasible set (which contains :math:`V`) and each
step solves, per action profile and direction, a two-dimensional linear
programme over a polygon (done exactly by clipping the polygon and taking the
best vertex). Every iterate contains :math:`V`, so the result is an **outer
approximation** that tightens as ``directions`` grows; the hull of the
maximising points is returned as the matching inner estimate, and the gap
between the two measures the approximation error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError
from ..games.normal_form import NormalFormGame

__all__ = ["SPEPayoffSet", "spe_payoffs"]


@dataclass(frozen=True, eq=False)
class SPEPayoffSet:
    """Outer (and inner) approximation of the subgame-perfect payoff set.

    Attributes
    ----------
    players : tuple of str
    delta : float
    outer_vertices : ndarray, shape (k, 2)
        Vertices (counter-clockwise) of the outer polygon; empty if no pure
        subgame-perfect equilibrium exists.
    inner_vertices : ndarray, shape (m, 2)
        Vertices of the hull of the support points (inner estimate).
    threat_point : ndarray, shape (2,)
        Each player's worst payoff in the set (her harshest credible punishment).
    iterations : int
    converged : bool
    directions : int
    """

    players: tuple[str, ...]
    delta: float
    outer_vertices: np.ndarray
    inner_vertices: np.ndarray
    threat_point: np.ndarray
    iterations: int
    converged: bool
    directions: int

    @property
    def empty(self) -> bool:
        """Whether no pure-strategy subgame-perfect equilibrium was found."""
        return len(self.outer_vertices) == 0

    @property
    def area(self) -> float:
        """Area of the outer polygon."""
        return _area(self.outer_vertices)

    @property
    def inner_area(self) -> float:
        """Area of the inner polygon."""
        return _area(self.inner_vertices)

    def contains(self, payoff: Any, tol: float = 1e-7) -> bool:
        """Whether ``payoff`` lies in the outer polygon."""
        return _in_polygon(self.outer_vertices, np.asarray(payoff, dtype=float), tol)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"players": list(self.players), "delta": self.delta,
                "outer_vertices": self.outer_vertices.tolist(), "inner_vertices": self.inner_vertices.tolist(),
                "area": self.area, "inner_area": self.inner_area, "threat_point": self.threat_point.tolist(),
                "iterations": self.iterations, "converged": self.converged, "directions": self.directions}


def _area(v: np.ndarray) -> float:
    if len(v) < 3:
        return 0.0
    x, y = v[:, 0], v[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _in_polygon(v: np.ndarray, p: np.ndarray, tol: float) -> bool:
    if len(v) == 0:
        return False
    if len(v) < 3:
        return bool(np.min(np.linalg.norm(v - p, axis=1)) <= tol)
    e = np.roll(v, -1, axis=0) - v
    cross = e[:, 0] * (p[1] - v[:, 1]) - e[:, 1] * (p[0] - v[:, 0])
    scale = np.linalg.norm(e, axis=1)
    return bool(np.all(cross >= -tol * np.maximum(scale, 1.0)))


def _vertices(H: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Vertices of {w : H w <= C} for support values C on angle-sorted directions H."""
    H2, C2 = np.roll(H, -1, axis=0), np.roll(C, -1)
    det = H[:, 0] * H2[:, 1] - H[:, 1] * H2[:, 0]
    x = (C * H2[:, 1] - C2 * H[:, 1]) / det
    y = (H[:, 0] * C2 - H2[:, 0] * C) / det
    return np.stack([x, y], axis=1)


def _clip_below(poly: np.ndarray, axis: int, level: float) -> np.ndarray:
    """Clip a convex polygon to ``w[axis] >= level`` (vectorised Sutherland-Hodgman)."""
    if len(poly) == 0:
        return poly
    p, q = poly, np.roll(poly, -1, axis=0)
    pin, qin = p[:, axis] >= level, q[:, axis] >= level
    cross = pin != qin
    denom = np.where(cross, q[:, axis] - p[:, axis], 1.0)
    s = np.where(cross, (level - p[:, axis]) / denom, 0.0)
    inter = p + s[:, None] * (q - p)
    pts = np.stack([p, inter], axis=1)
    mask = np.stack([pin, cross], axis=1)
    return pts[mask]


def spe_payoffs(game: NormalFormGame, delta: float, *, directions: int = 128, tol: float = 1e-9,
                max_iter: int = 5000) -> SPEPayoffSet:
    """Outer approximation of the subgame-perfect payoffs of a two-player repeated game.

    Parameters
    ----------
    game : NormalFormGame
        Two-player stage game.
    delta : float
        Discount factor in (0, 1).
    directions : int
        Number of evenly spaced directions of the support function (at least 4).
    tol : float
        Convergence tolerance on the support values (scaled by the payoff range).
    max_iter : int

    Examples
    --------
    Prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0) at delta = 0.75: every
    feasible payoff with both players at least 1 is an SPE payoff.

    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> v = spe_payoffs(pd, 0.75, directions=64)
    >>> round(v.area, 2), v.threat_point.round(6).tolist()   # exact area 20/3
    (6.67, [1.0, 1.0])
    """
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        raise InvalidGameError("the subgame-perfect payoff set is computed for two-player games")
    if not 0 < delta < 1:
        raise ValueError(f"delta must lie in (0, 1), got {delta}")
    if directions < 4:
        raise ValueError("directions must be at least 4")
    arr = game.payoff_array
    m0, m1 = game.shape
    prof = arr.reshape(2, -1).T  # (profiles, 2) payoff vectors
    # Best one-shot deviation payoff of each player at each profile.
    dev = np.stack([np.broadcast_to(arr[0].max(axis=0, keepdims=True), (m0, m1)).ravel(),
                    np.broadcast_to(arr[1].max(axis=1, keepdims=True), (m0, m1)).ravel()], axis=1)
    gain = (1 - delta) / delta * (dev - prof)  # extra continuation each player must be promised
    ang = 2 * np.pi * np.arange(directions) / directions
    H = np.stack([np.cos(ang), np.sin(ang)], axis=1)
    C = (prof @ H.T).max(axis=0)  # support of the feasible set: an outer start
    scale = game.payoff_range()
    converged, it = False, 0
    empty = False
    for it in range(1, max_iter + 1):
        W = _vertices(H, C)
        low = W.min(axis=0)
        best = np.full(directions, -np.inf)
        for k in range(prof.shape[0]):
            Q = _clip_below(_clip_below(W, 0, low[0] + gain[k, 0]), 1, low[1] + gain[k, 1])
            if len(Q) == 0:
                continue
            cand = (1 - delta) * (prof[k] @ H.T) + delta * (Q @ H.T).max(axis=0)
            best = np.maximum(best, cand)
        if not np.all(np.isfinite(best)):
            empty = True
            break
        change = float(np.max(np.abs(best - C)))
        C = best
        if change <= tol * scale:
            converged = True
            break
    if empty:
        none = np.empty((0, 2))
        return SPEPayoffSet(game.players, float(delta), none, none, np.full(2, np.nan), it, True, directions)
    outer = _dedupe(_vertices(H, C), 1e-9 * scale)
    # Inner estimate: the points attaining the support values, recomputed once at the fixed point.
    W = _vertices(H, C)
    low = W.min(axis=0)
    pts = []
    for k in range(prof.shape[0]):
        Q = _clip_below(_clip_below(W, 0, low[0] + gain[k, 0]), 1, low[1] + gain[k, 1])
        if len(Q):
            pts.append((1 - delta) * prof[k] + delta * Q)
    inner = _hull(np.vstack(pts)) if pts else np.empty((0, 2))
    return SPEPayoffSet(game.players, float(delta), outer, inner, outer.min(axis=0), it, converged, directions)


def _dedupe(v: np.ndarray, tol: float) -> np.ndarray:
    keep = [0]
    for i in range(1, len(v)):
        if np.linalg.norm(v[i] - v[keep[-1]]) > tol:
            keep.append(i)
    if len(keep) > 1 and np.linalg.norm(v[keep[-1]] - v[keep[0]]) <= tol:
        keep.pop()
    return v[keep]


def _hull(points: np.ndarray) -> np.ndarray:
    from scipy.spatial import ConvexHull, QhullError

    uniq = np.unique(points.round(12), axis=0)
    if len(uniq) < 3:
        return uniq
    try:
        h = ConvexHull(uniq)
    except QhullError:
        return uniq
    return uniq[h.vertices]
