"""The scenario model file format (TOML): load a model file into a :class:`Model`.

A model file is data, never code. It states the question a model answers, its
parameters (default, unit, bounds, source), its players, and a game of one of
the registered kinds (:data:`KINDS`). Payoffs, probabilities and bounds are
expressions in the parameters, read by the whitelist parser of
:mod:`gametheory.io.expressions`. The full format and the plug-in interface
for new kinds are described in ``models/FORMAT.md``.

Kinds plug in through :data:`KINDS`, a mapping from the ``game.kind`` string to
an import string ``"module:function"``. The function is imported only when a
file of that kind is loaded and is called as ``from_spec(spec, ctx)`` with the
``[game]`` table (without ``kind``) and a :class:`SpecContext`; it returns a
view object with ``views`` (a tuple of view names, the primary first),
``build(values, view)`` and ``symbolic(view)``.
"""

from __future__ import annotations

import importlib
import keyword
import math
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

from ..exceptions import ExpressionError, GameTheoryError, ModelError, ParameterError

__all__ = [
    "KINDS",
    "Model",
    "Parameter",
    "SpecContext",
    "ModelView",
    "load_model",
    "parse_model",
]

#: game.kind -> "module:function" building the view (imported lazily, on first use).
KINDS: dict[str, str] = {
    "normal": "gametheory.io.normal_spec:from_spec",
    "tree": "gametheory.extensive.scenario:from_spec",
    "repeated": "gametheory.repeated.scenario:from_spec",
    "bargaining": "gametheory.bargaining.scenario:from_spec",
}

_TOP_KEYS = {"format", "name", "title", "question", "description", "citations", "players",
             "parameters", "definitions", "distributions", "game"}
_REQUIRED_TOP = ("name", "title", "question", "description", "citations", "players", "game")
_PARAM_KEYS = {"default", "unit", "min", "max", "source", "description", "distribution"}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_RESERVED = {"view", "self", "and", "or", "not", "min", "max", "exp", "log", "sqrt", "abs", "if", "piecewise"}


class ModelView(Protocol):
    """What a kind's ``from_spec`` returns (see ``models/FORMAT.md``)."""

    views: tuple[str, ...]

    def build(self, values: Mapping[str, Fraction | float], view: str) -> Any:
        """The numeric game of ``view`` at validated parameter ``values``."""

    def symbolic(self, view: str) -> Any:
        """The game of ``view`` with sympy payoffs (or raise NotSupportedError)."""


@dataclass(frozen=True)
class Parameter:
    """A model parameter: its default, unit, bounds, source and (optionally) distribution.

    ``minimum``/``maximum`` are the bound expressions as written (text or
    number, ``None`` when unbounded); they may use other parameters.
    ``distribution`` is the parameter's uncertainty
    (:class:`gametheory.io.distribution.Distribution`) or ``None``; ``data`` is the data-file cell the default was read from
    (:class:`~gametheory.io.datafiles.DataValue`), ``None`` for a number.
    """

    name: str
    default: Fraction | float
    unit: str
    source: str
    description: str
    minimum: Any = None
    maximum: Any = None
    lower: Any = field(default=None, repr=False, compare=False)  # sympy bound expressions
    upper: Any = field(default=None, repr=False, compare=False)
    distribution: Any = None
    data: Any = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description (stable keys; ``distribution`` is ``None`` when there is none)."""
        return {"name": self.name, "default": float(self.default), "unit": self.unit,
                "source": self.source, "description": self.description,
                "min": _bound_json(self.minimum), "max": _bound_json(self.maximum),
                "distribution": None if self.distribution is None else self.distribution.to_json(),
                "data": None if self.data is None else self.data.to_json()}


def _bound_json(bound: Any) -> Any:
    if bound is None or isinstance(bound, str):
        return bound
    return float(bound)


@dataclass(frozen=True)
class _Check:
    """A condition every set of parameter values must meet (e.g. probabilities summing to one)."""

    key: str
    message: str
    test: Callable[[Mapping[str, Fraction | float]], bool]
    #: for a probability check, the probability expressions (so that samplers can check them on arrays)
    probabilities: tuple[Any, ...] = ()


class SpecContext:
    """What a kind's ``from_spec`` receives besides its ``[game]`` table.

    Attributes
    ----------
    source : str
        The model file's name, for error messages.
    key : str
        The dotted key of the table being read (``"game"``); :meth:`child`
        extends it.
    name, title : str
        The model's name and title.
    players : tuple of str
        The model's player labels (unique).
    parameters : tuple of Parameter
        The model's parameters, in file order.
    symbols : dict
        Every name an expression may use: parameter symbols, and definitions
        and distributions already expanded into expressions in the parameters.
    """

    def __init__(self, source: str, key: str, name: str, title: str, players: tuple[str, ...],
                 parameters: tuple[Parameter, ...], symbols: dict[str, Any], checks: list[_Check]) -> None:
        self.source = source
        self.key = key
        self.name = name
        self.title = title
        self.players = players
        self.parameters = parameters
        self.symbols = symbols
        self._checks = checks
        #: Expressions are numeric trees (:mod:`gametheory.io._numeric_expr`), not sympy: set by the
        #: loader when only numbers are asked for (``Model.symbolic`` then re-reads the file with sympy).
        self.numeric = False

    def child(self, key: str | int) -> SpecContext:
        """The context of a nested table or array element (``ctx.child("stage")``)."""
        ctx = SpecContext(self.source, self._full(key), self.name, self.title, self.players,
                          self.parameters, self.symbols, self._checks)
        ctx.numeric = self.numeric
        return ctx

    def new_symbol(self, name: str) -> Any:
        """A new variable ``name`` for expressions (a real sympy Symbol, or a numeric parameter node)."""
        if self.numeric:
            from ._numeric_expr import param

            return param(name)
        import sympy

        return sympy.Symbol(name, real=True)

    def _full(self, key: str | int | None) -> str:
        if key is None or key == "":
            return self.key
        if isinstance(key, int):
            return f"{self.key}[{key}]"
        if key.startswith("["):
            return f"{self.key}{key}"
        return f"{self.key}.{key}" if self.key else key

    def error(self, key: str | int | None, message: str, cls: type[ModelError] = ModelError) -> ModelError:
        """An error naming the file and the key (the caller raises it)."""
        return cls(f"{self.source}: {self._full(key)}: {message}")

    def parse_expression(self, text: Any, key: str | int | None = None, *, boolean: bool = False) -> Any:
        """Parse an expression (string or number) at ``key`` into sympy, in the model's parameters."""
        from .expressions import parse_expression

        return parse_expression(text, self.symbols, context=f"{self.source}: {self._full(key)}",
                                boolean=boolean, numeric=self.numeric)

    def check_keys(self, table: Any, required: Sequence[str], optional: Sequence[str] = (),
                   key: str | int | None = None) -> dict[str, Any]:
        """Check that ``table`` is a table with the required keys and no unknown key."""
        if not isinstance(table, dict):
            raise self.error(key, f"expected a table, got {_type(table)}")
        for k in required:
            if k not in table:
                raise self.error(key, f"missing key {k!r}")
        allowed = set(required) | set(optional)
        for k in table:
            if k not in allowed:
                raise self.error(self._join(key, k), f"unknown key {k!r} (allowed: {', '.join(sorted(allowed))})")
        return table

    def _join(self, key: str | int | None, sub: str) -> str | int | None:
        if key is None or key == "":
            return sub
        return f"{key}.{sub}" if not isinstance(key, int) else f"[{key}].{sub}"

    def labels(self, items: Any, key: str | int | None = None, what: str = "label") -> tuple[str, ...]:
        """A non-empty list of unique, non-empty string labels."""
        if not isinstance(items, list) or not items:
            raise self.error(key, f"expected a non-empty list of {what}s")
        seen: set[str] = set()
        for k, s in enumerate(items):
            if not isinstance(s, str) or not s.strip():
                raise self.error(key, f"{what} {k + 1} must be a non-empty string, got {s!r}")
            if s in seen:
                raise self.error(key, f"duplicate {what} {s!r}")
            seen.add(s)
        return tuple(items)

    def probabilities(self, items: Any, key: str | int | None = None) -> tuple[Any, ...]:
        """Parse a list of probability expressions that must be in [0, 1] and sum to one.

        Constant probabilities are checked now; those depending on parameters
        are checked again at every set of parameter values (``model.build``).
        """
        if not isinstance(items, list) or not items:
            raise self.error(key, "expected a non-empty list of probabilities")
        probs = tuple(self.parse_expression(p, f"{key}[{k}]" if key else k) for k, p in enumerate(items))
        where = self._full(key)

        def test(values: Mapping[str, Fraction | float]) -> bool:
            from ..games._evaluate import evaluate

            nums = [evaluate(p, values) for p in probs]
            if any(p < 0 or p > 1 for p in nums):
                return False
            total = sum(nums)
            return total == 1 if isinstance(total, Fraction) else math.isclose(total, 1.0, abs_tol=1e-9)

        check = _Check(where, "probabilities must lie in [0, 1] and sum to one", test, probs)
        if all(p.is_number for p in probs):
            if not test({}):
                total = sum(probs)
                if self.numeric:
                    from ._numeric_expr import evaluate_node

                    total = evaluate_node(total, {})
                raise ModelError(f"{self.source}: {where}: probabilities must lie in [0, 1] and sum to one "
                                 f"(they sum to {total})")
        else:
            self._checks.append(check)
        return probs

    def add_check(self, key: str | int | None, message: str,
                  test: Callable[[Mapping[str, Fraction | float]], bool]) -> None:
        """Register a condition checked at every set of parameter values (raises ModelError naming key)."""
        self._checks.append(_Check(self._full(key), message, test))

    def evaluate(self, expr: Any, values: Mapping[str, Fraction | float], key: str | int | None = None) -> Any:
        """Evaluate an expression at parameter values (Fraction when rational, else float)."""
        from ..games._evaluate import evaluate

        try:
            return evaluate(expr, values)
        except ExpressionError as exc:
            raise self.error(key, str(exc), ExpressionError) from None


def _type(x: Any) -> str:
    return {dict: "a table", list: "a list", str: "a string", bool: "a boolean"}.get(type(x), type(x).__name__)


@dataclass(frozen=True, eq=False)
class Model:
    """A scenario model loaded from a model file.

    Use :meth:`build` for the numeric game at given parameter values,
    :meth:`symbolic` for the game with sympy payoffs, and :meth:`views` for
    the other games the model yields (e.g. the stage game of a repeated game).

    Examples
    --------
    >>> import gametheory.models as models
    >>> m = models.load("us_japan_tariffs")
    >>> m.players
    ('US', 'Japan')
    >>> game = m.build(tariff=0.15)
    >>> game.strategies[1]
    ('concede', 'retaliate', 'threaten_sell', 'reassure')
    >>> m.build(tariff=5)
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ParameterError: ...us_japan_tariffs.toml: parameters.tariff: value 5 is above its maximum 1
    """

    name: str
    title: str
    question: str
    description: str
    citations: tuple[str, ...]
    kind: str
    players: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    source: str
    _view: Any = field(repr=False)
    _checks: tuple[_Check, ...] = field(repr=False, default=())
    as_of: str | None = None  # the date dated data defaults were read at (None: each default's own)
    # Read with numeric expressions: the file's data and folder, to read it again with sympy for symbolic().
    _data: Any = field(repr=False, default=None)
    _folder: Any = field(repr=False, default=None)
    _symbolic_model: list[Model] = field(repr=False, default_factory=list)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` (ParameterError if there is none)."""
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ParameterError(f"{self.source}: parameters: unknown parameter {name!r} (known: {known})")

    def defaults(self) -> dict[str, Fraction | float]:
        """The default value of every parameter (exact Fractions for decimal defaults)."""
        return {p.name: p.default for p in self.parameters}

    def values(self, **overrides: Any) -> dict[str, Fraction | float]:
        """Validated parameter values: defaults updated with ``overrides``.

        Raises
        ------
        ParameterError
            For an unknown parameter, a value that is not a finite number, or a
            value outside its bounds (the message names the file, the
            parameter and the bound).
        """
        from ..games._evaluate import evaluate, exact_value

        values = self.defaults()
        for name, value in overrides.items():
            self.parameter(name)
            try:
                values[name] = exact_value(value)
            except ValueError as exc:
                raise ParameterError(f"{self.source}: parameters.{name}: {exc}") from None
        for p in self.parameters:
            v = values[p.name]
            for bound, expr, text, bad in (("minimum", p.lower, p.minimum, lambda a, b: a < b),
                                           ("maximum", p.upper, p.maximum, lambda a, b: a > b)):
                if expr is None:
                    continue
                try:
                    limit = evaluate(expr, values)
                except ExpressionError as exc:
                    raise ParameterError(f"{self.source}: parameters.{p.name}.{bound[:3]}: {exc}") from None
                if bad(v, limit):
                    shown = f"{_show(limit)}" if not isinstance(text, str) else f"{_show(limit)} (= {text})"
                    side = "below its minimum" if bound == "minimum" else "above its maximum"
                    raise ParameterError(f"{self.source}: parameters.{p.name}: value {_show(v)} is {side} {shown}")
        for check in self._checks:
            try:
                ok = check.test(values)
            except ExpressionError as exc:
                raise ModelError(f"{self.source}: {check.key}: {exc}") from None
            if not ok:
                raise ModelError(f"{self.source}: {check.key}: {check.message} at these parameter values")
        return values

    def views(self) -> tuple[str, ...]:
        """The names of the games this model yields; the first is what :meth:`build` returns."""
        return tuple(self._view.views)

    def _view_name(self, view: str | None) -> str:
        names = self.views()
        if view is None:
            return names[0]
        if view not in names:
            raise ModelError(f"{self.source}: model {self.name!r} has no view {view!r} (views: {', '.join(names)})")
        return view

    def build(self, view: str | None = None, **overrides: Any) -> Any:
        """The numeric game at the default parameter values updated with ``overrides``.

        Parameters
        ----------
        view : str, optional
            Which game to build (see :meth:`views`); the primary one by default.
        **overrides
            Parameter values (numbers). Floats are read as the decimal they
            print as, so decimal inputs give exact rational payoffs.
        """
        name = self._view_name(view)
        values = self.values(**overrides)
        try:
            return self._view.build(values, name)
        except GameTheoryError as exc:
            if str(exc).startswith(f"{self.source}: "):
                raise
            # e.g. a payoff that is not finite at these values: name the file and the view.
            raise type(exc)(f"{self.source}: game ({name} view): {exc}") from None

    def symbolic(self, view: str | None = None) -> Any:
        """The game with sympy payoffs in the model's parameters (e.g. a SymbolicGame)."""
        name = self._view_name(view)
        if self._data is None:
            return self._view.symbolic(name)
        if not self._symbolic_model:  # loaded numerically: read the same data with sympy, once
            self._symbolic_model.append(_build_model(self._data, self.source, self._folder, self.as_of))
        return self._symbolic_model[0].symbolic(name)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description of the model (stable keys)."""
        return {"name": self.name, "title": self.title, "kind": self.kind, "players": list(self.players),
                "question": self.question, "description": self.description,
                "citations": list(self.citations), "views": list(self.views()),
                "parameters": [p.to_json() for p in self.parameters], "source": self.source,
                "as_of": self.as_of}


def _show(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else repr(float(x)) if _short(x) else str(x)
    return repr(x)


def _short(x: Fraction) -> bool:
    return Fraction(repr(float(x))) == x


# ---------------------------------------------------------------------- loading
def load_model(path: str | Path, as_of: str | None = None) -> Model:
    """Load a model file (TOML).

    Parameters
    ----------
    path : str or Path
        The model file.
    as_of : str, optional
        A date, ``YYYY-MM`` or ``YYYY-MM-DD``: every default read from a dated data file
        (``default = { data = ..., as_of = ..., column = ... }``) takes the file's latest value
        on or before it instead of the date written in the model (see ``models/FORMAT.md``).

    Raises
    ------
    ModelError
        (or its subclasses ExpressionError, ParameterError) for any problem in
        the file; the message names the file and the key.
    FileNotFoundError
        If there is no such file.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (Windows editors) is not TOML
    except FileNotFoundError:
        raise FileNotFoundError(f"no such model file: {path}") from None
    except UnicodeDecodeError as exc:
        raise ModelError(f"{path.name}: not UTF-8 text ({exc.reason})") from None
    return parse_model(text, source=path.name, folder=path.parent, as_of=as_of)


def parse_model(text: str, source: str = "<string>", *, folder: str | Path | None = None,
                as_of: str | None = None) -> Model:
    """Parse the text of a model file (see :func:`load_model`).

    ``folder`` is where the model's ``data/`` folder lies (data defaults are refused without it).
    """
    if as_of is not None:
        from .datafiles import parse_date

        try:
            parse_date(as_of)
        except ValueError as exc:
            raise ParameterError(f"as_of: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{source}: not valid TOML: {exc}") from None
    game = data.get("game")
    kind = game.get("kind") if isinstance(game, dict) else None
    return _build_model(data, source, None if folder is None else Path(folder), as_of,
                        numeric=kind in NUMERIC_KINDS)


#: Kinds whose ``from_spec`` also reads numeric expression trees (``ctx.numeric``): their models load
#: without sympy, which is imported only by ``Model.symbolic``. Other (plug-in) kinds get sympy.
NUMERIC_KINDS = frozenset({"normal", "tree", "repeated", "bargaining"})


def _build_model(data: dict[str, Any], source: str, folder: Path | None = None,
                 as_of: str | None = None, numeric: bool = False) -> Model:
    checks: list[_Check] = []
    root = SpecContext(source, "", str(data.get("name", "")), str(data.get("title", "")), (), (), {}, checks)
    root.check_keys(data, _REQUIRED_TOP, sorted(_TOP_KEYS - set(_REQUIRED_TOP)))
    fmt = data.get("format", 1)
    if fmt != 1:
        raise root.error("format", f"unsupported format version {fmt!r} (this version reads 1)")
    for key in ("name", "title", "question", "description"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise root.error(key, "expected a non-empty string")
    name = data["name"]
    if not _NAME.match(name):
        raise root.error("name", f"{name!r} is not a valid model name (letters, digits, underscores)")
    citations = data["citations"]
    if not isinstance(citations, list) or not all(isinstance(c, str) and c.strip() for c in citations):
        raise root.error("citations", "expected a list of non-empty strings")
    players = root.labels(data["players"], "players", "player")

    # Parameters: symbols first, so that bounds may refer to other parameters.
    raw_params = data.get("parameters", {})
    if not isinstance(raw_params, dict):
        raise root.error("parameters", "expected a table of parameters")
    symbols: dict[str, Any] = {}
    root.numeric = numeric
    for pname in raw_params:
        if not _NAME.match(pname) or pname in _RESERVED or keyword.iskeyword(pname):
            raise root.error(f"parameters.{pname}", f"{pname!r} is not a valid parameter name")
        symbols[pname] = root.new_symbol(pname)
    ctx = SpecContext(source, "", name, data["title"], players, (), dict(symbols), checks)
    ctx.numeric = numeric
    from ..games._evaluate import exact_value

    params = []
    for pname, spec in raw_params.items():
        key = f"parameters.{pname}"
        ctx.check_keys(spec, ("default", "unit", "source", "description"), ("min", "max", "distribution"), key)
        default = spec["default"]
        cell = None
        if isinstance(default, dict):  # a cell of a data file beside the model (gametheory.io.datafiles)
            from .datafiles import resolve_default

            cell = resolve_default(default, folder, source=source, key=f"{key}.default", as_of=as_of)
            default = cell.value
        if isinstance(default, bool) or not isinstance(default, (int, float, Fraction)):
            raise ctx.error(f"{key}.default", f"expected a number, got {_type(default)}")
        try:
            value = exact_value(default)
        except ValueError as exc:
            raise ctx.error(f"{key}.default", str(exc)) from None
        for k in ("unit", "source", "description"):
            if not isinstance(spec[k], str):
                raise ctx.error(f"{key}.{k}", "expected a string")
        if not spec["source"].strip():
            raise ctx.error(f"{key}.source", "empty source: cite one, or write \"assumption\"")
        lower = ctx.parse_expression(spec["min"], f"{key}.min") if "min" in spec else None
        upper = ctx.parse_expression(spec["max"], f"{key}.max") if "max" in spec else None
        dist = None
        if "distribution" in spec:
            from .distribution import parse_distribution

            dist = parse_distribution(spec["distribution"], f"{source}: {key}.distribution",
                                      _constant(lower), _constant(upper))
        params.append(Parameter(pname, value, spec["unit"], spec["source"], spec["description"],
                                spec.get("min"), spec.get("max"), lower, upper, dist, cell))
    parameters = tuple(params)

    # Distributions (in parameters), then definitions (in order): named expressions, expanded where used.
    distributions = data.get("distributions", {})
    if not isinstance(distributions, dict):
        raise ctx.error("distributions", "expected a table of distributions")
    for dname, spec in distributions.items():
        key = f"distributions.{dname}"
        _new_name(ctx, symbols, dname, key)
        ctx.check_keys(spec, ("values", "probabilities"), ("description",), key)
        vals = spec["values"]
        if not isinstance(vals, list) or not vals:
            raise ctx.error(f"{key}.values", "expected a non-empty list")
        values = [ctx.parse_expression(v, f"{key}.values[{k}]") for k, v in enumerate(vals)]
        probs = ctx.probabilities(spec["probabilities"], f"{key}.probabilities")
        if len(probs) != len(values):
            raise ctx.error(key, f"{len(values)} values but {len(probs)} probabilities")
        ctx.symbols[dname] = _expected_value(probs, values, numeric)

    definitions = data.get("definitions", {})
    if not isinstance(definitions, dict):
        raise ctx.error("definitions", "expected a table of named expressions")
    for dname, text in definitions.items():
        _new_name(ctx, symbols, dname, f"definitions.{dname}")
        ctx.symbols[dname] = ctx.parse_expression(text, f"definitions.{dname}")
    game = data["game"]
    if not isinstance(game, dict):
        raise ctx.error("game", "expected a table")
    kind = game.get("kind")
    if not isinstance(kind, str):
        raise ctx.error("game", f"missing key 'kind' (one of: {', '.join(KINDS)})")
    builder = _resolve_kind(kind, source)
    gctx = SpecContext(source, "game", name, data["title"], players, parameters, ctx.symbols, checks)
    gctx.numeric = numeric
    spec = {k: v for k, v in game.items() if k != "kind"}
    view = builder(spec, gctx)
    model = Model(name=name, title=data["title"], question=data["question"].strip(),
                  description=data["description"].strip(), citations=tuple(citations), kind=kind,
                  players=players, parameters=parameters, source=source, _view=view, _checks=tuple(checks),
                  as_of=as_of, _data=data if numeric else None, _folder=folder)
    if not tuple(view.views):
        raise ctx.error("game", "the game yields no view")
    model.values()  # defaults must lie within their bounds and meet every check
    return model


def _expected_value(probs: Sequence[Any], values: Sequence[Any], numeric: bool) -> Any:
    terms = [p * v for p, v in zip(probs, values)]
    if not numeric:
        import sympy

        return sympy.Add(*terms)
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total


def _constant(bound: Any) -> Fraction | float | None:
    """A bound's value when it is a constant (``None`` when absent or when it uses other parameters)."""
    if bound is None or not bound.is_number:
        return None
    from ..games._evaluate import exact_value
    from ._numeric_expr import Node, evaluate_node

    if isinstance(bound, Node):
        return evaluate_node(bound, {})
    return exact_value(bound)


def _new_name(ctx: SpecContext, symbols: dict[str, Any], name: str, key: str) -> None:
    if not _NAME.match(name) or name in _RESERVED or keyword.iskeyword(name):
        raise ctx.error(key, f"{name!r} is not a valid name")
    if name in ctx.symbols:
        raise ctx.error(key, f"{name!r} is already defined")


def _resolve_kind(kind: str, source: str) -> Callable[[dict[str, Any], SpecContext], Any]:
    target = KINDS.get(kind)
    if target is None:
        raise ModelError(f"{source}: game.kind: unknown kind {kind!r} (known: {', '.join(KINDS)})")
    module, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        raise ModelError(f"{source}: game.kind: kind {kind!r} is not available in this version "
                         f"({target} not found)") from None
