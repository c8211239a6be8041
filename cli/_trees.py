"""Loading game trees for the tree commands (solve, credibility, tree).

``load_tree`` is called by ``gametheory solve`` for every GAME argument, so it
stays cheap and returns None (never raises) for anything that is not a tree:
a normal-form model, an ``.nfg`` file, an unknown name (the normal-form path
then reports that error).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def tree_model(spec: str | None) -> Any:
    """The :class:`~gametheory.io.scenario.Model` of kind ``tree`` that ``spec`` names, else None.

    ``spec`` is a bundled model name or a ``.toml`` path. Files are loaded
    (and errors in them raised) only when their ``game.kind`` is ``"tree"``.

    Examples
    --------
    >>> tree_model("us_japan_tariffs") is None
    True
    >>> tree_model("no_such_model") is None
    True
    """
    if spec is None:
        return None
    path = Path(spec)
    if path.suffix.lower() == ".toml":
        if not path.is_file() or _kind_of_file(path) != "tree":
            return None
        import gametheory

        from ._common import current_as_of

        return gametheory.load_model(path, as_of=current_as_of())
    if path.suffix:
        return None
    import gametheory.models as bundled

    if spec not in bundled.REGISTRY:
        return None
    from ._common import current_as_of

    model = bundled.load(spec, current_as_of())
    return model if model.kind == "tree" else None


def _kind_of_file(path: Path) -> str | None:
    """``game.kind`` of a TOML file, or None when it cannot be read (the caller's loader reports why)."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    game = data.get("game")
    kind = game.get("kind") if isinstance(game, dict) else None
    return kind if isinstance(kind, str) else None


def load_tree(spec: str | None, sets: Sequence[str] = ()) -> Any:
    """A GameTree for a ``.efg`` path or a tree model (at its values with ``--set`` overrides), else None."""
    if spec is None:
        return None
    from ._common import parse_sets

    if spec.lower().endswith(".efg"):
        from gametheory.io.efg import read_efg

        if sets:
            from gametheory.exceptions import ParameterError

            raise ParameterError("--set applies to models, not to .efg files")
        return read_efg(spec)
    model = tree_model(spec)
    if model is None:
        return None
    return model.build("tree", **parse_sets(sets))
