"""Extensive-form analysis: backward induction, subgame perfection, credibility of threats, reputation and
deterrence, the reduced normal form, drawings."""

from gametheory.extensive._backward_induction import SPEResult, backward_induction, compile_tree
from gametheory.extensive._credibility import (CredibilityResult, Threat, commitment_value, credibility,
                                              non_credible_equilibria)
from gametheory.extensive.chain_store import ChainStoreCheck, chain_store_conditions, chain_store_tree, unravels
from gametheory.extensive.deterrence import (CriticalProbability, DeterrenceResult, critical_probability,
                                             critical_probability_from_tree, deterrence_tree,
                                             incomplete_deterrence_tree, perfect_deterrence)
from gametheory.extensive.draw import draw_tree, save_tree
from gametheory.extensive._reduced_normal_form import reduced_normal_form
from gametheory.extensive.reputation import (ReputationCheck, ReputationResult, check_reputation_equilibrium,
                                             reputation_equilibrium, reputation_tree)
from gametheory.extensive.subgame_perfect import SubgamePerfectResult, subgame_perfect_equilibria
from gametheory.extensive._subgames import subgame_roots, subgames
from gametheory.extensive.thresholds import Threshold, action_thresholds, credibility_thresholds, model_bounds
from gametheory.extensive.verdict import tree_verdict

__all__ = ["SPEResult", "backward_induction", "compile_tree", "CredibilityResult", "Threat",
           "commitment_value", "credibility", "non_credible_equilibria", "reduced_normal_form",
           "SubgamePerfectResult", "subgame_perfect_equilibria", "subgames", "subgame_roots",
           "draw_tree", "save_tree", "Threshold", "action_thresholds", "credibility_thresholds", "model_bounds",
           "tree_verdict", "chain_store_tree", "chain_store_conditions", "unravels", "ChainStoreCheck",
           "reputation_equilibrium", "check_reputation_equilibrium", "reputation_tree", "ReputationResult",
           "ReputationCheck", "perfect_deterrence", "deterrence_tree", "incomplete_deterrence_tree",
           "critical_probability", "critical_probability_from_tree", "CriticalProbability", "DeterrenceResult"]
