"""solve(): the dispatcher picks a method and passes exactness through."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame, NotSupportedError, read_nfg, solve
from tests.conftest import GAMES


def test_auto_uses_enumeration_for_small_two_player_games() -> None:
    res = solve(read_nfg(GAMES / "coord3.nfg"))
    assert res.method == "vertex-enumeration" and res.complete and len(res) == 7


def test_exact_flag_converts() -> None:
    g = read_nfg(GAMES / "2x2.nfg")
    assert solve(g).exact
    res = solve(g, exact=False)
    assert not res.exact and res.max_regret <= g.tolerance()
    gf = NormalFormGame([np.array([[1.5, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 2.0]])])
    assert solve(gf, exact=True).exact


def test_unknown_method() -> None:
    with pytest.raises(NotSupportedError, match="unknown method"):
        solve(read_nfg(GAMES / "pd.nfg"), "magic")
    assert issubclass(NotSupportedError, NotImplementedError)


def test_two_player_methods_refuse_three_players() -> None:
    with pytest.raises(NotSupportedError, match="two-player"):
        solve(read_nfg(GAMES / "2x2x2.nfg"), "enumeration")


def test_auto_enumerates_n_player_games_up_to_64_profiles_completely() -> None:
    rng = np.random.default_rng(0)
    game = NormalFormGame([rng.integers(0, 1000, size=(4, 4, 4)) for _ in range(3)])
    res = solve(game)
    assert res.method == "support-enumeration-polynomial" and res.complete and len(res) == 5


def _random_5x4x4(seed: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame([rng.integers(0, 1000, size=(5, 4, 4)) for _ in range(3)])


def test_auto_enumerates_larger_n_player_games_within_the_time_limit() -> None:
    game = _random_5x4x4(0)  # 80 profiles, 4 pure equilibria
    cut = solve(game, time_limit=1e-6)  # the pure profiles are settled before the first batch of supports
    assert cut.method == "support-enumeration-polynomial" and not cut.complete
    assert any("time limit" in n for n in cut.notes) and any("--time-limit" in n for n in cut.notes)
    assert len(cut) >= 4
    assert all(game.regret(e.profile) == 0 for e in cut)
    full = solve(game)  # well within AUTO_SECONDS
    assert full.method == "support-enumeration-polynomial" and full.complete and len(full) > len(cut)
    assert {e.support for e in cut} <= {e.support for e in full}


def test_auto_follows_a_path_when_enumeration_finds_nothing_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setattr(importlib.import_module("gametheory.solvers._solve"), "AUTO_SECONDS", 1e-6)
    game = _random_5x4x4(4)  # no pure equilibrium: nothing is found before the time is up
    res = solve(game)
    assert res.method == "logit-path" and not res.complete and len(res) == 1
    assert any("enumeration found no equilibrium within" in n for n in res.notes)
    assert game.regret(res[0].profile) <= game.tolerance()


def test_auto_follows_a_path_where_enumeration_would_examine_too_many_supports(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from gametheory.solvers import nplayer

    rng = np.random.default_rng(0)
    big = NormalFormGame([rng.integers(0, 1000, size=(3, 3, 3, 3)) for _ in range(4)])
    # 3x3x3x3 has 7**4 = 2401 support profiles
    monkeypatch.setattr(importlib.import_module("gametheory.solvers._solve"), "AUTO_SUPPORT_PROFILES", 1000)
    res = solve(big)
    assert res.method == "logit-path" and len(res) == 1
    assert big.regret(res[0].profile) <= big.tolerance()
    monkeypatch.setattr(nplayer, "SUPPORT_PROFILE_LIMIT", 1000)
    with pytest.raises(NotSupportedError, match="2,401 support profiles"):
        solve(big, "polynomial")


def test_auto_two_player_falls_back_to_lemke_howson_past_the_time_limit() -> None:
    rng = np.random.default_rng(3)
    game = NormalFormGame([rng.integers(0, 100, size=(8, 8)) for _ in range(2)])
    full = solve(game)
    assert full.method == "vertex-enumeration" and full.complete
    cut = solve(game, time_limit=1e-9)  # expires before the first layer of the vertex search
    assert cut.method == "lemke-howson" and not cut.complete and len(cut) >= 1
    assert any("did not finish within 1e-09 s" in n for n in cut.notes)
    assert all(game.regret(e.profile) == 0 for e in cut)
    assert {e.profile for e in cut} <= {e.profile for e in full}
    assert solve(game, "enumeration", time_limit=1e-9).method == "vertex-enumeration"
