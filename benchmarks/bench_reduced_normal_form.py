"""Reduced normal form of game trees: gametheory against pygambit's ``Game.to_arrays()``.

Runs both on the same trees in one process and prints times, the ratio (pygambit / ours) and whether the
strategy counts agree. Trees: Gambit's own ``.efg`` files that pygambit reads (their reduced normal forms
of at most ``--max-profiles`` pure profiles: pygambit builds the whole table, so larger ones would run for
minutes or exhaust memory), and complete binary trees with perfect information (each node its own
information set: player A of the depth-5 tree has 21 sets but 128 reduced plans).

    python benchmarks/bench_reduced_normal_form.py [--max-profiles 20000] [--repeat 3] [--quick]

``--quick`` (a smoke run of a few seconds) means ``--max-profiles 1000 --repeat 1``.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path

import pygambit
from _timing import best_time  # benchmarks/ is on sys.path when a script in it runs
from pygambit_compat import strategy_labels

from gametheory.exceptions import NotSupportedError
from gametheory.extensive._reduced_normal_form import (
    reduced_normal_form,
    reduced_plans_of,
)
from gametheory.games.tree import GameTree
from gametheory.io.efg import format_efg, read_efg

# Gambit's reference games, kept with the tests (provenance: tests/data/README.md)
GAMES = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit" / "games"


def binary_tree(depth: int) -> GameTree:
    """Players A and B alternate; every node is its own information set; integer payoffs."""
    t = GameTree(["A", "B"], title=f"binary depth {depth}")

    def build(name: str, parent: str | None, action: str | None, d: int) -> None:
        if d == depth:
            t.add_terminal(name, (len(name) % 5, (3 * len(name)) % 7), parent, action)
            return
        t.add_decision(name, "AB"[d % 2], parent, action)
        for a in ("L", "R"):
            build(name + a, name, a, d + 1)

    build("r", None, None, 0)
    return t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-profiles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="smoke run: --max-profiles 1000 --repeat 1")
    args = parser.parse_args(argv)
    if args.quick:
        args.max_profiles, args.repeat = 1000, 1
    cases: list[tuple[str, GameTree, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for depth in (4, 5):
            tree = binary_tree(depth)
            path = Path(tmp) / f"binary{depth}.efg"
            path.write_text(format_efg(tree))
            cases.append((tree.title, tree, pygambit.read_efg(str(path))))
        for path in sorted(GAMES.glob("*.efg")):
            try:
                theirs = pygambit.read_efg(str(path))
            except ValueError:  # e.g. repeated node labels, which pygambit refuses
                continue
            tree = read_efg(path)
            try:
                counts = [len(reduced_plans_of(tree, p, limit=args.max_profiles)[1]) for p in tree.players]
            except NotSupportedError:
                continue
            if math.prod(counts) <= args.max_profiles:
                cases.append((path.name, tree, theirs))
    print(f"{'tree':<22}{'shape':>14}{'pygambit s':>12}{'ours s':>10}{'ratio':>9}{'same':>6}")
    ratios = []
    for name, tree, theirs in cases:
        tg, _ = best_time(theirs.to_arrays, args.repeat)
        to, ours = best_time(lambda tree=tree: reduced_normal_form(tree), args.repeat)
        same = tuple(len(labels) for labels in strategy_labels(theirs)) == ours.shape
        ratios.append(tg / to)
        print(f"{name:<22}{'x'.join(map(str, ours.shape)):>14}{tg:>12.4f}{to:>10.4f}{tg / to:>8.1f}x{same!s:>6}")
    ratios.sort()
    print(f"{len(ratios)} trees: median ratio {ratios[len(ratios) // 2]:.1f}x (min {ratios[0]:.1f}x, "
          f"max {ratios[-1]:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
