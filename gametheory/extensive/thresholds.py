"""Parameter thresholds of a game tree: where a threat becomes credible, where a first move changes.

Along one parameter (the others held at their values) the tree is solved by
backward induction on a grid of the parameter's range, vectorised over the
grid (every payoff and probability is compiled once with ``sympy.lambdify``).
Where the verdict changes between two grid points the boundary is bracketed by
bisection and then solved exactly: the boundary is a root of the difference of
two actions' values under the continuation play on either side (a rational
function of the parameter when the payoffs are), found with sympy's exact real
roots. When sympy cannot (``exp``, ``log``), the bisection's value is kept.

Each result is a :class:`Threshold`: the parameter, a relation (``">="``,
``"<="``, ``"always"``, ``"never"`` or ``"in"`` for several intervals), the
boundary, and the intervals of the range where the verdict holds, with a
sentence such as ``"credible iff q >= 0.412"``.

Examples
--------
Fearon's tying hands: after defiance the leader fights (-1) or backs down (-a);
the threat to fight is credible iff a >= 1:

>>> import sympy
>>> from gametheory.games.tree import GameTree
>>> a = sympy.Symbol("a", real=True)
>>> t = GameTree(["Target", "Leader"])
>>> t.add_decision("r", "Target"); t.add_terminal("comply", (0, 1), "r", "Comply")
>>> t.add_decision("d", "Leader", "r", "Defy")
>>> t.add_terminal("fight", (-2, -1), "d", "Fight"); t.add_terminal("back", (1, -a), "d", "BackDown")
>>> (th,) = credibility_thresholds(t, {"a": 0}, {"a": (0, 5)})[("d", "Fight")]
>>> th.relation, th.value, th.text()
('>=', Fraction(1, 1), 'credible iff a >= 1')
>>> (th,) = action_thresholds(t, {"a": 0}, {"a": (0, 5)}, "r")
>>> th.text("first move"), th.regimes
('first move: Defy if a < 1, Comply if a >= 1', (('Defy',), ('Comply',)))
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError
from ..games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["Threshold", "TreeEvaluator", "action_thresholds", "credibility_thresholds", "model_bounds"]


@dataclass(frozen=True)
class Threshold:
    """Where, along one parameter, a verdict (a threat is credible, a move is chosen) holds.

    Attributes
    ----------
    parameter : str
    relation : str
        ``">="`` or ``"<="`` (one boundary, ``value``), ``"always"`` / ``"never"``
        (over the whole range), ``"in"`` (several intervals, see ``intervals``),
        or ``"changes"`` for :func:`action_thresholds` (see ``regimes``).
    value : Fraction, float or None
        The boundary (exact ``Fraction`` when rational).
    exact : str or None
        The boundary as sympy text when solved exactly (e.g. ``"7/2"``, ``"sqrt(2)"``).
    intervals : tuple of (low, high)
        The parts of the range where the verdict holds.
    lower, upper : float
        The range examined (the parameter's bounds).
    current : float
        The parameter's present value.
    holds : bool
        Whether the verdict holds at the present value.
    points : tuple
        Every boundary in the range (``action_thresholds``: where the choice changes).
    regimes : tuple
        ``action_thresholds`` only: the optimal actions on each piece of the range.
    now : tuple
        ``action_thresholds`` only: the optimal actions at the present value.
    """

    parameter: str
    relation: str
    value: Any
    exact: str | None
    intervals: tuple
    lower: float
    upper: float
    current: float
    holds: bool
    points: tuple = ()
    regimes: tuple = ()
    now: tuple = ()

    def text(self, what: str = "credible") -> str:
        """The verdict in words, e.g. ``"credible iff q >= 0.412"``."""
        p = self.parameter
        rng = f"[{_fmt(self.lower)}, {_fmt(self.upper)}]"
        if self.relation == "changes":
            names = [" or ".join(r) or "none" for r in self.regimes]
            xs = [_fmt(x) for x in self.points]
            parts = [f"{names[0]} if {p} < {xs[0]}"] if xs else [f"{names[0]} for all {p} in {rng}"]
            parts += [f"{names[k + 1]} if {xs[k]} <= {p} < {xs[k + 1]}" for k in range(len(xs) - 1)]
            parts += [f"{names[-1]} if {p} >= {xs[-1]}"] if xs else []
            return f"{what}: " + ", ".join(parts)
        if self.relation == "never":
            return f"{what} for no value of {p} in {rng}"
        if self.relation == "always":
            return f"{what} for every value of {p} in {rng}"
        if self.relation in (">=", "<="):
            return f"{what} iff {p} {self.relation} {_fmt(self.value)}"
        spans = []
        for lo, hi in self.intervals:
            if lo == hi:
                spans.append(f"{p} = {_fmt(lo)}")
            elif lo <= self.lower:
                spans.append(f"{p} <= {_fmt(hi)}")
            elif hi >= self.upper:
                spans.append(f"{p} >= {_fmt(lo)}")
            else:
                spans.append(f"{_fmt(lo)} <= {p} <= {_fmt(hi)}")
        return f"{what} iff " + " or ".join(spans)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        return {"parameter": self.parameter, "relation": self.relation,
                "value": None if self.value is None else float(self.value), "exact": self.exact,
                "intervals": [[float(lo), float(hi)] for lo, hi in self.intervals],
                "range": [self.lower, self.upper], "current": self.current, "holds": self.holds,
                "points": [float(x) for x in self.points],
                "regimes": [list(r) for r in self.regimes], "now": list(self.now), "text": self.text()}


def _fmt(x: Any) -> str:
    if x is None:
        return "?"
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.4g}"


# --------------------------------------------------------------- evaluation
class TreeEvaluator:
    """A symbolic tree compiled for fast evaluation at many parameter values at once.

    ``evaluate(values)`` runs backward induction (first maximiser, tolerance
    scaled to the payoff range) where any value may be a 1-d array; it returns
    per decision node the mover's value of each action (``own``), the optimal
    actions (``optimal``, boolean per action) and the chosen action index.
    """

    def __init__(self, tree: GameTree) -> None:
        import sympy

        tree.validate()
        if not tree.has_perfect_information:
            raise InvalidGameError("thresholds need a perfect-information tree")
        self.tree = tree
        self.order = tree.nodes()
        self.index = {n: k for k, n in enumerate(self.order)}
        self.symbols = sorted(tree.free_symbols, key=lambda s: s.name)
        self.names = [s.name for s in self.symbols]
        exprs: list[Any] = []
        self._slots: dict[Any, int] = {}
        for n in self.order:
            if tree.kind(n) == TERMINAL:
                for i, v in enumerate(tree.payoffs(n)):
                    self._slots[(n, i)] = len(exprs)
                    exprs.append(v)
            for c in tree.children(n):
                if tree.kind(n) == CHANCE:
                    self._slots[(n, c)] = len(exprs)
                    exprs.append(tree.probability(n, c))
        self._exprs = exprs
        plain = [sympy.sympify(float(e)) if isinstance(e, Fraction) else sympy.sympify(e) for e in exprs]
        fn = sympy.lambdify(self.symbols, plain, modules="numpy")
        self._fn: Callable[..., list] = fn
        self._below: dict = {}
        self._exact_memo: dict = {}  # exact differences and roots, see _exact_root

    def decisions_below(self, node: Hashable) -> tuple:
        """The decision nodes of ``node``'s subtree (itself included), in the tree's node order."""
        out = self._below.get(node)
        if out is None:
            inside = set(_subtree(self.tree, node))
            out = self._below[node] = tuple(n for n in self.order
                                            if n in inside and self.tree.kind(n) == DECISION)
        return out

    def evaluate(self, values: Mapping[str, Any]) -> dict:
        """Backward induction at ``values`` (name -> number or 1-d array; all of the same length)."""
        tree = self.tree
        args = [np.asarray(values[n], dtype=float) for n in self.names]
        size = max((a.size for a in args if a.ndim), default=1)
        raw = self._fn(*args)
        nums = [np.broadcast_to(np.asarray(r, dtype=float), (size,)) for r in raw]
        k = len(tree.players)
        pays = [nums[self._slots[(n, i)]] for n in self.order if tree.kind(n) == TERMINAL for i in range(k)]
        span = np.ptp(np.vstack(pays), axis=0) if pays else np.zeros(size)
        tol = 1e-9 * np.maximum(span, 1.0)
        value: dict = {}
        out: dict = {"own": {}, "optimal": {}, "choice": {}, "value": value}
        for n in reversed(self.order):
            kind = tree.kind(n)
            if kind == TERMINAL:
                value[n] = np.vstack([nums[self._slots[(n, i)]] for i in range(k)])
            elif kind == CHANCE:
                value[n] = sum(nums[self._slots[(n, c)]] * value[c] for c in tree.children(n))
            else:
                i = tree.players.index(tree.player(n))
                stack = np.stack([value[c] for c in tree.children(n)])  # (actions, players, size)
                own = stack[:, i, :]
                best = own.max(axis=0)
                optimal = own >= best - tol
                first = optimal.argmax(axis=0)
                value[n] = stack[first, :, np.arange(size)].T
                out["own"][n], out["optimal"][n], out["choice"][n] = own, optimal, first
        return out


def model_bounds(model: Any, values: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """Each parameter's range: its bounds evaluated at ``values``, else ``default -/+ 2|default|``."""
    from ..games._evaluate import evaluate

    out = {}
    for p in model.parameters:
        d = float(values.get(p.name, p.default))
        spread = 2 * (abs(d) or 1.0)
        lo = float(evaluate(p.lower, values)) if p.lower is not None else d - spread
        hi = float(evaluate(p.upper, values)) if p.upper is not None else d + spread
        out[p.name] = (lo, hi)
    return out


def _range(name: str, current: float, bounds: Mapping[str, Any] | None) -> tuple[float, float]:
    if bounds and name in bounds and bounds[name] is not None:
        lo, hi = bounds[name]
        return float(lo), float(hi)
    spread = 2 * (abs(current) or 1.0)
    return current - spread, current + spread


# ------------------------------------------------------------------ scanning
def _scan(ev: TreeEvaluator, values: Mapping[str, Any], name: str, lo: float, hi: float,
          signature: Callable[[dict], np.ndarray], grid: int,
          cache: dict | None = None) -> tuple[int, list[tuple[float, float, int, int]]]:
    """The signature at the low end and the brackets ``(left, right, sig_before, sig_after)`` of its changes.

    Signatures are those of the grid points on either side (not of the bracket's
    ends, which may sit in the sliver where two actions tie within tolerance);
    changes at the very ends of the range (a tie exactly at a bound) are dropped.
    """
    key = (name, lo, hi, grid)
    if cache is not None and key in cache:
        xs, res = cache[key]
    else:
        xs = np.unique(np.r_[np.linspace(lo, hi, grid), float(values[name])])
        xs = xs[(xs >= lo) & (xs <= hi)]
        res = ev.evaluate({**values, name: xs})
        if cache is not None:
            cache[key] = (xs, res)
    sig = signature(res)
    eps = 1e-7 * max(abs(lo), abs(hi), 1.0)
    start = int(sig[0])
    out = []
    for j in np.flatnonzero(sig[1:] != sig[:-1]):
        a, b, sa, sb = float(xs[j]), float(xs[j + 1]), int(sig[j]), int(sig[j + 1])
        for _ in range(12):  # 64-section: each round narrows the bracket 63-fold, to machine precision
            ts = np.linspace(a, b, 65)[1:-1]
            # brackets of different signatures around the same tie follow the same rounds: the
            # evaluations at each round's points are shared through the cache
            inner_key = ("section", name, a, b)
            inner_res = cache.get(inner_key) if cache is not None else None
            if inner_res is None:
                inner_res = ev.evaluate({**values, name: ts})
                if cache is not None:
                    cache[inner_key] = inner_res
            inner = signature(inner_res)
            unlike = np.flatnonzero(inner != sa)
            k = int(unlike[0]) if unlike.size else len(ts)  # first point unlike sa
            a2 = float(ts[k - 1]) if k > 0 else a
            b2 = float(ts[k]) if k < len(ts) else b
            if (a2, b2) == (a, b) or b2 - a2 <= 4 * np.finfo(float).eps * max(abs(a2), abs(b2), 1.0):
                a, b = a2, b2
                break
            a, b = a2, b2
        if b - lo <= eps and not out:
            start = sb  # a tie at the lower bound only
            continue
        if hi - a <= eps:
            continue  # a tie at the upper bound only
        if out and out[-1][3] != sa:  # keep the chain of regimes consistent after a dropped edge
            sa = out[-1][3]
        out.append((a, b, sa, sb))
    return start, [c for c in out if c[2] != c[3]]


def _exact_root(ev: TreeEvaluator, values: Mapping[str, Any], name: str, a: float, b: float,
                nodes: Sequence[Hashable]) -> tuple[Any, bool]:
    """The parameter value in [a, b] where two actions of one of ``nodes`` tie: ``(root, exact)``.

    Exact (a sympy number) when the difference of the two actions' values is a
    rational function of the parameter; else a ``brentq`` root of the
    difference (a float); ``(None, False)`` when neither is found.
    """
    import sympy

    tree = ev.tree
    sym = next(s for s in ev.symbols if s.name == name)
    fixed = {s: _rational(values[s.name]) for s in ev.symbols if s.name != name}
    mid = 0.5 * (a + b)
    scale = max(abs(a), abs(b), 1.0)
    reach = 1e-6 * scale + (b - a)
    best = None
    transcendental = []
    # The differences and their exact roots depend only on the parameter, the others' values and
    # the continuation play below the node: memoised on the evaluator, as many brackets (of
    # several threats, and of the verdict's first-move changes) share them.
    memo = ev._exact_memo
    fixed_key = (name, tuple(sorted((s.name, v) for s, v in fixed.items())))
    for x in (a, b):
        strategy = memo.get((fixed_key, x))
        if strategy is None:
            res = ev.evaluate({**values, name: np.array([x])})
            strategy = memo[(fixed_key, x)] = {n: int(res["choice"][n][0]) for n in res["choice"]}
        vals = None
        for n in nodes:
            below = tuple((m, strategy[m]) for m in ev.decisions_below(n))
            key = (fixed_key, n, below)
            pairs = memo.get(key)
            if pairs is None:
                if vals is None:
                    vals = _symbolic_values(tree, strategy, fixed)
                pairs = []
                i = tree.players.index(tree.player(n))
                kids = tree.children(n)
                for u in range(len(kids)):
                    for w in range(u + 1, len(kids)):
                        diff = sympy.together(vals[kids[u]][i] - vals[kids[w]][i])
                        if diff.has(sym):
                            roots = _real_roots(diff, sym)
                            pairs.append((diff, None if roots is None else [(r, _float(r)) for r in roots]))
                memo[key] = pairs
            for diff, roots in pairs:
                if roots is None:
                    transcendental.append(diff)
                    continue
                for r, rf in roots:
                    if rf is None:
                        continue
                    if abs(rf - mid) <= reach and (best is None or abs(rf - mid) < abs(best[1] - mid)):
                        best = (r, rf)
    if best is not None:
        return best[0], True
    from scipy.optimize import brentq

    for diff in transcendental:
        f = sympy.lambdify(sym, diff, modules="math")
        lo, hi = a - reach, b + reach
        try:
            flo, fhi = float(f(lo)), float(f(hi))
            if flo == 0 or fhi == 0 or (flo < 0) == (fhi < 0):
                continue
            return brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps), False
        except (ValueError, OverflowError, ZeroDivisionError, TypeError):
            continue
    return None, False


def _float(r: Any) -> float | None:
    """``float(r)``, or None for a root sympy cannot evaluate to a real number."""
    try:
        return float(r)
    except TypeError:
        return None


def _real_roots(expr: Any, sym: Any) -> list | None:
    """Exact real roots of a rational function's numerator (None when it is not a rational polynomial)."""
    import sympy

    num, _ = sympy.fraction(expr)
    try:
        poly = sympy.Poly(sympy.expand(num), sym)
    except sympy.PolynomialError:
        return None
    if poly.degree() < 1:
        return []
    if poly.degree() > 8 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    return list(sympy.real_roots(poly))


def _rational(v: Any) -> Any:
    import sympy

    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, int):
        return sympy.Integer(v)
    if isinstance(v, float):
        return sympy.Rational(repr(v))
    return sympy.sympify(v)


def _symbolic_values(tree: GameTree, strategy: Mapping[Hashable, int], fixed: Mapping) -> dict:
    """Value of every node under ``strategy`` (node -> action index), in the one free parameter."""
    import sympy

    memo: dict = {}

    def s(v: Any) -> Any:
        e = _rational(v)
        return e.xreplace(fixed) if e.free_symbols else e

    for n in reversed(tree.nodes()):
        kind = tree.kind(n)
        if kind == TERMINAL:
            memo[n] = tuple(s(v) for v in tree.payoffs(n))
        elif kind == DECISION:
            memo[n] = memo[tree.children(n)[strategy[n]]]
        else:
            kids = tree.children(n)
            memo[n] = tuple(sympy.Add(*(s(tree.probability(n, c)) * memo[c][j] for c in kids))
                            for j in range(len(tree.players)))
    return memo


def _subtree(tree: GameTree, node: Hashable) -> list:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(tree.children(n))
    return out


def _subtree_symbols(tree: GameTree, node: Hashable) -> set[str]:
    names: set[str] = set()
    for n in _subtree(tree, node):
        if tree.kind(n) == TERMINAL:
            for v in tree.payoffs(n):
                names |= {s.name for s in getattr(v, "free_symbols", ())}
        elif tree.kind(n) == CHANCE:
            for c in tree.children(n):
                names |= {s.name for s in getattr(tree.probability(n, c), "free_symbols", ())}
    return names


def _boundary(ev: TreeEvaluator, values: Mapping[str, Any], name: str, a: float, b: float,
              nodes: Sequence[Hashable]) -> tuple[Any, str | None]:
    root, exact = _exact_root(ev, values, name, a, b, nodes)
    if root is None:
        return 0.5 * (a + b), None
    if not exact:
        return float(root), None
    if root.is_Rational:
        return Fraction(int(root.p), int(root.q)), str(root)
    return float(root), str(root)


def _prepare(tree: GameTree, values: Mapping[str, Any] | None) -> tuple[TreeEvaluator, dict]:
    ev = TreeEvaluator(tree)
    values = dict(values or {})
    missing = [n for n in ev.names if n not in values]
    if missing:
        raise InvalidGameError(f"no value for parameter(s) {', '.join(missing)}")
    return ev, values


# ------------------------------------------------------------------ public
def credibility_thresholds(tree: GameTree, values: Mapping[str, Any],
                           bounds: Mapping[str, tuple[float, float]] | None = None,
                           items: Sequence[tuple[Hashable, str]] | None = None,
                           parameters: Sequence[str] | None = None, grid: int = 201,
                           evaluator: TreeEvaluator | None = None, cache: dict | None = None) -> dict:
    """For each (node, action), the condition on each parameter under which carrying out the action is optimal.

    Parameters
    ----------
    tree : GameTree
        A perfect-information tree with sympy payoffs/probabilities.
    values : mapping
        The present value of every parameter.
    bounds : mapping name -> (low, high), optional
        The range examined per parameter (default: the value -/+ twice its size).
    items : sequence of (node, action), optional
        The actions to examine (default: every action at every decision node).
    parameters : sequence of str, optional
        The parameters (default: those the node's subtree depends on).
    grid : int
        Grid points per parameter before exact refinement.
    evaluator, cache : optional
        A :class:`TreeEvaluator` of ``tree`` and a dict of grid evaluations to
        share between calls on the same tree and values.

    Returns
    -------
    dict
        ``(node, action) -> tuple of Threshold`` (one per parameter the
        action's subtree depends on), each with the others at ``values``.
    """
    ev, values = (evaluator, dict(values)) if evaluator is not None else _prepare(tree, values)
    if items is None:
        items = [(n, a) for n in tree.decision_nodes() for a in tree.actions(n)]
    out: dict = {key: [] for key in items}
    names = list(parameters) if parameters is not None else ev.names
    relevant = {n: _subtree_symbols(tree, n) for n, _ in items}
    cache = {} if cache is None else cache
    for name in names:
        if name not in ev.names:
            continue
        cur = float(values[name])
        lo, hi = _range(name, cur, bounds)
        lo, hi = min(lo, cur), max(hi, cur)
        keys = [(n, a) for n, a in items if name in relevant[n]]
        if not keys:
            continue
        for node, action in keys:
            k = tree.actions(node).index(action)

            def sig(res: dict, node: Hashable = node, k: int = k) -> np.ndarray:
                return res["optimal"][node][k].astype(int)

            start, changes = _scan(ev, values, name, lo, hi, sig, grid, cache)
            xs, res = cache[(name, lo, hi, grid)]
            holds = bool(sig(res)[int(np.searchsorted(xs, cur))])
            below = set(_subtree(tree, node)) & set(tree.decision_nodes())
            bounds_found = [(_boundary(ev, values, name, a, b, sorted(below, key=str)), sa, sb)
                            for a, b, sa, sb in changes]
            out[(node, action)].append(_make(name, lo, hi, cur, holds, start, bounds_found))
    return {key: tuple(v) for key, v in out.items()}


def _make(name: str, lo: float, hi: float, cur: float, holds: bool, start: int,
          found: list) -> Threshold:
    intervals = []
    state, left = start, lo
    for (value, _exact), _sa, sb in found:
        if state and not sb:
            intervals.append((left, value))
        if sb and not state:
            left = value
        state = sb
    if state:
        intervals.append((left, hi))
    points = tuple(v for (v, _), _, _ in found)
    if not intervals:
        rel, value, exact = "never", None, None
    elif len(intervals) == 1 and not found:
        rel, value, exact = "always", None, None
    elif len(found) == 1:
        (value, exact), _, sb = found[0]
        rel = ">=" if sb else "<="
    else:
        rel, value, exact = "in", None, None
    return Threshold(name, rel, value, exact, tuple(intervals), lo, hi, cur, holds, points)


def action_thresholds(tree: GameTree, values: Mapping[str, Any],
                      bounds: Mapping[str, tuple[float, float]] | None = None,
                      node: Hashable | None = None, parameters: Sequence[str] | None = None,
                      grid: int = 201, evaluator: TreeEvaluator | None = None,
                      cache: dict | None = None) -> tuple[Threshold, ...]:
    """Where, along each parameter, the set of optimal actions at ``node`` (the root by default) changes.

    Returns one :class:`Threshold` (relation ``"changes"``) per parameter for
    which the optimal actions change within its range; ``points`` are the
    boundaries and ``regimes`` the optimal actions on each piece.
    """
    ev, values = (evaluator, dict(values)) if evaluator is not None else _prepare(tree, values)
    node = tree.root if node is None else node
    acts = tree.actions(node)
    weights = 1 << np.arange(len(acts))

    def sig(res: dict) -> np.ndarray:
        return (res["optimal"][node] * weights[:, None]).sum(axis=0)

    def label(s: int) -> tuple[str, ...]:
        return tuple(a for j, a in enumerate(acts) if s >> j & 1)

    out = []
    nodes = sorted(set(tree.decision_nodes()) & set(_subtree(tree, node)), key=str)
    for name in (parameters if parameters is not None else ev.names):
        if name not in ev.names:
            continue
        cur = float(values[name])
        lo, hi = _range(name, cur, bounds)
        lo, hi = min(lo, cur), max(hi, cur)
        start, changes = _scan(ev, values, name, lo, hi, sig, grid, cache)
        if not changes:
            continue
        found = [_boundary(ev, values, name, a, b, nodes) for a, b, _, _ in changes]
        regimes = tuple([label(start)] + [label(sb) for *_, sb in changes])
        cur_sig = label(int(sig(ev.evaluate({**values, name: np.array([cur])}))[0]))
        first = found[0]
        out.append(Threshold(name, "changes", first[0], first[1], (), lo, hi, cur, True,
                             tuple(v for v, _ in found), regimes, cur_sig))
    return tuple(out)
