"""Verdicts under uncertainty: known probabilities, the fast path against the naive loop, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gametheory.exceptions import ModelError, NotSupportedError, ParameterError
from gametheory.io.scenario import load_model, parse_model
from gametheory.sensitivity import robustness
from gametheory.sensitivity._robustness import solve_draw, wilson_interval

DATA = Path(__file__).parent / "data"

ENTRY = '''
name = "entry"
title = "Entry"
question = "Is fighting credible?"
description = "Selten's entry game; the incumbent fights at a cost c."
citations = ["[L7] Selten 1978"]
players = ["Entrant", "Incumbent"]
[parameters.c]
default = 2
unit = "1"
min = 0
max = 4
source = "assumption"
description = "cost of fighting"
{dist}
[parameters.g]
default = 1
unit = "1"
min = 0
max = 2
source = "L7"
description = "the entrant's gain from entering unopposed"
[game]
kind = "tree"
[game.nodes.start]
player = "Entrant"
actions = ["out", "in"]
children = ["stay_out", "entered"]
[game.nodes.entered]
player = "Incumbent"
actions = ["fight", "accommodate"]
children = ["fought", "shared"]
[game.nodes.stay_out]
payoffs = [0, 2]
[game.nodes.fought]
payoffs = [-1, "1 - c"]
[game.nodes.shared]
payoffs = ["g", 0]
'''


def entry(dist: str = 'distribution = { kind = "uniform", low = 0, high = 4 }'):
    return parse_model(ENTRY.replace("{dist}", dist), source="entry.toml")


@pytest.fixture(scope="module")
def card():
    return load_model(DATA / "treasury_card_uncertain.toml")


@pytest.fixture(scope="module")
def tariffs():
    return load_model(DATA / "us_japan_tariffs_uncertain.toml")


# ---------------------------------------------------------------------- intervals
@pytest.mark.parametrize("k, n, lo, hi", [
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no correction)
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_newcombe(k: int, n: int, lo: float, hi: float) -> None:
    a, b = wilson_interval(k, n)
    assert a == pytest.approx(lo, abs=6e-5) and b == pytest.approx(hi, abs=6e-5)


def test_wilson_interval_is_symmetric_and_shrinks() -> None:
    a, b = wilson_interval(30, 100)
    c, d = wilson_interval(70, 100)
    assert a == pytest.approx(1 - d) and b == pytest.approx(1 - c)
    widths = [np.subtract(*wilson_interval(3 * n // 10, n)[::-1]) for n in (100, 400, 1600)]
    assert widths[0] > widths[1] > widths[2] and widths[1] / widths[2] == pytest.approx(2, rel=0.05)


# ---------------------------------------------------------------------- known answers
@pytest.mark.parametrize("method", ["sobol", "lhs"])
def test_entry_game_probabilities_are_the_closed_form(method: str) -> None:
    # Fighting (1 - c) beats accommodating (0) iff c <= 1: with c ~ U(0, 4) the entrant stays out
    # with probability 1/4, and the threat to fight is credible with probability 1/4.
    res = robustness(entry(), samples=4000, seed=11, method=method)
    assert [o.label for o in res.outcomes] == ["in -> accommodate", "out"]
    out = res.outcomes[1]
    assert out.probability == pytest.approx(0.25, abs=0.01) and out.ci[0] < 0.25 < out.ci[1]
    assert sum(o.probability for o in res.outcomes) == pytest.approx(1.0, abs=1e-12)
    fight = next(v for v in res.verdicts if v.action == "fight")
    assert fight.threat == "Incumbent: fight at entered" and fight.player == "Incumbent"
    assert fight.credible_probability == pytest.approx(0.25, abs=0.01)
    assert fight.off_path_probability == pytest.approx(0.25, abs=0.01)   # off the path exactly when it deters
    assert [v.node for v in res.verdicts] == ["entered", "entered"]     # the root is never off the path
    # c alone decides everything: first-order and total index 1
    assert [d.param for d in res.drivers] == ["c"]
    assert res.drivers[0].first_order == pytest.approx(1, abs=0.03)
    assert res.drivers[0].total_order == pytest.approx(1, abs=0.03)
    assert res.default_outcome == "in -> accommodate" and res.infeasible == {} and res.feasible == 4000


def test_a_discrete_lottery_gives_its_probabilities_exactly() -> None:
    res = robustness(entry('distribution = { kind = "discrete", values = [0.5, 2, 3], '
                           'probabilities = [0.25, 0.5, 0.25] }'), samples=1024, seed=0)
    assert res.probability("out") == 0.25 and res.probability("in -> accommodate") == 0.75


def test_intervals_shrink_as_samples_grow(card) -> None:
    widths = {}
    for n in (250, 1000, 4000):
        res = robustness(card, samples=n, seed=1, drivers=False)
        widths[n] = {o.label: o.ci[1] - o.ci[0] for o in res.outcomes}
    top = "reassure -> cut"
    assert widths[250][top] > widths[1000][top] > widths[4000][top]
    assert widths[250][top] / widths[4000][top] == pytest.approx(4, rel=0.25)   # 1 / sqrt(n)


def test_same_seed_same_draws_other_seed_other_draws(card) -> None:
    a = robustness(card, samples=512, seed=4, drivers=False)
    b = robustness(card, samples=512, seed=4, drivers=False)
    c = robustness(card, samples=512, seed=5, drivers=False)
    assert a.to_json() == b.to_json() and np.array_equal(a.draws, b.draws)
    assert not np.array_equal(a.draws, c.draws)


# ---------------------------------------------------------------------- the fast path is the naive loop
def _naive(model, res, overrides=None):
    names = list(res.uncertain)
    return [solve_draw(model, {**(overrides or {}), **dict(zip(names, map(float, row)))}) for row in res.draws]


def test_tree_fast_path_equals_the_naive_loop(card) -> None:
    res = robustness(card, samples=300, seed=2, drivers=False)
    naive = _naive(card, res)
    rows = {(v.node, v.action): r for r, v in enumerate(res.verdicts)}
    infeasible = 0
    for s, ref in enumerate(naive):
        k = res.outcome_index[s]
        if ref is None:
            infeasible += 1
            assert k == -1
            continue
        assert k >= 0 and res.outcomes[k].label == ref["outcome"], s
        for pair, credible in ref["credible"].items():    # every threat the credibility analysis reports
            assert bool(res.credible[rows[pair], s]) == credible, (s, pair)
    assert infeasible == res.samples - res.feasible > 0    # the draws with deal_tariff > tariff
    assert sum(res.infeasible.values()) == infeasible
    assert set(res.infeasible) == {"treasury_card_uncertain.toml: parameters.deal_tariff.max"}
    assert len({o.label for o in res.outcomes}) >= 2       # the check covers more than one outcome


def test_normal_form_fast_path_equals_the_naive_loop(tariffs) -> None:
    res = robustness(tariffs, samples=200, seed=3, drivers=False)
    naive = _naive(tariffs, res)
    for s, ref in enumerate(naive):
        k = res.outcome_index[s]
        assert (ref is None) == (k == -1)
        if ref is not None:
            assert res.outcomes[k].label == ref["outcome"], s
    labels = {o.label for o in res.outcomes}
    assert len(labels) >= 2 and any("mixed(" in x for x in labels)
    assert res.verdicts == () and res.credible.shape == (0, 200)


def test_overrides_fix_parameters_and_reach_every_draw(card) -> None:
    res = robustness(card, samples=200, seed=6, drivers=False, overrides={"q": 0.9, "audience_cost": 40})
    assert "q" not in res.uncertain and res.fixed["q"] == 0.9 and res.fixed["audience_cost"] == 40
    naive = _naive(card, res, {"q": 0.9, "audience_cost": 40})
    for s, ref in enumerate(naive):
        k = res.outcome_index[s]
        assert (ref is None) == (k == -1)
        if ref is not None:
            assert res.outcomes[k].label == ref["outcome"]


def test_ties_are_counted(card) -> None:
    # Where the US keeps its tariffs after reassurance, reassuring and staying silent tie for Japan.
    res = robustness(card, samples=1000, seed=1, drivers=False)
    keep = res.probability("reassure -> keep")
    assert keep > 0 and res.ties == round(keep * res.feasible)


# ---------------------------------------------------------------------- result form
def test_result_is_frozen_and_its_json_is_complete(card) -> None:
    res = robustness(card, samples=256, seed=1)
    with pytest.raises(AttributeError):
        res.samples = 3  # type: ignore[misc]
    data = json.loads(json.dumps(res.to_json(), allow_nan=False))
    for key in ("samples", "outcomes", "verdicts", "drivers", "infeasible", "seed", "method", "feasible",
                "evaluations", "uncertain", "fixed", "default_outcome", "ties", "confidence"):
        assert key in data
    assert set(data["outcomes"][0]) == {"label", "count", "probability", "ci"}
    assert set(data["verdicts"][0]) >= {"threat", "credible_probability", "ci"}
    assert set(data["drivers"][0]) == {"param", "first_order", "total_order"}
    assert data["evaluations"] == 256 * (len(data["uncertain"]) + 2)
    assert data["infeasible"]["count"] == 256 - data["feasible"]
    # which draws are feasible does not change the drivers' parameters: all drawn parameters appear
    assert {d["param"] for d in data["drivers"]} == set(data["uncertain"])


# ---------------------------------------------------------------------- bad input
def test_a_model_without_distributions_names_the_candidates() -> None:
    m = parse_model(ENTRY.replace("{dist}", ""), source="entry.toml")
    with pytest.raises(ModelError) as info:
        robustness(m, samples=10)
    msg = str(info.value)
    assert msg.startswith("entry.toml: no parameter has a distribution") and "assumed parameters: c" in msg
    assert "\n" not in msg


def test_fixing_every_uncertain_parameter_is_an_error() -> None:
    with pytest.raises(ParameterError, match="nothing is left to draw"):
        robustness(entry(), samples=10, overrides={"c": 1})


@pytest.mark.parametrize("kwargs, fragment", [
    ({"samples": 1}, "samples must be an integer of at least 2"),
    ({"samples": 2.5}, "samples must be an integer"),
    ({"method": "grid"}, "method must be 'sobol' or 'lhs'"),
    ({"overrides": {"nope": 1}}, "unknown parameter 'nope'"),
    ({"overrides": {"g": 9}}, "above its maximum 2"),
    ({"confidence": 1.5}, "confidence"),
])
def test_bad_arguments(kwargs: dict, fragment: str) -> None:
    with pytest.raises(ParameterError, match=fragment.replace("(", r"\(")):
        robustness(entry(), **{"samples": 16, **kwargs})


def test_other_kinds_are_not_supported() -> None:
    import gametheory.models as models

    with pytest.raises(NotSupportedError, match="tree and normal-form models, not 'bargaining'"):
        robustness(models.load("us_japan_bargain"), samples=8)
