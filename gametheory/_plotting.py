"""The one place that imports matplotlib for the library's figures (the optional ``plot`` extra)."""

from __future__ import annotations

from typing import Any

from .exceptions import NotSupportedError

__all__ = ["pyplot"]


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the non-interactive Agg backend; NotSupportedError with an install hint if absent."""
    try:
        import matplotlib
    except ImportError:
        raise NotSupportedError("plotting needs matplotlib: pip install 'gametheory[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
