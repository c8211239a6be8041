"""A plain-English verdict on an escalation tree at given parameter values.

:func:`tree_verdict` answers the three questions a reader of a threat tree
asks: which first move is the equilibrium "card", whether each threat (an
action planned off the equilibrium path) would be carried out and what it
would cost, and which change of a parameter (the others at their values)
would change the first move or make a threat credible.

Examples
--------
>>> import gametheory.models as models
>>> lines = tree_verdict(models.load("treasury_card"))
>>> lines[0]
"Japan is indifferent between 'reassure' and 'silent' (expected payoff -47.86 each, against -52.86 for 'threaten'); the equilibria differ only in that choice; equilibrium path: reassure -> keep -> refuse."
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from typing import Any

from ..exceptions import InvalidGameError
from ..games.tree import CHANCE, DECISION, GameTree

__all__ = ["tree_verdict"]


def _n(x: Any) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.4g}"


def _where(tree: GameTree, node: Hashable) -> str:
    h = tree.history(node)
    return "at the start" if not h else "after " + " -> ".join(h)


def _inputs(model_or_tree: Any, values: Mapping[str, Any] | None,
            bounds: Mapping[str, tuple] | None) -> tuple[GameTree, dict, Mapping | None, str]:
    if isinstance(model_or_tree, GameTree):
        return model_or_tree, dict(values or {}), bounds, ""
    model = model_or_tree
    if getattr(model, "kind", None) != "tree":
        raise InvalidGameError(f"{getattr(model, 'name', model)!r} is not a tree model")
    from .thresholds import model_bounds

    vals = model.values(**dict(values or {}))
    return model.symbolic("tree"), vals, bounds if bounds is not None else model_bounds(model, vals), model.name


def tree_verdict(model_or_tree: Any, values: Mapping[str, Any] | None = None,
                 bounds: Mapping[str, tuple] | None = None, max_changes: int = 4,
                 result: Any = None, evaluator: Any = None, cache: dict | None = None) -> list[str]:
    """Plain-English sentences on a tree model (or a tree) at ``values``.

    Parameters
    ----------
    model_or_tree : Model or GameTree
        A model of kind ``tree`` (its symbolic tree is used; ``values`` are
        overrides of its defaults, validated) or a GameTree (numeric, or
        symbolic with ``values`` for every parameter).
    values : mapping, optional
        Parameter values (for a model: overrides of the defaults).
    bounds : mapping name -> (low, high), optional
        Ranges searched for changes (a model's bounds by default).
    max_changes : int
        At most this many parameter changes are named per sentence (the
        nearest to the present values, relative to each range).
    result : CredibilityResult, optional
        :func:`~gametheory.extensive._credibility.credibility` of the same tree
        at the same values and bounds, if already computed (its thresholds are reused).
    evaluator, cache : optional
        A :class:`~gametheory.extensive.thresholds.TreeEvaluator` of the tree and a dict of its
        grid evaluations, shared with ``result``'s computation (the sentences are the same).

    Returns
    -------
    list of str
        1. the equilibrium first move (and the payoffs of the alternatives) and the path;
        2. for every threat (an off-path action the first mover would face), whether it is
           credible, what carrying it out costs, and the parameter conditions that change that;
        3. the parameter changes that would change the first move.
    """
    from ._backward_induction import backward_induction
    from ._credibility import _substituted, _symbol_values, _values, credibility
    from .thresholds import TreeEvaluator, action_thresholds, credibility_thresholds

    tree, vals, bounds, _name = _inputs(model_or_tree, values, bounds)
    symbolic = tree.is_symbolic
    cache = {} if cache is None else cache
    numeric = _substituted(tree, _symbol_values(tree, vals), cache) if symbolic else tree
    spe = backward_induction(numeric)
    eq = spe.equilibria[0]
    strategy = eq["strategy"]
    memo = _values(numeric, strategy)
    root = numeric.root
    lines: list[str] = []

    # 1. the first move
    if numeric.kind(root) == DECISION:
        mover = numeric.player(root)
        i = numeric.players.index(mover)
        own = {a: memo[numeric.child(root, a)][i] for a in numeric.actions(root)}
        best = max(own.values())
        tol = 1e-9 * max(1.0, abs(float(best)))
        top = [a for a, v in own.items() if v >= best - tol]
        others = [f"{_n(v)} for '{a}'" for a, v in own.items() if a not in top]
        against = f", against {_join(others)}" if others else ""
        if len(top) == 1:
            head = f"{mover}'s equilibrium first move is '{top[0]}' (expected payoff {_n(best)}{against})"
        else:
            head = (f"{mover} is indifferent between {_join([repr(a) for a in top])} (expected payoff {_n(best)} "
                    f"each{against}); the equilibria differ only in that choice")
        path = " -> ".join(eq["path"])
        if spe.count > 1 and len(top) == 1:
            head += f"; {spe.count} subgame-perfect equilibria (ties later in the tree)"
        lines.append(f"{head}; equilibrium path: {path}.")
    else:
        mover, top = None, []
        lines.append(f"The game opens with Nature; equilibrium payoffs "
                     f"{', '.join(f'{p} {_n(v)}' for p, v in zip(numeric.players, eq['payoffs']))}.")

    # 2. threats: off-path decision nodes of the first mover (else of anyone)
    res = result if result is not None else credibility(tree, vals if symbolic else None, commitment=False,
                                                        thresholds=False, cache=cache)
    threats = [t for t in res.threats if not t.credible]
    own_threats = [t for t in threats if t.player == mover]
    shown = (own_threats or threats)[:4]
    ev = (evaluator if evaluator is not None else TreeEvaluator(tree)) if symbolic else None
    if symbolic and shown and not all(t.thresholds for t in shown):
        found = credibility_thresholds(tree, vals, bounds, items=[(t.node, t.action) for t in shown], evaluator=ev,
                                       cache=cache)
        shown = [replace(t, thresholds=found[(t.node, t.action)]) for t in shown]
    if not res.threats:
        lines.append("Every decision node lies on the equilibrium path (all chance branches count): there is "
                     "no threat or promise left to test; every planned move is carried out.")
    elif not threats:
        lines.append("Every action planned off the equilibrium path is credible: each would be carried out.")
    for t in shown:
        best = ", ".join(repr(a) for a in t.best_actions)
        s = (f"Carrying out '{t.action}' ({t.player}, {_where(numeric, t.node)}) is not credible: it costs "
             f"{t.player} {_n(t.cost)} more than {best}.")
        if t.thresholds:
            s += " " + _threat_conditions(t.thresholds, max_changes)
        lines.append(s)

    # 3. what would change the first move
    if numeric.kind(root) == DECISION and symbolic:
        changes = action_thresholds(tree, vals, bounds, root, evaluator=ev, cache=cache)
        near = _nearest(changes)
        if near:
            items = [f"{c.parameter} {side} {_n(x)} ({' or '.join(repr(a) for a in after)})"
                     for c, x, side, after in near[:max_changes]]
            lines.append(f"{mover}'s first move changes (each parameter alone, the others at their values) if "
                         + "; or if ".join(items) + ".")
        else:
            lines.append(f"No single parameter within its bounds changes {mover}'s first move.")
        # the rest of the plan along the path: the nearest change
        path_nodes = _path_nodes(numeric, strategy)[1:]
        later = []
        for n in path_nodes:
            near_n = _nearest(action_thresholds(tree, vals, bounds, n, evaluator=ev, cache=cache))
            for c, x, side, after in near_n[:1]:
                later.append((abs(x - c.current) / max(c.upper - c.lower, 1e-12), n, c, x, side, after))
        later.sort(key=lambda r: r[0])
        if later:
            items = [f"{numeric.player(n)} {_where(numeric, n)} plays {' or '.join(repr(a) for a in after)} "
                     f"if {c.parameter} {side} {_n(x)}" for _, n, c, x, side, after in later[:max_changes]]
            lines.append("Along the equilibrium path, the nearest changes: " + "; ".join(items) + ".")
    return lines


def _join(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _threat_conditions(ths: tuple, k: int) -> str:
    flips = sorted((t for t in ths if t.relation in (">=", "<=", "in")), key=_distance)
    never = sorted(t.parameter for t in ths if t.relation == "never")
    out = []
    if flips:
        conds = [t.text("").replace(" iff ", "", 1).strip() for t in flips[:k]]
        each = " (each parameter alone, the others at their values)" if len(conds) > 1 else \
            " (the others at their values)"
        out.append(f"It would become credible if {_join(conds, 'or')}{each}.")
    if never:
        out.append(f"No value of {_join(never)} within its bounds makes it credible on its own.")
    return " ".join(out)


def _distance(t: Any) -> float:
    width = max(t.upper - t.lower, 1e-12)
    if t.relation in (">=", "<="):
        return abs(float(t.value) - t.current) / width
    return min((min(abs(lo - t.current), abs(hi - t.current)) for lo, hi in t.intervals), default=1.0) / width


def _nearest(changes: tuple) -> list:
    """Per parameter, the nearest boundary to the present value that changes the optimal actions."""
    out = []
    for c in changes:
        now = c.now
        best = None
        for k, x in enumerate(c.points):
            before, after = c.regimes[k], c.regimes[k + 1]
            if x > c.current and before == now or (x == c.current and after != now and before == now):
                cand = (abs(float(x) - c.current), x, ">=", after)
            elif x <= c.current and after == now and before != now:
                cand = (abs(float(x) - c.current), x, "<", before)
            else:
                continue
            if best is None or cand[0] < best[0]:
                best = cand
        if best is not None:
            _, x, side, regime = best
            out.append((abs(float(x) - c.current) / max(c.upper - c.lower, 1e-12), c, x, side, regime))
    out.sort(key=lambda r: r[0])
    return [(c, x, side, regime) for _, c, x, side, regime in out]


def _path_nodes(tree: GameTree, strategy: Mapping) -> list:
    """Decision nodes reached by the equilibrium (every chance branch followed)."""
    out, stack = [], [tree.root]
    while stack:
        n = stack.pop()
        if tree.kind(n) == DECISION:
            out.append(n)
            stack.append(tree.child(n, strategy[n]))
        elif tree.kind(n) == CHANCE:
            stack.extend(reversed(tree.children(n)))
    return out
