"""Finitely repeated games: subgame-perfect play by backward induction.

In the last round any subgame-perfect play is a stage Nash equilibrium;
working backwards, when the stage game has a *unique* equilibrium the
continuation never depends on what happens now, so the unique subgame-perfect
equilibrium repeats the stage equilibrium in every round: cooperation
unravels (Selten's chain-store logic; the finitely repeated prisoner's
dilemma). With several stage equilibria the end game can reward and punish
(Benoit & Krishna 1985): a target profile can be played in the early rounds
if the last ``L`` rounds play a *reward* equilibrium after compliance and each
deviator's *worst* equilibrium after a deviation. :func:`finite_spe` finds the
smallest such ``L`` by checking every round's incentive constraint.

:func:`repeated_normal_form` builds the whole repeated game in normal form
with nashpy's construction: only for tiny games (the strategy count grows
doubly exponentially).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError, NotSupportedError
from ..games.normal_form import NormalFormGame

__all__ = ["FiniteRepetitionResult", "finite_spe", "repeated_normal_form"]


@dataclass(frozen=True)
class FiniteRepetitionResult:
    """Subgame-perfect play of a finitely repeated game.

    Attributes
    ----------
    rounds : int
    delta : float
        Discount factor (1 for undiscounted totals).
    stage_equilibria : tuple
        Stage Nash equilibria (labels when pure, probability tuples otherwise).
    unique_stage_equilibrium : bool
        Whether the stage equilibrium is unique (then play unravels).
    path : tuple of tuple
        Equilibrium play round by round (one description per player).
    payoffs : tuple of float
        Discounted total payoff of each player along the path.
    end_rounds : int or None
        The number of final reward rounds needed to sustain the target
        (``None`` when no target was asked or it cannot be sustained).
    notes : tuple of str
    """

    rounds: int
    delta: float
    stage_equilibria: tuple[Any, ...]
    unique_stage_equilibrium: bool
    path: tuple[tuple[Any, ...], ...]
    payoffs: tuple[float, ...]
    end_rounds: int | None
    notes: tuple[str, ...] = ()

    @property
    def unravels(self) -> bool:
        """Whether the only subgame-perfect play is the stage equilibrium in every round."""
        return self.unique_stage_equilibrium

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        def desc(x: Any) -> Any:
            return [v if isinstance(v, str) else [float(p) for p in v] for v in x]

        return {"rounds": self.rounds, "delta": self.delta,
                "stage_equilibria": [desc(e) for e in self.stage_equilibria],
                "unique_stage_equilibrium": self.unique_stage_equilibrium, "unravels": self.unravels,
                "path": [desc(p) for p in self.path], "payoffs": list(self.payoffs),
                "end_rounds": self.end_rounds, "notes": list(self.notes)}


def _describe(game: NormalFormGame, profile: Sequence[Sequence[Any]]) -> tuple[Any, ...]:
    out: list[Any] = []
    for i, p in enumerate(profile):
        nz = [k for k, x in enumerate(p) if x != 0]
        out.append(game.strategies[i][nz[0]] if len(nz) == 1 else tuple(p))
    return tuple(out)


def finite_spe(game: NormalFormGame, rounds: int, *, target: Sequence[str] | str | None = None,
               delta: float = 1.0) -> FiniteRepetitionResult:
    """Subgame-perfect play of the ``rounds``-fold repetition of ``game``.

    Parameters
    ----------
    game : NormalFormGame
    rounds : int
        Number of rounds (at least 1).
    target : sequence of str or str, optional
        A pure profile to sustain in the early rounds (needs several stage
        equilibria; with a unique one the answer is always the unravelled path).
    delta : float
        Discount factor in (0, 1] (1: undiscounted totals).

    Examples
    --------
    The finitely repeated prisoner's dilemma unravels:

    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> r = finite_spe(pd, 3, target="C,C")
    >>> r.unravels, r.path, r.payoffs
    (True, (('D', 'D'), ('D', 'D'), ('D', 'D')), (3.0, 3.0))
    """
    from ..solvers._solve import solve

    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"expected a NormalFormGame, got {type(game).__name__}")
    if int(rounds) != rounds or rounds < 1:
        raise ValueError(f"rounds must be a positive integer, got {rounds}")
    if not 0 < delta <= 1:
        raise ValueError(f"delta must lie in (0, 1], got {delta}")
    rounds = int(rounds)
    notes: list[str] = []
    try:
        result = solve(game)
    except (ImportError, NotImplementedError):
        result = None  # no complete solver for this game: fall back to pure equilibria
    if result is not None:
        eqs = [e.profile for e in result.equilibria]
        pays = [np.array([float(x) for x in e.payoffs]) for e in result.equilibria]
        continua = bool(getattr(result, "continua", ())) or any(len(c) > 1 for c in result.components)
        unique = len(eqs) == 1 and result.complete and not continua
    else:
        eqs, pays = [], []
        for idx in itertools.product(*(range(k) for k in game.shape)):
            prof = game.pure_profile(list(idx))
            if game.is_nash(prof):
                eqs.append(prof)
                pays.append(np.array([float(x) for x in game.expected_payoffs(prof)]))
        unique = len(eqs) == 1 and _strictly_dominant(game)
        notes.append("stage equilibria: pure ones only (no complete solver for this game)"
                     + ("; unique by strict dominance" if unique else ""))
    if not eqs:
        raise InvalidGameError("the stage game has no equilibrium found by the solver")
    descs = tuple(_describe(game, e) for e in eqs)
    weights = delta ** np.arange(rounds)
    # Fallback path: the best stage equilibrium (by total payoff) in every round.
    k_best = int(np.argmax([p.sum() for p in pays]))
    path = tuple(descs[k_best] for _ in range(rounds))
    totals = tuple(float(x) for x in pays[k_best] * weights.sum())
    end_rounds = None
    if target is not None:
        if isinstance(target, str):
            target = [s.strip() for s in target.split(",")]
        a = tuple(game.strategy_index(i, s) for i, s in enumerate(target))
        arr = game.payoff_array
        n = game.num_players
        v = np.array([arr[(i, *a)] for i in range(n)])
        d = np.array([max(arr[(i, *a[:i], s, *a[i + 1:])] for s in range(game.shape[i])) for i in range(n)])
        if unique:
            notes.append("unique stage equilibrium: the target cannot be sustained in any round (unravelling)")
        else:
            worst = np.array([min(p[i] for p in pays) for i in range(n)])
            best_L, best_k = None, None
            for k, r in enumerate(pays):
                for L in range(0, rounds):
                    if _sustains(v, d, r, worst, rounds, L, delta):
                        if best_L is None or L < best_L or (L == best_L and r.sum() > pays[best_k].sum()):
                            best_L, best_k = L, k
                        break
            if best_L is None or best_L >= rounds:
                notes.append("the target cannot be sustained in any round with these stage equilibria")
            else:
                end_rounds = best_L
                coop = rounds - best_L
                path = tuple([tuple(game.strategies[i][a[i]] for i in range(n))] * coop
                             + [descs[best_k]] * best_L)
                totals = tuple(float(v[i] * weights[:coop].sum() + pays[best_k][i] * weights[coop:].sum())
                               for i in range(n))
                notes.append(f"target played for {coop} round(s), then {best_L} reward round(s); "
                             "a deviator's worst stage equilibrium is played after a deviation")
    return FiniteRepetitionResult(rounds, float(delta), descs, unique, path, totals, end_rounds, tuple(notes))


def _strictly_dominant(game: NormalFormGame) -> bool:
    """Whether every player has a strictly dominant strategy (then the stage equilibrium is unique)."""
    arr = game.payoff_array
    for i in range(game.num_players):
        own = np.moveaxis(arr[i], i, 0).reshape(game.shape[i], -1)
        best = own.argmax(axis=0)
        if not np.all(best == best[0]):
            return False
        others = np.delete(own, best[0], axis=0)
        if others.size and not np.all(own[best[0]] > others.max(axis=0)):
            return False
    return True


def _sustains(v: np.ndarray, d: np.ndarray, reward: np.ndarray, worst: np.ndarray, rounds: int, L: int,
              delta: float) -> bool:
    """Whether target for ``rounds - L`` rounds then ``reward`` for L rounds is subgame perfect."""
    coop = rounds - L
    if coop < 1:
        return False
    for t in range(coop):  # t = index of the cooperative round where a deviation is considered
        rest = np.arange(1, rounds - t)
        w = delta ** rest
        later_coop = rest < coop - t
        comply = v + (np.where(later_coop[:, None], v[None, :], reward[None, :]) * w[:, None]).sum(axis=0)
        deviate = d + worst * w.sum()
        if np.any(deviate > comply + 1e-9 * max(1.0, float(np.abs(v).max()))):
            return False
    return True


def repeated_normal_form(game: NormalFormGame, rounds: int, *, max_strategies: int = 4096) -> NormalFormGame:
    """The ``rounds``-fold repeated game in normal form (nashpy's construction; tiny games only).

    A strategy maps every history of earlier action pairs to an action, so
    the number of strategies grows doubly exponentially; games whose
    repeated form would exceed ``max_strategies`` per player are refused.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> repeated_normal_form(pd, 2).shape
    (32, 32)
    """
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        raise InvalidGameError("the repeated normal form is built for two-player games")
    if int(rounds) != rounds or rounds < 1:
        raise ValueError(f"rounds must be a positive integer, got {rounds}")
    m0, m1 = game.shape
    histories = sum((m0 * m1) ** t for t in range(int(rounds)))
    count = max(m0, m1) ** histories
    if count > max_strategies:
        raise NotSupportedError(
            f"the {rounds}-round repetition has about {count} strategies per player (limit {max_strategies}); "
            "use finite_spe instead")
    from nashpy.repeated_games import obtain_repeated_game

    rep = obtain_repeated_game(game.to_nashpy(), int(rounds))
    A, B = rep.payoff_matrices
    title = f"{game.title or 'game'} repeated {rounds} times"
    return NormalFormGame([np.asarray(A), np.asarray(B)], players=game.players, title=title,
                          exact=game.is_exact)
