"""`gametheory credibility` on Gambit's centipede (cent4.efg): every PASS is a non-credible promise."""

import json

from click.testing import CliRunner

from gametheory.cli.main import cli

CENT = "/work/shared/oracles/gambit-games/cent4.efg"


def test_credibility_json_contract():
    r = CliRunner().invoke(cli, ["credibility", CENT, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["path"] == ["TAKE"]  # the centipede unravels: take at once
    assert data["threats"]
    for th in data["threats"]:
        assert set(th) >= {"player", "node", "action", "credible", "cost", "condition"}
        assert th["credible"] == (th["action"] == "TAKE")
        assert (th["cost"] > 0) == (not th["credible"])


def test_credibility_bad_model_one_line_error():
    r = CliRunner().invoke(cli, ["credibility", "no_such_model"])
    assert r.exit_code != 0
    assert "Traceback" not in r.output
