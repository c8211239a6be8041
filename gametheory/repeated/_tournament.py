"""Round-robin tournaments of automaton strategies, vectorised over matches and repetitions.

Every match of a tournament, in every repetition, is simulated at once: the
strategies' automata are stacked into one table per role (global state ids),
and each round is a handful of array lookups over all matches: actions from
the output table, implementation noise, payoffs, and next states from the
transition table. Stochastic strategies and noise draw from one seeded
:class:`numpy.random.Generator`, so a run is reproducible from its seed.

Conventions follow the ``axelrod`` library where it defines them: in a
symmetric game each unordered pair (and each strategy against itself) meets
once per repetition; a strategy's score in a repetition is the sum of its
total payoffs over its matches against the *other* strategies; the payoff
matrix holds mean payoffs per round, self-play included. In an asymmetric
game every ordered pair meets (each strategy plays both roles).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import InvalidArgumentError, InvalidGameError, ParameterError
from ..games.normal_form import NormalFormGame
from .strategies import Automaton, Role, Strategy

__all__ = ["TournamentResult", "MatchResult", "roles_for", "tournament", "play_match", "MAX_WORK", "MAX_MATCHES",
           "MAX_RECORDED"]

#: Most match-rounds (pairings x repetitions x rounds played) one tournament may take: about two minutes at
#: the 1-2 million match-rounds a second measured on two cores. Pass ``max_work=`` (``--max-work`` on the
#: command line) to allow more.
MAX_WORK = 200_000_000
#: Most matches (pairings x repetitions) played side by side; each holds about 15 numbers in memory
#: (80 MB per million); ``max_work`` does not lift it: set ``gametheory.repeated._tournament.MAX_MATCHES``.
MAX_MATCHES = 5_000_000
#: Most actions :func:`play_match` records per role (repetitions x rounds; 8 bytes each, two roles).
MAX_RECORDED = 20_000_000

#: Above this many match-rounds a progress bar is shown when ``progress=None``.
_PROGRESS_WORK = 20_000_000


@dataclass(frozen=True, eq=False)
class TournamentResult:
    """Outcome of a round-robin tournament.

    Attributes
    ----------
    names : tuple of str
        Strategy names in entry order.
    scores : ndarray, shape (repetitions, strategies)
        Total payoff of each strategy in each repetition, summed over its
        matches against the other strategies (self-play excluded).
    payoff_matrix : ndarray, shape (strategies, strategies)
        Mean payoff per round of row strategy against column strategy.
    cooperation : ndarray, shape (strategies,)
        Share of rounds in which each strategy played its cooperative action.
    rounds, repetitions : int
    noise : float
    continuation : float or None
        Probability that a match continues after each round (None: fixed length).
    seed : int or None
    symmetric : bool
        Whether unordered pairs were played (symmetric stage game).
    """

    names: tuple[str, ...]
    scores: np.ndarray
    payoff_matrix: np.ndarray
    cooperation: np.ndarray
    rounds: int
    repetitions: int
    noise: float
    continuation: float | None
    seed: int | None
    symmetric: bool

    @property
    def mean_scores(self) -> np.ndarray:
        """Mean total score of each strategy over repetitions."""
        return self.scores.mean(axis=0)

    @property
    def ranking(self) -> tuple[str, ...]:
        """Strategy names by decreasing mean score (entry order breaks ties)."""
        order = sorted(range(len(self.names)), key=lambda i: (-self.mean_scores[i], i))
        return tuple(self.names[i] for i in order)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (stable keys)."""
        return {
            "strategies": list(self.names),
            "rounds": self.rounds,
            "repetitions": self.repetitions,
            "noise": self.noise,
            "continuation": self.continuation,
            "seed": self.seed,
            "symmetric": self.symmetric,
            "ranking": list(self.ranking),
            "mean_scores": {n: float(s) for n, s in zip(self.names, self.mean_scores)},
            "scores": self.scores.tolist(),
            "payoff_matrix": self.payoff_matrix.tolist(),
            "cooperation": {n: float(c) for n, c in zip(self.names, self.cooperation)},
        }


@dataclass(frozen=True, eq=False)
class MatchResult:
    """Play of one pairing over several repetitions.

    ``actions[r]`` has shape (repetitions, rounds) and holds role ``r``'s
    action indices (``-1`` after a match ended under a continuation
    probability); ``scores`` has shape (repetitions, 2).
    """

    names: tuple[str, str]
    actions: tuple[np.ndarray, np.ndarray]
    scores: np.ndarray
    lengths: np.ndarray

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"names": list(self.names), "actions": [a.tolist() for a in self.actions],
                "scores": self.scores.tolist(), "lengths": self.lengths.tolist()}


# ---------------------------------------------------------------- roles
def _pure_nash(game: NormalFormGame) -> list[tuple[int, int]]:
    arr = game.payoff_array
    tol = game.tolerance()
    out = []
    for a in range(game.shape[0]):
        for b in range(game.shape[1]):
            if arr[0, a, b] >= arr[0, :, b].max() - tol and arr[1, a, b] >= arr[1, a, :].max() - tol:
                out.append((a, b))
    return out


def roles_for(game: NormalFormGame, cooperate: Sequence[str | int] | None = None,
              punish: Sequence[str | int] | None = None) -> tuple[Role, Role]:
    """The two :class:`Role` descriptions of a two-player stage game.

    By default the cooperative profile maximises the smaller of the two
    payoffs (ties: the larger sum; this picks mutual cooperation even in a
    prisoner's dilemma with T + S > 2R) and the punishment profile is the pure stage equilibrium with the lowest sum (or,
    if there is none, each role's pure minmax action against the other).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> r0, r1 = roles_for(pd)
    >>> (r0.cooperate, r0.punish), (r1.cooperate, r1.punish)
    ((0, 1), (0, 1))
    """
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        raise InvalidGameError("strategy tournaments need a two-player stage game")
    arr = game.payoff_array
    if cooperate is None:
        flat = [(float(arr[:, a, b].min()), float(arr[:, a, b].sum()), -a, -b)
                for a in range(game.shape[0]) for b in range(game.shape[1])]
        best = max(flat)
        c = (-best[2], -best[3])
    else:
        c = tuple(game.strategy_index(i, s) for i, s in enumerate(cooperate))
    if punish is None:
        ne = _pure_nash(game)
        if ne:
            e = min(ne, key=lambda ab: (arr[0][ab] + arr[1][ab], ab))
        else:
            e = (int(np.argmin(arr[1].max(axis=1))), int(np.argmin(arr[0].max(axis=0))))
    else:
        e = tuple(game.strategy_index(i, s) for i, s in enumerate(punish))
    if len(c) != 2 or len(e) != 2:
        raise InvalidGameError("cooperate and punish name one strategy per player")
    r0 = Role(game.shape[0], game.shape[1], c[0], e[0], c[1], e[1], np.array(arr[0]))
    r1 = Role(game.shape[1], game.shape[0], c[1], e[1], c[0], e[0], np.array(arr[1]).T)
    return r0, r1


def _is_symmetric(game: NormalFormGame) -> bool:
    return (game.shape[0] == game.shape[1] and game.strategies[0] == game.strategies[1]
            and bool(np.array_equal(game.payoff_array[0], game.payoff_array[1].T)))


# ---------------------------------------------------------------- kernel
@dataclass(frozen=True, eq=False)
class _Compiled:
    """All automata of one role stacked into global tables."""

    offsets: np.ndarray  # (N,) first global state of each strategy
    initial: np.ndarray  # (N,) global initial state
    out_det: np.ndarray | None  # (S,) action per state, if every output is deterministic
    out_cdf: np.ndarray  # (S, m) cumulative output probabilities
    next_det: np.ndarray | None  # (S, m_own, m_opp) global next state, if deterministic
    next_cdf: np.ndarray  # (S, m_own, m_opp, Smax) cumulative local next-state probabilities
    owner_offset: np.ndarray  # (S,) offset of the strategy owning each global state


def _compile(automata: Sequence[Automaton]) -> _Compiled:
    sizes = np.array([a.num_states for a in automata])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    smax = int(sizes.max())
    out = np.vstack([a.output for a in automata])
    m_own, m_opp = automata[0].num_actions
    trans = np.zeros((int(sizes.sum()), m_own, m_opp, smax))
    owner = np.repeat(offsets, sizes)
    for a, off in zip(automata, offsets):
        trans[off:off + a.num_states, :, :, :a.num_states] = a.transition
    det_out = bool(np.all((out == 0) | (out == 1)))
    det_next = bool(np.all((trans == 0) | (trans == 1)))
    return _Compiled(
        offsets=offsets,
        initial=offsets + np.array([a.initial for a in automata]),
        out_det=out.argmax(axis=1) if det_out else None,
        out_cdf=np.cumsum(out, axis=1),
        next_det=(owner[:, None, None] + trans.argmax(axis=3)) if det_next else None,
        next_cdf=np.cumsum(trans, axis=3),
        owner_offset=owner,
    )


def _draw(cdf_rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Index drawn from each row of cumulative probabilities with uniforms ``u``."""
    idx = (cdf_rows <= u[:, None]).sum(axis=1)
    return np.minimum(idx, cdf_rows.shape[1] - 1)


def _simulate(c0: _Compiled, c1: _Compiled, A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray,
              rounds: int, noise: float, lengths: np.ndarray | None, rng: np.random.Generator,
              coop: tuple[int, int], record: bool = False, progress: bool = False) -> dict[str, np.ndarray]:
    """Play all matches ``row[k]`` (role 0) vs ``col[k]`` (role 1) for ``rounds`` rounds at once."""
    n = row.size
    m0, m1 = A.shape
    s0, s1 = c0.initial[row].copy(), c1.initial[col].copy()
    tot0, tot1 = np.zeros(n), np.zeros(n)
    co0, co1 = np.zeros(n), np.zeros(n)
    hist0 = np.full((n, rounds), -1, dtype=np.int64) if record else None
    hist1 = np.full((n, rounds), -1, dtype=np.int64) if record else None
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("tournament", total=rounds if lengths is None else min(rounds, int(lengths.max())))
    # Under a continuation probability no match outlives the longest drawn length.
    horizon = rounds if lengths is None or n == 0 else min(rounds, int(lengths.max()))
    try:
        for t in range(horizon):
            a0 = c0.out_det[s0] if c0.out_det is not None else _draw(c0.out_cdf[s0], rng.random(n))
            a1 = c1.out_det[s1] if c1.out_det is not None else _draw(c1.out_cdf[s1], rng.random(n))
            if noise > 0:
                # Each implemented action is replaced by a uniformly drawn *other* action w.p. noise.
                f0, f1 = rng.random(n) < noise, rng.random(n) < noise
                a0 = np.where(f0, (a0 + rng.integers(1, m0, n)) % m0, a0) if m0 > 1 else a0
                a1 = np.where(f1, (a1 + rng.integers(1, m1, n)) % m1, a1) if m1 > 1 else a1
            if lengths is None:
                tot0 += A[a0, a1]
                tot1 += B[a0, a1]
                co0 += a0 == coop[0]
                co1 += a1 == coop[1]
            else:
                live = t < lengths
                tot0 += np.where(live, A[a0, a1], 0.0)
                tot1 += np.where(live, B[a0, a1], 0.0)
                co0 += live & (a0 == coop[0])
                co1 += live & (a1 == coop[1])
            if record:
                live_mask = slice(None) if lengths is None else (t < lengths)
                hist0[live_mask, t] = a0 if lengths is None else a0[live_mask]
                hist1[live_mask, t] = a1 if lengths is None else a1[live_mask]
            if c0.next_det is not None:
                s0 = c0.next_det[s0, a0, a1]
            else:
                s0 = c0.owner_offset[s0] + _draw(c0.next_cdf[s0, a0, a1], rng.random(n))
            if c1.next_det is not None:
                s1 = c1.next_det[s1, a1, a0]
            else:
                s1 = c1.owner_offset[s1] + _draw(c1.next_cdf[s1, a1, a0], rng.random(n))
            if bar is not None:
                bar.update(task, advance=1)
    finally:
        if bar is not None:
            bar.stop()
    out = {"tot0": tot0, "tot1": tot1, "co0": co0, "co1": co1}
    if record:
        out["hist0"], out["hist1"] = hist0, hist1
    return out


def _validate(rounds: int, repetitions: int, noise: float, continuation: float | None) -> None:
    for name, value in (("rounds", rounds), ("repetitions", repetitions)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer, float)):
            raise InvalidArgumentError(f"{name} must be a positive integer, got {type(value).__name__}")
    for name, value in (("noise", noise), ("continuation", continuation)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, np.number))):
            raise InvalidArgumentError(f"{name} must be a number, got {type(value).__name__}")
    if not (math.isfinite(rounds) and math.isfinite(repetitions)):
        raise ParameterError(f"rounds and repetitions must be finite, got {rounds} and {repetitions}")
    if int(rounds) != rounds or rounds < 1:
        raise ValueError(f"rounds must be a positive integer, got {rounds}")
    if int(repetitions) != repetitions or repetitions < 1:
        raise ValueError(f"repetitions must be a positive integer, got {repetitions}")
    if not 0 <= noise <= 1:
        raise ValueError(f"noise must lie in [0, 1], got {noise}")
    if continuation is not None and not 0 <= continuation < 1:
        raise ValueError(f"continuation must lie in [0, 1), got {continuation}")


def _check_work(matches: int, rounds: int, max_work: int | None, what: str) -> None:
    """Refuse, in one line naming the limit, a run of more than ``max_work`` match-rounds."""
    limit = MAX_WORK if max_work is None else max_work
    if matches > MAX_MATCHES:
        raise ParameterError(f"{what} plays {matches:,} matches side by side, more than the memory limit of "
                             f"{MAX_MATCHES:,} (fewer strategies or repetitions, or raise "
                             "gametheory.repeated._tournament.MAX_MATCHES)")
    if matches * rounds > limit:
        raise ParameterError(f"{what} is {matches:,} matches x {rounds:,} rounds = {matches * rounds:,} "
                             f"match-rounds, more than the limit of {limit:,} (pass max_work=..., or --max-work on "
                             "the command line, to allow it)")


def _lengths(rng: np.random.Generator, n: int, rounds: int, continuation: float | None) -> np.ndarray | None:
    if continuation is None:
        return None
    # Rounds played ~ Geometric(1 - continuation) (at least one), truncated at `rounds`.
    return np.minimum(rng.geometric(1.0 - continuation, size=n), rounds)


def tournament(
    game: NormalFormGame,
    strategies: Sequence[Strategy],
    *,
    rounds: int = 200,
    repetitions: int = 10,
    noise: float = 0.0,
    continuation: float | None = None,
    seed: int | None = None,
    cooperate: Sequence[str | int] | None = None,
    punish: Sequence[str | int] | None = None,
    progress: bool | None = None,
    max_work: int | None = None,
) -> TournamentResult:
    """Round-robin tournament of ``strategies`` on a two-player stage game.

    Parameters
    ----------
    game : NormalFormGame
        Two-player stage game of any size.
    strategies : sequence of Strategy
        Entrants (names need not be unique but should be, for reading).
    rounds : int
        Rounds per match (with ``continuation``, the cap on a match's length).
    repetitions : int
        Independent repetitions of the whole round robin.
    noise : float
        Probability that an intended action is replaced by another one
        (uniformly drawn among the role's other actions).
    continuation : float, optional
        Probability that a match continues after each round; match lengths
        are then geometric (drawn per match and repetition), capped at ``rounds``.
    seed : int, optional
        Seed of the :class:`numpy.random.Generator` (reproducible runs).
    cooperate, punish : sequence, optional
        Cooperative and punishment profiles (labels); see :func:`roles_for`.
    progress : bool, optional
        Show a progress bar (default: only for long runs).
    max_work : int, optional
        Most match-rounds (pairings x repetitions x rounds) to play; default :data:`MAX_WORK`. A larger
        tournament is refused with :class:`~gametheory.exceptions.ParameterError` before it starts (with
        ``continuation``, the rounds counted are those of the longest match drawn).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.repeated.strategies import tit_for_tat, defector, cooperator
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> res = tournament(pd, [tit_for_tat(), defector(), cooperator()], rounds=10, repetitions=2, seed=1)
    >>> res.scores[0].tolist()    # TFT: 9 vs Defector + 30 vs Cooperator
    [39.0, 64.0, 30.0]
    >>> res.ranking
    ('Defector', 'Tit For Tat', 'Cooperator')
    """
    _validate(rounds, repetitions, noise, continuation)
    strategies = list(strategies)
    if not strategies:
        raise ValueError("a tournament needs at least one strategy")
    r0, r1 = roles_for(game, cooperate, punish)
    c0 = _compile([s.automaton(r0) for s in strategies])
    c1 = _compile([s.automaton(r1) for s in strategies])
    N, K = len(strategies), int(repetitions)
    symmetric = _is_symmetric(game) and (r0.cooperate, r0.punish) == (r1.cooperate, r1.punish)
    if symmetric:
        pairs = [(i, j) for i in range(N) for j in range(i, N)]
    else:
        pairs = [(i, j) for i in range(N) for j in range(N)]
    P = len(pairs)
    _check_work(P * K, 0, max_work, f"a tournament of {N} strategies x {K} repetitions")  # memory, first
    pi = np.array([p[0] for p in pairs], dtype=np.int64)
    pj = np.array([p[1] for p in pairs], dtype=np.int64)
    row, col = np.repeat(pi, K), np.repeat(pj, K)
    rng = np.random.default_rng(seed)
    lengths = _lengths(rng, row.size, int(rounds), continuation)
    played = int(rounds) if lengths is None or row.size == 0 else min(int(rounds), int(lengths.max()))
    _check_work(P * K, played, max_work, f"a tournament of {N} strategies x {K} repetitions")
    show = progress if progress is not None else row.size * rounds >= _PROGRESS_WORK
    A = game.payoff_array[0]
    Bp = game.payoff_array[1]
    res = _simulate(c0, c1, A, Bp, row, col, int(rounds), float(noise), lengths, rng,
                    (r0.cooperate, r1.cooperate), progress=bool(show))
    tot0, tot1 = res["tot0"].reshape(P, K), res["tot1"].reshape(P, K)
    length = (np.full((P, K), float(rounds)) if lengths is None else lengths.reshape(P, K).astype(float))
    scores = np.zeros((K, N))
    pm_sum = np.zeros((N, N))
    pm_cnt = np.zeros((N, N))
    coop = np.zeros(N)
    played = np.zeros(N)
    co0, co1 = res["co0"].reshape(P, K), res["co1"].reshape(P, K)
    for k, (i, j) in enumerate(pairs):
        if i != j:
            scores[:, i] += tot0[k]
            scores[:, j] += tot1[k]
        per0, per1 = (tot0[k] / length[k]).mean(), (tot1[k] / length[k]).mean()
        pm_sum[i, j] += per0
        pm_cnt[i, j] += 1
        pm_sum[j, i] += per1
        pm_cnt[j, i] += 1
        coop[i] += co0[k].sum()
        coop[j] += co1[k].sum()
        played[i] += length[k].sum()
        played[j] += length[k].sum()
    payoff_matrix = pm_sum / np.maximum(pm_cnt, 1)
    for arr in (scores, payoff_matrix):
        arr.setflags(write=False)
    cooperation = coop / np.maximum(played, 1)
    cooperation.setflags(write=False)
    return TournamentResult(tuple(s.name for s in strategies), scores, payoff_matrix, cooperation, int(rounds), K,
                            float(noise), continuation, seed, symmetric)


def play_match(
    game: NormalFormGame,
    first: Strategy,
    second: Strategy,
    *,
    rounds: int = 10,
    repetitions: int = 1,
    noise: float = 0.0,
    continuation: float | None = None,
    seed: int | None = None,
    cooperate: Sequence[str | int] | None = None,
    punish: Sequence[str | int] | None = None,
) -> MatchResult:
    """Play ``first`` (row role) against ``second`` (column role) and record every action.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.repeated.strategies import tit_for_tat, alternator
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> m = play_match(pd, tit_for_tat(), alternator(), rounds=5)
    >>> m.actions[0][0].tolist(), m.actions[1][0].tolist(), m.scores[0].tolist()
    ([0, 0, 1, 0, 1], [0, 1, 0, 1, 0], [13.0, 13.0])
    """
    _validate(rounds, repetitions, noise, continuation)
    if int(repetitions) * int(rounds) > MAX_RECORDED:
        raise ParameterError(f"play_match records every action: {int(repetitions):,} repetitions x {int(rounds):,} "
                             f"rounds is more than the limit of {MAX_RECORDED:,} (use tournament() for scores only, "
                             "or raise gametheory.repeated._tournament.MAX_RECORDED)")
    r0, r1 = roles_for(game, cooperate, punish)
    c0, c1 = _compile([first.automaton(r0)]), _compile([second.automaton(r1)])
    zeros = np.zeros(int(repetitions), dtype=np.int64)
    rng = np.random.default_rng(seed)
    lengths = _lengths(rng, zeros.size, int(rounds), continuation)
    res = _simulate(c0, c1, game.payoff_array[0], game.payoff_array[1], zeros, zeros, int(rounds), float(noise),
                    lengths, rng, (r0.cooperate, r1.cooperate), record=True)
    lens = np.full(zeros.size, int(rounds)) if lengths is None else lengths
    return MatchResult((first.name, second.name), (res["hist0"], res["hist1"]),
                       np.stack([res["tot0"], res["tot1"]], axis=1), lens)
