"""Nash's (1953) variable-threat bargaining solution [L2].

Each player first commits to a (mixed) threat in a threat game ``(A, B)``;
the threats fix the disagreement point ``d = (p A q, p B q)``, and the
outcome is the Nash solution for that ``d``. Nash showed the threat choice is
a zero-sum game with a value.

**Transferable utility** (``u1 + u2 <= S``): the outcome is
``((S + v) / 2, (S - v) / 2)`` with ``v = val(A - B)``, the value of the
zero-sum game ``A - B`` (solved by linear programming, exact for rational
payoffs; weights ``w`` replace ``A - B`` by ``A / w1 - B / w2``).

**General (convex) feasible set**: at a frontier point ``u`` with outward
normal ``l``, the Nash solution of ``d`` is ``u`` exactly when
``m1 d1 - m2 d2 = m1 u1 - m2 u2`` with ``m = (l1 / w1, l2 / w2)``. So the
threat game at ``u`` is the zero-sum game ``M = m1 A - m2 B``, and the
solution is the frontier point where ``val(M) = m1 u1 - m2 u2`` (Myerson 1991,
section 8.5 [L3]). On a polygon this is checked edge by edge (exact); at a
vertex, or on a frontier function, the normal is found by bisection.

Certificate (reported): the optimal threats ``(p, q)`` are a saddle point of
``M`` (their zero-sum regret), the residual ``val(M) - (m1 u1 - m2 u2)``,
and an independent check that the Nash solution of the induced
disagreement point is ``u``. Because the Nash solution's level sets in ``d``
are the lines ``m . (d1, -d2) = const``, a saddle point of ``M`` is a
saddle point of the threat game ``(p, q) -> N_1(d(p, q))``.

Examples
--------
>>> from gametheory import NormalFormGame
>>> from gametheory.bargaining.feasible import FeasibleSet
>>> g = NormalFormGame([[[2, -1], [-1, 1]], [[0, 0], [0, 0]]])   # A - B = [[2, -1], [-1, 1]]
>>> res = variable_threats(FeasibleSet.transferable(10), g)
>>> res.solution, res.details["value"]
((Fraction(51, 10), Fraction(49, 10)), Fraction(1, 5))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError, NotSupportedError, SolverError
from ._numeric import tolerance
from .axiomatic import _weights, nash_solution, nash_tu
from .feasible import FeasibleSet
from .result import BargainingSolution

__all__ = ["threat_solution_tu", "variable_threats", "variable_threats_tu", "zero_sum_value"]


def zero_sum_value(matrix: Any) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]]:
    """Value and optimal strategies of the zero-sum game ``matrix`` (row player maximises).

    Exact for rational entries (via :func:`gametheory.solvers.zerosum.solve_zero_sum`).

    Examples
    --------
    >>> zero_sum_value([[2, -1], [-1, 1]])
    (Fraction(1, 5), (Fraction(2, 5), Fraction(3, 5)), (Fraction(2, 5), Fraction(3, 5)))
    """
    from ..games.normal_form import NormalFormGame
    from ..solvers.zerosum import solve_zero_sum

    arr = np.asarray(matrix, dtype=object)
    if arr.ndim != 2 or arr.size == 0:
        raise InvalidGameError("threat game: expected a non-empty matrix")
    game = NormalFormGame([arr, -arr])
    res = solve_zero_sum(game)
    return res.value, tuple(res.row_strategy), tuple(res.column_strategy)


def threat_solution_tu(surplus: Any, difference: Any) -> tuple[Any, Any]:
    """Split of ``surplus`` when threats play the zero-sum game ``A - B``: ``((S + v) / 2, (S - v) / 2)``.

    Examples
    --------
    >>> threat_solution_tu(10, [[2, -1], [-1, 1]])
    (Fraction(51, 10), Fraction(49, 10))
    """
    v, _, _ = zero_sum_value(difference)
    return nash_tu(surplus, (v / 2, -v / 2))


def variable_threats_tu(surplus: Any, game: Any, weights: Sequence[Any] | None = None) -> BargainingSolution:
    """:func:`variable_threats` with transferable utility ``u1 + u2 <= surplus``."""
    return variable_threats(FeasibleSet.transferable(surplus), game, weights)


def _payoffs(game: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    if getattr(game, "num_players", None) != 2:
        raise NotSupportedError("a threat game needs two players")
    if game.is_exact:
        return game.exact_payoff_array[0], game.exact_payoff_array[1], True
    return game.payoff_array[0], game.payoff_array[1], False


def _float_value(M: np.ndarray) -> tuple[float, tuple[float, ...], tuple[float, ...]]:
    """Value and optimal strategies of a float matrix game by one LP (its dual gives the column player).

    Uncertified: :func:`variable_threats` certifies the final threats itself.
    """
    from scipy.optimize import linprog

    m, n = M.shape
    low, scale = float(M.min()), float(M.max() - M.min()) or 1.0
    S = (M - low) / scale + 1.0  # payoffs in [1, 2]: HiGHS's tolerances act relative to the range
    cost = np.zeros(m + 1)
    cost[-1] = -1.0
    res = linprog(cost, A_ub=np.hstack([-S.T, np.ones((n, 1))]), b_ub=np.zeros(n),
                  A_eq=np.hstack([np.ones((1, m)), np.zeros((1, 1))]), b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    if res.status != 0:  # pragma: no cover - a matrix game LP is always feasible and bounded
        raise SolverError(f"threat game LP failed: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    y = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    x, y = x / x.sum(), y / y.sum()
    return float(x @ M @ y), tuple(float(v) for v in x), tuple(float(v) for v in y)


def _solve_m(A: np.ndarray, B: np.ndarray, m: tuple[Any, Any]) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]]:
    M = m[0] * A - m[1] * B
    if all(isinstance(v, Fraction) for v in (*m, *np.asarray(M, dtype=object).flat)):
        return zero_sum_value(M)
    return _float_value(np.asarray(M, dtype=float))


def _mixed(A: np.ndarray, p: Sequence[Any], q: Sequence[Any]) -> Any:
    pa = np.asarray(p, dtype=object)
    qa = np.asarray(q, dtype=object)
    return pa @ A @ qa


def variable_threats(feasible: FeasibleSet, game: Any, weights: Sequence[Any] | None = None, *,
                     players: Sequence[str] | None = None) -> BargainingSolution:
    """Nash's variable-threat solution on ``feasible`` with the threat game ``game``.

    Parameters
    ----------
    feasible : FeasibleSet
        Must contain every outcome of the threat game.
    game : NormalFormGame
        Two players; payoffs are what each gets if the threats are carried out.
    weights : pair, optional
        Bargaining powers of the (weighted) Nash solution.

    Returns
    -------
    BargainingSolution
        ``method="threats"``; ``disagreement`` is the point the optimal
        threats induce; ``details``: ``threats`` (player -> strategy ->
        probability), ``value``, ``normal``, ``threat_game_value_matrix`` is
        not stored. ``certificate``: ``saddle_regret``, ``residual``,
        ``nash_check`` (distance between the Nash solution of ``d`` and ``u``).

    Raises
    ------
    InvalidGameError
        If a threat outcome lies outside the feasible set.
    """
    A, B, game_exact = _payoffs(game)
    w = _weights(weights)
    names = tuple(game.players) if players is None else (str(players[0]), str(players[1]))
    exact = game_exact and feasible.exact and all(isinstance(v, Fraction) for v in w)
    for idx in np.ndindex(*A.shape):
        if not feasible.contains((A[idx], B[idx]), tol=tolerance(A[idx], B[idx])):
            labels = [game.strategies[k][i] for k, i in enumerate(idx)]
            raise InvalidGameError(f"threat outcome at ({', '.join(labels)}) = ({float(A[idx]):g}, "
                                   f"{float(B[idx]):g}) lies outside the feasible set")
    if not exact:
        A, B = A.astype(float), B.astype(float)
    if feasible.kind == "transferable":
        m = (1 / w[0], 1 / w[1])
        v, p, q = _solve_m(A, B, m)
        s = feasible.surplus
        u1 = (v + m[1] * s) / (m[0] + m[1])
        u, normal = (u1, s - u1), (Fraction(1), Fraction(1))
    elif feasible.kind == "polygon":
        u, normal, v, p, q = _polygon(feasible, A, B, w, exact)
    else:
        u, normal, v, p, q = _curve(feasible, A, B, w)
        exact = False
    exact = exact and all(isinstance(x, Fraction) for x in normal)
    if not exact:
        A, B = A.astype(float), B.astype(float)
    m = (normal[0] / w[0], normal[1] / w[1])
    d = (_mixed(A, p, q), _mixed(B, p, q))
    M = m[0] * A - m[1] * B
    pa, qa = np.asarray(p, dtype=object), np.asarray(q, dtype=object)
    value_pq = pa @ M @ qa
    regret = max(max(M @ qa) - value_pq, value_pq - min(pa @ M))
    residual = v - (m[0] * u[0] - m[1] * u[1])
    check = nash_solution(feasible, d, w)
    nash_gap = max(abs(check.solution[0] - u[0]), abs(check.solution[1] - u[1]))
    scale = tolerance(*A.flat, *B.flat, *u)
    ok = (regret == 0 and residual == 0 and nash_gap == 0) if exact else \
        (float(regret) <= 1e-6 * max(1.0, float(np.max(np.abs(M.astype(float))))) and
         abs(float(residual)) <= 1e-6 * max(1.0, scale * 1e9) and float(nash_gap) <= 1e-6 * max(1.0, scale * 1e9))
    if not ok:
        raise SolverError(f"variable-threat solution failed its certificate (regret {float(regret):.3g}, "
                          f"residual {float(residual):.3g}, Nash check {float(nash_gap):.3g})")
    if not exact:
        u = (float(u[0]), float(u[1]))
        d = (float(d[0]), float(d[1]))
    threats = {names[0]: dict(zip(game.strategies[0], p)), names[1]: dict(zip(game.strategies[1], q))}
    cert = {"saddle_regret": regret, "residual": residual, "nash_check": nash_gap, "normal": normal,
            "condition": "threats are a saddle point of m1 A - m2 B and val = m1 u1 - m2 u2"}
    details = {"threats": threats, "value": v, "normal": normal, "threat_payoffs": d}
    return BargainingSolution("threats", tuple(u), tuple(d), exact, cert, names, w, details)  # type: ignore[arg-type]


def _normalise(lam: tuple[Any, Any]) -> tuple[Any, Any]:
    s = lam[0] + lam[1]
    return (lam[0] / s, lam[1] / s)


def _polygon(fs: FeasibleSet, A: np.ndarray, B: np.ndarray, w: tuple[Any, Any], exact: bool) -> tuple:
    v = list(fs.vertices)
    if not exact:
        v = [(float(x), float(y)) for x, y in v]
    if len(v) == 1:  # a single Pareto point: its normal cone is the whole quadrant
        one, zero = Fraction(1), Fraction(0)
        found = _vertex(v[0], (0.0, 1.0), (1.0, 0.0), A.astype(float), B.astype(float), w)
        return _exact_vertex(found, (zero, one), (one, zero), A, B, w) if exact else found
    normals = [_normalise((y0 - y1, x1 - x0)) for (x0, y0), (x1, y1) in zip(v, v[1:])]
    side = []  # -1: solution left of the edge, +1: right of it, 0: on it
    for k, lam in enumerate(normals):
        m = (lam[0] / w[0], lam[1] / w[1])
        val, p, q = _solve_m(A, B, m)
        c0 = m[0] * v[k][0] - m[1] * v[k][1]
        c1 = m[0] * v[k + 1][0] - m[1] * v[k + 1][1]
        if c0 <= val <= c1:
            t = (val - c0) / (c1 - c0)
            u = (v[k][0] + t * (v[k + 1][0] - v[k][0]), v[k][1] + t * (v[k + 1][1] - v[k][1]))
            return u, lam, val, p, q
        side.append(-1 if val < c0 else 1)
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    for j in range(len(v)):
        if (j == 0 or side[j - 1] > 0) and (j == len(v) - 1 or side[j] < 0):
            left = normals[j - 1] if j > 0 else (zero, one)
            right = normals[j] if j < len(normals) else (one, zero)
            found = _vertex(v[j], left, right, A.astype(float), B.astype(float), w)
            return _exact_vertex(found, left, right, A, B, w) if exact else found
    raise SolverError("no frontier point satisfies the threat-game condition")  # pragma: no cover


def _vertex(u: tuple[Any, Any], left: tuple[Any, Any], right: tuple[Any, Any], A: np.ndarray, B: np.ndarray,
            w: tuple[Any, Any]) -> tuple:
    """Normal in the cone at vertex ``u`` where ``val(M) = m1 u1 - m2 u2`` (bisection on the cone)."""
    wf = (float(w[0]), float(w[1]))
    uf = (float(u[0]), float(u[1]))
    lf, rf = _normalise((float(left[0]), float(left[1]))), _normalise((float(right[0]), float(right[1])))

    def psi(s: float) -> tuple[float, tuple[float, float], Any, Any, Any]:
        lam = ((1 - s) * lf[0] + s * rf[0], (1 - s) * lf[1] + s * rf[1])
        m = (lam[0] / wf[0], lam[1] / wf[1])
        val, p, q = _solve_m(A, B, m)
        return float(val) - (m[0] * uf[0] - m[1] * uf[1]), lam, val, p, q

    lo, hi = 0.0, 1.0
    f_lo, f_hi = psi(lo), psi(hi)
    if f_lo[0] <= 0:
        best = f_lo
    elif f_hi[0] >= 0:
        best = f_hi
    else:
        for _ in range(55):
            mid = 0.5 * (lo + hi)
            if psi(mid)[0] > 0:
                lo = mid
            else:
                hi = mid
        best = psi(0.5 * (lo + hi))
    _, lam, val, p, q = best
    return u, lam, val, p, q


def _simple(x: Sequence[float]) -> tuple[Fraction, ...] | None:
    """The simplest probability vector near ``x`` (denominators up to 1000), or None."""
    out = [Fraction(float(v)).limit_denominator(1000) for v in x]
    if any(v < 0 for v in out) or sum(out) != 1:
        return None
    return tuple(out)


def _exact_vertex(found: tuple, left: tuple[Any, Any], right: tuple[Any, Any], A: np.ndarray, B: np.ndarray,
                  w: tuple[Any, Any]) -> tuple:
    """Exact normal and threats at a vertex from the float ones, verified; the float answer if that fails.

    For fixed threats ``(p, q)`` the saddle and value conditions are linear in the normal
    ``l(s) = (1 - s) left + s right``: solve the value equation for ``s`` and check every inequality.
    """
    u, _, _, pf, qf = found
    p, q = _simple(pf), _simple(qf)
    if p is None or q is None or not all(isinstance(x, Fraction) for x in (*w, *left, *right)):
        return found
    lf, rf = _normalise(left), _normalise(right)
    pa, qa = np.asarray(p, dtype=object), np.asarray(q, dtype=object)

    def parts(lam: tuple[Any, Any]) -> tuple[np.ndarray, Any]:
        m = (lam[0] / w[0], lam[1] / w[1])
        return m[0] * A - m[1] * B, m[0] * u[0] - m[1] * u[1]

    (M0, c0), (M1, c1) = parts(lf), parts(rf)
    f0, f1 = pa @ M0 @ qa - c0, pa @ M1 @ qa - c1
    if f0 == f1:
        if f0 != 0:
            return found
        s = Fraction(1, 2)
    else:
        s = f0 / (f0 - f1)
    if not 0 <= s <= 1:
        return found
    lam = ((1 - s) * lf[0] + s * rf[0], (1 - s) * lf[1] + s * rf[1])
    M, c = parts(lam)
    val = pa @ M @ qa
    if val != c or max(M @ qa) > val or min(pa @ M) < val:
        return found
    return u, lam, val, p, q


def _curve(fs: FeasibleSet, A: np.ndarray, B: np.ndarray, w: tuple[Any, Any]) -> tuple:
    from scipy.optimize import brentq

    A, B = A.astype(float), B.astype(float)
    wf = (float(w[0]), float(w[1]))
    a, b = fs.interval  # type: ignore[misc]

    def psi(x: float) -> float:
        lam = (-fs._df(x), 1.0)  # type: ignore[misc]
        m = (lam[0] / wf[0], lam[1] / wf[1])
        val, _, _ = _solve_m(A, B, m)
        return float(val) - (m[0] * x - m[1] * float(fs.upper(x)))

    pa, pb = psi(a), psi(b)
    if pa <= 0:
        return _vertex((a, float(fs.upper(a))), (0.0, 1.0), (-fs._df(a), 1.0), A, B, w)  # type: ignore[misc]
    if pb >= 0:
        return _vertex((b, float(fs.upper(b))), (-fs._df(b), 1.0), (1.0, 0.0), A, B, w)  # type: ignore[misc]
    x = float(brentq(psi, a, b, xtol=1e-13))
    lam = (-fs._df(x), 1.0)  # type: ignore[misc]
    m = (lam[0] / wf[0], lam[1] / wf[1])
    val, p, q = _solve_m(A, B, m)
    return (x, float(fs.upper(x))), lam, val, p, q
