"""`gametheory tree` exports: Mermaid with the equilibrium path thick, DOT, JSON, .efg round trip."""

import json

from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.io.efg import parse_efg, read_efg
from tests.conftest import GAMES

CENT = str(GAMES / "cent4.efg")


def test_mermaid_highlights_take():
    r = CliRunner().invoke(cli, ["tree", CENT, "--format", "mermaid"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("flowchart TD")
    thick = [l for l in r.output.splitlines() if "==>" in l]
    assert len(thick) == 1 and "TAKE" in thick[0]


def test_json_and_efg(tmp_path):
    r = CliRunner().invoke(cli, ["tree", CENT, "--format", "json"])
    data = json.loads(r.output)
    assert len(data["nodes"]) == len(read_efg(CENT))
    out = tmp_path / "x.efg"
    r = CliRunner().invoke(cli, ["tree", CENT, "--format", "efg", "-o", str(out)])
    assert r.exit_code == 0
    assert len(parse_efg(out.read_text())) == len(read_efg(CENT))
    r = CliRunner().invoke(cli, ["tree", CENT, "--format", "dot"])
    assert "color=red" in r.output


BHG = str(GAMES / "bhg1.efg")


def test_png_and_svg_need_an_output_file(tmp_path):
    r = CliRunner().invoke(cli, ["tree", BHG, "--format", "png"])
    assert r.exit_code != 0 and "-o" in r.output
    out = tmp_path / "t.png"
    r = CliRunner().invoke(cli, ["tree", BHG, "--format", "png", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:4] == b"\x89PNG"
    svg = tmp_path / "t.svg"
    r = CliRunner().invoke(cli, ["tree", BHG, "--format", "svg", "-o", str(svg)])
    assert r.exit_code == 0 and "Type A" in svg.read_text() and "(1/2)" in svg.read_text()
    r = CliRunner().invoke(cli, ["tree", BHG, "--format", "svg", "-o", str(tmp_path / "t.png")])
    assert r.exit_code != 0 and ".svg" in r.output


def test_imperfect_information_tree_highlights_its_first_spe():
    from gametheory.extensive.subgame_perfect import subgame_perfect_equilibria

    eq = subgame_perfect_equilibria(read_efg(BHG)).equilibria[0]
    r = CliRunner().invoke(cli, ["tree", BHG, "--format", "mermaid"])
    thick = [l.split("|")[1].strip('"') for l in r.output.splitlines() if "==>" in l]
    assert thick == ["Type A [1/2]", *eq["likely_path"][1:]]
    r = CliRunner().invoke(cli, ["tree", BHG, "--format", "dot"])
    assert r.output.count("color=red") == len(eq["likely_path"])


def test_tree_without_perfect_recall_is_still_exported(tmp_path):
    r = CliRunner().invoke(cli, ["tree", str(GAMES / "e09.efg"),
                                     "--format", "dot"])
    assert r.exit_code == 0 and "color=red" not in r.stdout
    assert "perfect recall" in r.stderr
