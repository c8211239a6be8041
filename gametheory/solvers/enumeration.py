"""Every extreme Nash equilibrium of a two-player game, with components.

The method is the labelled-polytope characterisation of Nash equilibria (von
Stengel 2002, "Computing equilibria for two-person games", Handbook of Game
Theory 3, ch. 45). With payoffs shifted to be positive, the best-response
polytopes are

    P = {x >= 0 : B^T x <= 1}      Q = {y >= 0 : A y <= 1}

and the extreme equilibria are the completely labelled vertex pairs
``(x, y) != (0, 0)``, normalised. The vertices of ``P`` are enumerated by a
batched basis search (:mod:`._vertices`); for a non-degenerate vertex ``x``
the labels it lacks determine ``y`` by one linear solve (done for all
vertices at once). Degenerate vertices fall back to enumerating ``Q`` and
matching label sets. For exact games every equilibrium is then recomputed in
rational arithmetic from its tight constraints and verified exactly.

Where extreme equilibria share a strategy they span continua: the maximal
Nash subsets are the maximal complete bipartite subgraphs of the graph that
joins ``x`` and ``y`` when ``(x, y)`` is an extreme equilibrium, and the
connected components of that graph are the components of the equilibrium set.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from itertools import combinations
from math import comb, lcm
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import InvalidGameError, ParameterError
from ._exact_pivot import extreme_equilibrium_pairs, positive_integer_matrices
from ._rational import float_safe
from ._vertices import SearchExpired, enumerate_vertices
from .result import Equilibrium, EquilibriumResult, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["enumerate_extreme_equilibria"]

METHOD = "vertex-enumeration"
#: Above this many face systems, degenerate vertices are matched against all vertices of Q instead.
_MAX_FACE_SYSTEMS = 200_000
#: A system whose determinant is below this fraction of the product of its row norms counts as singular.
_SINGULAR = 1e-14
#: Face systems are solved in pieces of about this many matrix entries (bounded memory).
_FACE_ENTRIES = 4_000_000


def enumerate_extreme_equilibria(game: NormalFormGame, *, exact: bool | None = None,
                                 time_limit: float | None = None,
                                 progress: Callable[[str], None] | None = None) -> EquilibriumResult:
    """All extreme Nash equilibria of a two-player game, and the components they span.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool, optional
        Compute and verify in rational arithmetic (the default for exact
        games). ``exact=False`` gives certified floating-point equilibria.
    time_limit : float, optional
        Seconds after which the search stops. The equilibria are only
        assembled once every vertex is known, so a search stopped early
        lists none: the result is then empty, marked incomplete, with a note.
    progress : callable, optional
        Called with a short description of the search (bases found so far)
        after each of its steps, for a progress display on long runs.

    Returns
    -------
    EquilibriumResult
        ``complete=True`` unless stopped by ``time_limit``. ``components``
        lists the maximal Nash subsets
        (index sets whose convex hulls consist of equilibria); each
        equilibrium's ``component`` is the index of the connected component
        of the equilibrium set it lies in.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> res = enumerate_extreme_equilibria(g)
    >>> [e.profile for e in res]  # doctest: +NORMALIZE_WHITESPACE
    [((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))),
     ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))),
     ((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))]
    >>> res[1].payoffs
    (Fraction(2, 3), Fraction(2, 3))
    """
    if game.num_players != 2:
        raise InvalidGameError(f"vertex enumeration needs two players, the game has {game.num_players}")
    if exact is None:
        exact = game.is_exact
    if exact and not game.is_exact:
        game = game.to_exact()
    if time_limit is not None and not time_limit > 0:
        raise ParameterError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    if game.is_exact and not float_safe(game.exact_payoff_array):
        return _exact_enumeration(game, exact, "the payoffs span more digits than floating point carries: "
                                               "vertices enumerated by exact rational pivoting")
    A, B = game.payoff_array
    tol = 1e-9
    exact_arrays = game.exact_payoff_array if game.is_exact else None
    try:
        pairs_x, pairs_y, x_bases, y_systems = _complementary_pairs(A, B, tol, exact_arrays, deadline, progress)
    except SearchExpired:
        note = (f"vertex enumeration stopped at the time limit of {time_limit:g} s, before the equilibria could "
                "be assembled: none is listed (Lemke-Howson finds some quickly)")
        return EquilibriumResult(game, METHOD, (), False, (), (note,))
    except np.linalg.LinAlgError:
        return _exact_enumeration(game, exact, "the floating-point search met a singular system: vertices "
                                               "enumerated by exact rational pivoting")
    notes: list[str] = []
    if not pairs_x:
        return EquilibriumResult(game, METHOD, (), True, (), ("no equilibrium candidate survived",))
    X = np.array(pairs_x)
    Y = np.array(pairs_y)
    X /= X.sum(axis=1, keepdims=True)
    Y /= Y.sum(axis=1, keepdims=True)
    # The same equilibrium is often reached from several bases: keep one candidate per profile.
    _, first = np.unique(np.round(np.hstack([X, Y]), 8), axis=0, return_index=True)
    first = np.sort(first)
    equilibria: list[Equilibrium] = []
    if exact:
        Ae, Be = game.exact_payoff_array
        Ai, sa = _integer_matrix(Ae)
        Bi, sb = _integer_matrix(Be)
        cache_x: dict[tuple, list[Fraction] | None] = {}
        cache_y: dict[tuple, list[Fraction] | None] = {}
        for k in first:
            kx, ky = tuple(int(v) for v in x_bases[k]), tuple(int(v) for v in y_systems[k])
            if kx not in cache_x:
                cache_x[kx] = _solve_exact_vertex(Bi, kx, transpose=True)
            if ky not in cache_y:
                cache_y[ky] = _solve_exact_vertex(Ai, ky, transpose=False)
            x, y = cache_x[kx], cache_y[ky]
            if x is None or y is None or sum(x) <= 0 or sum(y) <= 0:
                # The float search and the exact payoffs disagree: it may have missed vertices too.
                return _exact_enumeration(game, exact, "a floating-point vertex had no exact counterpart: "
                                                       "vertices enumerated by exact rational pivoting")
            sx, sy = sum(x), sum(y)
            eq = _certify_exact_bimatrix(game, Ai, Bi, (sa, sb), [v / sx for v in x], [v / sy for v in y])
            if eq is None:
                return _exact_enumeration(game, exact, "a floating-point candidate failed its exact certificate: "
                                                       "vertices enumerated by exact rational pivoting")
            equilibria.append(eq)
    else:
        equilibria, dropped = _certify_float_batch(game, X[first], Y[first])
        if dropped:
            notes.append(f"{dropped} candidate(s) failed the certificate and were dropped")
    return _assemble(game, equilibria, notes)


def _exact_enumeration(game: NormalFormGame, exact: bool, note: str) -> EquilibriumResult:
    """Every extreme equilibrium by exact pivoting (:mod:`._exact_pivot`), certified; for a float game
    its payoffs are taken as the rationals they are and the equilibria reported in floating point."""
    exact_game = game if game.is_exact else game.to_exact()
    A, B = positive_integer_matrices(exact_game.exact_payoff_array)
    equilibria = []
    dropped = 0
    for x, y in extreme_equilibrium_pairs(A, B):
        eq = certify(game, [x, y], exact=True) if exact else certify(game, [[float(v) for v in x],
                                                                            [float(v) for v in y]], exact=False)
        if eq is None:  # pragma: no cover - exact pairs are equilibria (a failure here is a bug)
            dropped += 1
            continue
        equilibria.append(eq)
    notes = [note] + ([f"{dropped} candidate(s) failed the certificate and were dropped"] if dropped else [])
    return _assemble(game, equilibria, notes)


def _assemble(game: NormalFormGame, equilibria: list[Equilibrium], notes: list[str]) -> EquilibriumResult:
    """Sort, deduplicate and group certified equilibria into the result (components, maximal Nash subsets)."""
    equilibria.sort(key=lambda e: tuple(float(v) for p in e.profile for v in p))
    equilibria = _dedupe(equilibria)
    components, component_of = _components([_rounded(e.profile[0]) for e in equilibria],
                                           [_rounded(e.profile[1]) for e in equilibria])
    equilibria = [replace(e, component=c) for e, c in zip(equilibria, component_of)]
    return EquilibriumResult(game, METHOD, tuple(equilibria), True, tuple(components), tuple(sorted(set(notes))))


def _certify_float_batch(game: NormalFormGame, X: np.ndarray, Y: np.ndarray) -> tuple[list[Equilibrium], int]:
    """Certify many float candidates at once: regret from two matrix products per player."""
    A, B = game.payoff_array
    X = np.clip(X, 0.0, None)
    Y = np.clip(Y, 0.0, None)
    X /= X.sum(axis=1, keepdims=True)
    Y /= Y.sum(axis=1, keepdims=True)
    AY = Y @ A.T  # (E, m): row player's payoff of each pure strategy
    XB = X @ B  # (E, n)
    u1 = np.einsum("em,em->e", X, AY)
    u2 = np.einsum("en,en->e", Y, XB)
    regret = np.maximum(np.maximum(AY.max(axis=1) - u1, XB.max(axis=1) - u2), 0.0)
    good = regret <= game.tolerance()
    out = [
        Equilibrium((tuple(x.tolist()), tuple(y.tolist())), (float(a), float(b)), float(r), False,
                    game.players, game.strategies)
        for x, y, a, b, r in zip(X[good], Y[good], u1[good], u2[good], regret[good])
    ]
    return out, int((~good).sum())


def _certify_exact_bimatrix(game: NormalFormGame, Ai: list[list[int]], Bi: list[list[int]],
                            scales: tuple[tuple[Fraction, int], tuple[Fraction, int]],
                            x: list[Fraction], y: list[Fraction]) -> Equilibrium | None:
    """Exact certificate of a bimatrix profile in integer arithmetic (no Fractions in the inner loops).

    ``Ai`` and ``Bi`` are positive affine images of the payoffs (:func:`_integer_matrix`), which leave
    best responses, and so the regret's sign, unchanged; the payoffs reported are the game's own.
    """
    if any(v < 0 for v in x) or any(v < 0 for v in y) or sum(x) != 1 or sum(y) != 1:
        return None
    dx = lcm(*(v.denominator for v in x))
    dy = lcm(*(v.denominator for v in y))
    px = [int(v * dx) for v in x]
    py = [int(v * dy) for v in y]
    ay = [sum(a * b for a, b in zip(row, py)) for row in Ai]  # (A y) * dy
    xb = [sum(px[i] * Bi[i][j] for i in range(len(px))) for j in range(len(py))]  # (x B) * dx
    if max(ay) * dx != sum(a * b for a, b in zip(px, ay)) or max(xb) * dy != sum(a * b for a, b in zip(py, xb)):
        return None
    (lo_a, den_a), (lo_b, den_b) = scales
    payoffs = (Fraction(sum(a * b for a, b in zip(px, ay)), dx * dy * den_a) + lo_a - 1,
               Fraction(sum(a * b for a, b in zip(py, xb)), dx * dy * den_b) + lo_b - 1)
    return Equilibrium((tuple(x), tuple(y)), tuple(payoffs), 0.0, True, game.players, game.strategies)


def _integer_matrix(M: np.ndarray) -> tuple[list[list[int]], tuple[Fraction, int]]:
    """Shift an exact payoff matrix to be positive and scale it to integers (same equilibria).

    Returns the integer matrix ``(M - lo + 1) * den`` and ``(lo, den)``.
    """
    lo = min(M.flat)
    shifted = [[v - lo + 1 for v in row] for row in M.tolist()]
    den = 1
    for row in shifted:
        for v in row:
            den = lcm(den, v.denominator)
    return [[int(v * den) for v in row] for row in shifted], (lo, den)


# --------------------------------------------------------------------------- float search
def _complementary_pairs(A: np.ndarray, B: np.ndarray, tol: float, exact: np.ndarray | None = None,
                         deadline: float | None = None,
                         progress: Callable[[str], None] | None = None) -> tuple[list, list, list, list]:
    """Completely labelled vertex pairs of (P, Q) in floating point.

    Returns the x and y vertices and, for each, the indices of ``d`` tight
    constraints that determine it (game labels: ``i < m`` is ``x_i = 0`` or
    ``(A y)_i = 1``; ``m + j`` is ``(B^T x)_j = 1`` or ``y_j = 0``).

    The polytope searched is the one of lower dimension (a polytope with ``K``
    facets in dimension ``d`` has up to about ``K^(d/2)`` vertices), so a game
    with fewer columns than rows is solved with the players' roles swapped.
    Past ``deadline`` (a :func:`time.perf_counter` reading) it raises
    :class:`._vertices.SearchExpired`; ``progress`` hears the vertex counts.
    """
    m, n = A.shape
    if n < m:
        swapped = None if exact is None else np.stack([exact[1].T, exact[0].T])
        ys, xs, ysb, xsb = _complementary_pairs(B.T, A.T, tol, swapped, deadline, progress)
        # Swapped game labels: l < n is old m + l; n + i is old i.
        back = np.concatenate([np.arange(m, m + n), np.arange(m)])
        return xs, ys, [back[np.asarray(b)] for b in xsb], [back[np.asarray(b)] for b in ysb]
    # Any positive affine rescaling keeps the labelled structure. Entries in [0.1, 1.1] keep tolerances
    # meaningful without making the rows nearly parallel (as a large shift would).
    Ap = (A - A.min()) / max(float(np.ptp(A)), 1e-300) + 0.1
    Bp = (B - B.min()) / max(float(np.ptp(B)), 1e-300) + 0.1

    def counting(polytope: str) -> Callable[[int], None] | None:
        if progress is None:
            return None
        return lambda count: progress(f"vertex enumeration: {count:,} bases of {polytope}")

    # labels already in game numbering
    xv, xl, xb = enumerate_vertices(Bp.T, tol=tol, deadline=deadline, progress=counting("the first polytope"))
    keep = xv.sum(axis=1) > 0
    xv, xl, xb = xv[keep], xl[keep], xb[keep]
    # Rows of Q's constraints in game-label numbering: (A y)_i = 1 for i < m, y_j = 0 for m + j.
    H = np.vstack([Ap, np.eye(n)])
    rhs = np.concatenate([np.ones(m), np.zeros(n)])
    # y must make every label x lacks tight. A vertex y of that face is fixed by those rows plus
    # s = |L(x)| - m rows chosen among x's own labels (s = 0 when x is non-degenerate).
    counts = xl.sum(axis=1)
    sys_rows: list[np.ndarray] = []
    owner: list[np.ndarray] = []
    fallback = np.zeros(len(xv), dtype=bool)
    order = np.argsort(xl, axis=1, kind="stable")  # missing labels first, then x's labels
    for extra in np.unique(counts - m):
        rows = np.flatnonzero(counts - m == extra)
        if extra > 0 and comb(m + extra, extra) * len(rows) > _MAX_FACE_SYSTEMS:
            fallback[rows] = True
            continue
        missing = order[rows, : n - extra]
        labels = order[rows, n - extra:]
        for choice in combinations(range(m + extra), extra):
            sys_rows.append(np.concatenate([missing, labels[:, list(choice)]], axis=1))
            owner.append(rows)
    out_x: list[np.ndarray] = []
    out_y: list[np.ndarray] = []
    out_xb: list[np.ndarray] = []
    out_ys: list[np.ndarray] = []
    if sys_rows:
        idx = np.vstack(sys_rows)
        who = np.concatenate(owner)
        # singular systems are not vertices: a scaled determinant tells (exactly where it is doubtful)
        singular = _SingularityTest(A if exact is None else exact[0], H.shape[1])
        y, ok = _face_points(Ap, idx, singular, deadline)
        with np.errstate(invalid="ignore"):
            feasible = ok & np.all(y >= -tol, axis=1) & np.all(y @ Ap.T <= 1 + tol, axis=1)
            feasible &= np.nansum(y, axis=1) > tol
        # If every system of some x is singular, the rows it lacks may be dependent: be thorough.
        any_ok = np.zeros(len(xv), dtype=bool)
        any_ok[who[ok]] = True
        lacking = np.zeros(len(xv), dtype=bool)
        lacking[who] = True
        fallback |= lacking & ~any_ok
        for r, yy, ii in zip(who[feasible], y[feasible], idx[feasible]):
            out_x.append(xv[r])
            out_y.append(np.maximum(yy, 0.0))
            out_xb.append(xb[r])
            out_ys.append(ii)
    if fallback.any():
        # The labels some x lacks give dependent rows: keep an independent subset, complete it
        # with rows among x's labels, and check afterwards that every lacking row is tight.
        test = _SingularityTest(A if exact is None else exact[0], n)
        fallback = _dependent_faces(fallback, xv, xl, xb, H, rhs, Ap, tol, test, (out_x, out_y, out_xb, out_ys))
    if fallback.any():
        yv, yl, yb = enumerate_vertices(Ap, tol=tol, deadline=deadline, progress=counting("the second polytope"))
        # Q's own numbering is [y_j = 0 (n), (A y)_i = 1 (m)]; convert to game labels.
        yl = np.concatenate([yl[:, n:], yl[:, :n]], axis=1)
        yb = np.where(yb < n, yb + m, yb - n)
        keepy = yv.sum(axis=1) > 0
        yv, yl, yb = yv[keepy], yl[keepy], yb[keepy]
        for r in np.flatnonzero(fallback):
            for c in np.flatnonzero(np.all(xl[r][None, :] | yl, axis=1)):
                out_x.append(xv[r])
                out_y.append(yv[c])
                out_xb.append(xb[r])
                out_ys.append(yb[c])
    return out_x, out_y, out_xb, out_ys


def _face_points(Ap: np.ndarray, idx: np.ndarray, singular: _SingularityTest,
                 deadline: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The points ``y`` that make the ``n`` constraints ``idx`` of each system tight, and which systems are
    non-singular (``y`` is NaN for the others).

    Constraint ``i < m`` is ``(A y)_i = 1``, ``m + j`` is ``y_j = 0``. The unit rows only fix coordinates at
    zero, so each ``n x n`` system is the ``k x k`` system of its ``k`` rows of ``A`` on the ``k`` columns
    not fixed (its determinant is the full one up to sign). Solving that instead keeps the work and memory
    at ``k <= m`` per system, not ``n``: a vertex of ``P`` has at most ``m`` such rows.
    """
    m, n = Ap.shape
    count = len(idx)
    y = np.full((count, n), np.nan)
    ok = np.zeros(count, dtype=bool)
    is_row = idx < m
    k_of = is_row.sum(axis=1)
    free = np.ones((count, n), dtype=bool)
    fixed = np.nonzero(~is_row)
    free[fixed[0], idx[fixed] - m] = False
    log_row_norm = np.log(np.linalg.norm(Ap, axis=1))
    for k in np.unique(k_of).tolist():
        for part in _pieces(np.flatnonzero(k_of == k), max(1, _FACE_ENTRIES // max(k * k, 1))):
            if deadline is not None and time.perf_counter() > deadline:
                raise SearchExpired
            rows = idx[part][is_row[part]].reshape(len(part), k)
            cols = np.nonzero(free[part])[1].reshape(len(part), k)
            mats = Ap[rows[:, :, None], cols[:, None, :]]
            good = singular.nonsingular(mats, idx[part], log_row_norm[rows].sum(axis=1)) if k else np.ones(
                len(part), dtype=bool)
            sel = part[good]
            y[sel] = 0.0
            if k and sel.size:
                y[sel[:, None], cols[good]] = np.linalg.solve(mats[good], np.ones((sel.size, k, 1)))[:, :, 0]
            ok[sel] = True
    return y, ok


def _pieces(items: np.ndarray, size: int) -> list[np.ndarray]:
    return [items[s:s + size] for s in range(0, len(items), size)]


class _SingularityTest:
    """Decide which systems over Q's constraint rows are singular.

    A clearly non-zero scaled determinant settles it in floating point; the
    doubtful ones (ill-conditioned games such as von Stengel's 75-equilibrium
    game have legitimate systems with a scaled determinant near 1e-17) are
    decided exactly, in integers, from the exact payoffs.
    """

    def __init__(self, A: np.ndarray, n: int) -> None:
        self._A = A
        self._n = n
        self._rows: list[list[int]] | None = None

    def nonsingular(self, mats: np.ndarray, idx: np.ndarray, log_norms: np.ndarray) -> np.ndarray:
        """Which of the systems ``idx`` are non-singular, from the determinants of their reduced matrices
        ``mats`` (see :func:`_face_points`) and the summed log norms of their full rows."""
        sign, logdet = np.linalg.slogdet(mats)
        rel = logdet - log_norms
        ok = (sign != 0) & (rel > np.log(_SINGULAR))
        for k in np.flatnonzero(~ok):
            ok[k] = self._exact_nonsingular(idx[k])
        return ok

    def _exact_nonsingular(self, rows: np.ndarray) -> bool:
        if self._rows is None:
            # Integer image of the same positive affine transform as in floating point: singularity
            # of the systems depends on the shift, so it must be the same (+1/10 of the range).
            M = np.asarray(self._A)
            exact = [[Fraction(v) if isinstance(v, Fraction) else Fraction(float(v)) for v in row] for row in M.tolist()]
            lo = min(min(r) for r in exact)
            hi = max(max(r) for r in exact)
            span = hi - lo if hi > lo else Fraction(1)
            scaled = [[(v - lo) / span + Fraction(1, 10) for v in row] for row in exact]
            den = 1
            for row in scaled:
                for v in row:
                    den = lcm(den, v.denominator)
            m = len(scaled)
            self._rows = [[int(v * den) for v in row] for row in scaled]
            self._rows += [[int(k == j) for k in range(self._n)] for j in range(self._n)]
            self._m = m
        aug = [list(self._rows[int(r)]) + [0] for r in rows]
        return _bareiss_solve(aug) is not None


def _dependent_faces(todo: np.ndarray, xv: np.ndarray, xl: np.ndarray, xb: np.ndarray, H: np.ndarray,
                     rhs: np.ndarray, Ap: np.ndarray, tol: float, singular: _SingularityTest,
                     out: tuple[list, list, list, list]) -> np.ndarray:
    """Match the x vertices whose lacking labels give dependent rows; return those still unmatched."""
    n = H.shape[1]
    left = np.zeros_like(todo)
    for r in np.flatnonzero(todo):
        missing = np.flatnonzero(~xl[r])
        present = np.flatnonzero(xl[r])
        basis: list[int] = []
        for lab in missing:  # greedy independent subset of the lacking rows
            if np.linalg.matrix_rank(H[basis + [lab]]) > len(basis):
                basis.append(int(lab))
        k = n - len(basis)
        if comb(len(present), k) > _MAX_FACE_SYSTEMS // 10:
            left[r] = True
            continue
        idx = np.array([basis + list(c) for c in combinations(present.tolist(), k)], dtype=np.intp).reshape(-1, n)
        y, ok = _face_points(Ap, idx, singular)
        if not ok.any():
            continue
        idx, y = idx[ok], y[ok]
        feasible = np.all(y >= -tol, axis=1) & np.all(y @ Ap.T <= 1 + tol, axis=1) & (y.sum(axis=1) > tol)
        feasible &= np.all(np.abs(y @ H[missing].T - rhs[missing]) <= 10 * tol, axis=1)
        for yy, ii in zip(y[feasible], idx[feasible]):
            out[0].append(xv[r])
            out[1].append(np.maximum(yy, 0.0))
            out[2].append(xb[r])
            out[3].append(ii)
    return left


# --------------------------------------------------------------------------- exact recovery
def _solve_exact_vertex(Mi: list[list[int]], labels: Any, *, transpose: bool) -> list[Fraction] | None:
    """Solve exactly for the vertex whose tight constraints are ``labels`` (game numbering).

    ``Mi`` is the integer-scaled positive payoff matrix (scaling changes the
    vertex but not the normalised strategy). For ``P`` (``transpose=True``,
    ``Mi`` from ``B``): label ``i < m`` is ``x_i = 0``, ``m + j`` is
    ``(B^T x)_j = 1``. For ``Q`` (``Mi`` from ``A``): label ``i < m`` is
    ``(A y)_i = 1``, ``m + j`` is ``y_j = 0``.
    """
    m, n = len(Mi), len(Mi[0])
    d = m if transpose else n
    # Unit constraints (x_i = 0 in P, y_j = 0 in Q) only fix coordinates at zero: the others solve the
    # square system of the remaining rows on the free coordinates, of size at most min(m, n).
    fixed: set[int] = set()
    rows: list[list[int]] = []
    for lab in labels:
        if transpose:
            if lab < m:
                fixed.add(int(lab))
            else:
                rows.append([Mi[i][lab - m] for i in range(m)])
        elif lab < m:
            rows.append(list(Mi[lab]))
        else:
            fixed.add(int(lab) - m)
    free = [k for k in range(d) if k not in fixed]
    if len(labels) != d or len(free) != len(rows):
        return None  # a repeated label: the system is singular
    out = [Fraction(0)] * d
    if free:
        sol = _bareiss_solve([[row[k] for k in free] + [1] for row in rows])
        if sol is None:
            return None
        for k, v in zip(free, sol):
            out[k] = v
    return out


def _bareiss_solve(aug: list[list[int]]) -> list[Fraction] | None:
    """Solve an integer augmented system ``[M | b]`` exactly (fraction-free Bareiss); ``None`` if singular."""
    d = len(aug)
    prev = 1
    for c in range(d):
        piv = next((r for r in range(c, d) if aug[r][c] != 0), None)
        if piv is None:
            return None
        if piv != c:
            aug[c], aug[piv] = aug[piv], aug[c]
        pc = aug[c]
        for r in range(c + 1, d):
            row = aug[r]
            f = row[c]
            for k in range(c + 1, d + 1):
                row[k] = (row[k] * pc[c] - f * pc[k]) // prev
            row[c] = 0
        prev = pc[c]
    # Fraction-free back substitution: x = N / det with N integral (Cramer), so each division is exact.
    det = aug[d - 1][d - 1]
    num = [0] * d
    for r in range(d - 1, -1, -1):
        row = aug[r]
        acc = row[d] * det - sum(row[k] * num[k] for k in range(r + 1, d))
        num[r] = acc // row[r]
    return [Fraction(v, det) for v in num]


# --------------------------------------------------------------------------- components
def _dedupe(eqs: list[Equilibrium]) -> list[Equilibrium]:
    seen: set[tuple] = set()
    out = []
    for e in eqs:
        key = _rounded(e.profile)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _rounded(profile: Any) -> tuple:
    return tuple(v if isinstance(v, Fraction) else round(float(v), 9) for p in profile for v in (p if isinstance(p, tuple) else (p,)))


def _components(kx: list[Any], ky: list[Any]) -> tuple[list[tuple[int, ...]], list[int]]:
    """Maximal Nash subsets (as equilibrium index sets) and the connected component of each equilibrium."""
    xs = {k: i for i, k in enumerate(dict.fromkeys(kx))}
    ys = {k: i for i, k in enumerate(dict.fromkeys(ky))}
    edges = [(xs[a], ys[b]) for a, b in zip(kx, ky)]
    edge_index = {e: i for i, e in enumerate(edges)}
    # Connected components by union-find over x and y vertices.
    parent = list(range(len(xs) + len(ys)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        ra, rb = find(a), find(len(xs) + b)
        if ra != rb:
            parent[ra] = rb
    roots = [find(a) for a, _ in edges]
    comp_ids = {r: i for i, r in enumerate(dict.fromkeys(roots))}
    component_of = [comp_ids[r] for r in roots]
    # Maximal bicliques: close the neighbourhoods N(x) under intersection (a Galois closure).
    nbr_x: dict[int, frozenset[int]] = {}
    for a, b in edges:
        nbr_x[a] = nbr_x.get(a, frozenset()) | {b}
    nbr_y: dict[int, frozenset[int]] = {}
    for a, b in edges:
        nbr_y[b] = nbr_y.get(b, frozenset()) | {a}
    closed: set[frozenset[int]] = set()
    todo = [frozenset(v) for v in nbr_x.values()]
    while todo:
        ys_set = todo.pop()
        if ys_set in closed or not ys_set:
            continue
        closed.add(ys_set)
        for other in list(closed):
            inter = ys_set & other
            if inter and inter not in closed:
                todo.append(inter)
    cliques = []
    for ys_set in closed:
        x_set = frozenset.intersection(*(nbr_y[b] for b in ys_set))
        members = tuple(sorted(edge_index[(a, b)] for a in x_set for b in ys_set))
        cliques.append(members)
    # Keep maximal ones only.
    sets = sorted({frozenset(c) for c in cliques}, key=len, reverse=True)
    maximal: list[frozenset[int]] = []
    for s in sets:
        if not any(s < t for t in maximal):
            maximal.append(s)
    return sorted(tuple(sorted(s)) for s in maximal), component_of
