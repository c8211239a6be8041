"""gametheory: model negotiations as games.

Certified equilibria of normal-form games (exact where payoffs are rational),
escalation trees and the credibility of threats, repeated games, bargaining,
and payoff sensitivity, with the US-Japan-China tariff and Treasury games as
bundled models.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .exceptions import (
    ExpressionError,
    FileFormatError,
    GameTheoryError,
    InvalidArgumentError,
    InvalidGameError,
    InvalidProfileError,
    ModelError,
    NotSupportedError,
    ParameterError,
    SolverError,
)
from .games import NormalFormGame
from .io.nfg import read_nfg, write_nfg
from .solvers import Equilibrium, EquilibriumResult, solve

if TYPE_CHECKING:  # pragma: no cover
    from .games.tree import GameTree
    from .io.scenario import Model

__version__ = "0.1.0"


def load_model(path: str | os.PathLike[str], as_of: str | None = None) -> Model:
    """Load a model file (TOML, see ``models/FORMAT.md``) into a :class:`~gametheory.io.scenario.Model`.

    ``as_of`` (``YYYY-MM`` or ``YYYY-MM-DD``) recalibrates the defaults read from dated data
    files to that date. A thin wrapper so that ``import gametheory`` does not import sympy.
    """
    from ._checks import check_path
    from .io.scenario import load_model as _load

    return _load(check_path(path), as_of=as_of)


def read_efg(path: str | os.PathLike[str]) -> GameTree:
    """Read a Gambit ``.efg`` file into a :class:`~gametheory.games.tree.GameTree`.

    A thin wrapper of :func:`gametheory.io.efg.parse_efg`, so that ``import gametheory`` does not import
    networkx. Solve the tree with :func:`solve` (``method="spe"`` for its subgame-perfect equilibria).

    Raises
    ------
    FileFormatError
        When the file is not UTF-8 text or is malformed (the message names the file).
    InvalidArgumentError
        When ``path`` is not a str or os.PathLike.
    OSError
        When the file cannot be read.
    """
    from ._checks import read_text
    from .io.efg import parse_efg

    text, p = read_text(path)
    return parse_efg(text, source=str(p))


def write_efg(tree: GameTree, path: str | os.PathLike[str]) -> None:
    """Write a :class:`~gametheory.games.tree.GameTree` to a Gambit ``.efg`` file."""
    from ._checks import check_path
    from .games.tree import GameTree as _Tree
    from .io.efg import write_efg as _write

    if not isinstance(tree, _Tree):
        raise InvalidArgumentError(f"tree must be a GameTree, got {type(tree).__name__}")
    _write(tree, check_path(path))


__all__ = [
    "NormalFormGame",
    "Equilibrium",
    "EquilibriumResult",
    "solve",
    "read_nfg",
    "write_nfg",
    "read_efg",
    "write_efg",
    "load_model",
    "GameTheoryError",
    "InvalidGameError",
    "InvalidProfileError",
    "FileFormatError",
    "ModelError",
    "ExpressionError",
    "ParameterError",
    "NotSupportedError",
    "SolverError",
    "InvalidArgumentError",
]
