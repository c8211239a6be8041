"""One certified equilibrium of an n-player game by logit (QRE) tracing.

The logit quantal-response correspondence starts at the uniform profile
(``lambda = 0``) and, for generic games, its principal branch leads to a Nash
equilibrium as ``lambda`` grows. The branch is the curve ``H(y, lambda) = 0``
of the quantal-response equations in log-probabilities ``y = log p``
(payoffs scaled to [0, 1]). It is followed by pseudo-arclength continuation
in ``(y, lambda)`` (:func:`_logit_trace_arclength`: Euler predictor along the
tangent, Newton corrector on ``H = 0`` plus the hyperplane condition,
adaptive step length; Turocy 2005, Games Econ. Behav. 51), which follows the
path through turning points where it folds back in ``lambda``. Two tracers
that step ``lambda`` monotonically are the fallbacks, tried in turn if no
certified equilibrium comes from the first: Newton's method at each
``lambda`` of a geometric grid, warm-started from the previous one
(:func:`_logit_trace_newton`), then a damped fixed-point iteration
(:func:`_logit_trace`). Near the end of a trace the support of the traced
profile is guessed and its indifference system is solved (exactly where it
is small, see :mod:`._polysystem`; by Newton's method from the path's
profile where it is not); only a profile that passes
:func:`~gametheory.solvers.result.certify` is reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import InvalidGameError, NotSupportedError, SolverError
from . import _elimination
from . import _polysystem as ps
from .result import EquilibriumResult, certify

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["path_following_equilibrium"]

#: Time budget of the exact solution of a guessed support (where it can be interrupted); past it the path's
#: end is polished by Newton's method instead.
ELIMINATION_SECONDS = 10.0


def _flat_tables(payoffs: np.ndarray) -> list[np.ndarray]:
    """Player ``i``'s payoffs as a matrix: own strategies by the others' profiles (in player order)."""
    return [np.ascontiguousarray(np.moveaxis(payoffs[i], i, 0).reshape(payoffs.shape[1 + i], -1))
            for i in range(payoffs.shape[0])]


def _strategy_values_flat(tables: list[np.ndarray], probs: list[np.ndarray]) -> list[np.ndarray]:
    """Expected payoff of every pure strategy of every player against ``probs``: one matrix-vector product
    per player with the others' product distribution (much less overhead than contracting axis by axis)."""
    out = []
    for i, table in enumerate(tables):
        weights = None
        for j, p in enumerate(probs):
            if j != i:
                weights = p if weights is None else np.multiply.outer(weights, p).ravel()
        out.append(table @ weights)
    return out


def _logit_trace(payoffs: np.ndarray, steps: int = 400, lam_max: float = 1e4) -> list[list[np.ndarray]]:
    """Points of the logit path for a geometric grid of ``lambda`` (payoffs scaled to [0, 1])."""
    shape = payoffs.shape[1:]
    lo, hi = payoffs.min(), payoffs.max()
    scaled = (payoffs - lo) / (hi - lo if hi > lo else 1.0)
    tables = _flat_tables(scaled)
    probs = [np.full(m, 1.0 / m) for m in shape]
    trace = []
    for lam in np.geomspace(0.1, lam_max, steps):
        for _ in range(200):
            vals = _strategy_values_flat(tables, probs)
            new = []
            for v in vals:
                z = np.exp(lam * (v - v.max()))
                new.append(z / z.sum())
            delta = max(float(np.abs(a - b).max()) for a, b in zip(new, probs))
            probs = [0.5 * a + 0.5 * b for a, b in zip(new, probs)]
            if delta < 1e-12:
                break
        trace.append([p.copy() for p in probs])
    return trace


def _logit_setup(payoffs: np.ndarray) -> tuple[list[dict[int, np.ndarray]], np.ndarray]:
    """Payoffs scaled to [0, 1] (all players by the same affine map), arranged for the Jacobian, and the
    offsets of the players' blocks in the stacked strategy vector.

    ``pair[i][j]`` is player ``i``'s payoff table as ``(m_i, m_j, rest)``: ``i``'s strategies, ``j``'s, and
    the profiles of everybody else (in player order), so that ``d v_i / d p_j`` is one matrix product
    with the others' product distribution.
    """
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    lo, hi = payoffs.min(), payoffs.max()
    scaled = (payoffs - lo) / (hi - lo if hi > lo else 1.0)
    offsets = np.concatenate([[0], np.cumsum(shape)]).astype(int)
    pair: list[dict[int, np.ndarray]] = []
    for i in range(n):
        rest = [h for h in range(n) if h != i]
        pair.append({j: np.ascontiguousarray(np.moveaxis(scaled[i], [i, j], [0, 1]).reshape(
            shape[i], shape[j], -1)) for j in rest})
    return pair, offsets


def _logit_residual_jacobian(pair: list[dict[int, np.ndarray]], offsets: np.ndarray, y: np.ndarray,
                             lam: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The logit quantal-response equations in log-probabilities and their derivatives.

    Parameters
    ----------
    pair : list of dict
        The (scaled) payoff tables from :func:`_logit_setup`.
    offsets : numpy.ndarray
        Start of each player's block in ``y``; the last entry is the dimension.
    y : numpy.ndarray
        Log-probabilities of all players' strategies, stacked.
    lam : float
        The logit precision ``lambda``.

    Returns
    -------
    res : numpy.ndarray
        ``H(y, lambda)``: for each player ``i`` the row of its first strategy
        is ``log(sum_s exp(y_is))`` and the row of strategy ``s >= 1`` is
        ``y_is - y_i0 - lambda (v_is - v_i0)``, ``v_is`` the expected payoff of
        ``s`` against the others' ``exp(y)``.
    jac : numpy.ndarray
        ``dH/dy``, square.
    dlam : numpy.ndarray
        ``dH/dlambda``: ``-(v_is - v_i0)`` on the rows ``s >= 1``, zero on the
        normalisation rows.
    """
    n = len(pair)
    dim = int(offsets[-1])
    probs = [np.exp(y[offsets[i]:offsets[i + 1]]) for i in range(n)]
    res = np.empty(dim)
    jac = np.zeros((dim, dim))
    dlam = np.zeros(dim)
    for i in range(n):
        r0, m = int(offsets[i]), int(offsets[i + 1] - offsets[i])
        for j, table in pair[i].items():
            # d v_i / d p_j: the table against everybody else's product distribution
            w = np.ones(1)
            for h in range(n):
                if h != i and h != j:
                    w = np.multiply.outer(w, probs[h]).ravel()
            dv = table @ w  # (m_i, m_j)
            v = dv @ probs[j]
            jac[r0 + 1:r0 + m, offsets[j]:offsets[j + 1]] = -lam * (dv[1:] - dv[:1]) * probs[j]
        yi = y[r0:r0 + m]
        dlam[r0 + 1:r0 + m] = -(v[1:] - v[0])
        res[r0 + 1:r0 + m] = yi[1:] - yi[0] + lam * dlam[r0 + 1:r0 + m]
        jac[r0 + 1:r0 + m, r0] += -1.0
        jac[r0 + 1 + np.arange(m - 1), r0 + 1 + np.arange(m - 1)] += 1.0
        res[r0] = np.log(probs[i].sum())
        jac[r0, r0:r0 + m] = probs[i] / probs[i].sum()
    return res, jac, dlam


def _logit_trace_newton(payoffs: np.ndarray, steps: int = 400, lam_max: float = 1e4) -> list[list[np.ndarray]]:
    """The logit path by Newton's method in log-probabilities, ``lambda`` stepped geometrically.

    The quantal-response equations ``y_is - y_i0 = lambda (v_is - v_i0)``,
    ``sum_s exp(y_is) = 1`` (``y = log p``) are solved at each ``lambda`` from
    the previous point; a step Newton cannot close is halved. Where the path
    folds back in ``lambda`` this tracer cannot follow it: the corrector may
    land on another branch of quantal-response equilibria (which lead to Nash
    equilibria as well, and whatever is reported is certified) or get stuck,
    and the trace then ends early. :func:`_logit_trace_arclength` follows
    folds. The damped fixed-point iteration of :func:`_logit_trace`
    oscillates at large ``lambda`` on some games (random 6x6x6), so it is
    only the last fallback.
    """
    n = payoffs.shape[0]
    pair, offsets = _logit_setup(payoffs)

    def residual_and_jacobian(y: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
        res, jac, _ = _logit_residual_jacobian(pair, offsets, y, lam)
        return res, jac

    y = np.concatenate([np.full(m, -np.log(m)) for m in payoffs.shape[1:]])
    with np.errstate(all="ignore"):  # a diverging Newton step shows as non-finite values, handled below
        return _newton_trace_loop(residual_and_jacobian, y, n, offsets, steps, lam_max)


def _newton_trace_loop(residual_and_jacobian: Any, y: np.ndarray, n: int, offsets: np.ndarray, steps: int,
                       lam_max: float) -> list[list[np.ndarray]]:
    """Newton's corrector along the geometric ``lambda`` grid of :func:`_logit_trace_newton`."""
    trace = []
    grid = np.concatenate([[0.0], np.geomspace(0.1, lam_max, steps)])
    lam_done = 0.0
    for target in grid[1:]:
        lam, step = lam_done, target - lam_done
        while lam < target:
            trial = min(lam + step, target)
            z = y.copy()
            ok = False
            for _ in range(8):
                res, jac = residual_and_jacobian(z, trial)
                try:
                    dz = np.linalg.solve(jac, -res)
                except np.linalg.LinAlgError:
                    break
                z += dz
                if not np.all(np.isfinite(z)):
                    break
                if np.abs(dz).max() < 1e-10:
                    ok = True
                    break
            if ok:
                y, lam = z, trial
            else:
                step /= 2.0
                if step < 1e-9 * max(trial, 1.0):
                    return trace  # stuck: the points so far are all there is
        lam_done = target
        trace.append([np.exp(y[offsets[i]:offsets[i + 1]]) for i in range(n)])
    return trace


def _tangent(jac: np.ndarray, dlam: np.ndarray, prev: np.ndarray) -> np.ndarray | None:
    """Unit null vector of ``[dH/dy | dH/dlambda]`` oriented along ``prev`` (``None`` if singular).

    Solving ``[J; prev^T] t = e_last`` gives the null vector scaled so that
    ``prev . t = 1 > 0``, which keeps the orientation as long as the tangent
    turns by less than a right angle.
    """
    dim = jac.shape[0]
    aug = np.empty((dim + 1, dim + 1))
    aug[:dim, :dim] = jac
    aug[:dim, dim] = dlam
    aug[dim] = prev
    rhs = np.zeros(dim + 1)
    rhs[dim] = 1.0
    try:
        t = np.linalg.solve(aug, rhs)
    except np.linalg.LinAlgError:
        return None
    norm = float(np.linalg.norm(t))
    if not np.isfinite(norm) or norm == 0.0:
        return None
    return t / norm


def _logit_arclength_path(payoffs: np.ndarray, lam_max: float = 1e4, max_steps: int = 3000,
                          h_max: float = np.inf) -> tuple[np.ndarray, np.ndarray]:
    """The logit path by pseudo-arclength continuation in ``(y, lambda)``, ``y = log p``.

    The curve ``H(y, lambda) = 0`` of :func:`_logit_residual_jacobian`
    (payoffs scaled to [0, 1]) is followed from the uniform profile at
    ``lambda = 0``: the tangent is the null vector of the ``dim x (dim + 1)``
    Jacobian ``[dH/dy | dH/dlambda]`` (first with ``dlambda > 0``, then kept
    on the side of the previous tangent), an Euler step of length ``h`` along
    it is the predictor, and Newton's method on ``H = 0`` together with the
    hyperplane through the predictor orthogonal to the tangent is the
    corrector. So the path is followed through turning points where it folds
    back in ``lambda``. ``h`` doubles after a step whose corrector converged
    fast with a small turn of the tangent, and is halved after a failed
    corrector, a corrector that moved far from the predictor or a tangent
    that turned too much. Probabilities that vanish as ``lambda`` grows run
    off to ``y -> -inf`` linearly in ``lambda``, so the path straightens and
    ``h`` grows geometrically: random games reach ``lambda = 1e4`` in some
    tens to a few hundred steps.

    Parameters
    ----------
    payoffs : numpy.ndarray
        ``payoff_array`` of the game (players first), floats.
    lam_max : float
        Stop once ``lambda`` (in scaled payoffs) reaches it; the last point is
        interpolated to ``lambda = lam_max``.
    max_steps : int
        Budget of predictor-corrector steps (accepted or not).
    h_max : float
        Largest step length (arclength in ``(y, lambda)``); unbounded by
        default.

    Returns
    -------
    lams : numpy.ndarray
        ``lambda`` of the accepted points, in path order (not monotone where
        the path folds).
    ys : numpy.ndarray
        The log-probabilities of the accepted points, one row each. The path
        ends early (before ``lam_max``) if the budget runs out or the step
        size collapses.
    """
    pair, offsets = _logit_setup(payoffs)
    dim = int(offsets[-1])
    x = np.append(np.concatenate([np.full(m, -np.log(m)) for m in payoffs.shape[1:]]), 0.0)
    lams, ys = [0.0], [x[:dim].copy()]
    cos_min, cos_grow = np.cos(0.4), np.cos(0.1)  # largest turn accepted per step, and for growing h
    with np.errstate(all="ignore"):  # a diverging corrector shows as non-finite values, handled below
        _, jac, dlam = _logit_residual_jacobian(pair, offsets, x[:dim], 0.0)
        start = np.zeros(dim + 1)
        start[dim] = 1.0
        tan = _tangent(jac, dlam, start)
        if tan is None:
            return np.array(lams), np.array(ys)
        h = 0.25
        for _ in range(max_steps):
            pred = x + h * tan
            z = pred.copy()
            ok, its, last = False, 0, np.inf
            aug = np.empty((dim + 1, dim + 1))
            aug[dim] = tan
            rhs = np.zeros(dim + 1)
            tol = 1e-10 * max(1.0, float(np.abs(pred).max()))
            for its in range(1, 9):
                res, jac, dlam = _logit_residual_jacobian(pair, offsets, z[:dim], z[dim])
                aug[:dim, :dim] = jac
                aug[:dim, dim] = dlam
                rhs[:dim] = -res
                rhs[dim] = -float(tan @ (z - pred))
                try:
                    dz = np.linalg.solve(aug, rhs)
                except np.linalg.LinAlgError:
                    break
                size = float(np.abs(dz).max())
                if not np.isfinite(size) or (its > 1 and size > 0.5 * last):
                    break  # diverging, or not contracting fast enough to trust
                z += dz
                last = size
                if size <= tol:
                    ok = True
                    break
            new_tan = None
            if ok and float(np.linalg.norm(z - pred)) <= 0.5 * h + tol:
                _, jac, dlam = _logit_residual_jacobian(pair, offsets, z[:dim], z[dim])
                new_tan = _tangent(jac, dlam, tan)
            cos = -1.0 if new_tan is None else float(new_tan @ tan)
            if cos < cos_min:
                h *= 0.5
                if h < 1e-10 * max(1.0, abs(x[dim])):
                    break  # the step size collapsed: the points so far are all there is
                continue
            if z[dim] >= lam_max:
                frac = (lam_max - x[dim]) / (z[dim] - x[dim])
                lams.append(lam_max)
                ys.append(x[:dim] + frac * (z[:dim] - x[:dim]))
                break
            if z[dim] <= 0.0:
                break  # back at lambda = 0: cannot happen on the principal branch, numerical trouble
            x, tan = z, new_tan
            lams.append(float(x[dim]))
            ys.append(x[:dim].copy())
            if its <= 3 and cos > cos_grow:
                h = min(2.0 * h, h_max)
            elif its >= 6:
                h *= 0.7
    return np.array(lams), np.array(ys)


def _logit_trace_arclength(payoffs: np.ndarray, steps: int = 400, lam_max: float = 1e4) -> list[list[np.ndarray]]:
    """Points of the logit path traced by :func:`_logit_arclength_path`, on a geometric ``lambda`` grid.

    The path is sampled where it first passes each of ``steps`` values of
    ``lambda`` geometrically spaced from ``0.1`` to ``lam_max`` (interpolating
    ``y`` linearly between the accepted points around it), so the later points
    are the ones nearest the path's Nash end, as for the other tracers. Where
    the path folds, the grid values it passes again after turning back are
    not sampled twice; the samples beyond the largest ``lambda`` reached
    before are taken from the branch after the turn.

    Returns
    -------
    list of list of numpy.ndarray
        Profiles (one probability vector per player), ``lambda`` increasing;
        fewer than ``steps`` if the path ended early.
    """
    lams, ys = _logit_arclength_path(payoffs, lam_max=lam_max)
    offsets = np.concatenate([[0], np.cumsum(payoffs.shape[1:])]).astype(int)
    grid = np.geomspace(0.1, lam_max, steps)
    trace = []
    k = 0  # next grid value to sample
    for a in range(len(lams) - 1):
        lo, hi = lams[a], lams[a + 1]
        while k < steps and grid[k] <= hi * (1 + 1e-12) and hi > lo:
            frac = min(1.0, max(0.0, (grid[k] - lo) / (hi - lo)))
            y = ys[a] + frac * (ys[a + 1] - ys[a])
            probs = [np.exp(y[offsets[i]:offsets[i + 1]]) for i in range(len(offsets) - 1)]
            trace.append([p / p.sum() for p in probs])
            k += 1
    return trace


def path_following_equilibrium(game: NormalFormGame, *, method: str = "logit", steps: int = 400) -> EquilibriumResult:
    """One Nash equilibrium of a normal-form game by following the logit path, certified.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    method : {"logit"}
        The path. (``"simpdiv"`` is not implemented yet and raises
        NotSupportedError.)
    steps : int
        Number of points on the geometric ``lambda`` grid on which each trace
        is sampled; the supports of its last quarter are tried, latest first.

    Returns
    -------
    EquilibriumResult
        ``complete=False``; one equilibrium, certified by its regret.

    Raises
    ------
    SolverError
        If no profile near the end of the path passes its certificate and
        the game has no pure equilibrium (which is reported otherwise).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> g = NormalFormGame.from_function(
    ...     lambda a, b, c: (int(a == b), int(b == c), int(c != a)), [["H", "T"]] * 3)
    >>> res = path_following_equilibrium(g)
    >>> [[str(v) for v in p] for p in res[0].profile]
    [['1/2', '1/2'], ['1/2', '1/2'], ['1/2', '1/2']]
    """
    from ..games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"game must be a NormalFormGame, not {type(game).__name__}")
    if method != "logit":
        raise NotSupportedError(f"path-following method {method!r} is not available; use 'logit'")
    from ._normalise import is_normalised, normalised, restore

    if not is_normalised(game):
        # each player's payoffs onto [0, 1]: the logit path (and its lambda grid) is scale-dependent
        return restore(game, path_following_equilibrium(normalised(game), method=method, steps=steps))
    exact_game = game.to_exact()
    exact_payoffs = list(exact_game.exact_payoff_array)
    tried: set[Any] = set()
    for tracer in (_logit_trace_arclength, _logit_trace_newton, _logit_trace):
        trace = tracer(np.asarray(game.payoff_array, dtype=float), steps=steps)
        for probs in reversed(trace[-steps // 4:]):
            for cut in (1e-3, 1e-5, 1e-2):
                supports = tuple(tuple(int(k) for k in np.flatnonzero(p > cut)) for p in probs)
                if supports in tried:
                    continue
                tried.add(supports)
                eq = _solve_support(game, exact_game, exact_payoffs, supports, probs)
                if eq is not None:
                    note = "one equilibrium: the end of the logit path, solved on its support"
                    return EquilibriumResult(game, "logit-path", (eq,), complete=False, notes=(note,))
    # degenerate games (ties everywhere, e.g. reduced normal forms of trees) can defeat the support guess;
    # a pure equilibrium, if there is one, is still one certified equilibrium
    from .pure import pure_equilibria

    pure = pure_equilibria(game)
    if len(pure):
        note = ("the end of the logit path could not be certified; one pure equilibrium (exhaustive check of "
                "pure profiles) is reported instead")
        return EquilibriumResult(game, "logit-path", (pure[0],), complete=False, notes=(note,))
    raise SolverError("logit path following did not reach a profile that passes its regret certificate")


def _solve_support(game: Any, exact_game: Any, exact_payoffs: list[np.ndarray],
                   supports: tuple[tuple[int, ...], ...], near: list[np.ndarray]) -> Any:
    """An equilibrium on ``supports``: exactly where at most two players mix or the system is small,
    else by Newton's method from the path's profile ``near`` (then made exact if it rounds to one)."""
    from fractions import Fraction

    shape = game.shape
    mixers = [i for i in range(len(shape)) if len(supports[i]) > 1]
    if len(mixers) <= 2:
        sols = ps.solve_two_mixers(exact_payoffs, supports, shape) or []
    elif sum(len(supports[i]) - 1 for i in mixers) > 4:
        # too large for exact elimination (a Groebner basis need not finish): polish the path's end
        return _polish_near(game, supports, mixers, near)
    else:
        import sympy

        eqs, variables, profile = ps.support_polynomials(exact_payoffs, supports, shape)
        try:
            with _elimination.elimination_budget(ELIMINATION_SECONDS):
                kind, data = _elimination.solve_polynomial_system(eqs, variables)
        except _elimination.EliminationTimeout:
            return _polish_near(game, supports, mixers, near)
        if kind != "points":
            return None
        sols = []
        for vals in data:
            sym = [[sympy.sympify(x).subs(vals) for x in p] for p in profile]
            if all(v.is_Rational for p in sym for v in p):
                sols.append([[Fraction(int(v.p), int(v.q)) for v in p] for p in sym])
            else:
                fl = [[float(sympy.re(sympy.N(v, 30))) for v in p] for p in sym]
                if min(min(p) for p in fl) >= -1e-12:
                    eq = certify(game, fl, exact=False, profile_symbolic=tuple(tuple(p) for p in sym))
                    if eq is not None:
                        return eq
    for prof in sols:
        if any(v < 0 for p in prof for v in p):
            continue
        if game.is_exact:
            eq = certify(game, prof, exact=True)
        else:
            eq = certify(game, [[float(v) for v in p] for p in prof], exact=False)
        if eq is not None:
            return eq
    return None


def _polish_near(game: Any, supports: tuple[tuple[int, ...], ...], mixers: list[int],
                 near: list[np.ndarray]) -> Any:
    """Newton's method on the support's indifference system from ``near``; the result is certified
    (exactly, if it rounds to a rational profile that passes)."""
    from fractions import Fraction

    from ._polynomial_supports import polish
    from ._support_arrays import support_tensors

    fpay = np.asarray(game.payoff_array, dtype=float)
    tensors = support_tensors(fpay, supports, mixers)
    start = [np.asarray(near[i], dtype=float)[list(supports[i])] for i in mixers]
    start = [p / p.sum() for p in start]
    for _ in range(3):  # polish takes three steps per call
        pol = polish(tensors, [len(supports[i]) for i in mixers], start)
        if pol is None:
            return None
        start = pol
    if min(float(p.min()) for p in start) < -1e-9:
        return None
    profile = []
    for i, m in enumerate(game.shape):
        full = np.zeros(m)
        full[list(supports[i])] = np.clip(start[mixers.index(i)], 0.0, None) if i in mixers else 1.0
        profile.append(full / full.sum())
    if game.is_exact:
        rat = [[Fraction(float(v)).limit_denominator(10**6) for v in p] for p in profile]
        if all(sum(p) == 1 for p in rat):
            eq = certify(game, rat, exact=True)
            if eq is not None:
                return eq
    return certify(game, profile, exact=False)
