"""The one result type of every normal-form equilibrium solver.

A solver computes candidate profiles on plain arrays; :func:`certify` turns
each candidate into an :class:`Equilibrium` carrying its regret, and refuses
(raises or drops) any candidate that fails its certificate. Nothing reaches
an :class:`EquilibriumResult` without passing through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import InvalidProfileError
from ..games._exact import format_number

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["Equilibrium", "EquilibriumResult", "SupportContinuum", "certify"]


class _OnFirstRead:
    """A dataclass field that may be given as a zero-argument function, called once on first read.

    Exact algebraic values are costly to build in sympy and rarely all looked at; a solver passes a
    function instead. (A descriptor-typed field: the dataclass' ``__init__`` stores through ``__set__``.)
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = "_" + name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return None  # the field's default
        value = obj.__dict__.get(self._slot)
        if callable(value):
            value = value()
            obj.__dict__[self._slot] = value
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self._slot] = value


@dataclass(frozen=True)
class Equilibrium:
    """One Nash equilibrium, labelled and certified.

    Attributes
    ----------
    profile : tuple of tuple
        One tuple of probabilities per player (Fractions when ``exact``, floats
        otherwise; for irrational equilibria the float value, with the exact
        algebraic numbers in ``profile_symbolic``).
    payoffs : tuple
        Expected payoff of each player.
    regret : float
        The certificate: the largest gain any player has from deviating.
        Zero for exact equilibria.
    exact : bool
        Whether ``profile`` and ``payoffs`` are exact rationals verified with
        exact arithmetic.
    players, strategies : tuple
        Labels copied from the game, so an equilibrium describes itself.
    component : int or None
        Index of the connected component of equilibria this extreme point
        belongs to, when the solver computes components.
    profile_symbolic : tuple or None
        Exact algebraic (sympy) values for equilibria in irrational numbers
        (built on first access).
    """

    profile: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    regret: float
    exact: bool
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    component: int | None = None
    profile_symbolic: tuple[tuple[Any, ...], ...] | None = _OnFirstRead()  # type: ignore[assignment]

    def _key(self) -> tuple[Any, ...]:
        return (self.profile, self.payoffs, self.regret, self.exact, self.players, self.strategies, self.component)

    # profile_symbolic is left out of equality and hashing: it follows from the profile, and reading it may
    # run an exact elimination
    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __getstate__(self) -> dict[str, Any]:
        # a pickle carries the values, not the function that builds them
        state = dict(self.__dict__)
        state["_profile_symbolic"] = self.profile_symbolic
        return state

    @property
    def support(self) -> tuple[tuple[str, ...], ...]:
        """Labels of the strategies played with positive probability, per player."""
        return tuple(
            tuple(s for s, p in zip(labels, probs) if p > 0)
            for labels, probs in zip(self.strategies, self.profile)
        )

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one strategy with probability one."""
        return all(len(s) == 1 for s in self.support)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """The profile as ``{player: {strategy: probability}}``."""
        return {
            p: dict(zip(labels, probs)) for p, labels, probs in zip(self.players, self.strategies, self.profile)
        }

    def float_profile(self) -> list[np.ndarray]:
        """The profile as float arrays."""
        return [np.array([float(v) for v in p]) for p in self.profile]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form: ``profile``, ``payoffs``, ``regret``, ``support`` and ``profile_exact`` if exact."""
        out: dict[str, Any] = {
            "profile": [[float(v) for v in p] for p in self.profile],
            "payoffs": [float(v) for v in self.payoffs],
            "regret": float(self.regret),
            "support": [list(s) for s in self.support],
        }
        if self.exact:
            out["profile_exact"] = [[format_number(Fraction(v)) for v in p] for p in self.profile]
            out["payoffs_exact"] = [format_number(Fraction(v)) for v in self.payoffs]
        if self.profile_symbolic is not None:
            out["profile_symbolic"] = [[str(v) for v in p] for p in self.profile_symbolic]
        if self.component is not None:
            out["component"] = self.component
        return out

    def __str__(self) -> str:
        parts = []
        for p, labels, probs in zip(self.players, self.strategies, self.profile):
            mix = ", ".join(f"{s}: {format_number(v)}" for s, v in zip(labels, probs) if v != 0)
            parts.append(f"{p} ({mix})")
        return "; ".join(parts)


@dataclass(frozen=True)
class EquilibriumResult:
    """The answer of a normal-form solver.

    Attributes
    ----------
    game : NormalFormGame
        The game solved.
    method : str
        The algorithm used (``"vertex-enumeration"``, ``"lemke-howson"``, ...).
    equilibria : tuple of Equilibrium
        Every equilibrium found, each with its certificate.
    complete : bool
        Whether ``equilibria`` is provably every equilibrium the method
        targets (all extreme equilibria, all pure equilibria, ...), as
        opposed to a sample (one Lemke-Howson path).
    components : tuple of tuple of int
        Sets of indices into ``equilibria`` whose convex hull consists of
        equilibria (maximal Nash subsets, for 2-player enumeration). A
        component with more than one point is a continuum of equilibria.
    notes : tuple of str
        Anything the user should know (a dropped candidate, a fallback).
    continua : tuple of SupportContinuum
        Descriptions of positive-dimensional components that are not spanned
        by listed extreme points (n-player games: a sympy parametrisation, for
        instance).
    """

    game: NormalFormGame
    method: str
    equilibria: tuple[Equilibrium, ...]
    complete: bool = True
    components: tuple[tuple[int, ...], ...] = ()
    notes: tuple[str, ...] = field(default=())
    continua: tuple[SupportContinuum, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.equilibria)

    def __getitem__(self, i: int) -> Equilibrium:
        return self.equilibria[i]

    @property
    def exact(self) -> bool:
        """Whether every equilibrium is exact."""
        return all(e.exact for e in self.equilibria)

    @property
    def max_regret(self) -> float:
        """The largest certificate over all equilibria (0 for none)."""
        return max((float(e.regret) for e in self.equilibria), default=0.0)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract of ``gametheory solve --json``."""
        return {
            "players": list(self.game.players),
            "strategies": [list(s) for s in self.game.strategies],
            "method": self.method,
            "exact": self.exact,
            "complete": self.complete,
            "equilibria": [e.to_json() for e in self.equilibria],
            "components": [list(c) for c in self.components],
            "notes": list(self.notes),
            "continua": [c.to_json() for c in self.continua],
        }

    def __repr__(self) -> str:
        return (
            f"<EquilibriumResult {self.method}: {len(self.equilibria)} equilibri"
            f"{'um' if len(self.equilibria) == 1 else 'a'} of {self.game!r}>"
        )


def certify(
    game: NormalFormGame,
    profile: Sequence[Sequence[Any]],
    *,
    exact: bool,
    tol: float | None = None,
    component: int | None = None,
    profile_symbolic: tuple[tuple[Any, ...], ...] | None = None,
) -> Equilibrium | None:
    """Check a candidate profile and return it as an :class:`Equilibrium`, or ``None`` if it fails.

    With ``exact=True`` the profile must be given in Fractions and the regret
    must be exactly zero. Otherwise the regret must not exceed ``tol``
    (default: the game's scaled tolerance). Float probabilities are clipped
    at zero and renormalised before the check, so a probability of -1e-17
    does not sink a valid equilibrium.
    """
    _check_shape(game, profile)
    if exact:
        probs = [tuple(v if type(v) is Fraction else Fraction(v) for v in p) for p in profile]
        if any(v < 0 for p in probs for v in p) or any(sum(p) != 1 for p in probs):
            return None
        if game.is_exact:
            payoffs, regret = game._exact_payoffs_and_regret(probs)
        else:
            payoffs, regret = game._payoffs_and_regret(probs)
        if regret != 0:
            return None
        return Equilibrium(tuple(probs), tuple(payoffs), 0.0, True, game.players, game.strategies,
                           component, profile_symbolic)
    fprobs = []
    for p in profile:
        a = np.clip(np.asarray(p, dtype=float), 0.0, None)
        s = a.sum()
        if not np.isfinite(s) or s <= 0:
            return None
        fprobs.append(a / s)
    limit = game.tolerance() if tol is None else tol
    payoffs, regret = game._float_payoffs_and_regret(fprobs)
    if not regret <= limit:
        return None
    return Equilibrium(tuple(tuple(float(v) for v in p) for p in fprobs), payoffs, regret, False,
                       game.players, game.strategies, component, profile_symbolic)


def _check_shape(game: NormalFormGame, profile: Sequence[Sequence[Any]]) -> None:
    if len(profile) != game.num_players or any(len(p) != m for p, m in zip(profile, game.shape)):
        raise InvalidProfileError(f"a profile of this game has {game.num_players} strategies of "
                                  f"{', '.join(map(str, game.shape))} probabilities")


@dataclass(frozen=True)
class SupportContinuum:
    """A positive-dimensional set of solutions of one support profile's system.

    Attributes
    ----------
    support : tuple of tuple of str
        The support profile (strategy labels per player).
    equations : tuple of str
        The Groebner basis (lex order) of the support's polynomial system.
    parametrisation : tuple of dict
        The parts of the basis's solution set that can hold equilibria with
        exactly this support: variables in terms of free ones (parts that fix
        a supported probability at 0 lie on the support's boundary and are
        left out).
    sample_points : tuple of Equilibrium
        Certified equilibria with exactly this support drawn from the set
        (rational values of the free variables; where the set is given
        through square roots the points are irrational, certified in floats
        with their exact values in ``profile_symbolic``). When ``polytope``
        is true, every vertex of the set instead (vertices lie on the
        support's boundary).
    note : str
        What the set is and what still has to be checked.
    polytope : bool
        Whether the equilibria on this support are exactly the convex hull
        of ``sample_points`` (supports in which one player mixes: the
        conditions are linear in its probabilities).
    """

    support: tuple[tuple[str, ...], ...]
    equations: tuple[str, ...]
    parametrisation: tuple[dict[str, str], ...]
    sample_points: tuple[Equilibrium, ...]
    note: str
    polytope: bool = False

    def __str__(self) -> str:
        support = " x ".join("{" + ", ".join(s) + "}" for s in self.support)
        if self.polytope:
            head = f"support {support}: the convex hull of these {len(self.sample_points)} vertices"
        else:
            eqs = "; ".join(f"{e} = 0" for e in self.equations) or "no equations"
            solved = " or ".join(", ".join(f"{k} = {v}" for k, v in p.items()) for p in self.parametrisation if p)
            head = (f"support {support}: {eqs}" + (f" (solved: {solved})" if solved else "")
                    + f"; {len(self.sample_points)} equilibria drawn from it")
        return "\n".join([head, *(f"  {e}" for e in self.sample_points)])

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form: ``support``, ``equations``, ``parametrisation``, ``sample_points``, ``note``,
        ``polytope``."""
        return {
            "support": [list(s) for s in self.support],
            "equations": list(self.equations),
            "parametrisation": [dict(p) for p in self.parametrisation],
            "sample_points": [e.to_json() for e in self.sample_points],
            "note": self.note,
            "polytope": self.polytope,
        }
