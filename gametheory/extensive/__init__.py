"""Extensive-form analysis: backward induction, subgame perfection, credibility of threats, reputation and
deterrence, the reduced normal form, drawings.

The modules are imported on first use of one of their names, so that a command that needs one
analysis (``gametheory credibility``) does not load the others (drawing, reputation, deterrence).
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name -> the module (of this package) that defines it
_LAZY = {
    **dict.fromkeys(["SPEResult", "backward_induction", "compile_tree"], "_backward_induction"),
    **dict.fromkeys(["CredibilityResult", "Threat", "commitment_value", "credibility",
                     "non_credible_equilibria"], "_credibility"),
    **dict.fromkeys(["ChainStoreCheck", "chain_store_conditions", "chain_store_tree", "unravels"],
                    "chain_store"),
    **dict.fromkeys(["CriticalProbability", "DeterrenceResult", "critical_probability",
                     "critical_probability_from_tree", "deterrence_tree", "incomplete_deterrence_tree",
                     "perfect_deterrence"], "deterrence"),
    **dict.fromkeys(["draw_tree", "save_tree"], "draw"),
    "reduced_normal_form": "_reduced_normal_form",
    **dict.fromkeys(["ReputationCheck", "ReputationResult", "check_reputation_equilibrium",
                     "reputation_equilibrium", "reputation_tree"], "reputation"),
    **dict.fromkeys(["SubgamePerfectResult", "subgame_perfect_equilibria"], "subgame_perfect"),
    **dict.fromkeys(["subgame_roots", "subgames"], "_subgames"),
    **dict.fromkeys(["Threshold", "action_thresholds", "credibility_thresholds", "model_bounds"], "thresholds"),
    "tree_verdict": "verdict",
}

__all__ = ["SPEResult", "backward_induction", "compile_tree", "CredibilityResult", "Threat",
           "commitment_value", "credibility", "non_credible_equilibria", "reduced_normal_form",
           "SubgamePerfectResult", "subgame_perfect_equilibria", "subgames", "subgame_roots",
           "draw_tree", "save_tree", "Threshold", "action_thresholds", "credibility_thresholds", "model_bounds",
           "tree_verdict", "chain_store_tree", "chain_store_conditions", "unravels", "ChainStoreCheck",
           "reputation_equilibrium", "check_reputation_equilibrium", "reputation_tree", "ReputationResult",
           "ReputationCheck", "perfect_deterrence", "deterrence_tree", "incomplete_deterrence_tree",
           "critical_probability", "critical_probability_from_tree", "CriticalProbability", "DeterrenceResult"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.extensive' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
