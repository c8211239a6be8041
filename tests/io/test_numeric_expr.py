"""The numeric expression builder against the sympy one: same grammar, same values, same refusals.

Models load numerically (no sympy) unless something symbolic is asked for, so the games the
numeric path builds must be the games the sympy path builds: for every bundled model, every view,
and a grid of parameter values, exact games are equal (Fractions) and float payoffs agree to
rounding (the sympy path evaluates sympy's rearranged form, e.g. sums reordered).
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory.models as models
from gametheory.exceptions import ExpressionError, GameTheoryError
from gametheory.games._evaluate import evaluate
from gametheory.io._numeric_expr import Node, evaluate_node, param, to_sympy
from gametheory.io.expressions import parse_expression
from gametheory.io.framework import FRAMEWORK_FUNCTIONS
from gametheory.io.scenario import _build_model

from .test_expressions import EXPRESSIONS, HOSTILE

X, Y = sympy.symbols("x y", real=True)
SYMPY_NAMES = {"x": X, "y": Y}
NUMERIC_NAMES = {"x": param("x"), "y": param("y")}


def both(text: Any, **kw: Any) -> tuple[Any, Any]:
    return parse_expression(text, SYMPY_NAMES, **kw), parse_expression(text, NUMERIC_NAMES, numeric=True, **kw)


def same_number(a: Any, b: Any) -> bool:
    """Exact values equal and of the same type; floats equal to rounding."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, Fraction) or isinstance(b, Fraction):
        return type(a) is type(b) and a == b
    return isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


# ---------------------------------------------------------------- expressions
KNOWN = ["x + y", "2 * x - 3 / y", "x ** 2 - 0.5", "-x ** 2", "2 ** -x", "sqrt(x * y)", "abs(x - y)",
         "min(x, y, 1/3)", "max(0, x - 1)", "exp(x) - log(2 + abs(y))", "if(x > 0.2, 1, 0)",
         "piecewise(x < 0, -x, x < 1, x ** 2, 1)", "if(x >= y and not x == 1 or y != 0, x, y)",
         "(1 + x) ** (-1.5)", "x / (1 + y ** 2)", "min(1, 2)", "exp(0)", "log(1)", "sqrt(4)", "4 ** 0.5",
         "1e3 * x", "if(1 > 0, x, y)", *(f"{f.name}({', '.join(['x'] + ['0.5'] * (len(f.args) - 1))})"
                                        for f in FRAMEWORK_FUNCTIONS.values())]


@pytest.mark.parametrize("text", KNOWN)
def test_to_sympy_gives_the_sympy_parse(text: str) -> None:
    """Replaying a numeric tree through the sympy builder gives what the sympy parser builds."""
    s, n = both(text)
    assert to_sympy(n, SYMPY_NAMES) == s
    assert sympy.sympify(n) == s  # the bridge sympify uses: _sympy_, never text


@pytest.mark.parametrize("text", KNOWN)
@pytest.mark.parametrize("x", [Fraction(-3, 2), Fraction(0), Fraction(1, 4), Fraction(1), Fraction(7, 3), 0.3])
def test_values_agree(text: str, x: Any) -> None:
    s, n = both(text)
    vals = {"x": x, "y": Fraction(2, 5)}
    try:
        expected = evaluate(s, vals)
    except ExpressionError as exc:
        with pytest.raises(ExpressionError) as info:
            evaluate_node(n, vals)
        assert str(info.value) == str(exc)
        return
    assert same_number(expected, evaluate(n, vals))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_gets_the_same_refusal(text: str) -> None:
    with pytest.raises(ExpressionError) as sym:
        parse_expression(text, SYMPY_NAMES, context="m.toml: k")
    with pytest.raises(ExpressionError) as num:
        parse_expression(text, NUMERIC_NAMES, context="m.toml: k", numeric=True)
    assert str(num.value) == str(sym.value)


def test_numbers_and_boolean_mode() -> None:
    for v in (3, Fraction(1, 3), 0.1, "0.1"):
        s, n = both(v)
        assert evaluate(n, {}) == Fraction(s.p, s.q)
    _, cond = both("x > 1", boolean=True)
    assert evaluate_node(cond, {"x": Fraction(2), "y": Fraction(0)}) is True
    with pytest.raises(ExpressionError, match="a number is used where a condition"):
        parse_expression("x + 1", NUMERIC_NAMES, boolean=True, numeric=True)


def test_shared_definitions_evaluate_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain of definitions that doubles the expression each step evaluates in linear time (shared nodes)."""
    from gametheory.io import expressions

    monkeypatch.setattr(expressions, "MAX_NODES", 10**30)  # the limit would refuse it (as sympy's path does)
    names: dict[str, Node] = {"x": param("x")}
    prev = "x"
    for k in range(60):
        names[f"d{k}"] = parse_expression(f"{prev} * {prev} - {prev}", names, numeric=True)
        prev = f"d{k}"
    assert evaluate_node(names[prev], {"x": Fraction(0)}) == 0
    assert evaluate_node(names[prev], {"x": Fraction(2)}) == 2


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS, st.fractions(-5, 5, max_denominator=7), st.fractions(-5, 5, max_denominator=7))
def test_fuzz_numeric_and_sympy_paths_agree(text: str, x: Fraction, y: Fraction) -> None:
    """On random expressions both builders accept or refuse alike, and values agree where both evaluate."""
    try:
        s = parse_expression(text, SYMPY_NAMES)
    except ExpressionError:
        s = None
    try:
        n = parse_expression(text, NUMERIC_NAMES, numeric=True)
    except ExpressionError:
        n = None
    vals = {"x": x, "y": y}
    if s is None or n is None:
        # sympy refuses what it simplifies to a bad constant or a non-real branch (x - x in a
        # denominator, sqrt of a negative branch): the numeric path meets it, if ever, when evaluating
        if n is not None:
            try:
                v = evaluate_node(n, vals)
            except ExpressionError:
                return
            assert isinstance(v, (Fraction, float)) and math.isfinite(v)
        elif s is not None:  # the numeric path refuses only constants that no evaluation can compute
            with pytest.raises(ExpressionError):
                evaluate(s, vals)
        return
    try:
        expected = evaluate(s, vals)
    except ExpressionError:
        return
    try:
        got = evaluate_node(n, vals)
    except ExpressionError:
        # only where sympy simplified away a failing step (0 * log(x - x), x/x at 0, ...)
        assert sympy.simplify(s - to_sympy(n, SYMPY_NAMES)) == 0
        return
    if isinstance(expected, Fraction) and isinstance(got, Fraction):
        assert got == expected
    else:  # sympy may keep exact what floats compute (x*x/x), or reorder a float sum
        assert float(got) == pytest.approx(float(expected), rel=1e-9, abs=1e-9)


# ---------------------------------------------------------------- models
def snapshot(obj: Any) -> Any:
    """A plain nested structure of a built game (labels and numbers), for comparison."""
    from gametheory.games.normal_form import NormalFormGame
    from gametheory.games.tree import GameTree

    if isinstance(obj, NormalFormGame):
        return ("nfg", obj.players, obj.strategies, [np.asarray(a, dtype=object).tolist() for a in obj.payoffs])
    if isinstance(obj, GameTree):
        g = obj.graph
        nodes = sorted((str(k), sorted((a, snapshot(v)) for a, v in d.items())) for k, d in g.nodes(data=True))
        edges = sorted((str(u), str(v), sorted((a, snapshot(x)) for a, x in d.items()))
                       for u, v, d in g.edges(data=True))
        return ("tree", obj.players, nodes, edges)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (type(obj).__name__, [(f.name, snapshot(getattr(obj, f.name))) for f in dataclasses.fields(obj)])
    if isinstance(obj, dict):
        return ("dict", sorted((str(k), snapshot(v)) for k, v in obj.items()))
    if isinstance(obj, (list, tuple)):
        return [snapshot(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [snapshot(v) for v in obj.tolist()]
    if isinstance(obj, (Fraction, float, int, bool, str)) or obj is None:
        return obj
    if hasattr(obj, "__dict__"):
        return (type(obj).__name__, sorted((k, snapshot(v)) for k, v in vars(obj).items()))
    return repr(obj)


def assert_same(a: Any, b: Any, where: str) -> None:
    if isinstance(a, (Fraction, float)) and not isinstance(a, bool):
        assert same_number(a, b), f"{where}: {a!r} != {b!r}"
    elif isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b), f"{where}: {a!r} != {b!r}"
        for k, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{k}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def grid(model: Any) -> list[dict[str, Any]]:
    """Defaults, then each parameter in turn at points across its range (others at their defaults)."""
    points: list[dict[str, Any]] = [{}]
    defaults = model.defaults()
    for p in model.parameters:
        d = defaults[p.name]
        lo = evaluate(p.lower, defaults) if p.lower is not None else d - 2 * (abs(d) or 1)
        hi = evaluate(p.upper, defaults) if p.upper is not None else d + 2 * (abs(d) or 1)
        for t in (Fraction(0), Fraction(1, 7), Fraction(5, 8), Fraction(1)):
            v = Fraction(lo) + (Fraction(hi) - Fraction(lo)) * t if isinstance(lo, Fraction) and \
                isinstance(hi, Fraction) else float(lo) + (float(hi) - float(lo)) * float(t)
            points.append({p.name: v})
    return points


@pytest.mark.parametrize("name", models.available())
def test_bundled_models_build_the_same_games(name: str) -> None:
    """Numeric and sympy loading of every bundled model build equal games, views and errors."""
    numeric = models.load(name)
    assert numeric._data is not None, "bundled models load numerically"
    data = tomllib.loads(models.path(name).read_text(encoding="utf-8"))
    symbolic = _build_model(data, numeric.source, models.path(name).parent, numeric=False)
    for view in numeric.views():
        for point in grid(numeric):
            try:
                expected = symbolic.build(view, **point)
            except GameTheoryError as exc:
                with pytest.raises(type(exc)) as info:
                    numeric.build(view, **point)
                assert str(info.value) == str(exc)
                continue
            got = numeric.build(view, **point)
            assert type(got) is type(expected)
            assert_same(snapshot(got), snapshot(expected), f"{name} {view} {point}")


@pytest.mark.parametrize("name", models.available())
def test_symbolic_view_is_the_sympy_one(name: str) -> None:
    """symbolic() of a numerically loaded model is the sympy model's (read again with sympy)."""
    numeric = models.load(name)
    data = tomllib.loads(models.path(name).read_text(encoding="utf-8"))
    symbolic = _build_model(data, numeric.source, models.path(name).parent, numeric=False)
    for view in numeric.views():
        try:
            expected = symbolic.symbolic(view)
        except GameTheoryError as exc:
            with pytest.raises(type(exc)):
                numeric.symbolic(view)
            continue
        got = numeric.symbolic(view)
        assert type(got) is type(expected)
        if hasattr(expected, "payoffs") and not callable(expected.payoffs):
            assert got == expected or all(np.array_equal(a, b) for a, b in zip(got.payoffs, expected.payoffs))


def test_loading_and_building_models_does_not_import_sympy() -> None:
    """What `gametheory solve MODEL` does needs no sympy (its import is most of a command's start-up)."""
    import subprocess
    import sys

    # scipy is allowed for bargaining models only: their feasible set is the convex hull of the outcomes
    # (scipy.spatial), which the bargaining view needs whatever the payoffs' arithmetic. They are built last,
    # after scipy was checked for every other model.
    code = ("import sys, gametheory.models as m\n"
            "models = sorted((m.load(n) for n in m.available()), key=lambda x: x.kind == 'bargaining')\n"
            "heavy = set()\n"
            "for model in models:\n"
            "    for view in model.views():\n"
            "        model.build(view)\n"
            "    if model.kind != 'bargaining':\n"
            "        heavy |= {k for k in ('sympy', 'scipy', 'nashpy') if k in sys.modules}\n"
            "heavy |= {k for k in ('sympy', 'nashpy') if k in sys.modules}\n"
            "print(','.join(sorted(heavy)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
