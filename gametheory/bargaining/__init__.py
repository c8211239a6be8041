"""Bargaining solutions: Nash (TU), variable threats, Rubinstein, Fearon."""
from gametheory.bargaining.axiomatic import nash_tu
from gametheory.bargaining.fearon import fearon_range
from gametheory.bargaining.rubinstein import RubinsteinResult, rubinstein
from gametheory.bargaining.threats import threat_solution_tu

__all__ = ["RubinsteinResult", "fearon_range", "nash_tu", "rubinstein", "threat_solution_tu"]
