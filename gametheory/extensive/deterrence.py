"""Zagare-Kilgour perfect deterrence: credibility, capability and the critical probability.

A Challenger keeps the *status quo* or challenges; after a challenge the
Defender *resists* (conflict) or *concedes* (the Challenger wins). Payoffs are
given per outcome in the order ``(concession, status_quo, conflict)``, where
*concession* is the Challenger's win.

Complete information (Zagare & Kilgour 1993, 2000 [L17][L18]): the Defender's threat is

* *credible* when the Defender prefers conflict to conceding, and
* *capable* when the Challenger prefers the status quo to conflict;

and, for a Challenger that wants to win (``u_Ch(concession) > u_Ch(SQ)``), the
status quo is the subgame-perfect outcome iff the threat is credible *and*
capable.

One-sided incomplete information: the Defender is *hard* (prefers conflict)
with probability ``p`` and *soft* (prefers conceding) otherwise. Challenging
yields ``p u(conflict) + (1 - p) u(win)``, so the Challenger challenges iff

    p < p* = (u_Ch(win) - u_Ch(SQ)) / (u_Ch(win) - u_Ch(conflict)),

e.g. ``(1, 0, -2)`` gives ``p* = 1/3``. Deterrence then works with a soft
Defender whose threat is not credible (if ``p > p*``) and fails against a hard
one (if ``p < p*``): credibility is neither necessary nor sufficient [R91].

:func:`critical_probability` is the closed form; :func:`critical_probability_from_tree`
finds the same number by backward induction on any tree whose chance node
carries the symbolic probability (every decision below is resolved without
it, the indifference at the deciding node is solved with sympy).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.exceptions import InvalidGameError, NotSupportedError
from gametheory.games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = [
    "OUTCOMES",
    "CriticalProbability",
    "DeterrenceResult",
    "MutualDeterrenceResult",
    "critical_probability",
    "critical_probability_from_tree",
    "deterrence_tree",
    "incomplete_deterrence_tree",
    "mutual_deterrence",
    "mutual_deterrence_tree",
    "perfect_deterrence",
]

#: order of per-outcome payoffs: the Challenger's win (Defender concedes), status quo, conflict.
OUTCOMES = ("concession", "status_quo", "conflict")


def _triple(values: Sequence[Any], name: str) -> tuple:
    vals = tuple(values)
    if len(vals) != 3:
        raise InvalidGameError(f"{name}: expected three payoffs (concession, status_quo, conflict), "
                               f"got {len(vals)}")
    return vals


def deterrence_tree(challenger: Sequence[Any] = (1, 0, -2), defender: Sequence[Any] = (-1, 0, -2), *,
                    players: tuple[str, str] = ("Challenger", "Defender"),
                    challenger_actions: tuple[str, str] = ("status_quo", "challenge"),
                    defender_actions: tuple[str, str] = ("resist", "concede")) -> GameTree:
    """The complete-information deterrence game as a :class:`GameTree`.

    Parameters
    ----------
    challenger, defender : (concession, status_quo, conflict)
        Each player's payoff for each outcome.

    Examples
    --------
    >>> t = deterrence_tree((1, 0, -2), (-1, 0, -0.5))
    >>> t.actions("challenger"), t.actions("defender")
    (('status_quo', 'challenge'), ('resist', 'concede'))
    """
    (cw, cs, cc), (dw, ds, dc) = _triple(challenger, "challenger"), _triple(defender, "defender")
    t = GameTree(players, title="Perfect deterrence (complete information)")
    t.add_decision("challenger", players[0])
    t.add_terminal("status_quo", (cs, ds), "challenger", challenger_actions[0])
    t.add_decision("defender", players[1], "challenger", challenger_actions[1])
    t.add_terminal("conflict", (cc, dc), "defender", defender_actions[0])
    t.add_terminal("concession", (cw, dw), "defender", defender_actions[1])
    return t


@dataclass(frozen=True)
class DeterrenceResult:
    """Credibility, capability and the subgame-perfect outcome(s) of the deterrence game."""

    credible: bool          # the Defender prefers conflict to conceding
    capable: bool           # the Challenger prefers the status quo to conflict
    motivated: bool         # the Challenger prefers winning to the status quo
    outcomes: tuple         # subgame-perfect outcomes (several only with ties)
    paths: tuple            # their action paths

    @property
    def deterred(self) -> bool:
        """The status quo is the (unique) subgame-perfect outcome."""
        return self.outcomes == ("status_quo",)

    def to_json(self) -> dict:
        return {"credible": self.credible, "capable": self.capable, "motivated": self.motivated,
                "deterred": self.deterred, "outcomes": list(self.outcomes),
                "paths": [list(p) for p in self.paths]}


def perfect_deterrence(challenger: Sequence[Any] = (1, 0, -2), defender: Sequence[Any] = (-1, 0, -2),
                       ) -> DeterrenceResult:
    """Solve the complete-information deterrence game by backward induction.

    Examples
    --------
    >>> r = perfect_deterrence((1, 0, -2), (-1, 0, -0.5))    # credible and capable
    >>> r.credible, r.capable, r.outcomes
    (True, True, ('status_quo',))
    >>> perfect_deterrence((1, 0, -2), (-1, 0, -2)).outcomes   # not credible: the Defender concedes
    ('concession',)
    """
    from gametheory.extensive._backward_induction import backward_induction

    (cw, cs, cc), (dw, _ds, dc) = _triple(challenger, "challenger"), _triple(defender, "defender")
    tree = deterrence_tree(challenger, defender)
    res = backward_induction(tree)
    outcomes, paths = [], []
    for eq in res.equilibria:
        node = tree.root
        for action in eq["path"]:
            node = tree.child(node, action)
        if node not in outcomes:
            outcomes.append(node)
            paths.append(eq["path"])
    return DeterrenceResult(bool(dc > dw), bool(cs > cc), bool(cw > cs), tuple(outcomes), tuple(paths))


def incomplete_deterrence_tree(challenger: Sequence[Any] = (1, 0, -2), hard: Sequence[Any] = (-1, 0, -0.5),
                               soft: Sequence[Any] = (-1, 0, -2), p: Any = "p", *,
                               players: tuple[str, str] = ("Challenger", "Defender"),
                               challenger_actions: tuple[str, str] = ("status_quo", "challenge"),
                               defender_actions: tuple[str, str] = ("resist", "concede")) -> GameTree:
    """Deterrence with a Defender that is hard with probability ``p`` (a chance node after the challenge).

    The Challenger does not know the type when it moves; since the Defender's
    type matters only after a challenge, Nature may draw it then, which keeps
    the tree one of perfect information. ``p`` may be a number or a sympy
    symbol (a string is made a symbol).

    Examples
    --------
    >>> t = incomplete_deterrence_tree()
    >>> t.probability("type", "defender_hard"), t.actions("type")
    (p, ('hard', 'soft'))
    """
    import sympy as sp

    (cw, cs, cc) = _triple(challenger, "challenger")
    (hw, hs, hc), (sw, ss, sc) = _triple(hard, "hard"), _triple(soft, "soft")
    if isinstance(p, str):
        p = sp.Symbol(p)
    t = GameTree(players, title="Perfect deterrence, Defender hard with probability p")
    t.add_decision("challenger", players[0])
    # the status quo's Defender payoff is the expected one over types
    t.add_terminal("status_quo", (cs, p * hs + (1 - p) * ss), "challenger", challenger_actions[0])
    t.add_chance("type", "challenger", challenger_actions[1])
    for label, prob, (w, _s, c) in (("hard", p, (hw, hs, hc)), ("soft", 1 - p, (sw, ss, sc))):
        node = f"defender_{label}"
        t.add_decision(node, players[1], "type", label, probability=prob)
        t.add_terminal(f"conflict_{label}", (cc, c), node, defender_actions[0])
        t.add_terminal(f"concession_{label}", (cw, w), node, defender_actions[1])
    return t


def critical_probability(challenger: Sequence[Any] = (1, 0, -2)) -> Fraction | float:
    """Closed form ``p* = (u(win) - u(SQ)) / (u(win) - u(conflict))`` for the Challenger.

    The Challenger challenges iff the probability that the Defender is hard is
    below ``p*``. Exact for rational payoffs.

    Examples
    --------
    >>> critical_probability((1, 0, -2))
    Fraction(1, 3)
    """
    from gametheory.games._exact import to_fraction

    cw, cs, cc = (to_fraction(v, what="challenger payoff") for v in _triple(challenger, "challenger"))
    if not cw > cs > cc:
        raise InvalidGameError("challenger: p* needs u(concession) > u(status_quo) > u(conflict) "
                               f"(a motivated and capable Challenger), got {tuple(challenger)}")
    return (cw - cs) / (cw - cc)


@dataclass(frozen=True)
class CriticalProbability:
    """The probability at which the mover at ``node`` switches action (from a tree)."""

    symbol: str
    node: Hashable
    value: Any                 # Fraction when rational, else a sympy number
    below: str                 # the action chosen for probabilities just below ``value``
    above: str                 # ... and just above
    values: Mapping            # node -> symbolic value vector of each action at ``node``

    def to_json(self) -> dict:
        return {"symbol": self.symbol, "node": str(self.node), "value": float(self.value),
                "below": self.below, "above": self.above,
                "values": {a: [str(x) for x in v] for a, v in self.values.items()}}


def critical_probability_from_tree(tree: GameTree, symbol: Any, values: Mapping[str, Any] | None = None,
                                   node: Hashable | None = None) -> CriticalProbability:
    """Where the mover at ``node`` (default: the root) switches action, as ``symbol`` varies in (0, 1).

    Backward induction with ``symbol`` left symbolic: the other parameters are
    set to ``values``; every decision below ``node`` must be resolvable without
    ``symbol`` (its payoff comparisons there do not involve it); at ``node``
    the expected values of the actions are linear (or rational) functions of
    ``symbol`` and the indifference point in (0, 1) is solved with sympy.

    Examples
    --------
    >>> r = critical_probability_from_tree(incomplete_deterrence_tree(), "p")
    >>> r.value, r.below, r.above
    (Fraction(1, 3), 'challenge', 'status_quo')
    """
    import sympy as sp

    # match by name: model trees use real symbols, which differ from a plain Symbol of the same name
    by_name = {str(s): s for s in tree.free_symbols}
    name = str(symbol)
    if name not in by_name:
        raise InvalidGameError(f"symbol: {name!r} does not occur in the tree")
    sym = by_name[name]
    if values:
        given = {str(k): v for k, v in values.items()}
        tree = tree.subs({s: given[n] for n, s in by_name.items() if n in given and n != name})
    extra = tree.free_symbols - {sym}
    if extra:
        raise InvalidGameError(f"values: give values for {sorted(map(str, extra))}")
    node = tree.root if node is None else node
    if node not in tree.graph or tree.kind(node) != DECISION:
        raise InvalidGameError(f"node: {node!r} is not a decision node")
    i = tree.players.index(tree.player(node))
    vals = _symbolic_values(tree, sym, stop=node)
    options = {a: vals[tree.child(node, a)] for a in tree.actions(node)}
    own = {a: sp.nsimplify(sp.sympify(v[i])) for a, v in options.items()}
    roots: set = set()
    acts = list(own)
    for x in range(len(acts)):
        for y in range(x + 1, len(acts)):
            diff = sp.together(own[acts[x]] - own[acts[y]])
            num = sp.numer(diff)
            if num.free_symbols:
                roots |= {r for r in sp.solve(sp.Eq(num, 0), sym) if r.is_real and 0 < r < 1}
    if not roots:
        raise NotSupportedError(f"node {node!r}: the mover's choice does not change for {sym} in (0, 1)")
    if len(roots) > 1:
        raise NotSupportedError(f"node {node!r}: the choice changes at several values {sorted(roots)}")
    (root,) = roots

    def best_at(x: Any) -> str:
        scores = {a: own[a].subs(sym, x) for a in acts}
        return max(acts, key=lambda a: scores[a])

    lo, hi = best_at(root / 2), best_at((1 + root) / 2)
    value: Any = Fraction(int(root.p), int(root.q)) if root.is_Rational else root
    return CriticalProbability(str(sym), node, value, lo, hi,
                               {a: tuple(sp.simplify(v) for v in options[a]) for a in acts})


def _symbolic_values(tree: GameTree, sym: Any, stop: Hashable) -> dict:
    """Value vectors by backward induction below ``stop``, with ``sym`` symbolic (chance weights)."""
    import sympy as sp

    pidx = {p: k for k, p in enumerate(tree.players)}
    memo: dict = {}
    below = _descendants(tree, stop)
    for n in reversed(tree.nodes()):
        if n not in below or n == stop:
            continue
        kind = tree.kind(n)
        if kind == TERMINAL:
            memo[n] = tuple(sp.sympify(_sym(v)) for v in tree.payoffs(n))
        elif kind == CHANCE:
            kids = tree.children(n)
            memo[n] = tuple(sp.expand(sum(_sym(tree.probability(n, c)) * memo[c][j] for c in kids))
                            for j in range(len(tree.players)))
        else:
            j = pidx[tree.player(n)]
            opts = [memo[c] for c in tree.children(n)]
            own = [sp.nsimplify(o[j]) for o in opts]
            for x in own:
                for y in own:
                    if sp.simplify(x - y).free_symbols:
                        raise NotSupportedError(
                            f"node {n!r}: the choice there depends on {sym}; give the node that decides")
            best = max(range(len(own)), key=lambda k: own[k])
            memo[n] = opts[best]
    return memo


def _descendants(tree: GameTree, node: Hashable) -> set:
    out, stack = set(), [node]
    while stack:
        n = stack.pop()
        out.add(n)
        stack.extend(tree.children(n))
    return out


def _sym(v: Any) -> Any:
    import sympy as sp

    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator)
    return v


# ------------------------------------------------------------------ mutual deterrence
#: order of per-outcome payoffs in the mutual game: own win, status quo, conflict, own concession (loss).
MUTUAL_OUTCOMES = ("win", "status_quo", "conflict", "loss")


def _quad(values: Sequence[Any], name: str) -> tuple:
    vals = tuple(values)
    if len(vals) != 4:
        raise InvalidGameError(f"{name}: expected four payoffs (win, status_quo, conflict, loss), got {len(vals)}")
    return vals


def mutual_deterrence_tree(first: Sequence[Any] = (1, 0, -2, -1), second: Sequence[Any] = (1, 0, -2, -1), *,
                           players: tuple[str, str] = ("Player 1", "Player 2")) -> GameTree:
    """Zagare-Kilgour's mutual deterrence game: either side may challenge, the other resists or concedes.

    The first player keeps the status quo or challenges; after the status quo the
    second may challenge; a challenge is resisted (conflict) or conceded (the
    challenger wins, the other loses). Payoffs per player in the order
    ``(win, status_quo, conflict, loss)`` (:data:`MUTUAL_OUTCOMES`).

    Examples
    --------
    >>> t = mutual_deterrence_tree()
    >>> [t.history(n) for n in t.nodes("terminal")]
    [('status_quo', 'status_quo'), ('challenge', 'resist'), ('challenge', 'concede'), \
('status_quo', 'challenge', 'resist'), ('status_quo', 'challenge', 'concede')]
    """
    (w1, s1, c1, l1), (w2, s2, c2, l2) = _quad(first, "first"), _quad(second, "second")
    t = GameTree(players, title="Mutual deterrence")
    t.add_decision("first", players[0])
    t.add_decision("second", players[1], "first", "status_quo")
    t.add_decision("second_resists", players[1], "first", "challenge")
    t.add_terminal("status_quo", (s1, s2), "second", "status_quo")
    t.add_decision("first_resists", players[0], "second", "challenge")
    t.add_terminal("conflict_1", (c1, c2), "second_resists", "resist")
    t.add_terminal("first_wins", (w1, l2), "second_resists", "concede")
    t.add_terminal("conflict_2", (c1, c2), "first_resists", "resist")
    t.add_terminal("second_wins", (l1, w2), "first_resists", "concede")
    return t


@dataclass(frozen=True)
class MutualDeterrenceResult:
    """Both threats' credibility and capability, and the subgame-perfect outcome(s)."""

    credible: tuple         # (first, second): each prefers conflict to conceding
    capable: tuple          # (first's threat, second's threat): the *other* prefers the status quo to conflict
    outcomes: tuple         # "status_quo", "first_wins", "second_wins", "conflict"

    @property
    def deterred(self) -> bool:
        return self.outcomes == ("status_quo",)

    def to_json(self) -> dict:
        return {"credible": list(self.credible), "capable": list(self.capable), "deterred": self.deterred,
                "outcomes": list(self.outcomes)}


def mutual_deterrence(first: Sequence[Any] = (1, 0, -2, -1),
                      second: Sequence[Any] = (1, 0, -2, -1)) -> MutualDeterrenceResult:
    """Solve the mutual deterrence game by backward induction.

    For players who each prefer winning to the status quo, the status quo is the
    subgame-perfect outcome iff *both* threats are credible and capable.

    Examples
    --------
    >>> mutual_deterrence().outcomes                              # conflict worse than conceding: no credibility
    ('first_wins',)
    >>> mutual_deterrence((1, 0, -1, -2), (1, 0, -1, -2)).outcomes   # both credible and capable
    ('status_quo',)
    """
    from gametheory.extensive._backward_induction import backward_induction

    (_w1, s1, c1, l1), (_w2, s2, c2, l2) = _quad(first, "first"), _quad(second, "second")
    tree = mutual_deterrence_tree(first, second)
    names = {"conflict_1": "conflict", "conflict_2": "conflict"}
    outcomes: list[str] = []
    for eq in backward_induction(tree).equilibria:
        node = tree.root
        for action in eq["path"]:
            node = tree.child(node, action)
        name = names.get(node, node)
        if name not in outcomes:
            outcomes.append(name)
    return MutualDeterrenceResult((bool(c1 > l1), bool(c2 > l2)), (bool(s2 > c2), bool(s1 > c1)), tuple(outcomes))
