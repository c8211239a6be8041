"""Argument checks shared by the public entry points (``gametheory.solve``, ``read_*``, ``write_*``).

Each check raises one of the package's errors with a one-line message naming the argument, so that a
misuse never surfaces as a bare ``AttributeError`` or ``TypeError`` from deep inside a solver.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .exceptions import FileFormatError, InvalidArgumentError, ParameterError

__all__ = ["check_path", "read_text", "check_optional_bool", "check_optional_number"]


def _kind(value: Any) -> str:
    return type(value).__name__


def check_path(path: Any, name: str = "path") -> Path:
    """``path`` as a :class:`~pathlib.Path`; a str or os.PathLike is expected."""
    if isinstance(path, (str, os.PathLike)) and not isinstance(path, bytes):
        return Path(path)
    raise InvalidArgumentError(f"{name} must be a file path (str or os.PathLike), got {_kind(path)}")


def read_text(path: Any, name: str = "path") -> tuple[str, Path]:
    """The UTF-8 text of the file at ``path`` (a leading BOM dropped) and the path.

    Raises FileFormatError for a file that is not UTF-8 text; OSError (FileNotFoundError,
    IsADirectoryError, ...) when it cannot be read, as Python's own ``open`` does.
    """
    p = check_path(path, name)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{p}: not UTF-8 text ({exc.reason})") from None
    return text, p


def check_optional_bool(value: Any, name: str) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidArgumentError(f"{name} must be True, False or None, got {value!r}")


def check_optional_number(value: Any, name: str, *, integer: bool = False, positive: bool = False) -> None:
    """``value`` is None or a number (an int if ``integer``), and above zero if ``positive``."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        what = "an integer" if integer else "a number"
        raise InvalidArgumentError(f"{name} must be {what} or None, got {_kind(value)} {value!r}")
    if positive and not value > 0:
        raise ParameterError(f"{name} must be positive, got {value!r}")
