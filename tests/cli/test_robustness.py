"""``gametheory robustness``: JSON keys, probabilities, intervals, table, plot, Dask, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli

CARD = str(Path(__file__).parents[1] / "sensitivity" / "data" / "treasury_card_uncertain.toml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def check_json(out: str) -> dict:
    data = json.loads(out)
    assert {"samples", "outcomes", "verdicts", "drivers", "infeasible", "seed", "method"} <= set(data)
    assert all(set(o) >= {"label", "probability", "ci"} for o in data["outcomes"])
    assert all(set(v) >= {"threat", "credible_probability", "ci"} for v in data["verdicts"])
    assert all(set(d) == {"param", "first_order", "total_order"} for d in data["drivers"])
    assert sum(o["probability"] for o in data["outcomes"]) == pytest.approx(1.0, abs=1e-12)
    for o in data["outcomes"]:
        assert o["ci"][0] <= o["probability"] <= o["ci"][1]
    return data


def test_json_keys_probabilities_and_shrinking_intervals() -> None:
    code, out, err = run("robustness", CARD, "--samples", "2000", "--seed", "1", "--json")
    assert code == 0, err
    big = check_json(out)
    assert big["samples"] == 2000 and big["seed"] == 1 and big["method"] == "sobol"
    assert big["infeasible"]["count"] == 2000 - big["feasible"] > 0
    assert {d["param"] for d in big["drivers"]} == set(big["uncertain"])
    code, out, err = run("robustness", CARD, "--samples", "200", "--seed", "1", "--json", "--no-drivers")
    assert code == 0, err
    small = check_json(out)
    assert small["drivers"] == [] and small["evaluations"] == 200
    width = {n: {o["label"]: o["ci"][1] - o["ci"][0] for o in d["outcomes"]} for n, d in ((2000, big), (200, small))}
    for label in width[200]:
        if label in width[2000]:
            assert width[2000][label] < width[200][label], label
    for v2000, v200 in zip(big["verdicts"], small["verdicts"]):
        assert v2000["threat"] == v200["threat"]
        assert v2000["ci"][1] - v2000["ci"][0] <= v200["ci"][1] - v200["ci"][0]


def test_bundled_treasury_card() -> None:
    import gametheory.models as models

    if not any(p.distribution is not None for p in models.load("treasury_card").parameters):
        pytest.skip("the bundled treasury_card has no distributions yet")
    code, out, err = run("robustness", "treasury_card", "--samples", "2000", "--seed", "1", "--json")
    assert code == 0, err
    check_json(out)


def test_table_set_lhs_and_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "drivers.png"
    code, out, err = run("robustness", CARD, "--samples", "256", "--seed", "2", "--method", "lhs",
                         "--set", "q=0.9", "--plot", str(png))
    assert code == 0, err
    assert "256 draws (lhs, seed 2)" in out and "equilibrium outcomes" in out and "credibility" in out
    assert "reassure -> cut (at the model's values)" in out and "Sobol' indices" in out
    assert " q," not in out.split("\n")[1]           # q is fixed by --set, not drawn
    assert png.read_bytes()[:4] == b"\x89PNG" and f"wrote {png}" in out


def test_scheduler_runs_the_chunks_on_dask() -> None:
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        code, out, err = run("robustness", CARD, "--samples", "300", "--seed", "1", "--no-drivers",
                             "--scheduler", cluster.scheduler_address, "--json")
    assert code == 0, err
    code, local, err = run("robustness", CARD, "--samples", "300", "--seed", "1", "--no-drivers", "--json")
    assert json.loads(out) == json.loads(local)


def test_errors_are_one_line() -> None:
    for args in (["treasury_card"],                                   # the bundled model: no distribution (yet)
                 [CARD, "--samples", "1"], [CARD, "--samples", "x"], [CARD, "--set", "nope=1"],
                 [CARD, "--set", "q=2"], [CARD, "--method", "grid"], ["truce_renewal"], ["no_such_model"]):
        code, _, err = run("robustness", *args)
        if args == ["treasury_card"] and code == 0:
            continue                                                  # distributions have landed
        assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1, (args, err)


def test_no_distribution_message_names_the_candidates(tmp_path: Path) -> None:
    text = Path(CARD).read_text().replace("\ndistribution = ", "\n# distribution = ")
    path = tmp_path / "plain.toml"
    path.write_text(text)
    code, _, err = run("robustness", str(path))
    assert code == 2
    assert err.strip() == ("error: plain.toml: no parameter has a distribution; add `distribution = { kind = ..., "
                           "... }` to one of its assumed parameters: sale, kappa, duration, fx_cost, q, "
                           "audience_cost, alliance_cost, reassurance_value")
