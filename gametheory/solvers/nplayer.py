"""Every isolated Nash equilibrium of an n-player game by support enumeration.

Support profiles are visited small first; a profile is discarded when one of
its strategies is strictly dominated against the others' supports (cheap,
vectorised). The polynomial system of each remaining profile (indifference
within the supports, probabilities summing to one) is solved completely:
linear algebra in Fractions when at most two players mix, a lex Groebner basis
(sympy) otherwise, so equilibria in irrational numbers are reported with their
exact algebraic values. Positive-dimensional solution sets are detected from
the basis and described as :class:`SupportContinuum` items. Every reported
profile passes :func:`~gametheory.solvers.result.certify`.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import InvalidGameError
from . import _polysystem as ps
from .result import Equilibrium, EquilibriumResult, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["enumerate_nplayer_equilibria", "SupportContinuum"]

METHOD = "support-enumeration-polynomial"


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
        sympy's solution of the basis: variables in terms of free ones.
    sample_points : tuple of Equilibrium
        Certified equilibria drawn from the set (rational values of the free
        variables); empty if none of the draws passed the certificate.
    note : str
        What the set is and what still has to be checked.
    """

    support: tuple[tuple[str, ...], ...]
    equations: tuple[str, ...]
    parametrisation: tuple[dict[str, str], ...]
    sample_points: tuple[Equilibrium, ...]
    note: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form: ``support``, ``equations``, ``parametrisation``, ``sample_points``, ``note``."""
        return {
            "support": [list(s) for s in self.support],
            "equations": list(self.equations),
            "parametrisation": [dict(p) for p in self.parametrisation],
            "sample_points": [e.to_json() for e in self.sample_points],
            "note": self.note,
        }


def _supports(size: int, max_support: int | None) -> list[tuple[int, ...]]:
    top = size if max_support is None else min(size, max_support)
    return [c for k in range(1, top + 1) for c in itertools.combinations(range(size), k)]


def _candidate_key(profile: list[list[float]]) -> tuple[float, ...]:
    return tuple(round(float(v), 7) + 0.0 for p in profile for v in p)


def enumerate_nplayer_equilibria(game: NormalFormGame, *, exact: bool | None = None,
                                 max_support: int | None = None) -> EquilibriumResult:
    """Every isolated Nash equilibrium of a normal-form game with any number of players.

    Parameters
    ----------
    game : NormalFormGame
        The game (any number of players; two-player games work too).
    exact : bool, optional
        Report rational equilibria in Fractions, certified with exact
        arithmetic (default: when the payoffs are rational).
    max_support : int, optional
        Largest support size per player to visit (default: all). With a
        limit the result is marked incomplete.

    Returns
    -------
    EquilibriumResult
        Method ``"support-enumeration-polynomial"``. Equilibria in irrational
        numbers carry their exact values in ``profile_symbolic``;
        positive-dimensional solution sets are in ``continua``.

    Examples
    --------
    A three-player game with one mixed equilibrium (each player wants to
    match the next one's strategy but avoid the previous one's):

    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_function(
    ...     lambda a, b, c: (int(a == b), int(b == c), int(c != a)), [["H", "T"]] * 3)
    >>> res = enumerate_nplayer_equilibria(g)
    >>> [[str(v) for v in p] for p in res[0].profile]
    [['1/2', '1/2'], ['1/2', '1/2'], ['1/2', '1/2']]
    """
    from ..games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"game must be a NormalFormGame, not {type(game).__name__}")
    if max_support is not None and (not isinstance(max_support, int) or max_support < 1):
        raise InvalidGameError(f"max_support must be a positive integer, got {max_support!r}")
    use_exact = game.is_exact if exact is None else bool(exact)
    exact_game = game.to_exact()
    exact_payoffs = list(exact_game.exact_payoff_array)
    fpay = game.payoff_array
    shape = game.shape
    n = game.num_players
    tol = game.tolerance()

    per_player = [_supports(m, max_support) for m in shape]
    profiles = sorted(itertools.product(*per_player),
                      key=lambda sp: (sum(len(s) for s in sp), max(len(s) for s in sp)))
    found: dict[tuple[float, ...], Equilibrium] = {}
    continua: list[SupportContinuum] = []
    notes: list[str] = []
    skipped: list[Any] = []

    def report(profile: list[list[Any]], symbolic: tuple[tuple[Any, ...], ...] | None,
               record: bool = True) -> Equilibrium | None:
        fprof = [[float(v) for v in p] for p in profile]
        if any(v < -1e-12 for p in fprof for v in p):
            return None
        key = _candidate_key(fprof)
        if key in found:
            return found[key]
        if symbolic is None and use_exact:
            eq = certify(game if game.is_exact else exact_game, profile, exact=True)
            if eq is not None and not game.is_exact:
                eq = certify(game, fprof, exact=False, tol=tol)
        else:
            eq = certify(game, fprof, exact=False, tol=tol, profile_symbolic=symbolic)
        if eq is not None and record:
            found[key] = eq
        return eq

    for supports in profiles:
        if n > 1 and ps.dominated_in_support(fpay, supports, tol):
            continue
        mixers = sum(len(s) > 1 for s in supports)
        if mixers <= 2:
            sols = ps.solve_two_mixers(exact_payoffs, supports, shape)
            if sols is not None:
                for prof in sols:
                    if all(v >= 0 for p in prof for v in p):
                        report(prof, None)
                continue
        _solve_general(game, exact_payoffs, supports, shape, report, continua, skipped)

    equilibria = tuple(sorted(found.values(), key=lambda e: [-float(v) for p in e.profile for v in p]))
    if max_support is not None and max_support < max(shape):
        notes.append(f"supports limited to {max_support} strategies per player: the list may be incomplete")
    if skipped:
        notes.append(f"{len(skipped)} support(s) have a positive-dimensional solution set in which no sampled "
                     f"point is an equilibrium: {skipped}")
    if continua:
        notes.append(f"{len(continua)} support(s) have a positive-dimensional solution set; see continua")
    return EquilibriumResult(game, METHOD, equilibria, complete=max_support is None or max_support >= max(shape),
                             notes=tuple(notes), continua=tuple(continua))


def _solve_general(game: NormalFormGame, exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                   shape: tuple[int, ...], report: Any, continua: list[SupportContinuum],
                   skipped: list[Any]) -> None:
    import sympy

    eqs, variables, profile = ps.support_polynomials(exact_payoffs, supports, shape)
    kind, data = ps.solve_polynomial_system(eqs, variables)
    if kind == "points":
        for vals in data:
            sym = [[sympy.sympify(x).subs(vals) if not isinstance(x, int) else sympy.Integer(x) for x in p]
                   for p in profile]
            if all(v.is_Rational for p in sym for v in p):
                report([[Fraction(int(v.p), int(v.q)) for v in p] for p in sym], None)
            else:
                fl = [[float(sympy.re(sympy.N(v, 30))) for v in p] for p in sym]
                if any(v < -1e-12 for p in fl for v in p):
                    continue
                report(fl, tuple(tuple(p) for p in sym))
        return
    basis, param = data
    free = [v for v in variables if not any(v in d for d in param)] or variables[-1:]
    rng = random.Random(0)
    samples: list[Equilibrium] = []
    for d in param or [{}]:
        for _ in range(20):
            sub = {v: sympy.Rational(rng.randint(1, 99), 100) for v in free}
            vals = {**sub, **{k: sympy.sympify(e).subs(sub) for k, e in d.items()}}
            prof = [[sympy.sympify(x).subs(vals) for x in p] for p in profile]
            if not all(v.is_Rational and v >= 0 for p in prof for v in p):
                continue
            eq = report([[Fraction(int(v.p), int(v.q)) for v in p] for p in prof], None, record=False)
            if eq is not None and eq not in samples:
                samples.append(eq)
            if len(samples) >= 3:
                break
    labels = tuple(tuple(game.strategies[i][s] for s in supports[i]) for i in range(len(shape)))
    if not samples:
        # a solution set with no sampled equilibrium: kept out of continua, but not hidden
        skipped.append(labels)
        return
    continua.append(SupportContinuum(
        labels, tuple(str(e) for e in basis), tuple({str(k): str(v) for k, v in d.items()} for d in param),
        tuple(samples),
        "the indifference system of this support has a positive-dimensional solution set; variables x<i>_<s> are "
        "player i's probabilities of strategy s (the first supported strategy takes the remainder); points of the "
        "set are equilibria where they are non-negative and no unused strategy is better"))
