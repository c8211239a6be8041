"""Selten's chain store: unravelling for every N, and only under the chain-store inequalities."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.exceptions import InvalidGameError
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive.chain_store import (
    chain_store_conditions,
    chain_store_tree,
    unravels,
)


@pytest.mark.parametrize("n", range(1, 7))
def test_selten_unravels_for_every_n(n):
    t = chain_store_tree(n)
    assert len(t) == 2 * 3**n - 1
    res = backward_induction(t)
    assert res.count == 1
    (eq,) = res.equilibria
    assert eq["path"] == ("in", "acquiesce") * n
    # every node, on and off the path: entrants enter, the incumbent acquiesces
    assert len(eq["strategy"]) == 3**n - 1
    for node, action in eq["strategy"].items():
        assert action == ("acquiesce" if t.player(node) == "Incumbent" else "in"), node
    # Selten's payoffs: incumbent 2 per market, each entrant 2
    assert eq["payoffs"] == (Fraction(2 * n),) + (Fraction(2),) * n
    assert unravels(t)


def test_eight_markets_still_unravel():
    assert unravels(chain_store_tree(8))


def test_labels_and_discount():
    t = chain_store_tree(2, (0, "1/2", "-1/2"), (2, 0, -1), incumbent="US", entrants=["P1", "P2"],
                         entrant_actions=("negotiate", "retaliate"), incumbent_actions=("escalate", "accommodate"),
                         discount=Fraction(1, 2))
    assert t.players == ("US", "P1", "P2")
    assert t.actions("E1:") == ("negotiate", "retaliate") and t.actions("I1:") == ("escalate", "accommodate")
    # out in market 1 (2), fought in market 2 (-1, discounted by 1/2)
    assert t.payoffs("end:of") == (Fraction(3, 2), Fraction(0), Fraction(-1, 2))
    assert unravels(t, ("negotiate", "retaliate"), ("escalate", "accommodate"))


def test_fighting_that_pays_deters_every_entrant():
    # i_fight > i_acc: the incumbent fights everywhere and every entrant stays out (no paradox at all)
    t = chain_store_tree(3, incumbent_payoffs=(5, 0, 1))
    (eq,) = backward_induction(t).equilibria
    assert eq["path"] == ("out",) * 3
    assert not unravels(t)
    c = chain_store_conditions(incumbent_payoffs=(5, 0, 1))
    assert not c.acquiesce_pays and not c.unravels


def test_unattractive_entry_means_no_entry():
    t = chain_store_tree(3, entrant_payoffs=(1, Fraction(1, 2), 0))
    (eq,) = backward_induction(t).equilibria
    assert eq["path"] == ("out",) * 3 and not unravels(t)


def test_tie_gives_several_equilibria_and_is_not_unravelling():
    t = chain_store_tree(2, incumbent_payoffs=(5, 1, 1))  # indifferent after entry
    res = backward_induction(t)
    assert res.count > 1 and not unravels(t)


distinct = st.lists(st.integers(-6, 6), min_size=3, max_size=3, unique=True)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), distinct, distinct)
def test_unravels_exactly_when_the_inequalities_hold(n, e, i):
    """Any strict per-market payoffs: the SPE is 'enter, acquiesce' everywhere iff e_acc > e_out and i_acc > i_fight."""
    t = chain_store_tree(n, e, i)
    assert unravels(t) == chain_store_conditions(e, i).unravels


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.fractions(-5, 5), st.fractions(0, 5), st.fractions(0, 5),
       st.fractions(0, 5), st.fractions(0, 5))
def test_paradox_payoffs_always_unravel(n, e_fight, d1, d2, d3, d4):
    """Drawn payoffs satisfying all chain-store inequalities (e_acc > e_out > e_fight, i_out > i_acc > i_fight)."""
    e = (e_fight + d1 + 1, e_fight + d1 + d2 + 2, e_fight)
    inc = (e_fight + d3 + d4 + 2, e_fight + d3 + 1, e_fight)
    assert chain_store_conditions(e, inc).paradox
    t = chain_store_tree(n, e, inc)
    res = backward_induction(t)
    assert res.count == 1 and res.equilibria[0]["path"] == ("in", "acquiesce") * n
    assert unravels(t)


def test_bad_input():
    with pytest.raises(InvalidGameError, match="n: the number of markets"):
        chain_store_tree(0)
    with pytest.raises(InvalidGameError, match="n: the number of markets"):
        chain_store_tree(11)
    with pytest.raises(InvalidGameError, match="entrant_payoffs: expected three payoffs"):
        chain_store_tree(2, entrant_payoffs=(1, 2))
    with pytest.raises(InvalidGameError, match="entrants: 1 labels for 2 markets"):
        chain_store_tree(2, entrants=["A"])
    with pytest.raises(InvalidGameError, match="incumbent_actions"):
        chain_store_tree(2, incumbent_actions=("x", "x"))
