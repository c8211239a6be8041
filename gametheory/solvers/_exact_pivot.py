"""Private kernel: pivoting in exact rational arithmetic, for games whose payoffs floats cannot carry.

A float tableau holds about 16 significant digits. A game whose payoffs span more than that (Gambit's
``large_payoff_game``: payoffs of 10**19 next to payoffs of 1) has pivots, ratios and tie-breaks that
floating point gets wrong, whatever the scaling: after mapping onto [1, 2], the small payoffs vanish
into rounding. These routines do the same pivoting in :class:`fractions.Fraction`, where every
comparison is exact: slower, but right for payoffs of any magnitude. Inputs are positive matrices of
Python ints (or Fractions), the best-response polytopes' form

    {z >= 0 : M z <= 1}    (M > 0 entrywise, so the polytope is bounded and 0 is a vertex).

Three uses: the vertices of such a polytope (all feasible bases, by a search over pivots, so
degenerate vertices are found too), a Lemke-Howson path with the lexicographic ratio test, and the
linear programme ``max 1.z`` over the polytope, whose optimum gives a zero-sum game's value and both
players' optimal strategies.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from fractions import Fraction

from ..exceptions import SolverError

__all__: list[str] = []

#: Feasible bases visited by :func:`polytope_vertices` before it refuses (each holds a tableau).
MAX_BASES = 200_000

Row = list[Fraction]


def _tableau(M: Sequence[Sequence[int | Fraction]]) -> tuple[list[Row], list[int]]:
    """``M z + s = 1``: columns ``z_0..z_{d-1}``, then the slacks ``s_0..s_{k-1}``, then the right-hand side.
    The basis (one column index per row) starts at the slacks."""
    k, d = len(M), len(M[0])
    T = [[Fraction(v) for v in M[i]] + [Fraction(int(i == r)) for r in range(k)] + [Fraction(1)] for i in range(k)]
    return T, [d + i for i in range(k)]


def _pivot(T: list[Row], r: int, c: int) -> None:
    row = T[r]
    inv = 1 / row[c]
    T[r] = row = [v * inv for v in row]
    for i, other in enumerate(T):
        if i != r:
            f = other[c]
            if f:
                T[i] = [a - f * b for a, b in zip(other, row)]


def polytope_vertices(M: Sequence[Sequence[int | Fraction]], max_bases: int = MAX_BASES
                      ) -> list[tuple[tuple[Fraction, ...], frozenset[int]]]:
    """Every vertex of ``{z >= 0 : M z <= 1}`` (``M`` positive, ``k x d``), exactly.

    Returns ``(z, tight)`` per vertex, the origin included: ``tight`` holds ``j`` when ``z_j = 0`` and
    ``d + i`` when row ``i`` is tight. The feasible bases of a polytope are connected by pivots (each
    entering column with each row that attains the minimum ratio, ties included), so a search over
    them from the slack basis reaches every vertex, degenerate ones included.

    Raises
    ------
    SolverError
        After ``max_bases`` feasible bases (a highly degenerate or large polytope).

    Examples
    --------
    >>> sorted(z for z, _ in polytope_vertices([[1, 2]]))
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 2)), (Fraction(1, 1), Fraction(0, 1))]
    """
    k, d = len(M), len(M[0])
    T0, basis0 = _tableau(M)
    seen = {frozenset(basis0)}
    todo = deque([(T0, basis0)])
    out: dict[tuple[Fraction, ...], frozenset[int]] = {}
    while todo:
        T, basis = todo.popleft()
        values = [Fraction(0)] * (d + k)
        for r, b in enumerate(basis):
            values[b] = T[r][-1]
        z = tuple(values[:d])
        if z not in out:
            out[z] = frozenset(j for j in range(d + k) if values[j] == 0)
        for c in range(d + k):
            if c in basis:
                continue
            rows = [r for r in range(k) if T[r][c] > 0]
            if not rows:
                continue
            best = min(T[r][-1] / T[r][c] for r in rows)
            for r in rows:
                if T[r][-1] / T[r][c] != best:
                    continue
                nb = basis[:r] + [c] + basis[r + 1:]
                key = frozenset(nb)
                if key in seen:
                    continue
                seen.add(key)
                if len(seen) > max_bases:
                    raise SolverError(
                        f"exact vertex enumeration visited more than {max_bases:,} bases (a large or highly "
                        "degenerate game); use lemke-howson, or raise max_bases")
                T2 = [list(row) for row in T]
                _pivot(T2, r, c)
                todo.append((T2, nb))
    return list(out.items())


def _lex_min_ratio(T: list[Row], c: int, inverse: range) -> int:
    """Leaving row by the lexicographic minimum ratio test (exact: ties are real ties)."""
    rows = [r for r in range(len(T)) if T[r][c] > 0]
    if not rows:  # pragma: no cover - impossible with positive payoff matrices
        raise ArithmeticError("unbounded pivot column")
    key = {r: [T[r][-1] / T[r][c]] for r in rows}
    best = min(key[r][0] for r in rows)
    rows = [r for r in rows if key[r][0] == best]
    for col in inverse:  # the basis inverse's columns: distinct rows, so this ends with one row
        if len(rows) == 1:
            break
        vals = {r: T[r][col] / T[r][c] for r in rows}
        low = min(vals.values())
        rows = [r for r in rows if vals[r] == low]
    return rows[0]


def lemke_howson_path(A: Sequence[Sequence[int | Fraction]], B: Sequence[Sequence[int | Fraction]], label: int,
                      max_pivots: int) -> tuple[list[int], list[int], int] | None:
    """The Lemke-Howson path that drops ``label``, in exact arithmetic (``A``, ``B`` positive, ``m x n``).

    Labels and bases as in :mod:`.lemke_howson`: in ``P`` (``B^T x + s = 1``) columns ``0..m-1`` are
    ``x`` and ``m..m+n-1`` the slacks; in ``Q`` (``r + A y = 1``) columns ``0..m-1`` are the slacks and
    ``m..m+n-1`` are ``y``. Returns the final bases and the pivot count, ``None`` past ``max_pivots``.
    """
    m, n = len(A), len(A[0])
    TP, _ = _tableau([[B[i][j] for i in range(m)] for j in range(n)])  # x columns 0..m-1, slacks m..m+n-1
    basis_p = list(range(m, m + n))
    TQ0, _ = _tableau(A)  # y columns 0..n-1, slacks n..n+m-1: reorder to slacks first
    TQ = [row[n:n + m] + row[:n] + [row[-1]] for row in TQ0]
    basis_q = list(range(m))
    in_p = label < m
    entering = label
    for count in range(1, max_pivots + 1):
        if in_p:
            r = _lex_min_ratio(TP, entering, range(m, m + n))
            _pivot(TP, r, entering)
            leaving, basis_p[r] = basis_p[r], entering
        else:
            r = _lex_min_ratio(TQ, entering, range(0, m))
            _pivot(TQ, r, entering)
            leaving, basis_q[r] = basis_q[r], entering
        if leaving == label:
            return basis_p, basis_q, count
        entering, in_p = leaving, not in_p
    return None


def maximise_sum(M: Sequence[Sequence[int | Fraction]]) -> tuple[list[Fraction], list[Fraction]]:
    """Optimal ``w`` of ``max 1.w`` subject to ``M w <= 1, w >= 0`` and ``u`` of its dual
    ``min 1.u`` subject to ``M^T u >= 1, u >= 0`` (``M`` positive), by the simplex method with Bland's rule
    (which cannot cycle), exactly.

    For a positive payoff matrix ``M`` the game's value is ``1 / sum(w) = 1 / sum(u)``, player 2's optimal
    strategy ``w / sum(w)`` and player 1's ``u / sum(u)``.

    Examples
    --------
    Matching pennies shifted to be positive (value 2, both players uniform):

    >>> w, u = maximise_sum([[3, 1], [1, 3]])
    >>> w, u
    ([Fraction(1, 4), Fraction(1, 4)], [Fraction(1, 4), Fraction(1, 4)])
    """
    k, d = len(M), len(M[0])
    T, basis = _tableau(M)
    # reduced costs of maximising 1.w: z_j - c_j, starting at -1 for every w_j and 0 for the slacks
    cost = [Fraction(-1)] * d + [Fraction(0)] * k + [Fraction(0)]
    while True:
        c = next((j for j in range(d + k) if cost[j] < 0), None)  # Bland: the lowest improving column
        if c is None:
            break
        rows = [r for r in range(k) if T[r][c] > 0]
        best = min(T[r][-1] / T[r][c] for r in rows)
        r = min((r for r in rows if T[r][-1] / T[r][c] == best), key=lambda r: basis[r])  # Bland
        _pivot(T, r, c)
        basis[r] = c
        f = cost[c]
        cost = [a - f * b for a, b in zip(cost, T[r])]
    w = [Fraction(0)] * d
    for r, b in enumerate(basis):
        if b < d:
            w[b] = T[r][-1]
    u = cost[d:d + k]  # the slacks' reduced costs are the optimal dual prices
    return w, list(u)


def positive_integer_matrices(exact_payoffs) -> tuple[list[list[int]], list[list[int]]]:  # type: ignore[no-untyped-def]
    """Each player's exact payoffs as positive integers with the same best responses (scaled by the lcm of
    their denominators, shifted to a minimum of 1): the form every routine here takes."""
    from ._rational import integer_payoffs

    ints = integer_payoffs(exact_payoffs)
    out = []
    for M in ints:
        rows = [[int(v) for v in row] for row in M.tolist()]
        low = min(min(r) for r in rows)
        out.append([[v - low + 1 for v in r] for r in rows])
    return out[0], out[1]


def extreme_equilibrium_pairs(A: list[list[int]], B: list[list[int]], max_bases: int = MAX_BASES
                              ) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Every extreme equilibrium of the bimatrix game ``(A, B)`` (positive), exactly: the completely
    labelled pairs of vertices of ``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}`` other
    than the origin, normalised (von Stengel 2002, Handbook of Game Theory 3, ch. 45, Thm 3.4).

    Examples
    --------
    Battle of the sexes (shifted to be positive): two pure equilibria and one mixed.

    >>> pairs = extreme_equilibrium_pairs([[3, 1], [1, 2]], [[2, 1], [1, 3]])
    >>> sorted((x[0], y[0]) for x, y in pairs)
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 1), Fraction(1, 1))]
    """
    m, n = len(A), len(A[0])
    full = (1 << (m + n)) - 1
    # P's labels are already the game's: x_i = 0 is label i, column j of B tight is m + j.
    xs = [(x, sum(1 << t for t in tight)) for x, tight in
          polytope_vertices([[B[i][j] for i in range(m)] for j in range(n)], max_bases) if any(x)]
    # Q's: y_j = 0 (index j) is label m + j, row i of A tight (index n + i) is label i.
    ys = [(y, sum(1 << (m + t if t < n else t - n) for t in tight)) for y, tight in
          polytope_vertices(A, max_bases) if any(y)]
    out = []
    for x, lx in xs:
        sx = sum(x)
        for y, ly in ys:
            if lx | ly == full:
                sy = sum(y)
                out.append((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    return out
