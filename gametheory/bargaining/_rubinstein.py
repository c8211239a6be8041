"""Rubinstein (1982) alternating offers: closed forms, outside options, risk of breakdown, offer paths.

Two players split a pie ``S``; in each round one proposes and the other
accepts or rejects; after a rejection the roles swap. Player ``i`` discounts
each round by ``delta_i``. Extensions, all in closed form (exact for rational
inputs):

- **outside options** ``w_j``: a responder may opt out instead of
  countering. Its reservation is ``max(w_j, delta_j x_j)`` where ``x_j`` is
  its share as proposer; the option binds only when it exceeds the
  responder's Rubinstein share (the outside-option principle, Binmore, Shaked
  and Sutton 1989);
- **risk of breakdown** ``p``: after a rejection the talks break down with
  probability ``p``, giving ``b`` (Binmore, Rubinstein and Wolinsky 1986
  [L5]); as ``p -> 0`` (or ``delta -> 1``) the split tends to the Nash
  solution with disagreement point ``b``.

The subgame-perfect equilibrium is unique and stationary; agreement is
immediate. :func:`offer_path` gives the SPE of the finite-horizon game round
by round (backward induction), which converges to the stationary proposals.
:func:`rubinstein_solution` solves alternating offers on any feasible set
(polygon, transferable utility or frontier function).

Examples
--------
>>> from fractions import Fraction
>>> rubinstein(Fraction(9, 10)).proposer_share
Fraction(10, 19)
>>> rubinstein(Fraction(9, 10), Fraction(8, 10)).proposer_share
Fraction(5, 7)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence, Union

from ..exceptions import InvalidGameError, NotSupportedError
from ._numeric import as_number, as_pair, num_json
from .result import BargainingSolution

__all__ = ["RubinsteinResult", "rubinstein", "alternating_offers", "offer_path", "OfferPath",
           "rubinstein_solution"]

Number = Union[int, float, Fraction]


@dataclass(frozen=True)
class RubinsteinResult:
    """Subgame-perfect split of a pie in the alternating-offers game.

    Attributes
    ----------
    proposer_share, responder_share : number
        What the first proposer and the first responder get (immediate agreement).
    pie : number
    deltas : (delta1, delta2)
        Discount factors of the first proposer and the first responder.
    proposals : ((x, S - x), (S - y, y))
        The stationary proposals: what player 1 offers when it proposes, and
        what player 2 offers when it proposes (player 1's payoff first).
    outside : (w1, w2) or None
    binding : (bool, bool)
        Whether each player's outside option binds.
    breakdown : number
        Probability that the talks break down after a rejection.
    breakdown_payoffs : (b1, b2)
    exact : bool
    """

    proposer_share: Number
    responder_share: Number
    pie: Number = 1
    deltas: tuple[Number, Number] = (0, 0)
    proposals: tuple[tuple[Number, Number], tuple[Number, Number]] = ((1, 0), (0, 1))
    outside: tuple[Number, Number] | None = None
    binding: tuple[bool, bool] = (False, False)
    breakdown: Number = 0
    breakdown_payoffs: tuple[Number, Number] = (0, 0)
    exact: bool = False

    def to_json(self) -> dict[str, Any]:
        """``solution`` (proposer, responder), ``proposals``, ``pie``, ``deltas``, ``outside``, ``binding``,
        ``breakdown``, ``breakdown_payoffs``, ``exact``."""
        return {"solution": [float(self.proposer_share), float(self.responder_share)],
                "proposals": [num_json(p) for p in self.proposals], "pie": float(self.pie),
                "deltas": num_json(self.deltas), "outside": num_json(self.outside),
                "binding": list(self.binding), "breakdown": float(self.breakdown),
                "breakdown_payoffs": num_json(self.breakdown_payoffs), "exact": self.exact}


def _delta(value: Any, what: str, allow_one: bool) -> Any:
    d = as_number(value, what)
    if not (0 <= d < 1 or (allow_one and d == 1)):
        raise InvalidGameError(f"{what}: discount factors must lie in [0, 1), got {d}")
    return d


def rubinstein(delta1: Number, delta2: Number | None = None) -> RubinsteinResult:
    """Proposer's share ``(1 - d2) / (1 - d1 d2)`` of a unit pie [L4].

    Examples
    --------
    >>> round(float(rubinstein(0.9).proposer_share), 4)
    0.5263
    >>> round(float(rubinstein(0.9, 0.8).proposer_share), 4)
    0.7143
    """
    return alternating_offers(delta1, delta2)


def alternating_offers(delta1: Number, delta2: Number | None = None, *, pie: Number = 1,
                       outside: Sequence[Number] | None = None, breakdown: Number = 0,
                       breakdown_payoffs: Sequence[Number] = (0, 0)) -> RubinsteinResult:
    """The unique SPE of alternating offers with outside options and a risk of breakdown.

    Parameters
    ----------
    delta1, delta2 : number
        Discount factors of the first proposer and of the responder
        (``delta2`` defaults to ``delta1``); in ``[0, 1)``, or 1 when
        ``breakdown > 0``.
    pie : number
        The size of the pie.
    outside : (w1, w2), optional
        Outside options (taken instead of making a counter-offer).
    breakdown : number
        Probability of breakdown after each rejection.
    breakdown_payoffs : (b1, b2)
        Payoffs on breakdown (``b1 + b2 <= pie``).

    Returns
    -------
    RubinsteinResult

    Examples
    --------
    The responder's outside option binds only above its Rubinstein share (1/3 here):

    >>> from fractions import Fraction as F
    >>> alternating_offers(F(1, 2), outside=(0, F(1, 4))).proposer_share
    Fraction(2, 3)
    >>> alternating_offers(F(1, 2), outside=(0, F(1, 2))).proposer_share
    Fraction(1, 2)

    Pure risk of breakdown, no discounting: ``(1 + (1 - p) b1 - b2) / (2 - p)``:

    >>> alternating_offers(1, 1, breakdown=F(1, 10), breakdown_payoffs=(F(1, 5), 0)).proposer_share
    Fraction(59, 95)
    """
    p = as_number(breakdown, "breakdown")
    if not 0 <= p <= 1:
        raise InvalidGameError(f"breakdown: a probability in [0, 1] is required, got {p}")
    d1 = _delta(delta1, "delta1", p > 0)
    d2 = _delta(delta1 if delta2 is None else delta2, "delta2", p > 0)
    s = as_number(pie, "pie")
    if s <= 0:
        raise InvalidGameError(f"pie: must be positive, got {s}")
    b1, b2 = as_pair(breakdown_payoffs, "breakdown_payoffs")
    if b1 + b2 > s:
        raise InvalidGameError("breakdown_payoffs: b1 + b2 exceeds the pie")
    w = None if outside is None else as_pair(outside, "outside")
    if w is not None and w[0] + w[1] >= s:
        raise InvalidGameError("outside: the outside options sum to at least the pie; no agreement is possible")
    a1, a2 = d1 * (1 - p), d2 * (1 - p)
    c1, c2 = d1 * p * b1, d2 * p * b2
    if a1 * a2 >= 1:
        raise InvalidGameError("alternating offers need delta < 1 or a positive breakdown probability")
    cases = [(False, False), (False, True), (True, False), (True, True)] if w is not None else [(False, False)]
    for bind1, bind2 in cases:
        if not bind1 and not bind2:
            x1 = (s * (1 - a2) - c2 + a2 * c1) / (1 - a1 * a2)
            x2 = s - a1 * x1 - c1
        elif bind2 and not bind1:
            x1 = s - w[1]  # type: ignore[index]
            x2 = s - a1 * x1 - c1
        elif bind1 and not bind2:
            x2 = s - w[0]  # type: ignore[index]
            x1 = s - a2 * x2 - c2
        else:
            x1, x2 = s - w[1], s - w[0]  # type: ignore[index]
        if w is not None:
            r1, r2 = a1 * x1 + c1, a2 * x2 + c2
            if (bind1 and w[0] < r1) or (not bind1 and w[0] > r1) or (bind2 and w[1] < r2) \
                    or (not bind2 and w[1] > r2):
                continue
        exact = all(isinstance(v, Fraction) for v in (x1, x2))
        return RubinsteinResult(x1, s - x1, s, (d1, d2), ((x1, s - x1), (s - x2, x2)),
                                w, (bind1, bind2), p, (b1, b2), exact)
    raise AssertionError("no consistent case")  # pragma: no cover - the fixed point always exists


@dataclass(frozen=True)
class OfferPath:
    """SPE of the finite-horizon alternating-offers game, round by round.

    ``rounds[k]`` is a dict: ``round`` (1-based), ``proposer`` (0 or 1),
    ``offer`` (payoffs of players 1 and 2 if accepted), ``reservation`` (the
    responder's value of rejecting). In the SPE the first offer is accepted.
    """

    rounds: tuple[dict[str, Any], ...]
    deltas: tuple[Number, Number]
    pie: Number
    disagreement: tuple[Number, Number]
    stationary: RubinsteinResult | None = field(default=None)

    @property
    def agreement(self) -> tuple[Number, Number]:
        """The SPE payoffs (the first offer, accepted at once)."""
        return self.rounds[0]["offer"]

    def to_json(self) -> dict[str, Any]:
        return {"agreement": num_json(self.agreement), "deltas": num_json(self.deltas), "pie": float(self.pie),
                "disagreement": num_json(self.disagreement),
                "rounds": [{"round": r["round"], "proposer": r["proposer"], "offer": num_json(r["offer"]),
                            "reservation": float(r["reservation"])} for r in self.rounds]}


def offer_path(delta1: Number, delta2: Number | None = None, *, rounds: int, pie: Number = 1,
               disagreement: Sequence[Number] = (0, 0), first: int = 0) -> OfferPath:
    """Backward induction in the alternating-offers game with ``rounds`` rounds.

    After the last rejection both get ``disagreement``. Player ``first``
    proposes in round 1. The proposer's SPE share converges to the
    stationary (Rubinstein) share as ``rounds`` grows.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> offer_path(F(1, 2), rounds=1).agreement      # ultimatum game
    (Fraction(1, 1), Fraction(0, 1))
    >>> offer_path(F(1, 2), rounds=3).agreement      # 1 - 1/2 (1 - 1/2)
    (Fraction(3, 4), Fraction(1, 4))
    """
    if not isinstance(rounds, int) or rounds < 1:
        raise InvalidGameError(f"rounds: expected a positive integer, got {rounds!r}")
    if first not in (0, 1):
        raise InvalidGameError("first: 0 (player 1 proposes first) or 1")
    d = (_delta(delta1, "delta1", True), _delta(delta1 if delta2 is None else delta2, "delta2", True))
    s = as_number(pie, "pie")
    dis = as_pair(disagreement, "disagreement")
    if dis[0] + dis[1] > s:
        raise InvalidGameError("disagreement: d1 + d2 exceeds the pie")
    cont = dis  # values after the last round's rejection (received one round later)
    out: list[dict[str, Any]] = []
    for t in range(rounds, 0, -1):
        i = first if (t - 1) % 2 == 0 else 1 - first
        j = 1 - i
        reservation = d[j] * cont[j]
        offer = [None, None]
        offer[i], offer[j] = s - reservation, reservation
        out.append({"round": t, "proposer": i, "offer": tuple(offer), "reservation": reservation})
        cont = tuple(offer)  # type: ignore[assignment]
    stationary = None
    if d[0] < 1 and d[1] < 1:
        dd = (d[first], d[1 - first])
        stationary = alternating_offers(*dd, pie=s)
    return OfferPath(tuple(reversed(out)), d, s, dis, stationary)


def rubinstein_solution(feasible: Any, disagreement: Sequence[Any], deltas: Sequence[Any], *, first: int = 0,
                        outside: Sequence[Any] | None = None, breakdown: Any = 0,
                        players: Sequence[str] | None = None) -> BargainingSolution:
    """Alternating offers on a feasible set: the SPE agreement (player ``first`` proposes first).

    With transferable utility the pie is ``S - d1 - d2`` (closed form; outside
    options ``outside`` are payoffs, like ``d``; breakdown gives ``d``). On a polygon
    or frontier function the stationary proposals ``x`` (by player 1) and
    ``y`` (by player 2) are the frontier points with
    ``y1 - d1 = a1 (x1 - d1)`` and ``x2 - d2 = a2 (y2 - d2)``, ``a_i = delta_i (1 - p)``
    (Binmore 1987; breakdown gives ``d``); exact on polygons (a 2x2 linear
    system on a pair of edges).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory.bargaining.feasible import FeasibleSet
    >>> rubinstein_solution(FeasibleSet.transferable(10), (2, 1), (F(9, 10), F(9, 10))).solution
    (Fraction(108, 19), Fraction(82, 19))
    >>> sq = FeasibleSet.from_points([(0, 0), (1, 0), (0, 1)])
    >>> rubinstein_solution(sq, (0, 0), (F(9, 10), F(9, 10))).solution
    (Fraction(10, 19), Fraction(9, 19))
    """
    from .feasible import FeasibleSet

    if not isinstance(feasible, FeasibleSet):
        raise InvalidGameError("feasible: expected a FeasibleSet")
    d = feasible.check_disagreement(disagreement)
    p = as_number(breakdown, "breakdown")
    if first not in (0, 1):
        raise InvalidGameError("first: 0 (player 1 proposes first) or 1")
    delta = as_pair(deltas, "deltas")
    names = ("Player 1", "Player 2") if players is None else (str(players[0]), str(players[1]))
    if feasible.kind == "transferable":
        pie = feasible.surplus - d[0] - d[1]
        if pie <= 0:
            return BargainingSolution("rubinstein", d, d, feasible.exact, {}, names, (1, 1),
                                      notes=("nothing to share: d1 + d2 equals the surplus",))
        order = (first, 1 - first)
        w = None if outside is None else as_pair(outside, "outside")
        res = alternating_offers(delta[order[0]], delta[order[1]], pie=pie,
                                 outside=None if w is None else (w[order[0]] - d[order[0]], w[order[1]] - d[order[1]]),
                                 breakdown=p)
        gains = [None, None]
        gains[order[0]], gains[order[1]] = res.proposer_share, res.responder_share
        u = (d[0] + gains[0], d[1] + gains[1])
        props = ((d[0] + (res.proposals[0][0] if first == 0 else res.proposals[1][1]),
                  d[1] + (res.proposals[0][1] if first == 0 else res.proposals[1][0])),
                 (d[0] + (res.proposals[1][0] if first == 0 else res.proposals[0][1]),
                  d[1] + (res.proposals[1][1] if first == 0 else res.proposals[0][0])))
        details = {"first": names[first], "proposals": {names[0]: props[0], names[1]: props[1]},
                   "deltas": delta, "breakdown": p, "binding_outside": list(res.binding)}
        return BargainingSolution("rubinstein", u, d, res.exact, {"closed_form": True}, names, (1, 1), details)
    if outside is not None:
        raise NotSupportedError("outside options are supported with transferable utility only")
    a = tuple(_delta(v, "deltas", p > 0) * (1 - p) for v in delta)
    if a[0] * a[1] >= 1:
        raise InvalidGameError("alternating offers need delta < 1 or a positive breakdown probability")
    if feasible.kind == "polygon":
        x, y, exact = _frontier_polygon(feasible, d, a)
    else:
        x, y = _frontier_curve(feasible, d, a)
        exact = False
    u = x if first == 0 else y
    details = {"first": names[first], "proposals": {names[0]: x, names[1]: y}, "deltas": delta, "breakdown": p}
    cert = {"player1_indifferent": (y[0] - d[0]) - a[0] * (x[0] - d[0]),
            "player2_indifferent": (x[1] - d[1]) - a[1] * (y[1] - d[1]),
            "condition": "each responder weakly prefers the offer to waiting to propose (indifferent unless "
                         "the frontier is flat there)"}
    return BargainingSolution("rubinstein", u, d, exact, cert, names, (1, 1), details)


def _frontier_polygon(fs: Any, d: tuple[Any, Any], a: tuple[Any, Any]) -> tuple[Any, Any, bool]:
    pts = fs.chain(d)
    exact = fs.exact and all(isinstance(v, Fraction) for v in (*d, *a))
    if not exact:
        pts = [(float(p), float(q)) for p, q in pts]
        d = (float(d[0]), float(d[1]))
        a = (float(a[0]), float(a[1]))
    mids = [((p[0] + q[0]) / 2, (p[1] + q[1]) / 2) for p, q in zip(pts, pts[1:])]
    # in floats, gains at rounding level count as none (a denormal gain made the search below fail)
    eps = 0 if exact else 1e-12 * max([1.0, abs(d[0]), abs(d[1]), *[abs(v) for p in pts for v in p]])
    if all(p[0] <= d[0] + eps or p[1] <= d[1] + eps for p in pts + mids):
        # nothing strictly dominates d: one side cannot gain, the other takes the best point
        u = max(pts, key=lambda p: p[0] + p[1])
        return u, u, exact
    tol = 0 if exact else 1e-9
    edges = list(zip(pts, pts[1:]))
    for P, Q in edges:
        for R, T in edges:
            # x = P + s (Q - P), y = R + t (T - R):
            #   y1 - d1 = a1 (x1 - d1)  and  x2 - d2 = a2 (y2 - d2)
            m11, m12 = -a[0] * (Q[0] - P[0]), T[0] - R[0]
            m21, m22 = Q[1] - P[1], -a[1] * (T[1] - R[1])
            r1 = a[0] * (P[0] - d[0]) - (R[0] - d[0])
            r2 = a[1] * (R[1] - d[1]) - (P[1] - d[1])
            det = m11 * m22 - m12 * m21
            if det == 0:
                continue
            s = (r1 * m22 - m12 * r2) / det
            t = (m11 * r2 - r1 * m21) / det
            if -tol <= s <= 1 + tol and -tol <= t <= 1 + tol:
                x = (P[0] + s * (Q[0] - P[0]), P[1] + s * (Q[1] - P[1]))
                y = (R[0] + t * (T[0] - R[0]), R[1] + t * (T[1] - R[1]))
                # on a flat or vertical part, the proposer is indifferent: give the responder the most
                top, right = fs.upper(x[0]), fs.right(y[1])
                x = (x[0], top if exact else float(top))
                y = (right if exact else float(right), y[1])
                return x, y, exact
    raise AssertionError("no stationary proposals found")  # pragma: no cover


def _frontier_curve(fs: Any, d: tuple[Any, Any], a: tuple[Any, Any]) -> tuple[Any, Any]:
    from scipy.optimize import brentq

    d1, d2 = float(d[0]), float(d[1])
    a1, a2 = float(a[0]), float(a[1])
    top = float(fs.upper(d1))
    hi = float(fs.right(d2))
    lo = float(fs.right(d2 + a2 * (top - d2)))

    def gap(x1: float) -> float:
        x2 = float(fs.upper(x1))
        y2 = d2 + (x2 - d2) / a2 if a2 > 0 else top
        y1 = float(fs.right(min(y2, top)))
        return (y1 - d1) - a1 * (x1 - d1)

    g_lo, g_hi = gap(lo), gap(hi)
    if g_lo == 0 or g_lo * g_hi > 0:
        x1 = lo if abs(g_lo) <= abs(g_hi) else hi
    else:
        x1 = float(brentq(gap, lo, hi, xtol=1e-14))
    x = (x1, float(fs.upper(x1)))
    y2 = min(d2 + (x[1] - d2) / a2 if a2 > 0 else top, top)
    y = (float(fs.right(y2)), y2)
    return x, y
