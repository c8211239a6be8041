"""Every game file shipped with the installed pygambit reads, and reads as Gambit reads it.

Gambit's own writer lists every node in full (actions at every member of an information set, every
outcome's payoffs), so its output is a canonical text of the game as Gambit understood the file. Our
reading of the original file must agree with it: same players, node count, terminal payoffs in
depth-first order, information sets per player, strategy sets and payoff tables. The catalog files
that list an information set's actions only at its first member (13 in pygambit 17's catalog) are
the point; three of them are copied to ``tests/data/gambit`` for the tests that run without pygambit.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory.io.efg import parse_efg, read_efg
from gametheory.io.nfg import parse_nfg, read_nfg

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"
# Copied from Gambit's catalog (GPL-2.0-or-later); see tests/data/gambit's provenance notes.
SHORT_ISETS = ["vonstengel2022_fig10.5.efg", "shohamleytonbrown2008_fig5_10.efg", "vonstengelforges2008_fig1.efg"]


def _catalog_files() -> list[Path]:
    try:
        from importlib.resources import files

        import pygambit  # noqa: F401
    except ImportError:
        return []
    root = Path(str(files("pygambit") / "catalog_data"))
    return sorted(p for p in root.rglob("*") if p.suffix in (".efg", ".nfg"))


CATALOG = _catalog_files()


def _dfs_terminals(tree) -> list[tuple]:
    out, stack = [], [tree.root]
    while stack:
        node = stack.pop()
        if tree.kind(node) == "terminal":
            out.append(tuple(Fraction(v) for v in tree.payoffs(node)))
        else:
            stack.extend(reversed(tree.children(node)))
    return out


def _infoset_counts(tree) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in tree.infosets():
        player = key[0]
        counts[player] = counts.get(player, 0) + 1
    return counts


def _node_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if re.match(r"\s*[pct]\s+\"", line))


@pytest.mark.skipif(not CATALOG, reason="pygambit (and its catalog) is not installed")
@pytest.mark.parametrize("path", CATALOG, ids=lambda p: "/".join(p.parts[-3:]))
def test_catalog_file_reads_as_gambit_reads_it(path):
    import pygambit as gbt

    if path.suffix == ".efg":
        ours = read_efg(path)
        ours.validate()
        game = gbt.read_efg(str(path))
        canonical = game.to_efg()
        theirs = parse_efg(canonical, source="pygambit")
        assert len(ours) == _node_lines(canonical)
        assert list(ours.players) == [str(p) for p in game.players]
        assert _dfs_terminals(ours) == _dfs_terminals(theirs)
        assert _infoset_counts(ours) == {str(p): len(game.get_infosets(p)) for p in game.players
                                         if len(game.get_infosets(p))}
        assert [ours.history(n) for n in ours.nodes("terminal")] == [
            theirs.history(n) for n in theirs.nodes("terminal")]
    else:
        ours = read_nfg(path)
        game = gbt.read_nfg(str(path))
        theirs = parse_nfg(game.to_nfg(), source="pygambit")
        assert list(ours.players) == [str(p) for p in game.players]
        assert ours.shape == theirs.shape
        assert np.array_equal(ours.exact_payoff_array, theirs.exact_payoff_array)


def test_catalog_holds_the_short_infoset_files():
    """Guards the test above against a catalog that moved: the files this reader once rejected are in it."""
    if not CATALOG:
        pytest.skip("pygambit (and its catalog) is not installed")
    short = [p for p in CATALOG if p.suffix == ".efg" and re.search(r'^p "[^"]*" \d+ \d+ \d+\s*$',
                                                                     p.read_text(), re.M)]
    assert len(short) >= 13


@pytest.mark.parametrize("name", SHORT_ISETS)
def test_information_set_actions_given_at_first_member_only(name):
    path = DATA / name
    tree = read_efg(path)
    tree.validate()
    text = path.read_text()
    assert re.search(r'^p "[^"]*" \d+ \d+ \d+\s*$', text, re.M)  # the abbreviated form is in the file
    assert len(tree) == _node_lines(text)
    # every member of an information set has the actions of its first member
    for members in tree.infosets().values():
        assert len({tree.actions(m) for m in members}) == 1


def test_von_stengel_fig10_5_structure():
    """von Stengel (2022), Fig. 10.5: player II moves l/r, then I chooses T/B at one information set spanning
    both, then II at information set 2 (after l) or 3 (after r); 8 leaves."""
    tree = read_efg(DATA / "vonstengel2022_fig10.5.efg")
    counts = _infoset_counts(tree)
    assert counts == {"I": 1, "II": 3}
    assert len(tree.nodes("terminal")) == 8
    leaf = {tree.history(n): tuple(tree.payoffs(n)) for n in tree.nodes("terminal")}
    assert leaf[("r", "B", "d")] == (0, 4)
    assert leaf[("l", "B", "a")] == (0, 0)


def test_missing_action_list_at_an_unseen_information_set_is_refused():
    from gametheory.exceptions import FileFormatError

    text = 'EFG 2 R "x" { "1" "2" }\n""\np "" 1 1 0\n'
    with pytest.raises(FileFormatError, match="information set 1 has no actions"):
        parse_efg(text)
