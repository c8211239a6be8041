"""``--as-of YYYY-MM``: every command that loads a model recalibrates its dated data defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli

MODEL = """
name = "dated"
title = "A model with a dated default"
question = "q"
description = "d"
citations = ["[R19] TIC"]
players = ["A", "B"]
[parameters.h]
default = { data = "holdings", as_of = "2025-03", column = "japan" }
unit = "$bn"
source = "R19"
description = "holdings"
min = 0
[game]
kind = "normal"
[game.strategies]
A = ["x", "y"]
B = ["u", "v"]
[game.payoffs]
A = [["h", "0"], ["0", "1"]]
B = [["0", "h"], ["1", "0"]]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def model(tmp_path: Path) -> str:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "holdings.csv").write_text(
        "# test data\ndate,japan\n2025-03,1130.8\n2025-12,1185.5\n", encoding="utf-8")
    path = tmp_path / "dated.toml"
    path.write_text(MODEL, encoding="utf-8")
    return str(path)


def test_models_show_reads_the_month_asked_for(model: str) -> None:
    code, out, _ = run("models", "show", model, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["as_of"] is None and shown["parameters"][0]["default"] == 1130.8
    code, out, _ = run("models", "show", model, "--as-of", "2025-12", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["as_of"] == "2025-12"
    assert shown["parameters"][0]["default"] == 1185.5
    assert shown["parameters"][0]["data"] == {"file": "data/holdings.csv", "column": "japan", "row": "2025-12"}
    code, out, _ = run("models", "show", model, "--as-of", "2025-12")
    assert code == 0 and "data/holdings.csv: japan at 2025-12" in out


def test_convert_and_solve_use_the_recalibrated_payoffs(model: str, tmp_path: Path) -> None:
    out_file = tmp_path / "g.nfg"
    code, _, _ = run("convert", model, str(out_file), "--as-of", "2025-12")
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert "2371/2" in text or "1185.5" in text
    code, _, _ = run("convert", model, str(out_file), "--force")
    assert code == 0 and ("5654/5" in out_file.read_text(encoding="utf-8")
                          or "1130.8" in out_file.read_text(encoding="utf-8"))
    # the mixed equilibrium of this game: B plays u with probability 1/(h+1)
    for as_of, h in (("2025-12", 1185.5), ("2025-06", 1130.8)):
        code, out, _ = run("solve", model, "--as-of", as_of, "--json")
        assert code == 0
        (eq,) = json.loads(out)["equilibria"]
        assert eq["profile"][1][0] == pytest.approx(1 / (h + 1), rel=1e-12)


def test_bad_dates_and_non_models_are_one_line_errors(model: str, tmp_path: Path) -> None:
    code, _, err = run("solve", model, "--as-of", "2025-13")
    assert code != 0 and "'2025-13' is not a date" in err and "Traceback" not in err
    code, _, err = run("models", "show", model, "--as-of", "2024-01")
    assert code == 2 and err.strip().count("\n") == 0
    assert "dated.toml: parameters.h.default: data/holdings.csv: column 'japan': no value dated on or before 2024-01" in err
    nfg = tmp_path / "g.nfg"
    nfg.write_text('NFG 1 R "g" { "A" "B" } { 1 1 }\n0 0\n', encoding="utf-8")
    code, _, err = run("solve", str(nfg), "--as-of", "2025-12")
    assert code == 2 and "--as-of applies to models, not to .nfg files" in err


@pytest.mark.parametrize("command", ["solve", "convert", "sweep", "thresholds", "sensitivity", "report",
                                     "credibility", "tree", "repeated", "tournament", "bargain"])
def test_every_model_command_takes_as_of(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "--as-of" in out
