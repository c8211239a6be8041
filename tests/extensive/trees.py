"""Hypothesis strategy: small random trees with chance nodes and information sets (perfect recall).

Siblings that belong to the same player (who is not the one moving at their parent) may be
merged into one information set ("hidden moves", drawn often): the player does not observe the
move just made, and since siblings share their whole history, perfect recall holds.
"""

from fractions import Fraction

from hypothesis import strategies as st

from gametheory.games.tree import GameTree


@st.composite
def imperfect_trees(draw, players=("P1", "P2", "P3"), max_depth=3, payoff_max=2, chance=True):
    t = GameTree(list(players))
    counter = [0]
    kinds = ["terminal", "decision", "decision"] + (["chance"] if chance else [])

    def new_name():
        counter[0] += 1
        return f"n{counter[0]}"

    def spec(depth):
        kind = draw(st.sampled_from(["terminal"] if depth >= max_depth else kinds))
        if kind == "decision":
            return ("decision", draw(st.sampled_from(players)), draw(st.integers(1, 2)))
        if kind == "chance":
            return ("chance", None, draw(st.integers(1, 2)))
        return ("terminal", None, 0)

    def add(name, sp, parent, action, prob, infoset, depth):
        kind, player, k = sp
        if kind == "terminal":
            t.add_terminal(name, draw(st.lists(st.integers(0, payoff_max), min_size=len(players),
                                               max_size=len(players))), parent, action, prob)
            return
        if kind == "decision":
            t.add_decision(name, player, parent, action, infoset=infoset, probability=prob)
            probs = [None] * k
        else:
            t.add_chance(name, parent, action, prob)
            w = draw(st.lists(st.integers(1, 3), min_size=k, max_size=k))
            probs = [Fraction(x, sum(w)) for x in w]
        names = [new_name() for _ in range(k)]
        labels = list(names)
        others = [p for p in players if p != player]
        if k > 1 and depth + 1 < max_depth and draw(st.booleans()):
            # a hidden move: the next mover does not see which action was taken here
            specs = [("decision", draw(st.sampled_from(others)), draw(st.integers(1, 2)))] * k
            labels = ["I" + names[0]] * k
        else:
            specs = [spec(depth + 1) for _ in range(k)]
            groups: dict = {}
            for j, s in enumerate(specs):
                if s[0] == "decision" and s[1] != player:
                    groups.setdefault((s[1], s[2]), []).append(j)
            for members in groups.values():
                if len(members) > 1 and draw(st.booleans()):
                    for j in members:
                        labels[j] = "I" + names[members[0]]
        for j in range(k):
            add(names[j], specs[j], name, f"{'c' if kind == 'chance' else 'a'}{j}", probs[j], labels[j],
                depth + 1)

    add(new_name(), spec(0), None, None, None, None, 0)
    return t
