"""Fearon (1995) bargaining range."""
from __future__ import annotations


def fearon_range(p: float, cost_a: float, cost_b: float) -> tuple[float, float]:
    """Deals ``x`` (A's share) both prefer to war: ``[p - c_A, p + c_B]``.

    Examples
    --------
    >>> fearon_range(0.6, 0.1, 0.15)
    (0.5, 0.75)
    """
    if cost_a < 0 or cost_b < 0 or not 0 <= p <= 1:
        raise ValueError("need 0 <= p <= 1 and non-negative costs")
    return (round(max(0.0, p - cost_a), 12), round(min(1.0, p + cost_b), 12))
