"""rare_earth_deterrence: the October 2025 sequence (China's controls, then the US threat) and p* = 1/3.

Hand check at the defaults: China's expected value of expanding its controls is
p_hard * (-2) + (1 - p_hard) * 1 = 1 - 3 p_hard, against 0 for the status quo: it challenges iff p_hard < 1/3.
"""

from __future__ import annotations

import json
from fractions import Fraction

import gametheory.models as models
import pytest
from click.testing import CliRunner
from gametheory.cli.main import cli

from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive.deterrence import (
    critical_probability,
    critical_probability_from_tree,
    perfect_deterrence,
)


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return models.load("rare_earth_deterrence")


def test_the_sequence_is_october_2025(model) -> None:  # type: ignore[no-untyped-def]
    """China moves first (controls, 9 October); the US answers (the 100% tariff, 10 October)."""
    assert model.kind == "tree" and model.players == ("China", "US")
    tree = model.build()
    assert tree.player(tree.root) == "China"
    assert "9 October" in model.description and "10 October" in model.description
    assert model.description.index("9 October") < model.description.index("10 October")


def test_every_utility_is_an_assumption_with_a_range(model) -> None:  # type: ignore[no-untyped-def]
    for p in model.parameters:
        assert p.source == "assumption", p.name
        assert p.minimum is not None and p.maximum is not None, p.name


def test_critical_probability_one_third_at_defaults(model) -> None:  # type: ignore[no-untyped-def]
    values = dict(model.values())
    values.pop("p_hard")
    r = critical_probability_from_tree(model.symbolic(), "p_hard", values=values)
    assert r.value == Fraction(1, 3) == critical_probability((values["cn_win"], values["cn_sq"], values["cn_conflict"]))
    assert (r.below, r.above) == ("expand_controls", "status_quo")


def test_status_quo_at_defaults_and_challenge_below_p_star(model) -> None:  # type: ignore[no-untyped-def]
    (eq,) = backward_induction(model.build()).equilibria
    assert eq["path"] == ("status_quo",)
    assert eq["strategy"]["us_hard"] == "impose_100pct" and eq["strategy"]["us_soft"] == "acquiesce"
    for p, first in ((0.3, "expand_controls"), (0.34, "status_quo")):
        assert backward_induction(model.build(p_hard=p)).equilibria[0]["path"][0] == first


def test_knife_edge_at_p_star_is_reported(model) -> None:  # type: ignore[no-untyped-def]
    res = backward_induction(model.build(p_hard=Fraction(1, 3)))
    assert res.count == 2
    assert {e["path"][0] for e in res.equilibria} == {"status_quo", "expand_controls"}
    assert "knife-edge" in model.description


def test_complete_information_conditions_per_type(model) -> None:  # type: ignore[no-untyped-def]
    v = model.defaults()
    china = (v["cn_win"], v["cn_sq"], v["cn_conflict"])
    hard = perfect_deterrence(china, (v["us_acquiesce"], v["us_sq"], v["us_conflict_hard"]))
    soft = perfect_deterrence(china, (v["us_acquiesce"], v["us_sq"], v["us_conflict_soft"]))
    assert (hard.credible, hard.capable, hard.outcomes) == (True, True, ("status_quo",))
    assert (soft.credible, soft.capable, soft.outcomes) == (False, True, ("concession",))


def test_description_numbers_are_the_computed_ones(model) -> None:  # type: ignore[no-untyped-def]
    v = model.defaults()
    text = " ".join(model.description.split())
    assert (v["cn_win"], v["cn_sq"], v["cn_conflict"]) == (1, 0, -2) and "(1, 0, -2)" in text
    assert (v["us_conflict_hard"], v["us_acquiesce"], v["us_conflict_soft"]) == (Fraction(-1, 2), -1, -2)
    assert "(-0.5 > -1)" in text and "(-2 < -1)" in text and "p_hard = 0.5" in text and v["p_hard"] == Fraction(1, 2)


def test_p_star_moves_with_the_cost_of_conflict(model) -> None:  # type: ignore[no-untyped-def]
    values = {**model.defaults(), "cn_conflict": Fraction(-1)}
    values.pop("p_hard")
    assert critical_probability_from_tree(model.symbolic(), "p_hard", values=values).value == Fraction(1, 2)


def test_credibility_command(model) -> None:  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(cli, ["credibility", "rare_earth_deterrence", "--json"])
    assert out.exit_code == 0, out.output
    threats = {(t["node"], t["action"]): t for t in json.loads(out.output)["threats"]}
    assert threats[("us_hard", "impose_100pct")]["credible"]
    assert not threats[("us_soft", "impose_100pct")]["credible"]
