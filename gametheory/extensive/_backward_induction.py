"""Backward induction on perfect-information trees (with chance nodes).

The tree is compiled once to flat numpy arrays in breadth-first order, where
the children of every node are contiguous and every level is a contiguous
slice; backward induction then runs level by level with ``reduceat``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Hashable, Iterator

import numpy as np

from gametheory.exceptions import InvalidGameError, NotSupportedError
from gametheory.games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["CompiledTree", "compile_tree", "backward_induction", "SPEResult", "backward_induction_arrays"]

_KIND = {TERMINAL: 0, DECISION: 1, CHANCE: 2}


@dataclass(frozen=True)
class CompiledTree:
    """Flat arrays of a tree in breadth-first order (node 0 is the root)."""

    nodes: tuple            # original node ids
    parent: np.ndarray      # int64, -1 for the root
    kind: np.ndarray        # int8: 0 terminal, 1 decision, 2 chance
    player: np.ndarray      # int64, -1 unless decision
    prob: np.ndarray        # float64 probability of the edge into the node (1 otherwise)
    payoff: np.ndarray      # float64 (n_nodes, n_players); zero unless terminal
    level_starts: np.ndarray  # index of the first node of each depth, plus n_nodes


def compile_tree(tree: GameTree) -> CompiledTree:
    """Compile ``tree`` to :class:`CompiledTree` (numeric trees only)."""
    g = tree.graph
    # one BFS pass gives the order, parents and edge data; children stay contiguous
    succ = g.succ
    order = [tree.root]
    par_list = [-1]
    append, pappend = order.append, par_list.append
    i = 0
    while i < len(order):
        for c in succ[order[i]]:
            append(c)
            pappend(i)
        i += 1
    n, k = len(order), len(tree.players)
    parent = np.array(par_list, dtype=np.int64)
    node_data = g.nodes
    kinds = [node_data[v]["kind"] for v in order]
    kind = np.fromiter((_KIND[x] for x in kinds), dtype=np.int8, count=n)
    pidx = {p: i for i, p in enumerate(tree.players)}
    player = np.full(n, -1, dtype=np.int64)
    dec = np.flatnonzero(kind == 1)
    player[dec] = [pidx[node_data[order[i]]["player"]] for i in dec]
    payoff = np.zeros((n, k))
    prob = np.ones(n)
    chance_child = np.flatnonzero(kind[np.maximum(parent, 0)] == 2)
    chance_child = chance_child[chance_child > 0]
    adj = g.adj
    term = np.flatnonzero(kind == 0)
    try:
        if len(term):
            payoff[term] = np.array([node_data[order[i]]["payoffs"] for i in term], dtype=float)
        prob[chance_child] = [float(adj[order[parent[i]]][order[i]]["probability"]) for i in chance_child]
    except TypeError as exc:
        raise NotSupportedError(
            "backward induction needs numbers: substitute the parameters first") from exc
    except OverflowError:  # an exact payoff beyond the double range (10**400)
        raise InvalidGameError("a payoff is too large: payoffs must be finite doubles (about 1.8e308 at most)") from None
    depth = _depths(parent)
    starts = np.searchsorted(depth, np.arange(depth[-1] + 2))
    return CompiledTree(tuple(order), parent, kind, player, prob, payoff, starts)


def _depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every node in BFS order (parents precede children)."""
    n = parent.shape[0]
    depth = np.zeros(n, dtype=np.int64)
    # BFS order: depth changes at most once per level, so propagate by levels
    frontier_end = 1
    d = 0
    while frontier_end < n:
        # children of nodes [.., frontier_end) that are not yet assigned
        nxt = np.searchsorted(parent, frontier_end, side="left")
        nxt = max(nxt, frontier_end + 0)
        d += 1
        depth[frontier_end:nxt] = d
        if nxt == frontier_end:
            raise InvalidGameError("broken BFS order")
        frontier_end = nxt
    return depth


def backward_induction_arrays(parent: np.ndarray, kind: np.ndarray, player: np.ndarray,
                              prob: np.ndarray, payoff: np.ndarray, level_starts: np.ndarray,
                              tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised backward induction kernel.

    Returns ``(value, choice, tied)``: the value vector of every node, the chosen
    child (first maximiser, -1 unless decision) and a boolean per node telling
    whether it is one of its decision parent's maximisers.
    """
    n = parent.shape[0]
    value = payoff.copy()
    choice = np.full(n, -1, dtype=np.int64)
    best = np.zeros(n, dtype=bool)
    for d in range(len(level_starts) - 2, 0, -1):
        lo, hi = level_starts[d], level_starts[d + 1]
        if lo == hi:
            continue
        par = parent[lo:hi]
        seg = np.flatnonzero(np.r_[True, par[1:] != par[:-1]])
        parents = par[seg]
        counts = np.diff(np.r_[seg, hi - lo])
        seg_of = np.repeat(np.arange(len(seg)), counts)
        vals = value[lo:hi]
        pk = kind[parents]
        # decision parents: the mover's own payoff in each child
        mover = np.maximum(player[parents], 0)
        own = vals[np.arange(hi - lo), mover[seg_of]]
        m = np.maximum.reduceat(own, seg)
        is_max = own >= m[seg_of] - tol
        pos = np.where(is_max, np.arange(hi - lo), hi - lo)
        first = np.minimum.reduceat(pos, seg)
        dec = pk == 1
        best[lo:hi] = is_max & dec[seg_of]
        choice[parents[dec]] = lo + first[dec]
        value[parents[dec]] = vals[first[dec]]
        ch = pk == 2
        if ch.any():
            weighted = np.add.reduceat(vals * prob[lo:hi, None], seg, axis=0)
            value[parents[ch]] = weighted[ch]
    return value, choice, best


@dataclass(frozen=True)
class SPEResult:
    """Subgame-perfect equilibria found by backward induction."""

    players: tuple
    equilibria: tuple        # of dicts: strategy, path, payoffs
    tied_nodes: tuple        # decision nodes with more than one optimal action
    count: int               # number of pure SPE (product over tied choices, lazily counted)
    method: str = "backward_induction"

    def to_json(self) -> dict:
        def num(x: Any) -> Any:
            return float(x) if isinstance(x, (Fraction, np.floating)) else x

        return {"players": list(self.players), "method": self.method, "count": self.count,
                "tied_nodes": [str(t) for t in self.tied_nodes],
                "equilibria": [{"path": list(e["path"]), "payoffs": [num(v) for v in e["payoffs"]],
                                "strategy": {str(k): v for k, v in e["strategy"].items()}}
                               for e in self.equilibria]}


def _evaluate(tree: GameTree, strategy: dict) -> tuple:
    """Expected payoffs of a pure behaviour strategy, exact when the tree is."""
    exact = tree.is_exact
    memo: dict = {}
    for node in reversed(tree.nodes()):
        kind = tree.kind(node)
        if kind == TERMINAL:
            memo[node] = tree.payoffs(node)
        elif kind == DECISION:
            memo[node] = memo[tree.child(node, strategy[node])]
        else:
            acc = [Fraction(0) if exact else 0.0] * len(tree.players)
            for c in tree.children(node):
                p = tree.probability(node, c)
                acc = [a + p * v for a, v in zip(acc, memo[c])]
            memo[node] = tuple(acc)
    return memo[tree.root]


def _path(tree: GameTree, strategy: dict) -> tuple[str, ...]:
    """Actions from the root following ``strategy``; stops at the first chance node."""
    out, node = [], tree.root
    while tree.kind(node) == DECISION:
        a = strategy[node]
        out.append(a)
        node = tree.child(node, a)
    return tuple(out)


def backward_induction(tree: GameTree, max_equilibria: int = 64) -> SPEResult:
    """Every pure subgame-perfect equilibrium of a perfect-information tree.

    Ties are kept: at a decision node with several optimal actions each gives a
    different equilibrium (which may change the payoffs of earlier movers, so
    the induction is redone per tie choice).  Up to ``max_equilibria`` are listed;
    ``count`` is the total.

    Examples
    --------
    >>> t = GameTree(["E", "I"])
    >>> t.add_decision("r", "E"); t.add_terminal("o", (0, 2), "r", "Out")
    >>> t.add_decision("i", "I", "r", "In")
    >>> t.add_terminal("f", (-1, -1), "i", "Fight"); t.add_terminal("a", (1, 1), "i", "Accommodate")
    >>> res = backward_induction(t)
    >>> res.equilibria[0]["path"], res.equilibria[0]["payoffs"]
    (('In', 'Accommodate'), (Fraction(1, 1), Fraction(1, 1)))
    """
    tree.validate()
    if not tree.has_perfect_information:
        raise NotSupportedError("the tree has information sets: use gametheory.extensive.subgames")
    c = compile_tree(tree)
    span = float(np.ptp(c.payoff)) if c.payoff.size else 1.0
    tol = 1e-9 * max(span, 1.0)
    _, choice, best = backward_induction_arrays(c.parent, c.kind, c.player, c.prob, c.payoff,
                                                c.level_starts, tol)
    nodes = c.nodes
    # a decision node is tied when more than one child is a maximiser
    n_best = np.bincount(c.parent[best], minlength=len(nodes))
    tied = [nodes[i] for i in np.flatnonzero((c.kind == 1) & (n_best > 1))]
    equilibria: list[dict] = []
    count = 1
    if not tied:
        strategy = {nodes[i]: tree.graph.edges[nodes[i], nodes[choice[i]]]["action"]
                    for i in np.flatnonzero(c.kind == 1)}
        equilibria.append({"strategy": strategy, "path": _path(tree, strategy),
                           "payoffs": _evaluate(tree, strategy)})
    else:
        count = _count_spe(tree, tol)
        for strategy in itertools.islice(_spe_generator(tree, tol, tree.root), max_equilibria):
            equilibria.append({"strategy": strategy, "path": _path(tree, strategy),
                               "payoffs": _evaluate(tree, strategy)})
    return SPEResult(tree.players, tuple(equilibria), tuple(tied), count)


def _values(tree: GameTree, node: Hashable) -> tuple:
    return tuple(float(v) for v in tree.payoffs(node))


def _count_spe(tree: GameTree, tol: float, limit: int = 1_000_000) -> int:
    """Number of pure SPE, by dynamic programming on {value vector: count} per node."""
    pidx = {p: i for i, p in enumerate(tree.players)}
    memo: dict[Hashable, dict[tuple, int]] = {}
    for node in reversed(tree.nodes()):
        kind = tree.kind(node)
        if kind == TERMINAL:
            memo[node] = {_values(tree, node): 1}
            continue
        kids = tree.children(node)
        size = 1
        for k in kids:
            size *= len(memo[k])
        if size > limit:
            raise NotSupportedError(
                f"node {node!r}: too many combinations of tied continuations ({size}) to count the SPE")
        out: dict[tuple, int] = {}
        for combo in itertools.product(*(memo[k].items() for k in kids)):
            n = 1
            for _, c in combo:
                n *= c
            if kind == CHANCE:
                val = np.zeros(len(tree.players))
                for k, (v, _) in zip(kids, combo):
                    val += float(tree.probability(node, k)) * np.asarray(v)
                key = tuple(val)
                out[key] = out.get(key, 0) + n
            else:
                i = pidx[tree.player(node)]
                m = max(v[i] for v, _ in combo)
                for v, _ in combo:
                    if v[i] >= m - tol:
                        out[v] = out.get(v, 0) + n
        memo[node] = out
        for k in kids:
            del memo[k]
    return sum(memo[tree.root].values())


def _spe_generator(tree: GameTree, tol: float, node: Hashable) -> Iterator[dict]:
    """Pure SPE strategies of the subgame at ``node``, lazily (so a few can be listed out of very many).

    The nested generators of :func:`_spe_pairs` are driven from an explicit stack, not the call stack, so a
    tree of any depth works (a 20,000-level chain with ties); strategies are built as shared pieces and
    flattened once per equilibrium listed, not copied at every level.
    """
    for strategy, _ in _drive(_spe_pairs(tree, tol, node)):
        yield _flatten(strategy)


#: Sent to a generator of :func:`_spe_pairs` / :func:`_lazy_product` when the one it asked from is exhausted.
_DONE = object()


def _drive(root: Any) -> Iterator[Any]:
    """The items ``root`` outputs. Each generator yields ``("need", other)`` to be sent the next item of
    ``other`` (or ``_DONE``), or ``("out", item)`` to pass ``item`` to whoever asked it."""
    stack, send = [root], None
    while stack:
        try:
            kind, x = stack[-1].send(send)
        except StopIteration:
            stack.pop()
            send = _DONE
            continue
        if kind == "need":
            stack.append(x)
            send = None
        elif len(stack) == 1:
            yield x
            send = None
        else:
            stack.pop()
            send = x


def _flatten(strategy: Any) -> dict:
    """A strategy built by :func:`_spe_pairs` (``(assignment or None, parts)`` nested) as one dict."""
    out: dict = {}
    todo = [strategy]
    while todo:
        own, parts = todo.pop()
        if own is not None:
            out[own[0]] = own[1]
        todo.extend(parts)
    return out


def _spe_pairs(tree: GameTree, tol: float, node: Hashable) -> Iterator[tuple[Any, Any]]:
    """(strategy, value) of each pure SPE of the subgame at ``node``, for :func:`_drive`."""
    kind = tree.kind(node)
    if kind == TERMINAL:
        yield "out", ((None, ()), _values(tree, node))
        return
    kids = tree.children(node)
    product = _lazy_product(tree, tol, kids, 0)
    while True:
        combo = yield "need", product
        if combo is _DONE:
            return
        parts = tuple(st for st, _ in combo)
        if kind == CHANCE:
            val = np.zeros(len(tree.players))
            for k, (_, v) in zip(kids, combo):
                val += float(tree.probability(node, k)) * np.asarray(v)
            yield "out", ((None, parts), tuple(val))
            continue
        i = tree.players.index(tree.player(node))
        m = max(v[i] for _, v in combo)
        for k, (_, v) in zip(kids, combo):
            if v[i] >= m - tol:
                yield "out", (((node, tree.graph.edges[node, k]["action"]), parts), v)


def _lazy_product(tree: GameTree, tol: float, kids: tuple, j: int) -> Iterator[tuple[Any, Any]]:
    """itertools.product of the children's SPE, without materialising any of them, for :func:`_drive`."""
    if j == len(kids):
        yield "out", ()
        return
    firsts = _spe_pairs(tree, tol, kids[j])
    while True:
        first = yield "need", firsts
        if first is _DONE:
            return
        rests = _lazy_product(tree, tol, kids, j + 1)
        while True:
            rest = yield "need", rests
            if rest is _DONE:
                break
            yield "out", (first, *rest)
