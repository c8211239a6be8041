"""Payoff sensitivity: symbolic equilibria, comparative statics, thresholds and parameter sweeps.

* :mod:`~gametheory.sensitivity.symbolic_equilibrium`: the closed form of an
  equilibrium on a given support (2 or n players) and the inequalities under
  which it is an equilibrium; the textbook 2x2 indifference formula;
* :mod:`~gametheory.sensitivity.comparative_statics`: derivatives and
  elasticities of equilibrium strategies and payoffs (closed form, or the
  implicit-function theorem at a point);
* :func:`~gametheory.sensitivity.thresholds`: parameter values where the
  equilibrium set changes, solved symbolically with a numerical fallback,
  reported as readable conditions;
* :func:`~gametheory.sensitivity.sweep`: the equilibria at every point of a
  grid over one to three parameters, in vectorised batches, on local
  processes or a Dask cluster, with CSV/JSON output and regime maps;
* :mod:`~gametheory.sensitivity.verdicts`: where a yes/no verdict flips
  (e.g. grim trigger sustaining cooperation at a discount factor);
* :func:`~gametheory.sensitivity.robustness`: how often each outcome and each
  threat's credibility holds when the parameters are drawn from their stated
  distributions, and which parameters decide it (Sobol' indices).

Examples
--------
>>> import sympy
>>> from gametheory.games.symbolic import SymbolicGame
>>> from gametheory import sensitivity
>>> T = sympy.Symbol("T", real=True)
>>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
>>> [t.condition for t in sensitivity.thresholds(pd, "T", {}, 0, 6).thresholds][0].split("; ")[0]
'(C, C) is an equilibrium when T < 3'
"""

from ._robustness import RobustnessResult, robustness
from .comparative_statics import EquilibriumSensitivity, SensitivityResult, implicit_derivatives, sensitivity
from ._sweep import SweepResult, parse_grid, sweep
from .symbolic_equilibrium import Condition, SymbolicEquilibrium, indifference_2x2, support_equilibria
from ._thresholds import Threshold, ThresholdResult, model_thresholds, parameter_range, thresholds
from .verdicts import VerdictSweep, discount_sweep, discount_thresholds, verdict_thresholds

__all__ = [
    "Condition", "SymbolicEquilibrium", "support_equilibria", "indifference_2x2",
    "EquilibriumSensitivity", "SensitivityResult", "sensitivity", "implicit_derivatives",
    "Threshold", "ThresholdResult", "thresholds", "model_thresholds", "parameter_range",
    "SweepResult", "sweep", "parse_grid",
    "RobustnessResult", "robustness",
    "verdict_thresholds", "discount_thresholds", "discount_sweep", "VerdictSweep",
]
