"""The payoff framework's closed forms in plain floats, for hand computations in the model tests.

Written from the definitions (constant-elasticity import demand b (1+t)^-e, the exporter bearing the share
``inc`` of the surplus loss, present values at the end of each year), independently of
gametheory/io/framework.py, so that a test compares two derivations.
"""

from __future__ import annotations


def annuity(r: float, n: float) -> float:
    return (1 - (1 + r) ** -n) / r


def surplus_loss(b: float, t: float, e: float) -> float:
    """Area under the import demand b p^-e between price factors 1 and 1 + t."""
    return b * ((1 + t) ** (1 - e) - 1) / (1 - e)


def duty(b: float, t: float, e: float) -> float:
    return t * b * (1 + t) ** -e


def gain(b: float, t: float, e: float, inc: float) -> float:
    """Importer's net gain: the exporter-borne duty less its own share of the deadweight loss."""
    return inc * duty(b, t, e) - (1 - inc) * (surplus_loss(b, t, e) - duty(b, t, e))


def loss(b: float, t: float, e: float, inc: float) -> float:
    """Exporter's loss: its share of the surplus loss."""
    return inc * surplus_loss(b, t, e)


def refinancing_weights(r: float, n: int) -> float:
    """sum_k k (1+r)^-k: year k pays the higher yield on k years' refinancing."""
    return sum(k * (1 + r) ** -k for k in range(1, n + 1))
