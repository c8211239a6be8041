"""Credibility of threats and promises in perfect-information trees.

A *threat* (or promise) is an action planned, or announced, for a decision node
off the equilibrium path.  It is credible when carrying it out is optimal for
the mover once the node is reached, given subgame-perfect play afterwards; its
*cost* is what the mover gives up by carrying it out.  With symbolic payoffs
the condition under which the action becomes optimal is returned as a sympy
parameter condition is given per parameter, the others at their values
("credible iff q >= 0.412"; "credible for no value of a in [0, 50]"), solved
exactly where the payoffs are rational (see :mod:`.thresholds`).
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from gametheory.exceptions import InvalidGameError, NotSupportedError
from gametheory.extensive._backward_induction import backward_induction
from gametheory.games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["CredibilityResult", "Threat", "commitment_value", "credibility", "non_credible_equilibria"]


@dataclass(frozen=True)
class Threat:
    """One planned or announced action at one decision node."""

    player: str
    node: Hashable
    action: str
    credible: bool
    cost: float
    on_path: bool
    best_actions: tuple
    condition: str | None = None
    thresholds: tuple = ()

    def to_json(self) -> dict:
        return {"player": self.player, "node": str(self.node), "action": self.action,
                "credible": self.credible, "cost": float(self.cost), "on_path": self.on_path,
                "best_actions": list(self.best_actions), "condition": self.condition,
                "thresholds": [t.to_json() for t in self.thresholds]}


@dataclass(frozen=True)
class CredibilityResult:
    """Credibility of every off-path (or announced) action, plus the value of commitment."""

    players: tuple
    path: tuple
    payoffs: tuple
    threats: tuple
    commitment: Mapping = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"players": list(self.players), "path": list(self.path),
                "payoffs": [float(v) for v in self.payoffs],
                "threats": [t.to_json() for t in self.threats],
                "commitment": {p: {k: (float(v) if isinstance(v, (int, float, Fraction)) else v)
                                   for k, v in d.items()} for p, d in self.commitment.items()}}


def _values(tree: GameTree, strategy: Mapping, symbolic_tree: GameTree | None = None) -> dict:
    """Value vector of every node under a pure behaviour strategy (exact/symbolic where given)."""
    src = symbolic_tree or tree
    memo: dict = {}
    for node in reversed(src.nodes()):
        kind = src.kind(node)
        if kind == TERMINAL:
            memo[node] = tuple(src.payoffs(node))
        elif kind == DECISION:
            memo[node] = memo[src.child(node, strategy[node])]
        else:
            kids = src.children(node)
            memo[node] = tuple(sum(src.probability(node, c) * memo[c][j] for c in kids)
                               for j in range(len(src.players)))
    return memo


def _condition(ths: tuple) -> str:
    """The per-parameter conditions in one sentence, nearest change first.

    E.g. ``"credible iff a >= 21.26, or iff d <= 0.147 (each parameter alone, the others at
    their values); for no value of q, kappa in their ranges"``.
    """
    def distance(t: Any) -> float:
        width = max(t.upper - t.lower, 1e-12)
        pts = t.points or (t.value,)
        return min(abs(float(x) - t.current) for x in pts if x is not None) / width

    flips = sorted((t for t in ths if t.relation in (">=", "<=", "in")), key=distance)
    never = sorted(t.parameter for t in ths if t.relation == "never")
    always = sorted(t.parameter for t in ths if t.relation == "always")
    parts = []
    if flips:
        text = ", or iff ".join(t.text("").replace(" iff ", "", 1).strip() for t in flips)
        parts.append("credible iff " + text + (" (each parameter alone, the others at their values)"
                                                if len(ths) > 1 else ""))
    if never:
        parts.append("for no value of " + ", ".join(never) + " in " + ("its range" if len(never) == 1
                                                                       else "their ranges"))
    if always:
        parts.append("for every value of " + ", ".join(always) + " in " + ("its range" if len(always) == 1
                                                                          else "their ranges"))
    if not parts:
        return "does not depend on the parameters"
    if not flips:
        parts[0] = "credible " + parts[0]
    return "; ".join(parts)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def _symbol_values(tree: GameTree, values: Mapping[str, Any]) -> dict:
    """``{symbol: value}`` for the tree's parameters, matched by name (symbols may carry assumptions)."""
    by_name = {str(k): v for k, v in values.items()}
    out = {}
    for sym in tree.free_symbols:
        if sym.name not in by_name:
            raise InvalidGameError(f"no value for parameter {sym.name!r}")
        out[sym] = by_name[sym.name]
    return out


def _substituted(tree: GameTree, symbol_values: Mapping, cache: dict | None = None) -> GameTree:
    """``tree.subs(symbol_values)``, kept in ``cache`` (when given) for the next analysis at the same values."""
    if cache is None:
        return tree.subs(symbol_values)
    key = ("subs", id(tree), tuple(sorted((s.name, v) for s, v in symbol_values.items())))
    hit = cache.get(key)
    if hit is None or hit[0] is not tree:
        hit = cache[key] = (tree, tree.subs(symbol_values))
    return hit[1]


def credibility(tree: GameTree, values: Mapping[str, Any] | None = None,
                announced: Mapping[Hashable, str] | None = None,
                commitment: bool = True, bounds: Mapping[str, tuple] | None = None,
                thresholds: bool = True, evaluator: Any = None, cache: dict | None = None) -> CredibilityResult:
    """Which threats and promises are credible.

    Parameters
    ----------
    tree : GameTree
        A perfect-information tree (payoffs may be sympy expressions).
    values : mapping, optional
        Parameter values for a symbolic tree.
    announced : mapping node -> action, optional
        Announced actions; by default every action at every decision node off
        the equilibrium path is examined.
    commitment : bool
        Also compute each player's value of commitment.
    bounds : mapping name -> (low, high), optional
        The range of each parameter examined for the conditions (for a model:
        :func:`gametheory.extensive.thresholds.model_bounds`); by default the
        value -/+ twice its size.
    thresholds : bool
        For a symbolic tree, compute each threat's per-parameter conditions
        (``Threat.thresholds``, summarised in ``Threat.condition``).
    evaluator, cache : optional
        A :class:`~gametheory.extensive.thresholds.TreeEvaluator` of ``tree`` and a dict of its
        grid evaluations, to share with later analyses of the same tree at the same values
        (e.g. :func:`~gametheory.extensive.verdict.tree_verdict`); the results are the same.

    Examples
    --------
    >>> t = GameTree(["E", "I"])
    >>> t.add_decision("r", "E"); t.add_terminal("o", (0, 2), "r", "Out")
    >>> t.add_decision("i", "I", "r", "In")
    >>> t.add_terminal("f", (-1, -1), "i", "Fight"); t.add_terminal("a", (1, 1), "i", "Accommodate")
    >>> res = credibility(t, announced={"i": "Fight"})
    >>> res.threats[0].credible, res.threats[0].cost
    (False, 2.0)
    >>> res.commitment["I"]["gain"]
    1.0
    """
    symbolic = tree if tree.is_symbolic else None
    if symbolic is not None:
        if values is None:
            raise InvalidGameError("the tree has parameters: give values for them")
        numeric = _substituted(tree, _symbol_values(tree, values), cache)
    else:
        numeric = tree
    spe = backward_induction(numeric)
    eq = spe.equilibria[0]
    strategy = eq["strategy"]
    vals = _values(numeric, strategy)
    # nodes on the equilibrium path (chance nodes: all branches count as reached)
    on_path: set = set()
    frontier = [numeric.root]
    while frontier:
        n = frontier.pop()
        on_path.add(n)
        if numeric.kind(n) == DECISION:
            frontier.append(numeric.child(n, strategy[n]))
        elif numeric.kind(n) == CHANCE:
            frontier.extend(numeric.children(n))
    pidx = {p: k for k, p in enumerate(numeric.players)}
    items: list[tuple[Hashable, str]]
    if announced is not None:
        items = list(announced.items())
    else:
        items = [(n, a) for n in numeric.decision_nodes() if n not in on_path
                 for a in numeric.actions(n)]
    threats = []
    for node, action in items:
        if numeric.kind(node) != DECISION:
            raise InvalidGameError(f"announced: {node!r} is not a decision node")
        i = pidx[numeric.player(node)]
        own = {a: vals[numeric.child(node, a)][i] for a in numeric.actions(node)}
        if action not in own:
            raise InvalidGameError(f"announced: node {node!r} has no action {action!r}")
        best = max(own.values())
        tol = 1e-9 * max(1.0, abs(float(best)))
        cost = float(best - own[action])
        threats.append(Threat(numeric.player(node), node, action, cost <= tol, max(cost, 0.0),
                              node in on_path,
                              tuple(a for a, v in own.items() if v >= best - tol)))
    if symbolic is not None and thresholds and threats:
        from gametheory.extensive.thresholds import credibility_thresholds

        found = credibility_thresholds(symbolic, {s.name: v for s, v in _symbol_values(tree, values).items()},
                                       bounds, items=[(t.node, t.action) for t in threats],
                                       evaluator=evaluator, cache=cache)
        threats = [replace(t, thresholds=found[(t.node, t.action)], condition=_condition(found[(t.node, t.action)]))
                   for t in threats]
    comm = {}
    if commitment:
        for p in numeric.players:
            comm[p] = commitment_value(numeric, p, float(eq["payoffs"][pidx[p]]))
    return CredibilityResult(numeric.players, eq["path"], eq["payoffs"], tuple(threats), comm)


def commitment_value(tree: GameTree, player: str, spe_payoff: float | None = None,
                     max_plans: int = 4096) -> dict:
    """What ``player`` gets by committing to a full plan before play (Stackelberg-style).

    The others respond by backward induction; ties among followers are broken in
    the leader's favour.  Returns ``{"committed": value, "plan": {...},
    "subgame_perfect": spe, "gain": committed - spe}``.
    """
    nodes = [n for n in tree.decision_nodes() if tree.player(n) == player]
    choices = [tree.actions(n) for n in nodes]
    total = 1
    for c in choices:
        total *= len(c)
    if total > max_plans:
        raise NotSupportedError(f"{player} has {total} plans; commitment value limited to {max_plans}")
    i = tree.players.index(player)
    if spe_payoff is None:
        spe_payoff = float(backward_induction(tree).equilibria[0]["payoffs"][i])
    best_val, best_plan = None, None
    for plan in itertools.product(*choices):
        fixed = dict(zip(nodes, plan))
        v = _follow(tree, fixed, i)[tree.root][i]
        if best_val is None or v > best_val + 1e-12:
            best_val, best_plan = v, fixed
    return {"committed": best_val, "plan": {str(k): v for k, v in best_plan.items()},
            "subgame_perfect": spe_payoff, "gain": best_val - spe_payoff}


def _follow(tree: GameTree, fixed: Mapping, leader: int) -> dict:
    pidx = {p: k for k, p in enumerate(tree.players)}
    memo: dict = {}
    for node in reversed(tree.nodes()):
        kind = tree.kind(node)
        if kind == TERMINAL:
            memo[node] = tuple(float(v) for v in tree.payoffs(node))
        elif kind == CHANCE:
            kids = tree.children(node)
            memo[node] = tuple(sum(float(tree.probability(node, c)) * memo[c][j] for c in kids)
                               for j in range(len(tree.players)))
        elif node in fixed:
            memo[node] = memo[tree.child(node, fixed[node])]
        else:
            j = pidx[tree.player(node)]
            opts = [memo[c] for c in tree.children(node)]
            m = max(o[j] for o in opts)
            memo[node] = max((o for o in opts if o[j] >= m - 1e-9), key=lambda o: o[leader])
    return memo


def non_credible_equilibria(tree: GameTree) -> list[dict]:
    """Pure Nash equilibria of the reduced normal form that rest on non-credible threats.

    Each entry gives the labelled profile and the (player, node, action) threats in
    it that are not optimal when their node is reached (perfect-information trees).

    Examples
    --------
    >>> t = GameTree(["E", "I"])
    >>> t.add_decision("r", "E"); t.add_terminal("o", (0, 2), "r", "Out")
    >>> t.add_decision("i", "I", "r", "In")
    >>> t.add_terminal("f", (-1, -1), "i", "Fight"); t.add_terminal("a", (1, 1), "i", "Accommodate")
    >>> [e["profile"] for e in non_credible_equilibria(t)]
    [('Out', 'Fight')]
    """
    from gametheory.extensive._reduced_normal_form import reduced_normal_form

    if not tree.has_perfect_information:
        raise NotSupportedError("non-credible equilibria: perfect-information trees only")
    best = {}
    for n in tree.decision_nodes():
        r = credibility(tree, announced={n: tree.actions(n)[0]}, commitment=False)
        best[n] = set(r.threats[0].best_actions)
    game = reduced_normal_form(tree)
    arr = game.payoff_array
    keys = {p: [k for k in tree.infosets() if k[0] == p] for p in tree.players}
    out = []
    for prof in itertools.product(*(range(s) for s in game.shape)):
        pays = arr[(slice(None),) + prof]
        nash = all(arr[(i,) + prof[:i] + (s,) + prof[i + 1:]] <= pays[i] + 1e-9
                   for i in range(game.num_players) for s in range(game.shape[i]))
        if not nash:
            continue
        labels = tuple(game.strategies[i][prof[i]] for i in range(game.num_players))
        plan = {}
        for i, p in enumerate(tree.players):
            acts = labels[i].split("/") if keys[p] else []
            plan.update({node: a for (_, node), a in zip(keys[p], acts)})
        reached, stack = set(), [tree.root]
        while stack:  # nodes the profile actually reaches (all chance branches)
            n = stack.pop()
            reached.add(n)
            if tree.kind(n) == DECISION:
                stack.append(tree.child(n, plan[n]))
            elif tree.kind(n) == CHANCE:
                stack.extend(tree.children(n))
        bad = []
        for i, p in enumerate(tree.players):
            acts = labels[i].split("/") if keys[p] else []
            for (pl, node), a in zip(keys[p], acts):
                if a != "*" and node not in reached and a not in best[node]:
                    bad.append({"player": p, "node": str(node), "action": a})
        if bad:
            out.append({"profile": labels, "payoffs": tuple(float(x) for x in pays), "threats": bad})
    return out
