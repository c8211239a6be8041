"""Credibility: entry-deterrence textbook answers, Fearon's audience-cost threshold, Selten's chain store."""

import sympy as sp

from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive._credibility import credibility
from gametheory.games.tree import GameTree


def entry(fight_payoff=-1):
    t = GameTree(["E", "I"])
    t.add_decision("r", "E")
    t.add_terminal("o", (0, 2), "r", "Out")
    t.add_decision("i", "I", "r", "In")
    t.add_terminal("f", (-1, fight_payoff), "i", "Fight")
    t.add_terminal("a", (1, 1), "i", "Accommodate")
    return t


def test_fight_threat_not_credible_and_costs_two():
    res = credibility(entry(), announced={"i": "Fight"})
    (th,) = res.threats
    assert th.player == "I" and not th.credible and th.cost == 2.0
    assert res.path == ("In", "Accommodate")
    # committing to Fight deters entry: I gets 2 instead of 1
    assert res.commitment["I"]["committed"] == 2.0 and res.commitment["I"]["gain"] == 1.0


def test_audience_cost_condition_fearon():
    # Fearon (1994) tying hands: after defiance the leader fights (w = -1) or backs down (b - a, b = 0);
    # the threat is credible iff a >= b - w = 1 (Fearon 1994 [L19]).
    a = sp.Symbol("a")
    t = GameTree(["Target", "Leader"])
    t.add_decision("r", "Target")
    t.add_terminal("comply", (0, 1), "r", "Comply")
    t.add_decision("d", "Leader", "r", "Defy")
    t.add_terminal("fight", (-2, -1), "d", "Fight")
    t.add_terminal("back", (1, -a), "d", "BackDown")
    res = credibility(t, values={"a": 0}, announced={"d": "Fight"})
    th = res.threats[0]
    assert not th.credible and th.cost == 1.0
    assert "a >= 1" in th.condition
    res2 = credibility(t, values={"a": 2}, announced={"d": "Fight"})
    assert res2.threats[0].credible and res2.path == ("Comply",)


def chain_store(n):
    """Selten's chain store with n entrants: entrant 0/2 out, 2/2 accommodate, -1/0 fight
    (incumbent payoffs summed over markets)."""
    t = GameTree(["Incumbent"] + [f"E{k + 1}" for k in range(n)])
    counter = [0]

    def build(parent, action, k, acc):
        counter[0] += 1
        name = f"m{counter[0]}"
        if k == n:
            t.add_terminal(name, acc, parent, action)
            return
        t.add_decision(name, f"E{k + 1}", parent, action)
        out = list(acc); out[0] += 5
        build(name, "Out", k + 1, tuple(out))
        fname = f"f{counter[0]}"
        t.add_decision(fname, "Incumbent", name, "In")
        for act, (inc, ent) in (("Fight", (0, -1)), ("Acquiesce", (2, 2))):
            nxt = list(acc); nxt[0] += inc; nxt[k + 1] = ent
            build(fname, act, k + 1, tuple(nxt))

    build(None, None, 0, (0,) * (n + 1))
    return t


def test_selten_chain_store_unravels():
    for n in range(1, 6):
        spe = backward_induction(chain_store(n))
        assert spe.count == 1
        strat = spe.equilibria[0]["strategy"]
        t = chain_store(n)
        for node, act in strat.items():
            assert act == ("Acquiesce" if t.player(node) == "Incumbent" else "In")
        plan = {v: "Fight" for v in t.decision_nodes() if t.player(v) == "Incumbent"}
        res = credibility(t, announced=plan, commitment=False)
        fights = res.threats
        assert fights and not any(th.credible for th in fights)


def test_non_credible_equilibria_entry_and_chain_store():
    from gametheory.extensive._credibility import non_credible_equilibria

    eqs = non_credible_equilibria(entry())
    assert [e["profile"] for e in eqs] == [("Out", "Fight")]
    assert eqs[0]["threats"] == [{"player": "I", "node": "i", "action": "Fight"}]
    # two-market chain store: deterrence equilibria exist but rest on non-credible Fight threats
    eqs = non_credible_equilibria(chain_store(2))
    assert all(e["threats"] for e in eqs)
    assert any(th["action"] == "Fight" for e in eqs for th in e["threats"])
    # the unravelled SPE (In, Acquiesce everywhere) is never among them
    assert not any(all(a in ("In", "Acquiesce", "*") for lab in e["profile"] for a in lab.split("/"))
                   for e in eqs)
