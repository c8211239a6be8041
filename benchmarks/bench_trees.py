"""Backward induction on a generated 1,000,000-node tree: compiled numpy kernel vs a recursive
walk over the networkx graph. Prints times and ratios.

Run: python benchmarks/bench_trees.py [N_NODES | --quick]

``--quick`` (a smoke run of a few seconds) means a 20,000-node tree.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from gametheory.extensive._backward_induction import backward_induction_arrays, compile_tree
from gametheory.games.tree import GameTree


def generate(n_nodes: int, branching: int = 3, players: int = 3, seed: int = 0) -> GameTree:
    """A complete-ish tree: internal nodes alternate players, every 4th level is chance."""
    rng = np.random.default_rng(seed)
    t = GameTree([f"P{i + 1}" for i in range(players)], title=f"generated {n_nodes}")
    g = t.graph
    g.add_node(0, kind="decision", player="P1", infoset=("P1", 0))
    t.root = 0
    frontier, nxt, depth = [0], 1, 0
    while nxt < n_nodes:
        depth += 1
        new = []
        for p in frontier:
            kind_p = g.nodes[p]["kind"]
            for a in range(branching):
                if nxt >= n_nodes:
                    break
                attrs = {"action": f"a{a}"}
                if kind_p == "chance":
                    attrs["probability"] = 1.0 / branching
                g.add_edge(p, nxt, **attrs)
                new.append(nxt)
                nxt += 1
        frontier = new
        for v in new:
            if depth % 4 == 3:
                g.nodes[v].update(kind="chance")
            else:
                pl = f"P{depth % players + 1}"
                g.nodes[v].update(kind="decision", player=pl, infoset=(pl, v))
    # leaves become terminal; fix chance nodes that got fewer children than planned
    pay = rng.integers(0, 100, size=(n_nodes, players))
    for v in list(g.nodes):
        kids = list(g.successors(v))
        if not kids:
            g.nodes[v].clear()
            g.nodes[v].update(kind="terminal", payoffs=tuple(float(x) for x in pay[v]))
        elif g.nodes[v]["kind"] == "chance":
            for c in kids:
                g.edges[v, c]["probability"] = 1.0 / len(kids)
    return t


def recursive_walk(tree: GameTree) -> tuple:
    """The straightforward recursive backward induction over the networkx graph."""
    g = tree.graph
    pidx = {p: i for i, p in enumerate(tree.players)}
    sys.setrecursionlimit(100000)

    def solve(v):
        d = g.nodes[v]
        if d["kind"] == "terminal":
            return d["payoffs"]
        kids = list(g.successors(v))
        vals = [solve(c) for c in kids]
        if d["kind"] == "chance":
            return tuple(sum(g.edges[v, c]["probability"] * val[j] for c, val in zip(kids, vals))
                         for j in range(len(tree.players)))
        i = pidx[d["player"]]
        return max(vals, key=lambda x: x[i])

    return solve(tree.root)


def main(n: int = 1_000_000) -> None:
    print(f"generating a {n:,}-node tree ...")
    tree = generate(n)
    t0 = time.perf_counter()
    c = compile_tree(tree)
    t_compile = time.perf_counter() - t0
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        value, _, _ = backward_induction_arrays(c.parent, c.kind, c.player, c.prob, c.payoff, c.level_starts)
        best = min(best, time.perf_counter() - t0)
    t0 = time.perf_counter()
    ref = recursive_walk(tree)
    t_rec = time.perf_counter() - t0
    assert np.allclose(value[0], ref), (value[0], ref)
    print(f"compile (once)            : {t_compile:8.3f} s")
    print(f"numpy level-wise kernel   : {best:8.3f} s")
    print(f"recursive networkx walk   : {t_rec:8.3f} s")
    print(f"ratio recursive / kernel  : {t_rec / best:8.1f}x")
    print(f"ratio recursive / (compile+kernel): {t_rec / (best + t_compile):8.1f}x")


if __name__ == "__main__":
    arg = sys.argv[1] if len(sys.argv) > 1 else None
    main(20_000 if arg == "--quick" else int(arg) if arg else 1_000_000)
