"""Gambit .nfg files: reading every oracle file, round trips, pygambit agreement, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory import FileFormatError, NormalFormGame, read_nfg, write_nfg
from gametheory.io.nfg import format_nfg, parse_nfg
from tests.conftest import GAMES

gbt = pytest.importorskip("tests.pygambit_compat")

NFG_FILES = sorted(p.name for p in GAMES.glob("*.nfg"))


def gambit_payoffs(game) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([np.asarray(a, dtype=float) for a in gbt.payoff_arrays(game)])


@pytest.mark.parametrize("name", NFG_FILES)
def test_reads_like_pygambit(name: str) -> None:
    ours = read_nfg(GAMES / name)
    theirs = gbt.read_nfg(str(GAMES / name))
    assert ours.shape == tuple(len(s) for s in gbt.strategy_labels(theirs))
    assert np.allclose(ours.payoff_array, gambit_payoffs(theirs))
    assert ours.is_exact


@pytest.mark.parametrize("form", ["payoff", "outcome"])
@pytest.mark.parametrize("name", ["e04.nfg", "2x2x2.nfg", "6x6_game_with_75_eq.nfg", "csg1.nfg"])
def test_round_trip_through_pygambit(name: str, form: str, tmp_path: Path) -> None:
    g = read_nfg(GAMES / name)
    out = tmp_path / f"out_{form}.nfg"
    write_nfg(g, out, form=form)
    again = read_nfg(out)
    assert again == g and again.title == g.title
    theirs = gbt.read_nfg(str(out))
    assert np.allclose(gambit_payoffs(theirs), g.payoff_array)
    assert gbt.player_labels(theirs) == list(g.players)


def test_float_and_rational_payoffs_are_kept(tmp_path: Path) -> None:
    from fractions import Fraction

    g = NormalFormGame([[[Fraction(1, 3), 2]], [[0.25, -1]]], strategies=[["a"], ["b", "c"]], exact=True)
    text = format_nfg(g)
    assert "1/3" in text
    assert parse_nfg(text) == g


def test_labels_with_quotes_survive(tmp_path: Path) -> None:
    g = NormalFormGame([[[1, 2]], [[3, 4]]], players=['US "hawk"', "Japan"], strategies=[["tariff"], ["a", "b"]])
    write_nfg(g, tmp_path / "q.nfg")
    assert read_nfg(tmp_path / "q.nfg").players == ('US "hawk"', "Japan")


@pytest.mark.parametrize(
    "text, message",
    [
        ("EFG 2 R", "not an .nfg file"),
        ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3', r"line 2: .* 3 payoffs given, expected 8|end of file: 3 payoffs"),
        ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7 nan', "line 2: payoff 'nan' is not a number"),
        ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7 inf', "not a number"),
        ('NFG 1 R "t" { "A" "B" } { 2 0 }\n', "no strategies"),
        ('NFG 1 R "t" { "A" "B" } { { "x" } { } }\n', "no strategies"),
        ('NFG 1 R "t" { "A" "B" } { 1 1 }\n{ { "" 1, 2 } }\n 2', "outcome 2 does not exist"),
        ('NFG 1 R "t" { "A" "B" } { 1 1 }\n{ { "" 1 } }\n 1', "has 1 payoffs, expected 2"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { "" 1, 2 } }\n 1', "1 outcome numbers given"),
        ('NFG 1 R "t" { "A" "B" ', "unterminated|end of file"),
    ],
)
def test_malformed_files_name_the_line(text: str, message: str) -> None:
    with pytest.raises(FileFormatError, match=message):
        parse_nfg(text, source="bad.nfg")


def test_error_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "broken.nfg"
    p.write_text('NFG 1 R "t" { "A" }\n{ 2 }\n1 x')
    with pytest.raises(FileFormatError, match=r"broken.nfg, line 3: payoff 'x'"):
        read_nfg(p)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "bin.nfg"
    p.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(FileFormatError, match="not a text file"):
        read_nfg(p)
