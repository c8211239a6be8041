"""Helpers for exact (rational) arithmetic on numpy object arrays."""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError

__all__ = ["to_fraction", "fraction_array", "is_rational_value", "format_number"]


def is_rational_value(value: Any) -> bool:
    """Return whether ``value`` is an exact rational (int, Fraction or sympy Rational)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (numbers.Integral, Fraction)):
        return True
    # sympy Rational without importing sympy.
    return getattr(value, "is_Rational", False) is True


def to_fraction(value: Any, *, what: str = "payoff") -> Fraction:
    """Convert ``value`` to a :class:`fractions.Fraction`.

    Floats convert through their shortest decimal representation, so ``0.1``
    becomes ``1/10`` rather than the binary fraction nearest to it; this is
    what a user who typed ``0.1`` in a file meant.

    Examples
    --------
    >>> to_fraction(0.1)
    Fraction(1, 10)
    >>> to_fraction("3/7")
    Fraction(3, 7)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise InvalidGameError(f"{what} {value!r} is a boolean, not a number")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if getattr(value, "is_Rational", False) is True:
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError) as exc:
            raise InvalidGameError(f"{what} {value!r} is not a number") from exc
    try:
        f = float(value)
    except (TypeError, ValueError) as exc:
        raise InvalidGameError(f"{what} {value!r} is not a number") from exc
    if not math.isfinite(f):
        raise InvalidGameError(f"{what} {value!r} is not finite")
    return Fraction(repr(f))


def fraction_array(values: Any, *, what: str = "payoff") -> np.ndarray:
    """Return an object array of Fractions with the shape of ``values``."""
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = to_fraction(v, what=what)
    return out


def format_number(value: Any) -> str:
    """Format an exact or float number for tables: ``3/7`` or ``0.4286``."""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    f = float(value)
    if f == 0:
        return "0"
    return f"{f:.6g}"
