"""``gametheory models list|show`` and ``solve NAME --set``: tables, the JSON contract, one-line errors."""

from __future__ import annotations

import json
from fractions import Fraction

from click.testing import CliRunner

import gametheory.models as models
from gametheory.cli.main import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_json_contract() -> None:
    code, out, _ = run("models", "list", "--json")
    assert code == 0
    data = json.loads(out)
    assert [d["name"] for d in data] == models.available()
    for d in data:
        assert set(d) == {"name", "title", "kind", "players"}
        assert d["players"] == list(models.load(d["name"]).players)
    row = next(d for d in data if d["name"] == "dual_front_squeeze")
    assert row["kind"] == "normal" and row["players"] == ["Japan", "China", "US"]


def test_list_table() -> None:
    code, out, _ = run("models", "list")
    assert code == 0
    for name in models.available():
        assert name in out


def test_show_json_contract() -> None:
    code, out, _ = run("models", "show", "us_japan_tariffs", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["name"] == "us_japan_tariffs" and data["kind"] == "normal"
    assert "Treasuries" in data["question"]
    params = {p["name"]: p for p in data["parameters"]}
    assert {"name", "default", "unit", "source"} <= set(params["holdings"])
    assert params["holdings"]["default"] == 1130.8 and params["holdings"]["unit"] == "$bn"
    assert params["holdings"]["source"] == "R19"
    assert params["sale"]["source"] == "assumption"
    assert params["tariff"]["min"] == 0 and params["tariff"]["max"] == 1


def test_show_table_has_question_units_and_sources() -> None:
    code, out, _ = run("models", "show", "dual_front_squeeze")
    assert code == 0
    assert "question:" in out and "concert" in out
    assert "holdings_japan" in out and "943" in out and "R26" in out and "assumption" in out


def test_show_a_model_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.toml"
    path.write_text(models.path("us_japan_tariffs").read_text(encoding="utf-8").replace(
        'name = "us_japan_tariffs"', 'name = "mine"'), encoding="utf-8")
    code, out, _ = run("models", "show", str(path), "--json")
    assert code == 0 and json.loads(out)["name"] == "mine"


def test_unknown_model_is_one_line_error() -> None:
    code, out, err = run("models", "show", "nope")
    assert code == 2 and out == ""
    assert err.strip() == "error: no bundled model 'nope'; available: " + ", ".join(models.available())


def test_solve_with_set_changes_the_answer() -> None:
    code, out, _ = run("solve", "us_japan_tariffs", "--json")
    assert code == 0 and len(json.loads(out)["equilibria"]) == 3
    # At an 8% fund return the package costs Japan more than the tariff relief: only the standoff remains.
    code, out, _ = run("solve", "us_japan_tariffs", "--set", "investment_yield=0.08", "--set", "tariff=0.25",
                       "--json")
    assert code == 0
    eqs = json.loads(out)["equilibria"]
    assert len(eqs) == 1
    # US keeps the tariff, Japan reassures.
    assert [[Fraction(x) for x in p] for p in eqs[0]["profile_exact"]] == [[1, 0], [0, 0, 0, 1]]


def test_solve_set_errors_are_one_line() -> None:
    code, _, err = run("solve", "us_japan_tariffs", "--set", "holdings=-5")
    assert code == 2
    assert err.strip() == "error: us_japan_tariffs.toml: parameters.holdings: value -5 is below its minimum 100 (= sale)"
    code, _, err = run("solve", "us_japan_tariffs", "--set", "tarrif=0.1")
    assert code == 2 and err.startswith("error: us_japan_tariffs.toml: parameters: unknown parameter 'tarrif'")
    assert len(err.strip().splitlines()) == 1
    code, _, err = run("solve", "dual_front_squeeze", "--set", "uniform_tariff=0.1")
    assert code == 2 and "parameters.uniform_tariff: value 0.1 is below its minimum 0.2" in err


def test_missing_model_file_is_one_line_error() -> None:
    code, _, err = run("models", "show", "no/such/model.toml")
    assert code == 2 and err.strip() == "error: no such model file: no/such/model.toml"
    code, _, err = run("solve", "missing.toml")
    assert code == 2 and err.strip() == "error: no such model file: missing.toml"


def test_hostile_model_file_from_the_command_line(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    text = models.path("us_japan_tariffs").read_text(encoding="utf-8").replace(
        '["us_gain_high + goodwill",', '["__import__(\'os\').system(\'touch pwned\')",')
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    for args in (("solve", str(path)), ("models", "show", str(path)), ("convert", str(path), "out.nfg")):
        code, out, err = run(*args)
        assert code == 2 and out == ""
        assert err.startswith("error: evil.toml: game.payoffs.US[0][0]: call of '__import__' is not allowed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.toml"]
