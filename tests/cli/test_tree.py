"""`gametheory tree` exports: Mermaid with the equilibrium path thick, DOT, JSON, .efg round trip."""

import json

from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.io.efg import parse_efg, read_efg

CENT = "/work/shared/oracles/gambit-games/cent4.efg"


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
