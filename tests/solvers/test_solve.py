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


def test_auto_enumerates_n_player_games_up_to_64_profiles_and_follows_a_path_above() -> None:
    rng = np.random.default_rng(0)
    game = NormalFormGame([rng.integers(0, 1000, size=(4, 4, 4)) for _ in range(3)])
    res = solve(game)
    assert res.method == "support-enumeration-polynomial" and res.complete and len(res) == 5
    big = NormalFormGame([rng.integers(0, 1000, size=(3, 3, 3, 3)) for _ in range(4)])
    res = solve(big)
    assert res.method != "support-enumeration-polynomial" and len(res) == 1
    assert big.regret(res[0].profile) <= big.tolerance()
