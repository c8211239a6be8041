"""``gametheory bargain``: the JSON contract, tables, figures, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import NormalFormGame
from gametheory.cli.main import cli

TU_MODEL = '''
name = "toy"
title = "Toy bargain"
question = "How do A and B split 10?"
description = "Nash 1950 oracle."
citations = []
players = ["A", "B"]
[parameters.S]
default = 10
unit = "$"
min = 0
source = "assumption"
description = "surplus"
[game]
kind = "bargaining"
disagreement = [2, 1]
[game.feasible]
surplus = "S"
[game.rubinstein]
delta = 0.9
'''

TREE_MODEL = '''
name = "fight"
title = "If talks fail"
question = "What does escalation give?"
description = "A two-move tree."
citations = []
players = ["B", "A"]
[game]
kind = "tree"
[game.nodes.start]
player = "A"
actions = ["escalate", "quit"]
children = ["reply", "end"]
[game.nodes.reply]
player = "B"
actions = ["fight", "yield"]
children = ["war", "peace"]
[game.nodes.war]
payoffs = { A = -1, B = -2 }
[game.nodes.peace]
payoffs = { A = 3, B = 0 }
[game.nodes.end]
payoffs = { A = 0, B = 0 }
'''


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    tu = tmp_path / "toy.toml"
    tu.write_text(TU_MODEL, encoding="utf-8")
    tree = tmp_path / "fight.toml"
    tree.write_text(TREE_MODEL, encoding="utf-8")
    nfg = tmp_path / "threats.nfg"
    NormalFormGame([[[2, -1], [-1, 1]], [[0, 0], [0, 0]]], players=["US", "Japan"],
                   strategies=[["hard", "soft"], ["hard", "soft"]], title="oracle").write(nfg)
    return {"tu": tu, "tree": tree, "nfg": nfg}


def test_nash_1950_json(files: dict[str, Path]) -> None:
    code, out, _ = run("bargain", str(files["tu"]), "--solution", "nash", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["solution"] == [5.5, 4.5] and data["disagreement"] == [2.0, 1.0]
    assert data["solution_exact"] == ["11/2", "9/2"] and data["players"] == ["A", "B"]
    assert data["method"] == "nash" and data["frontier"] == {"kind": "transferable", "exact": True, "surplus": 10.0}
    assert data["threat"] is None and data["predicted_deal"] is None


def test_set_and_rubinstein(files: dict[str, Path]) -> None:
    code, out, _ = run("bargain", str(files["tu"]), "-s", "rubinstein", "--set", "S=21", "--json")
    data = json.loads(out)
    assert code == 0 and data["solution"] == pytest.approx([2 + 18 * 10 / 19, 1 + 18 * 9 / 19])
    code, out, _ = run("bargain", str(files["tu"]), "-s", "rubinstein", "--delta", "0.9,0.8", "--json")
    assert json.loads(out)["solution"] == pytest.approx([2 + 7 * 5 / 7, 1 + 7 * 2 / 7])


def test_threat_game_from_nfg_with_surplus(files: dict[str, Path]) -> None:
    """Nash (1953) [L2]: A - B = [[2, -1], [-1, 1]] and S = 10 give (5.1, 4.9)."""
    code, out, _ = run("bargain", str(files["nfg"]), "--surplus", "10", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "threats" and data["solution"] == [5.1, 4.9]
    assert data["threat"]["threats"]["US"] == {"hard": 0.4, "soft": 0.6}
    assert data["threat"]["value"] == 0.2 and data["disagreement"] == [0.2, 0.0]


def test_threat_game_on_its_own_hull(files: dict[str, Path]) -> None:
    code, out, _ = run("bargain", str(files["nfg"]), "--json")
    data = json.loads(out)
    assert code == 0 and data["frontier"]["kind"] == "polygon"
    assert data["frontier"]["vertices"] == [[2.0, 0.0]]          # the hull's only Pareto point
    assert data["solution"] == [2.0, 0.0]


def test_every_solution_and_a_figure(files: dict[str, Path], tmp_path: Path) -> None:
    png, svg = tmp_path / "b.png", tmp_path / "b.svg"
    code, out, _ = run("bargain", str(files["tu"]), "-s", "all", "--json", "--plot", str(png))
    assert code == 0
    data = json.loads(out)
    assert set(data["solutions"]) == {"nash", "kalai-smorodinsky", "egalitarian", "rubinstein"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out, _ = run("bargain", "--plot", str(svg))
    assert code == 0 and "<svg" in svg.read_text(encoding="utf-8")[:500] and f"figure written to {svg}" in out


def test_disagreement_from_a_tree_model(files: dict[str, Path]) -> None:
    # the tree's SPE: A escalates, B yields -> (A 3, B 0); players are matched by label
    code, out, _ = run("bargain", str(files["tu"]), "-s", "nash", "--disagreement-from", str(files["tree"]), "--json")
    assert code == 0
    assert json.loads(out)["disagreement"] == [3.0, 0.0] and json.loads(out)["solution"] == [6.5, 3.5]
    code, out, _ = run("bargain", str(files["tu"]), "-s", "nash", "--disagreement", "0,0", "--weights", "3,1",
                       "--json")
    assert json.loads(out)["solution"] == [7.5, 2.5]


def test_default_model_table() -> None:
    code, out, _ = run("bargain")
    assert code == 0
    assert "what each side's threats are worth" in out and "predicted deal (threats): tariff 0.1" in out
    assert "actual deal: tariff 0.15, investment 550" in out and "optimal threat of US: letter_25_autos 1" in out


@pytest.mark.parametrize("args, message", [
    (["--surplus", "5"], "--surplus applies to threat games"),
    (["-s", "threats", "--disagreement", "0,0"], "computes its own disagreement point"),
    (["--disagreement", "100,100", "-s", "nash"], "not feasible"),
    (["--set", "nope=1"], "unknown parameter 'nope'"),
    (["--weights", "1"], "expected two numbers"),
    (["no_such_model"], "no bundled model"),
])
def test_errors_are_one_line(args: list[str], message: str) -> None:
    code, out, err = run("bargain", *args)
    assert code == 2
    assert message in err and "Traceback" not in err
