"""The tariff_chain_store model: Selten's unravelling in the tree, Kreps-Wilson thresholds from its parameters."""

from __future__ import annotations

from fractions import Fraction

import gametheory.models as models
import pytest

from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive.chain_store import (
    chain_store_conditions,
    chain_store_tree,
    unravels,
)
from gametheory.extensive.reputation import (
    check_reputation_equilibrium,
    reputation_equilibrium,
)

LABELS = {"entrant_actions": ("negotiate", "retaliate"), "incumbent_actions": ("escalate", "accommodate")}


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return models.load("tariff_chain_store")


def per_market(values):  # type: ignore[no-untyped-def]
    """(partner payoffs, US payoffs) per market: (negotiate, accommodated, escalated)."""
    b, a = values["b"], values["a"]
    return (0, b, b - 1), (a, 0, -1)


def test_tree_unravels(model) -> None:  # type: ignore[no-untyped-def]
    t = model.build()
    res = backward_induction(t)
    assert res.count == 1
    (eq,) = res.equilibria
    assert eq["path"] == ("retaliate", "accommodate") * 2
    assert eq["payoffs"] == (0, Fraction(1, 2), Fraction(1, 2))
    assert unravels(t, **LABELS)
    for node, action in eq["strategy"].items():  # off the path too
        assert action == ("accommodate" if t.player(node) == "US" else "retaliate"), node


def test_tree_is_the_library_chain_store(model) -> None:  # type: ignore[no-untyped-def]
    """Same payoffs after every history as chain_store_tree(2) with the model's per-market payoffs."""
    t = model.build()
    partner, us = per_market(model.defaults())
    lib = chain_store_tree(2, partner, us, incumbent="US", entrants=["Partner1", "Partner2"], **LABELS)
    got = {t.history(n): t.payoffs(n) for n in t.nodes("terminal")}
    want = {lib.history(n): lib.payoffs(n) for n in lib.nodes("terminal")}
    assert got == want and len(got) == 9


@pytest.mark.parametrize("n", range(1, 7))
def test_model_payoffs_unravel_for_every_n(model, n) -> None:  # type: ignore[no-untyped-def]
    partner, us = per_market(model.defaults())
    assert chain_store_conditions(partner, us).paradox
    assert unravels(chain_store_tree(n, partner, us, **LABELS), **LABELS)


@pytest.mark.parametrize("overrides", [{"a": 10}, {"a": 1.5}, {"b": 0.9}, {"b": 0.1}])
def test_unravels_however_valuable_deterrence_is(model, overrides) -> None:  # type: ignore[no-untyped-def]
    """The paradox: a larger gain from deterred partners (a) never makes escalation credible."""
    assert unravels(model.build(**overrides), **LABELS)


def test_kreps_wilson_thresholds_from_parameters(model) -> None:  # type: ignore[no-untyped-def]
    v = model.values()
    assert (v["b"], v["p0"], v["a"], v["partners"]) == (Fraction(1, 2), Fraction(1, 10), 2, 75)
    r = reputation_equilibrium(int(v["partners"]), v["b"], v["p0"], v["a"])
    assert r.thresholds[:4] == (Fraction(1, 2), Fraction(1, 4), Fraction(1, 8), Fraction(1, 16))
    assert r.deterred_markets == 72 and r.entry_window == 3  # deterred while k >= 4
    s = r.stage(3)
    assert (s.weak_fight_probability, s.posterior_after_fight) == (Fraction(1, 3), Fraction(1, 4))
    assert check_reputation_equilibrium(10, v["b"], v["p0"], v["a"]).ok


def test_reputation_responds_to_the_prior(model) -> None:  # type: ignore[no-untyped-def]
    v = model.values(p0=0.3)
    r = reputation_equilibrium(int(v["partners"]), v["b"], v["p0"], v["a"])
    assert r.entry_window == 1  # 0.3 > 1/4: only the last partner may retaliate


def test_every_assumption_has_a_range_and_a_distribution(model) -> None:  # type: ignore[no-untyped-def]
    for p in model.parameters:
        if p.source == "assumption":
            assert p.minimum is not None and p.maximum is not None and p.distribution is not None, p.name


def test_knife_edge_of_the_reputation_threshold_is_reported(model) -> None:  # type: ignore[no-untyped-def]
    """At p0 = b^k exactly the entrant with k markets left is indifferent: the thresholds are b^k themselves."""
    v = model.values()
    n, b, a = int(v["partners"]), v["b"], v["a"]
    at = reputation_equilibrium(n, b, Fraction(1, 8), a)
    assert at.thresholds[2] == Fraction(1, 8)   # p0 = b^3: the partner with 3 markets left is indifferent
    # at the threshold the library counts the indifferent partner as free to retaliate; just above, deterred
    assert (at.entry_window, at.deterred_markets) == (3, 72)
    above = reputation_equilibrium(n, b, Fraction(1, 8) + Fraction(1, 1000), a)
    assert (above.entry_window, above.deterred_markets) == (2, 73)
