"""Two-player zero-sum (and constant-sum) games: value and optimal strategies by linear programming.

Player 1 (rows) maximises ``v`` subject to ``x^T A >= v`` on every column and
``x`` in the simplex; the duals of those column constraints are an optimal
strategy ``y`` of player 2. Both are solved at once by HiGHS. For exact games
the float solution only locates the answer: the strategies are recovered as
rationals (the simplest nearby fractions, else the solution of the tight
constraints in exact arithmetic) and accepted only if exactly

    min_j (x^T A)_j  >=  max_i (A y)_i,

which, by the minimax theorem, makes both optimal and the common number the
value. A constant-sum game (``A + B = c`` everywhere) is strategically the
zero-sum game ``(A, -A)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import NotSupportedError, SolverError
from ._exact_pivot import maximise_sum, positive_integer_matrices
from ._rational import float_safe, simplex_candidates, solve_exact
from .result import EquilibriumResult, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["ZeroSumResult", "solve_zero_sum", "zero_sum_equilibria"]

METHOD = "zero-sum-lp"


@dataclass(frozen=True)
class ZeroSumResult:
    """Value and optimal strategies of a two-player constant-sum game.

    Attributes
    ----------
    value : Fraction or float
        Player 1's payoff when both play optimally (player 2 gets
        ``constant - value``).
    row_strategy, column_strategy : tuple
        An optimal (maximin) mixed strategy of each player.
    constant : Fraction or float
        The payoff sum ``A + B`` (0 for a zero-sum game).
    exact : bool
        Whether value and strategies are rationals verified exactly.
    equilibria : EquilibriumResult
        The same solution as a certified equilibrium (``complete=False``:
        the optimal strategies form a polytope; this is one vertex of it).
    """

    value: Any
    row_strategy: tuple[Any, ...]
    column_strategy: tuple[Any, ...]
    constant: Any
    exact: bool
    equilibria: EquilibriumResult

    @property
    def game(self) -> NormalFormGame:
        """The game solved."""
        return self.equilibria.game

    def to_json(self) -> dict[str, Any]:
        """JSON form: ``value``, ``constant``, ``strategies`` (label -> probability per player), ``exact``."""
        out: dict[str, Any] = {
            "value": float(self.value),
            "constant": float(self.constant),
            "exact": self.exact,
            "profile": [[float(v) for v in self.row_strategy], [float(v) for v in self.column_strategy]],
        }
        if self.exact:
            out["value_exact"] = str(self.value)
        return out


def _constant_sum(game: NormalFormGame) -> Any:
    if game.num_players != 2:
        raise NotSupportedError(f"zero-sum LP needs two players, the game has {game.num_players}")
    if game.is_exact:
        total = game.exact_payoff_array[0] + game.exact_payoff_array[1]
        c = total.flat[0]
        if all(v == c for v in total.flat):
            return c
    else:
        total = game.payoff_array[0] + game.payoff_array[1]
        if float(total.max() - total.min()) <= game.tolerance():
            return float(total.mean())
    raise NotSupportedError("the game is not constant-sum (A + B varies); use enumeration or lemke-howson")


def _solve_lp(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Maximin strategy of the row player, minimax strategy of the column player (LP dual), value."""
    from scipy.optimize import linprog

    m, n = A.shape
    # Map payoffs affinely onto [1, 2]: strategies are unchanged, the value maps back, and HiGHS's
    # absolute tolerances then act relative to the payoff range.
    low, scale = float(A.min()), float(A.max() - A.min()) or 1.0
    M = (A - low) / scale + 1.0
    # Variables (x, v): minimise -v subject to v - (x^T M)_j <= 0, sum x = 1.
    cost = np.zeros(m + 1)
    cost[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((n, 1))])
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    res = linprog(cost, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    if res.status != 0:  # pragma: no cover - a matrix game LP is always feasible and bounded
        raise SolverError(f"zero-sum LP failed: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    y = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    if x.sum() <= 0 or y.sum() <= 0:  # pragma: no cover
        raise SolverError("zero-sum LP returned a zero strategy")
    return x / x.sum(), y / y.sum(), (float(res.x[-1]) - 1.0) * scale + low


def _tight_solution(A: np.ndarray, p: np.ndarray, *, rows: bool, tol: float) -> tuple[Fraction, ...] | None:
    """Exact strategy from its support and the opponent strategies that tie at the value.

    ``rows=True`` recovers player 1's ``x`` (unknowns ``x_S, v``; equations
    ``(x^T A)_j = v`` on the tight columns and ``sum x = 1``); ``rows=False``
    recovers ``y`` from the tight rows of ``A y``.
    """
    Af = np.array(A, dtype=float)
    M = A.T if rows else A  # rows of M are the constraints, columns the strategy's own entries
    Mf = Af.T if rows else Af
    values = Mf @ p
    v = values.min() if rows else values.max()
    tight = np.flatnonzero(np.abs(values - v) <= tol)
    support = np.flatnonzero(p > 1e-9)
    eqs = [[M[c, s] for s in support] + [-1] for c in tight]
    eqs.append([1] * len(support) + [0])
    sol = solve_exact(eqs, [0] * len(tight) + [1])
    if sol is None:
        return None
    out = [Fraction(0)] * len(p)
    for s, val in zip(support, sol):
        out[s] = val
    return tuple(out)


def _exact_strategies(A: np.ndarray, x: np.ndarray, y: np.ndarray, tol: float):  # type: ignore[no-untyped-def]
    """Exact optimal strategies and value from the float ones, verified; ``None`` if recovery fails."""
    xs = list(simplex_candidates(x))
    ys = list(simplex_candidates(y))
    tx = _tight_solution(A, x, rows=True, tol=tol)
    ty = _tight_solution(A, y, rows=False, tol=tol)
    if tx is not None:
        xs.append(tx)
    if ty is not None:
        ys.append(ty)
    lowers = []
    for xe in xs:
        if min(xe) >= 0 and sum(xe) == 1:
            lowers.append((min(np.dot(np.array(xe, dtype=object), A)), xe))
    uppers = []
    for ye in ys:
        if min(ye) >= 0 and sum(ye) == 1:
            uppers.append((max(np.dot(A, np.array(ye, dtype=object))), ye))
    if not lowers or not uppers:
        return None
    lower, xe = max(lowers, key=lambda t: t[0])
    upper, ye = min(uppers, key=lambda t: t[0])
    if lower >= upper:  # weak duality gives lower <= upper, so they are equal: both optimal
        return lower, xe, ye
    return None


def _exact_simplex(Ae: np.ndarray) -> tuple[Fraction, tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Value and optimal strategies of the matrix game ``Ae`` (exact) by the exact simplex method, verified.

    The payoffs are mapped to positive integers (a positive affine map: same optimal strategies), the LP
    ``max 1.w, M w <= 1`` and its dual are solved in rationals (:func:`._exact_pivot.maximise_sum`), and
    the strategies are accepted only if ``min_j (x^T A)_j == max_i (A y)_i`` exactly.
    """
    M, _ = positive_integer_matrices(np.array([Ae, Ae], dtype=object))
    w, u = maximise_sum(M)
    xe = tuple(v / sum(u) for v in u)
    ye = tuple(v / sum(w) for v in w)
    lower = min(np.dot(np.array(xe, dtype=object), Ae))
    upper = max(np.dot(Ae, np.array(ye, dtype=object)))
    if lower != upper:  # pragma: no cover - exact LP duality
        raise SolverError("exact simplex: the strategies found are not optimal")
    return lower, xe, ye


def solve_zero_sum(game: NormalFormGame) -> ZeroSumResult:
    """Value and optimal strategies of a two-player zero-sum or constant-sum game.

    Parameters
    ----------
    game : NormalFormGame
        Two players with ``A + B`` constant.

    Returns
    -------
    ZeroSumResult
        Exact rationals for exact games (verified: player 1's strategy
        guarantees the value against every column, player 2's concedes no
        more than it against every row).

    Raises
    ------
    NotSupportedError
        If the game has other than two players or is not constant-sum.

    Examples
    --------
    Rock-paper-scissors has value 0 and the uniform strategy is optimal:

    >>> from gametheory import NormalFormGame
    >>> A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    >>> res = solve_zero_sum(NormalFormGame([A, [[-a for a in r] for r in A]]))
    >>> res.value, res.row_strategy
    (Fraction(0, 1), (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)))

    A constant-sum game: the sum is 10 everywhere.

    >>> g = NormalFormGame([[[6, 3], [4, 5]], [[4, 7], [6, 5]]])
    >>> res = solve_zero_sum(g)
    >>> res.value, res.constant, res.column_strategy
    (Fraction(9, 2), Fraction(10, 1), (Fraction(1, 2), Fraction(1, 2)))
    """
    constant = _constant_sum(game)
    A = game.payoff_array[0]
    if game.is_exact:
        Ae = game.exact_payoff_array[0]
        found = None
        note = "the payoffs span more digits than floating point carries: exact simplex"
        if float_safe(game.exact_payoff_array[:1]):
            x, y, value = _solve_lp(A)
            found = _exact_strategies(Ae, x, y, tol=1e-7 * game.payoff_range())
            note = "exact recovery of the floating-point LP solution failed: exact simplex"
        if found is None:
            found = _exact_simplex(Ae)
        else:
            note = ""
        v, xe, ye = found
        eq = certify(game, [xe, ye], exact=True)
        if eq is None:  # pragma: no cover - the simplex's optimality is verified exactly in _exact_simplex
            raise SolverError("the zero-sum LP solution failed its exact certificate")
        notes = (f"value {v} (player 1)",) + ((note,) if note else ())
        view = EquilibriumResult(game, METHOD, (eq,), False, (), notes)
        return ZeroSumResult(v, xe, ye, constant, True, view)
    x, y, value = _solve_lp(A)
    notes = []
    eq = certify(game, [x, y], exact=False)
    if eq is None:
        # HiGHS's answer does not certify (payoffs spanning many orders of magnitude): solve the LP of the
        # float payoffs, taken as the rationals they are, exactly, and certify that in floating point.
        v, xe, ye = _exact_simplex(game.to_exact().exact_payoff_array[0])
        eq = certify(game, [[float(t) for t in xe], [float(t) for t in ye]], exact=False)
        if eq is None:  # pragma: no cover - an exact optimum is within any float tolerance
            raise SolverError("the zero-sum LP solution failed its regret certificate")
        value = float(v)
        notes.append("the floating-point LP solution failed its certificate: exact simplex")
    notes.insert(0, f"value {value:.10g} (player 1)")
    view = EquilibriumResult(game, METHOD, (eq,), False, (), tuple(notes))
    return ZeroSumResult(value, eq.profile[0], eq.profile[1], constant, False, view)


def zero_sum_equilibria(game: NormalFormGame) -> EquilibriumResult:
    """One certified equilibrium (a pair of optimal strategies) of a constant-sum game.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> mp = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> res = zero_sum_equilibria(mp)
    >>> res.method, res[0].profile
    ('zero-sum-lp', ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2))))
    """
    return solve_zero_sum(game).equilibria
