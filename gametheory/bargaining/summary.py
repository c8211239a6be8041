"""One call for reports: every solution of a bargaining model, its threat values, and the predicted vs actual deal.

Examples
--------
>>> from gametheory.io.scenario import parse_model
>>> m = parse_model('''
... name = "toy"
... title = "Toy"
... question = "How is 10 split?"
... description = "A transferable-utility toy."
... citations = []
... players = ["A", "B"]
... [parameters.S]
... default = 10
... unit = ""
... source = "assumption"
... description = "surplus"
... [game]
... kind = "bargaining"
... disagreement = [2, 1]
... [game.feasible]
... surplus = "S"
... ''')
>>> s = bargaining_summary(m)
>>> s.solutions["nash"].solution
(Fraction(11, 2), Fraction(9, 2))
>>> s.to_json()["solution"]
[5.5, 4.5]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ._numeric import num_json
from .disagreement import DisagreementPoint
from .result import BargainingSolution, _jsonable
from .threat_value import ThreatValue

__all__ = ["BargainingSummary", "bargaining_summary", "implied_weight"]


@dataclass(frozen=True)
class BargainingSummary:
    """Everything a report says about a bargaining model at one set of parameter values.

    Attributes
    ----------
    model : str
    title : str
    players : (str, str)
    values : dict
        The parameter values used.
    default : str
        The model's default solution.
    solutions : dict
        name -> :class:`BargainingSolution` (every solution that applies).
    disagreement : DisagreementPoint
    threat_values : ThreatValue or None
    predicted_deals : dict
        name -> implied deal (``terms``, ``between``, ``weight``) when the model has deal variables.
    actual : dict or None
        ``terms``, ``payoffs``, ``note`` of the deal actually reached.
    comparison : dict
        ``actual_gains`` (over the disagreement point), ``frontier_gap`` (how much more the second
        player could get at the first player's actual payoff), ``efficient_deal_at_actual`` (the
        frontier deal giving the first player its actual payoff), ``implied_weight`` (the first
        player's Nash bargaining power that reproduces its actual payoff).
    """

    model: str
    title: str
    players: tuple[str, str]
    values: dict[str, Any]
    default: str
    solutions: dict[str, BargainingSolution]
    disagreement: DisagreementPoint
    threat_values: ThreatValue | None = None
    predicted_deals: dict[str, Any] = field(default_factory=dict)
    actual: dict[str, Any] | None = None
    comparison: dict[str, Any] = field(default_factory=dict)

    @property
    def solution(self) -> BargainingSolution:
        """The default solution."""
        return self.solutions[self.default]

    def to_json(self) -> dict[str, Any]:
        """Stable keys: ``model``, ``title``, ``players``, ``method`` (default), ``solution`` and
        ``disagreement`` (one number per player, default solution), ``solutions`` (name -> full JSON),
        ``threat_values``, ``predicted_deal`` (default), ``predicted_deals``, ``actual``, ``comparison``,
        ``values``."""
        default = self.solution
        return {
            "model": self.model, "title": self.title, "players": list(self.players), "method": self.default,
            "solution": num_json(default.solution), "disagreement": num_json(default.disagreement),
            "solutions": {k: v.to_json() for k, v in self.solutions.items()},
            "disagreement_point": self.disagreement.to_json(),
            "threat_values": None if self.threat_values is None else self.threat_values.to_json(),
            "predicted_deal": _jsonable(self.predicted_deals.get(self.default)),
            "predicted_deals": _jsonable(self.predicted_deals),
            "actual": _jsonable(self.actual), "comparison": _jsonable(self.comparison),
            "values": {k: float(v) for k, v in self.values.items()},
        }


def implied_weight(problem: Any, target: Any, disagreement: Any, *, iterations: int = 50) -> float | None:
    """The first player's Nash weight ``b`` (weights ``(b, 1 - b)``) whose solution gives it ``target``.

    ``None`` when ``target`` lies outside what some weight can give (below ``d1`` or above the ideal).
    """
    from .axiomatic import nash_solution

    fs = problem.feasible
    d = tuple(float(x) for x in disagreement)
    t = float(target)

    def u1(b: float) -> float:
        return float(nash_solution(fs, d, (b, 1 - b)).solution[0])

    lo, hi = 1e-9, 1 - 1e-9
    if not u1(lo) <= t <= u1(hi):
        return None
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        if u1(mid) < t:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def bargaining_summary(model: Any, values: Mapping[str, Any] | None = None) -> BargainingSummary:
    """Solve a ``bargaining`` model (a :class:`~gametheory.io.scenario.Model`) at ``values`` (overrides).

    Returns
    -------
    BargainingSummary
        Every solution, the disagreement point, the threat values (with and
        without each side's threats), the deal each solution implies and the
        comparison with the deal actually reached.
    """
    from ..exceptions import NotSupportedError

    if getattr(model, "kind", None) != "bargaining":
        raise NotSupportedError(f"bargaining_summary needs a bargaining model, got kind {getattr(model, 'kind', None)!r}")
    overrides = dict(values or {})
    vals = model.values(**overrides)
    problem = model.build(**overrides)
    solutions = problem.solutions()
    dp = problem.disagreement_point()
    tv = problem.threat_values() if problem.threat_game is not None and problem.threat_options else None
    deals = {k: problem.deal_terms(s.solution) for k, s in solutions.items()} if problem.deals is not None else {}
    comparison: dict[str, Any] = {}
    actual = problem.actual
    if actual is not None and actual.get("payoffs") is not None:
        pay = actual["payoffs"]
        d = dp.values
        comparison["actual_gains"] = (pay[0] - d[0], pay[1] - d[1])
        top = problem.feasible.upper(pay[0])
        comparison["frontier_gap"] = None if top is None else top - pay[1]
        if top is not None:
            comparison["efficient_deal_at_actual"] = problem.deal_terms((pay[0], top))
        comparison["implied_weight"] = implied_weight(problem, pay[0], d)
        nash = solutions.get("nash")
        if nash is not None:
            comparison["nash_minus_actual"] = (nash.solution[0] - pay[0], nash.solution[1] - pay[1])
    return BargainingSummary(model.name, model.title, tuple(problem.players), dict(vals),  # type: ignore[arg-type]
                             problem.default, solutions, dp, tv, deals, actual, comparison)
