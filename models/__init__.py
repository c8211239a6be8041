"""Bundled scenario models (installed as :mod:`gametheory.models`).

Placeholder registry until the model format lands: ``load(name).build()``
returns a :class:`~gametheory.NormalFormGame`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gametheory import NormalFormGame
from gametheory.exceptions import ModelError

__all__ = ["available", "load", "DEFAULT"]

DEFAULT = "us_japan_tariffs"


@dataclass(frozen=True)
class _StaticModel:
    name: str
    title: str
    game: NormalFormGame

    def build(self, **overrides: Any) -> NormalFormGame:
        if overrides:
            raise ModelError(f"model {self.name!r} has no parameters")
        return self.game


def _us_japan() -> NormalFormGame:
    # Ordinal placeholder: US {reciprocal tariff, deal} x Japan {concede, retaliate, threaten to sell, reassure}.
    us = [[3, -2, -1, 2], [1, 0, 0, 2]]
    jp = [[-1, -3, -2, -1], [1, -1, 0, 2]]
    return NormalFormGame([us, jp], players=["US", "Japan"],
                          strategies=[["reciprocal_tariff", "deal"], ["concede", "retaliate", "threaten_sell", "reassure"]],
                          title="US-Japan tariff game (placeholder)")


def available() -> list[str]:
    """Names of the bundled models."""
    return [DEFAULT]


def load(name: str) -> _StaticModel:
    """Load a bundled model by name."""
    if name != DEFAULT:
        raise ModelError(f"no bundled model {name!r}; available: {', '.join(available())}")
    return _StaticModel(DEFAULT, "US-Japan tariffs", _us_japan())
