"""Parameter sweeps: the equilibrium set at every point of a grid over one to three parameters.

Payoffs are evaluated for the whole grid at once from the lambdified symbolic
game, and the equilibria of all points are computed in batches by the
vectorised kernels of :mod:`gametheory.sensitivity._batch` (two-player games
of any size; three players with two strategies each). Other shapes fall back
to one certified solve per point. Chunks of points run in parallel over local
processes (``jobs``) or on a Dask cluster (``scheduler``; the optional
``distributed`` extra).

Each point gets a *regime*: the list of its equilibria's supports (e.g.
``(deal, concede) | (reciprocal_tariff, reassure) | mixed(...)``). Regimes are
what a regime map colours and what :mod:`.thresholds` tracks.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import NotSupportedError, ParameterError
from ..games.symbolic import SymbolicGame
from ._batch import Found, batch_equilibria, supports_batched

__all__ = ["SweepResult", "sweep", "parse_grid", "regime_labels", "solve_points"]

#: Points per chunk handed to a worker.
CHUNK = 4096


def parse_grid(text: str) -> tuple[str, np.ndarray]:
    """Parse ``NAME=START:STOP:COUNT`` into a name and ``COUNT`` evenly spaced values.

    Examples
    --------
    >>> name, values = parse_grid("tariff=0:0.5:6")
    >>> name, [round(float(v), 9) for v in values]
    ('tariff', [0.0, 0.1, 0.2, 0.3, 0.4, 0.5])
    """
    name, sep, spec = text.partition("=")
    parts = spec.split(":")
    if not sep or not name.strip() or len(parts) != 3:
        raise ParameterError(f"grid {text!r}: expected NAME=START:STOP:COUNT")
    try:
        start, stop = float(parts[0]), float(parts[1])
        count = int(parts[2])
    except ValueError:
        raise ParameterError(f"grid {text!r}: START and STOP must be numbers and COUNT an integer") from None
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise ParameterError(f"grid {text!r}: START and STOP must be finite")
    if count < 1:
        raise ParameterError(f"grid {text!r}: COUNT must be at least 1")
    return name.strip(), np.linspace(start, stop, count)


def _support_text(strategies: tuple[tuple[str, ...], ...], players: tuple[str, ...],
                  support: tuple[tuple[int, ...], ...]) -> str:
    if all(len(s) == 1 for s in support):
        return "(" + ", ".join(strategies[k][s[0]] for k, s in enumerate(support)) + ")"
    parts = []
    for k, s in enumerate(support):
        parts.append(f"{players[k]}: " + "+".join(strategies[k][i] for i in s))
    return "mixed(" + "; ".join(parts) + ")"


def regime_labels(found: Sequence[Found], players: tuple[str, ...],
                  strategies: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], np.ndarray]:
    """Regime label of every point: the supports of its equilibria, joined by ``" | "``.

    Returns the distinct labels (sorted) and the index of each point's label.
    """
    texts = [_support_text(strategies, players, f.support) for f in found]
    if not found:
        return ("no equilibrium found",), np.zeros(0, dtype=int)
    masks = np.stack([f.mask for f in found], axis=1)  # (N, keys)
    rows, inverse = np.unique(masks, axis=0, return_inverse=True)
    labels = []
    for row in rows:
        chosen = [t for t, on in zip(texts, row) if on]
        labels.append(" | ".join(chosen) if chosen else "no equilibrium found")
    order = sorted(range(len(labels)), key=lambda k: labels[k])
    rank = np.empty(len(labels), dtype=int)
    rank[order] = np.arange(len(labels))
    return tuple(labels[k] for k in order), rank[np.asarray(inverse).reshape(-1)]


@dataclass(frozen=True)
class SweepResult:
    """The equilibria of a game at every point of a parameter grid.

    Attributes
    ----------
    params : tuple of str
        The swept parameters (one to three).
    axes : tuple of ndarray
        The grid values of each swept parameter.
    fixed : dict
        The values of the other parameters.
    players, strategies
        Labels of the game.
    supports : tuple
        Candidate supports (strategy indices per player), one per slot of
        ``found``/``profiles``.
    found : ndarray of bool, shape (len(supports), *grid_shape)
        Where each support carries an equilibrium.
    profiles : ndarray, shape (len(supports), *grid_shape, total strategies)
        The equilibrium on each support (NaN where there is none), players'
        probabilities concatenated.
    regimes : tuple of str
        The distinct regime labels.
    regime : ndarray of int, shape grid_shape
        Index into ``regimes`` of every point.
    method : str
        ``"batched"`` or ``"per-point"``.
    """

    params: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    fixed: dict[str, float]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    supports: tuple[tuple[tuple[int, ...], ...], ...]
    found: np.ndarray = field(repr=False)
    profiles: np.ndarray = field(repr=False)
    regimes: tuple[str, ...]
    regime: np.ndarray = field(repr=False)
    method: str

    @property
    def shape(self) -> tuple[int, ...]:
        """Grid shape."""
        return tuple(len(a) for a in self.axes)

    def point(self, index: Sequence[int]) -> dict[str, float]:
        """Parameter values of the grid point ``index``."""
        return {p: float(a[i]) for p, a, i in zip(self.params, self.axes, index)}

    def equilibria_at(self, index: Sequence[int]) -> list[tuple[np.ndarray, ...]]:
        """The equilibria at grid point ``index``, each one probability array per player."""
        index = tuple(index)
        cuts = np.cumsum([len(s) for s in self.strategies])[:-1]
        return [tuple(np.split(self.profiles[(k, *index)], cuts)) for k in range(len(self.supports))
                if self.found[(k, *index)]]

    def counts(self) -> dict[str, int]:
        """Number of grid points in each regime."""
        values = np.bincount(self.regime.reshape(-1), minlength=len(self.regimes))
        return {r: int(c) for r, c in zip(self.regimes, values)}

    def _rows(self) -> list[dict[str, Any]]:
        rows = []
        for index in np.ndindex(*self.shape):
            eqs = []
            for prof in self.equilibria_at(index):
                eqs.append({p: {s: float(x) for s, x in zip(labels, probs) if x > 0}
                            for p, labels, probs in zip(self.players, self.strategies, prof)})
            rows.append({**self.point(index), "regime": self.regimes[self.regime[index]], "equilibria": eqs})
        return rows

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stable keys): grid, regimes with counts, and every point."""
        return {
            "params": list(self.params),
            "axes": {p: [float(v) for v in a] for p, a in zip(self.params, self.axes)},
            "fixed": {k: float(v) for k, v in self.fixed.items()},
            "players": list(self.players),
            "method": self.method,
            "regimes": [{"label": r, "points": c} for r, c in self.counts().items()],
            "points": self._rows(),
        }

    def to_csv(self, path: str | Path) -> None:
        """Write one row per grid point: the parameters, the regime, and the equilibria as JSON."""
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([*self.params, "regime", "equilibria", "profiles"])
            for row in self._rows():
                writer.writerow([*(repr(row[p]) for p in self.params), row["regime"], len(row["equilibria"]),
                                 json.dumps(row["equilibria"], sort_keys=True)])

    def plot(self, path: str | Path, *, title: str | None = None) -> None:
        """Save a regime map (one or two swept parameters) to ``path`` (PNG, SVG, PDF ...).

        Needs matplotlib (the ``plot`` extra).
        """
        from ._plot import regime_map

        regime_map(self, path, title=title)


def _evaluate(game: SymbolicGame, params: Sequence[str], axes: Sequence[np.ndarray],
              fixed: Mapping[str, float]) -> np.ndarray:
    """Payoffs at every grid point, flattened: shape (n, *shape, N)."""
    mesh = np.meshgrid(*axes, indexing="ij")
    args = []
    for name in game.parameters:
        if name in params:
            args.append(mesh[list(params).index(name)].reshape(-1))
        else:
            args.append(np.asarray(float(fixed[name])))
    return game.payoff_function()(*args)


def solve_points(P: np.ndarray) -> list[Found]:
    """Equilibria of a batch of points: the vectorised kernel where one exists.

    Top-level so that process pools and Dask workers can import it.
    """
    shape = P.shape[1:-1]
    if not supports_batched(shape):
        return _per_point(P)
    found = batch_equilibria(P)
    if len(shape) == 2:
        suspect = np.flatnonzero(_degenerate(P, found))
        if suspect.size:
            found = _patch(found, P, suspect)
    return found


def _degenerate(P: np.ndarray, found: list[Found]) -> np.ndarray:
    """Points that may be degenerate, where support enumeration on equal sizes can miss equilibria.

    A nondegenerate game has an odd number of equilibria and no mixed profile
    with more pure best responses than its support has strategies.
    """
    N = P.shape[-1]
    count = np.zeros(N, dtype=int)
    flag = np.zeros(N, dtype=bool)
    tol = np.maximum(1e-9 * (P.reshape(-1, N).max(axis=0) - P.reshape(-1, N).min(axis=0)), 1e-12)
    A, B = np.moveaxis(P[0], -1, 0), np.moveaxis(P[1], -1, 0)
    for f in found:
        hit = f.mask
        count += hit
        if not hit.any():
            continue
        X, Y = np.nan_to_num(f.profile[0]), np.nan_to_num(f.profile[1])
        rows = np.einsum("zij,zj->zi", A, Y)
        cols = np.einsum("zi,zij->zj", X, B)
        n_rows = (rows >= rows.max(axis=1, keepdims=True) - tol[:, None]).sum(axis=1)
        n_cols = (cols >= cols.max(axis=1, keepdims=True) - tol[:, None]).sum(axis=1)
        # A best-response set larger than the opponent's support signals a tie.
        flag |= hit & ((n_rows > len(f.support[1])) | (n_cols > len(f.support[0])))
    return flag | (count % 2 == 0)


def _patch(found: list[Found], P: np.ndarray, points: np.ndarray) -> list[Found]:
    """Replace the batched results at ``points`` by per-point certified solves."""
    fixed = _per_point(P[..., points])
    out = []
    slots = {(f.support, f.root): f for f in fixed}
    N = P.shape[-1]
    for f in found:
        mask = f.mask.copy()
        prof = tuple(p.copy() for p in f.profile)
        mask[points] = False
        for p in prof:
            p[points] = np.nan
        extra = slots.pop((f.support, f.root), None)
        if extra is not None:
            mask[points] = extra.mask
            for p, e in zip(prof, extra.profile):
                p[points] = e
        out.append(Found(f.support, f.root, mask, prof))
    for (support, root), extra in slots.items():   # supports of unequal sizes
        mask = np.zeros(N, dtype=bool)
        mask[points] = extra.mask
        prof = tuple(np.full((N, p.shape[1]), np.nan) for p in extra.profile)
        for p, e in zip(prof, extra.profile):
            p[points] = e
        out.append(Found(support, root, mask, prof))
    return out


def _per_point(P: np.ndarray) -> list[Found]:
    """Fallback: one certified solve per point, gathered into the batch format."""
    from ..games.normal_form import NormalFormGame
    from ..solvers._solve import NPLAYER_PROFILE_LIMIT, solve

    n = P.shape[0]
    N = P.shape[-1]
    # auto would enumerate large n-player games for up to AUTO_SECONDS at every point: one equilibrium per
    # point by path following keeps a sweep's time bounded, as before
    method = "path" if n > 2 and int(np.prod(P.shape[1:-1])) > NPLAYER_PROFILE_LIMIT else "auto"
    slots: dict[tuple[tuple[int, ...], ...], list[Any]] = {}
    for z in range(N):
        game = NormalFormGame([P[i, ..., z] for i in range(n)])
        if not np.isfinite(game.payoff_array).all():
            continue
        try:
            result = solve(game, method, exact=False)
        except ImportError:   # an n-player solver that has not landed in this install
            raise NotSupportedError(f"no solver for games of shape {game.shape} is available") from None
        for eq in result:
            # Float solvers leave round-off (1e-17) on unused strategies: clean it off.
            prof = [np.where(np.asarray(p, dtype=float) > 1e-12, np.asarray(p, dtype=float), 0.0)
                    for p in eq.profile]
            prof = [p / p.sum() for p in prof]
            support = tuple(tuple(int(i) for i in np.flatnonzero(p > 0)) for p in prof)
            slots.setdefault(support, []).append((z, prof))
    out = []
    for support in sorted(slots):
        mask = np.zeros(N, dtype=bool)
        prof = tuple(np.full((N, P.shape[1 + k]), np.nan) for k in range(n))
        for z, p in slots[support]:
            mask[z] = True
            for k in range(n):
                prof[k][z] = p[k]
        out.append(Found(support, 0, mask, prof))
    return out


def _merge(parts: Sequence[list[Found]], N: int, shape: tuple[int, ...]) -> list[Found]:
    """Concatenate chunk results (keyed by support and root) over all points."""
    keys: list[tuple[Any, int]] = []
    for part in parts:
        for f in part:
            if (f.support, f.root) not in keys:
                keys.append((f.support, f.root))
    merged = []
    for key in keys:
        masks, profs = [], [[] for _ in shape]
        for part in parts:
            hit = next((f for f in part if (f.support, f.root) == key), None)
            n_part = len(part[0].mask) if part else 0
            if hit is None:
                masks.append(np.zeros(n_part, dtype=bool))
                for k, s in enumerate(shape):
                    profs[k].append(np.full((n_part, s), np.nan))
            else:
                masks.append(hit.mask)
                for k in range(len(shape)):
                    profs[k].append(hit.profile[k])
        merged.append(Found(key[0], key[1], np.concatenate(masks), tuple(np.concatenate(p) for p in profs)))
    return merged


def sweep(game: SymbolicGame, grid: Mapping[str, Sequence[float]], values: Mapping[str, Any] | None = None,
          *, jobs: int = 1, scheduler: str | None = None, chunk: int = CHUNK, progress: bool = False) -> SweepResult:
    """Equilibria of ``game`` at every point of a grid over one to three parameters.

    Parameters
    ----------
    game : SymbolicGame
        The game with sympy payoffs (``model.symbolic()``).
    grid : mapping of str to sequence of float
        The values of each swept parameter (see :func:`parse_grid`).
    values : mapping, optional
        Values of the other parameters (all must be given when the game has
        other parameters).
    jobs : int
        Local worker processes (1: in this process).
    scheduler : str, optional
        Address of a Dask scheduler (``"tcp://host:8786"``) to run the chunks
        on, or a ``distributed.Client``. Needs the ``distributed`` extra.
    chunk : int
        Points per chunk.
    progress : bool
        Show a progress bar (rich) over the chunks.

    Returns
    -------
    SweepResult

    Examples
    --------
    A prisoner's dilemma becomes a coordination game once ``T < 3``:

    >>> import sympy
    >>> T = sympy.Symbol("T", real=True)
    >>> g = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = sweep(g, {"T": [2.0, 4.0]})
    >>> [res.regimes[i] for i in res.regime]
    ['(C, C) | (D, D) | mixed(Player 1: C+D; Player 2: C+D)', '(D, D)']
    """
    values = dict(values or {})
    params = tuple(grid)
    if not 1 <= len(params) <= 3:
        raise ParameterError(f"a sweep takes one to three parameters, got {len(params)}")
    for p in params:
        if p not in game.parameters:
            raise ParameterError(f"unknown parameter {p!r}; parameters: {', '.join(game.parameters)}")
    missing = [p for p in game.parameters if p not in params and p not in values]
    if missing:
        raise ParameterError(f"no value for parameter {missing[0]!r}")
    axes = tuple(np.asarray(grid[p], dtype=float).reshape(-1) for p in params)
    if any(a.size == 0 or not np.isfinite(a).all() for a in axes):
        raise ParameterError("every grid axis needs at least one finite value")
    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, got {jobs}")
    fixed = {p: float(values[p]) for p in game.parameters if p not in params}
    P = np.ascontiguousarray(_evaluate(game, params, axes, fixed))
    N = P.shape[-1]
    starts = list(range(0, N, max(1, int(chunk))))
    chunks = [P[..., s:s + chunk] for s in starts]
    parts = _run(chunks, jobs=jobs, scheduler=scheduler, progress=progress)
    found = _merge(parts, N, game.shape)
    regimes, index = regime_labels(found, game.players, game.strategies)
    gshape = tuple(len(a) for a in axes)
    masks = np.stack([f.mask for f in found]).reshape(len(found), *gshape) if found else np.zeros((0, *gshape), bool)
    profiles = (np.stack([np.concatenate(f.profile, axis=1) for f in found]).reshape(len(found), *gshape, -1)
                if found else np.zeros((0, *gshape, sum(game.shape))))
    return SweepResult(params, axes, fixed, game.players, game.strategies, tuple(f.support for f in found),
                       masks, profiles, regimes, index.reshape(gshape),
                       "batched" if supports_batched(game.shape) else "per-point")


def _run(chunks: list[Any], *, jobs: int, scheduler: Any, progress: bool, func: Any = None,
         description: str = "sweeping") -> list[Any]:
    """Apply ``func`` (default :func:`solve_points`, a top-level function) to the chunks here, on local
    processes, or on a Dask cluster; results in the order of the chunks."""
    work = func if func is not None else solve_points
    results: list[Any] = [None] * len(chunks)
    bar = _progress(progress, len(chunks), description)
    try:
        if scheduler is not None:
            try:
                from distributed import Client, as_completed
            except ImportError:
                raise NotSupportedError("--scheduler needs Dask: pip install 'gametheory[distributed]'") from None
            client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
            try:
                futures = client.map(work, chunks, pure=False)
                where = {f.key: k for k, f in enumerate(futures)}
                for fut in as_completed(futures):
                    results[where[fut.key]] = fut.result()
                    bar.advance()
            finally:
                if client is not scheduler:
                    client.close()
        elif jobs > 1 and len(chunks) > 1:
            from concurrent.futures import ProcessPoolExecutor, as_completed as done

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futs = {pool.submit(work, c): k for k, c in enumerate(chunks)}
                for fut in done(futs):
                    results[futs[fut]] = fut.result()
                    bar.advance()
        else:
            for k, c in enumerate(chunks):
                results[k] = work(c)
                bar.advance()
    finally:
        bar.close()
    return [r for r in results if r is not None]


class _progress:
    """A rich progress bar over chunks, or nothing."""

    def __init__(self, show: bool, total: int, description: str = "sweeping") -> None:
        self._bar = None
        if show:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(description, total=total)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
