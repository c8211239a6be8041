"""The whitelist expression parser: known values, refusals, and fuzzing (hypothesis)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.exceptions import ExpressionError
from gametheory.io.expressions import MAX_DEPTH, parse_expression

X, Y = sympy.symbols("x y", real=True)
NAMES = {"x": X, "y": Y}


def value(text: str, **vals: Fraction) -> sympy.Expr:
    return parse_expression(text, NAMES).subs({NAMES[k]: sympy.Rational(v) for k, v in vals.items()})


@pytest.mark.parametrize(("text", "expected"), [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("1 - 2 - 3", -4),          # left associative
    ("8 / 4 / 2", 1),
    ("2 ** 3 ** 2", 512),       # right associative, as in Python
    ("-2 ** 2", -4),            # unary minus binds looser than **
    ("2 ** -1", Fraction(1, 2)),
    ("0.1 + 0.2", Fraction(3, 10)),   # decimals are exact
    ("1.5e2", 150),
    ("max(1, 3, 2) - min(4, -1)", 4),
    ("abs(-3) + sqrt(16)", 7),
    ("if(2 > 1, 10, 20)", 10),
    ("if(2 > 1 and 1 >= 2, 10, 20)", 20),
    ("if(not 2 == 3 or 1 != 1, 1, 0)", 1),
    ("piecewise(1 < 0, -1, 1 > 0.5, 1, 0)", 1),
    ("log(exp(2))", 2),
])
def test_known_values(text: str, expected: object) -> None:
    assert parse_expression(text) == sympy.Rational(Fraction(expected))  # type: ignore[arg-type]


def test_names_and_symbolic_structure() -> None:
    e = parse_expression("x * (1 - y) + max(x, y)", NAMES)
    assert e.free_symbols == {X, Y}
    assert e.subs({X: 2, Y: 3}) == 2 * (1 - 3) + 3
    assert parse_expression("if(x > 1, x, 0)", NAMES).subs(X, 3) == 3
    assert parse_expression("if(x > 1, x, 0)", NAMES).subs(X, 1) == 0


def test_numbers_from_toml_are_exact() -> None:
    assert parse_expression(0.15) == sympy.Rational(3, 20)
    assert parse_expression(1130.8) == sympy.Rational(11308, 10)
    assert parse_expression(7) == 7
    with pytest.raises(ExpressionError):
        parse_expression(float("nan"))
    with pytest.raises(ExpressionError):
        parse_expression(True)  # type: ignore[arg-type]


HOSTILE = [
    "__import__('os').system('touch pwned')",
    "__import__(os)",
    "x.__class__",
    "x.real",
    "(1).__class__.__bases__",
    "x[0]",
    "globals()",
    "eval(1)",
    "open(x)",
    "lambda: 1",
    "lambda x: x",
    "[i for i in x]",
    "(i for i in x)",
    "{1: 2}",
    "'a'",
    "x if y else 1",
    "x = 1",
    "x; y",
    "x @ y",
    "x ^ y",
    "sin(x)",
    "exp(x, y)",
    "min(x)",
    "if(x, 1, 2)",           # condition must be a comparison
    "(x > 1) + 1",           # condition used as a number
    "1 < x < 2",             # chained comparison
    "z",                     # unknown name
    "_x",
    "import",
    "2**10**10",             # refused before computing
    "(10**1000)**(10**1000)",
    "10**300 * 10**300 * 10**300 * 10**300 * 10**300",
    "1" * 60,                # too many digits
    "1e999",
    "(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5),
    "-" * 200 + "1",
    "exp(" * 50 + "1" + ")" * 50,
    "1 / 0",
    "x / (1 - 1)",
    "log(0)",
    "sqrt(-1)",
    "(-8) ** 0.5",
    "exp(1000)",
    "x ** 100000",
    "",
    "   ",
    "1 +",
    "(1",
    "1)",
    "max(1,)",
    "x " * 1500,
    "min(" + ", ".join(["x"] * 17) + ")",                 # arity limits keep sympy's work small
    "if(" + " and ".join(["x > 1"] * 17) + ", 1, 0)",
    "piecewise(" + ", ".join(["x > 1, 1"] * 17) + ", 0)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_refused(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse_expression(text, NAMES)


def test_errors_name_context_and_position() -> None:
    with pytest.raises(ExpressionError, match=r"^m\.toml: game\.payoffs\.US\[0\]\[1\]: .*position 6"):
        parse_expression("x + y.real", NAMES, context="m.toml: game.payoffs.US[0][1]")
    with pytest.raises(ExpressionError, match="call of '__import__' is not allowed"):
        parse_expression("__import__('os').system('ls')", NAMES)
    with pytest.raises(ExpressionError, match="unknown parameter 'tarif'.*known: x, y"):
        parse_expression("tarif * 2", NAMES)


def test_nested_min_max_stay_exact_and_cheap() -> None:
    text = "max(" + ", ".join(f"min(x * {i}, y + {i}, {i})" for i in range(16)) + ")"
    e = parse_expression(text, NAMES)
    expected = max(min(Fraction(3, 2) * i, Fraction(-2 + i), Fraction(i)) for i in range(16))
    assert e.subs({X: sympy.Rational(3, 2), Y: -2}) == sympy.Rational(expected)
    assert parse_expression("min(3, 1.5, 2)") == sympy.Rational(3, 2)


def test_boolean_mode() -> None:
    assert parse_expression("x > 1 and y <= 2", NAMES, boolean=True).subs({X: 2, Y: 2}) == sympy.true
    with pytest.raises(ExpressionError, match="condition"):
        parse_expression("x + 1", NAMES, boolean=True)


# ---------------------------------------------------------------- fuzzing
PIECES = ["x", "y", "1", "2.5", "0", "+", "-", "*", "/", "**", "(", ")", ",", "<", "==", " ", ".", "[", "]",
          "'", "__import__", "max", "min", "exp", "log", "sqrt", "abs", "if", "piecewise", "and", "or", "not",
          "lambda", ":", "os", "system", "1e308", "9" * 30, "__class__", "eval", "^"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(PIECES), max_size=25).map("".join)))
def test_fuzz_gives_expression_or_expression_error(text: str) -> None:
    """Random and hostile input gives a real sympy expression or ExpressionError, nothing else."""
    try:
        e = parse_expression(text, NAMES)
    except ExpressionError:
        return
    assert isinstance(e, sympy.Expr)
    assert e.free_symbols <= {X, Y}
    assert not e.has(sympy.zoo, sympy.nan, sympy.I)


def _render(tree: object) -> tuple[str, Fraction]:
    if isinstance(tree, int):
        return str(tree), Fraction(tree)
    op, a, b = tree  # type: ignore[misc]
    ta, va = _render(a)
    tb, vb = _render(b)
    if op == "/" and vb == 0:
        return f"({ta} + {tb})", va + vb
    val = {"+": va + vb, "-": va - vb, "*": va * vb, "/": va / vb if vb else va}[op]
    return f"({ta} {op} {tb})", val


TREES = st.recursive(st.integers(-50, 50),
                     lambda kids: st.tuples(st.sampled_from("+-*/"), kids, kids), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(TREES)
def test_arithmetic_matches_exact_fractions(tree: object) -> None:
    """Parsing the printed form of an arithmetic tree gives its exact rational value."""
    text, expected = _render(tree)
    assert parse_expression(text) == sympy.Rational(expected.numerator, expected.denominator)


LEAVES = st.sampled_from(["x", "y", "0", "1", "2", "0.5", "3.25", "10"])


def _grow(kids: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(kids, st.sampled_from(["+", "-", "*", "/", "**"]), kids).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    unary = st.tuples(st.sampled_from(["-", "exp", "log", "sqrt", "abs"]), kids).map(lambda t: f"{t[0]}({t[1]})")
    pair = st.tuples(st.sampled_from(["min", "max"]), kids, kids).map(lambda t: f"{t[0]}({t[1]}, {t[2]})")
    cond = st.tuples(kids, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), kids).map(" ".join)
    branch = st.tuples(cond, kids, kids).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})")
    return st.one_of(binary, unary, pair, branch)


EXPRESSIONS = st.recursive(LEAVES, _grow, max_leaves=10)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS, st.fractions(-5, 5, max_denominator=7), st.fractions(-5, 5, max_denominator=7))
def test_fuzz_parsed_expressions_evaluate_or_raise_expression_error(text: str, x: Fraction, y: Fraction) -> None:
    """Whatever parses can be evaluated by the guarded evaluator, or is refused with ExpressionError."""
    from gametheory.games._evaluate import evaluate

    try:
        e = parse_expression(text, NAMES)
    except ExpressionError:
        return
    try:
        v = evaluate(e, {"x": x, "y": y})
    except ExpressionError:
        return
    assert isinstance(v, (Fraction, float)) and not isinstance(v, bool)
    # xreplace, then evaluate: sympy's subs mis-evaluates unevaluated Min/Max (min(x+2, max(1, min(y, 0))) gives
    # 2 at x = y = 0)
    exact = e.xreplace({X: sympy.Rational(x.numerator, x.denominator), Y: sympy.Rational(y.numerator, y.denominator)}).doit()
    if exact.is_real and exact.is_finite:
        assert float(v) == pytest.approx(float(exact), rel=1e-9, abs=1e-9)
