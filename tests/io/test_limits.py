"""Limits on work and memory: each refused in one line that names the limit and how to raise it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory.exceptions import ExpressionError, FileFormatError, GameTheoryError, ParameterError
from gametheory.io import expressions
from gametheory.io.nfg import parse_nfg
from gametheory.io.scenario import parse_model

HEAD = """name = "t"
title = "t"
question = "q"
description = "d"
citations = ["c"]
players = ["A", "B"]
[parameters.x]
default = {x}
unit = "u"
source = "assumption"
description = "d"
"""
GAME = """[game]
kind = "normal"
[game.strategies]
A = ["u", "d"]
B = ["l", "r"]
[game.payoffs]
A = [["{a}", 0], [0, 1]]
B = [[0, 1], [1, 0]]
"""


def doubling_model(levels: int, x: str = "1") -> str:
    """``a1 = x + x*x``, ``a(k) = a(k-1) * a(k-1) + a(k-1)``: the expanded size doubles at every level."""
    lines = ["[definitions]", 'a1 = "x + x*x"']
    lines += [f'a{k} = "a{k - 1} * a{k - 1} + a{k - 1}"' for k in range(2, levels + 1)]
    return HEAD.format(x=x) + "\n".join(lines) + "\n" + GAME.format(a=f"a{levels}")


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text
    return text


def test_doubling_definitions_are_refused_at_the_first_level_past_the_limit() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_model(doubling_model(40), "deep.toml")
    message = _one_line(info.value)
    # size(a1) = 5 nodes, size(a_k) = 2 size(a_{k-1}) + 3 (Add(Pow(a, 2), a's terms)): a13 is the first past 20,000.
    assert message.startswith("deep.toml: definitions.a13: the expression has more than 20000 nodes")
    assert "raise gametheory.io.expressions.MAX_NODES" in message


def test_the_node_limit_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExpressionError, match="definitions.a13"):
        parse_model(doubling_model(13))
    monkeypatch.setattr(expressions, "MAX_NODES", 100_000)
    model = parse_model(doubling_model(13, x="0"))  # x = 0: every level is 0
    assert model.build().payoffs[0][0, 0] == 0


def test_a_size_inside_the_limit_is_built_and_evaluated_exactly() -> None:
    # a1(1) = 2, a_k = a_{k-1} (a_{k-1} + 1): 2, 6, 42, 1806, ...
    model = parse_model(doubling_model(4))
    assert model.build().payoffs[0][0, 0] == Fraction(1806)


def test_the_size_of_one_expression_counts_expanded_definitions() -> None:
    import sympy

    x = sympy.Symbol("x")
    big = expressions.parse_expression(" + ".join(f"x**{k}" for k in range(1, 201)), {"x": x})
    assert len(big.args) == 200  # 200 powers: about 600 nodes
    within = expressions.parse_expression("*".join(f"(b+{k})" for k in range(1, 11)), {"b": big})
    assert len(within.args) == 10
    with pytest.raises(ExpressionError, match="more than 20000 nodes"):  # 40 distinct sums of 600 nodes
        expressions.parse_expression("*".join(f"(b+{k})" for k in range(1, 41)), {"b": big})


@pytest.mark.parametrize("x, payoff, words", [
    ("1e300", "sqrt(x*x*x)", "beyond the floating-point range"),
    ("1e300", "x**0.5*x*x", "overflows"),
    ("1e300", "exp(x)", "overflows"),
    ("1e300", "x*x", "too large"),
    ("1e400", "x", "not finite"),
])
def test_huge_values_are_refused_clearly_not_overflow_error(x: str, payoff: str, words: str) -> None:
    text = HEAD.format(x=x) + GAME.format(a=payoff)
    with pytest.raises(GameTheoryError) as info:
        parse_model(text, "big.toml").build()
    message = _one_line(info.value)
    assert message.startswith("big.toml: ") and words in message


def test_log_of_an_exact_value_beyond_the_double_range_is_computed() -> None:
    import math

    model = parse_model(HEAD.format(x="1e300") + GAME.format(a="log(x*x*x)"))
    assert float(model.build().payoffs[0][0, 0]) == pytest.approx(900 * math.log(10), rel=1e-12)


# --------------------------------------------------------------------------- .nfg headers


@pytest.mark.parametrize("counts, shown", [
    ("2 " + "9" * 5000, "999999999999... (5000 digits)"),
    ("100000 100000", "10,000,000,000"),
    ("2 " * 30, "67,108,864"),  # 2**26: refused at the 26th player
])
def test_nfg_headers_declaring_huge_games_are_refused_before_allocation(counts: str, shown: str) -> None:
    players = " ".join(f'"P{i}"' for i in range(len(counts.split())))
    with pytest.raises(FileFormatError) as info:
        parse_nfg(f'NFG 1 R "big" {{ {players} }} {{ {counts} }} 1 2 3', source="big.nfg")
    message = _one_line(info.value)
    assert message.startswith(f"big.nfg, line 1: the header declares {shown} pure profiles")
    assert "limit of 50,000,000 (raise gametheory.io.nfg.MAX_PROFILES" in message


def test_nfg_profile_limit_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    import gametheory.io.nfg as nfg

    text = 'NFG 1 R "x" { "A" "B" } { 3 2 } ' + " ".join(["1"] * 12)
    monkeypatch.setattr(nfg, "MAX_PROFILES", 5)
    with pytest.raises(FileFormatError, match="declares 6 pure profiles, more than the limit of 5"):
        parse_nfg(text)
    monkeypatch.setattr(nfg, "MAX_PROFILES", 6)
    assert parse_nfg(text).shape == (3, 2)


# --------------------------------------------------------------------------- tournaments


PD = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]


def test_tournament_work_limit_is_stated_and_overridable() -> None:
    from gametheory.repeated import tournament
    from gametheory.repeated.strategies import defector, tit_for_tat

    pd = gt.NormalFormGame(PD)
    entrants = [tit_for_tat(), defector()]
    # Symmetric: 3 pairings (TFT-TFT, TFT-D, D-D) x 2 repetitions x 10 rounds = 60 match-rounds.
    with pytest.raises(ParameterError) as info:
        tournament(pd, entrants, rounds=10, repetitions=2, max_work=59)
    message = _one_line(info.value)
    assert "6 matches x 10 rounds = 60 match-rounds, more than the limit of 59 (pass max_work=" in message
    res = tournament(pd, entrants, rounds=10, repetitions=2, max_work=60, seed=0)
    # Own pairings are not scored: TFT gets 0 + 9 x 1 against D, D gets 5 + 9 x 1 against TFT.
    assert res.scores.tolist() == [[9.0, 14.0], [9.0, 14.0]]


def test_tournament_with_astronomical_counts_is_refused_at_once() -> None:
    from gametheory.repeated import tournament
    from gametheory.repeated.strategies import defector, tit_for_tat

    pd = gt.NormalFormGame(PD)
    with pytest.raises(ParameterError, match="more than the memory limit"):
        tournament(pd, [tit_for_tat(), defector()], rounds=2, repetitions=10**15)
    with pytest.raises(ParameterError, match="match-rounds, more than the limit of 200,000,000"):
        tournament(pd, [tit_for_tat(), defector()], rounds=10**18, repetitions=1)
    with pytest.raises(ParameterError, match="finite"):
        tournament(pd, [tit_for_tat()], rounds=float("inf"))


def test_play_match_recording_limit() -> None:
    from gametheory.repeated import play_match
    from gametheory.repeated.strategies import defector, tit_for_tat

    with pytest.raises(ParameterError, match="play_match records every action"):
        play_match(gt.NormalFormGame(PD), tit_for_tat(), defector(), rounds=10**6, repetitions=10**3)


def test_cli_tournament_refuses_in_one_line_and_max_work_lifts_it() -> None:
    from gametheory.cli.main import cli

    r = CliRunner().invoke(cli, ["tournament", "--rounds", "1000000000000", "--json"])
    assert r.exit_code != 0
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: a tournament of ")
    assert "--max-work" in lines[0]
    r = CliRunner().invoke(cli, ["tournament", "--rounds", "20", "--repetitions", "1", "--strategies",
                                 "Tit For Tat,Defector", "--max-work", "100000", "--json"])
    assert r.exit_code == 0, r.output
