"""The ``bargaining`` kind of model file: every feasible-set form, threats, errors naming the key."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from gametheory import NormalFormGame
from gametheory.bargaining import BargainingProblem, bargaining_summary
from gametheory.exceptions import ModelError, NotSupportedError, ParameterError
from gametheory.io.scenario import parse_model

HEAD = '''
name = "toy"
title = "Toy bargain"
question = "How do A and B split?"
description = "A test model."
citations = []
players = ["A", "B"]
[parameters.S]
default = 10
unit = "$"
min = 0
source = "assumption"
description = "surplus"
'''


def model(game: str):  # type: ignore[no-untyped-def]
    return parse_model(HEAD + game, source="toy.toml")


TU = '''
[game]
kind = "bargaining"
disagreement = [2, 1]
[game.feasible]
surplus = "S"
'''

THREATS = '''
[game]
kind = "bargaining"
[game.feasible]
surplus = "S"
[game.threats.strategies]
A = ["a1", "a2"]
B = ["b1", "b2"]
[game.threats.payoffs]
A = [[2, -1], [-1, 1]]
B = [[0, 0], [0, 0]]
[game.threat_options]
A = ["a2"]
[game.rubinstein]
delta = 0.9
first = "B"
'''


def test_transferable_utility_model() -> None:
    m = model(TU)
    assert m.kind == "bargaining" and m.views() == ("bargaining",)
    prob = m.build()
    assert isinstance(prob, BargainingProblem)
    assert prob.solve().solution == (F(11, 2), F(9, 2))
    assert m.build(S=20).solve("nash").solution == (F(21, 2), F(19, 2))
    with pytest.raises(NotSupportedError, match="symbolic"):
        m.symbolic()


def test_threat_game_model() -> None:
    m = model(THREATS)
    assert m.views() == ("bargaining", "threat_game")
    game = m.build("threat_game")
    assert isinstance(game, NormalFormGame) and game.strategies == (("a1", "a2"), ("b1", "b2"))
    prob = m.build()
    assert prob.default == "threats"
    assert prob.solve().solution == (F(51, 10), F(49, 10))
    assert prob.disagreement_point().values == (F(1, 5), 0)
    # Rubinstein from the threat point, B first, delta 0.9: B gets 10/19 of 10 - 1/5
    res = prob.solve("rubinstein")
    assert res.solution[1] == F(10, 19) * F(49, 5)
    tv = prob.threat_values()
    assert tv.threats == {"A": ("a2",)}
    # without a2, A's threat game is the row [2, -1]: B answers -1, v = -1, A gets 4.5
    assert tv.without["A"].solution == (F(9, 2), F(11, 2)) and tv.gains["A"] == F(3, 5)
    assert m.symbolic("threat_game").payoffs[0][0, 0] == 2


def test_points_frontier_and_deals() -> None:
    pts = model('''
[game]
kind = "bargaining"
disagreement = [0, 0]
[game.feasible]
points = [[0, "S"], ["S", 0], ["S / 2", "S / 2 + 1"]]
''')
    assert pts.build().solve("egalitarian").solution == (F(60, 11), F(60, 11))   # 2.2 x = 12 on the edge
    curve = model('''
[game]
kind = "bargaining"
disagreement = [0, 0]
[game.feasible.frontier]
expression = "S - u**2 / S"
variable = "u"
from = 0
to = "S"
''')
    assert curve.build().solve("nash").solution[0] == pytest.approx(10 / 3**0.5)
    deals = model('''
[game]
kind = "bargaining"
disagreement = [0, 0]
[game.feasible.deals]
variables.x = { from = 0, to = 1, points = 11 }
variables.y = [0, 1]
units = { x = "share" }
payoffs.A = "S * x + y"
payoffs.B = "S * (1 - x) - y / 2"
[game.actual]
terms = { x = 0.3, y = 1 }
note = "what happened"
''')
    prob = deals.build()
    sol = prob.solve("nash")
    # with y = 1 the deals lie on u_A + u_B = 10.5 (one hull edge from x = 0 to x = 1): Nash gives 21/4 each
    assert sol.solution == (F(21, 4), F(21, 4))
    terms = prob.deal_terms(sol.solution)
    assert terms["terms"] == {"x": F(17, 40), "y": 1} and terms["weight"] == F(17, 40)
    assert terms["between"] == [{"x": 0, "y": 1}, {"x": 1, "y": 1}]
    assert prob.actual["payoffs"] == (4, F(13, 2)) and prob.actual["note"] == "what happened"
    summary = bargaining_summary(deals)
    assert summary.to_json()["actual"]["terms"] == {"x": 0.3, "y": 1.0}
    assert summary.comparison["frontier_gap"] == 0      # x = 0.3, y = 1 is on the frontier
    assert summary.comparison["implied_weight"] == pytest.approx(4 / 10.5, abs=1e-9)   # u_A = w * 10.5


@pytest.mark.parametrize("game, message", [
    ('[game]\nkind = "bargaining"\n[game.feasible]\nsurplus = "S"\n', "give a 'disagreement' point or a threat game"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0]\n[game.feasible]\nsurplus = "S"\n',
     r"toy.toml: game.disagreement: expected two expressions"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0, 0]\n[game.feasible]\nsurplus = "S"\npoints = [[0, 0]]\n',
     "give exactly one of"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0, 0]\nsolution = "magic"\n[game.feasible]\nsurplus = "S"\n',
     "unknown solution 'magic'"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0, 0]\ncolour = 1\n[game.feasible]\nsurplus = "S"\n',
     "unknown key 'colour'"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0, 0]\n[game.feasible.deals]\nvariables.S = [0, 1]\n'
     'payoffs = { A = "S", B = "S" }\n', "not a new name"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0, 0]\n[game.feasible]\nsurplus = "S"\n'
     '[game.rubinstein]\ndelta = 1.5\n', "discount factors must lie strictly between 0 and 1"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0, 0]\nthreat_options = { A = ["x"] }\n'
     '[game.feasible]\nsurplus = "S"\n', "threat_options needs a threat game"),
    ('[game]\nkind = "bargaining"\ndisagreement = [0, 0]\n[game.feasible]\nsurplus = "S"\n'
     '[game.actual]\nterms = { x = 1 }\n', None),
])
def test_errors_name_the_key(game: str, message: str | None) -> None:
    if message is None:  # actual terms without deal variables are allowed (no payoffs computed)
        assert model(game).build().actual["payoffs"] is None
        return
    with pytest.raises(ModelError, match=message):
        model(game)


def test_threat_option_errors() -> None:
    bad = THREATS.replace('A = ["a2"]', 'A = ["a9"]')
    with pytest.raises(ModelError, match="game.threat_options.A: 'A' has no threat strategy 'a9'"):
        model(bad)
    every = THREATS.replace('A = ["a2"]', 'A = ["a1", "a2"]')
    with pytest.raises(ModelError, match="at least one strategy must be a non-threat option"):
        model(every)


def test_infeasible_disagreement_at_some_values() -> None:
    m = model(TU)
    with pytest.raises(ParameterError):
        m.build(S=-1)
    with pytest.raises(ValueError, match="not feasible"):
        m.build(S=2).solve("nash")


def test_the_format_example_is_a_valid_model() -> None:
    """The example of models/FORMAT.md, section "Kind `bargaining`", loads and solves."""
    from tests.conftest import REPO

    text = (REPO / "models" / "FORMAT.md").read_text(encoding="utf-8")
    section = text.split("## Kind `bargaining`", 1)[1]
    example = section.split("```toml", 1)[1].split("```", 1)[0]
    names = ["baseline", "auto_rate", "exports", "incidence", "delta", "d_us", "d_jp", *"abcefghi"]
    defaults = {"baseline": "0.1", "auto_rate": "0.275", "exports": "148.2", "incidence": "0.7", "delta": "0.98",
                "d_us": "0", "d_jp": "-30"}
    params = "".join(f'[parameters.{n}]\ndefault = {defaults.get(n, "-40")}\nunit = ""\nsource = "assumption"\n'
                     f'description = "x"\n' for n in names)
    head = HEAD.split("[parameters.S]")[0]
    m = parse_model(head.replace('players = ["A", "B"]', 'players = ["US", "Japan"]') + params + example,
                    source="format.toml")
    prob = m.build()
    assert prob.solve().method == "threats" and prob.deal_terms(prob.solve("nash").solution) is not None
    assert set(prob.solutions()) == {"nash", "kalai-smorodinsky", "egalitarian", "rubinstein", "threats"}
