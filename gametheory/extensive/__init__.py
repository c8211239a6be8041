"""Extensive-form analysis: backward induction, subgame perfection, credibility of threats, reputation and
deterrence, the reduced normal form, drawings."""

from gametheory.extensive.backward_induction import SPEResult, backward_induction, compile_tree
from gametheory.extensive.credibility import (CredibilityResult, Threat, commitment_value, credibility,
                                              non_credible_equilibria)
from gametheory.extensive.draw import draw_tree, save_tree
from gametheory.extensive.reduced_normal_form import reduced_normal_form
from gametheory.extensive.subgame_perfect import SubgamePerfectResult, subgame_perfect_equilibria
from gametheory.extensive.subgames import subgame_roots, subgames
from gametheory.extensive.thresholds import Threshold, action_thresholds, credibility_thresholds, model_bounds
from gametheory.extensive.verdict import tree_verdict

__all__ = ["SPEResult", "backward_induction", "compile_tree", "CredibilityResult", "Threat",
           "commitment_value", "credibility", "non_credible_equilibria", "reduced_normal_form",
           "SubgamePerfectResult", "subgame_perfect_equilibria", "subgames", "subgame_roots",
           "draw_tree", "save_tree", "Threshold", "action_thresholds", "credibility_thresholds", "model_bounds",
           "tree_verdict"]
