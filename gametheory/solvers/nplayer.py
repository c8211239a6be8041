"""Every isolated Nash equilibrium of an n-player game by support enumeration.

1. Support profiles with a supported strategy weakly dominated (one strict
   inequality) against the others' supports are dropped, vectorised over all
   profiles at once (:mod:`._support_pruning`).
2. At most two players mix: each one's equations are linear in the other's
   probabilities; solved in floats first (inconsistent or negative: dropped),
   then exactly in Fractions.
3. Three players mix over two strategies each: one quadratic, closed form,
   exact in ``Q(sqrt d)`` (:mod:`._binary3`). Three mixers, one over two
   strategies: the roots of one polynomial per support, all supports of the
   shape in one batch; supports where that could miss a solution, by the
   eigenvalues of a linear pencil (:mod:`._pencil3`); Newton polish. A player with
   more equations than the others have unknowns: a rank test on its
   equations (generically no solution).
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
   a lex Groebner basis (sympy) if small, which also detects
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

Numerical equilibria are made exact when they round to rationals that pass
the exact certificate; irrational ones get exact algebraic values where the
system is small (square roots, or the Groebner basis), else they are
reported in floating point with a note. Every reported profile passes
:func:`~gametheory.solvers.result.certify`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import InvalidGameError, NotSupportedError, ParameterError
from . import _polysystem as ps
from . import _support_lp
from .result import Equilibrium, EquilibriumResult, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["SupportContinuum", "enumerate_nplayer_equilibria"]

METHOD = "support-enumeration-polynomial"
#: First tracking pass: loose corrector tolerance and long steps. Safe because a support is trusted only
#: when its paths end at as many distinct regular solutions as the Bezout bound; a jump between paths
#: shows as a repeated end and sends the support to a careful second pass.
FIRST_TOL, MAX_STEP = 5e-2, 1.0
#: Time budget of the exact elimination of one degenerate support (where it can be interrupted: see
#: :func:`._polysystem.elimination_budget`); past it the support is listed as unsolved.
ELIMINATION_SECONDS = 10.0
#: Degenerate supports (bad homotopy ends) with at most this many unknowns go to exact elimination; larger
#: ones are listed as unsolved. Measured on 4x4x4 games with payoffs 0..1: 5 and 6 unknowns take 0.05-2 s
#: (one of 44 past 10 s), 7-9 unknowns mostly run past 2 s. Every support of a 3x3x3 game is within it.
EXACT_UNKNOWNS = 6
#: Irrational equilibria on supports with at most this many unknowns get exact algebraic values, computed
#: when first read (``profile_symbolic``); with at most 3 at once. Measured on random 3x3x3 games with
#: payoffs 0..999: 4 and 5 unknowns take 0.04-0.6 s each, 6 unknowns about 15 s.
LAZY_EXACT_UNKNOWNS = 5
#: Supports of one shape are screened together in pieces of at most this many (bounded memory; the time
#: limit is checked between pieces).
SUPPORT_BATCH = 5_000
#: Pencils (three mixers, one over two strategies) are solved together in pieces of about this many entries.
PENCIL_ENTRIES = 2_000_000
#: Supports of one shape are tracked together in pieces of about this many homotopy paths.
HOMOTOPY_PATHS = 2048
#: Fewest plane-curve systems worth a thread of their own (a random 5x5x5 game has batches of 284).
PLANE_SYSTEMS_PER_THREAD = 32
#: Fewest homotopy paths worth a thread of their own.
HOMOTOPY_PATHS_PER_THREAD = 512
#: Supports whose homotopy has at least this many paths first try the linear relaxation
#: (:mod:`._support_lp`), a few milliseconds each, which rules out most of them.
RELAXATION_PATHS = 20
#: The same for supports no faster kernel solves, tracked at about 1 ms a path: in random 3x3x3x3 games
#: the relaxation rules out 70 of 77 (2, 2, 2, 2) supports (9 paths) and 78 of 106 (2, 2, 2, 3) ones.
RELAXATION_TRACKED_PATHS = 5
#: Supports offered to the relaxation at once (the time limit is checked between such batches).
RELAXATION_BATCH = 64
#: Draws per part of a positive-dimensional solution set, screened in floats for equilibria to sample.
SAMPLE_DRAWS = 4096
#: A float equilibrium with a probability this small is tried as an exact point on the smaller support.
NEAR_BOUNDARY = 1e-6
#: Enumeration refuses games with more support profiles than this (8x8x8 has 16.6 million; examining them
#: takes 40 s and gigabytes before any is solved). 7x7x7 has 2.05 million, 5x5x5x5 0.92 million.
SUPPORT_PROFILE_LIMIT = 2_500_000


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
    from ._homotopy import mhb_count
    from ._plane3 import solvable as plane_solvable
    from ._support_pruning import support_profile_count, surviving_supports

    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"game must be a NormalFormGame, not {type(game).__name__}")
    if max_support is not None and (not isinstance(max_support, int) or max_support < 1):
        raise InvalidGameError(f"max_support must be a positive integer, got {max_support!r}")
    if time_limit is not None and not time_limit > 0:
        raise ParameterError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    late: list[Any] = []  # supports left unvisited at the time limit

    def expired(supports: list[Any]) -> bool:
        """Whether the time is up; if so the supports are set aside as unvisited."""
        if deadline is not None and time.perf_counter() > deadline:
            late.extend(supports)
            return True
        return False
    use_exact = game.is_exact if exact is None else bool(exact)
    exact_game = game.to_exact()
    exact_payoffs = list(exact_game.exact_payoff_array)
    fpay = np.ascontiguousarray(game.payoff_array, dtype=float)
    shape = game.shape
    n = game.num_players
    tol = game.tolerance()

    found: dict[tuple[float, ...], Equilibrium] = {}
    continua: list[SupportContinuum] = []
    notes: list[str] = []
    skipped: list[Any] = []
    numeric_only: list[Any] = []
    unsolved: list[Any] = []
    unsettled: list[Any] = []  # solution sets whose isolated equilibria were not all searched for

    def report(profile: list[list[Any]], symbolic: tuple[tuple[Any, ...], ...] | None,
               record: bool = True) -> Equilibrium | None:
        fprof = [[float(v) for v in p] for p in profile]
        if any(v < -1e-12 for p in fprof for v in p):
            return None
        key = _candidate_key(fprof)
        if key in found and not (symbolic is None and use_exact and not found[key].exact):
            return found[key]  # (an exact candidate replaces a float point that rounds alike)
        if symbolic is None and use_exact:
            eq = certify(game if game.is_exact else exact_game, profile, exact=True)
            if eq is not None and not game.is_exact:
                eq = certify(game, fprof, exact=False, tol=tol)
        else:
            eq = certify(game, fprof, exact=False, tol=tol, profile_symbolic=symbolic or None)
        if eq is not None and record:
            found[key] = eq
        return eq

    def stage(text: str) -> None:
        if progress is not None:
            progress(text)

    relaxed: dict[Any, bool] = {}

    def ruled_out(supports: Any) -> bool:
        """Whether the linear relaxation proves the support empty; each support's LP solved once."""
        if supports not in relaxed:
            relax([supports])
        return relaxed[supports]

    integer_payoffs: list[np.ndarray] = []

    def off_boundary(supports: Any) -> bool:
        """Whether a checked certificate shows that no equilibrium has exactly this support (its solutions
        meet the conditions only on its boundary, where smaller supports find them)."""
        if not integer_payoffs:
            integer_payoffs.append(np.asarray(exact_game._integer_payoffs()))
        return _support_lp.boundary_certificate(integer_payoffs[0], supports) is not None

    def relax(profiles: list[Any]) -> None:
        """The linear relaxation of several supports at once (one LP), into ``relaxed``."""
        todo = [sp for sp in dict.fromkeys(profiles) if sp not in relaxed]
        for sp, proof in zip(todo, _support_lp.certificates(fpay, todo)):
            relaxed[sp] = proof is not None

    visited = support_profile_count(shape, max_support)
    if visited > SUPPORT_PROFILE_LIMIT:
        raise NotSupportedError(
            f"enumeration would examine {visited:,} support profiles (the limit is {SUPPORT_PROFILE_LIMIT:,}): "
            "bound the support sizes (max_support; --max-support on the command line), or find one "
            "equilibrium by path following")
    stage("pruning dominated supports")
    survivors = surviving_supports(fpay, tol, max_support)
    stage(f"solving {len(survivors)} support profiles")
    general: list[tuple[tuple[int, ...], ...]] = []
    classes: dict[tuple[tuple[int, ...], tuple[int, ...]], list[Any]] = {}
    pairs: dict[tuple[int, ...], list[Any]] = {}
    for supports in survivors:
        mixers = [i for i in range(n) if len(supports[i]) > 1]
        if len(mixers) <= 1:
            _solve_linear(fpay, exact_payoffs, supports, mixers, shape, report, general)
            continue
        if len(mixers) == 2:
            # one batch per pair of support sizes, whoever mixes: the smaller mixer first
            pairs.setdefault(tuple(sorted(len(supports[i]) for i in mixers)), []).append(supports)
            continue
        classes.setdefault((tuple(mixers), tuple(len(supports[i]) for i in mixers)), []).append(supports)
    for sizes_t, whole in pairs.items():
        for group in _pieces(whole, SUPPORT_BATCH):
            if expired(group):
                continue
            solved, undecided = _two_mixers_batch(fpay, game._float_tables(), group, sizes_t)
            for supports in solved:  # a float equilibrium: its exact value
                sols = ps.solve_two_mixers(exact_payoffs, supports, shape)
                if sols is None:
                    general.append(supports)
                for prof in sols or []:
                    if all(v >= 0 for p in prof for v in p):
                        report(prof, None)
            for supports in undecided:
                _solve_linear(fpay, exact_payoffs, supports, [i for i in range(n) if len(supports[i]) > 1], shape,
                              report, general)
    for (mixers_t, sizes_t), whole in list(classes.items()):
        over = [k for k in range(len(sizes_t)) if sizes_t[k] - 1 > sum(sizes_t) - sizes_t[k] - (len(sizes_t) - 1)]
        items = []
        for group in _pieces(whole, SUPPORT_BATCH):
            if expired(group):
                continue
            batched = _support_tensors_batch(fpay, group, list(mixers_t))
            if over:
                # a player with more equations than the others have unknowns: generically no solution
                possible = np.all([_overdetermined_possible_batch(batched[k]) for k in over], axis=0)
                general.extend(sp for sp, ok in zip(group, possible) if ok)
            else:
                # the mixing players taken by support size (see below), for the whole group at once
                batched = _permute_tensors(batched, _by_size(sizes_t), lead=1)
                items.extend((sp, [t[b] for t in batched]) for b, sp in enumerate(group))
        if items:
            classes[(mixers_t, sizes_t)] = items
        else:
            del classes[(mixers_t, sizes_t)]
    # supports that differ only in the order of the mixing players are solved in one batch: players
    # taken by support size (their tensors already are), each item keeping its own mixers in that order
    canonical: dict[tuple[int, ...], list[Any]] = {}
    for (mixers_t, sizes_t), items in classes.items():
        if sizes_t == (2, 2, 2):
            for piece in _pieces(items, SUPPORT_BATCH):
                if expired([sp for sp, _ in piece]):
                    continue
                stage(f"{len(piece)} supports of sizes {sizes_t}")
                _solve_binary3(fpay, game._float_tables(), game._integer_payoffs() if use_exact else [],
                               list(mixers_t), piece, shape, use_exact, exact_payoffs, report, general, numeric_only)
            continue
        order = _by_size(sizes_t)
        canonical.setdefault(tuple(sizes_t[g] for g in order), []).extend(
            (supports, tensors, [mixers_t[g] for g in order]) for supports, tensors in items)
    tracked: dict[tuple[int, ...], list[Any]] = {}
    for sizes_t, items in canonical.items():
        if len(sizes_t) == 3 and sizes_t[0] == 2:
            rest = []
            # pencils of (a - 1) a + (b - 1) b + 1 rows and a b columns: pieces of about PENCIL_ENTRIES entries
            a, b = sizes_t[1:]
            for piece in _pieces(items, max(1, PENCIL_ENTRIES // (((a - 1) * a + (b - 1) * b + 1) * a * b))):
                if expired([sp for sp, _, _ in piece]):
                    continue
                stage(f"{len(piece)} supports of sizes {sizes_t}")
                rest.extend(_solve_pencil3(fpay, game._float_tables(), list(sizes_t), piece, shape, use_exact,
                                           exact_payoffs, report, numeric_only))
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
            if expired([sp for sp, _, _ in piece]):
                continue
            if paths >= threshold:
                # a checked linear relaxation rules out most such supports for less than their paths cost;
                # at least RELAXATION_BATCH at a time (the LPs are solved on several threads)
                stage(f"{len(piece)} supports of sizes {tuple(sizes_t)} (linear relaxation)")
                if any(it[0] not in relaxed for it in piece):
                    relax([it[0] for it in items[done - len(piece):done - len(piece) + max(len(piece), RELAXATION_BATCH)]])
                piece = [it for it in piece if not ruled_out(it[0])]
                if not piece:
                    continue
            stage(f"{len(piece)} supports of sizes {tuple(sizes_t)} (eliminating or tracking paths)"
                  + (f", {done} of {len(items)}" if len(items) > step else ""))
            _solve_homotopy(fpay, list(sizes_t), piece, shape, use_exact, exact_payoffs, report, general,
                            numeric_only, unsolved, lambda sp: ruled_out(sp) or off_boundary(sp))
    if general:
        stage(f"{len(general)} degenerate supports by a linear relaxation, then exact elimination")
    for k, supports in enumerate(general):
        if expired(general[k:]):
            break
        # a linear relaxation rules most of them out at a fraction of the cost of elimination
        if k % RELAXATION_BATCH == 0:
            relax(general[k:k + RELAXATION_BATCH])
        if ruled_out(supports):
            continue
        if sum(len(s) > 1 for s in supports) == 1 and _solve_one_mixer(game, exact_game, supports, report, continua):
            continue
        budget = ELIMINATION_SECONDS if deadline is None else min(ELIMINATION_SECONDS, deadline - time.perf_counter())
        try:
            with ps.elimination_budget(budget):
                _solve_general(game, exact_payoffs, supports, shape, report, continua, skipped, unsettled,
                               off_boundary)
        except ps.EliminationTimeout:
            if not off_boundary(supports):
                unsolved.append(supports)  # what it reported before the interruption is certified and kept

    if use_exact:
        continua[:] = _settle_near_boundary(found, continua, report, off_boundary)
    # the irrational equilibria still listed (a float point may have given way to an exact one)
    listed = {id(e) for e in found.values()}
    numeric_only = list({id(e): (e, lazy) for e, lazy in numeric_only if id(e) in listed}.values())
    equilibria = tuple(sorted(found.values(), key=lambda e: [-float(v) for p in e.profile for v in p]))
    if max_support is not None and max_support < max(shape):
        notes.append(f"supports limited to {max_support} strategies per player: the list may be incomplete")
    deferred = sum(lazy for _, lazy in numeric_only)
    if deferred:
        notes.append(f"{deferred} equilibri{'um is' if deferred == 1 else 'a are'} irrational: reported in floating "
                     "point, certified by regret; exact algebraic values (profile_symbolic) are computed by exact "
                     f"elimination when first read (up to {ELIMINATION_SECONDS:g} s each)")
    if len(numeric_only) > deferred:
        count = len(numeric_only) - deferred
        notes.append(f"{count} equilibri{'um is' if count == 1 else 'a are'} irrational on a support too large for "
                     "exact elimination: reported in floating point, certified by regret")
    if unsolved:
        labels = [tuple(tuple(game.strategies[i][k] for k in sp[i]) for i in range(n)) for sp in unsolved]
        notes.append(f"{len(unsolved)} support(s) could not be solved reliably (degenerate system: homotopy ends "
                     f"singular or repeated, or exact elimination past its time budget): the list may be "
                     f"incomplete: {labels}")
    if skipped:
        notes.append(f"{len(skipped)} support(s) have a positive-dimensional solution set in which no sampled "
                     f"point is an equilibrium (its isolated equilibria are listed; a continuum of equilibria in "
                     f"it would not be described): {skipped}")
    if late:
        notes.append(f"stopped at the time limit of {time_limit:g} s with {len(late)} support profile(s) not solved: "
                     "the list may be incomplete")
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


def _full_profile(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...],
                  mixed: dict[int, np.ndarray]) -> list[np.ndarray]:
    out = []
    for j, m in enumerate(shape):
        p = np.zeros(m)
        if j in mixed:
            p[list(supports[j])] = mixed[j]
        else:
            p[supports[j][0]] = 1.0
        out.append(p)
    return out


def _float_regret(fpay: np.ndarray, probs: list[np.ndarray]) -> float:
    n = len(probs)
    worst = 0.0
    for i in range(n):
        arr = fpay[i]
        for j in reversed(range(n)):
            if j != i:
                arr = np.tensordot(arr, probs[j], axes=([j], [0]))
        worst = max(worst, float(arr.max() - arr @ probs[i]))
    return worst


def _rank_one_in_pencil(basis: np.ndarray) -> bool:
    """Whether some non-zero ``u A + v B`` (``basis = [A, B]``, matrices) has rank one with one sign."""
    a, b = basis
    rows, cols = a.shape
    cands = [(0.0, 1.0)]
    polys = []
    for r1 in range(rows):
        for r2 in range(r1 + 1, rows):
            for c1 in range(cols):
                for c2 in range(c1 + 1, cols):
                    # det([[a11 + t b11, a12 + t b12], [a21 + t b21, a22 + t b22]]) in t
                    p = np.polynomial.polynomial.polysub(
                        np.polynomial.polynomial.polymul([a[r1, c1], b[r1, c1]], [a[r2, c2], b[r2, c2]]),
                        np.polynomial.polynomial.polymul([a[r1, c2], b[r1, c2]], [a[r2, c1], b[r2, c1]]))
                    polys.append(np.pad(p, (0, 3 - len(p))))
    if not polys:
        return True
    polys_arr = np.array(polys)
    lead = polys_arr[np.argmax(np.abs(polys_arr).max(axis=1))]
    if np.abs(lead).max() < 1e-12:
        return True  # every combination has rank <= 1: a whole family
    cands += [(1.0, float(r.real)) for r in np.roots(lead[::-1]) if abs(r.imag) < 1e-9 * (1 + abs(r))]
    for u, v in cands:
        m = u * a + v * b
        s = np.linalg.svd(m, compute_uv=False)
        if s[0] < 1e-12 or s[1] > 1e-8 * s[0]:
            continue
        flat = m.ravel() / s[0]
        if np.all(flat >= -1e-9) or np.all(flat <= 1e-9):
            return True
    return False


def _solve_linear(fpay: np.ndarray, exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                  mixers: list[int], shape: tuple[int, ...], report: Any, general: list[Any]) -> None:
    """Supports in which at most two players mix: each player's equations are linear in the other's."""
    if not mixers:
        report([[Fraction(int(k == supports[j][0])) for k in range(m)] for j, m in enumerate(shape)], None)
        return
    if len(mixers) == 1:
        general.append(supports)  # payoffs tie across the support (else pruned): a continuum
        return
    tensors = _support_tensors(fpay, supports, mixers)
    mixed = {}
    blocks = [_linear_block(t) for t in tensors]
    if any(kind == "none" for kind, _ in blocks):
        return
    if any(kind == "degenerate" for kind, _ in blocks):
        general.append(supports)
        return
    for k, (_, x) in enumerate(blocks):
        mixed[mixers[1 - k]] = x
    if any(float(v) < -1e-9 for x in mixed.values() for v in x):
        return
    probs = _full_profile(supports, shape, mixed)
    if _float_regret(fpay, probs) > 1e-6 * max(float(np.ptp(fpay)), 1.0):
        return
    sols = ps.solve_two_mixers(exact_payoffs, supports, shape)
    if sols is None:
        general.append(supports)
        return
    for prof in sols:
        if all(v >= 0 for p in prof for v in p):
            report(prof, None)


def _two_mixers_batch(fpay: np.ndarray, tables: list[np.ndarray], group: list[tuple[tuple[int, ...], ...]],
                      sizes: tuple[int, ...]) -> tuple[list[Any], list[Any]]:
    """Supports in which two players mix, over ``sizes`` strategies (ascending), screened in floats at once.

    Returns the supports whose unique float solution is an equilibrium (to be made exact), and those
    :func:`_solve_linear` must still judge (ill-conditioned equations, or equations with a kernel).
    With unequal sizes the larger mixer has at least as many equations as the other has probabilities:
    dropped where they have no kernel (generic games). With equal sizes each mixer's indifference and the
    other's probabilities summing to one form a square system.
    """
    n, nb = fpay.shape[0], len(group)
    k0, k1 = sizes
    # per item: the mixers, the smaller (or, on a tie, the lower-indexed) one first
    movers = np.array([sorted((i for i in range(n) if len(sp[i]) > 1), key=lambda i: (len(sp[i]), i))
                       for sp in group], dtype=np.intp)  # (B, 2)
    sup = [np.array([sp[m] for sp, m in zip(group, movers[:, g])], dtype=np.intp) for g in range(2)]
    idx = []
    for j in range(n):
        pure = np.array([sp[j][0] for sp in group], dtype=np.intp)[:, None, None]
        at = np.where((movers[:, 0] == j)[:, None, None], sup[0][:, :, None], pure)
        idx.append(np.broadcast_to(np.where((movers[:, 1] == j)[:, None, None], sup[1][:, None, :], at),
                                   (nb, k0, k1)))
    own = [fpay[(movers[:, g, None, None], *idx)] for g in range(2)]  # (B, k0, k1) payoffs of mixer g
    d = [own[0][:, 1:] - own[0][:, :1],  # mixer 0's indifference, in mixer 1's probabilities
         np.transpose(own[1][:, :, 1:] - own[1][:, :, :1], (0, 2, 1))]
    scaled = [t / np.maximum(np.abs(t).reshape(nb, -1).max(axis=1), 1e-300)[:, None, None] for t in d]
    if k0 != k1:
        sv = np.linalg.svd(scaled[1], compute_uv=False)  # (B, k0): at least as many rows as columns
        keep = sv[:, -1] <= 1e-9 * sv[:, 0]
        return [], [sp for sp, ok in zip(group, keep) if ok]
    mats = [np.concatenate([t, np.ones((nb, 1, k0))], axis=1) for t in scaled]  # (B, k, k) each
    sv = np.linalg.svd(np.concatenate(mats), compute_uv=False).reshape(2, nb, k0)
    singular = np.any(sv[:, :, -1] < 1e-10 * sv[:, :, 0], axis=0)
    fine = np.flatnonzero(~singular)
    if not fine.size:
        return [], list(group)
    rhs = np.zeros((fine.size, k0, 1))
    rhs[:, -1] = 1.0
    # mixer g's equations give the other mixer's probabilities
    xs = [np.linalg.solve(m[fine], rhs)[..., 0] for m in mats]
    rows = np.arange(fine.size)
    probs = []
    for j, m in enumerate(fpay.shape[1:]):
        full = np.zeros((fine.size, m))
        full[rows, [group[b][j][0] for b in fine]] = 1.0
        for g in range(2):
            mine = np.flatnonzero(movers[fine, g] == j)
            full[mine] = 0.0
            full[mine[:, None], sup[g][fine[mine]]] = xs[1 - g][mine]
        probs.append(full)
    ok = np.all(np.concatenate(xs, axis=1) >= -1e-9, axis=1)
    ok &= _float_regret_batch(tables, probs) <= 1e-6 * max(float(np.ptp(fpay)), 1.0)
    return [group[b] for b in fine[ok]], [group[b] for b in np.flatnonzero(singular)]


def _float_regret_batch(tables: list[np.ndarray], probs: list[np.ndarray]) -> np.ndarray:
    """Regret of a batch of float profiles (``probs[j]`` is ``(B, m_j)``); ``tables`` as
    :meth:`NormalFormGame._float_tables` (own strategies by the others' profiles)."""
    nb = probs[0].shape[0]
    worst = np.zeros(nb)
    if not nb:
        return worst
    for i, table in enumerate(tables):
        w = np.ones((nb, 1))
        for j, p in enumerate(probs):
            if j != i:
                w = (w[:, :, None] * p[:, None, :]).reshape(nb, -1)
        v = w @ table.T
        worst = np.maximum(worst, v.max(axis=1) - np.einsum("bs,bs->b", v, probs[i]))
    return worst


def _by_size(sizes: tuple[int, ...]) -> list[int]:
    """The mixing players' groups ordered by support size (stable: equal sizes keep their order)."""
    return sorted(range(len(sizes)), key=lambda g: sizes[g])


def _permute_tensors(tensors: list[np.ndarray], order: list[int], lead: int = 0) -> list[np.ndarray]:
    """The support tensors with the mixing players taken in ``order`` (new group ``a`` is old ``order[a]``);
    ``lead`` axes in front (a batch) are kept."""
    out = []
    for g in order:
        others = [h for h in range(len(order)) if h != g]  # old axis order of the other groups
        new_others = [h for h in order if h != g]
        out.append(np.transpose(tensors[g], [*range(lead + 1), *[lead + 1 + others.index(h) for h in new_others]]))
    return out


def _solve_homotopy(fpay: np.ndarray, sizes: list[int], items: list[Any], shape: tuple[int, ...],
                    use_exact: bool, exact_payoffs: list[np.ndarray], report: Any, general: list[Any],
                    numeric_only: list[Any], unsolved: list[Any], ruled_out: Callable[[Any], bool]) -> None:
    """All supports of one shape (mixing players ordered by support size), solved together.

    ``items`` holds ``(supports, tensors, mixers)``, the tensors in the order of ``mixers``;
    ``ruled_out`` is the caller's linear relaxation (or boundary certificate), asked about supports whose
    paths end badly.
    Shapes :func:`._plane3.solvable` accepts try the plane-curve resultant
    first; what it cannot prove complete is tracked by the homotopy.
    """
    from . import _plane3

    chunks = []  # (items, points, system index, systems not trusted, points that are non-singular solutions)
    if _plane3.solvable(sizes):
        items = _solve_plane3(sizes, items, chunks)
    if items:
        chunks.append(_track_with_retry(items, sizes))
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    span = max(float(np.ptp(fpay)), 1.0)
    for chunk_items, x, sys_idx, bad, ok in chunks:
        # a system with doubtful ends is settled if its exact singular solutions make up the count
        settled = {k: _settle_singular(exact_payoffs, chunk_items[k], sizes, offsets, x[sys_idx == k],
                                       ok[sys_idx == k], shape, report) for k in bad}
        # most ends are complex or negative: screened all at once, the rest read one by one
        real = _real_nonnegative(x, offsets)
        x, sys_idx, ok = x[real], sys_idx[real], ok[real]
        for k, (supports, _, mixers) in enumerate(chunk_items):
            if k in bad and not settled[k]:
                if sum(sizes) - len(sizes) <= EXACT_UNKNOWNS:
                    general.append(supports)  # small: exact elimination settles it
                elif not ruled_out(supports):
                    unsolved.append(supports)
                continue
            for pt in x[(sys_idx == k) & ok]:  # a settled system's singular ends were reported exactly
                mixed = _probabilities(pt, offsets, mixers)
                if mixed is None:
                    continue
                probs = _full_profile(supports, shape, mixed)
                if _float_regret(fpay, probs) > 1e-6 * span:
                    continue
                _report_numeric(probs, supports, sizes, use_exact, exact_payoffs, shape, report, numeric_only)


def _real_nonnegative(x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Which points (rows of homogeneous coordinates) :func:`_probabilities` can accept: the same tests,
    on every point at once."""
    ok = np.ones(x.shape[0], dtype=bool)
    with np.errstate(all="ignore"):
        for g in range(len(offsets) - 1):
            xi = x[:, offsets[g]:offsets[g + 1]]
            s = xi.sum(axis=1)
            ok &= ~(np.abs(s) < 1e-12 * (1 + np.abs(xi).max(axis=1, initial=0.0)))
            xi = xi / np.where(ok, s, 1.0)[:, None]
            ok &= ~(np.abs(xi.imag).max(axis=1, initial=0.0) > 1e-7) & ~(xi.real.min(axis=1, initial=0.0) < -1e-8)
    return ok


def _probabilities(pt: np.ndarray, offsets: np.ndarray, mixers: list[int]) -> dict[int, np.ndarray] | None:
    """Mixed strategies from homogeneous coordinates, or None if some block is not real and non-negative."""
    mixed = {}
    for g, i in enumerate(mixers):
        xi = pt[offsets[g]:offsets[g + 1]]
        s = xi.sum()
        if abs(s) < 1e-12 * (1 + np.abs(xi).max()):
            return None
        xi = xi / s
        if np.abs(xi.imag).max() > 1e-7 or xi.real.min() < -1e-8:
            return None
        xr = np.clip(xi.real, 0.0, None)
        mixed[i] = xr / xr.sum()
    return mixed


def _solve_plane3(sizes: list[int], items: list[Any], chunks: list[Any]) -> list[Any]:
    """Supports of a shape :func:`._plane3.solvable` accepts, by a plane-curve resultant; returns the rest."""
    from . import _plane3
    from ._threads import parallel_map, spans, workers

    tensors = [np.stack([it[1][k] for it in items]) for k in range(3)]
    # large batches split between threads (numpy's batched algebra releases the GIL); each system is
    # solved on its own, so the split does not change the results
    ranges = spans(len(items), min(workers(), len(items) // PLANE_SYSTEMS_PER_THREAD))
    parts = parallel_map(lambda ab: _plane3.solve([t[ab[0]:ab[1]] for t in tensors]), ranges)
    x = np.concatenate([part[1] for part in parts])
    sys_idx = np.concatenate([part[2] + a for part, (a, _) in zip(parts, ranges)])
    settled = np.concatenate([part[3] for part in parts])
    done = np.flatnonzero(settled)
    remap = np.full(len(items), -1)
    remap[done] = np.arange(done.size)
    mask = settled[sys_idx] if sys_idx.size else np.zeros(0, dtype=bool)
    chunks.append(([items[k] for k in done], x[mask], remap[sys_idx[mask]], set(), np.ones(int(mask.sum()), bool)))
    return [items[k] for k in np.flatnonzero(~settled)]


def _track_with_retry(items: list[Any], sizes: list[int]
                      ) -> tuple[list[Any], np.ndarray, np.ndarray, set[int], np.ndarray]:
    """Homotopy on every support; the doubtful ones again with another start system and shorter steps.

    A support is trusted when its paths (as many as the Bezout bound) end at
    distinct non-singular solutions: then there is no other isolated solution.
    Returns the items (reordered), the ends, their systems, the systems not
    trusted, and which ends are non-singular solutions.
    """
    x, sys_idx, bad, ok = _track(items, sizes, seed=0, first_tol=FIRST_TOL, max_step=MAX_STEP)
    if bad:
        x, ok, bad = _retrack_suspects(items, sizes, x, sys_idx, ok, bad)
    if not bad:
        return items, x, sys_idx, bad, ok
    retry = [items[k] for k in sorted(bad)]
    x2, idx2, bad2, ok2 = _track(retry, sizes, seed=1, first_tol=1e-3, max_step=0.05)
    keep = [k for k in range(len(items)) if k not in bad]
    mask = np.isin(sys_idx, keep)
    remap = {k: r for r, k in enumerate(keep)}
    x = np.vstack([x[mask], x2])
    sys_idx = np.concatenate([[remap[int(k)] for k in sys_idx[mask]],
                              np.asarray(idx2, dtype=int) + len(keep)]).astype(int)
    return ([items[k] for k in keep] + retry, x, sys_idx, {len(keep) + k for k in bad2},
            np.concatenate([ok[mask], ok2]))


def _retrack_suspects(items: list[Any], sizes: list[int], x: np.ndarray, sys_idx: np.ndarray, ok: np.ndarray,
                      bad: set[int]) -> tuple[np.ndarray, np.ndarray, set[int]]:
    """The doubtful systems' suspect paths (ends beside another end: paths that jumped) tracked again on the
    same homotopy with shorter steps; returns the ends, which are solutions, and the systems still doubtful
    (those mended in vain, and those with a failed path or with more suspects than an eighth of their
    paths, or 4).

    A system is trusted when its ends are as many distinct non-singular solutions as the Bezout bound,
    whichever paths gave them, so mending the few paths that jumped is enough; it costs a few of
    the paths that tracking the whole system again from another start system would (a random 3x3x3x3 game's
    full support: 297 paths, 1.7 s).
    """
    from ._homotopy import MultilinearBatch

    per = x.shape[0] // len(items)  # paths per system, in system order (see MultilinearBatch.solve)
    if not np.array_equal(sys_idx, np.repeat(np.arange(len(items)), per)):
        return x, ok, set(bad)  # not laid out as tracked (not expected)
    suspects = {k: np.flatnonzero(_beside_another(x[k * per:(k + 1) * per])) for k in sorted(bad)}
    # a failed or singular end, or many suspects, mean a degenerate system (singular solutions; measured on
    # 4x4x4 games with payoffs 0..1), not a few jumps: left to the caller
    still = {k for k, sus in suspects.items() if not ok[k * per:(k + 1) * per].all() or len(sus) > max(4, per // 8)}
    systems = [k for k in suspects if k not in still]
    if not systems:
        return x, ok, still
    suspects = [suspects[k] for k in systems]
    batch = MultilinearBatch(sizes, [np.stack([items[k][1][g] for k in systems]) for g in range(len(sizes))], seed=0)
    again, idx, fine = batch.solve(first_tol=1e-3, max_step=0.05,
                                   paths=np.concatenate([j * per + s for j, s in enumerate(suspects)]))
    x, ok = x.copy(), ok.copy()
    for j, (k, sus) in enumerate(zip(systems, suspects)):
        x[k * per + sus], ok[k * per + sus] = again[idx == j], fine[idx == j]
        if not ok[k * per:(k + 1) * per].all() or _beside_another(x[k * per:(k + 1) * per]).any():
            still.add(k)
    return x, ok, still


def _beside_another(ends: np.ndarray) -> np.ndarray:
    """Which ends (rows) lie within ``1e-6`` (relative) of another: paths that met, or one that jumped."""
    if len(ends) < 2:
        return np.zeros(len(ends), dtype=bool)
    dist = np.linalg.norm(ends[:, None, :] - ends[None, :, :], axis=2)
    np.fill_diagonal(dist, np.inf)
    with np.errstate(invalid="ignore"):
        return ~(dist.min(axis=1) > 1e-6 * (1 + np.abs(ends).max()))


def _polish(tensors: list[np.ndarray], sizes: list[int], mixed: list[np.ndarray]) -> list[np.ndarray] | None:
    """A few Newton steps on one support system in probability coordinates (each block sums to one)."""
    from ._homotopy import MultilinearBatch

    batch = MultilinearBatch(sizes, [t[None] for t in tensors])
    batch.patch = [np.ones(k) for k in sizes]
    x = np.concatenate(mixed).astype(complex)[None, :]
    for _ in range(3):
        res, jac = batch._f(x, np.zeros(1, dtype=int))
        try:
            x = x - np.linalg.solve(jac[0], res[0])[None, :]
        except np.linalg.LinAlgError:
            return None
    xr = x[0].real
    if not np.all(np.isfinite(xr)):
        return None
    return [xr[batch.offsets[g]:batch.offsets[g + 1]] for g in range(len(sizes))]


def _track(items: list[Any], sizes: list[int], seed: int, **kw: float
           ) -> tuple[np.ndarray, np.ndarray, set[int], np.ndarray]:
    """Every path of every support in ``items``: the ends, their systems, the systems not trusted, and which
    ends are non-singular solutions. Large batches are split between threads; paths are tracked
    independently (the same start system in every part), so the split does not change the ends."""
    from ._homotopy import mhb_count
    from ._threads import parallel_map, spans, workers

    ranges = spans(len(items), min(workers(), len(items), len(items) * mhb_count(sizes) // HOMOTOPY_PATHS_PER_THREAD))
    done = parallel_map(lambda ab: _track_batch(items[ab[0]:ab[1]], sizes, seed, **kw), ranges)
    return (np.concatenate([d[0] for d in done]),
            np.concatenate([d[1] + a for d, (a, _) in zip(done, ranges)]),
            {k + a for d, (a, _) in zip(done, ranges) for k in d[2]},
            np.concatenate([d[3] for d in done]))


def _track_batch(items: list[Any], sizes: list[int], seed: int, **kw: float
                 ) -> tuple[np.ndarray, np.ndarray, set[int], np.ndarray]:
    from ._homotopy import MultilinearBatch

    batch = MultilinearBatch(sizes, [np.stack([item[1][k] for item in items]) for k in range(len(sizes))], seed=seed)
    x, sys_idx, ok = batch.solve(**kw)
    bad = {int(k) for k in sys_idx[~ok]}
    # repeated ends mean paths met (a singular solution or a jump): not trusted
    bad |= {k for k in range(len(items)) if _beside_another(x[sys_idx == k]).any()}
    return x, sys_idx, bad, ok


def _settle_singular(exact_payoffs: list[np.ndarray], item: Any, sizes: list[int], offsets: np.ndarray,
                     ends: np.ndarray, ok: np.ndarray, shape: tuple[int, ...], report: Any) -> bool:
    """Whether one support's doubtful path ends are settled by exact multiplicities (:func:`._multiplicity.settle`);
    if so its exact singular solutions that are strictly positive are reported (the non-singular ends are the
    caller's to read)."""
    from ._homotopy import mhb_count
    from ._multiplicity import settle

    supports, floats, mixers = item
    ordered = sorted(mixers)  # the tensors are built in player order, then taken in the item's order
    tensors = _permute_tensors(_support_tensors(np.array(exact_payoffs, dtype=object), supports, ordered),
                               [ordered.index(i) for i in mixers])
    if not all(t.shape == f.shape and np.allclose(t.astype(float), f, rtol=1e-9, atol=0)
               for t, f in zip(tensors, floats)):
        return False  # not the system that was tracked (not expected)
    points = settle(tensors, ends, ok, offsets, mhb_count(sizes))
    if points is None:
        return False
    for point in points:
        totals = [sum(group) for group in point]
        if not all(t != 0 and all(v / t > 0 for v in group) for group, t in zip(point, totals)):
            continue  # on the boundary of the support (or outside it): not an equilibrium of this support
        profile = [[Fraction(0)] * m for m in shape]
        for j in range(len(shape)):
            profile[j][supports[j][0]] = Fraction(1)
        for i, group, t in zip(mixers, point, totals):
            for s, v in zip(supports[i], group):
                profile[i][s] = v / t
        report(profile, None)
    return True


def _solve_pencil3(fpay: np.ndarray, tables: list[np.ndarray], sizes: list[int], items: list[Any],
                   shape: tuple[int, ...], use_exact: bool, exact_payoffs: list[np.ndarray], report: Any,
                   numeric_only: list[Any]) -> list[Any]:
    """Three mixing players, the first over two strategies: one polynomial per support, else a linear pencil.

    ``items`` holds ``(supports, tensors, mixers)`` with the players ordered by support size; ``tables``
    as :meth:`NormalFormGame._float_tables`. Returns the supports the pencil cannot settle (for the
    homotopy).
    """
    from . import _pencil3

    gh, ga, gb = 0, 1, 2
    rng = np.random.default_rng(0)
    span = max(float(np.ptp(fpay)), 1.0)
    # tables (equation, other mixer, two-strategy player) for the two larger players
    ta = np.stack([t[ga] for _, t, _ in items])
    tb = np.stack([t[gb] for _, t, _ in items])
    th = np.stack([t[gh][0] for _, t, _ in items])
    ta, tb = np.swapaxes(ta, 2, 3), np.swapaxes(tb, 2, 3)
    # one polynomial per system; the systems it cannot settle go to the pencil, and from there to the homotopy
    sys_k, ts, p, q, flagged = _pencil3.solve_univariate(ta, tb, th)
    hard = np.flatnonzero(flagged)
    if hard.size:
        k2, t2, p2, q2, flagged[hard] = _pencil3.solve_arrays(ta[hard], tb[hard], th[hard], rng)
        sys_k, ts = np.concatenate([sys_k, hard[k2]]), np.concatenate([ts, t2])
        p, q = np.concatenate([p, p2]), np.concatenate([q, q2])
    rest = [item for item, f in zip(items, flagged) if f]
    # most real solutions have a negative probability; the rest are screened by their regret, all at once
    parts = [np.stack([1 - ts, ts], axis=1), p, q]
    fine = np.flatnonzero(np.all(np.concatenate(parts, axis=1) >= -1e-6, axis=1))
    if fine.size == 0:
        return rest
    rough = _full_profiles_batch([items[k][0] for k in sys_k[fine]], [items[k][2] for k in sys_k[fine]], shape,
                                 [np.clip(part[fine], 0.0, None) for part in parts])
    near = fine[_float_regret_batch(tables, rough) <= 1e-4 * span]  # the others are not worth polishing
    for r in near:
        supports, tensors, mixers = items[sys_k[r]]
        pol = _polish(tensors, sizes, [part[r] for part in parts])
        if pol is None or min(float(v.min()) for v in pol) < -1e-9:
            continue
        mixed = {mixers[g]: np.clip(pol[g], 0.0, None) / np.clip(pol[g], 0.0, None).sum() for g in range(3)}
        probs = _full_profile(supports, shape, mixed)
        if _float_regret(fpay, probs) > 1e-6 * span:
            continue
        _report_numeric(probs, supports, sizes, use_exact, exact_payoffs, shape, report, numeric_only)
    return rest


def _full_profiles_batch(supports: list[tuple[tuple[int, ...], ...]], mixers: list[list[int]],
                         shape: tuple[int, ...], parts: list[np.ndarray]) -> list[np.ndarray]:
    """:func:`_full_profile` for a batch: row ``c`` has ``parts[g][c]`` on the support of ``mixers[c][g]``
    and the others' single strategies; returns one ``(C, m_j)`` array per player."""
    count = len(supports)
    offsets = np.concatenate([[0], np.cumsum(shape)])
    flat = np.zeros((count, int(offsets[-1])))
    rows = np.arange(count)
    for j in range(len(shape)):  # every player's first supported strategy; mixers are overwritten below
        flat[rows, offsets[j] + np.array([sp[j][0] for sp in supports])] = 1.0
    for g, part in enumerate(parts):
        cols = np.array([offsets[mx[g]] + np.array(sp[mx[g]]) for sp, mx in zip(supports, mixers)])
        flat[rows[:, None], cols] = part
    return [flat[:, offsets[j]:offsets[j + 1]] for j in range(len(shape))]


def _solve_binary3(fpay: np.ndarray, tables: list[np.ndarray], integer_payoffs: list[np.ndarray],
                   mixers: list[int], items: list[Any], shape: tuple[int, ...], use_exact: bool,
                   exact_payoffs: list[np.ndarray], report: Any, general: list[Any], numeric_only: list[Any]) -> None:
    """Three players mixing over two strategies each: one quadratic per support (closed form)."""
    from . import _binary3

    sols, flag = _binary3.solve_batch([np.stack([t[k] for _, t in items]) for k in range(3)])
    general.extend(supports for k, (supports, _) in enumerate(items) if flag[k])
    cands = [(supports, w) for k, (supports, _) in enumerate(items) if not flag[k] for w in sols[k]
             if w.min() >= -1e-9 and w.max() <= 1 + 1e-9]
    if not cands:
        return
    ws = np.clip(np.array([w for _, w in cands]), 0.0, 1.0)  # (C, 3)
    probs = [np.zeros((len(cands), m)) for m in shape]
    for c, (supports, w) in enumerate(cands):
        for j, m in enumerate(shape):
            if j in mixers:
                g = mixers.index(j)
                probs[j][c, supports[j][0]], probs[j][c, supports[j][1]] = 1 - ws[c, g], ws[c, g]
            else:
                probs[j][c, supports[j][0]] = 1.0
    regrets = _float_regret_batch(tables, probs)
    span = max(float(np.ptp(fpay)), 1.0)
    for c, (supports, w) in enumerate(cands):
        if regrets[c] > 1e-6 * span:
            continue
        prof = [p[c] for p in probs]
        if use_exact:
            # each player's equation scaled by a positive integer: the same solutions, in integer arithmetic
            ex = _binary3.exact_point(_support_tensors(integer_payoffs, supports, mixers), ws[c])
            if ex is not None:
                if all(isinstance(v, Fraction) for v in ex):
                    report(_exact_profile(supports, shape, dict(zip(mixers, ex))), None)
                else:
                    # the sympy form is built when asked for (sympy arithmetic costs ~0.1 ms a number)
                    report([list(p) for p in prof], _symbolic_profile(supports, shape, mixers, ex))
                continue
        _report_numeric(prof, supports, [2, 2, 2], use_exact, exact_payoffs, shape, report, numeric_only)


def _symbolic_profile(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...], mixers: list[int],
                      surds: tuple[Any, ...]) -> Callable[[], tuple[tuple[Any, ...], ...]]:
    """A function giving the sympy profile of second-strategy probabilities ``surds`` (:class:`_binary3.Surd`)."""
    def build() -> tuple[tuple[Any, ...], ...]:
        prof = _exact_profile(supports, shape, {i: x.to_sympy() for i, x in zip(mixers, surds)})
        return tuple(tuple(p) for p in prof)
    return build


def _exact_profile(supports: tuple[tuple[int, ...], ...], shape: tuple[int, ...],
                   second: dict[int, Any]) -> list[list[Any]]:
    """Exact profile from each mixing player's probability of its second supported strategy."""
    symbolic = any(not isinstance(v, Fraction) for v in second.values())
    if symbolic:
        import sympy

        zero, one = sympy.Integer(0), sympy.Integer(1)
    else:
        zero, one = Fraction(0), Fraction(1)
    out = []
    for j, m in enumerate(shape):
        p: list[Any] = [zero] * m
        if j in second:
            w = second[j] if not symbolic or not isinstance(second[j], Fraction) else sympy.Rational(second[j])
            p[supports[j][0]] = one - w
            p[supports[j][1]] = w
        else:
            p[supports[j][0]] = one
        out.append(p)
    return out


def _report_numeric(probs: list[np.ndarray], supports: tuple[tuple[int, ...], ...], sizes: list[int],
                    use_exact: bool, exact_payoffs: list[np.ndarray], shape: tuple[int, ...], report: Any,
                    numeric_only: list[Any]) -> None:
    """A numerical equilibrium: exact rational if it rounds to one, else exact algebraic where cheap."""
    # below double resolution a probability is the tracker's noise (5e-33 beside a boundary point, measured):
    # 0, so that the point's support is the one it has
    probs = [np.where(p < 1e-15, 0.0, p) for p in probs]
    if use_exact:
        rat = [[Fraction(float(v)).limit_denominator(10**6) for v in p] for p in probs]
        close = all(sum(p) == 1 for p in rat) and max(abs(float(r) - float(v)) for p, q in zip(rat, probs)
                                                      for r, v in zip(p, q)) < 1e-11
        if close and report(rat, None) is not None:
            return
        unknowns = sum(k - 1 for k in sizes)
        if unknowns <= 3:
            sym = _algebraic_point(exact_payoffs, supports, shape, probs)
            if sym is not None and report([list(p) for p in probs], sym) is not None:
                return
        elif unknowns <= LAZY_EXACT_UNKNOWNS:
            def exact_values() -> tuple[tuple[Any, ...], ...] | None:
                try:
                    with ps.elimination_budget(ELIMINATION_SECONDS):
                        return _algebraic_point(exact_payoffs, supports, shape, probs)
                except ps.EliminationTimeout:
                    return None

            eq = report([list(p) for p in probs], exact_values)
            if eq is not None:
                numeric_only.append((eq, True))
            return
    eq = report([list(p) for p in probs], None if not use_exact else ())
    if eq is not None and use_exact:
        numeric_only.append((eq, False))


def _algebraic_point(exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                     shape: tuple[int, ...], probs: list[np.ndarray]) -> tuple[tuple[Any, ...], ...] | None:
    """The exact algebraic values of the solution of a small support system closest to ``probs``."""
    import sympy

    eqs, variables, profile = ps.support_polynomials(exact_payoffs, supports, shape)
    kind, data = ps.solve_polynomial_system(eqs, variables)
    if kind != "points":
        return None
    best, dist = None, np.inf
    for vals in data:
        sym = [[sympy.sympify(x).subs(vals) if not isinstance(x, int) else sympy.Integer(x) for x in p]
               for p in profile]
        fl = [[complex(sympy.N(v, 30)) for v in p] for p in sym]
        d = max(abs(a - b) for p, q in zip(fl, probs) for a, b in zip(p, q))
        if d < dist:
            best, dist = sym, d
    if best is None or dist > 1e-7:
        return None
    return tuple(tuple(p) for p in best)


def _candidate_key(profile: list[list[float]]) -> tuple[float, ...]:
    return tuple(round(float(v), 7) + 0.0 for p in profile for v in p)


def _support_tensors(fpay: np.ndarray, supports: tuple[tuple[int, ...], ...],
                     mixers: list[int]) -> list[np.ndarray]:
    """Per mixing player ``i``: ``u_i(s, .) - u_i(b_i, .)`` for ``s`` in ``S_i`` minus the base, over the
    other mixing players' supports (axes in player order: ``mixers`` ascending), pure players fixed."""
    n = fpay.shape[0]
    # every player's payoffs on the support profile at once: pure players fixed (their axes dropped),
    # the mixers' axes cut to their supports
    sub = fpay[(slice(None), *[slice(None) if j in mixers else supports[j][0] for j in range(n)])]
    for ax, j in enumerate(mixers):
        sub = sub.take(supports[j], axis=1 + ax)
    out = []
    for g, i in enumerate(mixers):
        own = np.moveaxis(sub[i], g, 0)
        out.append(np.ascontiguousarray(own[1:] - own[:1]))
    return out


def _support_tensors_batch(fpay: np.ndarray, group: list[tuple[tuple[int, ...], ...]],
                           mixers: list[int]) -> list[np.ndarray]:
    """:func:`_support_tensors` for support profiles with the same mixers and sizes, stacked on a first axis."""
    n = fpay.shape[0]
    idx = []
    for j in range(n):
        if j in mixers:
            arr = np.array([sp[j] for sp in group], dtype=np.intp)  # (B, k_j)
            shape_j = [len(group)] + [1] * len(mixers)
            shape_j[1 + mixers.index(j)] = arr.shape[1]
            idx.append(arr.reshape(shape_j))
        else:
            idx.append(np.array([sp[j][0] for sp in group], dtype=np.intp).reshape([len(group)] + [1] * len(mixers)))
    sub = fpay[(slice(None), *idx)]  # (n, B, k_mixer...)
    out = []
    for g, i in enumerate(mixers):
        own = np.moveaxis(sub[i], 1 + g, 1)
        out.append(np.ascontiguousarray(own[:, 1:] - own[:, :1]))
    return out


def _overdetermined_possible_batch(ds: np.ndarray) -> np.ndarray:
    """Whether each overdetermined player's equations (a stack of blocks of one shape) can have a common
    positive zero: no kernel means no; facing a two-strategy mixer, a rank drop of a pencil
    (:func:`_pencil_kernels_possible`) decides, all at once; else :func:`_overdetermined_possible`."""
    nb = ds.shape[0]
    c = ds.reshape(nb, ds.shape[1], -1)
    c = c / np.maximum(np.abs(c).reshape(nb, -1).max(axis=1), 1e-300)[:, None, None]
    sv = np.linalg.svd(c, compute_uv=False)
    out = c.shape[2] - np.sum(sv > 1e-9 * sv[:, :1], axis=1) > 0
    todo = np.flatnonzero(out)
    if todo.size and ds.ndim == 4 and 2 in ds.shape[2:]:
        out[todo] = _pencil_kernels_possible(ds[todo] if ds.shape[2] == 2 else np.transpose(ds[todo], (0, 1, 3, 2)))
    else:
        for k in todo:
            out[k] = _overdetermined_possible(ds[k])
    return out


def _linear_block(d: np.ndarray) -> tuple[str, np.ndarray | None]:
    """Solve ``d x = 0, sum(x) = 1`` in floats: ('unique', x), ('none', None) or ('degenerate', None)."""
    m = d.shape[1]
    scale = max(float(np.abs(d).max()), 1e-300)
    a = np.vstack([d / scale, np.ones((1, m))])
    b = np.zeros(a.shape[0])
    b[-1] = 1.0
    x, _, rank, sv = np.linalg.lstsq(a, b, rcond=None)
    resid = float(np.abs(a @ x - b).max())
    if resid > 1e-8:
        return "none", None
    if rank < m or sv[-1] < 1e-10 * sv[0]:
        return "degenerate", None
    return "unique", x


def _overdetermined_possible(d: np.ndarray) -> bool:
    """Whether an overdetermined player's equations can have a common positive zero.

    ``d`` has shape ``(k_i - 1, k_j, k_l, ...)``. The equations are linear in
    the products of the others' probabilities; without a non-zero kernel
    vector of that linear map there is no solution, and a one-dimensional
    kernel must itself be a positive product (rank one). (Facing a
    two-strategy mixer, :func:`_overdetermined_possible_batch` decides by a
    pencil instead.)
    """
    c = d.reshape(d.shape[0], -1)
    c = c / max(float(np.abs(c).max()), 1e-300)
    sv = np.linalg.svd(c, compute_uv=False) if c.size else np.zeros(0)
    rank = int(np.sum(sv > 1e-9 * (sv[0] if sv.size else 1.0)))
    null = c.shape[1] - rank
    if null == 0:
        return False
    if null > 2 or d.ndim != 3:
        return True
    if null == 2:
        return _rank_one_in_pencil(np.linalg.svd(c)[2][-2:].reshape(2, *d.shape[1:]))
    vec = np.linalg.svd(c)[2][-1].reshape(d.shape[1:])
    for ax in range(vec.ndim):
        unf = np.moveaxis(vec, ax, 0).reshape(vec.shape[ax], -1)
        s = np.linalg.svd(unf, compute_uv=False)
        if s.size > 1 and s[1] > 1e-8 * s[0]:
            return False
    flat = vec.ravel()
    return bool(np.all(flat >= -1e-9) or np.all(flat <= 1e-9))


def _pencil_kernels_possible(d: np.ndarray) -> np.ndarray:
    """Whether ``sum_a x_a d[b, :, a, :] y = 0`` has a solution with ``x = (1 - s, s)``, ``s`` real in
    ``[0, 1]``, for each system ``b``.

    ``d`` has shape ``(B, m, 2, k)``: an ``s`` at which the ``m x k`` pencil
    ``A + s B`` drops rank (:func:`._pencil3.real_rank_drops`). A pencil
    singular for every ``s`` proves nothing: then the answer is yes.
    """
    from ._pencil3 import real_rank_drops

    a = d[:, :, 0, :]
    sys_k, _, _, _, flagged = real_rank_drops(a, d[:, :, 1, :] - a, np.random.default_rng(0))
    out = flagged.copy()
    out[sys_k] = True
    return out


def _solve_one_mixer(game: NormalFormGame, exact_game: NormalFormGame, supports: tuple[tuple[int, ...], ...],
                     report: Any, continua: list[SupportContinuum]) -> bool:
    """One player mixes: the support's equilibria form a polytope, found exactly by its vertices
    (:mod:`._one_mixer`). False if there are too many constraints to enumerate its vertices."""
    from . import _one_mixer

    vertices = _one_mixer.polytope_vertices(list(exact_game._integer_payoffs()), supports)
    if vertices is None:
        return False
    if _one_mixer.interior_point(vertices) is None:
        return True  # every equilibrium here leaves a supported strategy unused: found on a smaller support
    profiles = [_one_mixer.full_profile(supports, game.shape, v) for v in vertices]
    if len(vertices) == 1:
        return report(profiles[0], None) is not None
    samples = [report(p, None, record=False) for p in profiles]
    if any(e is None for e in samples):
        return False  # cannot happen (the vertices satisfy every condition exactly); the general path decides
    labels = tuple(tuple(game.strategies[i][s] for s in supports[i]) for i in range(game.num_players))
    continua.append(SupportContinuum(
        labels, (), (), tuple(samples),
        "one player mixes, the others are pure: the equilibria on this support are exactly the convex hull of "
        "the sample points, which are its vertices", polytope=True))
    return True


def _report_points(points: list[dict[Any, Any]], profile: list[list[Any]], report: Any) -> None:
    """Report exact solutions of a support system (rational ones in Fractions, algebraic ones with their
    sympy values)."""
    import sympy

    for vals in points:
        sym = [[sympy.sympify(x).subs(vals) if not isinstance(x, int) else sympy.Integer(x) for x in p]
               for p in profile]
        if all(v.is_Rational for p in sym for v in p):
            report([[Fraction(int(v.p), int(v.q)) for v in p] for p in sym], None)
        else:
            # a solution set's fixed branches are not filtered to real ones as isolated solutions are
            _report_algebraic(sym, report)


def _sample_part(part: dict[Any, Any], composed: list[list[Any]], positive: list[Any], nonpositive: list[Any],
                 variables: list[Any], report: Any, rng: np.random.Generator) -> list[Equilibrium]:
    """Up to 3 certified equilibria with exactly the support, on one part of its solution set (the part gives
    some variables in terms of its free ones; ``composed`` is the profile on it, ``positive`` the supported
    probabilities and ``nonpositive`` the unused strategies' gains, all in the free variables).

    The free variables are drawn on the grid ``k / 1000`` (:data:`SAMPLE_DRAWS` draws), the conditions
    evaluated at all draws at once in floats, and the draws that look like equilibria are certified exactly,
    most interior first. A draw must give every supported strategy a positive probability: points on the
    boundary of the support are equilibria of smaller supports, found and listed there. Equilibria can fill
    a small share of a set (1-6 % of the draws on 2-D sets of 3x3x3 games with payoffs 0..1, where 20 exact
    draws found none). A part through square roots of non-squares is irrational at rational draws (all but
    a thin set): its points are certified in floats and carry their exact values, like irrational isolated
    equilibria. So are the points of a part with an implicit root (:class:`._polysystem.ImplicitRoot`):
    each draw of the free variables is taken at every real root there (exact values in ``CRootOf``).
    """
    import sympy

    free = [v for v in variables if v not in part]
    hidden = ps.implicit_root(part)
    hidden_variable = None if hidden is None else hidden.variable
    grid = np.unique(rng.integers(1, 1000, size=(SAMPLE_DRAWS if free else 1, len(free))), axis=0)
    try:
        args = (grid / 1000).T
        if hidden is not None:
            # each draw once per real root of the implicit variable's polynomial there
            grid, args = _with_real_roots(hidden, free, grid)
            free = [*free, hidden.variable]
        evaluate = sympy.lambdify(free, positive + nonpositive, modules="numpy")
        with np.errstate(all="ignore"):
            values = evaluate(*args)
            values = np.array([np.broadcast_to(np.asarray(v, dtype=complex), (len(grid),)) for v in values])
            values = np.where(np.abs(values.imag) <= 1e-9, values.real, np.nan)  # non-real: not a point
            probs, gain = values[:len(positive)], values[len(positive):]
            low = probs.min(axis=0, initial=np.inf)
            # gains measured against their size inside the simplex (a pole of the part elsewhere is no scale)
            scale = max(1.0, float(np.nanmax(np.abs(gain[:, low > 0]), initial=0.0)))
            worst = gain.max(axis=0, initial=-np.inf) / scale
            # inside the support, no unused strategy better (a tie is allowed); most interior first
            margin = np.where((low > 0) & (worst <= 1e-9), np.minimum(low, np.where(worst < -1e-9, -worst, np.inf)),
                              -np.inf)
    except (TypeError, ValueError, ZeroDivisionError, NameError):  # not numeric: nothing to screen with
        return []
    found: list[Equilibrium] = []
    for k in np.argsort(-margin, kind="stable")[:12]:
        if margin[k] == -np.inf or len(found) == 3:
            break
        sub = {v: sympy.Rational(int(grid[k, j]), 1000) for j, v in enumerate(free) if v is not hidden_variable}
        if hidden is not None:
            # the exact real root nearest the float one the draw was screened at
            roots = sympy.Poly(hidden.polynomial.xreplace(sub), hidden.variable).real_roots()
            if not roots:
                continue
            sub[hidden.variable] = min(roots, key=lambda r: abs(float(r) - float(args[-1][k])))
        if not _positive_at(positive, sub):
            continue
        eq = _report_cell(composed, sub, report, record=False)
        if eq is not None and eq not in found:
            found.append(eq)
    return found


def _with_real_roots(hidden: ps.ImplicitRoot, free: list[Any], grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Draws of the free variables (``grid``, in thousandths) repeated once per real root of the implicit
    variable's polynomial there: the repeated draws and the arguments to evaluate at, the roots last."""
    import sympy

    poly = sympy.Poly(hidden.polynomial, hidden.variable)
    coefficients = sympy.lambdify(free, poly.all_coeffs(), modules="numpy")
    with np.errstate(all="ignore"):
        table = np.array([np.broadcast_to(np.asarray(c, dtype=float), (len(grid),))
                          for c in coefficients(*(grid / 1000).T)])
        # the roots at every draw at once, as eigenvalues of companion matrices (draws where the leading
        # coefficient vanishes, a thin set, are left out)
        ok = np.flatnonzero(np.all(np.isfinite(table), axis=0)
                            & (np.abs(table[0]) > 1e-12 * np.abs(table).max(axis=0, initial=0.0)))
        degree = table.shape[0] - 1
        companion = np.zeros((len(ok), degree, degree))
        companion[:, 0, :] = -(table[1:, ok] / table[0, ok]).T
        companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1.0
        found = np.linalg.eigvals(companion) if len(ok) else np.zeros((0, degree), dtype=complex)
    draw, which = np.nonzero(np.abs(found.imag) <= 1e-9 * (1 + np.abs(found)))
    rows = ok[draw]
    return grid[rows], np.vstack([(grid[rows] / 1000).T, found.real[draw, which][None, :]])


def _report_cell(composed: list[list[Any]], at: dict[Any, Any], report: Any, record: bool = True
                 ) -> Equilibrium | None:
    """Report the profile of a part at a point of its free variables (rational, or algebraic: square roots or
    ``CRootOf``)."""
    import sympy

    prof = [[v.xreplace(at) for v in p] for p in composed]
    if any(v.has(sympy.nan, sympy.zoo) for p in prof for v in p):
        return None  # a pole of the part
    if all(v.is_Rational for p in prof for v in p):
        return report([[Fraction(int(v.p), int(v.q)) for v in p] for p in prof], None, record=record)
    if any(isinstance(v, sympy.CRootOf) for v in at.values()):
        return _report_algebraic(prof, report, record=record, approx=_numeric(composed, at))
    # square roots: exact values with rational denominators
    return _report_algebraic([[sympy.expand(sympy.radsimp(v)) for v in p] for p in prof], report, record=record)


def _positive_at(exprs: list[Any], at: dict[Any, Any]) -> bool:
    """Whether every expression is positive at the point: exactly at a rational point, else to 30 digits
    (an algebraic value within 1e-25 of 0 counts as 0)."""
    if all(v.is_Rational for v in at.values()):
        values = [x.xreplace(at) for x in exprs]
        if all(v.is_Rational for v in values):
            return all(v > 0 for v in values)
    return all(abs(v.imag) <= 1e-25 and v.real > 1e-25 for v in _numeric([exprs], at)[0])


def _numeric(rows: list[list[Any]], at: dict[Any, Any]) -> list[list[complex]]:
    """Expressions at a point of algebraic numbers, to 30 digits (each ``CRootOf`` evaluated once first:
    expressions in them evaluate a hundred times slower, measured); NaN at a pole."""
    import sympy

    near = {k: sympy.N(v, 40) if isinstance(v, sympy.CRootOf) else v for k, v in at.items()}
    out = []
    for row in rows:
        values = []
        for x in row:
            try:
                values.append(complex(sympy.N(sympy.sympify(x).xreplace(near), 30)))
            except (TypeError, ValueError):  # a pole: zoo or nan
                values.append(complex(np.nan))
        out.append(values)
    return out


def _report_algebraic(values: list[list[Any]], report: Any, record: bool = True,
                      approx: list[list[complex]] | None = None) -> Equilibrium | None:
    """Report a profile of algebraic numbers (sympy): certified in floats (evaluated to 30 digits first,
    unless ``approx`` gives them), with its exact values as ``profile_symbolic``; None if it is not real,
    has a negative probability, is a pole of a parametrisation, or fails the certificate."""
    import sympy

    try:
        approx = approx or [[complex(sympy.N(v, 30)) for v in p] for p in values]
    except (TypeError, ValueError):
        return None
    if any(abs(v.imag) > 1e-20 or v.real < -1e-12 for p in approx for v in p):
        return None
    floats, exact = [[max(v.real, 0.0) for v in p] for p in approx], tuple(tuple(p) for p in values)
    return report(floats, exact) if record else report(floats, exact, record=False)


def _excluded_by_constants(positive: list[Any], nonpositive: list[Any]) -> bool:
    """Whether a branch of a solution set holds no equilibrium by its constant conditions alone: a coordinate
    or gain fixed at a non-real number (the branch has no real point), a supported strategy's probability
    fixed at or below 0, or a gain fixed above 0.

    >>> import sympy
    >>> _excluded_by_constants([sympy.Rational(1, 2) + sympy.I, sympy.Symbol("t")], [])
    True
    >>> _excluded_by_constants([sympy.Rational(1, 2), sympy.Symbol("t")], [sympy.Integer(-1)])
    False
    """
    constants = [e for e in [*positive, *nonpositive] if e.is_number]
    if any(e.is_extended_real is False for e in constants):
        return True
    return (any(e.is_number and e.is_extended_real and bool(e <= 0) for e in positive)
            or any(e.is_number and e.is_extended_real and bool(e > 0) for e in nonpositive))


def _solve_general(game: NormalFormGame, exact_payoffs: list[np.ndarray], supports: tuple[tuple[int, ...], ...],
                   shape: tuple[int, ...], report: Any, continua: list[SupportContinuum],
                   skipped: list[Any], unsettled: list[Any],
                   off_boundary: Callable[[Any], bool] | None = None) -> None:
    """Solve one degenerate support exactly; ``off_boundary`` (the caller's boundary certificate) decides a
    solution set in which no sampled point is an equilibrium."""
    import sympy

    eqs, variables, profile = ps.support_polynomials(exact_payoffs, supports, shape)
    for i in range(len(shape)):
        # a player with more equations than the others have unknowns (generically no solution): its
        # equations alone are tried first, far cheaper than the whole system (measured: a (3, 3, 6)
        # support of a random 3x3x8 game, 20 ms against more than 10 s)
        own = {v for v in variables if v.name.startswith(f"x{i}_")}
        block = [e for e in eqs if not e.free_symbols & own]
        unknowns = sorted(set().union(*(e.free_symbols for e in block)), key=str) if block else []
        if len(block) > len(unknowns) and ps.inconsistent(block, unknowns):
            return
    kind, data = ps.solve_polynomial_system(eqs, variables)
    if kind == "points":
        _report_points(data, profile, report)
        return
    # a solution set: its isolated equilibria are pinned by deviations that tie (found exactly), the rest is
    # described by its parametrisation and sampled
    labels = tuple(tuple(game.strategies[i][s] for s in supports[i]) for i in range(len(shape)))
    basis, param = data
    # solutions that fix every variable are isolated points of the set: equilibria if they pass
    fixed = [d for d in param if len(d) == len(variables) and not any(v.free_symbols for v in d.values())]
    _report_points(fixed, profile, report)
    param = [d for d in param if not any(d is f for f in fixed)]
    gains = [g for _, g in ps.deviation_gains(exact_payoffs, supports, shape, profile)]
    pinned, finished = ps.points_with_tight_gains(eqs, variables, gains)
    _report_points(pinned, profile, report)
    if not finished:
        unsettled.append(labels)
    # each part in its free variables: the profile, the supported probabilities (> 0) and the unused
    # strategies' gains (<= 0); a part that fixes one of them wrongly holds no equilibrium with exactly this
    # support (for instance a part on the support's boundary, where smaller supports find its equilibria)
    parts = []
    for d in param:
        composed = [[sympy.sympify(x).subs(ps.explicit(d)) for x in p] for p in profile]
        positive = [composed[i][s] for i in range(len(shape)) for s in supports[i]]
        nonpositive = [sympy.sympify(g).subs(ps.explicit(d)) for g in gains]
        if not _excluded_by_constants(positive, nonpositive):
            parts.append((d, composed, positive, nonpositive))
    rng = np.random.default_rng(0)
    samples: list[Equilibrium] = []
    for d, composed, positive, nonpositive in parts:
        for eq in _sample_part(d, composed, positive, nonpositive, variables, report, rng):
            if eq not in samples and len(samples) < 3:
                samples.append(eq)
    timed_out = False
    if not samples:
        # decided exactly where the draws can miss a thin piece: a curve in one variable (rational, or through
        # one square root), whose equilibria form open intervals between the roots of the conditions, each
        # decided at one point; a plane curve through an implicit root, or a plane of two free variables,
        # by a cylindrical decomposition (``curve_points``, ``region_points``)
        decided = True
        for d, composed, positive, nonpositive in parts:
            free_here = [v for v in variables if v not in d]
            hidden = ps.implicit_root(d)
            cells = None
            try:
                if hidden is not None:
                    if len(free_here) == 1:
                        cells = ps.curve_points(hidden.polynomial, hidden.variable, free_here[0], positive,
                                                nonpositive)
                elif len(free_here) == 2:
                    cells = ps.region_points(free_here[0], free_here[1], positive, nonpositive)
                elif len(free_here) == 1:
                    points = ps.sign_intervals(positive, nonpositive, free_here[0])
                    if points is not None:
                        cells = ([{free_here[0]: sympy.Rational(x.numerator, x.denominator)} for x in points], [])
            except ps.EliminationTimeout:
                # past the budget (its timer repeats until the support is left: nothing slow after this);
                # the isolated equilibria were searched for above, the set itself is left undecided (a note)
                decided, timed_out = False, True
                break
            if cells is None:
                decided = False
                continue
            arcs, points = cells
            for at in arcs:
                eq = _report_cell(composed, at, report, record=False)
                if eq is None:
                    decided = False  # not expected: the point meets every condition; keep the set listed
                elif eq not in samples:
                    samples.append(eq)
            for at in points:  # where the conditions can hold off the arcs: each certified, or not an equilibrium
                _report_cell(composed, at, report)
        if not samples and decided:
            return  # no interval of equilibria on any part of the set; its isolated ones were searched above
    if not samples:
        # a solution set with no sampled equilibrium: kept out of continua, but not hidden
        if timed_out or off_boundary is None or not off_boundary(supports):
            skipped.append(labels)
        return
    continua.append(SupportContinuum(
        labels, tuple(str(e) for e in basis), tuple({str(k): str(v) for k, v in d.items()} for d, *_ in parts),
        tuple(samples),
        "the indifference system of this support has a positive-dimensional solution set (its parts that can hold "
        "equilibria with exactly this support are given); variables x<i>_<s> are player i's probabilities of "
        "strategy s (the first supported strategy takes the remainder); points of the set are equilibria with "
        "this support where every supported strategy has a positive probability and no unused strategy is "
        "better (on the boundary they are equilibria of smaller supports, listed there)"))
