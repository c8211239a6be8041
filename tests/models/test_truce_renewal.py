"""The truce_renewal model: calibrated thresholds, the canonical oracle, views, and the commands."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy as sp
from click.testing import CliRunner

import gametheory.models as models
from gametheory import NormalFormGame
from gametheory.cli.main import cli
from gametheory.exceptions import ModelError, ParameterError
from gametheory.repeated import RepeatedGame, finite_spe, strategies
from gametheory.repeated.discount import critical_discount_symbolic

CANONICAL = {"truce": 3, "war": 1, "gain_us": 2, "gain_china": 2, "sucker_us": 1, "sucker_china": 1}


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return models.load("truce_renewal")


def test_registered_with_views(model) -> None:  # type: ignore[no-untyped-def]
    assert "truce_renewal" in models.available()
    assert model.kind == "repeated" and model.players == ("US", "China")
    assert model.views() == ("repeated", "stage")
    assert isinstance(model.build(), RepeatedGame)
    assert isinstance(model.build("stage"), NormalFormGame)
    for p in model.parameters:
        assert p.source == "assumption" or p.source in model.description or any(
            p.source in c for c in model.citations)


def test_defaults_give_the_described_thresholds(model) -> None:  # type: ignore[no-untyped-def]
    rg = model.build()
    assert rg.delta == Fraction(49, 50)
    cd = rg.critical_discount()
    # grim: gain/(gain + |war|) = 1/3.9; TFT: max(that, gain/(|war| + sucker)) = 1/3.4; one round: gain/|war|.
    assert cd.grim_overall == Fraction(10, 39)
    assert cd.tit_for_tat_overall == Fraction(5, 17)
    assert cd.k_period_overall(1) == Fraction(10, 29)
    assert all(rg.sustainable().values())


def test_canonical_prisoners_dilemma_oracle(model) -> None:  # type: ignore[no-untyped-def]
    cd = model.build(**CANONICAL).critical_discount()
    assert (cd.grim_overall, cd.tit_for_tat_overall) == (Fraction(1, 2), Fraction(2, 3))


def test_asymmetric_gains_bind_for_the_more_tempted_side(model) -> None:  # type: ignore[no-untyped-def]
    cd = model.build(gain_us=3).critical_discount()
    assert cd.grim == (Fraction(3, Fraction(59, 10)), Fraction(10, 39))  # US: 3/(3 + 2.9)
    assert cd.grim_overall == Fraction(30, 59)


def test_symbolic_thresholds_match_the_numbers(model) -> None:  # type: ignore[no-untyped-def]
    stage = model.symbolic("stage")
    sc = critical_discount_symbolic(stage.payoffs, stage.strategies, ["truce", "truce"], ["escalate", "escalate"])
    subs = {s: model.defaults()[s.name] for s in sc.symbolic["grim"].free_symbols}
    assert sp.nsimplify(sc.symbolic["grim"].subs(subs)) == sp.Rational(10, 39)
    assert {s.name for s in sc.symbolic["tit_for_tat"].free_symbols} == {
        "gain_us", "gain_china", "sucker_us", "sucker_china", "truce", "war"}


def test_finite_truces_unravel(model) -> None:  # type: ignore[no-untyped-def]
    r = finite_spe(model.build("stage"), 4, target="truce,truce")
    assert r.unravels and r.path == (("escalate", "escalate"),) * 4


def test_bounds_and_delta_check(model) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterError):
        model.build(war=1)                 # a war cannot beat the truce
    with pytest.raises(ModelError):
        model.build(delta=1)


def test_tournament_on_the_model_rewards_reciprocity(model) -> None:  # type: ignore[no-untyped-def]
    rg = model.build()
    res = rg.tournament([strategies.strategy_by_name(n) for n in ("tft", "grim", "defector", "cooperator")],
                        rounds=50, repetitions=1)
    # Without noise the reciprocators cooperate with each other and punish the defector after one round.
    assert res.payoff_matrix[0, 1] == 0 and res.payoff_matrix[1, 0] == 0
    # TFT: 0 + 0 + (-3.4 - 49 * 2.9) = -145.5; Defector: 2 * (1 - 49 * 2.9) + 50 = -232.2; Cooperator: -170.
    assert res.scores[0].tolist() == pytest.approx([-145.5, -145.5, -232.2, -170.0])
    assert res.ranking == ("Tit For Tat", "Grim", "Cooperator", "Defector")


def test_cli_on_the_model() -> None:
    out = CliRunner().invoke(cli, ["repeated", "truce_renewal", "--target", "truce,truce", "--json"])
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["critical_delta"]["grim"] == pytest.approx(10 / 39)
    assert data["critical_delta"]["tit_for_tat"] == pytest.approx(5 / 17)
    assert "gain_us" in data["critical_delta"]["symbolic"]["grim"]
    assert data["minmax"] == [-2.9, -2.9]
    assert data["delta"] == 0.98 and data["sustainable"]["grim"]
    sets = [x for k, v in CANONICAL.items() for x in ("--set", f"{k}={v}")]
    out = CliRunner().invoke(cli, ["repeated", "truce_renewal", "--target", "truce,truce", "--json", *sets])
    data = json.loads(out.stdout)
    assert (data["critical_delta"]["grim"], data["critical_delta"]["tit_for_tat"]) == (0.5, pytest.approx(2 / 3))
    t = CliRunner().invoke(cli, ["tournament", "truce_renewal", "--rounds", "10", "--repetitions", "1",
                                 "--noise", "0", "--strategies", "tft,defector", "--json"])
    assert t.exit_code == 0 and json.loads(t.stdout)["ranking"] == ["Defector", "Tit For Tat"]


def test_its_tags_name_the_same_documents_as_in_the_other_models(model) -> None:  # type: ignore[no-untyped-def]
    """One tag scheme: a tag this model cites names the same document wherever another model cites it."""
    import re

    def tagged(m):  # type: ignore[no-untyped-def]
        return {re.match(r"\[([RL]\d+)\]", c).group(1): " ".join(c.split()) for c in m.citations}

    mine = tagged(model)
    for tag in ("R29", "R41", "R42", "R45", "R46", "R53"):
        assert tag in mine
    for name in models.available():
        for tag, text in tagged(models.load(name)).items():
            if tag in mine and tag.startswith("R"):
                assert text == mine[tag], (name, tag)
