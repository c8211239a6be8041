"""Reports: content, files, JSON, and the HTML rendered in a real headless browser."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import gametheory.models as bundled
from gametheory.cli.main import cli
from gametheory.report import build_report


def test_report_has_the_analyses(tmp_path: Path) -> None:
    report = build_report(bundled.load("us_japan_tariffs"), outdir=tmp_path)
    keys = [s.key for s in report.sections]
    assert keys[:2] == ["overview", "equilibria"]
    eq = report.section("equilibria")
    assert eq.data["equilibria"] and all(e["regret"] == 0 for e in eq.data["equilibria"])
    assert (tmp_path / "equilibria.png").stat().st_size > 1000
    assert (tmp_path / "regimes.png").stat().st_size > 1000 and (tmp_path / "sensitivity.png").exists()
    # the two parameters whose thresholds lie nearest their defaults (tests/models/test_us_japan_tariffs.py)
    assert report.section("sensitivity").data["regime_map"]["params"] == ["funding_cost", "investment"]
    md = report.to_markdown()
    assert report.question in md and "![" in md


def test_cli_writes_markdown_html_json(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    result = CliRunner().invoke(cli, ["report", "us_japan_tariffs", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"] == "us_japan_tariffs" and "equilibria" in data["sections"]
    assert {p.name for p in out.iterdir()} >= {"report.md", "report.html", "report.json", "equilibria.png"}
    # every number in the report is in the JSON: the parameters at their values
    assert data["parameters"]["tariff"] == pytest.approx(0.25)


def test_cli_report_overrides_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["report", "us_japan_tariffs", "-o", str(tmp_path / "a"), "--set", "tariff=0.3", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["parameters"]["tariff"] == pytest.approx(0.3)
    bad = runner.invoke(cli, ["report", "us_japan_tariffs", "-o", str(tmp_path / "b"), "--set", "nope=1"])
    assert bad.exit_code != 0 and "nope" in bad.stderr and "Traceback" not in bad.stderr


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_browser() is None, reason="no headless Chromium on this machine (.ci/run installs it)")
@pytest.mark.parametrize(("name", "figures"), [("us_japan_tariffs", {"equilibria.png", "regimes.png"}),
                                               ("treasury_card", {"tree.png"})])
def test_html_report_renders_with_its_figures_in_a_browser(tmp_path: Path, name: str, figures: set) -> None:
    model = bundled.load(name)
    build_report(model, outdir=tmp_path).write(tmp_path)
    assert figures <= {p.name for p in tmp_path.iterdir()}
    cmd = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
           (tmp_path / "report.html").as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    assert 'data-figures-failed="0"' in dom, dom[:500]
    assert 'data-figures="0"' not in dom
    assert model.title.split(",")[0] in dom


def test_sensitivity_section_thresholds_change_the_equilibria() -> None:
    from gametheory import solve

    model = bundled.load("us_japan_tariffs")
    report = build_report(model)
    sec = report.section("sensitivity")
    by_param = {p["param"]: p for p in sec.data["parameters"]}
    # the documented investment_yield threshold (tests/sensitivity) reappears in the report
    values = [t["value"] for t in by_param["investment_yield"]["thresholds"]]
    assert values == [pytest.approx(0.0828053, rel=1e-5)]
    # the nearest threshold really moves the equilibrium set: solve just either side of it
    nearest = sec.data["nearest"][0]
    param = nearest["param"]
    now = float(model.defaults()[param])
    t = min(by_param[param]["thresholds"], key=lambda t: abs(t["value"] - now))["value"]

    def supports(x: float) -> set:
        res = solve(model.build(**{param: x}))
        return {tuple(tuple(s) for s in e.support) for e in res.equilibria}

    assert supports(t * 0.99) != supports(t * 1.01)
    assert nearest["relative_change"] == pytest.approx((t - now) / now)


def test_tree_model_report_has_the_spe_path_and_credibility(tmp_path: Path) -> None:
    from gametheory.extensive._backward_induction import backward_induction

    model = bundled.load("treasury_card")
    report = build_report(model, outdir=tmp_path)
    keys = [s.key for s in report.sections]
    assert keys[:3] == ["overview", "subgame_perfect", "credibility"] and "cooperation" not in keys
    spe = report.section("subgame_perfect").data
    assert spe["equilibria"][0]["path"] == list(backward_induction(model.build()).equilibria[0]["path"])
    threats = {(t["node"], t["action"]): t for t in report.section("credibility").data["threats"]}
    sell = threats[("japan_follows_through", "sell")]
    assert sell["credible"] is False and sell["cost"] > 0
    # the verdict names the equilibrium card
    assert any("reassure" in p for p in report.section("credibility").paragraphs)
    assert (tmp_path / "tree.mmd").read_text().startswith(("flowchart", "graph"))


def test_bargaining_model_report_matches_the_library(tmp_path: Path) -> None:
    from gametheory.bargaining import bargaining_summary

    model = bundled.load("us_japan_bargain")
    report = build_report(model, outdir=tmp_path)
    data = report.section("bargaining").data
    summary = bargaining_summary(model)
    assert data["solution"] == pytest.approx([float(x) for x in summary.solution.solution])
    assert data["threat_values"]["gains"]["US"] == pytest.approx(float(summary.threat_values.gains["US"]))
    assert (tmp_path / "bargaining.png").stat().st_size > 1000
    assert "cooperation" not in [s.key for s in report.sections]


@pytest.mark.parametrize("name", ["treasury_card", "us_china_escalation", "rare_earth_deterrence", "us_japan_bargain"])
def test_report_json_of_every_kind_is_valid_and_complete(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["report", name, "-o", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["notes"] == [] and data["model"] == name
    written = json.loads((tmp_path / "report.json").read_text())
    assert list(written["sections"]) == list(data["sections"])
