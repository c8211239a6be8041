"""``gametheory thresholds``: JSON contract (param, value, condition), table, errors."""

from __future__ import annotations

import json

import pytest

from click.testing import CliRunner

from gametheory.cli.main import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_thresholds_are_objects_with_param_value_condition():
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "purchase_surplus", "--json")
    assert code == 0
    data = json.loads(out)
    (t,) = data["thresholds"]
    assert t["param"] == "purchase_surplus"
    assert isinstance(t["value"], float) and abs(t["value"] - 0.319) < 1e-12
    assert t["condition"].startswith("(deal, concede) is an equilibrium when purchase_surplus < 0.319")
    assert data["range"] == [0.0, 1.0]
    assert [r["label"] for r in data["regimes"]][-1] == "(reciprocal_tariff, reassure)"


def test_table_and_range_option():
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "purchase_surplus", "--range", "0.5:1")
    assert code == 0
    assert "no threshold" in out
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "purchase_surplus")
    assert "319/1000" in out


def test_set_changes_the_threshold():
    # More farm purchases make the package dearer, so the deal breaks at a lower surplus.
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "purchase_surplus", "--set", "purchases=16",
                       "--json")
    (t,) = json.loads(out)["thresholds"]
    assert code == 0 and t["value"] < 0.319


def test_errors_are_one_line():
    code, _, err = run("thresholds", "us_japan_tariffs", "--param", "tariff", "--range", "1")
    assert code == 2 and err.startswith("error:") and "--range" in err
    code, _, err = run("thresholds", "us_japan_tariffs", "--param", "nope")
    assert code == 2 and err.startswith("error:")


def test_repeated_model_reports_the_critical_discount_factor():
    import gametheory.models as models

    if "truce_renewal" not in models.available():
        import pytest

        pytest.skip("truce_renewal model not bundled")
    code, out, _ = run("thresholds", "truce_renewal", "--param", "delta", "--json")
    assert code == 0
    (t,) = json.loads(out)["thresholds"]
    assert t["param"] == "delta" and abs(t["value"] - 10 / 39) < 1e-12
    assert t["condition"] == "grim trigger sustains (truce, truce) when delta > 0.25641"


def test_tree_model_thresholds_give_credibility_and_move_changes() -> None:
    import json

    from click.testing import CliRunner

    from gametheory.cli.main import cli

    r = CliRunner().invoke(cli, ["thresholds", "treasury_card", "-p", "audience_cost", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    sell = next(c for c in data["credibility"] if c["action"] == "sell")
    # selling becomes credible once backing down costs more than the sale (tests/models/test_treasury_card.py)
    assert sell["relation"] == ">=" and sell["value"] == pytest.approx(21.259875)
    assert {m["node"] for m in data["moves"]} == {"us_after_threat", "japan_follows_through"}
    table = CliRunner().invoke(cli, ["thresholds", "treasury_card", "-p", "audience_cost"])
    assert table.exit_code == 0 and "credible iff audience_cost >= 21.26" in table.output


def test_thresholds_and_sensitivity_refuse_other_kinds_in_one_line() -> None:
    from click.testing import CliRunner

    from gametheory.cli.main import cli

    for args in (["thresholds", "us_japan_bargain", "-p", "delta"], ["sensitivity", "treasury_card", "-p", "q"]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 2 and r.stderr.startswith("error:") and "Traceback" not in r.stderr
