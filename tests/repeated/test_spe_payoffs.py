"""SPE payoff sets: exact polygons for the PD and agreement with QuantEcon's Abreu-Sannikov."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.repeated._spe_payoffs import spe_payoffs

PD = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])


def _quantecon_hull(game: NormalFormGame, delta: float) -> tuple[float, np.ndarray]:
    gt = pytest.importorskip("quantecon.game_theory")
    a, b = game.payoff_array
    sg = gt.NormalFormGame([[(a[i, j], b[i, j]) for j in range(a.shape[1])] for i in range(a.shape[0])])
    hull = gt.RepeatedGame(sg, delta).equilibrium_payoffs()
    return float(hull.volume), hull.points[hull.vertices]


def _hausdorff_to(poly: np.ndarray, points: np.ndarray) -> float:
    return float(max(np.min(np.linalg.norm(poly - p, axis=1)) for p in points))


@pytest.mark.parametrize("delta", [0.3, 0.6, 0.9])
def test_pd_agrees_with_quantecon(delta: float) -> None:
    ours = spe_payoffs(PD, delta)
    area, verts = _quantecon_hull(PD, delta)
    # Below delta = 1/2 only (D,D) play and their mixtures with (C,D)/(D,C) at the boundary survive:
    # QuantEcon's set is the triangle (1,1), (4,1), (1,4) (area 4.5); from 1/2 on, the IR region (20/3).
    assert area == pytest.approx(4.5 if delta < 0.5 else 20 / 3)
    assert ours.converged
    assert ours.area >= area - 1e-6                # an outer approximation contains the set
    assert ours.area == pytest.approx(area, rel=5e-3)
    assert _hausdorff_to(ours.outer_vertices, verts) < 0.01
    assert np.allclose(ours.threat_point, [1, 1])
    assert ours.contains([3, 3]) == (delta >= 0.5)


def test_asymmetric_game_converges_to_quantecon_with_more_directions() -> None:
    g = NormalFormGame([[[4, 0], [6, 2]], [[2, 5], [0, 1]]])
    area, verts = _quantecon_hull(g, 0.5)
    coarse, fine = spe_payoffs(g, 0.5, directions=64), spe_payoffs(g, 0.5, directions=512)
    assert area - 1e-6 <= fine.area <= coarse.area + 1e-9
    assert fine.area == pytest.approx(area, rel=0.02)
    assert np.allclose(fine.threat_point, verts.min(axis=0), atol=1e-6)


def test_no_pure_spe_in_matching_pennies() -> None:
    mp = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    res = spe_payoffs(mp, 0.9)
    assert res.empty and res.area == 0.0


def test_validation() -> None:
    with pytest.raises(ValueError):
        spe_payoffs(PD, 1.0)
    with pytest.raises(ValueError):
        spe_payoffs(PD, 0.5, directions=3)


def _inside(poly: np.ndarray, p: np.ndarray, tol: float) -> bool:
    from scipy.spatial import ConvexHull

    hull = ConvexHull(poly)
    return bool(np.all(hull.equations[:, :2] @ p + hull.equations[:, 2] <= tol))


@pytest.mark.parametrize("game, delta", [(PD, 0.3), (PD, 0.6), (PD, 0.9),
                                         (NormalFormGame([[[4, 0], [6, 2]], [[2, 5], [0, 1]]]), 0.5),
                                         (NormalFormGame([[[4, 0], [6, 2]], [[2, 5], [0, 1]]]), 0.8)])
def test_inner_inside_quantecon_inside_outer(game: NormalFormGame, delta: float) -> None:
    """The inner estimate lies in the true set (QuantEcon's Abreu-Sannikov hull), the true set in the outer
    polygon, and the error bound holds: every true vertex is within it of the inner polygon. (Before, an
    inner vertex of the PD at 0.9 was (4.336, 1), outside the set whose extreme point is (13/3, 1).)"""
    from gametheory.repeated._spe_payoffs import _distance_to_polygon

    ours = spe_payoffs(game, delta)
    _, verts = _quantecon_hull(game, delta)
    assert len(ours.inner_vertices) >= 3
    for v in ours.inner_vertices:
        assert _inside(verts, v, 1e-7), v
    for v in verts:
        assert _inside(ours.outer_vertices, v, 1e-7), v
        assert _distance_to_polygon(ours.inner_vertices, v) <= ours.error_bound + 1e-9
    assert ours.error_bound < 0.05


def test_pd_inner_vertex_is_the_true_extreme_point() -> None:
    """At delta = 0.9 the PD's set is the individually rational feasible region: extreme points (1, 1),
    (13/3, 1), (3, 3), (1, 13/3). The inner estimate reaches (13/3, 1) but not beyond."""
    ours = spe_payoffs(PD, 0.9)
    assert ours.inner_vertices[:, 0].max() <= 13 / 3 + 1e-8
    assert ours.inner_vertices[:, 0].max() == pytest.approx(13 / 3, abs=1e-6)
