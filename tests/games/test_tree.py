"""GameTree validation: probabilities, dead ends, information sets, perfect recall."""

from fractions import Fraction

import pytest
import sympy as sp

from gametheory.exceptions import InvalidGameError
from gametheory.games.tree import GameTree
from gametheory.io.efg import read_efg
from tests.conftest import GAMES


def test_probabilities_must_sum_to_one():
    t = GameTree(["A"])
    t.add_chance("c")
    t.add_terminal("x", (1,), "c", "up", Fraction(1, 3))
    t.add_terminal("y", (0,), "c", "down", Fraction(1, 3))
    with pytest.raises(InvalidGameError, match="sum to 2/3"):
        t.validate()


def test_symbolic_probabilities_sum_to_one():
    p = sp.Symbol("p")
    t = GameTree(["A"])
    t.add_chance("c")
    t.add_terminal("x", (1,), "c", "hard", p)
    t.add_terminal("y", (0,), "c", "soft", 1 - p)
    assert t.validate().perfect_information
    assert t.is_symbolic and t.subs({"p": Fraction(1, 3)}).probability("c", "x") == Fraction(1, 3)


def test_every_path_ends_in_payoffs():
    t = GameTree(["A"])
    t.add_decision("r", "A")
    t.add_decision("d", "A", "r", "go")
    with pytest.raises(InvalidGameError, match="no actions"):
        t.validate()


def test_builder_errors():
    t = GameTree(["A"])
    t.add_decision("r", "A")
    with pytest.raises(InvalidGameError, match="unknown player"):
        t.add_decision("z", "B", "r", "x")
    with pytest.raises(InvalidGameError, match="payoffs for"):
        t.add_terminal("z", (1, 2), "r", "x")
    t.add_terminal("z", (1,), "r", "x")
    with pytest.raises(InvalidGameError, match="used twice"):
        t.add_terminal("w", (1,), "r", "x")


def test_absent_minded_driver_fails_perfect_recall():
    # Piccione-Rubinstein: one player, two nodes in one information set on the same path
    t = GameTree(["Driver"])
    t.add_decision("x", "Driver", infoset="I")
    t.add_terminal("a", (0,), "x", "exit")
    t.add_decision("y", "Driver", "x", "continue", infoset="I")
    t.add_terminal("b", (4,), "y", "exit")
    t.add_terminal("c", (1,), "y", "continue")
    rep = t.validate()
    assert not rep.perfect_recall and rep.recall_failures


def test_gambit_files_perfect_recall():
    assert read_efg(GAMES / "cent4.efg").validate().perfect_recall
    assert not read_efg(GAMES / "bayes1a.efg").has_perfect_information


def test_subs_by_name_matches_symbols_with_assumptions() -> None:
    import sympy as sp

    from gametheory.games.tree import GameTree

    p = sp.Symbol("p", real=True)   # model files make real symbols; a plain Symbol("p") is another symbol
    t = GameTree(["A"])
    t.add_chance("r")
    t.add_terminal("x", (p,), "r", "x", probability=p)
    t.add_terminal("y", (1 - p,), "r", "y", probability=1 - p)
    n = t.subs({"p": sp.Rational(1, 4)})
    assert not n.is_symbolic
    assert n.probability("r", "x") == sp.Rational(1, 4) and n.payoffs("y") == (sp.Rational(3, 4),)


def test_subs_evaluates_nested_min_max_with_every_value_in_place() -> None:
    # sympy's subs gives 2 for min(x+2, max(1, min(y, 0))) at x = y = 0 (one symbol at a time); the value is 1
    from gametheory.io.expressions import parse_expression

    x, y = sp.symbols("x y", real=True)
    payoff = parse_expression("min(x + 2, max(1, min(y, 0)))", {"x": x, "y": y})
    t = GameTree(["A"])
    t.add_decision("r", "A")
    t.add_terminal("a", (payoff,), "r", "a")
    t.add_terminal("b", (0,), "r", "b")
    assert t.subs({"x": 0, "y": 0}).payoffs("a") == (1,)
