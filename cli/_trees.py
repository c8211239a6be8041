"""Loading game trees for the tree commands (solve, credibility, tree)."""

from __future__ import annotations

from typing import Any, Sequence


def load_tree(spec: str | None, sets: Sequence[str] = ()) -> Any:
    """A GameTree for a ``.efg`` path (or a tree model), else None."""
    if spec is None:
        return None
    if spec.lower().endswith(".efg"):
        from gametheory.io.efg import read_efg

        return read_efg(spec)
    return None
