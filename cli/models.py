"""``gametheory models``: list the bundled models and show one (parameters, sources, question)."""

from __future__ import annotations

from typing import Any

import click

from ._common import as_of_option, emit_json, json_option, print_table


@click.group()
def models() -> None:
    """The bundled scenario models (and your own model files)."""


@models.command("list")
@json_option
def list_models(as_json: bool) -> None:
    """List the bundled models: name, kind, players and title."""
    import gametheory.models as bundled

    rows = []
    for name in bundled.available():
        m = bundled.load(name)
        rows.append({"name": m.name, "title": m.title, "kind": m.kind, "players": list(m.players)})
    if as_json:
        emit_json(rows)
        return
    print_table(["name", "kind", "players", "title"],
                [[r["name"], r["kind"], ", ".join(r["players"]), r["title"]] for r in rows],
                title="bundled models")


@models.command("show")
@click.argument("name", metavar="NAME|FILE")
@as_of_option
@json_option
def show(name: str, as_json: bool) -> None:
    """Show a model: the question it answers, its players, and its parameters with units and sources."""
    from ._common import load_model_or_file

    model = load_model_or_file(name)
    if as_json:
        emit_json(model.to_json())
        return
    click.echo(f"{model.name}: {model.title}")
    click.echo(f"kind: {model.kind}; players: {', '.join(model.players)}; views: {', '.join(model.views())}")
    click.echo(f"question: {' '.join(model.question.split())}")
    if model.as_of is not None:
        click.echo(f"dated data defaults as of {model.as_of}")
    print_table(["parameter", "default", "unit", "bounds", "source", "description"],
                [[p.name, _number(p.default), p.unit, _bounds(p.minimum, p.maximum), _source(p), p.description]
                 for p in model.parameters],
                title="parameters")
    click.echo(model.description)
    if model.citations:
        click.echo("sources:")
        for c in model.citations:
            click.echo(f"  {c}")


def _number(v: Any) -> str:
    from fractions import Fraction

    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else repr(float(v))
    return repr(v)


def _bounds(lo: Any, hi: Any) -> str:
    if lo is None and hi is None:
        return ""
    return f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"


def _source(p: Any) -> str:
    """The parameter's source, with the data cell its default was read from."""
    if p.data is None:
        return str(p.source)
    return f"{p.source} ({p.data.file}: {p.data.column} at {p.data.row})"
