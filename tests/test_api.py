"""The public API: every name in every ``__all__`` is what it promises, before and after solving, and every
misuse of an entry point ends in one of the package's errors with a message naming the argument."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import types
from fractions import Fraction
from pathlib import Path

import pytest

import gametheory as gt
from gametheory.exceptions import (
    FileFormatError,
    GameTheoryError,
    InvalidArgumentError,
    InvalidGameError,
    NotSupportedError,
)

PACKAGES = ["gametheory", "gametheory.solvers", "gametheory.extensive", "gametheory.repeated",
            "gametheory.bargaining", "gametheory.sensitivity", "gametheory.io", "gametheory.games",
            "gametheory.report", "gametheory.exceptions"]

PD = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]

# A centipede-like tree: the first mover takes (1, 0) or passes; the second takes (0, 2) or passes (3, 1).
EFG = """EFG 2 R "take or pass" { "A" "B" } ""
p "" 1 1 "" { "take" "pass" } 0
t "" 1 "" { 1, 0 }
p "" 2 1 "" { "take" "pass" } 0
t "" 2 "" { 0, 2 }
t "" 3 "" { 3, 1 }
"""


def _snapshot() -> dict[tuple[str, str], object]:
    out = {}
    for name in PACKAGES:
        pkg = importlib.import_module(name)
        for attr in pkg.__all__:
            out[name, attr] = getattr(pkg, attr)
    return out


def _solve_everything() -> None:
    """Run every solver once, so that every lazily imported solver module is loaded."""
    game = gt.NormalFormGame(PD)
    for method in gt.solvers.METHODS:
        if method == "zero-sum":
            gt.solve(gt.NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]), method)
        else:
            gt.solve(game, method)
    from gametheory.io.efg import parse_efg

    gt.solve(parse_efg(EFG), "spe")


def test_every_public_name_is_a_function_class_or_constant_never_a_module_before_and_after_solving() -> None:
    before = _snapshot()
    _solve_everything()
    after = _snapshot()
    for (pkg, attr), value in before.items():
        assert not isinstance(value, types.ModuleType), f"{pkg}.{attr} is a module, {pkg}.__all__ promises a name"
        assert after[pkg, attr] is value, f"{pkg}.{attr} changed after solving"
        if hasattr(importlib.import_module(pkg), "__path__"):
            # No submodule shares the name, so no import can ever rebind it.
            assert importlib.util.find_spec(f"{pkg}.{attr}") is None, f"{pkg}.{attr} is also a module name"


@pytest.mark.parametrize("pkg, name", [
    ("gametheory.solvers", "lemke_howson"), ("gametheory.solvers", "solve"),
    ("gametheory.extensive", "backward_induction"), ("gametheory.extensive", "credibility"),
    ("gametheory.extensive", "reduced_normal_form"), ("gametheory.extensive", "subgames"),
    ("gametheory.repeated", "minmax"), ("gametheory.repeated", "spe_payoffs"),
    ("gametheory.repeated", "tournament"), ("gametheory.bargaining", "rubinstein"),
    ("gametheory.sensitivity", "sweep"), ("gametheory.sensitivity", "thresholds"),
])
def test_functions_that_once_shared_a_module_name_are_functions_by_every_import_form(pkg: str, name: str) -> None:
    module = importlib.import_module(pkg)
    direct = getattr(module, name)
    assert inspect.isfunction(direct) and direct.__name__ == name
    namespace: dict[str, object] = {}
    exec(f"from {pkg} import {name} as imported", namespace)  # the form the issue reported
    assert namespace["imported"] is direct
    with pytest.raises(ModuleNotFoundError):  # no module of that name left to shadow it
        importlib.import_module(f"{pkg}.{name}")


def test_lemke_howson_stays_the_function_after_solve() -> None:
    from gametheory.solvers import lemke_howson

    gt.solve(gt.NormalFormGame(PD), "lemke-howson")
    import gametheory.solvers

    assert gametheory.solvers.lemke_howson is lemke_howson
    assert callable(lemke_howson) and not isinstance(lemke_howson, types.ModuleType)


def test_dir_of_solvers_lists_lazy_names() -> None:
    import gametheory.solvers

    assert set(gametheory.solvers.__all__) <= set(dir(gametheory.solvers))


# --------------------------------------------------------------------------- trees through gt.solve


def test_read_efg_and_solve_a_tree_in_two_calls(tmp_path: Path) -> None:
    path = tmp_path / "take.efg"
    path.write_text(EFG, encoding="utf-8")
    tree = gt.read_efg(path)
    spe = gt.solve(tree, "spe")
    # Backward induction: B takes (0, 2) rather than pass (3, 1), so A takes at once: (1, 0).
    assert spe.count == 1
    assert [tuple(e["payoffs"]) for e in spe.equilibria] == [(1, 0)]
    assert spe.equilibria[0]["path"] == ("take",)


def test_solve_tree_default_is_nash_of_the_reduced_normal_form() -> None:
    from gametheory.extensive import reduced_normal_form
    from gametheory.io.efg import parse_efg

    tree = parse_efg(EFG)
    res = gt.solve(tree)
    direct = gt.solve(reduced_normal_form(tree))
    assert [e.profile for e in res] == [e.profile for e in direct]
    assert all(e.regret == 0 for e in res)
    assert res.game.strategies == reduced_normal_form(tree).strategies
    # "nash" is the same as auto; a normal-form method goes to the reduced normal form too.
    assert [e.profile for e in gt.solve(tree, "nash")] == [e.profile for e in res]
    assert len(gt.solve(tree, "pure")) >= 1


def test_solve_tree_refuses_unknown_methods_clearly() -> None:
    from gametheory.io.efg import parse_efg

    tree = parse_efg(EFG)
    with pytest.raises(NotSupportedError, match="unknown method 'backwards' for a game tree"):
        gt.solve(tree, "backwards")
    with pytest.raises(NotSupportedError, match="'spe' takes no time_limit"):
        gt.solve(tree, "spe", time_limit=1.0)
    with pytest.raises(InvalidArgumentError, match="method must be a string"):
        gt.solve(tree, 3)


def test_write_efg_round_trips(tmp_path: Path) -> None:
    from gametheory.io.efg import parse_efg

    tree = parse_efg(EFG)
    gt.write_efg(tree, tmp_path / "out.efg")
    again = gt.read_efg(tmp_path / "out.efg")
    assert gt.solve(again, "spe").equilibria[0]["payoffs"] == gt.solve(tree, "spe").equilibria[0]["payoffs"]


def test_read_efg_refuses_non_utf8_and_accepts_a_bom(tmp_path: Path) -> None:
    bad = tmp_path / "bad.efg"
    bad.write_bytes(b"EFG 2 R \xff\xfe")
    with pytest.raises(FileFormatError, match="bad.efg: not UTF-8"):
        gt.read_efg(bad)
    bom = tmp_path / "bom.efg"
    bom.write_bytes(b"\xef\xbb\xbf" + EFG.encode())
    assert gt.read_efg(bom).players == ("A", "B")


# --------------------------------------------------------------------------- misuse


@pytest.mark.parametrize("call, error, words", [
    (lambda: gt.solve(None), InvalidArgumentError, "game must be a NormalFormGame or a GameTree, got NoneType"),
    (lambda: gt.solve([[1, 2], [3, 4]]), InvalidArgumentError, "got list"),
    (lambda: gt.solve("game.nfg"), InvalidArgumentError, "read a file with gametheory.read_nfg"),
    (lambda: gt.solve(gt.NormalFormGame(PD), method=3), InvalidArgumentError, "method must be a string"),
    (lambda: gt.solve(gt.NormalFormGame(PD), method=[]), InvalidArgumentError, "method must be a string"),
    (lambda: gt.solve(gt.NormalFormGame(PD), "nope"), NotSupportedError, "unknown method 'nope'"),
    (lambda: gt.solve(gt.NormalFormGame(PD), exact="yes"), InvalidArgumentError, "exact must be"),
    (lambda: gt.solve(gt.NormalFormGame(PD), time_limit="1"), InvalidArgumentError, "time_limit must be"),
    (lambda: gt.solve(gt.NormalFormGame(PD), max_support=1.5), InvalidArgumentError, "max_support must be"),
    (lambda: gt.read_nfg(None), InvalidArgumentError, "path must be a file path"),
    (lambda: gt.read_nfg(12), InvalidArgumentError, "got int"),
    (lambda: gt.read_efg(None), InvalidArgumentError, "path must be a file path"),
    (lambda: gt.write_nfg(None, "x.nfg"), InvalidArgumentError, "game must be a NormalFormGame"),
    (lambda: gt.write_nfg(gt.NormalFormGame(PD), None), InvalidArgumentError, "path must be a file path"),
    (lambda: gt.write_efg(gt.NormalFormGame(PD), "x.efg"), InvalidArgumentError, "tree must be a GameTree"),
    (lambda: gt.load_model(None), InvalidArgumentError, "path must be a file path"),
    (lambda: gt.NormalFormGame("abc"), InvalidArgumentError, "got a string"),
    (lambda: gt.NormalFormGame(None), InvalidGameError, "payoffs must be one array per player"),
    (lambda: gt.NormalFormGame(PD, strategies=5), InvalidArgumentError, "strategies must be one sequence"),
    (lambda: gt.NormalFormGame(PD, players=3), InvalidArgumentError, "player labels must be a sequence"),
    (lambda: gt.NormalFormGame(PD, players="AB"), InvalidArgumentError, "got str"),
    (lambda: gt.NormalFormGame([[[10**400, 1], [1, 1]], [[1, 1], [1, 1]]]), InvalidGameError, "too large"),
])
def test_misuse_is_one_clear_project_error(call, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, GameTheoryError)
    message = str(info.value)
    assert words in message and "\n" not in message


def test_argument_errors_are_type_errors_for_callers_who_do_not_know_the_package() -> None:
    with pytest.raises(TypeError):
        gt.solve(object())


def test_symbolic_game_is_refused_with_a_hint() -> None:
    import sympy

    from gametheory.games.symbolic import SymbolicGame

    t = sympy.Symbol("T", real=True)
    game = SymbolicGame([[[3, 0], [t, 1]], [[3, t], [0, 1]]])
    with pytest.raises(NotSupportedError, match="substitute parameter values first"):
        gt.solve(game)
    assert [e.profile for e in gt.solve(game.substitute({"T": 5}))] == [((Fraction(0), Fraction(1)),
                                                                           (Fraction(0), Fraction(1)))]
