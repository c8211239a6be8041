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
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "investment_yield", "--json")
    assert code == 0
    data = json.loads(out)
    (t,) = data["thresholds"]
    assert t["param"] == "investment_yield"
    # Japan delivers the package once it costs less than the cut is worth (tests/models/test_us_japan_tariffs.py)
    assert isinstance(t["value"], float) and abs(t["value"] - 0.082805) < 1e-5
    assert t["condition"].startswith("(deal, concede) is an equilibrium when investment_yield > 0.0828")
    assert data["range"] == [0.02, 0.12]
    assert [r["label"] for r in data["regimes"]][0] == "(reciprocal_tariff, reassure)"


def test_table_and_range_option():
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "investment_yield", "--range", "0.02:0.08")
    assert code == 0
    assert "no threshold" in out
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "investment_yield")
    assert "0.0828" in out


def test_set_changes_the_threshold():
    # More farm purchases make the package dearer, so the deal needs a higher yield.
    code, out, _ = run("thresholds", "us_japan_tariffs", "--param", "investment_yield", "--set", "purchases=16",
                       "--json")
    (t,) = json.loads(out)["thresholds"]
    assert code == 0 and t["value"] > 0.0829


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
    assert sell["relation"] == ">=" and sell["value"] == pytest.approx(14.725727, abs=1e-6)
    # once selling is credible the US concedes after a threat and Japan opens with it
    assert {m["node"] for m in data["moves"]} == {"japan_opens", "us_after_threat", "japan_follows_through"}
    table = CliRunner().invoke(cli, ["thresholds", "treasury_card", "-p", "audience_cost"])
    assert table.exit_code == 0 and "credible iff audience_cost >= 14.73" in table.output


def test_thresholds_and_sensitivity_refuse_other_kinds_in_one_line() -> None:
    from click.testing import CliRunner

    from gametheory.cli.main import cli

    for args in (["thresholds", "us_japan_bargain", "-p", "delta"], ["sensitivity", "treasury_card", "-p", "q"]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 2 and r.stderr.startswith("error:") and "Traceback" not in r.stderr
