"""Reports: every analysis that applies to a model, as Markdown, HTML and JSON.

Examples
--------
>>> from gametheory.io.scenario import load_model
>>> from gametheory.report import build_report
>>> import gametheory.models as bundled
>>> report = build_report(bundled.load("us_japan_tariffs"))
>>> [s.key for s in report.sections][:2]
['overview', 'equilibria']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import Figure, Report, Section, Table
from .sections import SECTIONS

__all__ = ["build_report", "Report", "Section", "Table", "Figure"]


def build_report(model: Any, overrides: dict[str, Any] | None = None, outdir: str | Path | None = None,
                 *, progress: Any = None) -> Report:
    """Run every analysis that applies to ``model`` at its defaults updated with ``overrides``.

    Parameters
    ----------
    model : gametheory.io.scenario.Model
        A loaded model.
    overrides : dict, optional
        Parameter values (validated against the model's bounds).
    outdir : path, optional
        Where figures are written; without it the report has no figures.
    progress : callable, optional
        Called with each section name before it runs (for a progress display).
    """
    values = model.values(**(overrides or {}))
    out = Path(outdir) if outdir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    sections: list[Section] = []
    notes: list[str] = []
    for name, analysis in SECTIONS:
        if progress is not None:
            progress(name)
        try:
            section = analysis(model, values, out)
        except Exception as exc:  # noqa: BLE001 - one analysis failing must not sink the report
            notes.append(f"{name}: not shown ({type(exc).__name__}: {exc})")
            continue
        if section is not None:
            sections.append(section)
    return Report(model.name, model.title, getattr(model, "question", ""), tuple(sections), dict(values),
                  tuple(notes))
