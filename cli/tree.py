"""``gametheory tree``: export a game tree as Mermaid, DOT, JSON or .efg."""

from __future__ import annotations

import click

from ._common import emit_json, set_option


@click.command()
@click.argument("model", metavar="MODEL")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "json", "efg"]), default="mermaid")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to FILE.")
@set_option
def tree(model: str, fmt: str, output: str | None, sets: tuple[str, ...]) -> None:
    """Export the tree of MODEL (a .efg file or a tree model), equilibrium path highlighted."""
    import json

    from gametheory.exceptions import ModelError

    from .solve_tree import load_tree

    t = load_tree(model, sets)
    if t is None:
        raise ModelError(f"{model}: not a game tree (.efg file or tree model)")
    path = None
    if fmt in ("mermaid", "dot") and t.has_perfect_information and not t.is_symbolic:
        from gametheory.extensive.backward_induction import backward_induction

        path = backward_induction(t).equilibria[0]["path"]
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
