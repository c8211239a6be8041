"""``gametheory tournament``: JSON contract, reproducibility, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import NormalFormGame
from gametheory.cli.main import cli


@pytest.fixture()
def pd_file(tmp_path: Path) -> Path:
    g = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]], title="PD")
    path = tmp_path / "pd.nfg"
    g.write(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_is_reproducible_and_scores_are_known(pd_file: Path) -> None:
    args = ["tournament", str(pd_file), "--rounds", "10", "--repetitions", "2", "--noise", "0",
            "--strategies", "tft,defector,cooperator", "--json"]
    code, out, _ = run(*args)
    assert code == 0
    data = json.loads(out)
    # TFT: 9 vs Defector + 30 vs Cooperator; Defector: 14 + 50; Cooperator: 30 + 0.
    assert data["mean_scores"] == {"Tit For Tat": 39.0, "Defector": 64.0, "Cooperator": 30.0}
    assert data["ranking"] == ["Defector", "Tit For Tat", "Cooperator"]
    noisy = args[:-1] + ["--noise", "0.1", "--seed", "3", "--json"]
    assert json.loads(run(*noisy)[1])["scores"] == json.loads(run(*noisy)[1])["scores"]


def test_table_lists_default_entrants(pd_file: Path) -> None:
    code, out, _ = run("tournament", str(pd_file), "--rounds", "20", "--repetitions", "1", "--noise", "0.01",
                       "--seed", "1")
    assert code == 0
    assert "22 strategies" in out and "Noisy Escalator" in out and "Punish 2" in out


def test_errors(pd_file: Path) -> None:
    code, _, err = run("tournament", str(pd_file), "--strategies", "tft,nope")
    assert code == 2 and "unknown strategy 'nope'" in err
    code, _, err = run("tournament", str(pd_file), "--noise", "2")
    assert code == 2
