"""Numeric expression trees: the model language evaluated without sympy.

Loading a model only to evaluate it at parameter values (``gametheory solve
us_japan_tariffs``) does not need a computer algebra system, and importing and
building sympy expressions costs most of such a command's time. This module
gives the whitelist parser of :mod:`gametheory.io.expressions` a second node
builder: :class:`NumericParser` is the same grammar, with the same guards and
error messages, building :class:`Node` trees instead of sympy expressions.

A :class:`Node` evaluates (:func:`evaluate_node`) with the semantics of
:func:`gametheory.games._evaluate.evaluate` on the sympy expression the sympy
builder makes from the same text: exact (``Fraction``) while every step is
rational, floating point otherwise, the same refusals of non-finite and
non-real values. A division ``a / b`` is evaluated as ``a * b**-1`` and a
``sqrt`` as a power 1/2, as sympy represents them, so that values agree. What
sympy would simplify symbolically (``x - x`` is 0) is computed instead, so a
float result may differ from the sympy path in its last bits; exact results
are equal. Constant subexpressions are folded when built, so the parser's
guards on constants (division by zero, ``log`` of a non-positive number, the
size of a constant) apply exactly as they do to sympy constants.

Definitions used in several places are shared subtrees (a DAG), and evaluation
visits each shared node once, so a chain of definitions that doubles an
expression at each step stays linear. :func:`to_sympy` replays a tree through
the sympy builder: the sympy expression the sympy parser would have built.

Examples
--------
>>> from gametheory.io.expressions import parse_expression
>>> t = param("tariff")
>>> e = parse_expression("-0.7 * tariff * 148.2 + max(0, tariff - 1)", {"tariff": t}, numeric=True)
>>> evaluate_node(e, {"tariff": Fraction(1, 10)})
Fraction(-5187, 500)
>>> evaluate_node(parse_expression("sqrt(tariff)", {"tariff": t}, numeric=True), {"tariff": Fraction(2)})
1.414213562373...
>>> to_sympy(e)
-5187*tariff/50 + Max(0, tariff - 1)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..exceptions import ExpressionError
from ..games._evaluate import _check, _pow, _unary
from .expressions import MAX_BITS, _Parser

__all__ = ["Node", "NumericParser", "param", "constant", "evaluate_node", "to_sympy"]

_VAR = object()  # the value of a node that depends on parameters
_BOOL_OPS = frozenset({"cmp", "and", "or", "not"})


class Node:
    """One node of a numeric expression tree (immutable).

    ``op`` is one of ``num`` (a rational literal), ``param``, ``add``, ``sub``,
    ``mul``, ``div``, ``neg``, ``pow``, ``exp``, ``log``, ``sqrt``, ``abs``,
    ``min``, ``max``, ``piecewise`` (arguments ``v1, c1, ..., default``),
    ``cmp`` (``data`` is the operator), ``and``, ``or``, ``not``. ``value`` is
    the node's value when it does not depend on parameters (folded when
    built).
    """

    __slots__ = ("op", "args", "data", "value")

    def __init__(self, op: str, args: tuple[Node, ...] = (), data: Any = None) -> None:
        self.op = op
        self.args = args
        self.data = data
        self.value: Any = _VAR
        if op == "num":
            self.value = data
        elif op != "param" and args and all(a.value is not _VAR for a in args):
            try:  # fold: the same evaluation as later, with no parameters
                self.value = _APPLY[op](self, {}, {})
            except (ExpressionError, ArithmeticError, ValueError):
                pass  # left to evaluation: an error only if this branch is ever taken

    # what the model kinds use of an expression (sympy offers the same)
    @property
    def is_number(self) -> bool:
        """True when the node does not depend on any parameter."""
        return self.value is not _VAR

    @property
    def is_boolean(self) -> bool:
        return self.op in _BOOL_OPS or isinstance(self.value, bool)

    def __add__(self, other: Any) -> Node:
        return Node("add", (self, _node(other)))

    def __radd__(self, other: Any) -> Node:
        return Node("add", (_node(other), self))

    def __sub__(self, other: Any) -> Node:
        return Node("sub", (self, _node(other)))

    def __rsub__(self, other: Any) -> Node:
        return Node("sub", (_node(other), self))

    def __mul__(self, other: Any) -> Node:
        return Node("mul", (self, _node(other)))

    def __rmul__(self, other: Any) -> Node:
        return Node("mul", (_node(other), self))

    def __truediv__(self, other: Any) -> Node:
        return Node("div", (self, _node(other)))

    def __neg__(self) -> Node:
        return Node("neg", (self,))

    def _sympy_(self) -> Any:  # sympify(node) converts through the sympy builder, never through text
        return to_sympy(self)

    def __repr__(self) -> str:
        return f"Node({to_sympy(self)})"


def param(name: str) -> Node:
    """The node of a parameter."""
    return Node("param", (), name)


def constant(value: Fraction | int) -> Node:
    """The node of a rational constant."""
    return Node("num", (), Fraction(value))


def _node(x: Any) -> Node:
    if isinstance(x, Node):
        return x
    if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
        return constant(x)
    if hasattr(x, "p") and hasattr(x, "q"):  # a sympy Rational
        return constant(Fraction(int(x.p), int(x.q)))
    raise TypeError(f"cannot combine an expression with {type(x).__name__}")


# ---------------------------------------------------------------------- evaluation
def evaluate_node(node: Node, values: Mapping[str, Fraction | float]) -> Any:
    """The value of ``node`` at parameter ``values`` (Fraction when rational, else float; bool for conditions).

    Raises
    ------
    ExpressionError
        For a value that is undefined, not real or not finite, or a missing parameter.
    """
    try:
        return _ev(node, values, {})
    except RecursionError:
        raise ExpressionError("expression nested too deeply to evaluate") from None


def _ev(n: Node, values: Mapping[str, Any], memo: dict[int, Any]) -> Any:
    if n.value is not _VAR:
        return n.value
    key = id(n)
    if key in memo:
        return memo[key]
    out = _APPLY[n.op](n, values, memo)
    memo[key] = out
    return out


def _param(n: Node, values: Mapping[str, Any], memo: dict[int, Any]) -> Any:
    try:
        return values[n.data]
    except KeyError:
        raise ExpressionError(f"no value for parameter {n.data!r}") from None


def _power(base: Any, exponent: Any) -> Any:
    if isinstance(exponent, Fraction) and exponent.denominator == 1:
        return _pow(base, exponent)
    if isinstance(base, Fraction) and base < 0:
        raise ExpressionError(f"{float(base)} to a fractional power is not real")
    return _pow(base, exponent)


def _exp(x: Any) -> Any:
    return Fraction(1) if x == 0 and isinstance(x, Fraction) else _unary(math.exp, x, "exp")


def _log(x: Any) -> Any:
    if x <= 0:
        raise ExpressionError(f"log({float(x)}) is undefined: the argument must be positive")
    return Fraction(0) if x == 1 and isinstance(x, Fraction) else _unary(math.log, x, "log")


def _piecewise(n: Node, values: Mapping[str, Any], memo: dict[int, Any]) -> Any:
    args = n.args
    for k in range(0, len(args) - 1, 2):
        if _ev(args[k + 1], values, memo):
            return _ev(args[k], values, memo)
    return _ev(args[-1], values, memo)


_COMPARE = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}

_HALF = Fraction(1, 2)
_MINUS_ONE = Fraction(-1)


def _a(n: Node, v: Mapping[str, Any], m: dict[int, Any], k: int = 0) -> Any:
    return _ev(n.args[k], v, m)


def _shown(x: Any) -> str:
    try:
        return repr(float(x))
    except OverflowError:
        return f"a number of {abs(x.numerator).bit_length()} bits"


def _product(a: Any, b: Any, op: str = "*") -> Any:
    """``a * b`` (or ``a + b``, ``a - b``), refusing a float result beyond the double range as an overflow
    (sympy's path meets most such products as one power, whose overflow it names)."""
    out = a * b if op == "*" else a + b if op == "+" else a - b
    if isinstance(out, float) and not math.isfinite(out):
        raise ExpressionError(f"{_shown(a)} {op} {_shown(b)} overflows the floating-point range")
    return _check(out)


_APPLY: dict[str, Any] = {
    "param": _param,
    "add": lambda n, v, m: _product(_a(n, v, m), _a(n, v, m, 1), "+"),
    "sub": lambda n, v, m: _product(_a(n, v, m), _a(n, v, m, 1), "-"),
    "mul": lambda n, v, m: _product(_a(n, v, m), _a(n, v, m, 1)),
    # sympy holds a / b as a * b**-1: the same steps give the same values
    "div": lambda n, v, m: _product(_a(n, v, m), _power(_a(n, v, m, 1), _MINUS_ONE)),
    "neg": lambda n, v, m: _check(-_a(n, v, m)),
    "pow": lambda n, v, m: _power(_a(n, v, m), _a(n, v, m, 1)),
    "sqrt": lambda n, v, m: _power(_a(n, v, m), _HALF),
    "exp": lambda n, v, m: _exp(_a(n, v, m)),
    "log": lambda n, v, m: _log(_a(n, v, m)),
    "abs": lambda n, v, m: abs(_a(n, v, m)),
    "min": lambda n, v, m: min(_ev(x, v, m) for x in n.args),
    "max": lambda n, v, m: max(_ev(x, v, m) for x in n.args),
    "piecewise": _piecewise,
    "cmp": lambda n, v, m: bool(_COMPARE[n.data](_a(n, v, m), _a(n, v, m, 1))),
    "and": lambda n, v, m: all(_ev(x, v, m) for x in n.args),
    "or": lambda n, v, m: any(_ev(x, v, m) for x in n.args),
    "not": lambda n, v, m: not _a(n, v, m),
}


# ---------------------------------------------------------------------- the parser's numeric builder
def _bits(q: Fraction) -> int:
    return max(abs(q.numerator).bit_length(), q.denominator.bit_length())


class NumericParser(_Parser):
    """The whitelist grammar of :mod:`gametheory.io.expressions`, building :class:`Node` trees."""

    @staticmethod
    def NODE_TYPES() -> tuple[type, ...]:  # noqa: N802 - what the size limit walks (no sympy here)
        return (Node,)

    # Extra nodes sympy holds for these (a - b is Add(a, Mul(-1, b)), a / b is Mul(a, Pow(b, -1)), -a is
    # Mul(-1, a)), so that the size limit counts about what the sympy path counts.
    _EXTRA = {"sub": 2, "div": 2, "neg": 1}

    def size(self, value: Any) -> int:
        """Nodes of ``value`` as a tree, shared subtrees counted at every use, as sympy would hold it
        (``a * a`` is ``a**2``: ``a`` counted once); linear in the distinct nodes."""
        sizes = self.sizes
        stack = [value]
        while stack:
            node = stack[-1]
            if id(node) in sizes:
                stack.pop()
                continue
            todo = [a for a in node.args if id(a) not in sizes]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            args = node.args
            if node.op == "mul" and args[0] is args[1]:
                total = 2 + sizes[id(args[0])][1]  # Pow(a, 2)
            else:
                total = 1 + self._EXTRA.get(node.op, 0) + sum(sizes[id(a)][1] for a in args)
            sizes[id(node)] = (node, total)
        return sizes[id(value)][1]

    def numeric(self, value: Any, pos: int) -> Any:
        if not isinstance(value, Node) or value.is_boolean:
            raise self.error("a condition is used where a number is expected", pos)
        return value

    def boolean(self, value: Any, pos: int) -> Any:
        if not isinstance(value, Node) or not value.is_boolean:
            raise self.error("a number is used where a condition (a comparison) is expected", pos)
        return value

    def checked(self, value: Any, pos: int) -> Any:
        self.check_size(value, pos)
        v = value.value
        if isinstance(v, Fraction) and _bits(v) > MAX_BITS:
            raise self.error(f"a constant exceeds {MAX_BITS} bits", pos)
        return value

    @staticmethod
    def b_number(value: Fraction) -> Node:
        return Node("num", (), value)

    def b_or(self, a: Node, b: Node) -> Node:
        return Node("or", (a, b))

    def b_and(self, a: Node, b: Node) -> Node:
        return Node("and", (a, b))

    def b_not(self, a: Node) -> Node:
        return Node("not", (a,))

    def b_compare(self, op: str, a: Node, b: Node) -> Node:
        return Node("cmp", (a, b), op)

    def b_add(self, a: Node, b: Node) -> Node:
        return Node("add", (a, b))

    def b_sub(self, a: Node, b: Node) -> Node:
        return Node("sub", (a, b))

    def b_mul(self, a: Node, b: Node) -> Node:
        return Node("mul", (a, b))

    def b_div(self, a: Node, b: Node) -> Node:
        return Node("div", (a, b))

    def b_neg(self, a: Node) -> Node:
        return Node("neg", (a,))

    def b_pow(self, a: Node, b: Node) -> Node:
        return Node("pow", (a, b))

    def is_zero(self, value: Node) -> bool:
        return value.value is not _VAR and not isinstance(value.value, bool) and value.value == 0

    def b_function(self, fn: str, a: Node, p: int) -> Node:
        v = a.value
        if v is not _VAR:
            if fn == "log" and not v > 0:
                raise self.error("log of a number that is not positive", p)
            if fn == "sqrt" and v < 0:
                raise self.error("sqrt of a negative number", p)
            if fn == "exp" and v > 700:
                raise self.error("exp of a constant beyond 700 overflows", p)
        return Node(fn, (a,))

    def b_minmax(self, fn: str, values: list[Node], pos: int) -> Node:
        if all(isinstance(v.value, Fraction) for v in values):
            return (min if fn == "min" else max)(values, key=lambda v: v.value)
        return self.checked(Node(fn, tuple(values)), pos)

    def b_piecewise(self, pieces: list[tuple[Node, Node]], default: Node) -> Node:
        args: list[Node] = []
        for value, cond in pieces:
            args += [value, cond]
        return Node("piecewise", (*args, default))

    def _check_power(self, base: Node, exponent: Node, pos: int) -> None:
        b, e = base.value, exponent.value
        if isinstance(e, Fraction) and abs(e) > MAX_BITS:
            raise self.error(f"an exponent beyond {MAX_BITS} is not allowed", pos)
        if not (isinstance(b, Fraction) and isinstance(e, Fraction)):
            return
        if b == 0 and e < 0:
            raise self.error("division by zero (0 to a negative power)", pos)
        if b < 0 and e.denominator != 1:
            raise self.error("a negative number to a fractional power is not real", pos)
        bits = _bits(b)
        if bits > 1 and abs(e) * bits > MAX_BITS:
            raise self.error(f"a constant power exceeds {MAX_BITS} bits", pos)


# ---------------------------------------------------------------------- to sympy
def to_sympy(node: Node, symbols: Mapping[str, Any] | None = None) -> Any:
    """The sympy expression of ``node``: the one the sympy builder makes from the same text.

    ``symbols`` maps parameter names to sympy symbols (default: real symbols of those names).
    """
    import sympy

    sp = _Parser("0", {}, None)
    syms = dict(symbols or {})
    memo: dict[int, Any] = {}

    def conv(n: Node) -> Any:
        key = id(n)
        if key in memo:
            return memo[key]
        op = n.op
        if op == "num":
            out = sp.b_number(n.value)
        elif op == "param":
            out = syms.get(n.data)
            if out is None:
                out = syms[n.data] = sympy.Symbol(n.data, real=True)
        else:
            a = [conv(x) for x in n.args]
            if op in ("add", "sub", "mul", "div", "pow", "or", "and"):
                out = getattr(sp, f"b_{op}")(a[0], a[1])
            elif op in ("neg", "not"):
                out = getattr(sp, f"b_{op}")(a[0])
            elif op == "cmp":
                out = sp.b_compare(n.data, a[0], a[1])
            elif op in ("exp", "log", "sqrt", "abs"):
                out = {"exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs}[op](a[0])
            elif op in ("min", "max"):
                out = sp.b_minmax(op, a, 0)
            else:  # piecewise
                out = sp.b_piecewise([(a[k], a[k + 1]) for k in range(0, len(a) - 1, 2)], a[-1])
        memo[key] = out
        return out

    return conv(node)
