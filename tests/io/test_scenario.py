"""The model file format: every error names the file and the key; hostile files run nothing."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import gametheory
from gametheory.exceptions import (
    ExpressionError,
    GameTheoryError,
    InvalidGameError,
    ModelError,
    NotSupportedError,
    ParameterError,
)
from gametheory.io import scenario
from gametheory.io.scenario import load_model

HEAD = '''
name = "toy"
title = "Toy"
question = "Which equilibrium?"
description = "A coordination game whose payoff for matching on x is a parameter."
citations = ["[L3] Myerson 1991"]
players = ["A", "B"]
'''

PARAMS = '''
[parameters.a]
default = 0.5
unit = "1"
min = 0
max = "b"
source = "assumption"
description = "payoff for matching on x"

[parameters.b]
default = 2
unit = "1"
min = 1
source = "L3"
description = "upper bound of a"
'''

GAME = '''
[game]
kind = "normal"
[game.strategies]
A = ["x", "y"]
B = ["x", "y"]
[game.payoffs]
A = [["a", 0], [0, 1]]
B = [["a", 0], [0, 1]]
'''


def model_text(head: str = HEAD, params: str = PARAMS, game: str = GAME, extra: str = "") -> str:
    return head + params + extra + game


def write(tmp_path: Path, text: str, name: str = "toy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_model_builds_and_overrides(tmp_path: Path) -> None:
    m = gametheory.load_model(write(tmp_path, model_text()))
    assert (m.name, m.kind, m.players, m.views()) == ("toy", "normal", ("A", "B"), ("normal",))
    assert m.defaults() == {"a": Fraction(1, 2), "b": Fraction(2)}
    g = m.build()
    assert g.is_exact and g.payoffs[0][0, 0] == Fraction(1, 2) and g.strategies == (("x", "y"), ("x", "y"))
    assert m.build(a=1.5).payoffs[1][0, 0] == Fraction(3, 2)
    assert m.build(a=3, b=4).payoffs[0][0, 0] == 3            # bound max = "b" follows b
    assert m.symbolic().substitute({"a": 0.25, "b": 2}) == m.build(a=0.25)
    assert m.parameter("b").source == "L3"


def expect(tmp_path: Path, text: str, cls: type[Exception], *fragments: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(cls) as info:
        load_model(path)
    message = str(info.value)
    assert message.startswith("toy.toml: "), message
    for f in fragments:
        assert f in message, message
    return message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    expect(tmp_path, model_text(head=HEAD + 'payof = 1\n'), ModelError, "payof", "unknown key")


def test_missing_key(tmp_path: Path) -> None:
    expect(tmp_path, model_text(head=HEAD.replace('question = "Which equilibrium?"\n', "")), ModelError,
           "missing key 'question'")


def test_unknown_key_in_parameter(tmp_path: Path) -> None:
    expect(tmp_path, model_text(params=PARAMS.replace('unit = "1"\nmin = 0', 'unit = "1"\nmn = 0')),
           ModelError, "parameters.a.mn", "unknown key 'mn'")


def test_unknown_parameter_in_payoff_names_key_and_position(tmp_path: Path) -> None:
    expect(tmp_path, model_text(game=GAME.replace('A = [["a", 0]', 'A = [["0 + c", 0]')), ExpressionError,
           "game.payoffs.A[0][0]", "unknown parameter 'c'", "position 5")


def test_payoff_table_of_wrong_shape(tmp_path: Path) -> None:
    expect(tmp_path, model_text(game=GAME.replace('B = [["a", 0], [0, 1]]', 'B = [["a", 0, 1], [0, 1]]')),
           ModelError, "game.payoffs.B[0]", "wrong shape", "(2, 2)")
    expect(tmp_path, model_text(game=GAME.replace('B = [["a", 0], [0, 1]]', 'B = [["a", 0]]')),
           ModelError, "game.payoffs.B", "wrong shape")


def test_duplicate_strategy_label(tmp_path: Path) -> None:
    expect(tmp_path, model_text(game=GAME.replace('B = ["x", "y"]', 'B = ["x", "x"]')), ModelError,
           "game.strategies.B", "duplicate strategy 'x'")


def test_duplicate_player(tmp_path: Path) -> None:
    expect(tmp_path, model_text(head=HEAD.replace('["A", "B"]', '["A", "A"]')), ModelError,
           "players", "duplicate player 'A'")


def test_strategies_for_unknown_player(tmp_path: Path) -> None:
    expect(tmp_path, model_text(game=GAME.replace('B = ["x", "y"]', 'B = ["x", "y"]\nC = ["z"]')),
           ModelError, "game.strategies.C", "unknown key")


DIST = '''
[distributions.shock]
values = [0, "a"]
probabilities = [{p}]
'''


def test_probabilities_not_summing_to_one(tmp_path: Path) -> None:
    expect(tmp_path, model_text(extra=DIST.format(p="0.5, 0.6")), ModelError,
           "distributions.shock.probabilities", "sum to one")
    # Parameter-dependent probabilities are checked at every build.
    text = model_text(extra=DIST.format(p='"a", "1 - a"'))
    m = load_model(write(tmp_path, text))
    assert m.build(a=0.9).is_exact
    with pytest.raises(ModelError, match=r"toy\.toml: distributions\.shock\.probabilities: .*sum to one"):
        m.build(a=1.5)


def test_distribution_is_an_expectation(tmp_path: Path) -> None:
    text = model_text(extra=DIST.format(p="0.25, 0.75"),
                      game=GAME.replace('A = [["a", 0]', 'A = [["shock", 0]'))
    assert load_model(write(tmp_path, text)).build(a=1).payoffs[0][0, 0] == Fraction(3, 4)


def test_default_out_of_bounds(tmp_path: Path) -> None:
    expect(tmp_path, model_text(params=PARAMS.replace("default = 0.5", "default = 5")), ParameterError,
           "parameters.a", "above its maximum 2 (= b)")


def test_override_errors_name_file_parameter_and_bound(tmp_path: Path) -> None:
    m = load_model(write(tmp_path, model_text()))
    with pytest.raises(ParameterError, match=r"^toy\.toml: parameters\.a: value -1 is below its minimum 0$"):
        m.build(a=-1)
    with pytest.raises(ParameterError, match=r"toy\.toml: parameters\.b: value 0\.5 is below its minimum 1"):
        m.build(b=0.5)
    with pytest.raises(ParameterError, match=r"toy\.toml: parameters: unknown parameter 'c' \(known: a, b\)"):
        m.build(c=1)
    with pytest.raises(ParameterError, match="not finite"):
        m.build(a=float("nan"))
    with pytest.raises(ModelError, match="no view 'tree'"):
        m.build(view="tree")


def test_definitions_are_expanded(tmp_path: Path) -> None:
    text = model_text(extra='[definitions]\ntwice = "2 * a"\nmore = "twice + 1"\n',
                      game=GAME.replace('A = [["a", 0]', 'A = [["more", 0]'))
    m = load_model(write(tmp_path, text))
    assert m.build(a=1).payoffs[0][0, 0] == 3
    assert m.symbolic().parameters == ("a", "b")
    expect(tmp_path, model_text(extra='[definitions]\na = "1"\n'), ModelError, "definitions.a", "already defined")


def test_outcomes_form(tmp_path: Path) -> None:
    outcomes = '''
[game]
kind = "normal"
[game.strategies]
A = ["x", "y"]
B = ["x", "y"]
''' + "".join(f'''
[[game.outcomes]]
profile = ["{r}", "{c}"]
payoffs = ["{u}", "{u}"]
''' for r, c, u in [("x", "x", "a"), ("x", "y", "0"), ("y", "x", "0"), ("y", "y", "1")])
    assert load_model(write(tmp_path, model_text(game=outcomes))).build() == \
        load_model(write(tmp_path, model_text())).build()
    expect(tmp_path, model_text(game=outcomes.rsplit("[[game.outcomes]]", 1)[0]), ModelError,
           "game.outcomes", "missing")
    expect(tmp_path, model_text(game=outcomes.replace('["y", "y"]', '["x", "x"]')), ModelError,
           "game.outcomes[3].profile", "already given")
    expect(tmp_path, model_text(game=outcomes.replace('["y", "y"]', '["y", "z"]')), ModelError,
           "game.outcomes[3].profile", "'z' is not a strategy of 'B'")


def test_kinds(tmp_path: Path) -> None:
    expect(tmp_path, model_text(game=GAME.replace('kind = "normal"', 'kind = "matrix"')), ModelError,
           "game.kind", "unknown kind 'matrix'")
    expect(tmp_path, model_text(game=GAME.replace('kind = "normal"\n', "")), ModelError, "game", "kind")


def test_unavailable_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(scenario.KINDS, "future", "gametheory.no_such_module:from_spec")
    expect(tmp_path, model_text(game=GAME.replace('kind = "normal"', 'kind = "future"')), ModelError,
           "game.kind", "not available")


class _ToyView:
    """A plug-in kind for the test: the game and a 1x1 'disagreement' view."""

    views = ("toy", "disagreement")

    def __init__(self, payoff: Any, ctx: Any) -> None:
        self.payoff = payoff
        self.ctx = ctx

    def build(self, values: Any, view: str) -> Any:
        from gametheory import NormalFormGame

        v = self.ctx.evaluate(self.payoff, values)
        return NormalFormGame([[[v]], [[v]]], players=self.ctx.players, title=view)

    def symbolic(self, view: str) -> Any:
        raise NotSupportedError("no symbolic view")


def toy_from_spec(spec: dict[str, Any], ctx: Any) -> _ToyView:
    ctx.check_keys(spec, ("value",), ("probabilities",))
    if "probabilities" in spec:
        ctx.probabilities(spec["probabilities"], "probabilities")
    return _ToyView(ctx.parse_expression(spec["value"], "value"), ctx)


def test_plug_in_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(scenario.KINDS, "toy", "tests.io.test_scenario:toy_from_spec")
    game = '[game]\nkind = "toy"\nvalue = "a * b"\n'
    m = load_model(write(tmp_path, model_text(game=game)))
    assert m.kind == "toy" and m.views() == ("toy", "disagreement")
    assert m.build(a=2, b=3).payoffs[0][0, 0] == 6
    assert m.build(view="disagreement").title == "disagreement"
    with pytest.raises(NotSupportedError):
        m.symbolic()
    expect(tmp_path, model_text(game=game + "extra = 1\n"), ModelError, "game.extra", "unknown key")
    expect(tmp_path, model_text(game=game.replace("a * b", "a +")), ExpressionError, "game.value")
    expect(tmp_path, model_text(game=game + 'probabilities = [0.5, "0.25 * 3"]\n'), ModelError,
           "game.probabilities", "sum to one")


@pytest.mark.parametrize("text, key", [
    ('name = "toy"\n[[', "not valid TOML"),
    (model_text(head=HEAD.replace('name = "toy"', 'name = "to y"')), "name"),
    (model_text(params=PARAMS.replace('source = "assumption"', 'source = ""')), "parameters.a.source"),
    (model_text(params=PARAMS.replace("default = 0.5", 'default = "0.5"')), "parameters.a.default"),
    (model_text(params=PARAMS.replace("[parameters.a]", "[parameters.view]").replace('"b"', "2")),
     "parameters.view"),
    (model_text(params=PARAMS.replace('max = "b"', 'max = "b.real"')), "parameters.a.max"),
    (model_text(head=HEAD.replace('citations = ["[L3] Myerson 1991"]', "citations = 3")), "citations"),
])
def test_malformed_files(tmp_path: Path, text: str, key: str) -> None:
    expect(tmp_path, text, ModelError, key)


# ---------------------------------------------------------------- hostile files
HOSTILE_PAYOFFS = [
    "__import__('os').system('touch pwned')",
    "__import__(os).system(touch)",
    "a.__class__.__base__.__subclasses__()",
    "a.__globals__['os']",
    "b[0]",
    "__builtins__['eval']('1')",
    "eval('__import__(1)')",
    "exec(1)",
    "open(pwned)",
    "(lambda: 1)()",
    "[x for x in a]",
    "getattr(a, 'real')",
    "2**10**10",
]


@pytest.mark.parametrize("payoff", HOSTILE_PAYOFFS)
def test_hostile_model_is_refused_and_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   payoff: str) -> None:
    monkeypatch.chdir(tmp_path)
    escaped = payoff.replace("\\", "\\\\").replace('"', '\\"')
    text = model_text(game=GAME.replace('A = [["a", 0]', f'A = [["{escaped}", 0]'))
    path = write(tmp_path, text)
    with pytest.raises(ExpressionError, match=r"toy\.toml: game\.payoffs\.A\[0\]\[0\]"):
        gametheory.load_model(path)
    assert not (tmp_path / "pwned").exists()
    assert sorted(os.listdir(tmp_path)) == ["toy.toml"]


def test_hostile_parameter_name_and_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    expect(tmp_path, model_text(params=PARAMS.replace("[parameters.a]", "[parameters.__import__]")),
           ModelError, "parameters.__import__")
    expect(tmp_path, model_text(params=PARAMS.replace('max = "b"', "max = \"__import__('os').system('touch pwned')\"")),
           ExpressionError, "parameters.a.max")
    assert not (tmp_path / "pwned").exists()


# ---------------------------------------------------------------- fuzzing the loader
import copy  # noqa: E402
import tomllib  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

BASE = tomllib.loads(model_text(extra=DIST.format(p='"a / b", "1 - a / b"')))


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for k, v in enumerate(node):
            out += _paths(v, (*prefix, k))
    return out


PATHS = _paths(BASE)
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
              st.text(max_size=12), st.sampled_from(["a", "b", "x", "a.b", "__import__('os')", "1/0"])),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=5), kids, max_size=3)),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), VALUES, st.booleans())
def test_fuzz_loader_gives_a_model_or_a_model_error(path: tuple, value: Any, delete: bool) -> None:
    """Replacing or deleting any entry of a valid model gives a Model or ModelError naming the file."""
    data = copy.deepcopy(BASE)
    node = data
    for k in path[:-1]:
        node = node[k]
    if value is None and delete and isinstance(node, dict):
        del node[path[-1]]
    elif value is not None:
        node[path[-1]] = value
    try:
        m = scenario._build_model(data, "fuzz.toml")
    except ModelError as exc:
        assert str(exc).startswith("fuzz.toml: ")
        return
    try:
        m.build()
    except GameTheoryError as exc:
        assert str(exc).startswith("fuzz.toml: game (normal view): ")


def test_payoff_undefined_at_the_values_names_file_view_and_cell(tmp_path: Path) -> None:
    m = load_model(write(tmp_path, model_text(game=GAME.replace('A = [["a", 0]', 'A = [["log(a)", 0]'))))
    assert m.build(a=1).payoffs[0][0, 0] == 0
    with pytest.raises(ExpressionError, match=r"^toy\.toml: game \(normal view\): payoff of 'A' at \(x, x\): log"):
        m.build(a=0)
    big = load_model(write(tmp_path, model_text(game=GAME.replace('A = [["a", 0]', 'A = [["10 ** (a * 1000)", 0]'))))
    with pytest.raises((ExpressionError, InvalidGameError), match=r"^toy\.toml: game .*(too large|overflows)"):
        big.build(a=1)
    with pytest.raises((ExpressionError, InvalidGameError), match=r"^toy\.toml: game .*(too large|overflows)"):
        big.build(a=2, b=3)  # 10**2000: beyond the exact-power limit, refused in floating point


def test_import_gametheory_does_not_import_sympy() -> None:
    import subprocess
    import sys

    code = ("import sys, gametheory, gametheory.models; "
            "print('sympy' in sys.modules, callable(gametheory.load_model), 'load_model' in gametheory.__all__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True"]


def test_a_model_file_with_a_byte_order_mark_loads(tmp_path) -> None:
    import gametheory.models as models

    text = models.path("us_japan_tariffs").read_text(encoding="utf-8")
    f = tmp_path / "us_japan_tariffs.toml"
    f.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "data").symlink_to(models.path("us_japan_tariffs").parent / "data")
    from gametheory.io.scenario import load_model

    assert load_model(f).build() == models.load("us_japan_tariffs").build()
