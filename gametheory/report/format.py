"""Number formatting shared by the report's sections."""

from __future__ import annotations

from typing import Any

from ..games._exact import format_number

__all__ = ["fmt"]


def fmt(value: Any) -> str:
    """A number for a table: terminating decimals as decimals (0.15, 1130.8), small rationals as 3/7, others
    (long fractions from exact arithmetic) to 6 significant digits; the JSON output keeps the exact values.

    Examples
    --------
    >>> from fractions import Fraction
    >>> fmt(Fraction(3, 20)), fmt(Fraction(1, 3)), fmt(Fraction(92437922215697, 3395510976000)), fmt(None)
    ('0.15', '1/3', '27.2236', '-')
    """
    from fractions import Fraction

    if value is None:
        return "-"
    if isinstance(value, Fraction) and value.denominator != 1:
        den = value.denominator
        while den % 2 == 0:
            den //= 2
        while den % 5 == 0:
            den //= 5
        if den == 1:
            return f"{float(value):.10g}"
        if value.denominator > 1000:
            return f"{float(value):.6g}"
    return format_number(value)
