"""``gametheory sensitivity``: JSON contract, table, errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_derivatives_of_the_package_cost():
    code, out, _ = run("sensitivity", "dual_front_squeeze", "--param", "package_japan", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["param"] == "package_japan" and data["value"] == 15.75
    (eq,) = data["equilibria"]
    assert eq["support"] == {"Japan": ["hold"], "China": ["hold"], "US": ["separate_deals"]}
    # Japan pays the package to the US: payoffs move one for one with its present value (3 years at 4%).
    annuity = (1 - 1.04 ** -3) / 0.04
    assert eq["payoff_derivatives"] == pytest.approx({"Japan": -annuity, "China": 0.0, "US": annuity})
    assert eq["method"] == "closed-form"


def test_set_moves_the_point_and_table_lists_the_mixed_equilibrium():
    code, out, _ = run("sensitivity", "us_japan_tariffs", "--param", "tariff", "--set", "tariff=0.3")
    assert code == 0
    assert "sensitivity to tariff = 0.3 (3 equilibria)" in out
    assert "reciprocal_tariff" in out and "elasticity" in out


def test_errors_are_one_line():
    code, _, err = run("sensitivity", "us_japan_tariffs", "--param", "nope")
    assert code == 2 and err.startswith("error:") and "nope" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("sensitivity", "no_such_model", "--param", "tariff")
    assert code == 2 and err.startswith("error:")
