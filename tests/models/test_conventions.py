"""models/CONVENTIONS.md documents the framework as it is: every building block with its body, current.

Run as a module (``python -m tests.models.test_conventions``) to print the table to paste between the
``framework`` markers.
"""

from __future__ import annotations

import re

from gametheory.io.framework import FRAMEWORK_FUNCTIONS
from tests.conftest import REPO

DOC = REPO / "models" / "CONVENTIONS.md"
BEGIN, END = "<!-- framework:begin -->", "<!-- framework:end -->"


def framework_table() -> str:
    """The markdown table of the building blocks, from FRAMEWORK_FUNCTIONS."""
    lines = ["| function | unit | body | meaning |", "|---|---|---|---|"]
    for f in FRAMEWORK_FUNCTIONS.values():
        lines.append(f"| `{f.name}({', '.join(f.args)})` | {f.unit} | `{f.body}` | {f.doc.replace('|', '/')} |")
    return "\n".join(lines)


def documented_table() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip()


def test_every_building_block_is_documented_with_its_body() -> None:
    table = documented_table()
    for f in FRAMEWORK_FUNCTIONS.values():
        assert f"`{f.name}({', '.join(f.args)})`" in table, f.name
        assert f"`{f.body}`" in table, f"{f.name}: the body in CONVENTIONS.md is not the code's"
    assert table == framework_table(), "regenerate: python -m tests.models.test_conventions"


def test_conventions_cite_resolvable_tags() -> None:
    import tomllib

    refs = tomllib.loads((REPO / "models" / "data" / "references.toml").read_text(encoding="utf-8"))
    tags = set(re.findall(r"\[([RL]\d+)\]", DOC.read_text(encoding="utf-8")))
    assert {"R68", "L31", "R67", "R23", "R58"} <= tags
    assert tags <= set(refs)


if __name__ == "__main__":  # pragma: no cover
    print(framework_table())
