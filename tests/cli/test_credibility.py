"""`gametheory credibility` on Gambit's centipede (cent4.efg): every PASS is a non-credible promise."""

import json

import pytest
from click.testing import CliRunner
from gametheory.cli.main import cli
from tests.conftest import GAMES

CENT = str(GAMES / "cent4.efg")


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


def test_credibility_of_a_tree_model_json_contract():
    r = CliRunner().invoke(cli, ["credibility", "treasury_card", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["model"] == "treasury_card" and data["path"] == ["reassure", "keep", "refuse"]
    assert data["values"]["response_scale"] == 80
    for th in data["threats"]:
        assert set(th) >= {"player", "node", "action", "credible", "cost", "condition", "thresholds"}
        assert isinstance(th["credible"], bool) and isinstance(th["cost"], float)
        assert isinstance(th["condition"], str)
        for t in th["thresholds"]:
            assert set(t) >= {"parameter", "relation", "value"}
    sell = next(t for t in data["threats"] if t["action"] == "sell")
    assert sell == {**sell, "player": "Japan", "node": "japan_follows_through", "credible": False}
    assert sell["cost"] == pytest.approx(14.7257, abs=1e-4)   # tests/models/test_treasury_card.py: by hand
    by_param = {t["parameter"]: t for t in sell["thresholds"]}
    assert by_param["audience_cost"]["relation"] == ">="
    assert by_param["audience_cost"]["value"] == pytest.approx(sell["cost"], rel=1e-9)
    assert by_param["response_scale"]["relation"] == "never"
    assert "audience_cost >= 14.73" in sell["condition"]
    assert data["verdict"][0].startswith("Japan is indifferent between 'reassure' and 'silent'")
    assert any("'sell'" in line and "not credible" in line for line in data["verdict"])


def test_credibility_set_overrides_make_selling_credible():
    r = CliRunner().invoke(cli, ["credibility", "treasury_card", "--set", "audience_cost=25", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    sell = next(t for t in data["threats"] if t["action"] == "sell")
    assert sell["credible"] and sell["cost"] == 0.0
    back = next(t for t in data["threats"] if t["action"] == "back_down")
    assert not back["credible"] and back["cost"] == pytest.approx(25 - 14.7257, abs=1e-4)


def test_credibility_table_and_verdict():
    r = CliRunner().invoke(cli, ["credibility", "treasury_card"])
    assert r.exit_code == 0, r.output
    assert "equilibrium path: reassure -> keep -> refuse" in r.output and "- Japan is indifferent" in r.output


def test_credibility_errors_are_one_line():
    runner = CliRunner()
    for args in (["credibility", "us_japan_tariffs"], ["credibility", "treasury_card", "--set", "response_scale=2"],
                 ["credibility", "treasury_card", "--set", "nope=1"]):
        r = runner.invoke(cli, args)
        assert r.exit_code == 2 and "Traceback" not in r.output, args
        assert r.output.strip().startswith("error:") and len(r.output.strip().splitlines()) == 1, r.output


def test_load_tree_is_none_for_other_models(tmp_path):
    from gametheory.cli._trees import load_tree, tree_model

    assert load_tree("us_japan_tariffs") is None and load_tree("no_such_model") is None
    assert load_tree(str(tmp_path / "missing.toml")) is None
    (tmp_path / "broken.toml").write_text("not = [toml", encoding="utf-8")
    assert load_tree(str(tmp_path / "broken.toml")) is None  # the normal-form loader reports the error
    t = load_tree("treasury_card", ["response_scale=20"])
    assert t.probability("stung_mid", "sold_mid_cut") > load_tree("treasury_card").probability("stung_mid", "sold_mid_cut")
    assert tree_model("treasury_card").kind == "tree"
    from tests.conftest import REPO

    assert len(load_tree(str(REPO / "models" / "treasury_card.toml"))) == len(t)
    r = CliRunner().invoke(cli, ["credibility", CENT, "--set", "response_scale=20"])
    assert r.exit_code == 2 and "--set applies to models" in r.output


def test_solve_routes_tree_models():
    r = CliRunner().invoke(cli, ["solve", "treasury_card", "--json"])
    assert r.exit_code == 0, r.output
    eq = json.loads(r.output)["equilibria"][0]
    assert eq["path"] == ["reassure", "keep", "refuse"] and eq["strategy"]["japan_follows_through"] == "back_down"
    r = CliRunner().invoke(cli, ["solve", "us_japan_tariffs", "--json"])
    assert r.exit_code == 0 and "strategy" not in json.loads(r.output)["equilibria"][0]
