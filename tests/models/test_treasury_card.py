"""treasury_card: every number of its description, recomputed by hand and checked against the tree.

The hand computation re-derives the framework's closed forms in plain floats (constant-elasticity import
demand, incidence split of the surplus loss, present values, mark-to-market, refinancing cost, the US's
response probability) from the model's defaults, then solves the tree by hand:

  per year: US gain 9.915 (letter) / 8.150 (15%); Japan's loss 17.245 / 11.189; package worth 26.75 to the
  US and costing Japan 10.25 + 4.827 (reserves share) = 15.08; all x annuity(4%, 3 y) = 2.7751.
  A $100bn sale at 18 / 40 / 72 bp: Japan loses 5 x rise x (943 - 50) + 5 = 13.04 / 22.86 / 37.15; the US
  pays 29.58 / 65.73 / 118.3 of refinancing and gives in with probability 0.309 / 0.560 / 0.772.
"""

from __future__ import annotations

import math
import re

import pytest

from gametheory import models
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive._credibility import credibility
from gametheory.extensive.thresholds import action_thresholds, credibility_thresholds, model_bounds
from tests.models._framework import annuity, gain, surplus_loss

NODE = "japan_follows_through"
D = {"horizon": 3, "r": 0.04, "X": 148.2, "A": 52.3, "tau": 0.25, "tau_a": 0.275, "tau_d": 0.15, "inc": 0.6,
     "e": 2.53, "I": 550, "y": 0.05, "share": 0.5, "spill": 0.02, "fc": 0.04, "R": 1253.3, "P": 8, "ps": 0.25,
     "H": 943, "s": 100, "dur": 5, "fx": 5, "rep": 3000, "scale": 80, "alliance": 5, "audience": 0}


def hand(**kw: float) -> dict[str, float]:
    d = {**D, **kw}
    a = annuity(d["r"], d["horizon"])
    X, A, e, inc = d["X"], d["A"], d["e"], d["inc"]
    us_keep = gain(X - A, d["tau"], e, inc) + gain(A, d["tau_a"], e, inc)
    us_cut = gain(X, d["tau_d"], e, inc)
    jp_keep = inc * (surplus_loss(X - A, d["tau"], e) + surplus_loss(A, d["tau_a"], e))
    jp_cut = inc * surplus_loss(X, d["tau_d"], e)
    pkg_us = d["I"] * (d["share"] * d["y"] + d["spill"]) + d["P"] * d["ps"]
    pkg_jp = d["I"] * (d["fc"] - (1 - d["share"]) * d["y"]) + d["fc"] * d["I"] ** 2 / (2 * d["R"]) + d["P"] * d["ps"]
    out = {"US_KEEP": us_keep * a, "US_CUT": us_cut * a, "US_DEAL": (us_cut + pkg_us) * a,
           "JP_KEEP": -jp_keep * a, "JP_CUT": -jp_cut * a, "JP_DEAL": -(jp_cut + pkg_jp) * a,
           "pkg_us": pkg_us * a, "pkg_jp": pkg_jp * a}
    weights = sum(k * (1 + d["r"]) ** -k for k in range(1, int(d["horizon"]) + 1))
    sell = loss = give = sting = 0.0
    for prob, bp in ((0.25, 18), (0.5, 40), (0.25, 72)):
        rise = bp / 1e4 * d["s"] / 100
        lost = d["dur"] * rise * (d["H"] - d["s"] / 2) + d["fx"]
        cost = rise * d["rep"] * weights
        p = 1 - math.exp(-cost / d["scale"])
        out[f"p_{bp}"] = p
        loss, give, sting = loss + prob * lost, give + prob * p, sting + prob * cost
        sell += prob * (p * out["JP_CUT"] + (1 - p) * out["JP_KEEP"] - lost)
    out.update(loss=loss, give=give, sting=sting, sell=sell - d["alliance"])
    out["back_down"] = max(out["JP_DEAL"], out["JP_KEEP"]) - d["alliance"] - d["audience"]
    return out


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return models.load("treasury_card")


@pytest.fixture(scope="module")
def sell_thresholds(model):  # type: ignore[no-untyped-def]
    values = model.values()
    found = credibility_thresholds(model.symbolic(), values, model_bounds(model, values), items=[(NODE, "sell")])
    return {t.parameter: t for t in found[(NODE, "sell")]}


@pytest.fixture(scope="module")
def deal_thresholds(model):  # type: ignore[no-untyped-def]
    values = model.values()
    found = credibility_thresholds(model.symbolic(), values, model_bounds(model, values),
                                   items=[("deal_after_silence", "take_deal")])
    return {t.parameter: t for t in found[("deal_after_silence", "take_deal")]}


def test_terminal_payoffs_match_the_hand_computation(model) -> None:  # type: ignore[no-untyped-def]
    h, tree = hand(), model.build()
    expect = {"silent_keep": ("JP_KEEP", "US_KEEP"), "silent_deal": ("JP_DEAL", "US_DEAL"),
              "silent_concede": ("JP_CUT", "US_CUT")}
    for node, (jp, us) in expect.items():
        assert tree.payoffs(node) == pytest.approx((h[jp], h[us]), rel=1e-12)
    assert tree.payoffs("threat_concede") == pytest.approx((h["JP_CUT"] - 5, h["US_CUT"]), rel=1e-12)
    for bp, name in ((18, "low"), (40, "mid"), (72, "high")):
        assert float(tree.probability(f"stung_{name}", f"sold_{name}_cut")) == pytest.approx(h[f"p_{bp}"], rel=1e-12)


def test_the_pledge_is_cheap_talk(model) -> None:  # type: ignore[no-untyped-def]
    # reassuring and staying silent lead to the same subgame: every terminal payoff is the same
    tree = model.build()
    for end in ("keep", "deal", "concede"):
        assert tree.payoffs(f"reassured_{end}") == tree.payoffs(f"silent_{end}")


def test_equilibria_at_the_defaults(model) -> None:  # type: ignore[no-untyped-def]
    h = hand()
    spe = backward_induction(model.build())
    assert spe.count == 2
    assert {e["path"] for e in spe.equilibria} == {("reassure", "keep", "refuse"), ("silent", "keep", "refuse")}
    for eq in spe.equilibria:
        assert eq["payoffs"] == pytest.approx((h["JP_KEEP"], h["US_KEEP"]), rel=1e-12)
        assert {k: v for k, v in eq["strategy"].items() if k != "japan_opens"} == {
            "us_after_reassure": "keep", "us_after_silence": "keep", "us_after_threat": "keep",
            "deal_after_reassure": "refuse", "deal_after_silence": "refuse", "deal_after_back_down": "refuse",
            NODE: "back_down"}
    # the US would offer the deal: the package is worth more to it than the tariff gain it gives up
    assert h["US_DEAL"] > h["US_KEEP"] > h["US_CUT"]


def test_selling_is_not_credible_and_its_cost(model) -> None:  # type: ignore[no-untyped-def]
    h = hand()
    res = credibility(model.build(), commitment=False)
    sell = next(t for t in res.threats if (t.node, t.action) == (NODE, "sell"))
    assert not sell.credible and sell.player == "Japan" and not sell.on_path
    assert sell.cost == pytest.approx(h["back_down"] - h["sell"], rel=1e-12)
    assert sell.cost == pytest.approx(h["loss"] - h["give"] * (h["JP_CUT"] - h["JP_KEEP"]), rel=1e-12)


def test_the_us_response_grows_with_the_sale_and_the_yield_draw(model) -> None:  # type: ignore[no-untyped-def]
    tree = model.build()
    p = [float(tree.probability(f"stung_{n}", f"sold_{n}_cut")) for n in ("low", "mid", "high")]
    assert p[0] < p[1] < p[2]
    small = model.build(sale=10)
    assert float(small.probability("stung_mid", "sold_mid_cut")) < p[1] / 5
    assert float(small.probability("stung_mid", "sold_mid_cut")) == pytest.approx(hand(s=10)["p_40"], rel=1e-12)


def test_sell_thresholds(model, sell_thresholds) -> None:  # type: ignore[no-untyped-def]
    h = hand()
    a = sell_thresholds["audience_cost"]
    assert a.relation == ">=" and float(a.value) == pytest.approx(h["back_down"] - h["sell"], rel=1e-9)
    for never in ("sale", "response_scale", "fx_cost", "duration", "repriced", "alliance_cost"):
        assert sell_thresholds[never].relation == "never", never
    hz = sell_thresholds["horizon"]
    assert hz.relation == ">=" and hand(horizon=6)["sell"] > hand(horizon=6)["back_down"]
    assert hand(horizon=5)["sell"] < hand(horizon=5)["back_down"]
    hold = sell_thresholds["holdings"]
    assert hold.relation == "<=" and hand(H=float(hold.value) * 0.99)["sell"] > hand(H=float(hold.value) * 0.99)["back_down"]


@pytest.mark.parametrize("param", ["audience_cost", "horizon", "holdings"])
def test_thresholds_flip_credibility_in_the_full_tree(model, sell_thresholds, param) -> None:  # type: ignore[no-untyped-def]
    t = sell_thresholds[param]
    x = float(t.value)
    eps = 1e-4 * max(abs(x), 1)
    credible_side = x + eps if t.relation == ">=" else x - eps
    other_side = x - eps if t.relation == ">=" else x + eps
    assert backward_induction(model.build(**{param: credible_side})).equilibria[0]["strategy"][NODE] == "sell"
    assert backward_induction(model.build(**{param: other_side})).equilibria[0]["strategy"][NODE] == "back_down"


def test_a_credible_sale_makes_the_us_concede_and_japan_threaten(model) -> None:  # type: ignore[no-untyped-def]
    spe = backward_induction(model.build(audience_cost=20))
    assert spe.count == 1
    eq = spe.equilibria[0]
    assert eq["strategy"][NODE] == "sell" and eq["path"] == ("threaten", "concede")


def test_deal_thresholds(model, deal_thresholds) -> None:  # type: ignore[no-untyped-def]
    for param, key in (("investment_yield", "y"), ("funding_cost", "fc"), ("investment", "I"), ("us_profit_share", "share")):
        t = deal_thresholds[param]
        x = float(t.value)
        near, far = (x * 1.001, x * 0.999) if t.relation == ">=" else (x * 0.999, x * 1.001)
        assert hand(**{key: near})["JP_DEAL"] > hand(**{key: near})["JP_KEEP"], param
        assert hand(**{key: far})["JP_DEAL"] < hand(**{key: far})["JP_KEEP"], param


def described(model) -> str:  # type: ignore[no-untyped-def]
    return " ".join(model.description.split())


def test_description_states_the_computed_numbers(model, sell_thresholds, deal_thresholds) -> None:  # type: ignore[no-untyped-def]
    h, text = hand(), described(model)

    def g(x: float) -> str:
        return f"{float(x):.4g}"

    numbers = {
        "Japan's payoff": g(h["JP_KEEP"]), "threatening": g(h["JP_KEEP"] - 5),
        "US concession cost": g(h["US_KEEP"] - h["US_CUT"]), "relief": g(h["JP_CUT"] - h["JP_KEEP"]),
        "package to Japan": g(h["pkg_jp"]), "package to the US": g(h["pkg_us"]),
        "sell cost": g(h["back_down"] - h["sell"]), "expected loss": g(h["loss"]),
        "expected relief": g(h["give"] * (h["JP_CUT"] - h["JP_KEEP"])), "refinancing": g(h["sting"]),
        "give-in probability": g(h["give"]),
        "audience": g(sell_thresholds["audience_cost"].value), "horizon": g(sell_thresholds["horizon"].value),
        "holdings": g(sell_thresholds["holdings"].value),
    }
    numbers.update({p: g(deal_thresholds[p].value) for p in ("investment_yield", "funding_cost", "investment",
                                                             "us_profit_share")})
    for what, number in numbers.items():
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text), (what, number)


def test_no_knife_edge_and_the_description_says_so(model) -> None:  # type: ignore[no-untyped-def]
    # every threshold that changes a choice on the equilibrium path, or makes selling credible, lies more
    # than 10% away from its default; the description says so (and would have to flag one that did not)
    values = model.values()
    bounds = model_bounds(model, values)
    tree = model.symbolic()
    near = []
    for node in ("japan_opens", "us_after_silence", "deal_after_silence"):
        for t in action_thresholds(tree, values, bounds, node):
            for x in t.points:
                if abs(float(x) - t.current) <= 0.1 * abs(t.current):
                    near.append((node, t.parameter, x))
    assert near == []
    assert "No threshold lies within 10% of its default" in described(model)
