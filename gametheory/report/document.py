"""The report document: sections of text, tables and figures, rendered to Markdown, HTML and JSON."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Table", "Figure", "Section", "Report"]


@dataclass(frozen=True)
class Table:
    """A table: column headers and rows of already formatted cells."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    def to_markdown(self) -> str:
        def esc(cell: str) -> str:
            return str(cell).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(esc(h) for h in self.headers) + " |",
                 "|" + "|".join("---" for _ in self.headers) + "|"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in self.rows]
        if self.caption:
            lines.append(f"\n*{self.caption}*")
        return "\n".join(lines)

    def to_html(self) -> str:
        head = "".join(f"<th>{html.escape(str(h))}</th>" for h in self.headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in self.rows)
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True)
class Figure:
    """A figure file written next to the report (``path`` is relative to the report folder)."""

    path: str
    caption: str

    def to_markdown(self) -> str:
        return f"![{self.caption}]({self.path})\n\n*{self.caption}*"

    def to_html(self) -> str:
        return (f'<figure><img class="report-figure" src="{html.escape(self.path)}" alt="{html.escape(self.caption)}">'
                f"<figcaption>{html.escape(self.caption)}</figcaption></figure>")


@dataclass(frozen=True)
class Section:
    """One analysis of the report. ``data`` holds every number shown, for ``--json``."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def to_markdown(self) -> str:
        parts = [f"## {self.title}"]
        parts += list(self.paragraphs)
        parts += [t.to_markdown() for t in self.tables]
        parts += [f.to_markdown() for f in self.figures]
        return "\n\n".join(parts)

    def to_html(self) -> str:
        parts = [f'<section id="{html.escape(self.key)}"><h2>{html.escape(self.title)}</h2>']
        parts += [f"<p>{html.escape(p)}</p>" for p in self.paragraphs]
        parts += [t.to_html() for t in self.tables]
        parts += [f.to_html() for f in self.figures]
        parts.append("</section>")
        return "\n".join(parts)


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; } caption { caption-side: bottom; font-style: italic; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; } th { background: #f3f3f3; }
p { white-space: pre-line; } figure { margin: 1rem 0; } img { max-width: 100%; } figcaption { font-style: italic; color: #555; }
.question { font-size: 1.15rem; border-left: 4px solid #4a7; padding-left: 0.8rem; }
"""

# Marks the page once every figure has loaded (or failed): the browser test reads these attributes.
_SCRIPT = """
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.querySelectorAll('img.report-figure'));
  var bad = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
  document.body.setAttribute('data-figures', String(imgs.length));
  document.body.setAttribute('data-figures-failed', String(bad.length));
});
"""


@dataclass(frozen=True)
class Report:
    """A report on one model at given parameter values."""

    model: str
    title: str
    question: str
    sections: tuple[Section, ...]
    values: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def section(self, key: str) -> Section:
        """The section with the given key."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def to_markdown(self) -> str:
        head = [f"# {self.title}", f"**Question.** {self.question}" if self.question else ""]
        body = [s.to_markdown() for s in self.sections]
        notes = ["## Notes\n\n" + "\n".join(f"- {n}" for n in self.notes)] if self.notes else []
        return "\n\n".join([h for h in head if h] + body + notes) + "\n"

    def to_html(self) -> str:
        body = "\n".join(s.to_html() for s in self.sections)
        notes = ("<section><h2>Notes</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
                 + "</ul></section>") if self.notes else ""
        question = f'<p class="question"><b>Question.</b> {html.escape(self.question)}</p>' if self.question else ""
        return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(self.title)}"
                f"</title><style>{_STYLE}</style><script>{_SCRIPT}</script></head><body>\n"
                f"<h1>{html.escape(self.title)}</h1>{question}\n{body}\n{notes}\n</body></html>\n")

    def to_json(self) -> dict[str, Any]:
        """Every number in the report, by section key."""
        return {
            "model": self.model,
            "title": self.title,
            "question": self.question,
            "parameters": {k: _plain(v) for k, v in self.values.items()},
            "sections": {s.key: {"title": s.title, **{k: _plain(v) for k, v in s.data.items()},
                                 "figures": [f.path for f in s.figures]} for s in self.sections},
            "notes": list(self.notes),
        }

    def write(self, directory: str | Path) -> dict[str, Path]:
        """Write ``report.md``, ``report.html`` and ``report.json`` into ``directory`` (figures are already there)."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"markdown": out / "report.md", "html": out / "report.html", "json": out / "report.json"}
        paths["markdown"].write_text(self.to_markdown(), encoding="utf-8")
        paths["html"].write_text(self.to_html(), encoding="utf-8")
        paths["json"].write_text(json.dumps(self.to_json(), indent=2, allow_nan=False), encoding="utf-8")
        return paths


def _plain(value: Any) -> Any:
    """JSON-ready: Fractions and numpy numbers as floats, containers recursively."""
    from fractions import Fraction

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if hasattr(value, "item"):
        return value.item()
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)
