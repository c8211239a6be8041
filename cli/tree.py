"""``gametheory tree``: export a game tree as Mermaid, DOT, JSON, .efg, or a PNG/SVG drawing.

The first subgame-perfect equilibrium is highlighted: in Mermaid and DOT its most
likely play (``likely_path``: the sure ``path``, continued through chance nodes and
mixed choices along their most likely branch, so trees that open with a chance move
still show a play); in drawings every edge it plays with positive probability.
"""

from __future__ import annotations

from typing import Any

import click

from ._common import set_option

FORMATS = ["mermaid", "dot", "json", "efg", "png", "svg"]


@click.command()
@click.argument("model", metavar="MODEL")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="mermaid", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (required for png and svg).")
@set_option
def tree(model: str, fmt: str, output: str | None, sets: tuple[str, ...]) -> None:
    """Export the tree of MODEL (a .efg file or a tree model), equilibrium path highlighted."""
    import json

    from gametheory.exceptions import ModelError, NotSupportedError

    from .solve_tree import load_tree

    if fmt in ("png", "svg") and not output:
        raise NotSupportedError(f"--format {fmt} writes a file: give -o FILE.{fmt}")
    t = load_tree(model, sets)
    if t is None:
        raise ModelError(f"{model}: not a game tree (.efg file or tree model)")
    eq = _first_equilibrium(t) if fmt in ("mermaid", "dot", "png", "svg") else None
    path = eq["likely_path"] if eq else None
    if fmt in ("png", "svg"):
        from pathlib import Path

        from gametheory.extensive.draw import save_tree

        target = Path(output)  # type: ignore[arg-type]
        if target.suffix.lower() != f".{fmt}":
            raise NotSupportedError(f"--format {fmt}: the output file should end in .{fmt}, got {target.name}")
        save_tree(t, target, path=eq["strategy"] if eq else None)
        click.echo(f"wrote {target}")
        return
    if fmt == "mermaid":
        from gametheory.io.tree_export import to_mermaid
        text = to_mermaid(t, path)
    elif fmt == "dot":
        from gametheory.io.tree_export import to_dot
        text = to_dot(t, path)
    elif fmt == "json":
        from gametheory.io.tree_export import to_json
        text = json.dumps(to_json(t), indent=2) + "\n"
    else:
        from gametheory.io.efg import format_efg
        text = format_efg(t)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


def _first_equilibrium(t: Any) -> dict | None:
    """The first subgame-perfect equilibrium, or None (with a note on stderr) when it cannot be found."""
    from gametheory.exceptions import NotSupportedError

    if t.is_symbolic:
        return None
    from gametheory.extensive.subgame_perfect import subgame_perfect_equilibria

    try:
        res = subgame_perfect_equilibria(t, max_equilibria=1)
    except NotSupportedError as exc:
        click.echo(f"note: no equilibrium highlighted ({exc})", err=True)
        return None
    return res.equilibria[0] if res.equilibria else None
