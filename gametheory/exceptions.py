"""The package's error hierarchy.

Every error raised on bad user input subclasses :class:`GameTheoryError` and
also the builtin exception it refines, so ``except ValueError`` keeps working
for callers who do not know this package.
"""

from __future__ import annotations

__all__ = [
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


class GameTheoryError(Exception):
    """Base class of every error raised by :mod:`gametheory`."""


class InvalidGameError(GameTheoryError, ValueError):
    """A game is malformed: wrong shapes, missing strategies, NaN payoffs."""


class InvalidProfileError(GameTheoryError, ValueError):
    """A strategy profile does not fit its game (shape, negative or unnormalised)."""


class FileFormatError(GameTheoryError, ValueError):
    """A file cannot be parsed; the message names the file and the line or key."""


class ModelError(GameTheoryError, ValueError):
    """A model file is inconsistent (unknown key, wrong table shape, bad metadata)."""


class ExpressionError(ModelError):
    """An expression is not in the whitelisted grammar or cannot be evaluated."""


class ParameterError(ModelError):
    """A parameter is unknown or its value lies outside its bounds."""


class NotSupportedError(GameTheoryError, NotImplementedError):
    """The requested method does not apply to this kind of game."""


class SolverError(GameTheoryError, RuntimeError):
    """A solver failed to produce a certified answer."""


class InvalidArgumentError(GameTheoryError, TypeError):
    """An argument of a public function has the wrong type (a list where a game is expected)."""
