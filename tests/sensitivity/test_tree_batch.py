"""The vectorised backward induction and credibility kernel against the one-tree analyses, on random trees."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.extensive import backward_induction, credibility
from gametheory.games.tree import GameTree
from gametheory.sensitivity._tree_batch import solve_tree_batch, tree_plan

PLAYERS = ("A", "B", "C")


@st.composite
def trees(draw: st.DrawFn) -> GameTree:
    """Trees of depth up to 4 with decision and chance nodes and small integer payoffs (ties are frequent)."""
    t = GameTree(PLAYERS)
    counter = [0]

    def name() -> str:
        counter[0] += 1
        return f"n{counter[0]}"

    def grow(node: str | None, parent: str | None, action: str | None, prob: Fraction | None, depth: int) -> None:
        kind = "terminal" if depth == 0 or (parent is not None and draw(st.booleans()) and draw(st.booleans())) \
            else draw(st.sampled_from(["decision", "decision", "chance"])) if parent is not None else "decision"
        me = name()
        if kind == "terminal":
            t.add_terminal(me, [draw(st.integers(-2, 2)) for _ in PLAYERS], parent, action, prob)
            return
        k = draw(st.integers(2, 3))
        if kind == "decision":
            t.add_decision(me, draw(st.sampled_from(PLAYERS)), parent, action, probability=prob)
            for a in range(k):
                grow(None, me, f"a{a}", None, depth - 1)
        else:
            t.add_chance(me, parent, action, prob)
            weights = [draw(st.integers(1, 4)) for _ in range(k)]
            for a, w in enumerate(weights):
                grow(None, me, f"c{a}", Fraction(w, sum(weights)), depth - 1)

    grow(None, None, None, None, draw(st.integers(1, 4)))
    return t


def batch(t: GameTree):
    plan, payoffs, probs = tree_plan(t)
    P = np.array([float(x) for x in payoffs]).reshape(len(plan.terminals), len(PLAYERS), 1)
    Q = np.array([float(x) for x in probs]).reshape(len(probs), 1)
    return plan, solve_tree_batch(plan, P, Q)


@settings(max_examples=150, deadline=None)
@given(t=trees())
def test_kernel_matches_backward_induction_and_credibility(t: GameTree) -> None:
    plan, res = batch(t)
    ref = credibility(t, commitment=False)
    assert plan.histories[res.stop[0]] == tuple(ref.path)
    rows = {(plan.nodes[k], plan.actions[k][a]): r for r, (k, a) in enumerate(plan.pairs)}
    for threat in ref.threats:                     # every action at every off-path node
        r = rows[(threat.node, threat.action)]
        assert bool(res.credible[r, 0]) == threat.credible, threat
        assert bool(res.off_path[r, 0])
    reported = {(th.node, th.action) for th in ref.threats}
    for (node, action), r in rows.items():         # and nothing else is off the path
        assert bool(res.off_path[r, 0]) == ((node, action) in reported)
    spe = backward_induction(t)
    if not spe.tied_nodes:
        assert not res.tied[0]


@settings(max_examples=40, deadline=None)
@given(t=trees(), data=st.data())
def test_samples_are_independent_columns(t: GameTree, data: st.DataObject) -> None:
    # Several payoff draws solved together give what each gives alone.
    plan, payoffs, probs = tree_plan(t)
    S = 4
    base = np.array([float(x) for x in payoffs]).reshape(len(plan.terminals), len(PLAYERS), 1)
    noise = np.array(data.draw(st.lists(st.integers(-2, 2), min_size=base.size * S, max_size=base.size * S)))
    P = base + noise.reshape(*base.shape[:2], S)
    Q = np.repeat(np.array([float(x) for x in probs]).reshape(len(probs), 1), S, axis=1)
    together = solve_tree_batch(plan, P, Q)
    for s in range(S):
        alone = solve_tree_batch(plan, P[..., s:s + 1], Q[:, s:s + 1])
        assert together.stop[s] == alone.stop[0]
        assert np.array_equal(together.credible[:, s], alone.credible[:, 0])
        assert np.array_equal(together.off_path[:, s], alone.off_path[:, 0])
        assert together.tied[s] == alone.tied[0]
