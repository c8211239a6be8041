"""Lemke-Howson complementary pivoting for two-player games, from every starting label.

With payoffs mapped to be positive, the best-response polytopes are

    P = {x >= 0 : B^T x <= 1}      Q = {y >= 0 : A y <= 1}

and a pair of vertices is an equilibrium (after normalising) when every label
``0 .. m+n-1`` is present: label ``i < m`` when ``x_i = 0`` or ``(A y)_i = 1``,
label ``m + j`` when ``(B^T x)_j = 1`` or ``y_j = 0``. Starting from the
artificial pair ``(0, 0)``, dropping label ``k`` and pivoting alternately in
the two tableaux until ``k`` is picked up again ends at an equilibrium
(Lemke and Howson 1964; von Stengel 2002, Handbook of Game Theory 3, ch. 45).

The ratio test is lexicographic (ties broken by the rows of the current basis
inverse), so every basis is visited at most once and the path terminates on
degenerate games too. Each path's end point is recomputed from its final
bases (the tight constraints): in floating point by a linear solve, and for
exact games in rational arithmetic, then certified. Different labels often
reach the same equilibrium; the notes record which label led where.

Where floating point cannot be trusted the path is followed in exact rational
arithmetic (:mod:`._exact_pivot`): from the start for exact games whose payoffs
span more than floats resolve (:func:`._rational.float_safe`), and for any path
whose float end point fails its certificate. So every label ends at a certified
equilibrium, whatever the payoffs' magnitude.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ..exceptions import InvalidGameError, InvalidProfileError
from ._exact_pivot import lemke_howson_path as exact_path
from ._exact_pivot import positive_integer_matrices
from ._rational import float_safe, integer_payoffs, solve_exact
from .result import Equilibrium, EquilibriumResult, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["lemke_howson"]

METHOD = "lemke-howson"
#: Pivot entries at or below this count as zero (payoffs are mapped onto [1, 2] first).
_EPS = 1e-11
#: Ratios within this of the minimum tie and go to the lexicographic tie-break.
_TIE = 1e-9


def _tableaux(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, list[int], np.ndarray, list[int]]:
    """Initial tableaux (columns indexed by label, last column the right-hand side) and bases."""
    m, n = A.shape
    # P: B^T x + s = 1, columns x_0..x_{m-1} (labels 0..m-1), s_0..s_{n-1} (labels m..m+n-1).
    TP = np.hstack([B.T, np.eye(n), np.ones((n, 1))])
    # Q: r + A y = 1, columns r_0..r_{m-1} (labels 0..m-1), y_0..y_{n-1} (labels m..m+n-1).
    TQ = np.hstack([np.eye(m), A, np.ones((m, 1))])
    return TP, list(range(m, m + n)), TQ, list(range(m))


def _lex_min_ratio(T: np.ndarray, col: int, slack_cols: slice) -> int:
    """Leaving row by the lexicographic minimum ratio test."""
    column = T[:, col]
    rows = np.flatnonzero(column > _EPS)
    if rows.size == 0:  # pragma: no cover - impossible with positive payoff matrices
        raise InvalidGameError("Lemke-Howson: unbounded pivot column")
    piv = column[rows]
    ratios = T[rows, -1] / piv
    keep = ratios <= ratios.min() + _TIE
    if np.count_nonzero(keep) == 1:  # the usual, non-degenerate case
        return int(rows[np.argmax(keep)])
    # Degenerate: break the tie by the rows of the basis inverse (the initial slack columns).
    rows, piv = rows[keep], piv[keep]
    keys = T[np.ix_(rows, range(slack_cols.start, slack_cols.stop))] / piv[:, None]
    for k in range(keys.shape[1]):
        vals = keys[:, k]
        keep = vals <= vals.min() + _TIE
        rows, keys = rows[keep], keys[keep]
        if rows.size == 1:
            break
    return int(rows[0])


def _pivot(T: np.ndarray, r: int, c: int) -> None:
    piv = T[r] / T[r, c]
    T -= T[:, c:c + 1] * piv
    T[r] = piv


def _lemke_howson_path(A: np.ndarray, B: np.ndarray, label: int,
                       max_pivots: int) -> tuple[list[int], list[int], int] | None:
    """Follow the path that drops ``label``; return the final bases of P and Q and the pivot count.

    ``A`` and ``B`` must be positive. ``None`` if ``max_pivots`` is exceeded.
    """
    m, n = A.shape
    TP, basis_p, TQ, basis_q = _tableaux(A, B)
    # The tableau in which the entering label is non-basic: x_k lives in P, y_j in Q.
    in_p = label < m
    entering = label
    for count in range(1, max_pivots + 1):
        if in_p:
            r = _lex_min_ratio(TP, entering, slice(m, m + n))
            _pivot(TP, r, entering)
            leaving, basis_p[r] = basis_p[r], entering
        else:
            r = _lex_min_ratio(TQ, entering, slice(0, m))
            _pivot(TQ, r, entering)
            leaving, basis_q[r] = basis_q[r], entering
        if leaving == label:
            return basis_p, basis_q, count
        entering, in_p = leaving, not in_p
    return None


def _strategies_from_bases(m: int, basis_p: list[int], basis_q: list[int]):  # type: ignore[no-untyped-def]
    """Supports and tight constraints: (basic x, tight B^T columns, basic y, tight A rows)."""
    xs = sorted(i for i in basis_p if i < m)
    cols = sorted(j - m for j in range(m, m + len(basis_p)) if j not in basis_p)
    ys = sorted(j - m for j in basis_q if j >= m)
    rows = sorted(i for i in range(m) if i not in basis_q)
    return xs, cols, ys, rows


def _float_vertex(M: np.ndarray, support: list[int], size: int) -> np.ndarray | None:
    """Solve ``M[:, support] z = 1`` (square) for a vertex of a best-response polytope."""
    out = np.zeros(size)
    if not support:
        return None
    try:
        out[support] = np.linalg.solve(M[:, support], np.ones(len(support)))
    except np.linalg.LinAlgError:
        return None
    return out


def _exact_vertex(M: np.ndarray, support: list[int], size: int) -> list[Fraction] | None:
    sol = solve_exact([[M[r, c] for c in support] for r in range(M.shape[0])], [1] * M.shape[0])
    if sol is None:
        return None
    out = [Fraction(0)] * size
    for c, v in zip(support, sol):
        out[c] = v
    total = sum(out)
    return [v / total for v in out] if total > 0 else None


def _end_point(game: NormalFormGame, path: tuple[list[int], list[int], int], Ap: np.ndarray, Bp: np.ndarray,
               *, float_pivots: bool) -> Equilibrium | None:
    """The certified equilibrium at the end of a path, from its final bases (the tight constraints).

    ``Ap``, ``Bp`` are the positive matrices the path pivoted on (floats, or exact integers for exact
    pivots). Exact games are recovered and certified in rationals; float games from exact pivots are
    solved exactly and certified in floating point.
    """
    m, n = game.shape
    basis_p, basis_q, _ = path
    xs, cols, ys, rows = _strategies_from_bases(m, basis_p, basis_q)
    if game.is_exact or not float_pivots:
        if float_pivots:
            ints = integer_payoffs(game.exact_payoff_array)
            Ae = np.array(ints[0] - ints[0].min() + 1, dtype=object)
            Be = np.array(ints[1] - ints[1].min() + 1, dtype=object)
        else:
            Ae, Be = Ap, Bp
        x = _exact_vertex(Be.T[cols], xs, m)
        y = _exact_vertex(Ae[rows], ys, n)
        if x is None or y is None:
            return None
        if game.is_exact:
            return certify(game, [x, y], exact=True)
        return certify(game, [[float(v) for v in x], [float(v) for v in y]], exact=False)
    xf = _float_vertex(Bp.T[cols], xs, m)
    yf = _float_vertex(Ap[rows], ys, n)
    if xf is None or yf is None or not xf.sum() > 0 or not yf.sum() > 0:
        return None
    return certify(game, [xf / xf.sum(), yf / yf.sum()], exact=False)


def lemke_howson(game: NormalFormGame, *, initial_label: int | None = None,
                 max_pivots: int = 100_000) -> EquilibriumResult:
    """Equilibria of a two-player game by Lemke-Howson, from every starting label.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with ``m`` and ``n`` strategies.
    initial_label : int, optional
        Follow only the path that drops this label: ``0 .. m-1`` are player
        1's strategies, ``m .. m+n-1`` player 2's. By default all ``m + n``
        paths are followed.
    max_pivots : int
        Give up a path after this many pivots (Lemke-Howson paths can be
        exponentially long on purpose-built games); the notes say so.

    Returns
    -------
    EquilibriumResult
        Method ``"lemke-howson"``, ``complete=False`` (the equilibria reached
        by these paths, not necessarily all). Distinct equilibria in order of
        discovery, each certified (exactly for exact games); the notes record
        which labels led to which equilibrium.

    Examples
    --------
    Battle of the sexes: the paths find both pure equilibria (the mixed one
    is never the end of a path from the artificial equilibrium).

    >>> from gametheory import NormalFormGame
    >>> bos = NormalFormGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], strategies=[["O", "F"], ["O", "F"]])
    >>> res = lemke_howson(bos)
    >>> [e.support for e in res]
    [(('O',), ('O',)), (('F',), ('F',))]
    >>> res.notes[0]
    'label 0 (Player 1: O) -> equilibrium 0 in 2 pivots'
    """
    if game.num_players != 2:
        raise InvalidGameError(f"Lemke-Howson needs two players, the game has {game.num_players}")
    m, n = game.shape
    if initial_label is None:
        labels = list(range(m + n))
    else:
        if isinstance(initial_label, bool) or not isinstance(initial_label, (int, np.integer)) \
                or not 0 <= initial_label < m + n:
            raise InvalidProfileError(f"initial_label must be an integer in 0..{m + n - 1}, got {initial_label!r}")
        labels = [int(initial_label)]
    A, B = game.payoff_array
    # Map each player's payoffs onto [1, 2]: positive, as the polytopes need, and well scaled.
    Ap = (A - A.min()) / ((A.max() - A.min()) or 1.0) + 1.0
    Bp = (B - B.min()) / ((B.max() - B.min()) or 1.0) + 1.0
    # Exact games whose payoffs floats cannot resolve pivot exactly from the start; the others pivot in
    # floating point and fall back to exact pivots for any path whose end point does not certify.
    exact_only = game.is_exact and not float_safe(game.exact_payoff_array)
    positive: tuple[list[list[int]], list[list[int]]] | None = None
    equilibria: list[Equilibrium] = []
    keys: dict[tuple, int] = {}
    notes: list[str] = []
    if exact_only:
        notes.append("the payoffs span more digits than floating point carries: exact rational pivoting")
    for label in labels:
        name = (f"label {label} ({game.players[0]}: {game.strategies[0][label]})" if label < m
                else f"label {label} ({game.players[1]}: {game.strategies[1][label - m]})")
        eq = None
        if not exact_only:
            try:
                path = _lemke_howson_path(Ap, Bp, label, max_pivots)
            except InvalidGameError:  # a float pivot column lost its positive entries to rounding
                path = None
            if path is not None:
                count = path[2]
                eq = _end_point(game, path, Ap, Bp, float_pivots=True)
        if eq is None:
            if positive is None:
                positive = positive_integer_matrices((game if game.is_exact else game.to_exact()).exact_payoff_array)
            path = exact_path(positive[0], positive[1], label, max_pivots)
            if path is None:
                notes.append(f"{name}: gave up after {max_pivots} pivots")
                continue
            count = path[2]
            eq = _end_point(game, path, np.array(positive[0], dtype=object), np.array(positive[1], dtype=object),
                            float_pivots=False)
            if not exact_only:
                name += " (float pivots failed to certify; exact pivots)"
        if eq is None:  # pragma: no cover - an exact path ends at an equilibrium
            notes.append(f"{name}: end point failed its certificate and was dropped")
            continue
        key = eq.profile if eq.exact else tuple(tuple(np.round(p, 9)) for p in eq.profile)
        if key not in keys:
            keys[key] = len(equilibria)
            equilibria.append(eq)
        notes.append(f"{name} -> equilibrium {keys[key]} in {count} pivots")
    return EquilibriumResult(game, METHOD, tuple(equilibria), False, (), tuple(notes))

