r"""Critical discount factors for sustaining a target profile in the infinitely repeated game.

For a pure target profile :math:`a^*` write, for player :math:`i`,
:math:`v_i = u_i(a^*)` (payoff from complying), :math:`d_i = \max_{a_i \ne a^*_i}
u_i(a_i, a^*_{-i})` (best one-shot deviation) and :math:`p_i` the payoff in the
punishment profile (a stage Nash equilibrium, so punishing is credible).

* **Grim trigger / Nash reversion** (Friedman 1971): deviation pays
  :math:`(1-\delta) d_i + \delta p_i`, so :math:`a^*` is a subgame-perfect
  path iff :math:`\delta \ge \delta^G_i = (d_i - v_i)/(d_i - p_i)` for all
  :math:`i`.
* **k-period punishment** (revert to the Nash profile for :math:`k` periods,
  then resume): iff :math:`d_i - v_i \le (v_i - p_i)(\delta + \dots + \delta^k)`;
  the critical factor is the root in (0, 1) of that polynomial
  (:math:`k = 1`: :math:`g_i = (d_i - v_i)/(v_i - p_i)`;
  :math:`k = 2`: :math:`(\sqrt{1 + 4 g_i} - 1)/2`; :math:`k \to \infty`: grim).
* **Tit-for-tat** (two players; Axelrod 1984): each player plays
  :math:`a^*_i` if the opponent played :math:`a^*_j` in the previous period and
  its punishment action :math:`e_i` otherwise. Against a tit-for-tat opponent
  player :math:`i` faces a two-state decision problem (opponent's current
  action :math:`a^*_j` or :math:`e_j`), so a stationary plan is optimal and
  only two deviations matter: defecting for ever,
  :math:`T_i + \delta P_i/(1-\delta)`, and alternating defect / comply,
  :math:`(T_i + \delta S_i)/(1-\delta^2)`, with :math:`T_i = d_i`,
  :math:`R_i = v_i`, :math:`S_i = u_i(a^*_i, e_j)` and
  :math:`P_i = \max_{a_i \ne a^*_i} u_i(a_i, e_j)`. Compliance
  :math:`R_i/(1-\delta)` beats both iff

  .. math:: \delta \ge \max\{(T_i - R_i)/(T_i - P_i),\ (T_i - R_i)/(R_i - S_i)\},

  which for the prisoner's dilemma is the standard collective-stability
  condition (Axelrod 1984, with (5, 3, 1, 0): max(1/2, 2/3) = 2/3). This is a
  Nash (not subgame-perfect) condition, as in Axelrod.

A threshold of 0 means the target needs no patience; ``None`` means no
discount factor below one sustains it. With symbolic payoffs (sympy
expressions) the same formulas are returned as sympy expressions, assuming
the generic case (deviating pays, punishment hurts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError, InvalidProfileError
from ..games.normal_form import NormalFormGame

__all__ = ["CriticalDiscount", "critical_discount", "critical_discount_symbolic"]


def _num(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (Fraction, np.floating, np.integer)):
        return float(v)
    return v


def _max_or_none(values: Sequence[Any]) -> Any:
    if any(v is None for v in values):
        return None
    return max(values)


@dataclass(frozen=True)
class CriticalDiscount:
    """Critical discount factors of a target profile, per player and overall.

    Attributes
    ----------
    players : tuple of str
    target : tuple of str
        Labels of the target pure profile.
    punishment : tuple
        The punishment profile (a stage Nash equilibrium): labels when pure,
        else one probability tuple per player.
    target_payoffs, deviation_payoffs, punishment_payoffs : tuple
        :math:`v_i`, :math:`d_i`, :math:`p_i` per player.
    grim : tuple
        Grim-trigger (Nash reversion) threshold per player (``None``: never).
    k_period : dict
        ``{k: per-player thresholds}`` for k-period punishments.
    tit_for_tat : tuple or None
        Per-player tit-for-tat threshold (two players with a pure punishment only).
    exact : bool
        Whether grim and tit-for-tat thresholds are exact rationals.
    symbolic : dict or None
        sympy expressions (``grim``, ``tit_for_tat``, ``k_period``), when
        the payoffs are symbolic.
    notes : tuple of str
    """

    players: tuple[str, ...]
    target: tuple[str, ...]
    punishment: tuple[Any, ...]
    target_payoffs: tuple[Any, ...]
    deviation_payoffs: tuple[Any, ...]
    punishment_payoffs: tuple[Any, ...]
    grim: tuple[Any, ...]
    k_period: dict[int, tuple[Any, ...]]
    tit_for_tat: tuple[Any, ...] | None
    exact: bool
    symbolic: dict[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def grim_overall(self) -> Any:
        """The smallest discount factor at which grim trigger sustains the target (max over players)."""
        return _max_or_none(self.grim)

    @property
    def tit_for_tat_overall(self) -> Any:
        """The smallest discount factor at which mutual tit-for-tat sustains the target."""
        return None if self.tit_for_tat is None else _max_or_none(self.tit_for_tat)

    def k_period_overall(self, k: int) -> Any:
        """Overall threshold of a ``k``-period punishment."""
        return _max_or_none(self.k_period[k])

    def sustainable(self, delta: float) -> dict[str, bool]:
        """Which schemes sustain the target at discount factor ``delta``."""
        out = {"grim": self.grim_overall is not None and delta >= self.grim_overall}
        if self.tit_for_tat is not None:
            t = self.tit_for_tat_overall
            out["tit_for_tat"] = t is not None and delta >= t
        for k in self.k_period:
            t = self.k_period_overall(k)
            out[f"k{k}"] = t is not None and delta >= t
        return out

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; thresholds as floats, ``None`` when not sustainable."""
        def pl(values: Sequence[Any]) -> dict[str, Any]:
            return {p: _num(v) for p, v in zip(self.players, values)}

        out: dict[str, Any] = {
            "players": list(self.players),
            "target": list(self.target),
            "punishment": [p if isinstance(p, str) else [_num(x) for x in p] for p in self.punishment],
            "target_payoffs": [_num(v) for v in self.target_payoffs],
            "deviation_payoffs": [_num(v) for v in self.deviation_payoffs],
            "punishment_payoffs": [_num(v) for v in self.punishment_payoffs],
            "grim": _num(self.grim_overall),
            "per_player": {"grim": pl(self.grim)},
            "k_period": {str(k): _num(self.k_period_overall(k)) for k in self.k_period},
            "exact": self.exact,
            "notes": list(self.notes),
        }
        for k, v in self.k_period.items():
            out["per_player"][f"k{k}"] = pl(v)
        if self.tit_for_tat is not None:
            out["tit_for_tat"] = _num(self.tit_for_tat_overall)
            out["per_player"]["tit_for_tat"] = pl(self.tit_for_tat)
        if self.symbolic is not None:
            out["symbolic"] = {k: str(v) for k, v in self.symbolic.items()}
        return out


# --------------------------------------------------------------------- kernels
def _ratio(num: Any, den: Any) -> Any:
    """Threshold ``num/den`` on [0, 1): 0 if no gain from deviating, None if no delta < 1 works."""
    if num <= 0:
        return Fraction(0) if isinstance(num, (int, Fraction)) else 0.0
    if den <= 0:
        return None
    t = num / den if not isinstance(num, int) else Fraction(num) / den
    return t if t < 1 else None


def _k_root(g: float, k: int) -> float | None:
    """Smallest delta in (0, 1) with delta + ... + delta^k >= g (None if g >= k)."""
    if g <= 0:
        return 0.0
    if g >= k:
        return None
    if k == 1:
        return float(g)
    # The polynomial is increasing on [0, 1]: bisection is robust and exact to float precision.
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if sum(mid ** j for j in range(1, k + 1)) >= g:
            hi = mid
        else:
            lo = mid
    return hi


def _profile_index(game: NormalFormGame, labels: Sequence[Any], what: str) -> tuple[int, ...]:
    if isinstance(labels, str):
        labels = [s.strip() for s in labels.split(",")]
    if len(labels) != game.num_players:
        raise InvalidProfileError(f"{what} names {len(labels)} strategies; the game has {game.num_players} players")
    return tuple(game.strategy_index(i, s) for i, s in enumerate(labels))


def _stage_payoff(arr: np.ndarray, i: int, profile: Sequence[np.ndarray]) -> Any:
    table = arr[i]
    for j in range(len(profile) - 1, -1, -1):
        table = np.tensordot(table, profile[j], axes=([j], [0]))
    return table[()] if isinstance(table, np.ndarray) else table


def _nash_candidates(game: NormalFormGame) -> list[list[np.ndarray]]:
    """Stage equilibria to punish with: every pure one, plus the solver's (mixed) ones where it applies."""
    import itertools

    dtype = object if game.is_exact else float
    out = []
    for idx in itertools.product(*(range(k) for k in game.shape)):
        prof = game.pure_profile(list(idx))
        if game.is_nash(prof):
            out.append([np.array(p, dtype=dtype) for p in prof])
    try:
        from ..solvers._solve import solve

        result = solve(game)
    except (ImportError, NotImplementedError, RuntimeError, ValueError):
        result = None  # n-player solvers may be unavailable: pure equilibria still serve
    if result is not None:
        for eq in result.equilibria:
            if not eq.is_pure:
                out.append([np.array(p, dtype=object if eq.exact else float) for p in eq.profile])
    if not out:
        raise InvalidGameError("no stage Nash equilibrium found to serve as punishment")
    return out


def _grim_thresholds(v: Sequence[Any], d: Sequence[Any], p: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(_ratio(di - vi, di - pi) for vi, di, pi in zip(v, d, p))


def critical_discount(
    game: NormalFormGame,
    target: Sequence[str | int] | str,
    *,
    punishment: Sequence[str | int] | str | None = None,
    k: Sequence[int] = (1, 2, 3),
) -> CriticalDiscount:
    """Critical discount factors for sustaining a pure target profile.

    Parameters
    ----------
    game : NormalFormGame
        The stage game (any number of players).
    target : sequence of str or int, or str
        One strategy per player (labels or indices; ``"C,C"`` also accepted).
    punishment : sequence or str, optional
        A pure stage Nash equilibrium used as the punishment. By default every
        stage equilibrium (mixed included) is tried and the one with the lowest
        overall grim-trigger threshold is used. A given profile must be a
        stage equilibrium, otherwise the punishment would not be credible.
    k : sequence of int
        Lengths of the k-period punishments to evaluate.

    Returns
    -------
    CriticalDiscount

    Examples
    --------
    Prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0):

    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> cd = critical_discount(pd, ["C", "C"])
    >>> cd.grim_overall, cd.tit_for_tat_overall
    (Fraction(1, 2), Fraction(2, 3))
    >>> cd.k_period_overall(1) is None, round(cd.k_period_overall(2), 4)
    (True, 0.618)
    >>> cd.sustainable(0.6)["grim"], cd.sustainable(0.6)["tit_for_tat"]
    (True, False)

    One period of punishment never suffices here (it would need delta >= 1);
    two periods need the golden-ratio conjugate.
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"expected a NormalFormGame, got {type(game).__name__}")
    ks = tuple(int(x) for x in k)
    if any(x < 1 for x in ks):
        raise ValueError(f"k must be positive integers, got {tuple(k)}")
    a = _profile_index(game, target, "target")
    exact = game.is_exact
    arr = game.exact_payoff_array if exact else game.payoff_array
    n = game.num_players
    v = tuple(arr[(i, *a)] for i in range(n))
    d = []
    for i in range(n):
        others = [arr[(i, *a[:i], s, *a[i + 1:])] for s in range(game.shape[i]) if s != a[i]]
        d.append(max(others) if others else v[i])
    d = tuple(d)
    notes: list[str] = []

    if punishment is not None:
        e = _profile_index(game, punishment, "punishment")
        if not game.is_nash(game.pure_profile(list(e))):
            raise InvalidProfileError("the punishment profile must be a stage Nash equilibrium (credible)")
        candidates = [[np.array(row, dtype=object if exact else float) for row in game.pure_profile(list(e))]]
    else:
        candidates = _nash_candidates(game)
    best = None
    for cand in candidates:
        p = tuple(_stage_payoff(arr if all(c.dtype == object for c in cand) and exact else game.payoff_array, i, cand)
                  for i in range(n))
        g = _grim_thresholds(v, d, p)
        overall = _max_or_none(g)
        key = (overall is None, float(overall) if overall is not None else 0.0)
        if best is None or key < best[0]:
            best = (key, cand, p, g)
    assert best is not None
    _, cand, p, grim = best
    pure_punish = all(sum(1 for x in c if x != 0) == 1 for c in cand)
    if pure_punish:
        e = tuple(int(np.flatnonzero([x != 0 for x in c])[0]) for c in cand)
        punish_desc: tuple[Any, ...] = tuple(game.strategies[i][e[i]] for i in range(n))
    else:
        e = None
        punish_desc = tuple(tuple(c) for c in cand)

    kp: dict[int, tuple[Any, ...]] = {}
    for kk in ks:
        vals = []
        for i in range(n):
            gain, loss = d[i] - v[i], v[i] - p[i]
            if gain <= 0:
                vals.append(Fraction(0) if exact else 0.0)
            elif loss <= 0:
                vals.append(None)
            elif kk == 1:
                r = gain / loss
                vals.append(r if r < 1 else None)
            else:
                vals.append(_k_root(float(gain / loss), kk))
        kp[kk] = tuple(vals)

    tft = None
    if n == 2 and e is not None:
        tft_vals = []
        for i in range(2):
            j = 1 - i
            idx = [0, 0]
            idx[j] = e[j]
            R, T = v[i], d[i]
            idx[i] = a[i]
            S = arr[(i, *idx)]
            alt = []
            for s in range(game.shape[i]):
                if s != a[i]:
                    idx[i] = s
                    alt.append(arr[(i, *idx)])
            P = max(alt) if alt else S
            t1, t2 = _ratio(T - R, T - P), _ratio(T - R, R - S)
            tft_vals.append(_max_or_none([t1, t2]))
        tft = tuple(tft_vals)
    elif n == 2:
        notes.append("tit-for-tat needs a pure punishment profile; none of the stage equilibria is pure")
    if n != 2:
        notes.append("tit-for-tat is defined for two players only")
    return CriticalDiscount(
        players=game.players, target=tuple(game.strategies[i][a[i]] for i in range(n)), punishment=punish_desc,
        target_payoffs=v, deviation_payoffs=d, punishment_payoffs=p, grim=grim, k_period=kp, tit_for_tat=tft,
        exact=exact and all(c.dtype == object for c in cand), symbolic=None, notes=tuple(notes),
    )


def _to_sympy(x: Any) -> Any:
    """A sympy object for a payoff entry; strings are refused (never sympify raw text)."""
    import sympy as sp

    if isinstance(x, sp.Basic):
        return x
    if isinstance(x, (bool, str)) or not isinstance(x, (int, float, Fraction, np.integer, np.floating)):
        raise InvalidGameError(f"symbolic payoffs must be sympy expressions or numbers, got {x!r}")
    if isinstance(x, Fraction):
        return sp.Rational(x.numerator, x.denominator)
    return sp.Integer(int(x)) if isinstance(x, (int, np.integer)) else sp.Float(float(x))


def critical_discount_symbolic(
    payoffs: Sequence[Any],
    strategies: Sequence[Sequence[str]],
    target: Sequence[str],
    punishment: Sequence[str],
    *,
    players: Sequence[str] | None = None,
    values: dict[Any, Any] | None = None,
) -> CriticalDiscount:
    """Closed-form critical discount factors when the payoffs are sympy expressions.

    Parameters
    ----------
    payoffs : sequence of nested sequences of sympy expressions
        One payoff table per player indexed by the pure profile.
    strategies : sequence of sequence of str
        Strategy labels per player.
    target, punishment : sequence of str
        The target profile and the (pure) punishment profile (a stage Nash
        equilibrium in the parameter region of interest; not checked).
    players : sequence of str, optional
    values : dict, optional
        Parameter values (``{symbol: number}``) at which numeric thresholds are
        also reported; without them the numeric fields are ``None``.

    Returns
    -------
    CriticalDiscount
        ``symbolic`` holds the overall ``grim``, ``tit_for_tat`` (two players),
        ``k1`` and ``k2`` thresholds as sympy expressions (``Max`` over players),
        assuming the generic case: deviating pays and punishment hurts.

    Examples
    --------
    >>> import sympy as sp
    >>> T, R, P, S = sp.symbols("T R P S", positive=True)
    >>> pd = [[[R, S], [T, P]], [[R, T], [S, P]]]
    >>> cd = critical_discount_symbolic(pd, [["C", "D"], ["C", "D"]], ["C", "C"], ["D", "D"])
    >>> cd.symbolic["grim"]
    (R - T)/(P - T)
    >>> cd.symbolic["tit_for_tat"]
    Max((R - T)/(P - T), (-R + T)/(R - S))
    >>> cd2 = critical_discount_symbolic(pd, [["C", "D"], ["C", "D"]], ["C", "C"], ["D", "D"],
    ...                                  values={T: 5, R: 3, P: 1, S: 0})
    >>> cd2.grim_overall, cd2.tit_for_tat_overall
    (Fraction(1, 2), Fraction(2, 3))
    """
    import sympy as sp

    tables = [np.array(p, dtype=object) for p in payoffs]
    n = len(tables)
    shape = tables[0].shape
    if len(shape) != n or any(t.shape != shape for t in tables):
        raise InvalidGameError("payoffs must be one table per player, indexed by the pure profile")
    if len(strategies) != n or any(len(s) != k for s, k in zip(strategies, shape)):
        raise InvalidGameError("strategy labels do not match the payoff tables")
    players = tuple(players) if players is not None else tuple(f"Player {i + 1}" for i in range(n))
    a = tuple(list(strategies[i]).index(s) for i, s in enumerate(target))
    e = tuple(list(strategies[i]).index(s) for i, s in enumerate(punishment))
    tab = [np.array([_to_sympy(t[idx]) for idx in np.ndindex(shape)], dtype=object).reshape(shape)
           for t in tables]
    v = [tab[i][a] for i in range(n)]
    d = [sp.Max(*[tab[i][(*a[:i], s, *a[i + 1:])] for s in range(shape[i]) if s != a[i]]) for i in range(n)]
    p = [tab[i][e] for i in range(n)]
    grim_i = [sp.simplify((d[i] - v[i]) / (d[i] - p[i])) for i in range(n)]
    k1_i = [sp.simplify((d[i] - v[i]) / (v[i] - p[i])) for i in range(n)]
    # k = 2: delta + delta^2 = g  =>  delta = (sqrt(1 + 4 g) - 1) / 2.
    k2_i = [(sp.sqrt(1 + 4 * g) - 1) / 2 for g in k1_i]
    sym: dict[str, Any] = {"grim": sp.Max(*grim_i), "k1": sp.Max(*k1_i), "k2": sp.Max(*k2_i)}
    tft_i = None
    if n == 2:
        tft_i = []
        for i in range(2):
            j = 1 - i
            idx = [0, 0]
            idx[j] = e[j]
            idx[i] = a[i]
            S = tab[i][tuple(idx)]
            alts = []
            for s in range(shape[i]):
                if s != a[i]:
                    idx[i] = s
                    alts.append(tab[i][tuple(idx)])
            P = sp.Max(*alts)
            R, T = v[i], d[i]
            tft_i.append(sp.Max(sp.simplify((T - R) / (T - P)), sp.simplify((T - R) / (R - S))))
        sym["tit_for_tat"] = sp.Max(*tft_i)

    def ev(x: Any) -> Any:
        if values is None:
            return None
        y = sp.nsimplify(x.subs(values)) if x.free_symbols else x
        y = sp.Rational(y) if y.is_Rational else y
        return Fraction(int(y.p), int(y.q)) if y.is_Rational else float(y)

    if values is not None:
        vv, dd, pp = [ev(x) for x in v], [ev(x) for x in d], [ev(x) for x in p]
        grim = _grim_thresholds(vv, dd, pp)
        kp = {1: tuple(_ratio(di - vi, vi - pi) for vi, di, pi in zip(vv, dd, pp))}
        tft = None
        if n == 2:
            tft = []
            for i in range(2):
                j = 1 - i
                idx = [0, 0]
                idx[j], idx[i] = e[j], a[i]
                S = ev(tab[i][tuple(idx)])
                alts = []
                for s in range(shape[i]):
                    if s != a[i]:
                        idx[i] = s
                        alts.append(ev(tab[i][tuple(idx)]))
                P = max(alts)
                tft.append(_max_or_none([_ratio(dd[i] - vv[i], dd[i] - P), _ratio(dd[i] - vv[i], vv[i] - S)]))
            tft = tuple(tft)
        exact = all(isinstance(x, Fraction) for x in (*vv, *dd, *pp))
    else:
        vv = dd = pp = tuple(None for _ in range(n))
        grim = tuple(None for _ in range(n))
        kp = {}
        tft = None if n != 2 else tuple(None for _ in range(n))
        exact = False
    return CriticalDiscount(
        players=players, target=tuple(target), punishment=tuple(punishment), target_payoffs=tuple(vv),
        deviation_payoffs=tuple(dd), punishment_payoffs=tuple(pp), grim=tuple(grim), k_period=kp,
        tit_for_tat=tft, exact=exact, symbolic=sym,
        notes=("symbolic thresholds assume the generic case: deviating pays and punishment hurts",),
    )
