"""Discounted repeated games: when cooperation holds, and strategy tournaments.

* :func:`~gametheory.repeated.minmax` (and its variants): pure, mixed and correlated minmax values;
* :mod:`~gametheory.repeated.feasible`: feasible and individually rational
  payoffs, the folk-theorem check, a plot for two players;
* :mod:`~gametheory.repeated.discount`: critical discount factors (grim
  trigger, k-period punishments, tit-for-tat), numeric or symbolic;
* :mod:`~gametheory.repeated.finite`: finite repetition by backward induction;
* :func:`~gametheory.repeated.spe_payoffs`: the subgame-perfect payoff set of a
  two-player game at a given discount factor (outer approximation);
* :mod:`~gametheory.repeated.strategies` and
  :func:`~gametheory.repeated.tournament`: strategies as finite automata and
  vectorised round-robin tournaments.

Examples
--------
>>> from gametheory import NormalFormGame
>>> from gametheory import repeated
>>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
>>> cd = repeated.critical_discount(pd, "C,C")
>>> cd.grim_overall, cd.tit_for_tat_overall
(Fraction(1, 2), Fraction(2, 3))
"""

from .discount import CriticalDiscount, critical_discount, critical_discount_symbolic
from .feasible import FeasibleSet, FolkTheoremCheck, feasible_set, folk_theorem_check, plot_feasible
from .finite import FiniteRepetitionResult, finite_spe, repeated_normal_form
from .game import RepeatedGame
from ._minmax import MinmaxResult, correlated_minmax, minmax, mixed_minmax, pure_minmax
from ._spe_payoffs import SPEPayoffSet, spe_payoffs
from .strategies import (
    Automaton, Role, Strategy, classic_strategies, default_entrants, strategy_by_name, strategy_names,
)
from ._tournament import MatchResult, TournamentResult, play_match, roles_for, tournament

__all__ = [
    "MinmaxResult", "minmax", "pure_minmax", "mixed_minmax", "correlated_minmax",
    "FeasibleSet", "FolkTheoremCheck", "feasible_set", "folk_theorem_check", "plot_feasible",
    "CriticalDiscount", "critical_discount", "critical_discount_symbolic",
    "FiniteRepetitionResult", "finite_spe", "repeated_normal_form",
    "SPEPayoffSet", "spe_payoffs", "RepeatedGame",
    "Automaton", "Role", "Strategy", "classic_strategies", "default_entrants", "strategy_by_name", "strategy_names",
    "TournamentResult", "MatchResult", "tournament", "play_match", "roles_for",
]
