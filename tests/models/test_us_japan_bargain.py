"""us_japan_bargain: every number of its description, recomputed by hand or from the library's summary.

The hand computation uses the framework's closed forms (tests/models/_framework.py) at the model's
defaults: deal payoffs, the threat game, the Nash product at the solution's vertex of the grid hull and
its directional derivatives along both frontier edges (a maximum of a concave product on a polygon).
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import gametheory.models as models
from gametheory.bargaining import BargainingProblem, bargaining_summary
from gametheory.cli.main import cli
from tests.models._framework import annuity, gain, loss

X, A, E, INC = 148.2, 52.3, 2.53, 0.6
PV = annuity(0.04, 3)
VALUE_US = 0.5 * 0.05 + 0.02           # US profit share x yield + spillover, per $ per year
COST_JP = 0.04 - 0.5 * 0.05            # funding cost net of Japan's profit share
RATES = {"tariff_10": 0.10, "tariff_24": 0.24, "letter_25_autos": 0.25}
JAPAN_COST = {"no_retaliation": (0, 0), "withhold_investment": (5, 2), "slow_walk": (2, 1)}  # (to US, to Japan)


def us(t: float, i: float = 0.0) -> float:
    return (gain(X, t, E, INC) + VALUE_US * i) * PV


def japan(t: float, i: float = 0.0) -> float:
    return -(loss(X, t, E, INC) + COST_JP * i + 0.04 * i**2 / (2 * 1253.3)) * PV


def threat_payoffs(us_move: str, japan_move: str) -> tuple[float, float]:
    t = RATES[us_move]
    c_us, c_jp = JAPAN_COST[japan_move]
    us_flow = gain(X - A, t, E, INC) + gain(A, 0.275, E, INC) - c_us
    jp_flow = loss(X - A, t, E, INC) + loss(A, 0.275, E, INC) + c_jp
    return us_flow * PV, -jp_flow * PV


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return models.load("us_japan_bargain")


@pytest.fixture(scope="module")
def problem(model) -> BargainingProblem:  # type: ignore[no-untyped-def]
    return model.build()


@pytest.fixture(scope="module")
def summary(model):  # type: ignore[no-untyped-def]
    return bargaining_summary(model)


def test_threat_game_and_deals_by_hand(model, problem) -> None:  # type: ignore[no-untyped-def]
    game = model.build("threat_game")
    for i, a in enumerate(game.strategies[0]):
        for j, b in enumerate(game.strategies[1]):
            assert (game.payoff_array[0][i, j], game.payoff_array[1][i, j]) == pytest.approx(threat_payoffs(a, b))
    assert len(problem.deals.deals) == 8 * 21


def test_a_higher_investment_yield_helps_both_sides(model) -> None:  # type: ignore[no-untyped-def]
    lo = bargaining_summary(model, model.values(investment_yield=0.04)).actual["payoffs"]
    hi = bargaining_summary(model, model.values(investment_yield=0.06)).actual["payoffs"]
    assert hi[0] > lo[0] and hi[1] > lo[1]


def test_threat_solution_by_hand(problem) -> None:  # type: ignore[no-untyped-def]
    d = threat_payoffs("letter_25_autos", "withhold_investment")
    res = problem.solve("threats")
    assert res.disagreement == pytest.approx(d) and res.solution == pytest.approx((us(0.10, 250), japan(0.10, 250)))
    assert res.details["threats"]["US"]["letter_25_autos"] == 1
    assert res.details["threats"]["Japan"]["withhold_investment"] == 1

    # the Nash product (u - d) is maximal at the vertex (10%, $250bn): it falls along both frontier edges
    def product(p: tuple[float, float]) -> float:
        return (p[0] - d[0]) * (p[1] - d[1])

    v = (us(0.10, 250), japan(0.10, 250))
    for other in (200, 300):
        w = (us(0.10, other), japan(0.10, other))
        step = (v[0] + 1e-6 * (w[0] - v[0]), v[1] + 1e-6 * (w[1] - v[1]))
        assert product(step) < product(v)


def test_predicted_and_actual_deal(summary) -> None:  # type: ignore[no-untyped-def]
    deal = summary.predicted_deals["threats"]["terms"]
    assert float(deal["tariff"]) == pytest.approx(0.10) and float(deal["investment"]) == pytest.approx(250)
    actual = summary.actual
    assert actual["payoffs"] == pytest.approx((us(0.15, 550), japan(0.15, 550)))
    d = threat_payoffs("letter_25_autos", "withhold_investment")
    gains = summary.comparison["actual_gains"]
    assert gains == pytest.approx((actual["payoffs"][0] - d[0], actual["payoffs"][1] - d[1]))
    assert gains[1] < 0 and summary.comparison["implied_weight"] is None   # outside Japan's rational set


def test_description_states_the_computed_numbers(model, summary) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(model.description.split())
    s, tv, cmp_ = summary, summary.threat_values, summary.comparison

    def g(x: float) -> str:
        return f"{float(x):.4g}"

    sols = s.solutions
    numbers = [*map(g, s.disagreement.values), *map(g, sols["threats"].solution),
               *map(g, sols["kalai-smorodinsky"].solution), *map(g, sols["egalitarian"].solution),
               *map(g, sols["rubinstein"].solution), g(tv.gains["US"]), g(tv.gains["Japan"]),
               g(tv.by_strategy["Japan"]["withhold_investment"]), g(tv.by_strategy["US"]["letter_25_autos"]),
               *map(g, s.actual["payoffs"]), g(-cmp_["actual_gains"][1]), g(cmp_["frontier_gap"]),
               g(cmp_["efficient_deal_at_actual"]["terms"]["investment"]),
               g(s.predicted_deals["threats"]["terms"]["investment"])]
    for number in numbers:
        assert re.search(rf"(?<![\d.]){re.escape(number.lstrip('-'))}(?![\d])", text), number
    assert tv.by_strategy["Japan"]["slow_walk"] == 0 and "slow-walking nothing" in text


def test_the_knife_edge_between_the_us_threats_is_reported(summary, model) -> None:  # type: ignore[no-untyped-def]
    # the letter adds less than 1% of the US's threat value over the 24% rate: flagged in the description
    tv = summary.threat_values
    assert 0 < tv.by_strategy["US"]["letter_25_autos"] < 0.01 * tv.gains["US"]
    assert "near tie between the US's two threats" in " ".join(model.description.split())


def test_other_solutions_and_rubinstein(summary) -> None:  # type: ignore[no-untyped-def]
    sols = summary.solutions
    assert sols["nash"].solution == pytest.approx(sols["threats"].solution)
    rub = sols["rubinstein"]
    x, y = rub.details["proposals"]["US"], rub.details["proposals"]["Japan"]
    d, delta = summary.disagreement.values, 0.98
    assert y[0] - d[0] == pytest.approx(delta * (x[0] - d[0])) and x[1] - d[1] == pytest.approx(delta * (y[1] - d[1]))
    assert rub.solution == pytest.approx(x)                      # the US proposes first; accepted at once


def test_cli_json(summary) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["bargain", "us_japan_bargain", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["players"] == ["US", "Japan"] and data["method"] == "threats"
    assert data["threat"]["gains"]["US"] == pytest.approx(float(summary.threat_values.gains["US"]))
    assert data["predicted_deal"]["terms"]["tariff"] == pytest.approx(0.10)
    assert data["actual"]["terms"] == {"tariff": 0.15, "investment": 550.0}
    assert data["comparison"]["implied_weight"] is None
