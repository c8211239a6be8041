"""``gametheory report``: every analysis that applies to a model, as Markdown, HTML and JSON."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import emit_json, json_option, load_model_or_file, parse_sets, set_option

#: The headline model: Japan's Treasury card (falls back to the default model until it is bundled).
HEADLINE = "treasury_card"


@click.command()
@click.argument("model", required=False, metavar="[MODEL]")
@set_option
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), default=None,
              help="Folder for report.md, report.html, report.json and figures [default: report-MODEL].")
@json_option
def report(model: str | None, sets: tuple[str, ...], output: str | None, as_json: bool) -> None:
    """Report on MODEL (a bundled model name or a model file; default: the headline model treasury_card).

    Runs every analysis that applies (equilibria, credibility of threats, cooperation thresholds,
    sensitivity thresholds, bargaining) and writes a Markdown report with figures and an HTML version
    that opens in a browser. --json prints every number in the report.
    """
    import gametheory.models as bundled
    from gametheory.report import build_report

    if model is None:
        model = HEADLINE if HEADLINE in bundled.available() else bundled.DEFAULT
    loaded = load_model_or_file(model)
    outdir = Path(output) if output else Path(f"report-{loaded.name}")
    overrides = parse_sets(sets)
    if as_json:
        result = build_report(loaded, overrides, outdir)
    else:
        from rich.console import Console

        console = Console(stderr=True)
        with console.status("running analyses") as status:
            result = build_report(loaded, overrides, outdir,
                                  progress=lambda name: status.update(f"running analysis: {name}"))
    paths = result.write(outdir)
    if as_json:
        emit_json({**result.to_json(), "files": {k: str(v) for k, v in paths.items()}})
        return
    click.echo(f"{result.title}")
    if result.question:
        click.echo(f"Question: {result.question}")
    for section in result.sections:
        first = section.paragraphs[0] if section.paragraphs and section.key != "overview" else ""
        click.echo(f"- {section.title}" + (f": {first}" if first else ""))
    for note in result.notes:
        click.echo(f"note: {note}")
    click.echo(f"Report written to {paths['markdown']} and {paths['html']} (open the HTML in a browser).")
