"""Shared helpers of the command line: loading games, ``--set``, JSON and tables.

Every command uses these so that output and errors look the same everywhere.
Keep imports here light: this module is on every command's start-up path.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

__all__ = [
    "json_option",
    "set_option",
    "as_of_option",
    "current_as_of",
    "parse_sets",
    "load_game",
    "load_primary",
    "emit_json",
    "print_table",
    "fail",
]

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON (stable keys).")
_set = click.option(
    "--set", "sets", multiple=True, metavar="NAME=VALUE",
    help="Override a model parameter (repeatable), e.g. --set tariff=0.15.",
)
_AS_OF = "gametheory.as_of"  # key in click's context meta: the loaders below read it


def _remember_as_of(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        from gametheory.io.datafiles import parse_date

        try:
            parse_date(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
        ctx.meta[_AS_OF] = value


as_of_option = click.option(
    "--as-of", metavar="YYYY-MM", expose_value=False, callback=_remember_as_of,
    help="Recalibrate the model's dated data defaults (e.g. Treasury holdings) to this month.",
)


def set_option(f: Any) -> Any:
    """``--set NAME=VALUE`` (repeatable) and ``--as-of YYYY-MM``: the options of every command that loads a model.

    ``--as-of`` is not passed to the command: the model loaders of this module read it from click's context.
    """
    return _set(as_of_option(f))


def current_as_of() -> str | None:
    """The ``--as-of`` date of the running command (None when not given or outside a command)."""
    ctx = click.get_current_context(silent=True)
    return None if ctx is None else ctx.meta.get(_AS_OF)


def fail(message: str, code: int = 2) -> None:
    """Print one clear line to stderr and exit non-zero."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def parse_sets(sets: Sequence[str]) -> dict[str, float]:
    """Parse ``NAME=VALUE`` pairs from ``--set`` into a dict of floats.

    Examples
    --------
    >>> parse_sets(["tariff=0.15", "holdings=1130.8"])
    {'tariff': 0.15, 'holdings': 1130.8}
    """
    from gametheory.exceptions import ParameterError

    out: dict[str, float] = {}
    for item in sets:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--set {item!r}: expected NAME=VALUE")
        try:
            number = float(value)
        except ValueError:
            raise ParameterError(f"--set {item!r}: {value!r} is not a number") from None
        if not math.isfinite(number):
            raise ParameterError(f"--set {item!r}: the value must be finite")
        if name in out:
            raise ParameterError(f"--set {name!r} given twice")
        out[name] = number
    return out


def load_model_or_file(spec: str | None) -> Any:
    """Return a model object for a bundled model name or a model file path.

    ``None`` means the default bundled model.
    """
    import gametheory.models as bundled

    as_of = current_as_of()
    if spec is None:
        return bundled.load(bundled.DEFAULT, as_of)
    path = Path(spec)
    if path.suffix and path.suffix.lower() != ".nfg" and path.exists():
        import gametheory

        return gametheory.load_model(path, as_of=as_of)
    if path.suffix.lower() == ".toml":
        raise FileNotFoundError(f"no such model file: {spec}")
    return bundled.load(spec, as_of)


def load_primary(spec: str | None, sets: Sequence[str] = ()) -> Any:
    """What GAME names, as built: a ``NormalFormGame`` for ``.nfg``, a model's primary view otherwise
    (a ``RepeatedGame`` for a repeated model, for instance)."""
    from gametheory.exceptions import ParameterError

    overrides = parse_sets(sets)
    if spec is not None and spec.lower().endswith(".nfg"):
        if overrides:
            raise ParameterError("--set applies to models, not to .nfg files")
        if current_as_of() is not None:
            raise ParameterError("--as-of applies to models, not to .nfg files")
        return load_game(spec)
    return load_model_or_file(spec).build(**overrides)


def load_game(spec: str | None, sets: Sequence[str] = ()) -> Any:
    """Load what a command's GAME argument names: a ``.nfg`` file, a model file, or a bundled model.

    ``--set`` overrides apply to models; for a ``.nfg`` file they are an error.
    """
    from gametheory.exceptions import ParameterError

    overrides = parse_sets(sets)
    if spec is not None and spec.lower().endswith(".nfg"):
        if overrides:
            raise ParameterError("--set applies to models, not to .nfg files")
        if current_as_of() is not None:
            raise ParameterError("--as-of applies to models, not to .nfg files")
        from gametheory.io.nfg import read_nfg

        if not Path(spec).exists():
            raise FileNotFoundError(f"no such file: {spec}")
        return read_nfg(spec)
    model = load_model_or_file(spec)
    game = model.build(**overrides)
    from gametheory.games.normal_form import NormalFormGame

    if isinstance(game, NormalFormGame):
        return game
    # Models of other kinds (a repeated game, a bargaining problem) solve through their normal-form view.
    for view in model.views()[1:]:
        other = model.build(view=view, **overrides)
        if isinstance(other, NormalFormGame):
            return other
    from gametheory.exceptions import NotSupportedError

    raise NotSupportedError(f"model {model.name!r} ({model.kind}) has no normal-form view to solve")


def _default(obj: Any) -> Any:
    from fractions import Fraction

    if isinstance(obj, Fraction):
        return float(obj)
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if hasattr(obj, "item"):
        return obj.item()
    return str(obj)


def emit_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON on stdout (Fractions as numbers; NaN refused)."""
    click.echo(json.dumps(obj, indent=2, default=_default, allow_nan=False))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> None:
    """Print a readable table (rich when the output is a terminal, plain aligned text otherwise)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for h in headers:
        table.add_column(str(h))
    for r in rows:
        table.add_row(*(str(c) for c in r))
    Console(soft_wrap=False, width=max(100, Console().width)).print(table)
