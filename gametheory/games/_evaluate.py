"""Guarded numeric evaluation of sympy expressions at parameter values.

Substituting values into a sympy tree with ``subs`` can compute enormous
integers (``x**y`` at ``y = 10**9``). This walker evaluates the small set of
node types the expression parser produces, exactly (``Fraction``) while the
arithmetic stays rational and small, in floating point otherwise, and refuses
non-finite or non-real results with :class:`ExpressionError`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..exceptions import ExpressionError

__all__ = ["evaluate", "exact_value"]

_MAX_BITS = 4096


def exact_value(value: Any) -> Fraction | float:
    """A parameter value as a Fraction (ints, Fractions, decimal floats, sympy Rationals) or float."""
    if isinstance(value, bool):
        raise ExpressionError(f"expected a number, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExpressionError(f"the value {value} is not finite")
        return Fraction(repr(value))  # read as the decimal the user wrote
    sympy = sys.modules.get("sympy")  # a sympy number exists only if sympy was imported
    if sympy is not None and isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if sympy is not None and isinstance(value, sympy.Expr) and value.is_number:
        return _float(value)
    try:
        return _float(value)
    except (TypeError, ValueError):
        raise ExpressionError(f"expected a number, got {value!r}") from None


def _finite(x: float) -> float:
    if not math.isfinite(x):
        raise ExpressionError(f"the value {x} is not finite")
    return x


def _float(x: Any) -> float:
    """``float(x)``, refusing values beyond the double range (a Fraction of 1e400) with ExpressionError."""
    try:
        return _finite(float(x))
    except OverflowError:
        raise ExpressionError(f"the value {_show(x)} is beyond the floating-point range (about 1.8e308)") from None


def _show(x: Any) -> str:
    """A short form of a number for messages (never an OverflowError)."""
    try:
        return repr(float(x))
    except OverflowError:
        sign = "-" if x < 0 else ""
        return f"{sign}1e{int(abs(int(x)).bit_length() * 0.30103)} (about)"


def _bits(q: Fraction) -> int:
    return max(abs(q.numerator).bit_length(), q.denominator.bit_length())


def _pow(base: Any, exponent: Any) -> Any:
    if isinstance(exponent, Fraction) and exponent.denominator == 1 and isinstance(base, Fraction):
        e = exponent.numerator
        if base == 0 and e < 0:
            raise ExpressionError("division by zero (0 to a negative power)")
        if abs(e) * max(_bits(base), 1) <= _MAX_BITS:
            return base**e
    if isinstance(exponent, Fraction) and isinstance(base, Fraction) and base > 0 and 1 < exponent.denominator <= 16:
        root = _exact_root(base, exponent.denominator)
        if root is not None:
            return _pow(root, Fraction(exponent.numerator))
    b, e = _float(base), _float(exponent)
    if b < 0 and not float(e).is_integer():
        raise ExpressionError(f"{b} to the power {e} is not real")
    if b == 0 and e < 0:
        raise ExpressionError("division by zero (0 to a negative power)")
    try:
        return _finite(math.pow(b, e))
    except OverflowError:
        raise ExpressionError(f"{b} to the power {e} overflows") from None


def _iroot(n: int, k: int) -> int | None:
    if n.bit_length() > _MAX_BITS:
        return None
    r = round(n ** (1.0 / k)) if n.bit_length() < 1000 else None
    if r is None:
        return None
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**k == n:
            return c
    return None


def _exact_root(q: Fraction, k: int) -> Fraction | None:
    """The rational k-th root of a positive Fraction, if there is one."""
    a, b = _iroot(q.numerator, k), _iroot(q.denominator, k)
    return None if a is None or b is None else Fraction(a, b)


def _unary(fn: Any, x: Any, name: str) -> float:
    if fn is math.log and isinstance(x, Fraction) and x > 0:  # exact operands beyond the double range too
        return _finite(math.log(x.numerator) - math.log(x.denominator))
    value = _float(x)
    try:
        return _finite(fn(value))
    except OverflowError:
        raise ExpressionError(f"{name}({_show(x)}) overflows") from None
    except ValueError:
        raise ExpressionError(f"{name}({_show(x)}) is undefined") from None


def evaluate(expr: Any, values: Mapping[str, Fraction | float]) -> Any:
    """Evaluate ``expr`` at ``values`` (symbol name -> Fraction or float).

    Returns a Fraction when every step is rational, a float otherwise, and
    ``True``/``False`` for conditions.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> evaluate(x / 3 + sympy.Max(x, y), {"x": Fraction(1), "y": Fraction(2)})
    Fraction(7, 3)
    >>> evaluate(sympy.sqrt(x), {"x": Fraction(2)})
    1.414213562373...
    >>> evaluate(x**y, {"x": Fraction(10), "y": Fraction(10**9)})
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ExpressionError: 10.0 to the power 1000000000.0 overflows
    """
    from ..io._numeric_expr import Node, evaluate_node

    if isinstance(expr, Node):  # a tree of the numeric builder (models loaded without sympy)
        return evaluate_node(expr, values)
    return _evaluate_sympy(expr, values)


def _evaluate_sympy(expr: Any, values: Mapping[str, Fraction | float]) -> Any:
    e = expr
    if isinstance(e, (int, Fraction, float)) and not isinstance(e, bool):
        return exact_value(e)
    import sympy

    if e is sympy.true or e is sympy.false:
        return bool(e)
    if isinstance(e, sympy.Rational):
        return Fraction(int(e.p), int(e.q))
    if isinstance(e, sympy.Symbol):
        try:
            return values[e.name]
        except KeyError:
            raise ExpressionError(f"no value for parameter {e.name!r}") from None
    if isinstance(e, sympy.Add):
        total: Any = Fraction(0)
        for a in e.args:
            total = total + _evaluate_sympy(a, values)
        return _check(total)
    if isinstance(e, sympy.Mul):
        prod: Any = Fraction(1)
        for a in e.args:
            prod = prod * _evaluate_sympy(a, values)
        return _check(prod)
    if isinstance(e, sympy.Pow):
        base, exponent = _evaluate_sympy(e.base, values), _evaluate_sympy(e.exp, values)
        if isinstance(exponent, Fraction) and exponent.denominator == 1:
            return _pow(base, exponent)
        if isinstance(base, Fraction) and base < 0:
            raise ExpressionError(f"{_show(base)} to a fractional power is not real")
        return _pow(base, exponent)
    if isinstance(e, sympy.exp):
        x = _evaluate_sympy(e.args[0], values)
        return Fraction(1) if x == 0 and isinstance(x, Fraction) else _unary(math.exp, x, "exp")
    if isinstance(e, sympy.log):
        x = _evaluate_sympy(e.args[0], values)
        if x <= 0:
            raise ExpressionError(f"log({_show(x)}) is undefined: the argument must be positive")
        return Fraction(0) if x == 1 and isinstance(x, Fraction) else _unary(math.log, x, "log")
    if isinstance(e, sympy.Abs):
        return abs(_evaluate_sympy(e.args[0], values))
    if isinstance(e, (sympy.Min, sympy.Max)):
        items = [_evaluate_sympy(a, values) for a in e.args]
        return min(items) if isinstance(e, sympy.Min) else max(items)
    if isinstance(e, sympy.Piecewise):
        for value, cond in e.args:
            if _evaluate_sympy(cond, values):
                return _evaluate_sympy(value, values)
        raise ExpressionError(f"no branch of {e} applies")
    if isinstance(e, sympy.core.relational.Relational):
        a, b = _evaluate_sympy(e.lhs, values), _evaluate_sympy(e.rhs, values)
        return bool(_COMPARE[e.rel_op](a, b))
    if isinstance(e, sympy.And):
        return all(_evaluate_sympy(a, values) for a in e.args)
    if isinstance(e, sympy.Or):
        return any(_evaluate_sympy(a, values) for a in e.args)
    if isinstance(e, sympy.Not):
        return not _evaluate_sympy(e.args[0], values)
    if isinstance(e, sympy.logic.boolalg.ITE):  # a comparison of branched values (two framework calls)
        cond, then, other = e.args
        return _evaluate_sympy(then if _evaluate_sympy(cond, values) else other, values)
    if isinstance(e, sympy.Expr) and e.is_number:  # E, pi, other constants sympy folded
        value = complex(e.evalf())
        if value.imag != 0:
            raise ExpressionError(f"{e} is not real")
        return _finite(value.real)
    raise ExpressionError(f"cannot evaluate {type(e).__name__} node {e}")


_COMPARE = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


def _check(x: Any) -> Any:
    if isinstance(x, float):
        return _finite(x)
    if isinstance(x, Fraction) and _bits(x) > 64 * _MAX_BITS:
        return _float(x)
    return x
