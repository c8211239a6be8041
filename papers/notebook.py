"""Tools for reproducible notes: every number in a note is produced by the paper's code.

A note marks each computed value as ``<!-- value NAME -->TEXT<!-- /value -->``. A paper
folder holds ``note.md`` and ``compute.py`` with a function ``compute() -> dict[str, str]``
(figures are written by ``compute`` into the folder). ``python papers/notebook.py PAPER``
rewrites the marked values from the code; the ``papers`` tests fail when a note and its code
disagree.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"<!-- value (?P<name>[\w.-]+) -->(?P<text>.*?)<!-- /value -->", re.S)


def papers() -> list[str]:
    """Names of the paper folders (those with a note and its code)."""
    return sorted(p.name for p in HERE.iterdir() if (p / "note.md").exists() and (p / "compute.py").exists())


def load(paper: str) -> ModuleType:
    """Import a paper's ``compute.py`` by path (papers are not a package)."""
    path = HERE / paper / "compute.py"
    spec = importlib.util.spec_from_file_location(f"papers_{paper}_compute", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def noted_values(paper: str) -> dict[str, str]:
    """The values as written in the note."""
    text = (HERE / paper / "note.md").read_text(encoding="utf-8")
    return {m.group("name"): m.group("text") for m in MARK.finditer(text)}


def render(paper: str) -> list[str]:
    """Recompute a paper and rewrite its note's marked values; return the names that changed."""
    values = load(paper).compute()
    path = HERE / paper / "note.md"
    text = path.read_text(encoding="utf-8")
    changed: list[str] = []

    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in values:
            raise KeyError(f"{paper}/note.md marks {name!r}, which compute() does not produce")
        if values[name] != m.group("text"):
            changed.append(name)
        return f"<!-- value {name} -->{values[name]}<!-- /value -->"

    path.write_text(MARK.sub(sub, text), encoding="utf-8")
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:] or papers():
        print(name, "changed:", ", ".join(render(name)) or "nothing")
