"""A whitelist parser for the expressions of model files, from text into sympy.

Model files are data, never code: an expression is read by the tokenizer and
recursive-descent parser below and built into a sympy expression node by node.
Nothing is ever passed to ``eval``, ``exec``, ``sympify`` or ``parse_expr``.

Grammar (lowest precedence first)::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum        := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | power
    power      := atom ("**" unary)?          (right associative: 2**3**2 = 2**9)
    atom       := NUMBER | NAME | FUNCTION "(" expr ("," expr)* ")" | "(" expr ")"

Functions: ``min``, ``max`` (2 to :data:`MAX_ARGS` arguments), ``exp``, ``log``, ``sqrt``,
``abs`` (one argument), ``if(condition, a, b)`` and ``piecewise(c1, a1, c2, a2,
..., default)``, and the building blocks of the payoff framework
(:mod:`gametheory.io.framework`: ``pv``, ``duty``, ``tariff_gain``, ...), which expand
into the arithmetic that defines them. Names must be among the ``names`` given (the model's
parameters). Limits keep hostile input cheap: the text length, the nesting
depth, the digits of a literal, the size of any constant the parser folds
(``2**10**10`` is refused before it is computed) and the size of the expression
as built (:data:`MAX_NODES`: names given as expressions, such as a model's
definitions, are expanded where used, so ``a2 = "a1 * a1 + a1"`` doubles in
size at every level; such a chain is refused at the first level past the limit).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..exceptions import ExpressionError
from .framework import FRAMEWORK_FUNCTIONS

__all__ = ["parse_expression", "FUNCTIONS", "MAX_LENGTH", "MAX_DEPTH", "MAX_DIGITS", "MAX_BITS", "MAX_ARGS",
           "MAX_NODES"]

#: Longest expression text accepted (characters).
MAX_LENGTH = 2000
#: Deepest nesting of parentheses, calls, unary signs and powers.
MAX_DEPTH = 40
#: Most digits in one numeric literal (mantissa), and the largest decimal exponent.
MAX_DIGITS = 40
MAX_EXPONENT = 300
#: Largest constant (in bits of numerator or denominator) the parser will fold.
MAX_BITS = 4096
#: Most arguments of one call (min, max, piecewise) and operands of one and/or chain: sympy
#: compares the arguments of Min/Max pairwise, so long lists would be slow to build.
MAX_ARGS = 16
#: Most nodes of an expression as built, with every name given as an expression (a definition) counted
#: in full at each use: evaluating, differentiating or printing it walks that many nodes. The bundled
#: models use at most 40. Raise it (``gametheory.io.expressions.MAX_NODES = ...``) for larger models.
MAX_NODES = 20_000

FUNCTIONS = ("min", "max", "exp", "log", "sqrt", "abs", "if", "piecewise", *FRAMEWORK_FUNCTIONS)
_UNARY = {"exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs}
_WORDS = {"and", "or", "not"}
_FORBIDDEN_HINT = {
    "^": "use ** for powers",
    ".": "attribute access is not allowed",
    "[": "subscripts are not allowed",
    "]": "subscripts are not allowed",
    "'": "strings are not allowed",
    '"': "strings are not allowed",
    ":": "lambdas and slices are not allowed",
    "=": "assignment is not allowed (use == to compare)",
    "@": "not an operator of the grammar",
    "{": "sets and dicts are not allowed",
    "}": "sets and dicts are not allowed",
    ";": "one expression only",
}

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|<=|>=|==|!=|[-+*/(),<>])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    pos: int


def _where(context: str | None) -> str:
    return f"{context}: " if context else ""


class _Parser:
    def __init__(self, text: str, names: Mapping[str, Any], context: str | None) -> None:
        self.text = text
        self.names = names
        self.context = context
        self.tokens = self._tokenize()
        self.i = 0
        self.depth = 0
        self.sizes: dict[int, tuple[Any, int]] = {}  # id -> (node, expanded size), see size()

    # ------------------------------------------------------------------ helpers
    def error(self, message: str, pos: int | None = None) -> ExpressionError:
        where = f" at position {pos + 1}" if pos is not None else ""
        return ExpressionError(f"{_where(self.context)}{message}{where} in {self.text!r}")

    def _tokenize(self) -> list[_Token]:
        out: list[_Token] = []
        pos = 0
        text = self.text
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                ch = text[pos]
                hint = _FORBIDDEN_HINT.get(ch)
                if ch == "." and out and out[-1].kind in ("name", "op") and out[-1].text != "(":
                    hint = "attribute access is not allowed"
                # Reported when the parser reaches it, so that a forbidden call is named first.
                out.append(_Token("bad", f"unexpected character {ch!r}" + (f" ({hint})" if hint else ""), pos))
                return out
            kind = m.lastgroup or ""
            if kind != "space":
                out.append(_Token(kind, m.group(), pos))
            pos = m.end()
        out.append(_Token("end", "", len(text)))
        return out

    @property
    def tok(self) -> _Token:
        tok = self.tokens[self.i]
        if tok.kind == "bad":
            raise self.error(tok.text, tok.pos)
        return tok

    def advance(self) -> _Token:
        tok = self.tok
        self.i += 1
        return tok

    def accept(self, text: str) -> bool:
        tok = self.tok
        if tok.kind in ("op", "name") and tok.text == text:
            self.i += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            found = self.tok.text or "end of expression"
            raise self.error(f"expected {text!r}, found {found!r}", self.tok.pos)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"expression nested deeper than {MAX_DEPTH} levels", pos)

    def leave(self) -> None:
        self.depth -= 1

    # ------------------------------------------------------------------ typing
    def numeric(self, value: Any, pos: int) -> sympy.Expr:
        if not isinstance(value, sympy.Expr):
            raise self.error("a condition is used where a number is expected", pos)
        return value

    def boolean(self, value: Any, pos: int) -> Any:
        if isinstance(value, sympy.Expr) or not isinstance(value, sympy.logic.boolalg.Boolean):
            raise self.error("a number is used where a condition (a comparison) is expected", pos)
        return value

    def size(self, value: Any) -> int:
        """Nodes of ``value`` as a tree (shared subexpressions counted at every use), in time linear in
        its distinct nodes: sympy shares the subtrees of expanded definitions."""
        stack = [value]
        while stack:
            node = stack[-1]
            if id(node) in self.sizes:
                stack.pop()
                continue
            args = getattr(node, "args", ())
            todo = [a for a in args if id(a) not in self.sizes]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            self.sizes[id(node)] = (node, 1 + sum(self.sizes[id(a)][1] for a in args))
        return self.sizes[id(value)][1]

    def check_size(self, value: Any, pos: int) -> Any:
        if isinstance(value, sympy.Basic) and self.size(value) > MAX_NODES:
            raise ExpressionError(
                f"{_where(self.context)}the expression has more than {MAX_NODES} nodes once its definitions are "
                f"expanded (raise gametheory.io.expressions.MAX_NODES to allow it)")
        return value

    def checked(self, value: Any, pos: int) -> Any:
        """Refuse oversized expressions, and non-finite, non-real or oversized constants, as soon as they appear."""
        self.check_size(value, pos)  # first: the walks below visit every node of the tree
        if isinstance(value, sympy.Basic):
            if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
                raise self.error("the expression is undefined or infinite (division by zero?)", pos)
            if value.has(sympy.I):
                raise self.error("the expression is not a real number", pos)
            if isinstance(value, sympy.Rational) and not isinstance(value, sympy.Integer):
                big = max(abs(int(value.p)).bit_length(), int(value.q).bit_length())
            elif isinstance(value, sympy.Integer):
                big = abs(int(value)).bit_length()
            else:
                big = 0
            if big > MAX_BITS:
                raise self.error(f"a constant exceeds {MAX_BITS} bits", pos)
        return value

    # ------------------------------------------------------------------ grammar
    def parse(self) -> Any:
        value = self.or_expr()
        if self.tok.kind != "end":
            raise self.error(f"unexpected {self.tok.text!r}", self.tok.pos)
        return value

    def or_expr(self) -> Any:
        pos = self.tok.pos
        value = self.and_expr()
        count = 1
        while self.tok.kind == "name" and self.tok.text == "or":
            p = self.advance().pos
            count += 1
            if count > MAX_ARGS:
                raise self.error(f"more than {MAX_ARGS} operands of 'or'", p)
            right = self.and_expr()
            value = sympy.Or(self.boolean(value, pos), self.boolean(right, p))
        return value

    def and_expr(self) -> Any:
        pos = self.tok.pos
        value = self.not_expr()
        count = 1
        while self.tok.kind == "name" and self.tok.text == "and":
            p = self.advance().pos
            count += 1
            if count > MAX_ARGS:
                raise self.error(f"more than {MAX_ARGS} operands of 'and'", p)
            right = self.not_expr()
            value = sympy.And(self.boolean(value, pos), self.boolean(right, p))
        return value

    def not_expr(self) -> Any:
        if self.tok.kind == "name" and self.tok.text == "not":
            pos = self.advance().pos
            self.enter(pos)
            value = sympy.Not(self.boolean(self.not_expr(), pos))
            self.leave()
            return value
        return self.comparison()

    _CMP = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge, "==": sympy.Eq, "!=": sympy.Ne}

    def comparison(self) -> Any:
        pos = self.tok.pos
        left = self.sum()
        if self.tok.kind == "op" and self.tok.text in self._CMP:
            op = self.advance()
            right = self.sum()
            value = self._CMP[op.text](self.numeric(left, pos), self.numeric(right, op.pos))
            if self.tok.kind == "op" and self.tok.text in self._CMP:
                raise self.error("chained comparisons are not allowed (use 'and')", self.tok.pos)
            return value
        return left

    def sum(self) -> Any:
        pos = self.tok.pos
        value = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance()
            right = self.numeric(self.term(), op.pos)
            left = self.numeric(value, pos)
            value = self.checked(left + right if op.text == "+" else left - right, op.pos)
        return value

    def term(self) -> Any:
        pos = self.tok.pos
        value = self.unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            op = self.advance()
            right = self.numeric(self.unary(), op.pos)
            left = self.numeric(value, pos)
            if op.text == "/" and right == 0:
                raise self.error("division by zero", op.pos)
            value = self.checked(left * right if op.text == "*" else left / right, op.pos)
        return value

    def unary(self) -> Any:
        tok = self.tok
        if tok.kind == "op" and tok.text in "+-":
            self.advance()
            self.enter(tok.pos)
            value = self.numeric(self.unary(), tok.pos)
            self.leave()
            return -value if tok.text == "-" else value
        return self.power()

    def power(self) -> Any:
        pos = self.tok.pos
        base = self.atom()
        if self.tok.kind == "op" and self.tok.text == "**":
            op = self.advance()
            self.enter(op.pos)
            exponent = self.numeric(self.unary(), op.pos)
            self.leave()
            base = self.numeric(base, pos)
            self._check_power(base, exponent, op.pos)
            return self.checked(sympy.Pow(base, exponent), op.pos)
        return base

    def _check_power(self, base: Any, exponent: Any, pos: int) -> None:
        # Estimate the size of a constant power before sympy computes it.
        if isinstance(exponent, sympy.Number) and abs(exponent) > MAX_BITS:
            raise self.error(f"an exponent beyond {MAX_BITS} is not allowed", pos)
        if not (isinstance(base, sympy.Rational) and isinstance(exponent, sympy.Rational)):
            return
        if base == 0 and exponent < 0:
            raise self.error("division by zero (0 to a negative power)", pos)
        if base.is_negative and not exponent.is_integer:
            raise self.error("a negative number to a fractional power is not real", pos)
        bits = max(abs(int(base.p)).bit_length(), int(base.q).bit_length())
        if bits > 1 and abs(exponent) * bits > MAX_BITS:
            raise self.error(f"a constant power exceeds {MAX_BITS} bits", pos)

    def atom(self) -> Any:
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            return self.number(tok)
        if tok.kind == "name":
            self.advance()
            if self.tok.kind == "op" and self.tok.text == "(":
                return self.call(tok)
            return self.name(tok)
        if tok.kind == "op" and tok.text == "(":
            self.advance()
            self.enter(tok.pos)
            value = self.or_expr()
            self.expect(")")
            self.leave()
            return value
        found = tok.text or "end of expression"
        raise self.error(f"expected a number, a name or '(', found {found!r}", tok.pos)

    def number(self, tok: _Token) -> sympy.Rational:
        mantissa, _, exp = tok.text.lower().partition("e")
        digits = len(mantissa.replace(".", "").lstrip("0"))
        if digits > MAX_DIGITS:
            raise self.error(f"a number has more than {MAX_DIGITS} digits", tok.pos)
        if exp and abs(int(exp)) > MAX_EXPONENT:
            raise self.error(f"a number's exponent exceeds {MAX_EXPONENT}", tok.pos)
        value = Fraction(tok.text)  # decimal literal, read exactly
        return sympy.Rational(value.numerator, value.denominator)

    def name(self, tok: _Token) -> Any:
        if tok.text in self.names:
            return self.names[tok.text]
        if tok.text in FUNCTIONS:
            raise self.error(f"function {tok.text!r} must be called with arguments", tok.pos)
        if tok.text in _WORDS:
            raise self.error(f"unexpected {tok.text!r}", tok.pos)
        if keyword.iskeyword(tok.text) or tok.text.startswith("_"):
            raise self.error(f"{tok.text!r} is not allowed in an expression", tok.pos)
        known = ", ".join(sorted(self.names)) or "none"
        raise self.error(f"unknown parameter {tok.text!r} (known: {known})", tok.pos)

    def call(self, tok: _Token) -> Any:
        fn = tok.text
        if fn not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise self.error(f"call of {fn!r} is not allowed (functions: {allowed})", tok.pos)
        self.expect("(")
        self.enter(tok.pos)
        args = [(self.tok.pos, self.or_expr())]
        while self.accept(","):
            if len(args) >= 2 * MAX_ARGS + 1:
                raise self.error(f"too many arguments to {fn}()", self.tok.pos)
            args.append((self.tok.pos, self.or_expr()))
        self.expect(")")
        self.leave()
        if fn in FRAMEWORK_FUNCTIONS:
            return self.framework_call(tok, args)
        if fn in _UNARY:
            if len(args) != 1:
                raise self.error(f"{fn}() takes one argument, got {len(args)}", tok.pos)
            p, a = args[0]
            a = self.numeric(a, p)
            if fn == "log" and a.is_number and not a.is_positive:
                raise self.error("log of a number that is not positive", p)
            if fn == "sqrt" and a.is_number and a.is_negative:
                raise self.error("sqrt of a negative number", p)
            if fn == "exp" and a.is_number and a > 700:
                raise self.error("exp of a constant beyond 700 overflows", p)
            return self.checked(_UNARY[fn](a), tok.pos)
        if fn in ("min", "max"):
            if not 2 <= len(args) <= MAX_ARGS:
                raise self.error(f"{fn}() takes 2 to {MAX_ARGS} arguments, got {len(args)}", tok.pos)
            values = [self.numeric(a, p) for p, a in args]
            if all(isinstance(v, sympy.Rational) for v in values):
                return min(values) if fn == "min" else max(values)
            # Unevaluated: sympy's pairwise simplification of Min/Max arguments is slow on
            # nested symbolic arguments; evaluation and lambdify handle the plain form.
            cls = sympy.Min if fn == "min" else sympy.Max
            return self.checked(cls(*values, evaluate=False), tok.pos)
        # if(c, a, b) is piecewise(c, a, b); piecewise(c1, a1, ..., default)
        if fn == "if" and len(args) != 3:
            raise self.error(f"if() takes three arguments (condition, then, else), got {len(args)}", tok.pos)
        if len(args) < 3 or len(args) % 2 == 0:
            raise self.error("piecewise() takes condition, value pairs and a default value", tok.pos)
        pieces = []
        for k in range(0, len(args) - 1, 2):
            (pc, c), (pv, v) = args[k], args[k + 1]
            pieces.append((self.numeric(v, pv), self.boolean(c, pc)))
        pd, d = args[-1]
        pieces.append((self.numeric(d, pd), sympy.true))
        return self.checked(sympy.Piecewise(*pieces), tok.pos)

    def framework_call(self, tok: _Token, args: list[tuple[int, Any]]) -> Any:
        """Expand a building block of the payoff framework: its body, with the arguments bound."""
        spec = FRAMEWORK_FUNCTIONS[tok.text]
        if len(args) != len(spec.args):
            raise self.error(f"{spec.name}() takes {len(spec.args)} arguments ({', '.join(spec.args)}), "
                             f"got {len(args)}", tok.pos)
        bound = {name: self.numeric(a, p) for name, (p, a) in zip(spec.args, args)}
        inner = _Parser(spec.body, bound, f"{_where(self.context)}in {spec.name}()".rstrip(": "))
        inner.depth = self.depth
        return self.checked(inner.numeric(inner.parse(), 0), tok.pos)


def parse_expression(
    text: str | int | float | Fraction,
    names: Mapping[str, Any] | None = None,
    *,
    context: str | None = None,
    boolean: bool = False,
) -> Any:
    """Parse the text of an expression into a sympy expression.

    Parameters
    ----------
    text : str, int, float or Fraction
        The expression. Numbers (as TOML gives them) are converted exactly:
        a float through its shortest decimal representation.
    names : mapping of str to sympy expression, optional
        The names an expression may use (usually parameter symbols).
    context : str, optional
        Where the expression comes from (e.g. ``"model.toml: game.payoffs.US[0][1]"``);
        it starts every error message.
    boolean : bool, default False
        Expect a condition (a comparison) rather than a number.

    Returns
    -------
    sympy.Expr or sympy.logic.boolalg.Boolean

    Raises
    ------
    ExpressionError
        If the text is not in the whitelisted grammar, uses an unknown name or
        exceeds a size limit; the message names the context and the position.

    Examples
    --------
    >>> import sympy
    >>> t, h = sympy.symbols("tariff holdings", real=True)
    >>> parse_expression("-0.7 * tariff * 148.2 + max(0, holdings - 1000)",
    ...                  {"tariff": t, "holdings": h})
    -5187*tariff/50 + Max(0, holdings - 1000)
    >>> parse_expression("if(tariff > 0.2, 1, 0)", {"tariff": t})
    Piecewise((1, tariff > 1/5), (0, True))
    >>> parse_expression("__import__('os')", context="m.toml: game.payoffs")
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ExpressionError: m.toml: game.payoffs: call of '__import__' is not allowed ...
    """
    names = dict(names or {})
    if isinstance(text, bool):
        raise ExpressionError(f"{_where(context)}expected a number or an expression, got a boolean")
    if isinstance(text, int):
        if abs(text).bit_length() > MAX_BITS:
            raise ExpressionError(f"{_where(context)}a constant exceeds {MAX_BITS} bits")
        return sympy.Integer(text)
    if isinstance(text, Fraction):
        return sympy.Rational(text.numerator, text.denominator)
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise ExpressionError(f"{_where(context)}the number {text} is not finite")
        value = Fraction(repr(text))
        return sympy.Rational(value.numerator, value.denominator)
    if not isinstance(text, str):
        raise ExpressionError(
            f"{_where(context)}expected a number or an expression string, got {type(text).__name__}"
        )
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"{_where(context)}expression longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise ExpressionError(f"{_where(context)}empty expression")
    parser = _Parser(text, names, context)
    try:
        value = parser.check_size(parser.parse(), 0)
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise parser.error("expression nested too deeply") from None
    if boolean:
        return parser.boolean(value, 0)
    return parser.numeric(value, 0)
