"""Critical discount factors against hand-derived closed forms."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.exceptions import InvalidProfileError
from gametheory.repeated.discount import critical_discount, critical_discount_symbolic


def pd(T: int = 5, R: int = 3, P: int = 1, S: int = 0) -> NormalFormGame:
    return NormalFormGame([[[R, S], [T, P]], [[R, T], [S, P]]], strategies=[["C", "D"], ["C", "D"]])


def test_prisoners_dilemma_textbook_values() -> None:
    # Friedman (1971) [L11], Axelrod (1984) [L13]: grim iff delta >= (T-R)/(T-P) = 1/2; TFT iff delta >= max(1/2, (T-R)/(R-S)) = 2/3.
    cd = critical_discount(pd(), ["C", "C"])
    assert cd.grim_overall == Fraction(1, 2)
    assert cd.tit_for_tat_overall == Fraction(2, 3)
    assert cd.punishment == ("D", "D")
    # k = 2: delta + delta^2 = (T-R)/(R-P) = 1 -> golden-ratio conjugate; k = 1 needs delta >= 1.
    assert math.isclose(cd.k_period_overall(2), (math.sqrt(5) - 1) / 2, rel_tol=1e-12)
    assert cd.k_period_overall(1) is None


def test_tft_formula_other_regime() -> None:
    # (T,R,P,S) = (6,3,1,0), 2R = T + S: grim (6-3)/5 = 3/5, alternation (6-3)/(3-0) = 1: TFT never sustains C,C.
    cd = critical_discount(pd(6, 3, 1, 0), "C,C")
    assert cd.grim_overall == Fraction(3, 5)
    assert cd.tit_for_tat_overall is None
    # (T,R,P,S) = (4,3,0,-3): (4-3)/4 = 1/4 vs (4-3)/6 = 1/6 -> the defect-forever bound binds.
    assert critical_discount(pd(4, 3, 0, -3), "C,C").tit_for_tat_overall == Fraction(1, 4)


def test_asymmetric_game_per_player() -> None:
    # Row: T=6 R=4 P=1 S=0. Column: T=7 R=3 P=2 S=-3.
    row = [[4, 0], [6, 1]]
    col = [[3, 7], [-3, 2]]
    g = NormalFormGame([row, col], strategies=[["C", "D"], ["C", "D"]])
    cd = critical_discount(g, ["C", "C"])
    assert cd.grim == (Fraction(2, 5), Fraction(4, 5))          # (T-R)/(T-P)
    assert cd.grim_overall == Fraction(4, 5)
    assert cd.tit_for_tat == (Fraction(1, 2), Fraction(4, 5))   # max((T-R)/(T-P), (T-R)/(R-S))
    assert cd.k_period[1] == (Fraction(2, 3), None)            # (T-R)/(R-P) = 2/3 and 4 >= 1
    assert math.isclose(cd.k_period[2][0], (-1 + math.sqrt(1 + 8 / 3)) / 2, rel_tol=1e-12)
    assert cd.k_period[3][1] is None                            # needs delta+delta^2+delta^3 >= 4
    five = critical_discount(g, ["C", "C"], k=[5]).k_period[5][1]
    assert math.isclose(sum(five ** j for j in range(1, 6)), 4.0, rel_tol=1e-9)
    assert cd.sustainable(0.81) == {"grim": True, "tit_for_tat": True, "k1": False, "k2": False, "k3": False}


@pytest.mark.parametrize("n", [3, 4])
def test_n_player_public_good(n: int) -> None:
    # Each cooperator pays c and gives b to every other player: grim needs delta >= c / (b (n-1)).
    b, c = 2, 3

    def pay(*acts: str) -> list[int]:
        coop = [a == "C" for a in acts]
        return [b * (sum(coop) - coop[i]) - c * coop[i] for i in range(n)]

    g = NormalFormGame.from_function(pay, [["C", "D"]] * n)
    cd = critical_discount(g, ["C"] * n)
    assert cd.grim == tuple([Fraction(c, b * (n - 1))] * n)
    assert cd.tit_for_tat is None and any("two players" in x for x in cd.notes)


def test_punishment_must_be_a_stage_equilibrium() -> None:
    with pytest.raises(InvalidProfileError):
        critical_discount(pd(), "C,C", punishment="C,D")
    with pytest.raises(InvalidProfileError):
        critical_discount(pd(), "C")


def test_target_already_an_equilibrium_needs_no_patience() -> None:
    cd = critical_discount(pd(), "D,D")
    assert cd.grim_overall == 0 and cd.tit_for_tat_overall == 0


def test_symbolic_matches_numeric() -> None:
    T, R, P, S = sp.symbols("T R P S", positive=True)
    table = [[[R, S], [T, P]], [[R, T], [S, P]]]
    cd = critical_discount_symbolic(table, [["C", "D"], ["C", "D"]], ["C", "C"], ["D", "D"])
    assert sp.simplify(cd.symbolic["grim"] - (T - R) / (T - P)) == 0
    val = {T: 5, R: 3, P: 1, S: 0}
    assert cd.symbolic["tit_for_tat"].subs(val) == sp.Rational(2, 3)
    assert cd.symbolic["k1"].subs(val) == 1
    assert sp.nsimplify(cd.symbolic["k2"].subs(val)) == (sp.sqrt(5) - 1) / 2
    with pytest.raises(ValueError):
        critical_discount_symbolic([[["1", 0], [0, 0]], [[0, 0], [0, 0]]], [["C", "D"], ["C", "D"]],
                                   ["C", "C"], ["D", "D"])


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 20), st.integers(1, 20), st.integers(1, 20))
def test_grim_threshold_is_exactly_the_indifference_point(gap_tr: int, gap_rp: int, gap_ps: int) -> None:
    # Any PD ordering T > R > P > S: at the threshold the deviator is exactly indifferent.
    S = 0
    P = S + gap_ps
    R = P + gap_rp
    T = R + gap_tr
    cd = critical_discount(pd(T, R, P, S), "C,C")
    d = cd.grim_overall
    if d is not None:
        assert R == (1 - d) * T + d * P
    else:
        assert Fraction(T - R, T - P) >= 1
    t = cd.tit_for_tat_overall
    assert t is None or t >= d
