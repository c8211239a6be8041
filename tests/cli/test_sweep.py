"""``gametheory sweep``: JSON, CSV, plot, jobs, errors."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_regimes_match_the_threshold():
    code, out, _ = run("sweep", "us_japan_tariffs", "--grid", "purchase_surplus=0.3:0.34:5", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["params"] == ["purchase_surplus"]
    labels = [p["regime"] for p in data["points"]]
    # The deal is an equilibrium below 0.319 and not above (gametheory thresholds).
    assert ["(deal, concede)" in r for r in labels] == [True, True, False, False, False]
    assert sum(r["points"] for r in data["regimes"]) == 5


def test_csv_plot_and_jobs(tmp_path):
    csv_path = tmp_path / "r.csv"
    png = tmp_path / "map.png"
    args = ["sweep", "dual_front_squeeze", "--grid", "uniform_tariff=0.2:1:12", "--grid", "incidence_china=0:0.25:10",
            "-o", str(csv_path), "--jobs", "2"]
    try:
        import matplotlib  # noqa: F401
        args += ["--plot", str(png)]
    except ImportError:
        png = None
    code, out, err = run(*args)
    assert code == 0, err
    rows = list(csv.DictReader(csv_path.open()))
    assert len(rows) == 120 and set(rows[0]) == {"uniform_tariff", "incidence_china", "regime", "equilibria", "profiles"}
    assert "120 points" in out and "batched" in out
    if png is not None:
        assert png.read_bytes()[:4] == b"\x89PNG"


def test_errors_are_one_line():
    for args in (["--grid", "tariff=0:1"], ["--grid", "nope=0:1:3"], ["--grid", "tariff=0:2:3"],
                 ["--grid", "tariff=0.2:0.3:3", "--set", "tariff=0.2"]):
        code, _, err = run("sweep", "us_japan_tariffs", *args)
        assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1, (args, err)


def test_scheduler_needs_dask_or_a_reachable_cluster():
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        code, out, err = run("sweep", "us_japan_tariffs", "--grid", "tariff=0.2:0.3:7",
                             "--scheduler", cluster.scheduler_address, "--json")
    assert code == 0, err
    assert len(json.loads(out)["points"]) == 7


def test_repeated_model_sweeps_the_grim_trigger_verdict(tmp_path):
    import gametheory.models as models

    if "truce_renewal" not in models.available():
        pytest.skip("truce_renewal model not bundled")
    out = tmp_path / "v.csv"
    code, text, err = run("sweep", "truce_renewal", "--grid", "delta=0.1:0.5:5", "-o", str(out), "--json")
    assert code == 0, err
    data = json.loads(text)
    # Grim trigger needs delta >= 10/39 = 0.256.
    assert [p["verdict"] for p in data["points"]] == [False, False, True, True, True]
    assert data["points"][0]["value"] == pytest.approx(10 / 39)
    assert list(csv.DictReader(out.open()))[2]["verdict"] == "True"
