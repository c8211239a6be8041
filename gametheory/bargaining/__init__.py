"""Bargaining solutions (Rubinstein, Fearon)."""
from gametheory.bargaining.fearon import fearon_range
from gametheory.bargaining.rubinstein import RubinsteinResult, rubinstein

__all__ = ["RubinsteinResult", "fearon_range", "rubinstein"]
