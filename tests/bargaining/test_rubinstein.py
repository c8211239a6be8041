"""Alternating offers: calibration oracles, outside options, breakdown, finite horizon, Nash limit."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import assume, given, settings, strategies as st

from gametheory.bargaining import (
    FeasibleSet,
    alternating_offers,
    fearon_range,
    nash_solution,
    offer_path,
    rubinstein,
    rubinstein_solution,
)
from gametheory.exceptions import InvalidGameError

unit = st.fractions(min_value=F(1, 100), max_value=F(99, 100), max_denominator=100)


def test_rubinstein_calibration() -> None:
    """Rubinstein (1982) [L4]: 0.5263 for delta = 0.9, 0.7143 for (0.9, 0.8); exactly 10/19 and 5/7."""
    assert rubinstein(0.9).proposer_share == pytest.approx(0.5263, abs=1e-4)
    assert rubinstein(0.9, 0.8).proposer_share == pytest.approx(0.7143, abs=1e-4)
    assert rubinstein(F(9, 10)).proposer_share == F(10, 19)
    assert rubinstein(F(9, 10), F(8, 10)).proposer_share == F(5, 7)
    assert rubinstein(F(9, 10)).proposals == ((F(10, 19), F(9, 19)), (F(9, 19), F(10, 19)))


def test_fearon_calibration() -> None:
    """Fearon (1995) [L6]: p = 0.6, c = (0.1, 0.15) gives [0.50, 0.75]."""
    assert fearon_range(0.6, 0.1, 0.15) == pytest.approx((0.50, 0.75))
    assert fearon_range(F(3, 5), F(1, 10), F(3, 20)) == (F(1, 2), F(3, 4))
    with pytest.raises(InvalidGameError):
        fearon_range(1.5, 0.1, 0.1)


@settings(max_examples=80, deadline=None)
@given(unit, unit, st.fractions(min_value=0, max_value=F(99, 100), max_denominator=100))
def test_outside_option_binds_only_above_the_rubinstein_share(d1, d2, w2) -> None:  # type: ignore[no-untyped-def]
    base = rubinstein(d1, d2)
    res = alternating_offers(d1, d2, outside=(0, w2))
    if w2 <= base.responder_share:
        assert res.proposer_share == base.proposer_share and res.binding == (False, False)
    else:
        assert res.proposer_share == 1 - w2 and res.binding[1]


@settings(max_examples=60, deadline=None)
@given(st.fractions(min_value=F(1, 1000), max_value=F(1, 2), max_denominator=1000),
       st.fractions(min_value=0, max_value=F(1, 2), max_denominator=20),
       st.fractions(min_value=0, max_value=F(1, 2), max_denominator=20))
def test_breakdown_closed_form(p, b1, b2) -> None:  # type: ignore[no-untyped-def]
    """No discounting, breakdown probability p: x1 = (1 + (1 - p) b1 - b2) / (2 - p) (BRW 1986)."""
    res = alternating_offers(1, 1, breakdown=p, breakdown_payoffs=(b1, b2))
    assert res.proposer_share == (1 + (1 - p) * b1 - b2) / (2 - p)


@pytest.mark.parametrize("k", [3, 6, 9])
def test_breakdown_risk_tends_to_nash_with_the_breakdown_point(k: int) -> None:
    b = (F(1, 5), F(1, 10))
    nash = nash_solution(FeasibleSet.transferable(1), b).solution
    res = alternating_offers(1, 1, breakdown=F(1, 10**k), breakdown_payoffs=b)
    assert abs(res.proposer_share - nash[0]) <= F(1, 10**k)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(4, 9))
def test_asymmetric_patience_tends_to_weighted_nash(r1, r2, k) -> None:  # type: ignore[no-untyped-def]
    """delta_i = 1 - r_i e: as e -> 0 the split tends to the Nash solution with weights 1 / r_i."""
    e = F(1, 10**k)
    res = rubinstein(1 - r1 * e, 1 - r2 * e)
    weighted = F(r2, r1 + r2)      # (1/r1) / (1/r1 + 1/r2)
    assert abs(res.proposer_share - weighted) <= 10 * e


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-8, 8), st.integers(-8, 8)), min_size=2, max_size=8), st.data())
def test_rubinstein_on_a_polygon_tends_to_nash(pts, data) -> None:  # type: ignore[no-untyped-def]
    """Binmore-Rubinstein-Wolinsky: as delta -> 1 the SPE agreement tends to the Nash solution."""
    fs = FeasibleSet.from_points(pts)
    d = data.draw(st.sampled_from(pts))
    nash = nash_solution(fs, d)
    assume(not nash.certificate.get("degenerate"))
    for k in (4, 8):
        delta = 1 - F(1, 10**k)
        res = rubinstein_solution(fs, d, (delta, delta))
        x, y = res.details["proposals"].values()
        assert res.exact
        assert fs.upper(x[0]) == x[1] and fs.upper(y[0]) == y[1]              # both proposals efficient
        assert y[0] - d[0] >= delta * (x[0] - d[0]) and x[1] - d[1] >= delta * (y[1] - d[1])
        scale = max(1, *(abs(c) for p in pts for c in p))
        assert abs(res.solution[0] - nash.solution[0]) <= 100 * scale * F(1, 10**k)


def test_rubinstein_on_transferable_utility_with_a_disagreement_point() -> None:
    res = rubinstein_solution(FeasibleSet.transferable(10), (2, 1), (F(9, 10), F(8, 10)), first=1)
    # player 2 proposes first (delta 0.8, responder 0.9): (1 - 0.9) / (1 - 0.72) = 5/14 of the pie of 7
    assert res.solution == (2 + F(9, 14) * 7, 1 + F(5, 14) * 7) == (F(13, 2), F(7, 2))
    assert res.details["proposals"]["Player 2"] == res.solution


@pytest.mark.parametrize("rounds", [1, 2, 3, 10, 11])
def test_finite_horizon_backward_induction(rounds: int) -> None:
    d1, d2 = F(9, 10), F(8, 10)
    path = offer_path(d1, d2, rounds=rounds)
    # by hand: the last proposer takes the pie; each earlier proposer leaves the responder delta_j * continuation
    share = F(1)
    for t in range(rounds - 1, 0, -1):
        responder_delta = d2 if t % 2 == 1 else d1
        share = 1 - responder_delta * share
    assert path.agreement[0] == share and path.agreement[0] + path.agreement[1] == 1
    assert len(path.rounds) == rounds and path.rounds[0]["proposer"] == 0


def test_finite_horizon_converges_to_the_stationary_share() -> None:
    d1, d2 = F(9, 10), F(8, 10)
    star = rubinstein(d1, d2).proposer_share
    gaps = [abs(offer_path(d1, d2, rounds=2 * n + 1).agreement[0] - star) for n in range(1, 30, 4)]
    assert all(b < a for a, b in zip(gaps, gaps[1:])) and gaps[-1] < F(1, 10**4)
    assert offer_path(d1, d2, rounds=5).stationary.proposer_share == star


@pytest.mark.parametrize("kwargs, message", [
    ({"delta1": 1}, "discount factors"),
    ({"delta1": F(1, 2), "outside": (F(1, 2), F(1, 2))}, "no agreement"),
    ({"delta1": F(1, 2), "breakdown": 2}, "probability"),
    ({"delta1": F(1, 2), "pie": 0}, "positive"),
])
def test_validation(kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidGameError, match=message):
        alternating_offers(**kwargs)


def test_rubinstein_on_a_frontier_function() -> None:
    import sympy

    u = sympy.Symbol("u")
    fs = FeasibleSet.from_frontier(4 - u**2 / 4, 0, 4)
    nash = nash_solution(fs, (0, 0)).solution
    for delta, gap in ((0.9, 0.5), (0.999, 0.01)):
        res = rubinstein_solution(fs, (0, 0), (delta, delta))
        x, y = res.details["proposals"].values()
        assert x[1] == pytest.approx(4 - x[0] ** 2 / 4) and y[1] == pytest.approx(4 - y[0] ** 2 / 4)
        assert y[0] == pytest.approx(delta * x[0]) and x[1] == pytest.approx(delta * y[1])
        assert abs(res.solution[0] - nash[0]) < gap


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-9, 9), st.integers(-9, 9)), min_size=1, max_size=8), st.data())
def test_rubinstein_agreement_is_efficient_and_rational_even_when_degenerate(pts, data) -> None:  # type: ignore[no-untyped-def]
    fs = FeasibleSet.from_points(pts)
    d = data.draw(st.sampled_from(pts))
    u = rubinstein_solution(fs, d, (F(9, 10), F(19, 20))).solution
    assert u[0] >= d[0] and u[1] >= d[1]
    assert fs.upper(u[0]) == u[1] and fs.right(u[1]) == u[0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=1, max_size=10), st.data())
def test_float_problems_never_fail(pts, data) -> None:  # type: ignore[no-untyped-def]
    _check_float_problem(pts, data.draw(st.sampled_from(pts)))


def test_float_problem_with_a_denormal_gain() -> None:
    # found by CI: the only gain over d is 1.4e-45, which made the frontier search fail
    _check_float_problem([(-1.0, 0.0), (0.0, 1.401298464324817e-45)], (-1.0, 0.0))


def test_float_problem_with_a_disagreement_point_at_rounding_distance() -> None:
    # found by hypothesis: the hull merges (3e-169, 0) with (0, 0); d = (3e-169, 0) is still feasible
    pts = [(0.0, 0.0)] * 6 + [(0.0, 1.0), (0.0, -1.0), (-1.0, 0.0), (3.14123656890383e-169, 0.0)]
    assert FeasibleSet.from_points(pts).vertices == ((0.0, 1.0),)
    _check_float_problem(pts, pts[-1])


def _check_float_problem(pts, d) -> None:  # type: ignore[no-untyped-def]
    fs = FeasibleSet.from_points(pts)
    for res in (nash_solution(fs, d), rubinstein_solution(fs, d, (0.9, 0.95))):
        u = res.solution
        assert u[0] >= d[0] - 1e-9 * 50 and u[1] >= d[1] - 1e-9 * 50
