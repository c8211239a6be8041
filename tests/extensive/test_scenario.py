"""The ``tree`` kind of model file: valid trees build exactly; every malformed tree is a ModelError naming the key."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from gametheory.exceptions import ExpressionError, ModelError
from gametheory.extensive._backward_induction import backward_induction
from gametheory.extensive._reduced_normal_form import reduced_normal_form
from gametheory.games.normal_form import NormalFormGame
from gametheory.games.tree import GameTree
from gametheory.io.scenario import load_model, parse_model

HEAD = '''
name = "card"
title = "Card"
question = "Is the threat credible?"
description = "A small threat tree with a market chance node whose stress probability is q."
citations = ["[R23] KC Fed 2025"]
players = ["Japan", "US"]

[parameters.q]
default = 0.25
unit = "probability"
min = 0
max = 1
source = "assumption"
description = "probability of market stress"

[parameters.c]
default = 3
unit = "$B"
min = 0
source = "R23"
description = "cost of selling"
'''

NODES = '''
[game]
kind = "tree"

[game.nodes.start]
player = "Japan"
actions = ["reassure", "threaten"]
children = ["calm", "us"]

[game.nodes.us]
player = "US"
actions = ["keep", "cut"]
children = ["japan", "deal"]

[game.nodes.japan]
player = "Japan"
actions = ["sell", "back_down"]
children = ["market", "folded"]

[game.nodes.market]
actions = ["stress", "calm"]
probabilities = ["q", "1 - q"]
children = ["stressed", "quiet"]

[game.nodes.calm]
payoffs = [0, 1]
[game.nodes.deal]
payoffs = { Japan = 2, US = -1 }
[game.nodes.folded]
payoffs = [-1, 2]
[game.nodes.stressed]
payoffs = ["2 - c", -4]
[game.nodes.quiet]
payoffs = ["-c", 0]
'''


def text(nodes: str = NODES, head: str = HEAD) -> str:
    return head + nodes


def test_builds_exact_tree_and_normal_form() -> None:
    m = parse_model(text(), source="card.toml")
    assert m.kind == "tree" and m.views() == ("tree", "normal")
    t = m.build()
    assert isinstance(t, GameTree) and t.root == "start"
    assert t.actions("start") == ("reassure", "threaten") and t.actions("market") == ("stress", "calm")
    assert t.probability("market", "stressed") == Fraction(1, 4)
    assert t.payoffs("stressed") == (Fraction(-1), Fraction(-4)) and t.is_exact
    assert t.payoffs("deal") == (Fraction(2), Fraction(-1))
    # by hand: sell gives Japan q(2-c) + (1-q)(-c) = 2q - c = -5/2 < -1 (back down); US keeps (2 > -1);
    # Japan: reassure 0 > threaten -1
    spe = backward_induction(t)
    assert spe.equilibria[0]["path"] == ("reassure",)
    assert spe.equilibria[0]["strategy"] == {"start": "reassure", "us": "keep", "japan": "back_down"}
    g = m.build("normal")
    assert isinstance(g, NormalFormGame) and g == reduced_normal_form(t)
    assert g.strategies[0] == ("reassure/*", "threaten/sell", "threaten/back_down")
    # overrides: q = 1, c = 0 make selling pay 2 > -1 (back down)
    t2 = m.build(q=1, c=0)
    assert t2.payoffs("quiet") == (0, 0) and t2.probability("market", "stressed") == 1
    assert backward_induction(t2).equilibria[0]["strategy"]["japan"] == "sell"


def test_symbolic_tree_matches_build() -> None:
    m = parse_model(text(), source="card.toml")
    s = m.symbolic()
    assert s.is_symbolic and {str(x) for x in s.free_symbols} == {"q", "c"}
    q, c = sympy.Symbol("q", real=True), sympy.Symbol("c", real=True)
    assert s.payoffs("stressed")[0] == 2 - c and s.probability("market", "quiet") == 1 - q
    g = m.symbolic("normal")  # the reduced normal form with sympy payoffs, same labels as the numeric one
    assert g.strategies == m.build("normal").strategies and g.parameters == ("q", "c")
    for vals in ({}, {"q": 1, "c": 0}, {"q": 0.125}):
        assert g.substitute(m.values(**vals)) == m.build("normal", **vals)


def test_root_defaults_to_first_node_and_can_be_named() -> None:
    nodes = NODES.replace('kind = "tree"', 'kind = "tree"\nroot = "start"\ntitle = "Threat"')
    moved = nodes.replace("[game.nodes.start]", "[game.nodes.aaa_unused_first]\npayoffs = [0, 0]\n"
                          "[game.nodes.start]")
    t = parse_model(text(nodes), source="card.toml").build()
    assert t.title == "Threat" and t.root == "start"
    with pytest.raises(ModelError, match=r"card\.toml: game\.nodes\.aaa_unused_first: node 'aaa_unused_first' "
                                         r"is unreachable from the root 'start'"):
        parse_model(text(moved), source="card.toml")


def test_information_sets() -> None:
    nodes = '''
[game]
kind = "tree"
[game.nodes.a]
player = "Japan"
actions = ["l", "r"]
children = ["b1", "b2"]
[game.nodes.b1]
player = "US"
infoset = "blind"
actions = ["x", "y"]
children = ["t1", "t2"]
[game.nodes.b2]
player = "US"
infoset = "blind"
actions = ["x", "y"]
children = ["t3", "t4"]
[game.nodes.t1]
payoffs = [1, 1]
[game.nodes.t2]
payoffs = [0, 0]
[game.nodes.t3]
payoffs = [0, 0]
[game.nodes.t4]
payoffs = [1, 1]
'''
    m = parse_model(text(nodes), source="card.toml")
    t = m.build()
    assert not t.has_perfect_information and len(t.infosets()) == 2
    assert m.build("normal").shape == (2, 2)
    bad = nodes.replace('infoset = "blind"\nactions = ["x", "y"]\nchildren = ["t3", "t4"]',
                        'infoset = "blind"\nactions = ["x", "z"]\nchildren = ["t3", "t4"]')
    with pytest.raises(ModelError, match=r"card\.toml: game\.nodes\.b2\.actions: information set 'blind'"):
        parse_model(text(bad), source="card.toml")
    mixed = nodes.replace('[game.nodes.b2]\nplayer = "US"', '[game.nodes.b2]\nplayer = "Japan"')
    with pytest.raises(ModelError, match=r"game\.nodes\.b2\.infoset: information set 'blind' mixes players"):
        parse_model(text(mixed), source="card.toml")


@pytest.mark.parametrize("old, new, key", [
    # unknown child name
    ('children = ["market", "folded"]', 'children = ["markte", "folded"]',
     r"game\.nodes\.japan\.children\[0\]: unknown node 'markte'"),
    # a node with two parents
    ('children = ["market", "folded"]', 'children = ["market", "deal"]',
     r"game\.nodes\.japan\.children\[1\]: node 'deal' has two parents"),
    # a cycle back to the root
    ('children = ["market", "folded"]', 'children = ["market", "start"]',
     r"game\.nodes\.japan\.children\[1\]: 'start' is the root: a cycle"),
    # a player not in `players`
    ('player = "US"', 'player = "China"', r"game\.nodes\.us\.player: 'China' is not a player"),
    # duplicate action labels
    ('actions = ["keep", "cut"]', 'actions = ["keep", "keep"]',
     r"game\.nodes\.us\.actions: duplicate action 'keep'"),
    ('actions = ["keep", "cut"]', 'actions = ["keep", "cut", "wait"]',
     r"game\.nodes\.us\.children: 2 children for 3 actions"),
    ('probabilities = ["q", "1 - q"]', 'probabilities = ["q", "1 - q", 0]',
     r"game\.nodes\.market\.probabilities: 3 probabilities for 2 actions"),
    ('probabilities = ["q", "1 - q"]', 'probabilities = ["0.5", "0.6"]',
     r"game\.nodes\.market\.probabilities: probabilities must lie in \[0, 1\] and sum to one"),
    ('payoffs = [0, 1]', 'payoffs = [0, 1, 2]', r"game\.nodes\.calm\.payoffs: expected 2 payoffs"),
    ('payoffs = { Japan = 2, US = -1 }', 'payoffs = { Japan = 2, USA = -1 }',
     r"game\.nodes\.deal\.payoffs: missing key 'US'"),
    ('payoffs = [-1, 2]', 'payoffs = [-1, 2]\nplayer = "US"', r"game\.nodes\.folded\.player: unknown key"),
    ('payoffs = [-1, 2]', 'note = 3', r"game\.nodes\.folded: a node needs 'player'"),
    ('[game.nodes.calm]\npayoffs = [0, 1]', '[game.nodes.calm]\npayoffs = [0, "1 +"]',
     r"game\.nodes\.calm\.payoffs\[1\]"),
    ('payoffs = ["-c", 0]', 'payoffs = ["-d", 0]', r"game\.nodes\.quiet\.payoffs\[0\].*'d'"),
    ('children = ["calm", "us"]', 'children = "calm"', r"game\.nodes\.start\.children: expected a list"),
    ('kind = "tree"', 'kind = "tree"\nroot = "nowhere"', r"game\.root: 'nowhere' is not a node"),
    ('kind = "tree"', 'kind = "tree"\nbranches = 1', r"game\.branches: unknown key"),
    ('[game.nodes.start]', '[game.nodes.start.x]\ny = 1\n[game.nodes.start]', r"game\.nodes\.start"),
])
def test_malformed_trees_name_file_and_key(old: str, new: str, key: str) -> None:
    assert old in NODES
    with pytest.raises(ModelError, match=r"card\.toml: " + key):
        parse_model(text(NODES.replace(old, new, 1)), source="card.toml")


def test_detached_cycle_is_reported() -> None:
    extra = '''
[game.nodes.loop_a]
player = "US"
actions = ["go"]
children = ["loop_b"]
[game.nodes.loop_b]
player = "Japan"
actions = ["back"]
children = ["loop_a"]
'''
    with pytest.raises(ModelError, match=r"card\.toml: game\.nodes\.loop_a: a cycle: loop_a -> loop_b -> loop_a"):
        parse_model(text(NODES + extra), source="card.toml")


def test_empty_nodes_table() -> None:
    with pytest.raises(ModelError, match=r"card\.toml: game\.nodes: expected a table of named nodes"):
        parse_model(text('[game]\nkind = "tree"\nnodes = {}\n'), source="card.toml")


def test_probabilities_checked_at_build() -> None:
    nodes = NODES.replace('probabilities = ["q", "1 - q"]', 'probabilities = ["2*q", "1 - 2*q"]')
    m = parse_model(text(nodes), source="card.toml")
    assert m.build().probability("market", "quiet") == Fraction(1, 2)
    with pytest.raises(ModelError, match=r"card\.toml: game\.nodes\.market\.probabilities: probabilities must"):
        m.build(q=0.75)


def test_payoff_undefined_at_the_values_names_file_and_node() -> None:
    nodes = NODES.replace('payoffs = ["-c", 0]', 'payoffs = ["-log(c)", 0]')
    m = parse_model(text(nodes), source="card.toml")
    assert isinstance(m.build().payoffs("quiet")[0], float)
    with pytest.raises(ExpressionError, match=r"card\.toml: game\.nodes\.quiet\.payoffs\[0\]: .*log"):
        m.build(c=0)


def test_hostile_expressions_run_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("eval/exec must never run")

    monkeypatch.setattr(builtins, "eval", boom)
    monkeypatch.setattr(builtins, "exec", boom)
    for payload in ('__import__("os").system("touch pwned")', "().__class__.__bases__[0]",
                    "lambda: 1", "2**10**10", "open('x')"):
        nodes = NODES.replace('payoffs = ["-c", 0]', f"payoffs = [{payload!r}, 0]")
        path = tmp_path / "card.toml"
        path.write_text(text(nodes), encoding="utf-8")
        with pytest.raises(ModelError, match=r"card\.toml: game\.nodes\.quiet\.payoffs\[0\]"):
            load_model(path)
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_deep_chain_builds_without_recursion() -> None:
    n = 3000  # deeper than Python's recursion limit
    parts = ['[game]\nkind = "tree"\n']
    for k in range(n):
        parts.append(f'[game.nodes.n{k}]\nplayer = "{"Japan" if k % 2 else "US"}"\n'
                     f'actions = ["stop", "go"]\nchildren = ["s{k}", "n{k + 1}"]\n'
                     f'[game.nodes.s{k}]\npayoffs = [{k}, {-k}]\n')
    parts.append(f"[game.nodes.n{n}]\npayoffs = [0, 0]\n")
    t = parse_model(text("".join(parts)), source="card.toml").build()
    assert len(t) == 2 * n + 1 and t.root == "n0"


def _paths(node, prefix=()):  # type: ignore[no-untyped-def]
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for k, v in enumerate(node):
            out += _paths(v, (*prefix, k))
    return out


def _base():  # type: ignore[no-untyped-def]
    import tomllib

    return tomllib.loads(text())


_GAME_PATHS = [p for p in _paths(_base()) if p[0] == "game"]


def _fuzz_values():  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    leaves = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.floats(allow_nan=True),
                       st.sampled_from(["start", "us", "market", "deal", "Japan", "US", "q", "1 - q", "c / 0", "",
                                        "__import__('os')"]))
    return st.recursive(leaves, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                        st.dictionaries(st.sampled_from(
                                                            ["player", "actions", "children", "payoffs",
                                                             "probabilities", "x"]), kids, max_size=3)),
                        max_leaves=5)


def test_fuzz_tree_spec_gives_a_model_or_a_model_error() -> None:
    """Replacing or deleting any entry of a valid tree gives a Model or a ModelError naming the file."""
    import copy

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from gametheory.exceptions import GameTheoryError
    from gametheory.io import scenario

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(_GAME_PATHS), _fuzz_values(), st.booleans())
    def run(path, value, delete):  # type: ignore[no-untyped-def]
        data = _base()
        node = data
        for k in path[:-1]:
            node = node[k]
        if value is None and delete and isinstance(node, dict):
            del node[path[-1]]
        elif value is not None:
            node[path[-1]] = copy.deepcopy(value)
        try:
            m = scenario._build_model(data, "fuzz.toml")
        except ModelError as exc:
            assert str(exc).startswith("fuzz.toml: "), str(exc)
            return
        for view in m.views():
            try:
                m.build(view)
            except GameTheoryError as exc:
                assert str(exc).startswith("fuzz.toml: "), str(exc)

    run()
