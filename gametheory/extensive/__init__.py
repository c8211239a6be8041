"""Extensive-form analysis: backward induction, credibility of threats, reduced normal form."""

from gametheory.extensive.backward_induction import SPEResult, backward_induction, compile_tree
from gametheory.extensive.credibility import (CredibilityResult, Threat, commitment_value, credibility,
                                              non_credible_equilibria)
from gametheory.extensive.reduced_normal_form import reduced_normal_form

__all__ = ["SPEResult", "backward_induction", "compile_tree", "CredibilityResult", "Threat",
           "commitment_value", "credibility", "non_credible_equilibria", "reduced_normal_form"]
