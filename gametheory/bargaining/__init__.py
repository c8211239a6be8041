"""Bargaining: axiomatic solutions, alternating offers, variable threats, and what threats are worth.

- feasible sets (:class:`FeasibleSet`): points, games, frontier functions, transferable utility;
- axiomatic solutions: :func:`nash_solution` (asymmetric weights too), :func:`kalai_smorodinsky`,
  :func:`egalitarian`, :func:`nash_tu`;
- Rubinstein alternating offers: :func:`rubinstein`, :func:`alternating_offers` (outside options,
  risk of breakdown), :func:`offer_path` (finite horizon), :func:`rubinstein_solution` (any feasible set);
- Nash (1953) variable threats: :func:`variable_threats`, :func:`variable_threats_tu`,
  :func:`threat_solution_tu`; what threats are worth: :func:`threat_values`;
- disagreement points from other games: :func:`disagreement_from_tree`, :func:`security_levels`,
  :func:`disagreement_from_threats`;
- Fearon's bargaining range: :func:`fearon_range`;
- models of kind ``bargaining``: :class:`BargainingProblem`, :func:`bargaining_summary`;
  figures: :func:`plot_bargaining` (matplotlib, imported only when called).
"""

from gametheory.bargaining._plot import plot_bargaining
from gametheory.bargaining.axiomatic import egalitarian, kalai_smorodinsky, nash_solution, nash_tu
from gametheory.bargaining.disagreement import DisagreementPoint, security_levels
from gametheory.bargaining.disagreement import from_threat_game as disagreement_from_threats
from gametheory.bargaining.disagreement import from_tree as disagreement_from_tree
from gametheory.bargaining.fearon import fearon_range
from gametheory.bargaining.feasible import FeasibleSet
from gametheory.bargaining.problem import BargainingProblem, DealSpace
from gametheory.bargaining.result import METHODS, BargainingSolution
from gametheory.bargaining._rubinstein import (
    OfferPath,
    RubinsteinResult,
    alternating_offers,
    offer_path,
    rubinstein,
    rubinstein_solution,
)
from gametheory.bargaining.summary import BargainingSummary, bargaining_summary, implied_weight
from gametheory.bargaining.threat_value import ThreatValue, threat_values
from gametheory.bargaining.threats import threat_solution_tu, variable_threats, variable_threats_tu, zero_sum_value

__all__ = [
    "BargainingProblem",
    "BargainingSolution",
    "BargainingSummary",
    "DealSpace",
    "DisagreementPoint",
    "FeasibleSet",
    "METHODS",
    "OfferPath",
    "RubinsteinResult",
    "ThreatValue",
    "alternating_offers",
    "bargaining_summary",
    "disagreement_from_threats",
    "disagreement_from_tree",
    "egalitarian",
    "fearon_range",
    "implied_weight",
    "kalai_smorodinsky",
    "nash_solution",
    "nash_tu",
    "offer_path",
    "plot_bargaining",
    "rubinstein",
    "rubinstein_solution",
    "security_levels",
    "threat_solution_tu",
    "threat_values",
    "variable_threats",
    "variable_threats_tu",
    "zero_sum_value",
]
