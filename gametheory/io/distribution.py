"""Probability distributions of model parameters (the ``distribution`` key of a parameter).

A parameter that is an assumption may state how uncertain it is::

    [parameters.q]
    default = 0.5
    min = 0
    max = 1
    distribution = { kind = "triangular", low = 0.2, mode = 0.5, high = 0.8 }

Four kinds are read: ``uniform(low, high)``, ``triangular(low, mode, high)``,
``normal(mean, sd)`` truncated to the parameter's constant bounds, and
``discrete(values, probabilities)``. Every number is a literal (never an
expression), checked at load: the support must lie within the parameter's
bounds where those are constants (bounds that depend on other parameters are
checked sample by sample by :func:`gametheory.sensitivity.robustness`, which
marks the samples that violate them as infeasible).

:meth:`Distribution.ppf` maps uniform numbers in [0, 1) through the inverse
CDF, so quasi-random points in the unit cube become parameter samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import ModelError

__all__ = ["DISTRIBUTION_KINDS", "Distribution", "parse_distribution"]

#: kind -> its required keys, in the order they are shown.
DISTRIBUTION_KINDS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
    "discrete": ("values", "probabilities"),
}

_PROBABILITY_TOLERANCE = Fraction(1, 10**9)


@dataclass(frozen=True)
class Distribution:
    """The distribution of one parameter.

    Attributes
    ----------
    kind : str
        ``"uniform"``, ``"triangular"``, ``"normal"`` or ``"discrete"``.
    params : tuple of (str, value)
        The kind's numbers as written (exact ``Fraction`` for decimals): ``low``,
        ``high``, ``mode``, ``mean``, ``sd``; ``values`` and ``probabilities``
        are tuples.
    lower, upper : Fraction or None
        The truncation of a normal distribution: the parameter's constant bounds
        (``None`` where unbounded or where the bound depends on other
        parameters).

    Examples
    --------
    >>> from fractions import Fraction
    >>> d = Distribution("triangular", (("low", Fraction(0)), ("mode", Fraction(1, 2)), ("high", Fraction(1))))
    >>> d.ppf([0.125, 0.5, 0.875]).tolist()
    [0.25, 0.5, 0.75]
    >>> d.support()
    (0.0, 1.0)
    >>> d.to_json()
    {'kind': 'triangular', 'low': 0.0, 'mode': 0.5, 'high': 1.0}
    """

    kind: str
    params: tuple[tuple[str, Any], ...]
    lower: Fraction | None = None
    upper: Fraction | None = None

    def __getitem__(self, key: str) -> Any:
        for k, v in self.params:
            if k == key:
                return v
        raise KeyError(key)

    def support(self) -> tuple[float, float]:
        """The smallest interval holding every value the distribution can take."""
        if self.kind in ("uniform", "triangular"):
            return float(self["low"]), float(self["high"])
        if self.kind == "discrete":
            vals = [float(v) for v in self["values"]]
            return min(vals), max(vals)
        lo = -math.inf if self.lower is None else float(self.lower)
        hi = math.inf if self.upper is None else float(self.upper)
        return lo, hi

    def ppf(self, u: Any) -> np.ndarray:
        """The inverse CDF at ``u`` (array of numbers in [0, 1]): samples of the parameter."""
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        return _PPF[self.kind](self, u)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description: the kind and its numbers (floats)."""
        out: dict[str, Any] = {"kind": self.kind}
        for k, v in self.params:
            out[k] = [float(x) for x in v] if isinstance(v, tuple) else float(v)
        if self.kind == "normal":
            out["truncated_to"] = [None if self.lower is None else float(self.lower),
                                   None if self.upper is None else float(self.upper)]
        return out


def _uniform_ppf(d: Distribution, u: np.ndarray) -> np.ndarray:
    lo, hi = float(d["low"]), float(d["high"])
    return lo + u * (hi - lo)


def _triangular_ppf(d: Distribution, u: np.ndarray) -> np.ndarray:
    lo, mode, hi = float(d["low"]), float(d["mode"]), float(d["high"])
    width = hi - lo
    cut = (mode - lo) / width
    left = lo + np.sqrt(u * width * (mode - lo))
    right = hi - np.sqrt((1.0 - u) * width * (hi - mode))
    return np.where(u < cut, left, right)


def _normal_ppf(d: Distribution, u: np.ndarray) -> np.ndarray:
    from scipy.stats import truncnorm  # lazy: scipy.stats is slow to import

    mean, sd = float(d["mean"]), float(d["sd"])
    a = -np.inf if d.lower is None else (float(d.lower) - mean) / sd
    b = np.inf if d.upper is None else (float(d.upper) - mean) / sd
    x = truncnorm.ppf(u, a, b, loc=mean, scale=sd)
    lo, hi = d.support()
    return np.clip(x, lo, hi)  # guard the tails against rounding past a bound


def _discrete_ppf(d: Distribution, u: np.ndarray) -> np.ndarray:
    values = np.array([float(v) for v in d["values"]])
    cumulative = np.cumsum([float(p) for p in d["probabilities"]])
    index = np.searchsorted(cumulative, u, side="right")
    return values[np.minimum(index, len(values) - 1)]


_PPF: dict[str, Callable[[Distribution, np.ndarray], np.ndarray]] = {
    "uniform": _uniform_ppf,
    "triangular": _triangular_ppf,
    "normal": _normal_ppf,
    "discrete": _discrete_ppf,
}


# ---------------------------------------------------------------------- parsing
def parse_distribution(spec: Any, where: str, lower: Fraction | float | None = None,
                       upper: Fraction | float | None = None) -> Distribution:
    """Read and check the ``distribution`` table of a parameter.

    Parameters
    ----------
    spec : dict
        The table as TOML parsed it (``{kind = "uniform", low = 0, high = 1}``).
    where : str
        ``"<file>: parameters.<name>.distribution"``, the start of every error message.
    lower, upper : number or None
        The parameter's bounds where they are constants (``None`` otherwise).

    Raises
    ------
    ModelError
        For an unknown kind, a missing or unknown key, a number that is not a
        finite number, a support outside the bounds, probabilities outside
        [0, 1] or not summing to one, ``sd <= 0``.

    Examples
    --------
    >>> parse_distribution({"kind": "uniform", "low": 0.1, "high": 0.4}, "m.toml: parameters.q.distribution", 0, 1)
    Distribution(kind='uniform', params=(('low', Fraction(1, 10)), ('high', Fraction(2, 5))), lower=None, upper=None)
    >>> parse_distribution({"kind": "normal", "mean": 0.5, "sd": 0}, "m.toml: parameters.q.distribution")
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ModelError: m.toml: parameters.q.distribution.sd: must be positive, got 0
    """
    if not isinstance(spec, dict):
        raise ModelError(f"{where}: expected a table such as {{ kind = \"uniform\", low = 0, high = 1 }}")
    kind = spec.get("kind")
    if kind not in DISTRIBUTION_KINDS:
        known = ", ".join(DISTRIBUTION_KINDS)
        got = "missing key 'kind'" if kind is None else f"unknown kind {kind!r}"
        raise ModelError(f"{where}: {got} (known: {known})")
    required = DISTRIBUTION_KINDS[kind]
    for k in required:
        if k not in spec:
            raise ModelError(f"{where}: missing key {k!r} (a {kind} distribution needs {', '.join(required)})")
    for k in spec:
        if k != "kind" and k not in required:
            raise ModelError(f"{where}.{k}: unknown key {k!r} for a {kind} distribution "
                             f"(allowed: kind, {', '.join(required)})")
    lo = None if lower is None else Fraction(lower)
    hi = None if upper is None else Fraction(upper)
    if lo is not None and hi is not None and lo >= hi:
        raise ModelError(f"{where}: the parameter's bounds [{_show(lo)}, {_show(hi)}] leave no room for a distribution")
    params = tuple((k, _numbers(spec[k], f"{where}.{k}") if k in ("values", "probabilities")
                    else _number(spec[k], f"{where}.{k}")) for k in required)
    dist = Distribution(kind, params, lo if kind == "normal" else None, hi if kind == "normal" else None)
    _CHECKS[kind](dist, where)
    if kind == "normal":
        _within(dist["mean"], lo, hi, f"{where}.mean", "the mean")
    else:
        low, high = (dist["low"], dist["high"]) if kind != "discrete" else (min(dist["values"]), max(dist["values"]))
        _within(low, lo, hi, where, "the support")
        _within(high, lo, hi, where, "the support")
    return dist


def _number(x: Any, where: str) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ModelError(f"{where}: expected a number, got {x!r}")
    if isinstance(x, float) and not math.isfinite(x):
        raise ModelError(f"{where}: expected a finite number, got {x!r}")
    return Fraction(x) if isinstance(x, int) else Fraction(repr(x))


def _numbers(xs: Any, where: str) -> tuple[Fraction, ...]:
    if not isinstance(xs, list) or not xs:
        raise ModelError(f"{where}: expected a non-empty list of numbers")
    return tuple(_number(x, f"{where}[{k}]") for k, x in enumerate(xs))


def _check_uniform(d: Distribution, where: str) -> None:
    if not d["low"] < d["high"]:
        raise ModelError(f"{where}: low ({_show(d['low'])}) must be below high ({_show(d['high'])})")


def _check_triangular(d: Distribution, where: str) -> None:
    _check_uniform(d, where)
    if not d["low"] <= d["mode"] <= d["high"]:
        raise ModelError(f"{where}.mode: {_show(d['mode'])} is not in [low, high] = "
                         f"[{_show(d['low'])}, {_show(d['high'])}]")


def _check_normal(d: Distribution, where: str) -> None:
    if d["sd"] <= 0:
        raise ModelError(f"{where}.sd: must be positive, got {_show(d['sd'])}")


def _check_discrete(d: Distribution, where: str) -> None:
    values, probs = d["values"], d["probabilities"]
    if len(values) != len(probs):
        raise ModelError(f"{where}: {len(values)} values but {len(probs)} probabilities")
    if len(set(values)) != len(values):
        raise ModelError(f"{where}.values: duplicate values")
    for k, p in enumerate(probs):
        if not 0 <= p <= 1:
            raise ModelError(f"{where}.probabilities[{k}]: {_show(p)} is not in [0, 1]")
    total = sum(probs)
    if abs(total - 1) > _PROBABILITY_TOLERANCE:
        raise ModelError(f"{where}.probabilities: must sum to one (they sum to {_show(total)})")


_CHECKS: dict[str, Callable[[Distribution, str], None]] = {
    "uniform": _check_uniform,
    "triangular": _check_triangular,
    "normal": _check_normal,
    "discrete": _check_discrete,
}


def _within(x: Fraction, lo: Fraction | None, hi: Fraction | None, where: str, what: str) -> None:
    if lo is not None and x < lo:
        raise ModelError(f"{where}: {what} reaches {_show(x)}, below the parameter's minimum {_show(lo)}")
    if hi is not None and x > hi:
        raise ModelError(f"{where}: {what} reaches {_show(x)}, above the parameter's maximum {_show(hi)}")


def _show(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    f = float(x)
    return repr(f) if Fraction(repr(f)) == x else str(x)
