"""Number helpers of the bargaining package: exact where the inputs are rational."""

from __future__ import annotations

import math
from typing import Any, Sequence

from ..exceptions import InvalidGameError
from ..games._exact import is_rational_value, to_fraction

Number = Any  # Fraction or float


def as_number(value: Any, what: str) -> Number:
    """``Fraction`` for an exact rational (int, Fraction, sympy Rational), else a finite float."""
    if isinstance(value, bool):
        raise InvalidGameError(f"{what}: expected a number, got {value!r}")
    if is_rational_value(value):
        return to_fraction(value, what=what)
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InvalidGameError(f"{what}: expected a number, got {value!r}") from None
    if not math.isfinite(f):
        raise InvalidGameError(f"{what}: {value!r} is not finite")
    return f


def as_pair(values: Sequence[Any], what: str) -> tuple[Number, Number]:
    """Two numbers (one per player)."""
    try:
        items = list(values)
    except TypeError:
        raise InvalidGameError(f"{what}: expected two numbers (one per player), got {values!r}") from None
    if len(items) != 2:
        raise InvalidGameError(f"{what}: expected two numbers (one per player), got {len(items)}")
    return as_number(items[0], what), as_number(items[1], what)





def num_json(x: Any) -> Any:
    """A JSON number (Fractions and numpy scalars as floats)."""
    if x is None:
        return None
    if isinstance(x, (list, tuple)):
        return [num_json(v) for v in x]
    return float(x)



def tolerance(*scales: Any) -> float:
    """Absolute tolerance scaled to the magnitudes involved."""
    m = max([1.0] + [abs(float(s)) for s in scales])
    return 1e-9 * m
