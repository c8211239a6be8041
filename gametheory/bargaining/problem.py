"""A bargaining problem: feasible set, disagreement point or threat game, and the deals behind the payoffs.

:class:`BargainingProblem` is what a ``bargaining`` model builds (see
:mod:`gametheory.bargaining.scenario`); it can also be made directly.

Examples
--------
>>> from gametheory.bargaining.feasible import FeasibleSet
>>> prob = BargainingProblem(("A", "B"), FeasibleSet.transferable(10), disagreement=(2, 1))
>>> prob.solve("nash").solution
(Fraction(11, 2), Fraction(9, 2))
>>> prob.solve("kalai-smorodinsky").solution == prob.solve("egalitarian").solution
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidGameError, NotSupportedError
from .axiomatic import egalitarian, kalai_smorodinsky, nash_solution
from .disagreement import DisagreementPoint
from .feasible import FeasibleSet
from .result import METHODS, BargainingSolution
from ._rubinstein import rubinstein_solution
from .threat_value import ThreatValue, threat_values
from .threats import variable_threats

__all__ = ["BargainingProblem", "DealSpace"]


@dataclass(frozen=True)
class DealSpace:
    """The deals (values of named deal variables) behind the points of a polygonal feasible set.

    ``deals[k]`` is a dict variable -> value for input point ``k``;
    ``units`` maps variable -> unit text.
    """

    variables: tuple[str, ...]
    deals: tuple[dict[str, Any], ...]
    units: dict[str, str] = field(default_factory=dict)

    def terms(self, feasible: FeasibleSet, point: Sequence[Any]) -> dict[str, Any]:
        """The deal implied by a frontier ``point``: on an edge between two deals, their weighted average.

        Returns ``{"terms": {variable: value}, "between": [deal, deal], "weight": t}`` where ``t`` is
        the weight of the second deal. With payoffs concave in the deal variables the averaged deal is
        at least as good for both as the lottery between the two.
        """
        v = feasible.vertices
        src = feasible.sources
        u1 = point[0]
        if u1 <= v[0][0]:
            k, t = 0, 0
        elif u1 >= v[-1][0]:
            k, t = len(v) - 1, 0
        else:
            k = max(i for i in range(len(v) - 1) if v[i][0] <= u1)
            t = (u1 - v[k][0]) / (v[k + 1][0] - v[k][0])
        a = self.deals[src[k]]
        if t == 0 or k == len(v) - 1:
            return {"terms": dict(a), "between": [dict(a)], "weight": 0}
        b = self.deals[src[k + 1]]
        terms = {name: a[name] + t * (b[name] - a[name]) for name in self.variables}
        return {"terms": terms, "between": [dict(a), dict(b)], "weight": t}


@dataclass(frozen=True)
class BargainingProblem:
    """Two players, a feasible set, and a disagreement point given or induced by a threat game.

    Attributes
    ----------
    players : (str, str)
    feasible : FeasibleSet
    disagreement : pair or None
        A fixed disagreement point; when ``None`` the threat game's optimal
        threats induce it.
    threat_game : NormalFormGame or None
        Payoffs if the threats are carried out.
    threat_options : dict
        player -> its threat strategies (the others are non-threat options).
    weights : pair
        Nash bargaining powers.
    deltas : pair or None
        Per-round discount factors for alternating offers.
    first : int
        Who proposes first (0 or 1).
    breakdown : number
        Probability that talks break down after a rejection.
    period : str
        Length of one round, e.g. ``"1 week"``.
    deals : DealSpace or None
    actual : dict or None
        The deal actually reached: ``terms`` (deal variable -> value), ``payoffs`` (one per player,
        when a deal space gives them) and ``note``.
    default : str
        The solution shown by default.
    title : str
    """

    players: tuple[str, str]
    feasible: FeasibleSet
    disagreement: tuple[Any, Any] | None = None
    threat_game: Any = None
    threat_options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weights: tuple[Any, Any] = (Fraction(1), Fraction(1))
    deltas: tuple[Any, Any] | None = None
    first: int = 0
    breakdown: Any = 0
    period: str = ""
    deals: DealSpace | None = None
    actual: dict[str, Any] | None = None
    default: str = "nash"
    title: str = ""

    def __post_init__(self) -> None:
        if self.disagreement is None and self.threat_game is None:
            raise InvalidGameError("a bargaining problem needs a disagreement point or a threat game")
        if self.default not in METHODS:
            raise InvalidGameError(f"unknown solution {self.default!r} (known: {', '.join(METHODS)})")

    def disagreement_point(self) -> DisagreementPoint:
        """The disagreement point: as given, or the one the optimal threats induce."""
        if self.disagreement is not None:
            d = self.feasible.check_disagreement(self.disagreement)
            return DisagreementPoint(tuple(d), self.players, "given", all(isinstance(x, Fraction) for x in d))
        res = self.solve("threats")
        return DisagreementPoint(tuple(res.disagreement), self.players, "threats", res.exact,
                                 {"threats": res.details["threats"]})

    def solve(self, method: str | None = None) -> BargainingSolution:
        """One solution: ``nash``, ``kalai-smorodinsky``, ``egalitarian``, ``rubinstein`` or ``threats``."""
        method = method or self.default
        if method not in METHODS:
            raise InvalidGameError(f"unknown solution {method!r} (known: {', '.join(METHODS)})")
        if method == "threats":
            if self.threat_game is None:
                raise NotSupportedError("the 'threats' solution needs a threat game")
            return variable_threats(self.feasible, self.threat_game, self.weights, players=self.players)
        d = self.disagreement_point().values
        if method == "nash":
            return nash_solution(self.feasible, d, self.weights, players=self.players)
        if method == "kalai-smorodinsky":
            return kalai_smorodinsky(self.feasible, d, players=self.players)
        if method == "egalitarian":
            return egalitarian(self.feasible, d, players=self.players)
        if self.deltas is None:
            raise NotSupportedError("the 'rubinstein' solution needs discount factors (rubinstein.delta in a "
                                    "model; --delta on the command line)")
        return rubinstein_solution(self.feasible, d, self.deltas, first=self.first, breakdown=self.breakdown,
                                   players=self.players)

    def solutions(self) -> dict[str, BargainingSolution]:
        """Every solution that applies to this problem."""
        out = {}
        for m in METHODS:
            if m == "threats" and self.threat_game is None or m == "rubinstein" and self.deltas is None:
                continue
            out[m] = self.solve(m)
        return out

    def threat_values(self) -> ThreatValue:
        """Each side's share with and without its threats (see :func:`threat_values`)."""
        if self.threat_game is None:
            raise NotSupportedError("threat values need a threat game")
        return threat_values(self.feasible, self.threat_game, self.threat_options, self.weights)

    def deal_terms(self, point: Sequence[Any]) -> dict[str, Any] | None:
        """The deal implied by a frontier point (``None`` without a deal space)."""
        if self.deals is None:
            return None
        return self.deals.terms(self.feasible, point)

    def to_json(self) -> dict[str, Any]:
        from ._numeric import num_json

        return {"players": list(self.players), "title": self.title, "feasible": self.feasible.to_json(),
                "disagreement": num_json(self.disagreement), "weights": num_json(self.weights),
                "deltas": num_json(self.deltas), "first": self.players[self.first], "period": self.period,
                "threat_options": {k: list(v) for k, v in self.threat_options.items()},
                "default": self.default}
