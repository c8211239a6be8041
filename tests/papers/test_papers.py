"""Every number in a paper's note is reproduced by its code (marker ``papers``)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "papers"))
notebook = importlib.import_module("notebook")

pytestmark = pytest.mark.papers


@pytest.mark.parametrize("paper", notebook.papers())
def test_note_agrees_with_code(paper: str) -> None:
    computed = notebook.load(paper).compute()
    noted = notebook.noted_values(paper)
    assert noted, f"{paper}/note.md marks no values"
    missing = sorted(set(noted) - set(computed))
    assert not missing, f"note marks values the code does not produce: {missing}"
    wrong = {k: (noted[k], computed[k]) for k in noted if noted[k] != computed[k]}
    assert not wrong, f"note and code disagree (note, code): {wrong}"


def test_there_are_papers() -> None:
    assert {"replications", "treasury_card"} <= set(notebook.papers())
