"""Equilibrium solvers for normal-form games; every one returns an :class:`EquilibriumResult`."""

from .result import Equilibrium, EquilibriumResult, certify

__all__ = ["Equilibrium", "EquilibriumResult", "certify"]
