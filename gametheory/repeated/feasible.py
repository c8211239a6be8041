"""Feasible and individually rational payoffs, and the folk-theorem check.

The feasible set of the repeated game (with public randomisation, or in the
limit of patient players) is the convex hull of the stage game's pure payoff
vectors. A payoff vector is *individually rational* when every player gets
at least her minmax value; by the folk theorem (Fudenberg & Maskin 1986)
every feasible payoff strictly above the mixed minmax point is a
subgame-perfect equilibrium payoff of the discounted repeated game for
discount factors close enough to one, given two players or, with more,
a full-dimensional feasible set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError, InvalidProfileError
from ..games.normal_form import NormalFormGame
from ._minmax import MinmaxResult, minmax

__all__ = ["FeasibleSet", "FolkTheoremCheck", "feasible_set", "folk_theorem_check", "plot_feasible"]


@dataclass(frozen=True, eq=False)
class FeasibleSet:
    """The convex hull of a stage game's pure payoff vectors.

    Attributes
    ----------
    players : tuple of str
    points : ndarray, shape (profiles, players)
        Payoff vector of every pure profile.
    vertices : ndarray
        Extreme points of the hull (counter-clockwise for two players).
    dimension : int
        Affine dimension of the set (``players`` when full-dimensional).
    volume : float
        Area (two players) or volume of the hull in its full dimension; 0
        when lower-dimensional.
    minmax : MinmaxResult
        The minmax values bounding the individually rational part.
    """

    players: tuple[str, ...]
    points: np.ndarray
    vertices: np.ndarray
    dimension: int
    volume: float
    minmax: MinmaxResult

    def contains(self, payoff: Sequence[float], tol: float = 1e-9) -> bool:
        """Whether ``payoff`` is feasible (a convex combination of pure payoff vectors), by LP."""
        return _in_hull(self.points, np.asarray(payoff, dtype=float), tol)

    def individually_rational_vertices(self) -> np.ndarray:
        """Vertices of the feasible payoffs at least the minmax point (two players; empty if none)."""
        if len(self.players) != 2:
            raise InvalidGameError("individually rational vertices are computed for two players")
        low = np.array([float(v) for v in self.minmax.values])
        return _clip_polygon(self.vertices, low)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"players": list(self.players), "vertices": self.vertices.tolist(), "dimension": self.dimension,
                "volume": self.volume, "minmax": [float(v) for v in self.minmax.values]}


@dataclass(frozen=True)
class FolkTheoremCheck:
    """Whether a target payoff satisfies the folk theorem's conditions.

    Attributes
    ----------
    payoff : tuple of float
        The target payoff vector.
    feasible : bool
        Whether it lies in the convex hull of pure payoff vectors.
    margins : tuple of float
        ``payoff_i - minmax_i`` per player (strict individual rationality iff all > 0).
    minmax_kind : str
    full_dimensional : bool
        Whether the feasible set has dimension equal to the number of players
        (Fudenberg-Maskin's sufficient condition for three or more players).
    sustainable : bool
        Feasible, strictly individually rational, and (three or more players)
        full-dimensional: sustainable as a subgame-perfect payoff for
        discount factors close to one.
    """

    payoff: tuple[float, ...]
    feasible: bool
    margins: tuple[float, ...]
    minmax_kind: str
    full_dimensional: bool
    sustainable: bool

    @property
    def individually_rational(self) -> bool:
        """Whether every player gets strictly more than her minmax value."""
        return all(m > 0 for m in self.margins)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"payoff": list(self.payoff), "feasible": self.feasible, "margins": list(self.margins),
                "individually_rational": self.individually_rational, "minmax_kind": self.minmax_kind,
                "full_dimensional": self.full_dimensional, "sustainable": self.sustainable}


def _in_hull(points: np.ndarray, x: np.ndarray, tol: float) -> bool:
    from scipy.optimize import linprog

    k, n = points.shape
    if x.shape != (n,):
        raise InvalidProfileError(f"payoff vector has {x.size} entries, expected {n}")
    scale = max(1.0, float(np.abs(points).max()))
    # Feasibility LP: lambda >= 0, sum lambda = 1, |P^T lambda - x| <= tol * scale.
    A_eq = np.ones((1, k))
    A_ub = np.vstack([points.T, -points.T])
    b_ub = np.concatenate([x + tol * scale, -x + tol * scale])
    res = linprog(np.zeros(k), A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=[(0, None)] * k,
                  method="highs")
    return res.status == 0


def _affine_dimension(points: np.ndarray, tol: float) -> int:
    if len(points) < 2:
        return 0
    centred = points - points[0]
    return int(np.linalg.matrix_rank(centred, tol=tol))


def _clip_polygon(poly: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Clip a convex polygon (ccw vertices) to the quadrant ``x >= low`` (Sutherland-Hodgman)."""
    pts = [tuple(p) for p in poly]
    for axis in (0, 1):
        out: list[tuple[float, float]] = []
        if not pts:
            break
        for k in range(len(pts)):
            p, q = np.array(pts[k]), np.array(pts[(k + 1) % len(pts)])
            pin, qin = p[axis] >= low[axis], q[axis] >= low[axis]
            if pin:
                out.append(tuple(p))
            if pin != qin and q[axis] != p[axis]:
                s = (low[axis] - p[axis]) / (q[axis] - p[axis])
                out.append(tuple(p + s * (q - p)))
        pts = out
    if not pts:
        return np.empty((0, 2))
    arr = np.array(pts)
    # Drop consecutive duplicates created by clipping through a vertex.
    keep = [0] + [i for i in range(1, len(arr)) if not np.allclose(arr[i], arr[i - 1])]
    arr = arr[keep]
    if len(arr) > 1 and np.allclose(arr[0], arr[-1]):
        arr = arr[:-1]
    return arr


def feasible_set(game: NormalFormGame, *, minmax_kind: str = "mixed",
                 minmax_result: MinmaxResult | None = None) -> FeasibleSet:
    """The feasible payoff set of the repeated game and its minmax point.

    ``minmax_result`` reuses minmax values already computed (e.g. the costly
    mixed minmax of a game with three or more players).

    Examples
    --------
    Prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0):

    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> fs = feasible_set(pd)
    >>> fs.vertices.tolist()
    [[1.0, 1.0], [5.0, 0.0], [3.0, 3.0], [0.0, 5.0]]
    >>> round(fs.volume, 9)
    10.0
    >>> fs.contains([2, 2]), fs.contains([4, 4])
    (True, False)
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"expected a NormalFormGame, got {type(game).__name__}")
    n = game.num_players
    pts = game.payoff_array.reshape(n, -1).T.copy()
    uniq = np.unique(pts, axis=0)
    tol = game.tolerance()
    dim = _affine_dimension(uniq, tol)
    mm = minmax_result if minmax_result is not None else minmax(game, minmax_kind)
    if dim == n and n >= 2:
        from scipy.spatial import ConvexHull

        hull = ConvexHull(uniq)
        verts = uniq[hull.vertices]
        volume = float(hull.volume)
    else:
        verts = _degenerate_vertices(uniq)
        volume = 0.0
    if n == 2 and len(verts) > 2:
        centre = verts.mean(axis=0)
        ang = np.arctan2(verts[:, 1] - centre[1], verts[:, 0] - centre[0])
        order = np.argsort(ang)
        verts = verts[order]
        # Start from the vertex nearest the minmax point for a stable listing.
        low = np.array([float(v) for v in mm.values])
        start = int(np.argmin(np.linalg.norm(verts - low, axis=1)))
        verts = np.roll(verts, -start, axis=0)
    verts.setflags(write=False)
    pts.setflags(write=False)
    return FeasibleSet(game.players, pts, verts, dim, volume, mm)


def _degenerate_vertices(points: np.ndarray) -> np.ndarray:
    """Extreme points of a lower-dimensional point set (those not in the hull of the others)."""
    if len(points) <= 2:
        return points.copy()
    keep = []
    for i in range(len(points)):
        others = np.delete(points, i, axis=0)
        if not _in_hull(others, points[i], 1e-12):
            keep.append(i)
    return points[keep]


def folk_theorem_check(game: NormalFormGame, target: Sequence[Any] | str, *,
                       minmax_kind: str = "mixed", minmax_result: MinmaxResult | None = None) -> FolkTheoremCheck:
    """Check a target payoff (or pure profile) against the folk theorem's conditions.

    Parameters
    ----------
    game : NormalFormGame
    target : sequence of numbers, or sequence of strategy labels / "C,C"
        A payoff vector, or a pure profile whose payoff vector is checked.
    minmax_kind : str
        ``"mixed"`` (the folk theorem's minmax) or ``"pure"``.
    minmax_result : MinmaxResult, optional
        Minmax values already computed (then ``minmax_kind`` is taken from it).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> folk_theorem_check(pd, "C,C").sustainable
    True
    >>> folk_theorem_check(pd, [1, 1]).margins     # the stage equilibrium is not strictly above minmax
    (0.0, 0.0)
    """
    fs = feasible_set(game, minmax_kind=minmax_kind, minmax_result=minmax_result)
    minmax_kind = fs.minmax.kind
    n = game.num_players
    if isinstance(target, str):
        target = [s.strip() for s in target.split(",")]
    if len(target) != n:
        raise InvalidProfileError(f"target names {len(target)} entries; the game has {n} players")
    if all(isinstance(t, str) for t in target):
        idx = tuple(game.strategy_index(i, s) for i, s in enumerate(target))
        x = np.array([game.payoff_array[(i, *idx)] for i in range(n)])
    else:
        try:
            x = np.array([float(t) for t in target])
        except (TypeError, ValueError):
            raise InvalidProfileError("target must be payoff numbers or strategy labels") from None
    feasible = fs.contains(x, tol=1e-9)
    margins = tuple(float(x[i] - float(fs.minmax.values[i])) for i in range(n))
    tol = game.tolerance()
    margins = tuple(0.0 if abs(m) <= tol else m for m in margins)
    full = fs.dimension == n
    ok = feasible and all(m > 0 for m in margins) and (n <= 2 or full)
    return FolkTheoremCheck(tuple(float(v) for v in x), feasible, margins, minmax_kind, full, ok)


def plot_feasible(game: NormalFormGame, *, ax: Any = None, target: Sequence[float] | None = None) -> Any:
    """Plot the feasible and individually rational payoffs of a two-player game.

    Needs matplotlib (the ``plot`` extra); uses the Agg backend when none is
    set. Returns the matplotlib Axes.
    """
    if game.num_players != 2:
        raise InvalidGameError("the feasible-set plot is for two-player games")
    try:
        import matplotlib

        if ax is None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("plotting needs matplotlib: pip install 'gametheory[plot]'") from None
    fs = feasible_set(game)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    v = fs.vertices
    if len(v) >= 3:
        ax.fill(v[:, 0], v[:, 1], alpha=0.2, label="feasible")
    ir = fs.individually_rational_vertices() if len(v) >= 3 else np.empty((0, 2))
    if len(ir) >= 3:
        ax.fill(ir[:, 0], ir[:, 1], alpha=0.5, label="individually rational")
    ax.scatter(fs.points[:, 0], fs.points[:, 1], color="k", s=12, zorder=3)
    low = [float(x) for x in fs.minmax.values]
    ax.axvline(low[0], ls="--", lw=0.8, color="grey")
    ax.axhline(low[1], ls="--", lw=0.8, color="grey")
    if target is not None:
        ax.scatter([target[0]], [target[1]], marker="*", s=120, color="C3", zorder=4, label="target")
    ax.set_xlabel(game.players[0])
    ax.set_ylabel(game.players[1])
    ax.legend(loc="best")
    return ax
