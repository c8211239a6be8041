"""gametheory: model negotiations as games.

Certified equilibria of normal-form games (exact where payoffs are rational),
escalation trees and the credibility of threats, repeated games, bargaining,
and payoff sensitivity, with the US-Japan-China tariff and Treasury games as
bundled models.
"""

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

__version__ = "0.1.0"

__all__ = [
    "NormalFormGame",
    "Equilibrium",
    "EquilibriumResult",
    "solve",
    "read_nfg",
    "write_nfg",
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
