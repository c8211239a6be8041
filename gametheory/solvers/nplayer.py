"""Every isolated Nash equilibrium of an n-player game by support enumeration.

1. Support profiles with a supported strategy weakly dominated (one strict
   inequality) against the others' supports are dropped, vectorised over all
   profiles at once (:mod:`._support_pruning`).
2. At most two players mix: each one's equations are linear in the other's
   probabilities; solved in floats first (inconsistent or negative: dropped),
   then exactly in Fractions (:mod:`._linear_supports`).
3. Three players mix over two strategies each: one quadratic, closed form,
   exact in ``Q(sqrt d)`` (:mod:`._binary3`). Three mixers, one over two
   strategies: the roots of one polynomial per support, all supports of the
   shape in one batch; supports where that could miss a solution, by the
   eigenvalues of a linear pencil (:mod:`._pencil3`); Newton polish. A player with
   more equations than the others have unknowns: a rank test on its
   equations (generically no solution). Steps 3 and 4 are driven by
   :mod:`._polynomial_supports`.
4. Three mixers over ``(3, b, b)``, ``(3, b, b + 1)`` (``b <= 4``) or
   ``(3, 3, 5)`` strategies: two plane curves met by a resultant
   (:mod:`._plane3`). Everything else, and what the
   resultant cannot prove complete: a multihomogeneous homotopy, all
   supports of one shape tracked together whatever the order of the players
   (:mod:`._homotopy`); supports with many paths are first offered to a
   linear relaxation (:mod:`._support_lp`), whose checked certificate rules
   out most of them untracked (20 paths or more; 5 or more for shapes the
   resultant does not take). Large batches are split between threads
   (:mod:`._threads`). A support is settled when it yields the Bezout number
   of distinct non-singular solutions (there cannot be more); if two ends
   coincide (a path jumped) and every path ended well, just those paths are
   tracked again with shorter steps; failing that, the whole support is
   tracked again with another start system and shorter steps. Singular ends
   that round to rational points are checked to be exact solutions and their
   multiplicities computed exactly; if those and the non-singular ends add
   up to the Bezout number, the support is settled too (:mod:`._multiplicity`:
   typical of small integer payoffs, whose multiple solutions lie on the
   boundary of the support). Otherwise it is solved by
   a lex Groebner basis (sympy, :mod:`._elimination`) if small, which also detects
   positive-dimensional solution sets (:class:`SupportContinuum`); large ones
   are listed in the notes and the result is marked incomplete. Before
   either, a linear relaxation (:mod:`._support_lp`) tries to prove that the
   support holds no equilibrium at all, which settles most degenerate ones.
5. Degenerate supports in which one player mixes: the equilibria form a
   polytope in its simplex, given exactly by its vertices (:mod:`._one_mixer`).
   A positive-dimensional solution set of any other support is split into
   parts, each solved for some variables in terms of its free ones (by
   back-substitution in the lex basis, square roots included), and each part
   sampled in its own free variables to describe it (4096 draws screened in
   floats, the best certified exactly; a curve given by
   rational functions of one variable exactly: one point tested between each
   pair of roots of its conditions), and
   searched exactly for the isolated equilibria it may hold:
   points where some unused strategies tie with the support and the system
   with those ties becomes finite (:func:`._polysystem.points_with_tight_gains`).
   All of step 5 is in :mod:`._continua`; the exact decisions on curves and
   planes in :mod:`._real_points`.

Numerical equilibria are made exact when they round to rationals that pass
the exact certificate; irrational ones get exact algebraic values where the
system is small (square roots, or the Groebner basis), else they are
reported in floating point with a note (:mod:`._exact_values`). Every reported profile passes
:func:`~gametheory.solvers.result.certify`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import InvalidGameError, NotSupportedError, ParameterError
from . import _elimination, _support_lp
from . import _polysystem as ps
from ._continua import solve_general, solve_one_mixer
from ._exact_values import LAZY_ELIMINATION_SECONDS
from ._linear_supports import (
    overdetermined_possible_batch,
    solve_linear,
    two_mixers_batch,
)
from ._polynomial_supports import solve_binary3, solve_homotopy, solve_pencil3
from ._support_arrays import by_size, permute_tensors, support_tensors_batch
from .result import Equilibrium, EquilibriumResult, SupportContinuum, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["SupportContinuum", "enumerate_nplayer_equilibria"]

METHOD = "support-enumeration-polynomial"
#: Time budget of the exact elimination of one degenerate support (where it can be interrupted: see
#: :func:`._elimination.elimination_budget`); past it the support is listed as unsolved.
ELIMINATION_SECONDS = 10.0
#: Supports of one shape are screened together in pieces of at most this many (bounded memory; the time
#: limit is checked between pieces).
SUPPORT_BATCH = 5_000
#: Pencils (three mixers, one over two strategies) are solved together in pieces of about this many entries.
PENCIL_ENTRIES = 2_000_000
#: Supports of one shape are tracked together in pieces of about this many homotopy paths.
HOMOTOPY_PATHS = 2048
#: Supports whose homotopy has at least this many paths first try the linear relaxation
#: (:mod:`._support_lp`), a few milliseconds each, which rules out most of them.
RELAXATION_PATHS = 20
#: The same for supports no faster kernel solves, tracked at about 1 ms a path: in random 3x3x3x3 games
#: the relaxation rules out 70 of 77 (2, 2, 2, 2) supports (9 paths) and 78 of 106 (2, 2, 2, 3) ones.
RELAXATION_TRACKED_PATHS = 5
#: Supports offered to the relaxation at once (the time limit is checked between such batches).
RELAXATION_BATCH = 64
#: A float equilibrium with a probability this small is tried as an exact point on the smaller support.
NEAR_BOUNDARY = 1e-6
#: Enumeration refuses games with more support profiles than this (8x8x8 has 16.6 million; examining them
#: takes 40 s and gigabytes before any is solved). 7x7x7 has 2.05 million, 5x5x5x5 0.92 million.
SUPPORT_PROFILE_LIMIT = 2_500_000


def enumerate_nplayer_equilibria(game: NormalFormGame, *, exact: bool | None = None,
                                 max_support: int | None = None,
                                 progress: Callable[[str], None] | None = None,
                                 time_limit: float | None = None) -> EquilibriumResult:
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
    progress : callable, optional
        Called with a short description of each stage as it starts (for a
        progress display on long runs).
    time_limit : float, optional
        Seconds after which no further batch of supports is started: what is
        found by then is returned, marked incomplete, with a note (a batch
        already started runs to its end).

    Returns
    -------
    EquilibriumResult
        Method ``"support-enumeration-polynomial"``. Equilibria in irrational
        numbers carry their exact values in ``profile_symbolic`` when their
        support system is small enough for exact elimination (otherwise a
        note says so); positive-dimensional solution sets are in ``continua``.

    Notes
    -----
    Support profiles with a dominated supported strategy are dropped
    (vectorised over all profiles). Systems in which at most two players mix
    are linear; the others are solved by a multihomogeneous homotopy, all
    supports of one shape at once. A support whose paths end badly
    (singular, repeated or lost ends: a degenerate system) is solved exactly
    with a Groebner basis instead, which also describes continua.

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
    from ._support_pruning import support_profile_count, surviving_supports

    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"game must be a NormalFormGame, not {type(game).__name__}")
    if max_support is not None and (not isinstance(max_support, int) or max_support < 1):
        raise InvalidGameError(f"max_support must be a positive integer, got {max_support!r}")
    if time_limit is not None and not time_limit > 0:
        raise ParameterError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    from ._normalise import is_normalised, normalised, restore

    if not is_normalised(game):
        # each player's payoffs onto [0, 1]: answers that do not depend on payoff scale (issue 29)
        use = game.to_exact() if (game.is_exact if exact is None else exact) else game
        return restore(use if use.is_exact else game,
                       enumerate_nplayer_equilibria(normalised(use), exact=exact, max_support=max_support,
                                                    progress=progress, time_limit=time_limit))
    visited = support_profile_count(game.shape, max_support)
    if visited > SUPPORT_PROFILE_LIMIT:
        raise NotSupportedError(
            f"enumeration would examine {visited:,} support profiles (the limit is {SUPPORT_PROFILE_LIMIT:,}): "
            "bound the support sizes (max_support; --max-support on the command line), or find one "
            "equilibrium by path following")
    run = _Enumeration(game, game.is_exact if exact is None else bool(exact),
                       None if time_limit is None else time.perf_counter() + time_limit, progress)
    run.stage("pruning dominated supports")
    survivors = surviving_supports(run.fpay, run.tol, max_support)
    run.stage(f"solving {len(survivors)} support profiles")
    classes = run.solve_linear_supports(survivors)
    run.solve_polynomial_supports(run.screen_overdetermined(classes))
    run.eliminate_degenerate()
    return run.result(max_support, time_limit)


#: Supports in which several players mix, by their mixing players and support sizes.
_Classes = dict[tuple[tuple[int, ...], tuple[int, ...]], list[Any]]


class _Enumeration:
    """One run of :func:`enumerate_nplayer_equilibria`: what is found and what is left over, the checks its
    stages share (the time limit, the linear relaxation, the boundary certificate), and the stages."""

    def __init__(self, game: NormalFormGame, use_exact: bool, deadline: float | None,
                 progress: Callable[[str], None] | None) -> None:
        self.game, self.use_exact, self.deadline, self.progress = game, use_exact, deadline, progress
        self.exact_game = game.to_exact()
        self.exact_payoffs = list(self.exact_game.exact_payoff_array)
        self.fpay = np.ascontiguousarray(game.payoff_array, dtype=float)
        self.shape, self.n, self.tol = game.shape, game.num_players, game.tolerance()
        self.found: dict[tuple[float, ...], Equilibrium] = {}
        self.continua: list[SupportContinuum] = []
        self.general: list[tuple[tuple[int, ...], ...]] = []  # degenerate supports, for exact elimination
        self.skipped: list[Any] = []
        self.numeric_only: list[Any] = []  # (irrational equilibrium, whether its exact value is lazy)
        self.unsolved: list[Any] = []
        self.unsettled: list[Any] = []  # solution sets whose isolated equilibria were not all searched for
        self.late: list[Any] = []  # supports left unvisited at the time limit
        self.relaxed: dict[Any, bool] = {}
        self._integer_array: np.ndarray | None = None

    def stage(self, text: str) -> None:
        if self.progress is not None:
            self.progress(text)

    def expired(self, supports: list[Any]) -> bool:
        """Whether the time is up; if so the supports are set aside as unvisited."""
        if self.deadline is not None and time.perf_counter() > self.deadline:
            self.late.extend(supports)
            return True
        return False

    def report(self, profile: list[list[Any]], symbolic: Any, record: bool = True) -> Equilibrium | None:
        """Certify a candidate profile (exactly, when it is given in Fractions and the run is exact) and
        record it; ``symbolic`` is its exact algebraic value, or a function giving it when first read."""
        game, use_exact = self.game, self.use_exact
        fprof = [[float(v) for v in p] for p in profile]
        if any(v < -1e-12 for p in fprof for v in p):
            return None
        key = _candidate_key(fprof)
        if key in self.found and not (symbolic is None and use_exact and not self.found[key].exact):
            return self.found[key]  # (an exact candidate replaces a float point that rounds alike)
        if symbolic is None and use_exact:
            eq = certify(game if game.is_exact else self.exact_game, profile, exact=True)
            if eq is not None and not game.is_exact:
                eq = certify(game, fprof, exact=False, tol=self.tol)
        else:
            eq = certify(game, fprof, exact=False, tol=self.tol, profile_symbolic=symbolic or None)
        if eq is not None and record:
            self.found[key] = eq
        return eq

    def relax(self, profiles: list[Any]) -> None:
        """The linear relaxation of several supports at once (one LP), into ``relaxed``."""
        todo = [sp for sp in dict.fromkeys(profiles) if sp not in self.relaxed]
        for sp, proof in zip(todo, _support_lp.certificates(self.fpay, todo)):
            self.relaxed[sp] = proof is not None

    def ruled_out(self, supports: Any) -> bool:
        """Whether the linear relaxation proves the support empty; each support's LP solved once."""
        if supports not in self.relaxed:
            self.relax([supports])
        return self.relaxed[supports]

    def off_boundary(self, supports: Any) -> bool:
        """Whether a checked certificate shows that no equilibrium has exactly this support (its solutions
        meet the conditions only on its boundary, where smaller supports find them)."""
        if self._integer_array is None:
            self._integer_array = np.asarray(self.exact_game._integer_payoffs())
        return _support_lp.boundary_certificate(self._integer_array, supports) is not None

    def solve_linear_supports(self, survivors: list[Any]) -> _Classes:
        """Supports in which at most two players mix (linear systems); returns the others by their mixing
        players and support sizes."""
        fpay, exact_payoffs, shape, n = self.fpay, self.exact_payoffs, self.shape, self.n
        classes: _Classes = {}
        pairs: dict[tuple[int, ...], list[Any]] = {}
        for supports in survivors:
            mixers = [i for i in range(n) if len(supports[i]) > 1]
            if len(mixers) <= 1:
                solve_linear(fpay, exact_payoffs, supports, mixers, shape, self.report, self.general)
                continue
            if len(mixers) == 2:
                # one batch per pair of support sizes, whoever mixes: the smaller mixer first
                pairs.setdefault(tuple(sorted(len(supports[i]) for i in mixers)), []).append(supports)
                continue
            classes.setdefault((tuple(mixers), tuple(len(supports[i]) for i in mixers)), []).append(supports)
        for sizes_t, whole in pairs.items():
            for group in _pieces(whole, SUPPORT_BATCH):
                if self.expired(group):
                    continue
                solved, undecided = two_mixers_batch(fpay, self.game._float_tables(), group, sizes_t)
                for supports in solved:  # a float equilibrium: its exact value
                    sols = ps.solve_two_mixers(exact_payoffs, supports, shape)
                    if sols is None:
                        self.general.append(supports)
                    for prof in sols or []:
                        if all(v >= 0 for p in prof for v in p):
                            self.report(prof, None)
                for supports in undecided:
                    solve_linear(fpay, exact_payoffs, supports, [i for i in range(n) if len(supports[i]) > 1],
                                 shape, self.report, self.general)
        return classes

    def screen_overdetermined(self, classes: _Classes) -> _Classes:
        """Supports in which three or more players mix, as ``(supports, tensors)`` items by class. A player
        with more equations than the others have unknowns generically has no solution: such supports go on
        to exact elimination only where a rank test says they might have one."""
        screened = {}
        for (mixers_t, sizes_t), whole in classes.items():
            over = [k for k in range(len(sizes_t))
                    if sizes_t[k] - 1 > sum(sizes_t) - sizes_t[k] - (len(sizes_t) - 1)]
            items = []
            for group in _pieces(whole, SUPPORT_BATCH):
                if self.expired(group):
                    continue
                batched = support_tensors_batch(self.fpay, group, list(mixers_t))
                if over:
                    possible = np.all([overdetermined_possible_batch(batched[k]) for k in over], axis=0)
                    self.general.extend(sp for sp, ok in zip(group, possible) if ok)
                else:
                    # the mixing players taken by support size (see below), for the whole group at once
                    batched = permute_tensors(batched, by_size(sizes_t), lead=1)
                    items.extend((sp, [t[b] for t in batched]) for b, sp in enumerate(group))
            if items:
                screened[(mixers_t, sizes_t)] = items
        return screened

    def solve_polynomial_supports(self, classes: _Classes) -> None:
        """Closed forms for (2, 2, 2), pencils for three mixers one of whom has two strategies, then plane
        curves or the homotopy (after the linear relaxation, for supports with many paths)."""
        from ._homotopy import mhb_count
        from ._plane3 import solvable as plane_solvable

        fpay, shape, use_exact, exact_payoffs = self.fpay, self.shape, self.use_exact, self.exact_payoffs
        # supports that differ only in the order of the mixing players are solved in one batch: players
        # taken by support size (their tensors already are), each item keeping its own mixers in that order
        canonical: dict[tuple[int, ...], list[Any]] = {}
        for (mixers_t, sizes_t), items in classes.items():
            if sizes_t == (2, 2, 2):
                for piece in _pieces(items, SUPPORT_BATCH):
                    if self.expired([sp for sp, _ in piece]):
                        continue
                    self.stage(f"{len(piece)} supports of sizes {sizes_t}")
                    solve_binary3(fpay, self.game._float_tables(),
                                  self.game._integer_payoffs() if use_exact else [], list(mixers_t), piece, shape,
                                  use_exact, exact_payoffs, self.report, self.general, self.numeric_only)
                continue
            order = by_size(sizes_t)
            canonical.setdefault(tuple(sizes_t[g] for g in order), []).extend(
                (supports, tensors, [mixers_t[g] for g in order]) for supports, tensors in items)
        tracked: dict[tuple[int, ...], list[Any]] = {}
        for sizes_t, items in canonical.items():
            if len(sizes_t) == 3 and sizes_t[0] == 2:
                rest = []
                # pencils of (a - 1) a + (b - 1) b + 1 rows and a b columns: pieces of about PENCIL_ENTRIES
                # entries
                a, b = sizes_t[1:]
                for piece in _pieces(items, max(1, PENCIL_ENTRIES // (((a - 1) * a + (b - 1) * b + 1) * a * b))):
                    if self.expired([sp for sp, _, _ in piece]):
                        continue
                    self.stage(f"{len(piece)} supports of sizes {sizes_t}")
                    rest.extend(solve_pencil3(fpay, self.game._float_tables(), list(sizes_t), piece, shape,
                                              use_exact, exact_payoffs, self.report, self.numeric_only))
                items = rest
            if items:
                tracked[sizes_t] = items
        for sizes_t, items in tracked.items():
            # in pieces of about HOMOTOPY_PATHS paths: bounded memory, and the time limit is checked between them
            paths = mhb_count(list(sizes_t))
            threshold = RELAXATION_PATHS if plane_solvable(list(sizes_t)) else RELAXATION_TRACKED_PATHS
            step = max(1, HOMOTOPY_PATHS // paths)
            done = 0
            for piece in _pieces(items, step):
                done += len(piece)
                if self.expired([sp for sp, _, _ in piece]):
                    continue
                if paths >= threshold:
                    # a checked linear relaxation rules out most such supports for less than their paths
                    # cost; at least RELAXATION_BATCH at a time (the LPs are solved on several threads)
                    self.stage(f"{len(piece)} supports of sizes {tuple(sizes_t)} (linear relaxation)")
                    if any(it[0] not in self.relaxed for it in piece):
                        start = done - len(piece)
                        self.relax([it[0] for it in items[start:start + max(len(piece), RELAXATION_BATCH)]])
                    piece = [it for it in piece if not self.ruled_out(it[0])]
                    if not piece:
                        continue
                self.stage(f"{len(piece)} supports of sizes {tuple(sizes_t)} (eliminating or tracking paths)"
                           + (f", {done} of {len(items)}" if len(items) > step else ""))
                solve_homotopy(fpay, list(sizes_t), piece, shape, use_exact, exact_payoffs, self.report,
                               self.general, self.numeric_only, self.unsolved,
                               lambda sp: self.ruled_out(sp) or self.off_boundary(sp))

    def eliminate_degenerate(self) -> None:
        """Degenerate supports: the linear relaxation, then a polytope (one mixer) or exact elimination."""
        general = self.general
        if general:
            self.stage(f"{len(general)} degenerate supports by a linear relaxation, then exact elimination")
        for k, supports in enumerate(general):
            if self.expired(general[k:]):
                break
            # a linear relaxation rules most of them out at a fraction of the cost of elimination
            if k % RELAXATION_BATCH == 0:
                self.relax(general[k:k + RELAXATION_BATCH])
            if self.ruled_out(supports):
                continue
            if sum(len(s) > 1 for s in supports) == 1 and solve_one_mixer(self.game, self.exact_game, supports,
                                                                          self.report, self.continua):
                continue
            budget = (ELIMINATION_SECONDS if self.deadline is None
                      else min(ELIMINATION_SECONDS, self.deadline - time.perf_counter()))
            try:
                with _elimination.elimination_budget(budget):
                    solve_general(self.game, self.exact_payoffs, supports, self.shape, self.report, self.continua,
                                  self.skipped, self.unsettled, self.off_boundary)
            except _elimination.EliminationTimeout:
                if not self.off_boundary(supports):
                    self.unsolved.append(supports)  # what it reported before the interruption is certified and kept

    def result(self, max_support: int | None, time_limit: float | None) -> EquilibriumResult:
        """The equilibria found, with notes on everything the user should know."""
        game, shape, found = self.game, self.shape, self.found
        continua = self.continua
        if self.use_exact:
            continua = _settle_near_boundary(found, continua, self.report, self.off_boundary)
        # the irrational equilibria still listed (a float point may have given way to an exact one)
        listed = {id(e) for e in found.values()}
        numeric_only = list({id(e): (e, lazy) for e, lazy in self.numeric_only if id(e) in listed}.values())
        equilibria = tuple(sorted(found.values(), key=lambda e: [-float(v) for p in e.profile for v in p]))
        unsolved, skipped, late, unsettled = self.unsolved, self.skipped, self.late, self.unsettled
        notes = []
        if max_support is not None and max_support < max(shape):
            notes.append(f"supports limited to {max_support} strategies per player: the list may be incomplete")
        deferred = sum(lazy for _, lazy in numeric_only)
        if deferred:
            notes.append(f"{deferred} equilibri{'um is' if deferred == 1 else 'a are'} irrational: reported in "
                         "floating point, certified by regret; exact algebraic values (profile_symbolic) are computed "
                         f"by exact elimination when first read (up to {LAZY_ELIMINATION_SECONDS:g} s each)")
        if len(numeric_only) > deferred:
            count = len(numeric_only) - deferred
            notes.append(f"{count} equilibri{'um is' if count == 1 else 'a are'} irrational on a support too large for "
                         "exact elimination: reported in floating point, certified by regret")
        if unsolved:
            labels = [tuple(tuple(game.strategies[i][k] for k in sp[i]) for i in range(self.n)) for sp in unsolved]
            notes.append(f"{len(unsolved)} support(s) could not be solved reliably (degenerate system: homotopy ends "
                         f"singular or repeated, or exact elimination past its time budget): the list may be "
                         f"incomplete: {labels}")
        if skipped:
            notes.append(f"{len(skipped)} support(s) have a positive-dimensional solution set in which no sampled "
                         f"point is an equilibrium (its isolated equilibria are listed; a continuum of equilibria in "
                         f"it would not be described): {skipped}")
        if late:
            notes.append(f"stopped at the time limit of {time_limit:g} s with {len(late)} support profile(s) not "
                         "solved: the list may be incomplete")
        if unsettled:
            notes.append(f"{len(unsettled)} support(s) have a positive-dimensional solution set with too many unused "
                         f"strategies to search it for isolated equilibria: the list may be incomplete: {unsettled}")
        if continua:
            notes.append(f"{len(continua)} support(s) have a positive-dimensional solution set; see continua")
        complete = (max_support is None or max_support >= max(shape)) and not unsolved and not unsettled and not late
        return EquilibriumResult(game, METHOD, equilibria, complete=complete,
                                 notes=tuple(notes), continua=tuple(continua))


def _float_support(eq: Equilibrium) -> tuple[tuple[int, ...], ...]:
    """The strategies each player uses with positive probability."""
    return tuple(tuple(int(k) for k in np.flatnonzero(p > 0)) for p in eq.float_profile())


def _settle_near_boundary(found: dict[tuple[float, ...], Equilibrium], continua: list[SupportContinuum],
                          report: Any, off_boundary: Callable[[Any], bool]) -> list[SupportContinuum]:
    """Float equilibria beside the boundary of their support, settled exactly; returns ``continua`` with
    their vertices and samples updated.

    A homotopy path that ends at a singular solution on the boundary of a support (a probability of exactly
    0, typically a boundary point of a continuum) stops short of it: probabilities of 1e-9 where the point
    has 0, and a regret of 1e-16 that passes the float certificate. Such a point is rounded to the nearest
    simple fractions, with the tiny probabilities set to 0; if that profile is an exact equilibrium it is
    listed, and the float point is dropped when the boundary certificate proves that no equilibrium has
    exactly its support (otherwise both are listed, each certified).
    """
    exact_for: dict[int, Equilibrium] = {}
    for key, eq in list(found.items()):
        probs = eq.float_profile()
        if eq.exact or not any(0 < v < NEAR_BOUNDARY for p in probs for v in p):
            continue
        snapped = [[Fraction(0) if v < NEAR_BOUNDARY else Fraction(float(v)).limit_denominator(10**6) for v in p]
                   for p in probs]
        if any(sum(p) != 1 for p in snapped):
            continue
        exact = report(snapped, None)
        if exact is None or not exact.exact:
            continue
        exact_for[id(eq)] = exact
        if found.get(key) is eq and off_boundary(_float_support(eq)):
            del found[key]
    if not exact_for:
        return continua
    # a polytope's vertex may be the float point (it was recorded first): the exact one takes its place
    return [dataclasses.replace(c, sample_points=tuple(dict.fromkeys(exact_for.get(id(e), e)
                                                                     for e in c.sample_points)))
            for c in continua]


def _pieces(items: list[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in consecutive pieces of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _candidate_key(profile: list[list[float]]) -> tuple[float, ...]:
    return tuple(round(float(v), 7) + 0.0 for p in profile for v in p)


