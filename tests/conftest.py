"""Shared fixtures: where the reference data (Gambit's games and equilibria) live."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs reproducibly: the same examples every time (locally, hypothesis explores new ones).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ORACLES = SHARED / "oracles"
GAMES = ORACLES / "gambit-games"


def expected_equilibria() -> dict:
    """Gambit's own output for every .nfg in the oracle folder (see shared/oracles/README.md)."""
    return json.loads((ORACLES / "gambit-expected.json").read_text())


def oracle_names(players: int | None = None) -> list[str]:
    """Names of the oracle .nfg files, optionally only those with the given number of players."""
    if not ORACLES.exists():  # pragma: no cover - CI always has shared/ beside the checkout
        return []
    out = []
    for name, entry in sorted(expected_equilibria().items()):
        if "shape" not in entry:
            continue
        if players is None or len(entry["shape"]) == players:
            out.append(name)
    return out


def as_fraction_profile(profile: list[list[str]]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(v) for v in p) for p in profile)


@pytest.fixture(scope="session")
def oracle_dir() -> Path:
    if not GAMES.exists():  # pragma: no cover
        pytest.fail(f"reference data missing: {GAMES} (shared/ must sit beside the checkout)")
    return GAMES
