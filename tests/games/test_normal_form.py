"""NormalFormGame: construction, validation, payoffs, regret, Pareto efficiency."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import InvalidGameError, InvalidProfileError, NormalFormGame

F = Fraction


def pd() -> NormalFormGame:
    return NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["Row", "Col"],
                          strategies=[["C", "D"], ["C", "D"]])


def test_labels_and_shape() -> None:
    g = pd()
    assert g.players == ("Row", "Col")
    assert g.strategies == (("C", "D"), ("C", "D"))
    assert g.shape == (2, 2) and g.num_players == 2
    assert g.is_exact and g.payoffs[0][1, 0] == F(5)


def test_floats_are_float_unless_asked() -> None:
    g = NormalFormGame([[[0.5, 1]], [[1, 2]]])
    assert not g.is_exact
    e = NormalFormGame([[[0.1, 1]], [[1, 2]]], exact=True)
    assert e.payoffs[0][0, 0] == F(1, 10)


@pytest.mark.parametrize(
    "payoffs, message",
    [
        ([[[1, float("nan")]], [[1, 2]]], "finite"),
        ([[[1, float("inf")]], [[1, 2]]], "finite"),
        ([[[1, 2]], [[1, 2, 3]]], "shape"),
        ([[1, 2], [3, 4]], "dimensions"),
        ([np.zeros((0, 2)), np.zeros((0, 2))], "at least one strategy"),
        ([], "at least one player"),
    ],
)
def test_invalid_games_are_refused(payoffs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidGameError, match=message):
        NormalFormGame(payoffs)


def test_invalid_labels() -> None:
    with pytest.raises(InvalidGameError, match="duplicate"):
        NormalFormGame([[[1, 2]], [[1, 2]]], strategies=[["a"], ["x", "x"]])
    with pytest.raises(InvalidGameError, match="labels"):
        NormalFormGame([[[1, 2]], [[1, 2]]], strategies=[["a"], ["x"]])
    assert issubclass(InvalidGameError, ValueError)


def test_expected_payoffs_exact_and_float() -> None:
    g = pd()
    half = [F(1, 2), F(1, 2)]
    assert g.expected_payoffs([half, half]) == (F(9, 4), F(9, 4))
    u = g.expected_payoffs([[0.5, 0.5], [0.25, 0.75]])
    # Row: 0.5*(0.25*3 + 0.75*0) + 0.5*(0.25*5 + 0.75*1) = 0.375 + 1.0
    assert math.isclose(u[0], 1.375)


def test_profiles_are_validated() -> None:
    g = pd()
    with pytest.raises(InvalidProfileError, match="sums to"):
        g.regret([[0.5, 0.6], [1, 0]])
    with pytest.raises(InvalidProfileError, match="negative"):
        g.regret([[-0.5, 1.5], [1, 0]])
    with pytest.raises(InvalidProfileError, match="entries"):
        g.regret([[1, 0, 0], [1, 0]])


def test_regret_and_best_responses() -> None:
    g = pd()
    assert g.regret(g.pure_profile(["D", "D"])) == 0
    assert g.regret(g.pure_profile(["C", "C"])) == F(2)
    assert g.player_regrets(g.pure_profile(["C", "D"])) == (F(1), F(0))
    assert g.best_responses(g.pure_profile(["C", "C"]), "Row") == (1,)
    assert g.is_nash(g.pure_profile(["D", "D"]))


def test_pareto_efficient_profiles() -> None:
    assert pd().pareto_efficient_profiles() == [("C", "C"), ("C", "D"), ("D", "C")]


def test_from_function_three_players() -> None:
    def payoff(a: str, b: str, c: str) -> tuple[int, int, int]:
        k = [a, b, c].count("x")
        return (k, -k, 2 * k)

    g = NormalFormGame.from_function(payoff, [["x", "y"], ["x", "y"], ["x", "y"]])
    assert g.shape == (2, 2, 2)
    assert g.payoffs[2][0, 0, 1] == 4
    third = [F(1, 3), F(2, 3)]
    # E[k] = 3 * 1/3: payoffs (1, -1, 2)
    assert g.expected_payoffs([third] * 3) == (F(1), F(-1), F(2))


def test_nashpy_round_trip() -> None:
    nashpy = pytest.importorskip("nashpy")
    g = pd()
    ng = g.to_nashpy()
    assert isinstance(ng, nashpy.Game)
    back = NormalFormGame.from_nashpy(ng, strategies=[["C", "D"], ["C", "D"]])
    assert np.array_equal(back.payoff_array, g.payoff_array)


def test_restrict_keeps_labels() -> None:
    g = pd().restrict([[1], [0, 1]])
    assert g.strategies == (("D",), ("C", "D")) and g.payoffs[0].tolist() == [[F(5), F(1)]]


@settings(max_examples=40, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
              elements=st.integers(-5, 5)),
       st.data())
def test_regret_is_zero_iff_no_profitable_pure_deviation(table, data) -> None:  # type: ignore[no-untyped-def]
    """Property: exact regret equals the best unilateral pure deviation gain, computed by brute force."""
    g = NormalFormGame([table, -table, table * 2])
    profile = []
    for k in g.shape:
        w = data.draw(st.lists(st.integers(0, 4), min_size=k, max_size=k).filter(lambda v: sum(v) > 0))
        profile.append([F(x, sum(w)) for x in w])
    base = g.expected_payoffs(profile)
    gains = []
    for i, k in enumerate(g.shape):
        for j in range(k):
            dev = list(profile)
            dev[i] = [F(int(t == j)) for t in range(k)]
            gains.append(g.expected_payoffs(dev)[i] - base[i])
    assert g.regret(profile) == max(max(gains), 0)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([(2, 3), (3, 2, 2), (2, 2, 3, 2)]), st.data())
def test_exact_strategy_payoffs_match_a_direct_sum(shape, data) -> None:  # type: ignore[no-untyped-def]
    # the exact certificate works in integers (common denominators, used strategies only); compare with
    # the definition, a sum over pure profiles in Fractions
    import itertools

    rationals = st.fractions(min_value=-50, max_value=50, max_denominator=12)
    pays = [np.array(data.draw(st.lists(rationals, min_size=math.prod(shape), max_size=math.prod(shape))),
                     dtype=object).reshape(shape) for _ in shape]
    game = NormalFormGame(pays)
    profile = []
    for m in shape:
        weights = data.draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(lambda w: sum(w) > 0))
        profile.append([F(w, sum(weights)) for w in weights])
    for i, m in enumerate(shape):
        direct = []
        for s in range(m):
            total = F(0)
            for rest in itertools.product(*[range(shape[j]) for j in range(len(shape)) if j != i]):
                full = (*rest[:i], s, *rest[i:])
                total += pays[i][full] * math.prod(profile[j][full[j]] for j in range(len(shape)) if j != i)
            direct.append(total)
        assert list(game.strategy_payoffs(profile, i)) == direct
    assert game.expected_payoffs(profile) == tuple(
        sum(p * v for p, v in zip(profile[i], game.strategy_payoffs(profile, i))) for i in range(len(shape)))
    # the certificate's one-pass payoffs and regret (integers over one denominator; a matrix-vector product
    # per player in floats) against the definition
    payoffs, regret = game._payoffs_and_regret(profile)
    direct = [[sum(pays[i][(*rest[:i], s, *rest[i:])] * math.prod(profile[j][full_j] for j, full_j in
                   zip([j for j in range(len(shape)) if j != i], rest))
                   for rest in itertools.product(*[range(shape[j]) for j in range(len(shape)) if j != i]))
               for s in range(m)] for i, m in enumerate(shape)]
    own = [sum(p * v for p, v in zip(profile[i], direct[i])) for i in range(len(shape))]
    assert payoffs == tuple(own)
    assert regret == max(max(d) - o for d, o in zip(direct, own))
    fpayoffs, fregret = game._payoffs_and_regret([[float(v) for v in p] for p in profile])
    assert np.allclose(fpayoffs, [float(v) for v in own], atol=1e-9)
    assert abs(fregret - float(regret)) < 1e-9
