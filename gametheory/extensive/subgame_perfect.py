"""Subgame-perfect equilibria of trees with information sets, chance and any number of players.

The game is cut at its subgame roots (:func:`gametheory.extensive.subgames`) and
solved bottom-up. At each subgame root, the nested subgames are replaced by
terminal nodes carrying the payoffs of one of their equilibria, the remaining
*truncated* tree is converted to its reduced normal form and solved with
:func:`gametheory.solvers.solve`; every equilibrium found, combined with every
choice of equilibria below, is an equilibrium of the subgame. The whole game's
list is every subgame-perfect equilibrium the solvers enumerate:

* one player who moves in the truncated tree: every pure maximiser (the extreme
  points of its optimal mixtures, as backward induction does);
* two players: every extreme equilibrium, exact (vertex enumeration), or
  Lemke-Howson beyond :data:`gametheory.solvers._solve.ENUMERATION_LIMIT` strategies;
* three or more: every isolated equilibrium (support enumeration) up to
  :data:`NPLAYER_PROFILES` pure profiles, else one equilibrium by path following.

Players who do not move in a truncated tree are dropped before solving, so a
3-player tree whose subgames each involve two players is solved exactly.
Perfect-information trees go to the vectorised
:func:`~gametheory.extensive._backward_induction.backward_induction`.

Each reported equilibrium carries its certificate: the largest gain of a
unilateral deviation in any subgame, computed afresh on the reduced normal form
of each subgame (or, when that is too large, by best responses on the tree).
Candidates that fail it are dropped and said so.

Paths. ``path`` is the play that happens for sure: the actions from the root
while the mover's choice is pure, stopping at the first chance node or mixed
choice (as backward induction does). ``likely_path`` follows the most likely
branch at every node, chance included (the first on ties), down to a terminal.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.exceptions import NotSupportedError
from gametheory.games.normal_form import NormalFormGame
from gametheory.games.tree import CHANCE, TERMINAL, GameTree

from .behaviour import (behaviour_to_mixed, best_response_regret, mixed_to_behaviour, node_values,
                        reduced_normal_form_with_plans, require_perfect_recall)
from ._subgames import Subgame, subgames, subtree, truncated_subgame

__all__ = ["SubgamePerfectResult", "subgame_perfect_equilibria", "NPLAYER_PROFILES"]

#: n-player truncated subgames with at most this many pure profiles are enumerated completely.
NPLAYER_PROFILES = 64
#: Subgames whose reduced normal form has more profiles are certified by best responses on the tree.
CERTIFICATE_PROFILES = 20_000


@dataclass(frozen=True)
class SubgamePerfectResult:
    """Subgame-perfect equilibria of a tree, each certified in every subgame.

    Attributes
    ----------
    players : tuple of str
    equilibria : tuple of dict
        Each with ``strategy`` (decision node -> action, ``{action: probability}``
        for a mixed choice, or ``"*"`` at a set its player's own strategy never
        reaches), ``behaviour`` (information set key -> distribution or ``None``),
        ``path``, ``likely_path``, ``payoffs`` (expected, one per player) and
        ``regret`` (the certificate: the largest gain of a unilateral deviation in
        any subgame; zero for exact equilibria).
    count : int
        Number of equilibria listed (``capped`` tells whether the list was cut).
    method : str
    subgames : tuple of Subgame
    complete : bool
        Whether every solver used enumerates all (extreme) equilibria it targets.
    capped : bool
    exact : bool
    notes : tuple of str
    tied_nodes : tuple
        Perfect-information trees: decision nodes with several optimal actions.
    """

    players: tuple
    equilibria: tuple
    count: int
    method: str
    subgames: tuple = ()
    complete: bool = True
    capped: bool = False
    exact: bool = True
    notes: tuple = field(default=())
    tied_nodes: tuple = ()

    def to_json(self) -> dict:
        """The JSON contract of ``gametheory solve`` on trees (a superset of backward induction's)."""
        def num(x: Any) -> Any:
            return float(x) if isinstance(x, (Fraction, np.floating, np.integer, int)) else x

        def choice(v: Any) -> Any:
            return v if isinstance(v, str) else {a: float(p) for a, p in v.items()}

        eqs = []
        for e in self.equilibria:
            d = {"path": list(e["path"]), "likely_path": list(e["likely_path"]),
                 "payoffs": [num(v) for v in e["payoffs"]],
                 "strategy": {str(k): choice(v) for k, v in e["strategy"].items()},
                 "regret": float(e["regret"])}
            if self.exact:
                d["payoffs_exact"] = [str(Fraction(v)) for v in e["payoffs"]]
            eqs.append(d)
        return {"players": list(self.players), "method": self.method, "count": self.count,
                "complete": self.complete, "capped": self.capped, "exact": self.exact,
                "tied_nodes": [str(t) for t in self.tied_nodes],
                "subgames": [{"root": str(s.root), "parent": None if s.parent is None else str(s.parent),
                              "children": [str(c) for c in s.children]} for s in self.subgames],
                "notes": list(self.notes), "equilibria": eqs}


# ----------------------------------------------------------------------------- helpers
def _strategy_view(tree: GameTree, behaviour: dict) -> dict:
    """Per decision node: the action, a ``{action: p}`` mix, or ``"*"`` (never reached by its player)."""
    out: dict = {}
    for n in tree.decision_nodes():
        dist = behaviour.get(tree.graph.nodes[n]["infoset"])
        if dist is None:
            out[n] = "*"
            continue
        support = {a: p for a, p in dist.items() if p != 0}
        out[n] = next(iter(support)) if len(support) == 1 else support
    return out


def _paths(tree: GameTree, strategy: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    sure: list[str] = []
    likely: list[str] = []
    node, certain = tree.root, True
    while tree.kind(node) != TERMINAL:
        if tree.kind(node) == CHANCE:
            kids = tree.children(node)
            probs = [tree.probability(node, c) for c in kids]
            action = tree.actions(node)[max(range(len(kids)), key=lambda j: probs[j])]
            certain = False
        else:
            s = strategy[node]
            if isinstance(s, str):
                action = s if s != "*" else tree.actions(node)[0]
            else:
                acts = list(s)
                action = acts[max(range(len(acts)), key=lambda j: s[acts[j]])]
                certain = False
        if certain:
            sure.append(action)
        likely.append(action)
        node = tree.child(node, action)
    return tuple(sure), tuple(likely)


def _key(behaviour: dict) -> tuple:
    def r(p: Any) -> Any:
        return p if isinstance(p, Fraction) or isinstance(p, int) else round(float(p), 9)

    return tuple(sorted((str(k), None if d is None else tuple(sorted((a, r(p)) for a, p in d.items() if p)))
                        for k, d in behaviour.items()))


def _solve_truncated(trunc: GameTree, exact: bool) -> tuple[list[tuple[dict, tuple]], bool, list[str]]:
    """Equilibria of a truncated subgame as (behaviour on its sets, payoffs); completeness; notes."""
    from gametheory.solvers._solve import ENUMERATION_LIMIT, solve

    game, plans = reduced_normal_form_with_plans(trunc)
    shape = game.shape
    active = [i for i, k in enumerate(shape) if k > 1]
    arrays = game.payoffs
    base = tuple(0 for _ in shape)
    profiles: list[list[list[Any]]] = []
    complete, notes = True, []
    if len(active) <= 1:
        if active:
            i = active[0]
            own = [arrays[i][base[:i] + (j,) + base[i + 1:]] for j in range(shape[i])]
            best = max(own)
            tol = 0 if exact else 1e-9 * max(game.payoff_range(), 1.0)
            picks = [j for j, v in enumerate(own) if v >= best - tol]
        else:
            i, picks = 0, [0]
        for j in picks:
            profiles.append([[Fraction(int(k == j)) for k in range(shape[p])] if p == i
                             else [Fraction(1)] * shape[p] for p in range(len(shape))])
    else:
        index = tuple(slice(None) if i in active else 0 for i in range(len(shape)))
        small = NormalFormGame([arrays[i][index] for i in active],
                               players=[game.players[i] for i in active],
                               strategies=[game.strategies[i] for i in active], exact=exact)
        if len(active) == 2:
            method = "enumeration" if min(small.shape) <= ENUMERATION_LIMIT else "lemke-howson"
        else:
            method = "polynomial" if int(np.prod(small.shape)) <= NPLAYER_PROFILES else "path"
        try:
            res = solve(small, method, exact=exact)
        except MemoryError:  # vertex enumeration of a wide game can exhaust memory
            method = "lemke-howson"
            res = solve(small, method, exact=exact)
        if (not res.complete or method in ("lemke-howson", "path") or getattr(res, "continua", ())
                or any("positive-dimensional" in n for n in res.notes)):
            complete = False
            notes.append(f"a subgame's normal form {small.shape} solved by {res.method}: "
                         "not every equilibrium is guaranteed")
        notes.extend(n for n in res.notes if not n.startswith("label "))  # not Lemke-Howson's pivots
        if any(len(c) > 1 for c in res.components):
            notes.append("a subgame has a continuum of equilibria: its extreme points are listed")
        for eq in res.equilibria:
            prof = [[Fraction(1)] if shape[p] == 1 else None for p in range(len(shape))]
            for i, probs in zip(active, eq.profile):
                prof[i] = list(probs)
            profiles.append(prof)  # type: ignore[arg-type]
    out, seen = [], set()
    for prof in profiles:
        beh: dict = {}
        for (keys, reds), probs in zip(plans, prof):
            beh.update(mixed_to_behaviour(keys, reds, probs))
        k = _key(beh)
        if k in seen:
            continue
        seen.add(k)
        out.append((beh, tuple(game.expected_payoffs(prof))))
    return out, complete, notes


# ----------------------------------------------------------------------------- main
def subgame_perfect_equilibria(tree: GameTree, max_equilibria: int = 64, *,
                               backward: bool = True) -> SubgamePerfectResult:
    """Every subgame-perfect equilibrium the normal-form solvers enumerate, bottom-up over subgames.

    Parameters
    ----------
    tree : GameTree
        A numeric tree with perfect recall (information sets, chance, any number of players).
    max_equilibria : int
        Cap on the equilibria kept per subgame (and listed); ``capped`` says when it bit.
    backward : bool
        Send perfect-information trees to vectorised backward induction (default).

    Returns
    -------
    SubgamePerfectResult

    Examples
    --------
    Entry, then a simultaneous-move battle of the sexes; the proper subgame has
    three equilibria, and the entrant enters only when it expects the good one:

    >>> t = GameTree(["E", "I"])
    >>> t.add_decision("r", "E"); t.add_terminal("out", (2, 3), "r", "Out")
    >>> t.add_decision("e", "E", "r", "In")
    >>> t.add_decision("i1", "I", "e", "F", infoset="i"); t.add_decision("i2", "I", "e", "A", infoset="i")
    >>> for n, pays in (("i1", ((3, 1), (0, 0))), ("i2", ((0, 0), (1, 3)))):
    ...     t.add_terminal(n + "f", pays[0], n, "f"); t.add_terminal(n + "a", pays[1], n, "a")
    >>> res = subgame_perfect_equilibria(t)
    >>> for e in res.equilibria:
    ...     print(e["path"], [str(v) for v in e["payoffs"]], e["strategy"]["i1"], e["regret"])
    ('Out',) ['2', '3'] a 0
    ('Out',) ['2', '3'] {'f': Fraction(1, 4), 'a': Fraction(3, 4)} 0
    ('In', 'F', 'f') ['3', '1'] f 0
    """
    if tree.is_symbolic:
        raise NotSupportedError("subgame perfection needs numbers: substitute the parameters first")
    require_perfect_recall(tree)
    if max_equilibria < 1:
        raise ValueError(f"max_equilibria must be at least 1, got {max_equilibria}")
    if (backward and tree.has_perfect_information) or tree.kind(tree.root) == TERMINAL:
        return _from_backward_induction(tree, max_equilibria)
    exact = tree.is_exact
    structure = subgames(tree)
    solutions: dict = {}
    complete, capped = True, False
    notes: list[str] = []
    for sg in reversed(structure):
        below = [solutions[c] for c in sg.children]
        cache: dict = {}
        found: list[tuple[dict, tuple]] = []
        for combo in itertools.product(*below):
            pays = tuple(p for _, p in combo)
            if pays not in cache:
                trunc = truncated_subgame(tree, sg.root, dict(zip(sg.children, pays)))
                cache[pays], ok, extra = _solve_truncated(trunc, exact)
                complete = complete and ok
                notes.extend(n for n in extra if n not in notes)
            for beh, value in cache[pays]:
                merged: dict = {}
                for b, _ in combo:
                    merged.update(b)
                merged.update(beh)
                found.append((merged, value))
                if len(found) > max_equilibria:
                    break
            if len(found) > max_equilibria:
                capped = True
                del found[max_equilibria:]
                break
        solutions[sg.root] = found
    equilibria, dropped = _certify(tree, structure, solutions[tree.root], exact)
    if dropped:
        notes.append(f"{dropped} candidate(s) failed the subgame certificate and were dropped")
    if capped:
        notes.append(f"the list was capped at {max_equilibria} equilibria per subgame")
    return SubgamePerfectResult(tree.players, tuple(equilibria), len(equilibria), "subgame-decomposition",
                                structure, complete and not capped, capped,
                                exact and all(_is_exact(e) for e in equilibria), tuple(notes))


def _is_exact(eq: dict) -> bool:
    return all(isinstance(v, (Fraction, int)) for v in eq["payoffs"])


def _certify(tree: GameTree, structure: tuple[Subgame, ...], candidates: list, exact: bool
             ) -> tuple[list[dict], int]:
    """Attach the certificate (max regret over every subgame) and drop failures."""
    span = max((abs(float(v)) for n in tree.nodes(TERMINAL) for v in tree.payoffs(n)), default=1.0)
    tol = 1e-7 * max(span, 1.0)
    forms: dict = {}  # subgame root -> (reduced normal form, plans), or None when too large
    for sg in structure:
        try:
            forms[sg.root] = reduced_normal_form_with_plans(subtree(tree, sg.root), CERTIFICATE_PROFILES)
        except NotSupportedError:
            forms[sg.root] = None
    out, dropped = [], 0
    for beh, pays in candidates:
        worst: Any = Fraction(0)
        for sg in structure:
            if forms[sg.root] is not None:
                game, plans = forms[sg.root]
                regret = game.regret([behaviour_to_mixed(keys, reds, beh) for keys, reds in plans])
            else:
                regret = best_response_regret(tree, beh, sg.root)
            worst = max(worst, regret)
        ok = worst == 0 if isinstance(worst, Fraction) else float(worst) <= tol
        if not ok:
            dropped += 1
            continue
        strategy = _strategy_view(tree, beh)
        path, likely = _paths(tree, strategy)
        out.append({"strategy": strategy, "behaviour": beh, "path": path, "likely_path": likely,
                    "payoffs": pays, "regret": worst})
    return out, dropped


def _from_backward_induction(tree: GameTree, max_equilibria: int) -> SubgamePerfectResult:
    """Wrap backward induction; certificate: no profitable one-shot deviation at any node."""
    from ._backward_induction import backward_induction

    res = backward_induction(tree, max_equilibria=max_equilibria)
    exact = tree.is_exact
    tol = 1e-9 * max((abs(float(v)) for n in tree.nodes(TERMINAL) for v in tree.payoffs(n)), default=1.0)
    equilibria = []
    for e in res.equilibria:
        beh = {tree.graph.nodes[n]["infoset"]: {a: Fraction(1)} for n, a in e["strategy"].items()}
        values = node_values(tree, beh)
        worst: Any = Fraction(0)
        for n in tree.decision_nodes():
            i = tree.players.index(tree.player(n))
            gain = max(values[c][i] for c in tree.children(n)) - values[n][i]
            worst = max(worst, gain)
        if not (worst == 0 if exact else float(worst) <= tol):  # pragma: no cover - guard
            continue
        path, likely = _paths(tree, e["strategy"])
        equilibria.append({"strategy": dict(e["strategy"]), "behaviour": beh, "path": path,
                           "likely_path": likely, "payoffs": e["payoffs"], "regret": worst})
    capped = res.count > len(equilibria)
    notes = (f"{res.count} subgame-perfect equilibria; the first {len(equilibria)} listed",) if capped else ()
    return SubgamePerfectResult(tree.players, tuple(equilibria), res.count, "backward_induction",
                                subgames(tree), not capped, capped, exact, notes, res.tied_nodes)
