"""Rubinstein (1982) alternating offers: closed-form subgame-perfect shares."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Union

Number = Union[int, float, Fraction]


@dataclass(frozen=True)
class RubinsteinResult:
    """Subgame-perfect split of a unit pie (proposer moves first)."""

    proposer_share: Number
    responder_share: Number

    def to_json(self) -> dict:
        return {"solution": [float(self.proposer_share), float(self.responder_share)]}


def rubinstein(delta1: Number, delta2: Number | None = None) -> RubinsteinResult:
    """Proposer's share ``(1 - d2) / (1 - d1 d2)``.

    Examples
    --------
    >>> round(float(rubinstein(0.9).proposer_share), 4)
    0.5263
    >>> round(float(rubinstein(0.9, 0.8).proposer_share), 4)
    0.7143
    """
    d2 = delta1 if delta2 is None else delta2
    for d in (delta1, d2):
        if not 0 <= d < 1:
            raise ValueError("discount factors must lie in [0, 1)")
    x = (1 - d2) / (1 - delta1 * d2)
    return RubinsteinResult(x, 1 - x)
