"""Fearon (1995) bargaining range [L6].

Two states dispute a good of size 1; war is a costly lottery: A wins with
probability ``p`` and the states pay costs ``c_A``, ``c_B`` (shares of the
good). A's expected war payoff is ``p - c_A`` and B's is ``1 - p - c_B``, so
both prefer every split giving A a share ``x`` in ``[p - c_A, p + c_B]`` to
war; with positive costs the range is never empty.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..exceptions import InvalidGameError
from ._numeric import as_number

__all__ = ["fearon_range"]


def fearon_range(p: Any, cost_a: Any, cost_b: Any) -> tuple[Any, Any]:
    """Deals ``x`` (A's share) both prefer to war: ``[p - c_A, p + c_B]`` clipped to ``[0, 1]``.

    Exact for rational inputs (ints, Fractions); floats are rounded to 12 decimals.

    Examples
    --------
    >>> fearon_range(0.6, 0.1, 0.15)
    (0.5, 0.75)
    >>> fearon_range(Fraction(3, 5), Fraction(1, 10), Fraction(3, 20))
    (Fraction(1, 2), Fraction(3, 4))
    """
    p, ca, cb = as_number(p, "p"), as_number(cost_a, "cost_a"), as_number(cost_b, "cost_b")
    if ca < 0 or cb < 0 or not 0 <= p <= 1:
        raise InvalidGameError("fearon_range: need 0 <= p <= 1 and non-negative costs")
    lo, hi = max(0, p - ca), min(1, p + cb)
    if all(isinstance(v, Fraction) for v in (p, ca, cb)):
        return (Fraction(lo), Fraction(hi))
    return (round(float(lo), 12), round(float(hi), 12))
