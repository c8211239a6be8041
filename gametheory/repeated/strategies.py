"""Repeated-game strategies as finite automata.

A strategy is a (possibly stochastic) Moore machine: in each state it plays
an action drawn from ``output[state]`` and moves to a state drawn from
``transition[state, own_action, opponent_action]``. Because everything is a
table, a whole tournament advances by array lookups (see
:func:`gametheory.repeated.tournament`).

Classic strategies are defined on any two-player stage game relative to a
*cooperative* action (the target profile) and a *punishment* action (a stage
equilibrium) of each role: :class:`Strategy` is a named recipe that builds an
:class:`Automaton` for a :class:`Role`. In the prisoner's dilemma "cooperate"
is C and "punish" is D, and the strategies coincide with their textbook (and
``axelrod``) definitions. An action that is neither (possible in larger
games, or through noise) counts as a defection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError

__all__ = [
    "Automaton", "Role", "Strategy",
    "cooperator", "defector", "grim", "tit_for_tat", "suspicious_tit_for_tat", "tit_for_two_tats",
    "retaliate_window", "two_tits_for_tat", "hard_tit_for_tat", "generous_tit_for_tat", "win_stay_lose_shift",
    "k_period_punishment", "noisy_escalator", "alternator", "cycler", "random_strategy", "memory_one",
    "bully", "anti_tit_for_tat", "fool_me_once", "firm_but_fair", "from_automaton", "classic_strategies",
    "strategy_by_name", "strategy_names", "default_entrants",
]


@dataclass(frozen=True, eq=False)
class Automaton:
    """A stochastic Moore machine playing one role of a two-player stage game.

    Parameters
    ----------
    name : str
    output : array_like, shape (states, own_actions)
        ``output[s, a]``: probability of playing ``a`` in state ``s``.
    transition : array_like, shape (states, own_actions, opponent_actions, states)
        ``transition[s, a, b, t]``: probability of moving from ``s`` to ``t``
        after the round in which this player played ``a`` and the opponent ``b``
        (the actions actually played, after any implementation noise).
    initial : int
        The starting state.

    Examples
    --------
    Tit-for-tat in the prisoner's dilemma (action 0 = C, 1 = D), built from
    deterministic tables:

    >>> tft = Automaton.deterministic("TFT", output=[0, 1], transition=[[[0, 1], [0, 1]], [[0, 1], [0, 1]]])
    >>> tft.num_states, tft.is_deterministic
    (2, True)
    """

    name: str
    output: np.ndarray
    transition: np.ndarray
    initial: int = 0

    def __post_init__(self) -> None:
        out = np.array(self.output, dtype=float)
        tr = np.array(self.transition, dtype=float)
        if out.ndim != 2 or out.shape[0] < 1 or out.shape[1] < 1:
            raise InvalidGameError(f"automaton {self.name!r}: output must have shape (states, actions)")
        S = out.shape[0]
        if tr.ndim != 4 or tr.shape[0] != S or tr.shape[1] != out.shape[1] or tr.shape[3] != S:
            raise InvalidGameError(
                f"automaton {self.name!r}: transition must have shape ({S}, {out.shape[1]}, opponent actions, {S}),"
                f" got {tr.shape}")
        for what, arr in (("output", out), ("transition", tr)):
            if not np.all(np.isfinite(arr)) or arr.min() < 0 or not np.allclose(arr.sum(-1), 1.0, atol=1e-9):
                raise InvalidGameError(f"automaton {self.name!r}: every {what} row must be a probability vector")
        if not 0 <= int(self.initial) < S:
            raise InvalidGameError(f"automaton {self.name!r}: initial state {self.initial} out of range")
        out.setflags(write=False)
        tr.setflags(write=False)
        object.__setattr__(self, "output", out)
        object.__setattr__(self, "transition", tr)
        object.__setattr__(self, "initial", int(self.initial))

    @classmethod
    def deterministic(cls, name: str, output: Sequence[int], transition: Any, initial: int = 0) -> Automaton:
        """Build from an action per state and a next-state table ``transition[s][a][b]``."""
        out_idx = np.asarray(output, dtype=int)
        nxt = np.asarray(transition, dtype=int)
        if out_idx.ndim != 1 or nxt.ndim != 3 or nxt.shape[0] != out_idx.size:
            raise InvalidGameError(f"automaton {name!r}: output must be (states,), transition (states, a, b)")
        S = out_idx.size
        m_own = max(int(out_idx.max()) + 1, nxt.shape[1])
        if out_idx.min() < 0 or nxt.min() < 0 or nxt.max() >= S:
            raise InvalidGameError(f"automaton {name!r}: action or state index out of range")
        return cls(name, np.eye(m_own)[out_idx], np.eye(S)[nxt], initial)

    @property
    def num_states(self) -> int:
        """Number of states."""
        return int(self.output.shape[0])

    @property
    def num_actions(self) -> tuple[int, int]:
        """(own actions, opponent actions)."""
        return int(self.output.shape[1]), int(self.transition.shape[2])

    @property
    def is_deterministic(self) -> bool:
        """Whether every output and transition row is a unit vector."""
        return bool(np.all((self.output == 0) | (self.output == 1))
                    and np.all((self.transition == 0) | (self.transition == 1)))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of the tables."""
        return {"name": self.name, "initial": self.initial, "output": self.output.tolist(),
                "transition": self.transition.tolist()}


@dataclass(frozen=True)
class Role:
    """What a strategy needs to know about its role in the stage game.

    Attributes
    ----------
    own_actions, opp_actions : int
        Number of actions of this role and of the opponent.
    cooperate, punish : int
        This role's cooperative (target) and punishment actions.
    opp_cooperate, opp_punish : int
        The opponent's cooperative and punishment actions.
    payoff : ndarray, shape (own_actions, opp_actions)
        This role's stage payoffs.
    """

    own_actions: int
    opp_actions: int
    cooperate: int
    punish: int
    opp_cooperate: int
    opp_punish: int
    payoff: np.ndarray

    @classmethod
    def prisoners_dilemma(cls, T: float = 5, R: float = 3, P: float = 1, S: float = 0) -> Role:
        """The role of either player of the prisoner's dilemma (action 0 = C, 1 = D)."""
        return cls(2, 2, 0, 1, 0, 1, np.array([[R, S], [T, P]], dtype=float))

    def opp_is_cooperative(self) -> np.ndarray:
        """Boolean mask over opponent actions: True for the cooperative action."""
        return np.arange(self.opp_actions) == self.opp_cooperate


@dataclass(frozen=True)
class Strategy:
    """A named recipe that builds an :class:`Automaton` for a :class:`Role`.

    Examples
    --------
    >>> a = tit_for_tat().automaton(Role.prisoners_dilemma())
    >>> a.output.argmax(axis=1).tolist(), a.initial   # state 0 punishes (D), state 1 cooperates (C)
    ([1, 0], 1)
    """

    name: str
    build: Callable[[Role], Automaton]
    stochastic: bool = False

    def automaton(self, role: Role) -> Automaton:
        """The automaton of this strategy in ``role``."""
        aut = self.build(role)
        if aut.num_actions != (role.own_actions, role.opp_actions):
            raise InvalidGameError(
                f"strategy {self.name!r} has {aut.num_actions} actions; the role needs "
                f"{(role.own_actions, role.opp_actions)}")
        return aut

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------- building blocks
def _reactive(name: str, role: Role, outputs: Sequence[int], on_coop: Sequence[int],
              on_other: Sequence[int], initial: int = 0) -> Automaton:
    """Deterministic automaton whose next state depends only on whether the opponent cooperated."""
    S = len(outputs)
    nxt = np.empty((S, role.own_actions, role.opp_actions), dtype=int)
    coop = role.opp_is_cooperative()
    for s in range(S):
        nxt[s, :, :] = np.where(coop, on_coop[s], on_other[s])[None, :]
    out = np.eye(role.own_actions)[list(outputs)]
    return Automaton(name, out, np.eye(S)[nxt], initial)


def _constant(name: str, action_of: Callable[[Role], int]) -> Strategy:
    def build(role: Role) -> Automaton:
        return _reactive(name, role, [action_of(role)], [0], [0])
    return Strategy(name, build)


def cooperator() -> Strategy:
    """Always plays the cooperative action."""
    return _constant("Cooperator", lambda r: r.cooperate)


def defector() -> Strategy:
    """Always plays the punishment action."""
    return _constant("Defector", lambda r: r.punish)


def grim() -> Strategy:
    """Grim trigger (Grudger): cooperate until the opponent first fails to, then punish for ever."""
    return Strategy("Grim", lambda r: _reactive("Grim", r, [r.cooperate, r.punish], [0, 1], [1, 1]))


def retaliate_window(w: int, name: str | None = None) -> Strategy:
    """Punish while the opponent failed to cooperate in any of the last ``w`` rounds.

    ``w = 1`` is tit-for-tat, 2 is two-tits-for-tat, 3 is hard tit-for-tat.
    The state counts rounds since the opponent's last defection (capped at ``w``).
    """
    if w < 1:
        raise ValueError("w must be at least 1")
    label = name or f"Retaliate {w}"

    def build(r: Role) -> Automaton:
        # State s < w: the last defection was s + 1 rounds ago (punish); s = w: none in the window.
        outputs = [r.punish] * w + [r.cooperate]
        on_coop = [min(s + 1, w) for s in range(w + 1)]
        return _reactive(label, r, outputs, on_coop, [0] * (w + 1), initial=w)
    return Strategy(label, build)


def tit_for_tat() -> Strategy:
    """Tit-for-tat: cooperate first, then copy whether the opponent cooperated."""
    return retaliate_window(1, "Tit For Tat")


def two_tits_for_tat() -> Strategy:
    """Punish twice after each defection."""
    return retaliate_window(2, "Two Tits For Tat")


def hard_tit_for_tat() -> Strategy:
    """Punish if the opponent defected in any of the last three rounds."""
    return retaliate_window(3, "Hard Tit For Tat")


def suspicious_tit_for_tat() -> Strategy:
    """Tit-for-tat that punishes in the first round."""
    return Strategy("Suspicious Tit For Tat",
                    lambda r: _reactive("Suspicious Tit For Tat", r, [r.cooperate, r.punish], [0, 0], [1, 1], 1))


def tit_for_two_tats() -> Strategy:
    """Punish only after two consecutive defections."""
    def build(r: Role) -> Automaton:
        # State = consecutive opponent defections so far, capped at 2.
        return _reactive("Tit For 2 Tats", r, [r.cooperate, r.cooperate, r.punish], [0, 0, 0], [1, 2, 2])
    return Strategy("Tit For 2 Tats", build)


def bully() -> Strategy:
    """Reverse tit-for-tat: punish first, then cooperate only after the opponent defected."""
    return Strategy("Bully", lambda r: _reactive("Bully", r, [r.punish, r.cooperate], [0, 0], [1, 1], 0))


def anti_tit_for_tat() -> Strategy:
    """Cooperate first, then do the opposite of the opponent's last move."""
    return Strategy("Anti Tit For Tat",
                    lambda r: _reactive("Anti Tit For Tat", r, [r.cooperate, r.punish], [1, 1], [0, 0], 0))


def fool_me_once() -> Strategy:
    """Forgive the first defection; punish for ever after the second."""
    return Strategy("Fool Me Once",
                    lambda r: _reactive("Fool Me Once", r, [r.cooperate, r.cooperate, r.punish],
                                        [0, 1, 2], [1, 2, 2]))


def k_period_punishment(k: int) -> Strategy:
    """Cooperate; after a defection punish for ``k`` rounds (ignoring the opponent meanwhile), then forgive."""
    if k < 1:
        raise ValueError("k must be at least 1")
    label = f"Punish {k}"

    def build(r: Role) -> Automaton:
        outputs = [r.cooperate] + [r.punish] * k
        on_coop = [0] + [(s + 1) % (k + 1) for s in range(1, k + 1)]
        on_other = [1] + [(s + 1) % (k + 1) for s in range(1, k + 1)]
        return _reactive(label, r, outputs, on_coop, on_other)
    return Strategy(label, build)


def cycler(pattern: str) -> Strategy:
    """Play a fixed cycle of C (cooperate) and D (punish), e.g. ``"CCD"``."""
    if not pattern or set(pattern) - {"C", "D"}:
        raise ValueError("pattern must be a non-empty string of C and D")
    label = f"Cycler {pattern}"

    def build(r: Role) -> Automaton:
        n = len(pattern)
        outputs = [r.cooperate if c == "C" else r.punish for c in pattern]
        step = [(s + 1) % n for s in range(n)]
        return _reactive(label, r, outputs, step, step)
    return Strategy(label, build)


def alternator() -> Strategy:
    """Cooperate, punish, cooperate, ... regardless of the opponent."""
    return Strategy("Alternator", lambda r: _reactive("Alternator", r, [r.cooperate, r.punish], [1, 0], [1, 0]))


def _cooperated(role_actions: int, coop: int) -> np.ndarray:
    return np.arange(role_actions) == coop


def memory_one(p_cc: float, p_cd: float, p_dc: float, p_dd: float, initial: float = 1.0,
               name: str | None = None) -> Strategy:
    """A memory-one strategy: probability of cooperating after (own, opponent) last moves.

    The four probabilities follow the order (C,C), (C,D), (D,C), (D,D) of the
    ``axelrod`` library; ``initial`` is the probability of cooperating first.
    Any non-cooperative action counts as D.
    """
    probs = np.array([p_cc, p_cd, p_dc, p_dd, initial], dtype=float)
    if np.any((probs < 0) | (probs > 1)):
        raise ValueError("memory-one probabilities must lie in [0, 1]")
    label = name or f"Memory one {tuple(float(x) for x in probs[:4])}"
    stochastic = bool(np.any((probs > 0) & (probs < 1)))

    def build(r: Role) -> Automaton:
        # States: 0 = start, 1..4 = last round (CC, CD, DC, DD) from this player's view.
        out = np.zeros((5, r.own_actions))
        for s, p in enumerate([initial, p_cc, p_cd, p_dc, p_dd]):
            out[s, r.cooperate] += p
            out[s, r.punish] += 1 - p
        own_c = _cooperated(r.own_actions, r.cooperate)
        opp_c = _cooperated(r.opp_actions, r.opp_cooperate)
        nxt = 1 + 2 * (~own_c)[:, None].astype(int) + (~opp_c)[None, :].astype(int)
        tr = np.eye(5)[np.broadcast_to(nxt, (5, r.own_actions, r.opp_actions))]
        return Automaton(label, out, tr, 0)
    return Strategy(label, build, stochastic)


def generous_tit_for_tat(generosity: float | None = None) -> Strategy:
    """Tit-for-tat that forgives a defection with probability ``generosity``.

    By default ``min(1 - (T - R)/(R - S), (R - P)/(T - P))`` from the role's
    payoffs (Nowak & Sigmund 1992; the ``axelrod`` library's GTFT), with
    R, S, T, P read at the cooperative and punishment actions.
    """
    def build(r: Role) -> Automaton:
        g = generosity
        if g is None:
            u = r.payoff
            R, S = u[r.cooperate, r.opp_cooperate], u[r.cooperate, r.opp_punish]
            T, P = u[r.punish, r.opp_cooperate], u[r.punish, r.opp_punish]
            g = float(min(1 - (T - R) / (R - S), (R - P) / (T - P))) if R > S and T > P else 0.0
            g = min(max(g, 0.0), 1.0)
        return memory_one(1, g, 1, g, 1, name="GTFT").build(r)
    return Strategy("GTFT", build, True)


def win_stay_lose_shift() -> Strategy:
    """Win-stay lose-shift (Pavlov): repeat the last action after a payoff at least the target payoff, else switch.

    "Switch" toggles between the cooperative and the punishment action; in
    the prisoner's dilemma this is memory-one (1, 0, 0, 1).
    """
    def build(r: Role) -> Automaton:
        aspiration = r.payoff[r.cooperate, r.opp_cooperate]
        # States: 0 = play cooperate, 1 = play punish.
        nxt = np.empty((2, r.own_actions, r.opp_actions), dtype=int)
        for a in range(r.own_actions):
            was_coop = a == r.cooperate
            for b in range(r.opp_actions):
                win = r.payoff[a, b] >= aspiration
                nxt[:, a, b] = (0 if was_coop else 1) if win else (1 if was_coop else 0)
        return Automaton("Win-Stay Lose-Shift", np.eye(r.own_actions)[[r.cooperate, r.punish]], np.eye(2)[nxt], 0)
    return Strategy("Win-Stay Lose-Shift", build)


def firm_but_fair() -> Strategy:
    """Memory-one (1, 0, 1, 2/3): cooperate except after being exploited (Frean 1994)."""
    return memory_one(1, 0, 1, 2 / 3, 1, name="Firm But Fair")


def random_strategy(p: float = 0.5) -> Strategy:
    """Cooperate with probability ``p`` each round, else punish."""
    if not 0 <= p <= 1:
        raise ValueError("p must lie in [0, 1]")

    def build(r: Role) -> Automaton:
        out = np.zeros((1, r.own_actions))
        out[0, r.cooperate] += p
        out[0, r.punish] += 1 - p
        return Automaton("Random", out, np.ones((1, r.own_actions, r.opp_actions, 1)), 0)
    return Strategy("Random", build, 0 < p < 1)


def noisy_escalator(escalate: float = 0.05, forgive: float = 0.1, ladder: Sequence[int] | None = None) -> Strategy:
    """Climb an escalation ladder: one rung up per provocation, down only with probability ``forgive``.

    The ladder is a sequence of this role's actions from the cooperative one
    to the most hostile (default: cooperate, punish; for a tariff game with
    ordered tariff levels pass all levels). After a round in which the
    opponent did not cooperate the player moves one rung up; after a round in
    which it did, it moves one rung down with probability ``forgive``. In
    addition it escalates spontaneously with probability ``escalate`` (the
    "noise" of a hawkish domestic process), so two escalators can spiral.
    """
    for name, x in (("escalate", escalate), ("forgive", forgive)):
        if not 0 <= x <= 1:
            raise ValueError(f"{name} must lie in [0, 1]")

    def build(r: Role) -> Automaton:
        rungs = list(ladder) if ladder is not None else [r.cooperate, r.punish]
        if len(rungs) < 2 or any(not 0 <= a < r.own_actions for a in rungs):
            raise InvalidGameError("the escalation ladder needs at least two valid actions")
        L = len(rungs)
        out = np.eye(r.own_actions)[rungs]
        tr = np.zeros((L, r.own_actions, r.opp_actions, L))
        coop = r.opp_is_cooperative()
        for s in range(L):
            up, down = min(s + 1, L - 1), max(s - 1, 0)
            for b in range(r.opp_actions):
                if coop[b]:
                    # Forgive one rung w.p. forgive, escalate spontaneously w.p. escalate, else stay.
                    tr[s, :, b, down] += forgive * (1 - escalate)
                    tr[s, :, b, up] += escalate * (1 - forgive)
                    tr[s, :, b, s] += (1 - forgive) * (1 - escalate) + forgive * escalate
                else:
                    tr[s, :, b, up] += 1.0
        return Automaton("Noisy Escalator", out, tr, 0)
    return Strategy("Noisy Escalator", build, escalate > 0 or forgive > 0)


def from_automaton(automaton: Automaton) -> Strategy:
    """A strategy that uses a fixed user-defined automaton in every role (action counts must fit)."""
    return Strategy(automaton.name, lambda r: automaton, not automaton.is_deterministic)


def classic_strategies() -> list[Strategy]:
    """The deterministic and stochastic classics, in a fixed order (20 strategies)."""
    return [
        cooperator(), defector(), tit_for_tat(), grim(), win_stay_lose_shift(), suspicious_tit_for_tat(),
        tit_for_two_tats(), two_tits_for_tat(), hard_tit_for_tat(), alternator(), bully(), anti_tit_for_tat(),
        fool_me_once(), cycler("CCD"), cycler("DDC"), cycler("CCCD"), cycler("CCCCCD"),
        generous_tit_for_tat(), random_strategy(0.5), firm_but_fair(),
    ]


def _registry() -> dict[str, Callable[[], Strategy]]:
    return {
        "cooperator": cooperator, "defector": defector, "tit_for_tat": tit_for_tat, "grim": grim,
        "win_stay_lose_shift": win_stay_lose_shift, "suspicious_tit_for_tat": suspicious_tit_for_tat,
        "tit_for_two_tats": tit_for_two_tats, "two_tits_for_tat": two_tits_for_tat,
        "hard_tit_for_tat": hard_tit_for_tat, "alternator": alternator, "bully": bully,
        "anti_tit_for_tat": anti_tit_for_tat, "fool_me_once": fool_me_once,
        "cycler_ccd": lambda: cycler("CCD"), "cycler_ddc": lambda: cycler("DDC"),
        "cycler_cccd": lambda: cycler("CCCD"), "cycler_cccccd": lambda: cycler("CCCCCD"),
        "generous_tit_for_tat": generous_tit_for_tat, "random": random_strategy, "firm_but_fair": firm_but_fair,
        "punish_1": lambda: k_period_punishment(1), "punish_2": lambda: k_period_punishment(2),
        "punish_3": lambda: k_period_punishment(3), "noisy_escalator": noisy_escalator,
    }


_ALIASES = {"tft": "tit_for_tat", "wsls": "win_stay_lose_shift", "pavlov": "win_stay_lose_shift",
            "grudger": "grim", "gtft": "generous_tit_for_tat", "stft": "suspicious_tit_for_tat",
            "tf2t": "tit_for_two_tats", "2tft": "two_tits_for_tat", "escalator": "noisy_escalator",
            "allc": "cooperator", "alld": "defector"}


def strategy_names() -> list[str]:
    """Names accepted by :func:`strategy_by_name` (aliases such as ``tft`` and ``wsls`` also work)."""
    return list(_registry())


def strategy_by_name(name: str) -> Strategy:
    """A built-in strategy by name (case-insensitive; spaces and dashes read as underscores).

    Examples
    --------
    >>> strategy_by_name("TFT").name, strategy_by_name("punish-2").name
    ('Tit For Tat', 'Punish 2')
    """
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = _ALIASES.get(key, key)
    reg = _registry()
    if key not in reg:
        raise ValueError(f"unknown strategy {name!r}; known: {', '.join(reg)}")
    return reg[key]()


def default_entrants() -> list[Strategy]:
    """The classic 20 plus a 2-period punisher and a noisy escalator."""
    return classic_strategies() + [k_period_punishment(2), noisy_escalator()]
