"""The rare_earth_deterrence model: Zagare-Kilgour conditions and p* = 1/3 at the defaults."""

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


def test_registered_tree(model) -> None:  # type: ignore[no-untyped-def]
    assert model.kind == "tree" and model.players == ("US", "China")
    assert model.views() == ("tree", "normal")


def test_critical_probability_one_third_at_defaults(model) -> None:  # type: ignore[no-untyped-def]
    values = model.defaults()
    r = critical_probability_from_tree(model.symbolic(), "p_hard", values=values)
    assert r.value == Fraction(1, 3) == critical_probability((values["us_win"], values["us_sq"], values["us_conflict"]))
    assert (r.below, r.above) == ("impose_100pct", "status_quo")


def test_status_quo_at_defaults_and_challenge_below_p_star(model) -> None:  # type: ignore[no-untyped-def]
    (eq,) = backward_induction(model.build()).equilibria
    assert eq["path"] == ("status_quo",)
    assert eq["strategy"]["china_hard"] == "rare_earth_controls" and eq["strategy"]["china_soft"] == "concede"
    for p, first in ((0.3, "impose_100pct"), (0.34, "status_quo")):
        assert backward_induction(model.build(p_hard=p)).equilibria[0]["path"][0] == first


def test_complete_information_conditions_per_type(model) -> None:  # type: ignore[no-untyped-def]
    v = model.defaults()
    us = (v["us_win"], v["us_sq"], v["us_conflict"])
    hard = perfect_deterrence(us, (v["china_concede"], v["china_sq"], v["china_conflict_hard"]))
    soft = perfect_deterrence(us, (v["china_concede"], v["china_sq"], v["china_conflict_soft"]))
    assert (hard.credible, hard.capable, hard.outcomes) == (True, True, ("status_quo",))
    assert (soft.credible, soft.capable, soft.outcomes) == (False, True, ("concession",))


def test_p_star_moves_with_the_cost_of_conflict(model) -> None:  # type: ignore[no-untyped-def]
    values = {**model.defaults(), "us_conflict": Fraction(-1)}
    assert critical_probability_from_tree(model.symbolic(), "p_hard", values=values).value == Fraction(1, 2)


def test_credibility_command(model) -> None:  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(cli, ["credibility", "rare_earth_deterrence", "--json"])
    assert out.exit_code == 0, out.output
    threats = {(t["node"], t["action"]): t for t in json.loads(out.output)["threats"]}
    assert threats[("china_hard", "rare_earth_controls")]["credible"]
    assert not threats[("china_soft", "rare_earth_controls")]["credible"]
