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
    from .io.scenario import Model

__version__ = "0.1.0"


def load_model(path: str | os.PathLike[str], as_of: str | None = None) -> Model:
    """Load a model file (TOML, see ``models/FORMAT.md``) into a :class:`~gametheory.io.scenario.Model`.

    ``as_of`` (``YYYY-MM`` or ``YYYY-MM-DD``) recalibrates the defaults read from dated data
    files to that date. A thin wrapper so that ``import gametheory`` does not import sympy.
    """
    from .io.scenario import load_model as _load

    return _load(path, as_of=as_of)


__all__ = [
    "NormalFormGame",
    "Equilibrium",
    "EquilibriumResult",
    "solve",
    "read_nfg",
    "write_nfg",
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
]
