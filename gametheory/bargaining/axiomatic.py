"""Nash (1950) bargaining with transferable utility, asymmetric weights allowed."""
from __future__ import annotations

from fractions import Fraction
from typing import Sequence


def nash_tu(surplus, disagreement: Sequence, weights: Sequence | None = None) -> tuple:
    """Split ``surplus`` maximising prod (x_i - d_i)^w_i on the line x1 + x2 = S.

    Examples
    --------
    >>> nash_tu(10, (2, 1))
    (Fraction(11, 2), Fraction(9, 2))
    """
    d1, d2 = (Fraction(v) if isinstance(v, (int, Fraction)) else v for v in disagreement)
    w1, w2 = weights if weights is not None else (1, 1)
    gain = surplus - d1 - d2
    if gain < 0:
        raise ValueError("disagreement point lies outside the feasible set")
    share = Fraction(w1, 1) / (w1 + w2) if isinstance(w1, int) and isinstance(w2, int) else w1 / (w1 + w2)
    return (d1 + share * gain, d2 + (1 - share) * gain)
