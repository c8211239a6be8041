"""Extensive-form games on a :class:`networkx.DiGraph`.

A :class:`GameTree` holds decision nodes (a player and labelled actions),
chance nodes (probabilities on the outgoing edges) and terminal nodes
(one payoff per player).  Information sets group decision nodes of one
player that the player cannot tell apart.
"""

from __future__ import annotations

from fractions import Fraction
from numbers import Number
from typing import Any, Hashable, Sequence

import networkx as nx

from gametheory.exceptions import InvalidGameError

__all__ = ["GameTree", "DECISION", "CHANCE", "TERMINAL"]

DECISION = "decision"
CHANCE = "chance"
TERMINAL = "terminal"


def _as_number(value: Any) -> Any:
    """Keep ints/Fractions exact, floats as floats, sympy expressions as they are."""
    if isinstance(value, bool):
        raise InvalidGameError(f"a boolean is not a payoff or probability: {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, (Fraction, float)):
        return value
    if isinstance(value, str):
        try:
            return Fraction(value)
        except ValueError as exc:
            raise InvalidGameError(f"not a number: {value!r}") from exc
    if hasattr(value, "free_symbols"):  # sympy expression
        if not value.free_symbols:
            if value.is_Rational:
                return Fraction(int(value.p), int(value.q))
            return float(value)
        return value
    if isinstance(value, Number):
        return float(value)
    raise InvalidGameError(f"not a number: {value!r}")


class GameTree:
    """A finite game in extensive form.

    Parameters
    ----------
    players : sequence of str
        Player names, in order; payoffs are given in this order.
    title : str, optional
        A title.

    Examples
    --------
    >>> t = GameTree(["Entrant", "Incumbent"], title="entry")
    >>> t.add_decision("root", "Entrant")
    >>> t.add_terminal("out", (0, 2), parent="root", action="Out")
    >>> t.add_decision("in", "Incumbent", parent="root", action="In")
    >>> t.add_terminal("fight", (-1, -1), parent="in", action="Fight")
    >>> t.add_terminal("acc", (1, 1), parent="in", action="Accommodate")
    >>> t.validate().perfect_recall
    True
    >>> t.actions("in")
    ('Fight', 'Accommodate')
    """

    def __init__(self, players: Sequence[str], title: str = "") -> None:
        players = tuple(str(p) for p in players)
        if not players:
            raise InvalidGameError("players: a game tree needs at least one player")
        if len(set(players)) != len(players):
            raise InvalidGameError(f"players: names must be distinct, got {players}")
        self.players: tuple[str, ...] = players
        self.title = title
        self.graph: nx.DiGraph = nx.DiGraph()
        self.root: Hashable | None = None

    # ------------------------------------------------------------------ build
    def _attach(self, node: Hashable, parent: Hashable | None, action: str | None,
                probability: Any) -> None:
        if node in self.graph:
            raise InvalidGameError(f"node {node!r} already exists")
        if parent is None:
            if self.root is not None:
                raise InvalidGameError(
                    f"node {node!r}: the tree already has a root ({self.root!r}); give a parent")
            self.root = node
            return
        if parent not in self.graph:
            raise InvalidGameError(f"node {node!r}: parent {parent!r} does not exist")
        kind = self.graph.nodes[parent]["kind"]
        if kind == TERMINAL:
            raise InvalidGameError(f"node {node!r}: parent {parent!r} is terminal")
        if action is None:
            raise InvalidGameError(f"node {node!r}: the edge from {parent!r} needs an action label")
        action = str(action)
        if action in self.actions(parent):
            raise InvalidGameError(f"node {parent!r}: action {action!r} used twice")
        attrs: dict[str, Any] = {"action": action}
        if kind == CHANCE:
            if probability is None:
                raise InvalidGameError(
                    f"node {node!r}: the edge from chance node {parent!r} needs a probability")
            attrs["probability"] = _as_number(probability)
        elif probability is not None:
            raise InvalidGameError(
                f"node {node!r}: only edges from chance nodes carry a probability")
        self.graph.add_node(node)
        self.graph.add_edge(parent, node, **attrs)

    def add_decision(self, node: Hashable, player: str, parent: Hashable | None = None,
                     action: str | None = None, infoset: Hashable | None = None,
                     probability: Any = None) -> None:
        """Add a decision node for ``player`` (the root when ``parent`` is None)."""
        if player not in self.players:
            raise InvalidGameError(f"node {node!r}: unknown player {player!r}; players are {self.players}")
        self._attach(node, parent, action, probability)
        self.graph.add_node(node, kind=DECISION, player=player,
                            infoset=(player, node if infoset is None else infoset))

    def add_chance(self, node: Hashable, parent: Hashable | None = None,
                   action: str | None = None, probability: Any = None) -> None:
        """Add a chance node; its children's edges carry probabilities."""
        self._attach(node, parent, action, probability)
        self.graph.add_node(node, kind=CHANCE)

    def add_terminal(self, node: Hashable, payoffs: Sequence[Any], parent: Hashable | None = None,
                     action: str | None = None, probability: Any = None) -> None:
        """Add a terminal node with one payoff per player."""
        payoffs = tuple(payoffs)
        if len(payoffs) != len(self.players):
            raise InvalidGameError(
                f"node {node!r}: {len(payoffs)} payoffs for {len(self.players)} players")
        values = tuple(_as_number(v) for v in payoffs)
        self._attach(node, parent, action, probability)
        self.graph.add_node(node, kind=TERMINAL, payoffs=values)

    # ----------------------------------------------------------------- query
    def kind(self, node: Hashable) -> str:
        return self.graph.nodes[node]["kind"]

    def player(self, node: Hashable) -> str | None:
        return self.graph.nodes[node].get("player")

    def children(self, node: Hashable) -> tuple[Hashable, ...]:
        """Children in the order their actions were added."""
        return tuple(self.graph.successors(node))

    def actions(self, node: Hashable) -> tuple[str, ...]:
        return tuple(self.graph.edges[node, c]["action"] for c in self.graph.successors(node))

    def child(self, node: Hashable, action: str) -> Hashable:
        for c in self.graph.successors(node):
            if self.graph.edges[node, c]["action"] == action:
                return c
        raise InvalidGameError(f"node {node!r} has no action {action!r}")

    def probability(self, parent: Hashable, child: Hashable) -> Any:
        return self.graph.edges[parent, child]["probability"]

    def payoffs(self, node: Hashable) -> tuple[Any, ...]:
        return self.graph.nodes[node]["payoffs"]

    def parent(self, node: Hashable) -> Hashable | None:
        preds = list(self.graph.predecessors(node))
        return preds[0] if preds else None

    def history(self, node: Hashable) -> tuple[str, ...]:
        """Action labels from the root to ``node``."""
        out: list[str] = []
        while (p := self.parent(node)) is not None:
            out.append(self.graph.edges[p, node]["action"])
            node = p
        return tuple(reversed(out))

    def nodes(self, kind: str | None = None) -> list[Hashable]:
        """Nodes in breadth-first order from the root, optionally of one kind."""
        if self.root is None:
            return []
        order = [self.root] + [v for _, v in nx.bfs_edges(self.graph, self.root)]
        return order if kind is None else [n for n in order if self.kind(n) == kind]

    def decision_nodes(self) -> list[Hashable]:
        return self.nodes(DECISION)

    def infosets(self) -> dict[Hashable, list[Hashable]]:
        """Information sets: key ``(player, label)`` -> decision nodes."""
        out: dict[Hashable, list[Hashable]] = {}
        for n in self.decision_nodes():
            out.setdefault(self.graph.nodes[n]["infoset"], []).append(n)
        return out

    @property
    def has_perfect_information(self) -> bool:
        return all(len(v) == 1 for v in self.infosets().values())

    @property
    def is_symbolic(self) -> bool:
        return bool(self.free_symbols)

    @property
    def free_symbols(self) -> set:
        syms: set = set()
        for n in self.graph.nodes:
            for v in self.graph.nodes[n].get("payoffs", ()):
                syms |= getattr(v, "free_symbols", set())
        for _, _, d in self.graph.edges(data=True):
            syms |= getattr(d.get("probability"), "free_symbols", set())
        return syms

    @property
    def is_exact(self) -> bool:
        vals = [v for n in self.graph.nodes for v in self.graph.nodes[n].get("payoffs", ())]
        vals += [d["probability"] for *_, d in self.graph.edges(data=True) if "probability" in d]
        return all(not isinstance(v, float) for v in vals)

    def subs(self, values: dict) -> "GameTree":
        """A copy with sympy symbols replaced by numbers (``{symbol_or_name: value}``)."""
        import sympy as sp

        def exact(v: Any) -> Any:  # keep rationals rational through sympy
            if isinstance(v, Fraction):
                return sp.Rational(v.numerator, v.denominator)
            return sp.Integer(v) if isinstance(v, int) else v

        # xreplace rebuilds each expression from its leaves with every value in place: sympy's subs replaces
        # one symbol at a time and mis-simplifies nested Min/Max on the way (min(x+2, max(1, min(y, 0))) at
        # x = y = 0 gave 2, not 1).
        # names match the tree's own symbols whatever their assumptions (model symbols are real=True)
        by_name = {str(sym): sym for sym in self.free_symbols}
        mapping = {(by_name.get(k, sp.Symbol(k)) if isinstance(k, str) else k): exact(v) for k, v in values.items()}
        new = self.copy()
        for n in new.graph.nodes:
            d = new.graph.nodes[n]
            if "payoffs" in d:
                d["payoffs"] = tuple(_as_number(sp.sympify(v).xreplace(mapping)) if hasattr(v, "free_symbols")
                                     else v for v in d["payoffs"])
        for *_, d in new.graph.edges(data=True):
            v = d.get("probability")
            if hasattr(v, "free_symbols"):
                d["probability"] = _as_number(v.xreplace(mapping))
        return new

    def copy(self) -> "GameTree":
        new = GameTree(self.players, self.title)
        new.graph = self.graph.copy()
        new.root = self.root
        return new

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def __repr__(self) -> str:
        return (f"GameTree({self.title!r}, players={self.players}, nodes={len(self)}, "
                f"infosets={len(self.infosets())})")

    # -------------------------------------------------------------- validate
    def validate(self) -> "TreeReport":
        """Check the tree; raise :class:`InvalidGameError` on a structural error.

        Returns a :class:`TreeReport` telling whether the game has perfect recall
        (a game without perfect recall is valid, but reported).
        """
        g = self.graph
        if self.root is None:
            raise InvalidGameError("the tree is empty")
        if not nx.is_arborescence(g):
            raise InvalidGameError("the graph is not a tree rooted at the root")
        for n in g.nodes:
            kind = g.nodes[n].get("kind")
            kids = list(g.successors(n))
            if kind is None:
                raise InvalidGameError(f"node {n!r} has no kind")
            if kind != TERMINAL and not kids:
                raise InvalidGameError(
                    f"node {n!r} ({kind}) has no actions: every path must end in payoffs")
            if kind == CHANCE:
                probs = [g.edges[n, c]["probability"] for c in kids]
                total = sum(probs)
                if hasattr(total, "free_symbols") and total.free_symbols:
                    import sympy as sp

                    if sp.simplify(total - 1) != 0:
                        raise InvalidGameError(
                            f"chance node {n!r}: probabilities sum to {total}, not 1")
                    continue
                if any(float(p) < 0 for p in probs if not hasattr(p, "free_symbols")):
                    raise InvalidGameError(f"chance node {n!r}: negative probability in {probs}")
                exact = all(isinstance(p, Fraction) for p in probs)
                if (total != 1) if exact else abs(float(total) - 1) > 1e-9:
                    raise InvalidGameError(
                        f"chance node {n!r}: probabilities sum to {total}, not 1")
        for key, members in self.infosets().items():
            acts = {self.actions(m) for m in members}
            if len(acts) > 1:
                raise InvalidGameError(
                    f"information set {key!r}: nodes {members} have different actions {sorted(acts)}")
        failures = self._perfect_recall_failures()
        return TreeReport(perfect_recall=not failures, recall_failures=tuple(failures),
                          perfect_information=self.has_perfect_information,
                          num_nodes=len(self))

    def _own_history(self, node: Hashable) -> tuple:
        """The player's own past (information set, action) pairs on the way to ``node``."""
        player = self.player(node)
        seq = []
        cur = node
        while (p := self.parent(cur)) is not None:
            if self.kind(p) == DECISION and self.player(p) == player:
                seq.append((self.graph.nodes[p]["infoset"], self.graph.edges[p, cur]["action"]))
            cur = p
        return tuple(reversed(seq))

    def _perfect_recall_failures(self) -> list[str]:
        """Information sets whose members differ in their player's own past moves.

        One pass from the root (no per-node walk back up, which made chains quadratic): each node
        carries, per player, the id of that player's own (information set, action) sequence so far,
        interned so that equal ids mean equal sequences.
        """
        g = self.graph
        intern: dict[tuple, int] = {}
        own: dict[Hashable, dict[str, int]] = {self.root: {}}
        stack = [self.root]
        while stack:
            node = stack.pop()
            state = own[node]
            data = g.nodes[node]
            for child in g.successors(node):
                if data.get("kind") == DECISION:
                    player = data["player"]
                    key = (state.get(player, 0), data["infoset"], g.edges[node, child]["action"])
                    nxt = dict(state)
                    nxt[player] = intern.setdefault(key, len(intern) + 1)
                    own[child] = nxt
                else:
                    own[child] = state
                stack.append(child)
        out = []
        for key, members in self.infosets().items():
            hist = {own[m].get(self.player(m), 0) for m in members}
            if len(hist) > 1:
                out.append(f"information set {key!r}: {key[0]} forgets its own earlier moves")
        return out


class TreeReport:
    """Outcome of :meth:`GameTree.validate` (frozen)."""

    __slots__ = ("perfect_recall", "recall_failures", "perfect_information", "num_nodes")

    def __init__(self, perfect_recall: bool, recall_failures: tuple[str, ...],
                 perfect_information: bool, num_nodes: int) -> None:
        object.__setattr__(self, "perfect_recall", perfect_recall)
        object.__setattr__(self, "recall_failures", recall_failures)
        object.__setattr__(self, "perfect_information", perfect_information)
        object.__setattr__(self, "num_nodes", num_nodes)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("TreeReport is frozen")

    def to_json(self) -> dict:
        return {"perfect_recall": self.perfect_recall, "recall_failures": list(self.recall_failures),
                "perfect_information": self.perfect_information, "num_nodes": self.num_nodes}

    def __repr__(self) -> str:
        return f"TreeReport({self.to_json()})"
