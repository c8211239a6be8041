"""Bundled scenario models (installed as :mod:`gametheory.models`).

Each model is a TOML file in this folder (see ``FORMAT.md``) listed in
:data:`REGISTRY`; to add a model, add its file and one line to the registry.

Examples
--------
>>> import gametheory.models as models
>>> "us_japan_tariffs" in models.available()
True
>>> models.load("us_japan_tariffs").players
('US', 'Japan')
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from gametheory.exceptions import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from gametheory.io.scenario import Model

__all__ = ["available", "load", "path", "DEFAULT", "REGISTRY"]

DEFAULT = "us_japan_tariffs"

#: model name -> file name in this folder (explicit: editable installs cannot discover files).
REGISTRY: dict[str, str] = {
    "us_japan_tariffs": "us_japan_tariffs.toml",
    "dual_front_squeeze": "dual_front_squeeze.toml",
    "truce_renewal": "truce_renewal.toml",
    "us_japan_bargain": "us_japan_bargain.toml",
    "treasury_card": "treasury_card.toml",
    "us_china_escalation": "us_china_escalation.toml",
    "rare_earth_deterrence": "rare_earth_deterrence.toml",
    "tariff_chain_store": "tariff_chain_store.toml",
}

_HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    """Names of the bundled models, sorted."""
    return sorted(REGISTRY)


def path(name: str) -> Path:
    """The file of the bundled model ``name``."""
    if name not in REGISTRY:
        raise ModelError(f"no bundled model {name!r}; available: {', '.join(available())}")
    return _HERE / REGISTRY[name]


@lru_cache(maxsize=None)
def load(name: str, as_of: str | None = None) -> Model:
    """Load a bundled model by name (models are immutable, so loads are cached).

    ``as_of`` (``YYYY-MM`` or ``YYYY-MM-DD``) recalibrates the defaults the model reads from
    dated files of ``data/`` (e.g. Treasury holdings) to that date; see ``FORMAT.md``.
    """
    from gametheory.io.scenario import load_model

    return load_model(path(name), as_of=as_of)
