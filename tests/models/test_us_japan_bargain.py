"""The us_japan_bargain model: every number of its description, checked against a hand computation.

The hand computation uses only the formulas of the model file and plain Fractions: the payoffs of
a deal, the threat game, the Nash product maximised in closed form on one frontier edge
(t = -(b1 a2 + b2 a1) / (2 b1 b2) for the segment P + t (Q - P) and a = P - d), and the saddle
point of the zero-sum threat game m1 A - m2 B at that edge's normal (Nash 1953).
"""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from click.testing import CliRunner

import gametheory.models as models
from gametheory.bargaining import BargainingProblem, bargaining_summary
from gametheory.cli.main import cli

X, AUTOS = F("148.2"), F("52.3")
KAPPA, EPS = F("0.7"), F(2)
VALUE_US = F("0.5") * F("0.05") + F("0.02")             # US profit share x yield + spillover, per $ per year
BASE_COST_JP = F("0.04") - F("0.5") * F("0.05")          # funding cost net of Japan's profit share
FUNDING, RESERVES = F("0.04"), F("1253.3")
LETTER = (F("0.25") * (X - AUTOS) + F("0.275") * AUTOS) / X
RATES = {"tariff_10": F("0.10"), "tariff_24": F("0.24"), "letter_25_autos": LETTER}
JAPAN_COST = {"no_retaliation": (0, 0), "withhold_investment": (5, 2), "slow_walk": (2, 1)}  # (to US, to Japan)


def us(tariff: F, investment: F = F(0)) -> F:
    return KAPPA * tariff * X - EPS / 2 * tariff**2 * X + VALUE_US * investment


def japan(tariff: F, investment: F = F(0)) -> F:
    return -KAPPA * tariff * X - BASE_COST_JP * investment - FUNDING * investment**2 / (2 * RESERVES)


def threat_payoffs(us_move: str, japan_move: str) -> tuple[F, F]:
    t = RATES[us_move]
    c_us, c_jp = JAPAN_COST[japan_move]
    return us(t) - c_us, japan(t) - c_jp


def nash_on_edge(p: tuple[F, F], q: tuple[F, F], d: tuple[F, F]) -> tuple[F, F]:
    a1, a2 = p[0] - d[0], p[1] - d[1]
    b1, b2 = q[0] - p[0], q[1] - p[1]
    t = -(b1 * a2 + b2 * a1) / (2 * b1 * b2)
    assert 0 < t < 1
    return p[0] + t * b1, p[1] + t * b2


def edge(i0: int, i1: int) -> tuple[tuple[F, F], tuple[F, F]]:
    ten = F("0.10")
    return (us(ten, F(i0)), japan(ten, F(i0))), (us(ten, F(i1)), japan(ten, F(i1)))


@pytest.fixture(scope="module")
def problem() -> BargainingProblem:
    return models.load("us_japan_bargain").build()


@pytest.fixture(scope="module")
def summary():  # type: ignore[no-untyped-def]
    return bargaining_summary(models.load("us_japan_bargain"))


def test_model_and_threat_game(problem: BargainingProblem) -> None:
    m = models.load("us_japan_bargain")
    assert m.kind == "bargaining" and m.players == ("US", "Japan") and m.views() == ("bargaining", "threat_game")
    game = m.build("threat_game")
    for i, a in enumerate(game.strategies[0]):
        for j, b in enumerate(game.strategies[1]):
            assert (game.exact_payoff_array[0][i, j], game.exact_payoff_array[1][i, j]) == threat_payoffs(a, b)
    assert problem.feasible.exact and len(problem.deals.deals) == 8 * 21
    # 10 points of tariff on $148.2bn are $14.82bn of duties a year (calibration.md, derived)
    assert F("0.10") * X == F("14.82")


def test_threat_solution_by_hand(problem: BargainingProblem) -> None:
    p, q = edge(400, 450)
    d = threat_payoffs("letter_25_autos", "withhold_investment")
    u = nash_on_edge(p, q, d)
    res = problem.solve("threats")
    assert res.exact and res.solution == u and res.disagreement == d
    assert float(d[0]) == pytest.approx(11.9225, abs=1e-4) and float(d[1]) == pytest.approx(-28.85025, abs=1e-9)
    assert [round(float(x), 2) for x in u] == [27.22, -19.14]
    # (letter, withhold) is a saddle point of the zero-sum game m1 A - m2 B at the edge's normal
    m1, m2 = p[1] - q[1], q[0] - p[0]
    value = {(a, b): m1 * threat_payoffs(a, b)[0] - m2 * threat_payoffs(a, b)[1]
             for a in RATES for b in JAPAN_COST}
    star = value[("letter_25_autos", "withhold_investment")]
    assert all(value[(a, "withhold_investment")] <= star for a in RATES)
    assert all(value[("letter_25_autos", b)] >= star for b in JAPAN_COST)
    assert star == m1 * u[0] - m2 * u[1]
    assert res.details["threats"]["US"]["letter_25_autos"] == 1
    assert res.details["threats"]["Japan"]["withhold_investment"] == 1


def test_predicted_deal_by_hand(problem: BargainingProblem) -> None:
    p, q = edge(400, 450)
    u = nash_on_edge(p, q, threat_payoffs("letter_25_autos", "withhold_investment"))
    t = (u[0] - p[0]) / (q[0] - p[0])
    deal = problem.deal_terms(problem.solve("threats").solution)
    assert deal["terms"] == {"tariff": F("0.10"), "investment": 400 + 50 * t}
    assert round(float(deal["terms"]["investment"])) == 407
    # the grid is fine enough: with a continuous package the optimum moves by less than $5bn
    d = threat_payoffs("letter_25_autos", "withhold_investment")
    lo, hi = 0.0, 1000.0
    for _ in range(100):       # bisection on the derivative of the Nash product along tariff = 10%
        mid = (lo + hi) / 2
        g1 = float(us(F("0.1"))) + float(VALUE_US) * mid - float(d[0])
        g2 = float(japan(F("0.1"))) - float(BASE_COST_JP) * mid - float(FUNDING) * mid**2 / (2 * float(RESERVES)) \
            - float(d[1])
        slope = float(VALUE_US) * g2 - (float(BASE_COST_JP) + float(FUNDING) * mid / float(RESERVES)) * g1
        lo, hi = (mid, hi) if slope > 0 else (lo, mid)
    assert abs(lo - float(deal["terms"]["investment"])) < 5


def test_what_the_threats_are_worth_by_hand(problem: BargainingProblem) -> None:
    tv = problem.threat_values()
    full = tv.full.solution
    # without its tariff threats the US gets the status quo: 10%, no package, Japan's best outcome
    status_quo = (us(F("0.10")), japan(F("0.10")))
    assert status_quo == (F("8.892"), F("-10.374"))
    assert tv.without["US"].solution == status_quo
    assert all(japan(F(t), F(i)) <= status_quo[1] for t in ("0.10", "0.2") for i in (0, 50, 1000))
    assert tv.gains["US"] == full[0] - status_quo[0]
    assert round(float(tv.gains["US"]), 2) == 18.33
    # without Japan's threats, the US threatens the letter and Japan cannot answer: d = (letter, no retaliation)
    u = nash_on_edge(*edge(400, 450), threat_payoffs("letter_25_autos", "no_retaliation"))
    assert tv.without["Japan"].solution == u
    assert tv.gains["Japan"] == full[1] - u[1]
    assert round(float(tv.gains["Japan"]), 2) == 0.59
    assert round(float(tv.by_strategy["Japan"]["withhold_investment"]), 2) == 0.45
    assert tv.by_strategy["Japan"]["slow_walk"] == 0


def test_actual_deal_and_comparison(summary) -> None:  # type: ignore[no-untyped-def]
    actual = summary.actual
    assert actual["terms"] == {"tariff": F("0.15"), "investment": 550}
    assert actual["payoffs"] == (us(F("0.15"), F(550)), japan(F("0.15"), F(550)))
    assert float(actual["payoffs"][0]) == pytest.approx(36.9765)
    d = summary.disagreement.values
    assert summary.comparison["actual_gains"] == (actual["payoffs"][0] - d[0], actual["payoffs"][1] - d[1])
    assert round(float(summary.comparison["actual_gains"][1]), 2) == 0.21
    assert round(float(summary.comparison["frontier_gap"]), 2) == 2.68
    assert summary.comparison["efficient_deal_at_actual"]["terms"]["tariff"] == F("0.10")
    assert round(float(summary.comparison["efficient_deal_at_actual"]["terms"]["investment"])) == 624
    assert summary.comparison["implied_weight"] == pytest.approx(0.87, abs=0.005)
    data = summary.to_json()
    assert data["method"] == "threats" and len(data["solution"]) == 2 and len(data["disagreement"]) == 2
    json.dumps(data)


def test_other_solutions_and_rubinstein(summary) -> None:  # type: ignore[no-untyped-def]
    sols = summary.solutions
    assert sols["nash"].solution == sols["threats"].solution      # the threat point is the disagreement point
    assert [round(float(x), 2) for x in sols["kalai-smorodinsky"].solution] == [27.57, -19.36]
    assert [round(float(x), 2) for x in sols["egalitarian"].solution] == [23.72, -17.06]
    rub = sols["rubinstein"]
    assert [round(float(x), 2) for x in rub.solution] == [27.38, -19.24]
    x, y = rub.details["proposals"]["US"], rub.details["proposals"]["Japan"]
    d, delta = summary.disagreement.values, F("0.98")
    assert y[0] - d[0] == delta * (x[0] - d[0]) and x[1] - d[1] == delta * (y[1] - d[1])
    assert rub.solution == x                                       # the US proposes first; accepted at once


def test_description_states_these_numbers() -> None:
    text = models.load("us_japan_bargain").description
    for number in ("11.92", "-28.85", "27.22", "-19.14", "27.57", "23.72", "27.38", "18.33", "0.59", "$407bn",
                   "36.98", "-28.64", "0.87", "$2.68bn", "$624bn"):
        assert number in text, number


def test_cli_json() -> None:
    result = CliRunner().invoke(cli, ["bargain", "us_japan_bargain", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["players"] == ["US", "Japan"] and data["method"] == "threats"
    assert data["threat"]["gains"]["US"] == pytest.approx(18.3316, abs=1e-4)
    assert data["predicted_deal"]["terms"]["tariff"] == pytest.approx(0.10)
    assert data["actual"]["terms"] == {"tariff": 0.15, "investment": 550.0}
    assert data["comparison"]["implied_weight"] == pytest.approx(0.87, abs=0.005)
