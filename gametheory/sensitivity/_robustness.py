"""Verdicts under uncertainty: how often a model's answer holds when its assumptions are drawn at random.

Each parameter of a model may carry a ``distribution`` (see ``models/FORMAT.md``).
:func:`robustness` draws those parameters together, quasi-randomly (a scrambled
Sobol' sequence or Latin hypercubes from :mod:`scipy.stats.qmc`, mapped through
each distribution's inverse CDF), solves the model at every draw and reports

* ``outcomes``: the probability of each equilibrium outcome (for a tree, the
  subgame-perfect equilibrium path; for a normal-form game, its set of
  equilibria by support), each with a Wilson confidence interval;
* ``verdicts`` (trees): for every action at every decision node that the
  equilibrium leaves off its path in some draw (the threats and promises
  :func:`gametheory.extensive.credibility.credibility` examines), the
  probability that carrying it out is optimal once the node is reached;
* ``drivers``: first-order and total Sobol' indices of the parameters for the
  indicator of the most probable outcome (which assumptions decide whether
  the headline answer holds), from the Saltelli design of :mod:`._sobol`;
* ``infeasible``: draws that violate a bound depending on other parameters,
  a probability check or give an undefined payoff: counted, left out of
  every probability, never an error.

Every draw is solved at once: payoffs and probabilities are evaluated for all
draws as numpy arrays (expressions compiled once with ``sympy.lambdify``), trees
by a vectorised backward induction (:mod:`._tree_batch`), normal-form games by
the vectorised equilibrium kernels of :mod:`.sweep` (one certified solve per
draw only where no kernel applies). :func:`solve_draw` is the reference: one
draw solved from scratch through the public API, which the tests compare with.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import ModelError, NotSupportedError, ParameterError

__all__ = ["Driver", "Outcome", "RobustnessResult", "Verdict", "robustness", "solve_draw", "wilson_interval"]

#: Draws per chunk handed to a worker (and per progress step).
CHUNK = 8192
#: Normal quantile of the default 95% intervals.
Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson 1927).

    With quasi-random draws the binomial interval is conservative: their error
    shrinks at least as fast as that of independent draws.

    Examples
    --------
    >>> lo, hi = wilson_interval(0, 10)          # upper end z^2 / (n + z^2)
    >>> lo, round(hi, 4)
    (0.0, 0.2775)
    >>> [round(x, 4) for x in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    """
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    z2 = z * z
    denom = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Outcome:
    """An equilibrium outcome and how often it occurs among the feasible draws."""

    label: str
    count: int
    probability: float
    ci: tuple[float, float]

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "count": self.count, "probability": self.probability, "ci": list(self.ci)}


@dataclass(frozen=True)
class Verdict:
    """How often one action at one decision node is credible (optimal once the node is reached)."""

    threat: str
    player: str
    node: str
    action: str
    credible_probability: float
    ci: tuple[float, float]
    off_path_probability: float

    def to_json(self) -> dict[str, Any]:
        return {"threat": self.threat, "player": self.player, "node": self.node, "action": self.action,
                "credible_probability": self.credible_probability, "ci": list(self.ci),
                "off_path_probability": self.off_path_probability}


@dataclass(frozen=True)
class Driver:
    """Sobol' indices of one uncertain parameter."""

    param: str
    first_order: float
    total_order: float

    def to_json(self) -> dict[str, Any]:
        return {"param": self.param, "first_order": self.first_order, "total_order": self.total_order}


@dataclass(frozen=True)
class RobustnessResult:
    """The verdicts of a model under the uncertainty its parameter distributions state.

    Attributes
    ----------
    model : str
        The model's name.
    kind : str
        ``"tree"`` or ``"normal"``.
    method : str
        ``"sobol"`` or ``"lhs"``.
    seed : int or None
    samples : int
        Draws behind the probabilities (feasible and infeasible).
    evaluations : int
        Draws solved in all, including the Saltelli design of the indices.
    feasible : int
        Draws among ``samples`` that are feasible (every probability is over these).
    infeasible : dict
        Reason -> number of the ``samples`` left out (a draw counts once, under its first failure).
    uncertain : dict
        Parameter -> its distribution (JSON form); the parameters drawn.
    fixed : dict
        The other parameters' values.
    default_outcome : str
        The outcome at the model's values (defaults and overrides).
    outcomes : tuple of Outcome
        By decreasing probability; probabilities sum to one.
    verdicts : tuple of Verdict
        Trees only, in the tree's order.
    drivers : tuple of Driver
        By decreasing total index; empty when the output never varies or ``drivers=False``.
    drivers_output : str
        What the indices decompose (the indicator of the most probable outcome).
    ties : int
        Feasible draws (among ``samples``) whose equilibrium is not unique (a tie
        at a reached node of a tree; a degenerate normal-form game); their
        outcome is the first equilibrium found, as the solvers report it.
    confidence : float
        Level of every interval.
    draws, outcome_index, credible : ndarray
        Per draw (rows of ``samples``): the drawn values (columns in the order
        of ``uncertain``), the index into ``outcomes`` (-1 when infeasible),
        and the credibility of each verdict (rows of ``verdicts``).
    """

    model: str
    kind: str
    method: str
    seed: int | None
    samples: int
    evaluations: int
    feasible: int
    infeasible: dict[str, int]
    uncertain: dict[str, Any]
    fixed: dict[str, float]
    default_outcome: str
    outcomes: tuple[Outcome, ...]
    verdicts: tuple[Verdict, ...]
    drivers: tuple[Driver, ...]
    drivers_output: str
    ties: int
    confidence: float = 0.95
    draws: np.ndarray = field(default=None, repr=False, compare=False)
    outcome_index: np.ndarray = field(default=None, repr=False, compare=False)
    credible: np.ndarray = field(default=None, repr=False, compare=False)

    def probability(self, label: str) -> float:
        """The probability of the outcome ``label`` (0 if it never occurs)."""
        return next((o.probability for o in self.outcomes if o.label == label), 0.0)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        return {
            "model": self.model, "kind": self.kind, "method": self.method, "seed": self.seed,
            "samples": self.samples, "evaluations": self.evaluations, "feasible": self.feasible,
            "infeasible": {"count": self.samples - self.feasible, "reasons": dict(self.infeasible)},
            "confidence": self.confidence, "uncertain": dict(self.uncertain), "fixed": dict(self.fixed),
            "default_outcome": self.default_outcome,
            "default_probability": self.probability(self.default_outcome),
            "ties": self.ties,
            "outcomes": [o.to_json() for o in self.outcomes],
            "verdicts": [v.to_json() for v in self.verdicts],
            "drivers": [d.to_json() for d in self.drivers],
            "drivers_output": self.drivers_output,
        }

    def plot(self, path: str | Path, *, title: str | None = None) -> None:
        """Save a bar chart of the first and total Sobol' indices to ``path`` (needs matplotlib)."""
        from ._plot import sobol_bars

        sobol_bars(self, path, title=title)


# ---------------------------------------------------------------------- setting up
def _uncertain(model: Any, overrides: Mapping[str, Any]) -> list[Any]:
    params = [p for p in model.parameters if p.distribution is not None and p.name not in overrides]
    if params:
        return params
    pinned = [p.name for p in model.parameters if p.distribution is not None]
    if pinned:
        raise ParameterError(f"{model.source}: every parameter with a distribution is fixed by an override "
                             f"({', '.join(pinned)}): nothing is left to draw")
    assumed = [p.name for p in model.parameters if "assumption" in p.source.lower()]
    could = assumed or [p.name for p in model.parameters]
    what = "assumed parameters" if assumed else "parameters"
    raise ModelError(f"{model.source}: no parameter has a distribution; add "
                     f"`distribution = {{ kind = ..., ... }}` to one of its {what}: "
                     f"{', '.join(could) or 'none'}")


def _compile(symbols: Sequence[Any], exprs: Sequence[Any]) -> Any:
    """All expressions as one numpy function of the parameter arrays (code printed from our sympy trees)."""
    import sympy

    if not exprs:
        return lambda *a: []
    return sympy.lambdify(list(symbols), list(exprs), modules="numpy", dummify=True, cse=True)


def _stack(results: Sequence[Any], S: int) -> np.ndarray:
    out = np.empty((len(results), S))
    for k, r in enumerate(results):
        out[k] = np.broadcast_to(np.asarray(r, dtype=float), (S,))
    return out


class _Evaluator:
    """Bounds, probability checks and the game's expressions, evaluated for many draws at once."""

    def __init__(self, model: Any) -> None:
        import sympy

        self.model = model
        self.names = [p.name for p in model.parameters]
        self.symbols = [sympy.Symbol(n, real=True) for n in self.names]
        self.bounds: list[tuple[str, str, Any]] = []   # (parameter, "min" | "max", expression)
        for p in model.parameters:
            if p.lower is not None:
                self.bounds.append((p.name, "min", p.lower))
            if p.upper is not None:
                self.bounds.append((p.name, "max", p.upper))
        checks = list(getattr(model, "_checks", ()))
        self.prob_checks = [(c.key, c.probabilities) for c in checks if c.probabilities]
        self.other_checks = [c for c in checks if not c.probabilities]
        if model.kind == "tree":
            from ._tree_batch import tree_plan

            self.plan, payoffs, probs = tree_plan(model.symbolic("tree"))
            self.game_exprs = [*payoffs, *probs]
            self.n_payoffs = len(payoffs)
        elif model.kind == "normal":
            self.game = model.symbolic()
            self.plan = None
            self.game_exprs = []
        else:
            raise NotSupportedError(f"robustness supports tree and normal-form models, not {model.kind!r} "
                                    f"({model.name})")
        exprs = [e for _, _, e in self.bounds] + [e for _, ps in self.prob_checks for e in ps] + self.game_exprs
        self.function = _compile(self.symbols, [sympy.sympify(e) for e in exprs])

    def evaluate(self, values: Mapping[str, Any], S: int) -> tuple[np.ndarray, dict[str, np.ndarray], Any]:
        """Feasibility, reasons and the game's arrays for ``S`` draws (``values``: arrays or scalars)."""
        arrays = [np.broadcast_to(np.asarray(values[n], dtype=float), (S,)) for n in self.names]
        with np.errstate(all="ignore"):
            raw = list(self.function(*arrays))          # arrays, or scalars for constant expressions
        ok = np.ones(S, dtype=bool)
        reasons: dict[str, np.ndarray] = {}

        def fail(reason: str, bad: np.ndarray) -> None:
            nonlocal ok
            bad = bad & ok
            if bad.any():
                reasons[reason] = reasons.get(reason, np.zeros(S, bool)) | bad
                ok = ok & ~bad

        row = 0
        source = self.model.source
        for name, side, _ in self.bounds:
            limit = np.asarray(raw[row], dtype=float)
            row += 1
            v = np.asarray(values[name], dtype=float)
            bad = ~np.isfinite(limit) | ((v < limit) if side == "min" else (v > limit))
            fail(f"{source}: parameters.{name}.{side}", np.broadcast_to(bad, (S,)))
        for key, probs in self.prob_checks:
            block = _stack(raw[row:row + len(probs)], S)
            row += len(probs)
            bad = ~np.isfinite(block).all(axis=0) | (block < 0).any(axis=0) | (block > 1).any(axis=0)
            bad |= ~np.isclose(block.sum(axis=0), 1.0, rtol=0.0, atol=1e-9)
            fail(f"{source}: {key}", bad)
        for check in self.other_checks:     # checks with no array form: one call per remaining draw
            bad = np.zeros(S, bool)
            for s in np.flatnonzero(ok):
                point = {n: float(a[s]) for n, a in zip(self.names, arrays)}
                try:
                    bad[s] = not check.test(point)
                except Exception:   # a check that cannot be evaluated fails
                    bad[s] = True
            fail(f"{source}: {check.key}", bad)
        if self.model.kind == "tree":
            with np.errstate(all="ignore"):
                game = _stack(raw[row:], S)
            payoff = game[:self.n_payoffs].reshape(len(self.plan.terminals), len(self.plan.players), S)
            prob = game[self.n_payoffs:]
            fail(f"{source}: game: payoff or probability undefined",
                 ~np.isfinite(game).all(axis=0) if game.size else np.zeros(S, bool))
            return ok, reasons, (payoff, prob)
        by_name = dict(zip(self.names, arrays))
        P = np.asarray(self.game.payoff_function()(*(by_name[str(n)] for n in self.game.parameters)), dtype=float)
        P = np.broadcast_to(P, (*P.shape[:-1], S)) if P.shape[-1:] != (S,) else P
        flat = P.reshape(-1, S)
        fail(f"{source}: game: payoff undefined", ~np.isfinite(flat).all(axis=0))
        return ok, reasons, P


# ---------------------------------------------------------------------- solving chunks
def _normal_chunk(P: np.ndarray) -> list[Any]:
    from ._sweep import solve_points

    return solve_points(np.ascontiguousarray(P))


def _support_label(strategies: Sequence[Sequence[str]], players: Sequence[str], support: Sequence[Sequence[int]]) -> str:
    from ._sweep import _support_text

    return _support_text(tuple(tuple(s) for s in strategies), tuple(players), tuple(tuple(s) for s in support))


def _normal_labels(found: list[Any], S: int, strategies: Any, players: Any) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Per draw: the label of its set of equilibria (supports, sorted), and whether it is degenerate."""
    texts = [_support_label(strategies, players, f.support) for f in found]
    if not found:
        return ["no equilibrium found"], np.zeros(S, dtype=np.int64), np.zeros(S, bool)
    masks = np.stack([f.mask for f in found], axis=1)
    rows, inverse = np.unique(masks, axis=0, return_inverse=True)
    labels = []
    for r in rows:
        chosen = sorted({t for t, on in zip(texts, r) if on})
        labels.append(" | ".join(chosen) if chosen else "no equilibrium found")
    count = masks.sum(axis=1)
    return labels, np.asarray(inverse).reshape(-1), count % 2 == 0   # an even count: degenerate


def _run(func: Any, tasks: list[Any], *, jobs: int, scheduler: Any, progress: bool) -> list[Any]:
    from ._sweep import _run as run_chunks

    return run_chunks(tasks, jobs=jobs, scheduler=scheduler, progress=progress, func=func,
                      description="robustness")


# ---------------------------------------------------------------------- the analysis
def robustness(model: Any, samples: int = 1024, seed: int | None = None, method: str = "sobol",
               overrides: Mapping[str, Any] | None = None, *, drivers: bool = True, jobs: int = 1,
               scheduler: Any = None, chunk: int = CHUNK, progress: bool = False,
               confidence: float = 0.95) -> RobustnessResult:
    """Probabilities of a model's outcomes and verdicts when its uncertain parameters are drawn.

    Parameters
    ----------
    model : Model
        A model of kind ``tree`` (perfect information) or ``normal`` with at
        least one parameter carrying a ``distribution``.
    samples : int
        Draws behind the probabilities (at least 2). With ``drivers`` the
        Saltelli design solves ``samples * (d + 2)`` draws for ``d`` uncertain
        parameters.
    seed : int, optional
        Seed of the scrambling (same seed, same draws).
    method : {"sobol", "lhs"}
        Scrambled Sobol' sequence or Latin hypercubes.
    overrides : mapping, optional
        Parameter values; a parameter given here is fixed even if it has a distribution.
    drivers : bool
        Compute the Sobol' indices.
    jobs, scheduler, chunk, progress
        Run the chunks of ``chunk`` draws on local processes or a Dask
        scheduler (as :func:`gametheory.sensitivity.sweep`), with a progress bar on stderr.
    confidence : float
        Level of the Wilson intervals.

    Returns
    -------
    RobustnessResult

    Raises
    ------
    ModelError
        If no parameter has a distribution (the message names those that could carry one).
    NotSupportedError
        For other kinds of models and trees with information sets.

    Examples
    --------
    Selten's entry game where the incumbent's cost of fighting ``c`` is uniform
    on [0, 4]: fighting is credible, and deters entry, iff ``c <= 1``:

    >>> from gametheory.io.scenario import parse_model
    >>> m = parse_model('''
    ... name = "entry"
    ... title = "Entry"
    ... question = "Is fighting credible?"
    ... description = "Selten's entry game."
    ... citations = ["[L7] Selten 1978"]
    ... players = ["Entrant", "Incumbent"]
    ... [parameters.c]
    ... default = 2
    ... unit = "1"
    ... min = 0
    ... max = 4
    ... source = "assumption"
    ... description = "cost of fighting"
    ... distribution = { kind = "uniform", low = 0, high = 4 }
    ... [game]
    ... kind = "tree"
    ... [game.nodes.start]
    ... player = "Entrant"
    ... actions = ["out", "in"]
    ... children = ["stay_out", "entered"]
    ... [game.nodes.entered]
    ... player = "Incumbent"
    ... actions = ["fight", "accommodate"]
    ... children = ["fought", "shared"]
    ... [game.nodes.stay_out]
    ... payoffs = [0, 2]
    ... [game.nodes.fought]
    ... payoffs = [-1, "1 - c"]
    ... [game.nodes.shared]
    ... payoffs = [1, 0]
    ... ''')
    >>> res = robustness(m, samples=4096, seed=1)
    >>> [(o.label, round(o.probability, 2)) for o in res.outcomes]
    [('in -> accommodate', 0.75), ('out', 0.25)]
    >>> v = next(v for v in res.verdicts if v.action == "fight")
    >>> v.threat, round(v.credible_probability, 2)
    ('Incumbent: fight at entered', 0.25)
    """
    overrides = dict(overrides or {})
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
        raise ParameterError(f"samples must be an integer of at least 2, got {samples!r}")
    if method not in ("sobol", "lhs"):
        raise ParameterError(f"method must be 'sobol' or 'lhs', got {method!r}")
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence must lie in (0, 1), got {confidence!r}")
    if model.kind not in ("tree", "normal"):
        raise NotSupportedError(f"robustness supports tree and normal-form models, not {model.kind!r} "
                                f"({model.name})")
    base = model.values(**overrides)          # validates the overrides
    uncertain = _uncertain(model, overrides)
    evaluator = _Evaluator(model)
    from ._sobol import saltelli_matrices, sobol_indices, unit_design

    n, d = int(samples), len(uncertain)
    A, B = unit_design(n, d, method, seed)
    U = np.concatenate([A, B, saltelli_matrices(A, B).reshape(-1, d)]) if drivers else A
    S = U.shape[0]
    values: dict[str, Any] = {k: float(v) for k, v in base.items()}
    for j, p in enumerate(uncertain):
        values[p.name] = p.distribution.ppf(U[:, j])
    ok, reasons, game = evaluator.evaluate(values, S)

    # the model's values themselves (the "default" answer): one more draw, solved the same way
    ok0, _, game0 = evaluator.evaluate({k: float(v) for k, v in base.items()}, 1)

    feasible = np.flatnonzero(ok)
    starts = range(0, len(feasible), max(1, int(chunk)))
    if model.kind == "tree":
        from ._tree_batch import tree_chunk

        payoff, prob = game
        tasks = [(evaluator.plan, payoff[..., feasible[s:s + chunk]], prob[:, feasible[s:s + chunk]])
                 for s in starts]
        parts = _run(tree_chunk, tasks, jobs=jobs, scheduler=scheduler, progress=progress)
        plan = evaluator.plan
        stop = np.concatenate([p.stop for p in parts]) if parts else np.zeros(0, np.int64)
        reached, stop_code = np.unique(stop, return_inverse=True)
        names: list[str] = [" -> ".join(plan.histories[k]) or "(no move)" for k in reached]
        code = np.full(S, -1, dtype=np.int64)
        code[feasible] = stop_code.reshape(-1)
        cred = np.zeros((len(plan.pairs), S), dtype=bool)
        off = np.zeros((len(plan.pairs), S), dtype=bool)
        tied = np.zeros(S, dtype=bool)
        if parts:
            cred[:, feasible] = np.concatenate([p.credible for p in parts], axis=1)
            off[:, feasible] = np.concatenate([p.off_path for p in parts], axis=1)
            tied[feasible] = np.concatenate([p.tied for p in parts])
        from ._tree_batch import solve_tree_batch

        default = (" -> ".join(plan.histories[int(solve_tree_batch(plan, *game0).stop[0])]) or "(no move)"
                   if ok0[0] else "infeasible")
    else:
        P = game
        g = evaluator.game
        tasks = [P[..., feasible[s:s + chunk]] for s in starts]
        parts = _run(_normal_chunk, tasks, jobs=jobs, scheduler=scheduler, progress=progress)
        names = []
        index: dict[str, int] = {}
        code = np.full(S, -1, dtype=np.int64)
        tied = np.zeros(S, dtype=bool)
        pos = 0
        for task, found in zip(tasks, parts):
            m = task.shape[-1]
            labels, inv, degenerate = _normal_labels(found, m, g.strategies, g.players)
            ids = np.array([index.setdefault(lab, len(index)) for lab in labels], dtype=np.int64)
            code[feasible[pos:pos + m]] = ids[inv]
            tied[feasible[pos:pos + m]] = degenerate
            pos += m
        names = sorted(index, key=index.get)
        cred = off = np.zeros((0, S), dtype=bool)
        if ok0[0]:
            labels0, inv0, _ = _normal_labels(_normal_chunk(game0), 1, g.strategies, g.players)
            default = labels0[int(inv0[0])]
        else:
            default = "infeasible"

    # probabilities from the first n draws (the rows of A)
    okA = ok[:n]
    feas = int(okA.sum())
    counts = np.bincount(code[:n][okA], minlength=len(names))
    level = float(confidence)
    z = _z(level)
    order = sorted((k for k in range(len(names)) if counts[k] > 0), key=lambda k: (-counts[k], names[k]))
    outcomes = tuple(Outcome(names[k], int(counts[k]), float(counts[k] / feas), wilson_interval(int(counts[k]), feas, z))
                     for k in order)
    rank = np.full(len(names) + 1, -1, dtype=np.int64)      # last slot: infeasible (code -1)
    rank[order] = np.arange(len(order))
    outcome_index = rank[code[:n]]

    verdicts: list[Verdict] = []
    verdict_rows: list[int] = []
    if model.kind == "tree":
        plan = evaluator.plan
        for r, (k, a) in enumerate(plan.pairs):
            if feas == 0 or not off[r, :n][okA].any():
                continue      # on the equilibrium path in every draw: not a threat or promise
            c = int(cred[r, :n][okA].sum())
            node = str(plan.nodes[k])
            player = plan.players[plan.player[k]]
            action = plan.actions[k][a]
            verdicts.append(Verdict(f"{player}: {action} at {node}", player, node, action, c / feas,
                                    wilson_interval(c, feas, z), float(off[r, :n][okA].mean())))
            verdict_rows.append(r)

    driver_list: tuple[Driver, ...] = ()
    output = ""
    if outcomes:
        top = order[0]
        output = f"indicator of the outcome {names[top]!r}"
        if drivers and d > 0:
            y = (code == top).astype(float)
            fA, fB, fAB = y[:n], y[n:2 * n], y[2 * n:].reshape(d, n)
            okAB = ok[2 * n:].reshape(d, n)
            found = sobol_indices(fA, fB, fAB, ok[:n], ok[n:2 * n], okAB)
            if found is None:
                output += " (constant over the draws: no indices)"
            else:
                first, total = found
                driver_list = tuple(sorted((Driver(p.name, float(f), float(t)) for p, f, t in
                                            zip(uncertain, first, total) if np.isfinite(f) and np.isfinite(t)),
                                           key=lambda dr: (-dr.total_order, dr.param)))
    infeasible = {}
    for reason, mask in reasons.items():
        c = int(mask[:n].sum())
        if c:
            infeasible[reason] = c
    return RobustnessResult(
        model=model.name, kind=model.kind, method=method, seed=seed, samples=n, evaluations=S, feasible=feas,
        infeasible=infeasible, uncertain={p.name: p.distribution.to_json() for p in uncertain},
        fixed={k: float(v) for k, v in base.items() if k not in {p.name for p in uncertain}},
        default_outcome=default, outcomes=outcomes, verdicts=tuple(verdicts), drivers=driver_list,
        drivers_output=output, ties=int(tied[:n][okA].sum()), confidence=level,
        draws=np.stack([np.asarray(values[p.name])[:n] for p in uncertain], axis=1),
        outcome_index=outcome_index,
        credible=cred[verdict_rows, :n] if verdict_rows else np.zeros((0, n), dtype=bool))


def _z(level: float) -> float:
    if level == 0.95:
        return Z95
    from scipy.special import ndtri

    return float(ndtri(0.5 + level / 2))


# ---------------------------------------------------------------------- the reference: one draw at a time
def solve_draw(model: Any, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """One draw solved from scratch through the public API (the reference the fast path must match).

    ``model.build(**values)``, then for a tree
    :func:`~gametheory.extensive.credibility.credibility` of every action at
    every decision node, for a normal-form game :func:`gametheory.solve`.
    Returns ``None`` when the values are infeasible (out of bounds, a failed
    probability check, an undefined payoff), else ``{"outcome": label,
    "credible": {(node, action): bool}}`` with the credibility of every action
    at every decision node off the equilibrium path (what ``gametheory
    credibility`` reports).

    Examples
    --------
    >>> import gametheory.models as models
    >>> solve_draw(models.load("treasury_card"), {})["outcome"]
    'reassure -> keep -> refuse'
    """
    from ..exceptions import GameTheoryError

    try:
        game = model.build(**dict(values))
    except GameTheoryError:
        return None
    if model.kind == "tree":
        from ..extensive._credibility import credibility

        res = credibility(game, commitment=False)   # every action at every off-path node, as the CLI
        return {"outcome": " -> ".join(res.path) or "(no move)",
                "credible": {(str(t.node), t.action): bool(t.credible) for t in res.threats}}
    from ..solvers._solve import solve

    result = solve(game)
    texts = set()
    for eq in result:
        probs = [np.asarray(p, dtype=float) for p in eq.profile]
        support = tuple(tuple(int(i) for i in np.flatnonzero(p > 1e-12)) for p in probs)
        texts.add(_support_label(game.strategies, game.players, support))
    return {"outcome": " | ".join(sorted(texts)) if texts else "no equilibrium found", "credible": {}}
