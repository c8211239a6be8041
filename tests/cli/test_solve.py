"""``gametheory solve``: the JSON contract, tables, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from tests.conftest import GAMES, as_fraction_profile, expected_equilibria, oracle_names

EXPECTED = expected_equilibria()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", oracle_names(players=2))
def test_json_lists_exactly_gambits_equilibria(name: str) -> None:
    code, out, _ = run("solve", str(GAMES / name), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"players", "strategies", "method", "equilibria"}
    got = {tuple(tuple(Fraction(v) for v in p) for p in e["profile_exact"]) for e in data["equilibria"]}
    assert got == {as_fraction_profile(p) for p in EXPECTED[name]["equilibria"]}
    for e in data["equilibria"]:
        assert e["regret"] == 0
        assert all(abs(float(Fraction(x)) - y) < 1e-12 for p, q in zip(e["profile_exact"], e["profile"])
                   for x, y in zip(p, q))
        assert len(e["payoffs"]) == 2


def test_75_equilibria() -> None:
    code, out, _ = run("solve", str(GAMES / "6x6_game_with_75_eq.nfg"), "--json")
    assert code == 0 and len(json.loads(out)["equilibria"]) == 75


def test_float_json_has_no_exact_profiles() -> None:
    code, out, _ = run("solve", str(GAMES / "e04.nfg"), "--float", "--json")
    data = json.loads(out)
    assert code == 0 and not data["exact"]
    assert all("profile_exact" not in e for e in data["equilibria"])


def test_table_shows_labels_and_method() -> None:
    code, out, _ = run("solve", str(GAMES / "pd.nfg"))
    assert code == 0
    assert "vertex-enumeration" in out and "Player 1" in out and "regret" in out


def test_default_model_solves() -> None:
    code, out, _ = run("solve", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["equilibria"] and all(e["regret"] == 0 for e in data["equilibria"])


def test_methods_agree_on_a_pure_equilibrium() -> None:
    code, out, _ = run("solve", str(GAMES / "pd.nfg"), "--method", "pure", "--json")
    assert code == 0
    assert json.loads(out)["equilibria"][0]["profile"] == [[0.0, 1.0], [0.0, 1.0]]


@pytest.mark.parametrize(
    "content, message",
    [
        ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3', "3 payoffs given"),
        ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7 NaN', "line 2: payoff 'NaN' is not a number"),
        ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7 1e999', "too large|not finite|not a number"),
        ('NFG 1 R "t" { "A" "B" } { 2 0 }\n', "no strategies"),
        ("garbage", "not an .nfg file"),
    ],
)
def test_bad_files_give_one_line(tmp_path: Path, content: str, message: str) -> None:
    import re

    f = tmp_path / "bad.nfg"
    f.write_text(content)
    code, out, err = run("solve", str(f))
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert re.search(message, err), err
    assert "Traceback" not in err + out


def test_missing_file_and_unknown_model() -> None:
    code, _, err = run("solve", "no/such/file.nfg")
    assert code != 0 and "no such file" in err and err.count("\n") == 1
    code, _, err = run("solve", "no_such_model")
    assert code != 0 and "no_such_model" in err and err.count("\n") == 1


def test_set_on_nfg_is_an_error() -> None:
    code, _, err = run("solve", str(GAMES / "pd.nfg"), "--set", "x=1")
    assert code != 0 and "--set" in err


def test_unknown_method_is_refused() -> None:
    code, _, err = run("solve", str(GAMES / "pd.nfg"), "--method", "magic")
    assert code != 0 and "magic" in err


def test_start_up_is_lazy(tmp_path: Path) -> None:
    """A whole `gametheory solve` on a 3x3 game must not import sympy, networkx or nashpy."""
    code = (
        "import sys\n"
        "from gametheory.cli.main import main\n"
        "try:\n"
        f"    main(['solve', {str(GAMES / 'csg1.nfg')!r}, '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('sympy', 'networkx', 'nashpy', 'matplotlib', 'pygambit') if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stderr.strip() == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "gametheory", "--version"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0 and "gametheory" in proc.stdout


# ----------------------------------------------------------------------------- trees (.efg)
def test_tree_with_information_sets_gives_subgame_perfect_json() -> None:
    # Brandts-Holt game 1 (chance, signalling): same equilibria as the library call; pygambit agrees
    import pygambit as gbt

    from tests.pygambit_compat import payoffs

    code, out, _ = run("solve", str(GAMES / "bhg1.efg"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "subgame-decomposition" and data["complete"] and data["exact"]
    assert data["count"] == len(data["equilibria"]) == 6
    game = gbt.read_efg(str(GAMES / "bhg1.efg"))
    nash = {tuple(float(v) for v in payoffs(e))
            for e in gbt.nash.enummixed_solve(game, rational=True).equilibria}
    for e in data["equilibria"]:
        assert set(e) >= {"path", "likely_path", "payoffs", "strategy", "regret"}
        assert e["regret"] == 0 and tuple(e["payoffs"]) in nash
        assert e["path"] == [] and e["likely_path"][0] == "Type A"  # the game opens with chance
        assert all(isinstance(v, str) or abs(sum(v.values()) - 1) < 1e-12 for v in e["strategy"].values())


def test_tree_table_and_nash_of_the_reduced_normal_form() -> None:
    code, out, _ = run("solve", str(GAMES / "coord2.efg"))
    assert code == 0 and "subgame-perfect" in out and "regret" in out
    code, out, _ = run("solve", str(GAMES / "coord2.efg"), "--method", "enumeration", "--json")
    data = json.loads(out)
    assert code == 0 and data["method"] == "vertex-enumeration" and len(data["equilibria"]) == 3
    assert "strategies" in data  # the normal-form contract


def test_perfect_information_tree_keeps_backward_induction() -> None:
    code, out, _ = run("solve", str(GAMES / "cent4.efg"), "--json")
    data = json.loads(out)
    assert code == 0 and data["method"] == "backward_induction"
    assert data["equilibria"][0]["path"] == ["TAKE"]


def test_tree_without_perfect_recall_is_one_line_error() -> None:
    code, _, err = run("solve", str(GAMES / "e09.efg"))
    assert code != 0 and "perfect recall" in err and err.count("\n") == 1


def test_time_limit_returns_what_was_found_marked_incomplete() -> None:
    # 5x4x3 takes ~0.1 s to enumerate; with a microsecond nothing past the first batch is started
    code, out, _ = run("solve", str(GAMES / "5x4x3.nfg"), "--method", "polynomial", "--time-limit", "1e-6", "--json")
    assert code == 0
    data = json.loads(out)
    assert not data["complete"] and any("time limit" in n for n in data["notes"])
    code, out, _ = run("solve", str(GAMES / "5x4x3.nfg"), "--method", "polynomial", "--time-limit", "60", "--json")
    assert code == 0 and json.loads(out)["complete"] and len(json.loads(out)["equilibria"]) == 3


def test_two_player_time_limit_goes_to_lemke_howson() -> None:
    code, out, _ = run("solve", str(GAMES / "coord3.nfg"), "--time-limit", "1e-9", "--json")
    data = json.loads(out)
    assert code == 0 and data["method"] == "lemke-howson" and not data["complete"]
    assert any("vertex enumeration did not finish" in n for n in data["notes"]) and data["equilibria"]
    code, out, _ = run("solve", str(GAMES / "coord3.nfg"), "--json")
    assert json.loads(out)["method"] == "vertex-enumeration" and len(json.loads(out)["equilibria"]) == 7


def test_enumeration_stopped_early_is_not_called_every_equilibrium(tmp_path: Path) -> None:
    import numpy as np

    from gametheory import NormalFormGame, write_nfg

    rng = np.random.default_rng(0)
    path = tmp_path / "g.nfg"
    write_nfg(NormalFormGame([rng.integers(0, 100, size=(6, 6)) for _ in range(2)]), path)
    code, out, _ = run("solve", str(path), "--method", "enumeration", "--time-limit", "1e-9")
    assert code == 0 and "equilibria found (not necessarily all)" in out and "time limit" in out
    code, out, _ = run("solve", str(path), "--method", "enumeration")
    assert code == 0 and "every extreme equilibrium" in out


def test_bad_time_limit_is_one_line() -> None:
    code, _, err = run("solve", str(GAMES / "5x4x3.nfg"), "--time-limit", "-1")
    assert code != 0 and "--time-limit" in err and "Traceback" not in err


def test_continua_are_readable_in_the_table(tmp_path: Path) -> None:
    # player 1 always indifferent; player 2's s is a best reply iff P(a) >= 1/3, player 3's s iff P(a) <= 1/3
    from gametheory import NormalFormGame, write_nfg

    def payoff(x1: str, x2: str, x3: str) -> tuple[int, int, int]:
        u2 = 2 * int(x1 == "a") if x2 == "s" else int(x1 == "b")
        u3 = int(x1 == "b") if x3 == "s" else 2 * int(x1 == "a")
        return (0, u2, u3)

    path = tmp_path / "ties.nfg"
    write_nfg(NormalFormGame.from_function(payoff, [["a", "b"], ["s", "t"], ["s", "t"]]), path)
    code, out, _ = run("solve", str(path))
    assert code == 0
    assert "Continua" in out and "support {a, b} x {s} x {t}: the convex hull of these 2 vertices" in out
    assert "Player 1 (a: 1/3, b: 2/3); Player 2 (s: 1); Player 3 (t: 1)" in out
    assert "SupportContinuum(" not in out and "Fraction(" not in out
    code, out, _ = run("solve", str(path), "--json")
    (seg,) = [c for c in json.loads(out)["continua"] if c["support"] == [["a", "b"], ["s"], ["t"]]]
    assert seg["polytope"] and sorted(e["profile_exact"][0][0] for e in seg["sample_points"]) == ["1", "1/3"]


def test_too_many_supports_is_one_line_and_max_support_bounds_them(tmp_path: Path) -> None:
    import numpy as np

    from gametheory import NormalFormGame, write_nfg

    rng = np.random.default_rng(0)
    path = tmp_path / "big.nfg"
    write_nfg(NormalFormGame([rng.integers(0, 1000, size=(8, 8, 8)) for _ in range(3)]), path)
    code, out, err = run("solve", str(path), "--method", "polynomial")
    assert code != 0 and "Traceback" not in err and len((out + err).strip().splitlines()) == 1
    assert "16,581,375 support profiles" in out + err and "--max-support" in out + err
    code, out, _ = run("solve", str(path), "--method", "polynomial", "--max-support", "1", "--json")
    data = json.loads(out)
    assert code == 0 and not data["complete"] and len(data["equilibria"]) == 2  # the pure equilibria
    code, _, err = run("solve", str(path), "--max-support", "0")
    assert code != 0 and "--max-support" in err and "Traceback" not in err


def test_lemke_howson_label_notes_are_summarised_in_the_table(tmp_path: Path) -> None:
    import numpy as np

    from gametheory import NormalFormGame, write_nfg

    rng = np.random.default_rng(1)
    path = tmp_path / "g.nfg"
    write_nfg(NormalFormGame([rng.integers(0, 100, size=(9, 8)) for _ in range(2)]), path)
    code, out, _ = run("solve", str(path), "--method", "lemke-howson")
    labels = [line for line in out.splitlines() if line.startswith("note: label")]
    assert code == 0 and len(labels) == 10 and "note: ... and 7 more starting labels" in out
    code, out, _ = run("solve", str(path), "--method", "lemke-howson", "--json")
    assert len([n for n in json.loads(out)["notes"] if n.startswith("label")]) == 17
