"""`gametheory credibility` on Gambit's centipede (cent4.efg): every PASS is a non-credible promise."""

import json

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
    assert data["model"] == "treasury_card" and data["path"] == ["reassure", "cut"]
    assert data["values"]["q"] == 0.5
    for th in data["threats"]:
        assert set(th) >= {"player", "node", "action", "credible", "cost", "condition", "thresholds"}
        assert isinstance(th["credible"], bool) and isinstance(th["cost"], float)
        assert isinstance(th["condition"], str)
        for t in th["thresholds"]:
            assert set(t) >= {"parameter", "relation", "value"}
    sell = next(t for t in data["threats"] if t["action"] == "sell")
    assert sell == {**sell, "player": "Japan", "node": "japan_follows_through", "credible": False,
                    "cost": 21.259875}
    by_param = {t["parameter"]: t for t in sell["thresholds"]}
    assert (by_param["audience_cost"]["relation"], by_param["audience_cost"]["value"]) == (">=", 21.259875)
    assert by_param["q"]["relation"] == "never"
    assert "audience_cost >= 21.26" in sell["condition"]
    assert data["verdict"][0].startswith("Japan's equilibrium first move is 'reassure'")
    assert any("'sell'" in line and "not credible" in line for line in data["verdict"])


def test_credibility_set_overrides_make_selling_credible():
    r = CliRunner().invoke(cli, ["credibility", "treasury_card", "--set", "audience_cost=25", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    sell = next(t for t in data["threats"] if t["action"] == "sell")
    assert sell["credible"] and sell["cost"] == 0.0
    back = next(t for t in data["threats"] if t["action"] == "back_down")
    assert not back["credible"] and abs(back["cost"] - (25 - 21.259875)) < 1e-12


def test_credibility_table_and_verdict():
    r = CliRunner().invoke(cli, ["credibility", "treasury_card"])
    assert r.exit_code == 0, r.output
    assert "equilibrium path: reassure -> cut" in r.output and "- Japan's equilibrium first move" in r.output


def test_credibility_errors_are_one_line():
    runner = CliRunner()
    for args in (["credibility", "us_japan_tariffs"], ["credibility", "treasury_card", "--set", "q=2"],
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
    t = load_tree("treasury_card", ["q=1"])
    assert t.probability("stung_mid", "sold_mid_cut") == 1
    assert tree_model("treasury_card").kind == "tree"
    from tests.conftest import REPO

    assert len(load_tree(str(REPO / "models" / "treasury_card.toml"))) == len(t)
    r = CliRunner().invoke(cli, ["credibility", CENT, "--set", "q=1"])
    assert r.exit_code == 2 and "--set applies to models" in r.output


def test_solve_routes_tree_models():
    r = CliRunner().invoke(cli, ["solve", "treasury_card", "--json"])
    assert r.exit_code == 0, r.output
    eq = json.loads(r.output)["equilibria"][0]
    assert eq["path"] == ["reassure", "cut"] and eq["strategy"]["japan_follows_through"] == "back_down"
    r = CliRunner().invoke(cli, ["solve", "us_japan_tariffs", "--json"])
    assert r.exit_code == 0 and "strategy" not in json.loads(r.output)["equilibria"][0]
