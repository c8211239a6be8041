"""The ``distribution`` key of a parameter: parsing, checks at load, inverse CDFs."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.exceptions import ModelError
from gametheory.io.distribution import Distribution, parse_distribution
from gametheory.io.scenario import parse_model

HEAD = '''
name = "toy"
title = "Toy"
question = "Which equilibrium?"
description = "A coordination game whose payoff for matching on x is a parameter."
citations = ["[L3] Myerson 1991"]
players = ["A", "B"]
'''

GAME = '''
[game]
kind = "normal"
[game.strategies]
A = ["x", "y"]
B = ["x", "y"]
[game.payoffs]
A = [["a", 0], [0, "c"]]
B = [["a", 0], [0, "c"]]
'''


def params(a_dist: str = "", c_dist: str = "") -> str:
    return f'''
[parameters.a]
default = 0.5
unit = "1"
min = 0
max = "b"
source = "assumption"
description = "payoff for matching on x (bounded by another parameter)"
{a_dist}

[parameters.b]
default = 2
unit = "1"
min = 1
source = "L3"
description = "upper bound of a"

[parameters.c]
default = 1
unit = "1"
min = 0
max = 4
source = "assumption"
description = "payoff for matching on y"
{c_dist}
'''


def load(a_dist: str = "", c_dist: str = ""):
    return parse_model(HEAD + params(a_dist, c_dist) + GAME, source="toy.toml")


def error(c_dist: str, *fragments: str) -> str:
    with pytest.raises(ModelError) as info:
        load(c_dist=c_dist)
    message = str(info.value)
    assert message.startswith("toy.toml: parameters.c.distribution"), message
    assert "\n" not in message
    for f in fragments:
        assert f in message, message
    return message


def test_each_kind_is_read_stored_and_shown() -> None:
    m = load(c_dist='distribution = { kind = "triangular", low = 0.5, mode = 1, high = 3 }')
    d = m.parameter("c").distribution
    assert d.kind == "triangular" and d["mode"] == 1 and d["low"] == Fraction(1, 2)
    assert m.parameter("c").to_json()["distribution"] == {"kind": "triangular", "low": 0.5, "mode": 1.0,
                                                           "high": 3.0}
    assert m.parameter("b").distribution is None and m.parameter("b").to_json()["distribution"] is None
    assert m.to_json()["parameters"][2]["distribution"]["kind"] == "triangular"
    m = load(c_dist='distribution = { kind = "normal", mean = 1, sd = 0.5 }')
    assert m.parameter("c").distribution.to_json() == {"kind": "normal", "mean": 1.0, "sd": 0.5,
                                                        "truncated_to": [0.0, 4.0]}
    m = load(c_dist='distribution = { kind = "discrete", values = [0, 1, 3], probabilities = [0.2, 0.5, 0.3] }')
    assert m.parameter("c").distribution["probabilities"] == (Fraction(1, 5), Fraction(1, 2), Fraction(3, 10))
    m = load(c_dist='distribution = { kind = "uniform", low = 0, high = 4 }')
    assert m.parameter("c").distribution.support() == (0.0, 4.0)


def test_a_bound_that_depends_on_another_parameter_is_not_checked_at_load() -> None:
    # a <= b is checked sample by sample (robustness marks violations as infeasible), not here.
    m = load(a_dist='distribution = { kind = "uniform", low = 0, high = 10 }')
    d = m.parameter("a").distribution
    assert d.support() == (0.0, 10.0)
    m = load(a_dist='distribution = { kind = "normal", mean = 1, sd = 1 }')
    assert m.parameter("a").distribution.to_json()["truncated_to"] == [0.0, None]


@pytest.mark.parametrize("dist, fragments", [
    ('distribution = { kind = "beta", low = 0, high = 1 }', ("unknown kind 'beta'", "uniform, triangular")),
    ('distribution = { low = 0, high = 1 }', ("missing key 'kind'",)),
    ('distribution = { kind = "uniform", low = 0 }', ("missing key 'high'",)),
    ('distribution = { kind = "uniform", low = 0, high = 1, mode = 0.5 }', (".mode", "unknown key 'mode'")),
    ('distribution = { kind = "uniform", low = 1, high = 1 }', ("low (1) must be below high (1)",)),
    ('distribution = { kind = "uniform", low = 0, high = 5 }', ("reaches 5", "above the parameter's maximum 4")),
    ('distribution = { kind = "uniform", low = -1, high = 2 }', ("below the parameter's minimum 0",)),
    ('distribution = { kind = "uniform", low = "0", high = 2 }', (".low", "expected a number")),
    ('distribution = { kind = "uniform", low = true, high = 2 }', (".low", "expected a number")),
    ('distribution = { kind = "uniform", low = 0, high = inf }', (".high", "finite")),
    ('distribution = { kind = "triangular", low = 0, mode = 3, high = 2 }', (".mode", "not in [low, high]")),
    ('distribution = { kind = "normal", mean = 1, sd = 0 }', (".sd", "must be positive")),
    ('distribution = { kind = "normal", mean = 1, sd = -0.5 }', (".sd", "must be positive")),
    ('distribution = { kind = "normal", mean = 5, sd = 1 }', (".mean", "above the parameter's maximum 4")),
    ('distribution = { kind = "discrete", values = [0, 1], probabilities = [0.5, 0.6] }',
     (".probabilities", "sum to one", "1.1")),
    ('distribution = { kind = "discrete", values = [0, 1], probabilities = [1.5, -0.5] }',
     (".probabilities[0]", "not in [0, 1]")),
    ('distribution = { kind = "discrete", values = [0, 1, 2], probabilities = [0.5, 0.5] }',
     ("3 values but 2 probabilities",)),
    ('distribution = { kind = "discrete", values = [1, 1], probabilities = [0.5, 0.5] }', ("duplicate",)),
    ('distribution = { kind = "discrete", values = [], probabilities = [] }', (".values", "non-empty list")),
    ('distribution = { kind = "discrete", values = [0, 9], probabilities = [0.5, 0.5] }', ("reaches 9",)),
    ('distribution = 3', ("expected a table",)),
])
def test_bad_distributions_are_one_line_errors_naming_the_key(dist: str, fragments: tuple[str, ...]) -> None:
    error(dist, *fragments)


def test_bounds_that_leave_no_room() -> None:
    with pytest.raises(ModelError, match="leave no room"):
        parse_distribution({"kind": "normal", "mean": 1, "sd": 1}, "w", 1, 1)


# ---------------------------------------------------------------------- inverse CDFs against closed forms
GRID = (np.arange(20000) + 0.5) / 20000  # midpoints: integrals over u become averages


def test_uniform_and_triangular_moments() -> None:
    d = parse_distribution({"kind": "uniform", "low": 2, "high": 6}, "w")
    x = d.ppf(GRID)
    assert x.mean() == pytest.approx(4, abs=1e-9) and x.var() == pytest.approx(16 / 12, rel=1e-6)
    d = parse_distribution({"kind": "triangular", "low": 1, "mode": 2, "high": 6}, "w")
    x = d.ppf(GRID)
    # Mean (a + c + b) / 3, variance (a^2 + b^2 + c^2 - ab - ac - bc) / 18.
    assert x.mean() == pytest.approx(3, rel=1e-6)
    assert x.var() == pytest.approx((1 + 36 + 4 - 6 - 2 - 12) / 18, rel=1e-4)
    # The CDF at the mode is (c - a) / (b - a).
    assert d.ppf([0.2]) == pytest.approx([2.0])


def test_triangular_with_the_mode_at_an_end() -> None:
    d = parse_distribution({"kind": "triangular", "low": 0, "mode": 0, "high": 3}, "w")
    assert d.ppf(GRID).mean() == pytest.approx(1, rel=1e-6)
    d = parse_distribution({"kind": "triangular", "low": 0, "mode": 3, "high": 3}, "w")
    assert d.ppf(GRID).mean() == pytest.approx(2, rel=1e-6)


def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


@pytest.mark.parametrize("mean, sd, lo, hi", [(1, 0.5, 0, 4), (0.9, 0.3, 0, 1), (3, 2, 0, None), (-1, 1, None, None)])
def test_truncated_normal_matches_its_cdf(mean: float, sd: float, lo: float | None, hi: float | None) -> None:
    d = parse_distribution({"kind": "normal", "mean": mean, "sd": sd}, "w", lo, hi)
    a = 0.0 if lo is None else _phi((lo - mean) / sd)
    b = 1.0 if hi is None else _phi((hi - mean) / sd)
    for u in (0.01, 0.3, 0.5, 0.77, 0.99):
        x = float(d.ppf([u])[0])
        assert (_phi((x - mean) / sd) - a) / (b - a) == pytest.approx(u, abs=1e-9)
        assert (lo is None or x >= lo) and (hi is None or x <= hi)


def test_discrete_frequencies_are_the_probabilities() -> None:
    d = parse_distribution({"kind": "discrete", "values": [18, 40, 72], "probabilities": [0.25, 0.5, 0.25]}, "w")
    x = d.ppf(GRID)
    assert [np.mean(x == v) for v in (18, 40, 72)] == [0.25, 0.5, 0.25]
    assert d.ppf([0.0, 0.2499, 0.25, 0.7499, 0.75, 1.0]).tolist() == [18, 18, 40, 40, 72, 72]


KINDS = [
    {"kind": "uniform", "low": -1, "high": 2},
    {"kind": "triangular", "low": 0, "mode": 0.3, "high": 1},
    {"kind": "normal", "mean": 0.2, "sd": 0.1},
    {"kind": "discrete", "values": [3, 1, 2], "probabilities": [0.2, 0.3, 0.5]},
]


@settings(max_examples=60, deadline=None)
@given(k=st.integers(0, len(KINDS) - 1), us=st.lists(st.floats(0, 1), min_size=2, max_size=30))
def test_ppf_stays_in_the_support(k: int, us: list[float]) -> None:
    d = parse_distribution(KINDS[k], "w", 0 if KINDS[k]["kind"] == "normal" else None,
                           1 if KINDS[k]["kind"] == "normal" else None)
    x = d.ppf(us)
    lo, hi = d.support()
    assert np.all(x >= lo) and np.all(x <= hi)
    if d.kind != "discrete":  # continuous inverse CDFs are non-decreasing
        order = np.argsort(us, kind="stable")
        assert np.all(np.diff(x[order]) >= -1e-12)


def test_distribution_is_frozen_and_hashable() -> None:
    d = Distribution("uniform", (("low", Fraction(0)), ("high", Fraction(1))))
    assert hash(d) == hash(Distribution("uniform", (("low", Fraction(0)), ("high", Fraction(1)))))
    with pytest.raises(AttributeError):
        d.kind = "normal"  # type: ignore[misc]
