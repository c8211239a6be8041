"""``gametheory repeated``: JSON contract, table, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import NormalFormGame
from gametheory.cli.main import cli


@pytest.fixture()
def pd_file(tmp_path: Path) -> Path:
    g = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["Row", "Col"],
                       strategies=[["C", "D"], ["C", "D"]], title="PD")
    path = tmp_path / "pd.nfg"
    g.write(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_contract_for_the_prisoners_dilemma(pd_file: Path) -> None:
    code, out, _ = run("repeated", str(pd_file), "--target", "C,C", "--delta", "0.6", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["critical_delta"]["grim"] == 0.5
    assert data["critical_delta"]["tit_for_tat"] == pytest.approx(2 / 3)
    assert data["minmax"] == [1.0, 1.0]
    assert data["sustainable"] == {"grim": True, "tit_for_tat": False, "k1": False, "k2": False, "k3": True}
    assert data["folk_theorem"]["sustainable"] is True
    assert data["critical_delta"]["per_player"]["grim"] == {"Row": 0.5, "Col": 0.5}


def test_table(pd_file: Path) -> None:
    code, out, _ = run("repeated", str(pd_file), "--target", "C,C")
    assert code == 0
    assert "grim trigger" in out and "1/2" in out and "2/3" in out and "minmax values: Row 1, Col 1" in out


@pytest.mark.parametrize("args, message", [
    (["--target", "C,X"], "no strategy 'X'"),
    (["--target", "C"], "names 1 strategies"),
    (["--target", "C,C", "--delta", "1.5"], "delta"),
])
def test_errors_are_one_line(pd_file: Path, args: list[str], message: str) -> None:
    code, out, err = run("repeated", str(pd_file), *args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_spe_payoff_set_at_delta(pd_file: Path) -> None:
    code, out, _ = run("repeated", str(pd_file), "--target", "C,C", "--delta", "0.75", "--json")
    spe = json.loads(out)["spe_payoffs"]
    # At delta >= 1/2 the PD's SPE payoffs are its individually rational feasible payoffs: area 20/3.
    assert spe["area"] == pytest.approx(20 / 3, rel=5e-3) and spe["threat_point"] == pytest.approx([1, 1])


def test_three_player_game(tmp_path: Path) -> None:
    # Public good: each cooperator pays 3 and gives 2 to each other player; grim needs delta >= 3/(2*2).
    def pay(*acts: str) -> list[int]:
        coop = [a == "C" for a in acts]
        return [2 * (sum(coop) - coop[i]) - 3 * coop[i] for i in range(3)]

    g = NormalFormGame.from_function(pay, [["C", "D"]] * 3)
    path = tmp_path / "pg.nfg"
    g.write(path)
    code, out, err = run("repeated", str(path), "--target", "C,C,C", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["critical_delta"]["grim"] == 0.75
    assert "tit_for_tat" not in data["critical_delta"]
    assert data["minmax"] == [0.0, 0.0, 0.0]
