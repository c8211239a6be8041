"""Feasible payoffs and the folk-theorem check."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.exceptions import InvalidProfileError
from gametheory.repeated.feasible import feasible_set, folk_theorem_check, plot_feasible

PD = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])


def test_pd_hull_and_individually_rational_region() -> None:
    fs = feasible_set(PD)
    assert {tuple(v) for v in fs.vertices} == {(1, 1), (5, 0), (3, 3), (0, 5)}
    # Shoelace area of (0,5), (1,1), (5,0), (3,3): 10.
    assert fs.volume == pytest.approx(10.0)
    ir = fs.individually_rational_vertices()
    # IR part: x, y >= 1: vertices (1,1), (13/3, 1), (3,3), (1, 13/3); area 20/3.
    expect = {(1.0, 1.0), (13 / 3, 1.0), (3.0, 3.0), (1.0, 13 / 3)}
    assert len(ir) == 4 and all(min(np.hypot(*(np.array(e) - v)) for e in expect) < 1e-12 for v in ir)
    x, y = ir[:, 0], ir[:, 1]
    assert abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2 == pytest.approx(20 / 3)


def test_folk_theorem_targets() -> None:
    assert folk_theorem_check(PD, "C,C").sustainable
    dd = folk_theorem_check(PD, ["D", "D"])
    assert dd.feasible and not dd.individually_rational and not dd.sustainable
    out = folk_theorem_check(PD, [4, 4])
    assert not out.feasible and not out.sustainable
    assert folk_theorem_check(PD, [2.5, 2.0]).sustainable
    with pytest.raises(InvalidProfileError):
        folk_theorem_check(PD, [1, 2, 3])


def test_three_player_dimension_condition() -> None:
    # Pure common interest (all players get the same payoff): the feasible set is a segment, dimension 1 < 3,
    # so Fudenberg-Maskin's condition fails even though (C,C,C) is above the minmax point.
    def pay(*acts: str) -> list[int]:
        v = 2 * sum(a == "C" for a in acts)
        return [v, v, v]

    g = NormalFormGame.from_function(pay, [["C", "D"]] * 3)
    fs = feasible_set(g)
    assert fs.dimension == 1 and fs.volume == 0.0
    chk = folk_theorem_check(g, "C,C,C")
    assert chk.feasible and chk.individually_rational and not chk.full_dimensional and not chk.sustainable


def test_plot_returns_axes(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    ax = plot_feasible(PD, target=[3, 3])
    ax.figure.savefig(tmp_path / "pd.png")
    assert (tmp_path / "pd.png").stat().st_size > 0
    assert ax.get_xlabel() == "Player 1"
