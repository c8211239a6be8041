"""``gametheory convert``: model -> .nfg at given values, .nfg -> model file, round trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from click.testing import CliRunner

import gametheory
import gametheory.models as models
from gametheory.cli.main import cli
from tests.conftest import GAMES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_model_to_nfg_at_given_values(tmp_path: Path) -> None:
    out = tmp_path / "g.nfg"
    code, stdout, _ = run("convert", "us_japan_tariffs", str(out), "--set", "tariff=0.3")
    # floating point: the payoff framework's import demand at elasticity 2.53 is irrational
    assert code == 0 and "2 x 4 game, floating-point payoffs" in stdout
    game = gametheory.read_nfg(out)
    assert np.allclose(game.payoff_array, models.load("us_japan_tariffs").build(tariff=0.3).payoff_array,
                       rtol=1e-12, atol=0)
    assert game != models.load("us_japan_tariffs").build()
    assert game.strategies[1] == ("concede", "retaliate", "threaten_sell", "reassure")


def test_nfg_to_model_round_trip(tmp_path: Path) -> None:
    source = next(p for p in sorted(GAMES.glob("*.nfg")))
    toml = tmp_path / "converted.toml"
    code, _, _ = run("convert", str(source), str(toml))
    assert code == 0
    model = gametheory.load_model(toml)
    assert model.name == "converted" and model.kind == "normal"
    original = gametheory.read_nfg(source)
    assert model.build() == original
    back = tmp_path / "back.nfg"
    assert run("convert", str(toml), str(back))[0] == 0
    assert gametheory.read_nfg(back) == original


def test_three_player_model_to_toml_and_back(tmp_path: Path) -> None:
    toml = tmp_path / "squeeze.toml"
    assert run("convert", "dual_front_squeeze", str(toml), "--set", "sale_china=200")[0] == 0
    expected = models.load("dual_front_squeeze").build(sale_china=200)
    assert gametheory.load_model(toml).build() == expected


def test_errors(tmp_path: Path) -> None:
    out = tmp_path / "g.nfg"
    out.write_text("x")
    code, _, err = run("convert", "us_japan_tariffs", str(out))
    assert code == 2 and "exists" in err
    assert run("convert", "us_japan_tariffs", str(out), "--force")[0] == 0
    code, _, err = run("convert", "us_japan_tariffs", str(tmp_path / "g.json"))
    assert code == 2 and "OUT must end in .nfg, .toml or .efg" in err
    code, _, err = run("convert", "us_japan_tariffs", str(tmp_path / "h.nfg"), "--set", "nope=1")
    assert code == 2 and err.startswith("error: us_japan_tariffs.toml: parameters: unknown parameter 'nope'")
    code, _, err = run("convert", str(out), str(tmp_path / "h.toml"), "--set", "a=1")
    assert code == 2 and "apply to models" in err
    assert not (tmp_path / "h.nfg").exists() and not (tmp_path / "h.toml").exists()


def test_tree_model_converts_to_efg_and_through_its_normal_form(tmp_path) -> None:
    from click.testing import CliRunner

    from gametheory.cli.main import cli
    from gametheory.extensive._backward_induction import backward_induction
    from gametheory.io.efg import read_efg
    from gametheory.io.nfg import read_nfg
    import gametheory.models as bundled

    model = bundled.load("treasury_card")
    runner = CliRunner()
    assert runner.invoke(cli, ["convert", "treasury_card", str(tmp_path / "t.efg")]).exit_code == 0
    back = backward_induction(read_efg(tmp_path / "t.efg")).equilibria[0]
    assert back["path"] == backward_induction(model.build()).equilibria[0]["path"]
    assert runner.invoke(cli, ["convert", "treasury_card", str(tmp_path / "t.nfg")]).exit_code == 0
    assert read_nfg(tmp_path / "t.nfg").shape == model.build("normal").shape
    bad = runner.invoke(cli, ["convert", "us_japan_tariffs", str(tmp_path / "x.efg")])
    assert bad.exit_code == 2 and ".efg takes game trees" in bad.stderr
