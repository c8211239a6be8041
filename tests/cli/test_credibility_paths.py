"""`gametheory credibility --json` is the same whether or not work is shared between its steps.

The command shares one compiled :class:`~gametheory.extensive.thresholds.TreeEvaluator` (with its
grid scans and exact roots) between the credibility analysis and the verdict. Here the same output
is rebuilt the plain way, each step on its own fresh evaluator and each exact boundary computed
afresh (no memoised roots), and must agree to the last digit
(verdicts, costs, conditions, thresholds, exact boundary text), for two bundled tree models and a
Gambit tree.
"""

import json

import pytest
from click.testing import CliRunner
from gametheory.cli.main import cli
from tests.conftest import GAMES


def _plain(model: str) -> dict:
    """The command's JSON, computed step by step with nothing shared between the steps."""
    from gametheory.cli._trees import load_tree, tree_model
    from gametheory.extensive._credibility import credibility
    from gametheory.extensive.thresholds import model_bounds
    from gametheory.extensive.verdict import tree_verdict

    m = tree_model(model)
    if m is None:
        t = load_tree(model)
        res = credibility(t)
        data = res.to_json()
        data.update(model=model, values={}, verdict=tree_verdict(t))
        return data
    tree = m.symbolic("tree")
    values = m.values()
    bounds = model_bounds(m, values)
    res = credibility(tree, values=values, bounds=bounds)
    data = res.to_json()
    data.update(model=m.name, values={k: float(v) for k, v in values.items()},
                verdict=tree_verdict(tree, values, bounds))
    return data


@pytest.mark.parametrize("model", ["treasury_card", "us_china_escalation", str(GAMES / "cent4.efg")])
def test_credibility_json_equals_the_unshared_computation(model, monkeypatch):
    r = CliRunner().invoke(cli, ["credibility", model, "--json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)
    from gametheory.cli._common import _default
    from gametheory.extensive import thresholds

    exact_root = thresholds._exact_root

    def unmemoised(ev, *args, **kwargs):  # every boundary's exact roots computed afresh
        ev._exact_memo.clear()
        return exact_root(ev, *args, **kwargs)

    monkeypatch.setattr(thresholds, "_exact_root", unmemoised)

    want = json.loads(json.dumps(_plain(model), default=_default))
    assert got == want
    if not model.endswith(".efg"):  # the verdict names the parameter changes of the first move
        assert any("first move changes" in line for line in got["verdict"])
    if model == "treasury_card":  # threats with parameter conditions
        assert any(th["relation"] in (">=", "<=") for t in got["threats"] for th in t["thresholds"])


def test_memoised_exact_boundaries_equal_fresh_ones(monkeypatch):
    """A tree whose boundaries are exact (rational, and sqrt(2)): memoised roots change nothing."""
    import sympy
    from gametheory.extensive import thresholds
    from gametheory.extensive._credibility import credibility
    from gametheory.games.tree import GameTree

    a, b = sympy.symbols("a b", real=True)
    t = GameTree(["Target", "Leader"])
    t.add_decision("r", "Target")
    t.add_terminal("comply", (0, 1), "r", "Comply")
    t.add_decision("d", "Leader", "r", "Defy")
    t.add_terminal("fight", (-2, -b * b + 1), "d", "Fight")
    t.add_decision("e", "Leader", "d", "BackDown")
    t.add_terminal("x", (1, -a), "e", "Exit")
    t.add_terminal("y", (1, -a / 2 - sympy.Rational(1, 3)), "e", "Stay")
    values, bounds = {"a": 0, "b": 0}, {"a": (0, 5), "b": (0, 3)}
    got = credibility(t, values, bounds=bounds).to_json()
    exact_root = thresholds._exact_root

    def unmemoised(ev, *args, **kwargs):
        ev._exact_memo.clear()
        return exact_root(ev, *args, **kwargs)

    monkeypatch.setattr(thresholds, "_exact_root", unmemoised)
    assert credibility(t, values, bounds=bounds).to_json() == got
    exact = {th["exact"] for th_ in got["threats"] for th in th_["thresholds"]}
    assert "sqrt(2)" in exact or any(e and "/" in e for e in exact), exact
