"""The contract every registered model meets (run for each model in the registry).

A model loads; its metadata and sources are complete; its defaults lie within
their bounds; it builds deterministically with finite payoffs; it solves; and
parameter overrides round-trip.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import gametheory
import gametheory.models as models
from gametheory import NormalFormGame
from gametheory.exceptions import NotSupportedError, ParameterError
from gametheory.io.scenario import load_model
from tests.conftest import REPO

MODELS = models.available()
FOLDER = REPO / "models"
TAG = re.compile(r"\[([RL]\d+)\]")


def normal_views(model):  # type: ignore[no-untyped-def]
    """(view name, game) for every view that is a normal-form game."""
    out = []
    for view in model.views():
        game = model.build(view)
        if isinstance(game, NormalFormGame):
            out.append((view, game))
    return out


def test_every_model_file_is_registered_and_documented() -> None:
    files = {p.name for p in FOLDER.glob("*.toml")}
    assert files == set(models.REGISTRY.values())
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    for name in models.available():
        assert f"`{name}`" in readme, f"{name} is not listed in models/README.md"
        assert models.REGISTRY[name] == f"{name}.toml"
    assert models.DEFAULT in models.available()


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(gametheory.ModelError, match="no bundled model 'nope'; available: "):
        models.load("nope")


@pytest.mark.parametrize("name", MODELS)
def test_loads_with_complete_metadata(name: str) -> None:
    m = models.load(name)
    assert m.name == name and m.source == f"{name}.toml"
    for text in (m.title, m.question, m.description):
        assert text.strip()
    assert len(m.description) > 200, "the description explains what the model shows and why"
    assert m.citations and m.players and m.parameters
    cited = {t for c in m.citations for t in TAG.findall(c[: c.index("]") + 1])}
    assert len(cited) == len(m.citations), "each citation starts with its [tag]"
    raw = (FOLDER / f"{name}.toml").read_text(encoding="utf-8")
    body = raw.split("citations = [", 1)[0] + raw.split("]\nplayers", 1)[-1]
    assert set(TAG.findall(body)) <= cited, "every [tag] used in the file is cited"
    for p in m.parameters:
        assert p.unit is not None and p.description.strip(), p.name
        if p.source != "assumption":
            tags = re.findall(r"[RL]\d+", p.source)
            assert tags, f"{p.name}: source {p.source!r} is neither a reference tag nor 'assumption'"
            assert set(tags) <= cited, f"{p.name}: source {p.source} is not in the citations"


@pytest.mark.parametrize("name", MODELS)
def test_defaults_within_bounds(name: str) -> None:
    from gametheory.games._evaluate import evaluate

    m = models.load(name)
    values = m.defaults()
    assert m.values() == values
    for p in m.parameters:
        if p.lower is not None:
            assert values[p.name] >= evaluate(p.lower, values)
        if p.upper is not None:
            assert values[p.name] <= evaluate(p.upper, values)


@pytest.mark.parametrize("name", MODELS)
def test_builds_deterministically_with_finite_payoffs(name: str) -> None:
    m = models.load(name)
    fresh = load_model(FOLDER / models.REGISTRY[name])
    views = normal_views(m)
    assert views, "every model yields at least one normal-form view"
    for view, game in views:
        assert game == m.build(view) == fresh.build(view)
        assert np.all(np.isfinite(game.payoff_array))
        assert game.players[: len(m.players)] == m.players or set(game.players) <= set(m.players)


@pytest.mark.parametrize("name", MODELS)
def test_solves(name: str) -> None:
    for _view, game in normal_views(models.load(name)):
        try:
            result = gametheory.solve(game)
        except (ImportError, NotSupportedError):  # n-player enumeration not available: pure equilibria
            result = gametheory.solve(game, method="pure")
        assert len(result.equilibria) >= 1
        for eq in result.equilibria:
            assert game.is_nash([list(p) for p in eq.profile])


@pytest.mark.parametrize("name", MODELS)
def test_overrides_round_trip(name: str) -> None:
    m = models.load(name)
    base = normal_views(m)
    for p in m.parameters:
        rebuilt = [(v, m.build(v, **{p.name: float(p.default)})) for v, _ in base]
        assert rebuilt == base, p.name
        value = _inside(m, p.name)
        assert m.values(**{p.name: value})[p.name] == Fraction(repr(value))
        if m.kind == "normal":
            expected = m.symbolic().substitute({**m.defaults(), p.name: value})
            assert m.build(**{p.name: value}) == expected
    with pytest.raises(ParameterError, match=f"{name}.toml: parameters: unknown parameter 'no_such'"):
        m.build(no_such=1.0)


@pytest.mark.parametrize("name", MODELS)
def test_out_of_bounds_override_names_the_bound(name: str) -> None:
    m = models.load(name)
    bounded = [p for p in m.parameters if p.minimum is not None and not isinstance(p.minimum, str)]
    assert bounded, "at least one parameter has a numeric lower bound"
    p = bounded[0]
    with pytest.raises(ParameterError, match=rf"{name}\.toml: parameters\.{p.name}: value .* is below its minimum"):
        m.build(**{p.name: float(p.minimum) - 1})


def _inside(m, name: str) -> float:  # type: ignore[no-untyped-def]
    """A value of parameter ``name`` that differs from its default and keeps every bound and check."""
    default = float(m.parameter(name).default)
    for candidate in (default * 1.1, default * 0.9, default + 1, default - 1, default + 0.01, default - 0.01):
        try:
            m.values(**{name: candidate})
        except gametheory.ModelError:
            continue
        return candidate
    pytest.fail(f"no admissible value near the default of {name}")
    raise AssertionError  # pragma: no cover


def test_models_package_doctests_run_by_installed_name() -> None:
    import doctest

    assert doctest.testmod(models, optionflags=doctest.ELLIPSIS).failed == 0
    assert Path(models.__file__).parent == FOLDER


@pytest.mark.parametrize("name", MODELS)
def test_normal_views_round_trip_through_nfg_and_the_model_format(name: str) -> None:
    from gametheory.io.nfg import format_nfg, parse_nfg
    from gametheory.io.normal_spec import format_model
    from gametheory.io.scenario import parse_model

    m = models.load(name)
    p = m.parameters[0]
    for view, _ in normal_views(m):
        game = m.build(view, **{p.name: _inside(m, p.name)})
        assert parse_model(format_model(game, name="copy")).build() == game
        if game.is_exact:
            assert parse_nfg(format_nfg(game)) == game
    if m.kind == "normal":
        assert m.symbolic().substitute(m.defaults()) == m.build()
