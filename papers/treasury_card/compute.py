"""Every number and figure of 'Is Japan's Treasury card credible?' (note.md), from the bundled models."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

import numpy as np

import gametheory as gt
import gametheory.models as bundled
from gametheory.bargaining import bargaining_summary
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive._credibility import credibility
from gametheory.extensive.thresholds import model_bounds
from gametheory.games.tree import GameTree

HERE = Path(__file__).resolve().parent


def _n(x: object, digits: int = 4) -> str:
    return f"{float(x):.{digits}g}"


def _without(tree: GameTree, node: str, action: str) -> GameTree:
    """The tree with one of ``node``'s actions (and everything after it) taken away."""
    pruned = tree.copy()
    child = pruned.child(node, action)
    pruned.graph.remove_nodes_from([child, *nx.descendants(pruned.graph, child)])
    return pruned


def card() -> dict[str, str]:
    """The equilibrium card, whether selling is credible, and under which conditions."""
    model = bundled.load("treasury_card")
    values = model.values()
    tree = model.build()
    spe = backward_induction(tree).equilibria[0]
    japan = tree.players.index("Japan")
    firsts = {}
    for action in tree.actions(tree.root):   # Japan's payoff from each first move, play continuing optimally
        others = [a for a in tree.actions(tree.root) if a != action]
        forced = tree
        for other in others:
            forced = _without(forced, tree.root, other)
        firsts[action] = backward_induction(forced).equilibria[0]["payoffs"][japan]
    res = credibility(model.symbolic(), values=values, bounds=model_bounds(model, values))
    sell = next(t for t in res.threats if t.action == "sell")
    by_param = {th.parameter: th for th in sell.thresholds}
    # the card's worth: what Japan loses if an option is taken away (the others remaining)
    no_promise = backward_induction(_without(tree, tree.root, "reassure")).equilibria[0]["payoffs"][japan]
    no_threat = backward_induction(_without(tree, tree.root, "threaten")).equilibria[0]["payoffs"][japan]
    tied = backward_induction(model.build(audience_cost=25)).equilibria[0]
    figure = "no"
    try:
        import os

        import matplotlib

        from gametheory.extensive.draw import save_tree

        # a reproducible file: fixed element ids and no creation date (matplotlib honours both)
        os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
        with matplotlib.rc_context({"svg.hashsalt": "treasury_card"}):
            save_tree(tree, HERE / "tree.svg", path=spe["path"])
        figure = "yes"
    except ImportError:
        pass
    spes = backward_induction(tree)
    scale = by_param["response_scale"]
    return {
        "card.path": " -> ".join(spe["path"]),
        "card.count": str(spes.count),
        "card.firsts": " and ".join(sorted({e["path"][0] for e in spes.equilibria})),
        "card.japan": _n(spe["payoffs"][japan]),
        "card.us": _n(spe["payoffs"][1 - japan]),
        "card.silent": _n(firsts["silent"]),
        "card.threaten": _n(firsts["threaten"]),
        "card.deal": spe["strategy"]["deal_after_silence"],
        "sell.credible": "yes" if sell.credible else "no",
        "sell.cost": _n(sell.cost),
        "sell.scale": scale.relation,
        "sell.sale": by_param["sale"].relation,
        "sell.audience": _n(by_param["audience_cost"].value),
        "sell.holdings": _n(by_param["holdings"].value),
        "sell.horizon": _n(by_param["horizon"].value),
        "worth.promise": _n(spe["payoffs"][japan] - no_promise),
        "worth.threat": _n(spe["payoffs"][japan] - no_threat),
        "tied.path": " -> ".join(tied["path"]),
        "tied.after_threat": tied["strategy"]["us_after_threat"],
        "tied.sell": tied["strategy"]["japan_follows_through"],
        "figure": figure,
    }


def china() -> dict[str, str]:
    """What China's joining would change: the three-player dual_front_squeeze game."""
    model = bundled.load("dual_front_squeeze")
    game = model.build()
    result = gt.solve(game)
    eq = result.equilibria
    u = game.strategies[2].index("uniform_tariffs")
    uniform = game.restrict([[0, 1], [0, 1], [u]])
    concert = gt.solve(uniform)
    pure = [e for e in concert.equilibria if e.is_pure]
    both_hold = next(e for e in pure if e.support[0] == ("hold",) and e.support[1] == ("hold",))
    hold, sell = (game.strategies[0].index(a) for a in ("hold", "sell"))
    japan, china_ = (np.asarray(game.payoffs[k], dtype=float) for k in (0, 1))
    return {
        "cn.count": str(len(result)),
        "cn.eq": ", ".join(s[0] for s in eq[0].support),
        "cn.regret": f"{result.max_regret:g}",
        "cn.concert_count": str(len(concert)),
        "cn.concert_pure": str(len(pure)),
        "cn.concert_eq": ", ".join(s[0] for s in concert.equilibria[0].support),
        "cn.hold_japan": _n(both_hold.payoffs[0]),
        "cn.hold_china": _n(both_hold.payoffs[1]),
        # China's loss from starting a sale alone, and Japan's gain from joining one China started
        "cn.china_alone": _n(china_[hold, hold, u] - china_[hold, sell, u]),
        "cn.japan_joins": _n(japan[sell, sell, u] - japan[hold, sell, u]),
    }


def table() -> dict[str, str]:
    """What showing a card is worth at the table: us_japan_bargain and the July 2025 deal."""
    model = bundled.load("us_japan_bargain")
    s = bargaining_summary(model)
    tv = s.threat_values
    deal = s.predicted_deals[s.default]["terms"]
    actual = s.actual["terms"]
    return {
        "bg.method": s.default,
        "bg.us_gain": _n(tv.gains["US"]),
        "bg.japan_gain": _n(tv.gains["Japan"]),
        "bg.japan_threat": max(tv.by_strategy["Japan"], key=lambda k: float(tv.by_strategy["Japan"][k])),
        "bg.tariff": f"{float(deal['tariff']):.0%}",
        "bg.investment": f"{float(deal['investment']):.0f}",
        "bg.actual_tariff": f"{float(actual['tariff']):.0%}",
        "bg.actual_investment": f"{float(actual['investment']):.0f}",
        "bg.actual_japan_gain": _n(s.comparison["actual_gains"][1]),
        "bg.weight": "none" if s.comparison["implied_weight"] is None else f"{float(s.comparison['implied_weight']):.2f}",
    }


def compute() -> dict[str, str]:
    values: dict[str, str] = {}
    for section in (card, china, table):
        values.update(section())
    return values
