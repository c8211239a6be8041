"""Shared fixtures: where the reference data (Gambit's games and equilibria) live."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path

from hypothesis import settings

# CI runs reproducibly: the same examples every time (locally, hypothesis explores new ones).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
# Reference data shipped with the tests (provenance and licence: tests/data/README.md)
DATA = REPO / "tests" / "data"
GAMES = DATA / "gambit" / "games"
EXPECTED_JSON = DATA / "gambit" / "expected.json"


def _check_reference_data() -> None:
    """Missing reference data is a broken checkout: stop loudly, never collect nothing."""
    missing = [p for p in (GAMES, EXPECTED_JSON) if not p.exists()]
    if missing or not any(GAMES.glob("*.nfg")) or not any(GAMES.glob("*.efg")):
        raise FileNotFoundError(f"reference data missing: {', '.join(map(str, missing)) or GAMES} "
                                "(it is part of the repository; see tests/data/README.md)")
    absent = sorted(name for name in json.loads(EXPECTED_JSON.read_text()) if not (GAMES / name).is_file())
    if absent:
        raise FileNotFoundError(f"{EXPECTED_JSON} lists games not in {GAMES}: {', '.join(absent)}")


_check_reference_data()


def expected_equilibria() -> dict:
    """Gambit's own output for every .nfg in the reference folder (see tests/data/README.md)."""
    return json.loads(EXPECTED_JSON.read_text())


def oracle_names(players: int | None = None) -> list[str]:
    """Names of the reference .nfg files, optionally only those with the given number of players."""
    out = []
    for name, entry in sorted(expected_equilibria().items()):
        if "shape" not in entry:
            continue
        if players is None or len(entry["shape"]) == players:
            out.append(name)
    return out


def as_fraction_profile(profile: list[list[str]]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(v) for v in p) for p in profile)
