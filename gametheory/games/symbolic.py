"""Normal-form games whose payoffs are sympy expressions in named parameters.

A :class:`SymbolicGame` is the symbolic view of a model: the same players and
strategy labels as the numeric :class:`~gametheory.NormalFormGame`, with
payoffs kept as expressions. :meth:`SymbolicGame.substitute` evaluates it at
parameter values (exactly when they are rational) and
:meth:`SymbolicGame.payoff_function` compiles a numpy-vectorised evaluator for
parameter sweeps.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..exceptions import InvalidGameError, ParameterError
from ._evaluate import evaluate, exact_value
from .normal_form import NormalFormGame

__all__ = ["SymbolicGame"]


def _as_expr(value: Any) -> sympy.Expr:
    if isinstance(value, sympy.Expr):
        return value
    if isinstance(value, bool):
        raise InvalidGameError(f"a payoff must be a number or a sympy expression, got {value!r}")
    if isinstance(value, (int, Fraction)):
        f = Fraction(value)
        return sympy.Rational(f.numerator, f.denominator)
    if isinstance(value, float):
        f = Fraction(repr(value))
        return sympy.Rational(f.numerator, f.denominator)
    raise InvalidGameError(f"a payoff must be a number or a sympy expression, got {type(value).__name__}")


class SymbolicGame:
    """A normal-form game with sympy payoffs in named parameters.

    Parameters
    ----------
    payoffs : sequence of array_like
        One nested array per player, indexed by the pure profile, of sympy
        expressions or numbers (floats are read as the decimal they print as).
    players, strategies, title
        Labels, as for :class:`~gametheory.NormalFormGame`.
    parameters : sequence of str, optional
        The parameter names, in order (the argument order of
        :meth:`payoff_function`). Defaults to the free symbols, sorted by name.
        Every free symbol of the payoffs must be listed.

    Examples
    --------
    A prisoner's dilemma whose temptation ``T`` is a parameter:

    >>> import sympy
    >>> T = sympy.Symbol("T", real=True)
    >>> g = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                  players=["A", "B"], strategies=[["C", "D"], ["C", "D"]])
    >>> g.parameters
    ('T',)
    >>> g.substitute({"T": 5}).payoffs[0].tolist()
    [[Fraction(3, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(1, 1)]]
    >>> f = g.payoff_function()
    >>> f([4.0, 5.0]).shape        # players, rows, columns, sweep points
    (2, 2, 2, 2)
    """

    __slots__ = ("_payoffs", "_players", "_strategies", "_parameters", "_symbols", "title", "_function")

    def __init__(
        self,
        payoffs: Sequence[Any],
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
        *,
        parameters: Sequence[str] | None = None,
    ) -> None:
        arrays = []
        for p in payoffs:
            arr = np.empty(np.shape(np.asarray(p, dtype=object)), dtype=object)
            src = np.asarray(p, dtype=object)
            for idx in np.ndindex(src.shape):
                arr[idx] = _as_expr(src[idx])
            arr.setflags(write=False)
            arrays.append(arr)
        # Labels and shapes are validated once, by the numeric game class.
        probe = NormalFormGame([np.zeros(a.shape, dtype=int) for a in arrays], players, strategies, title)
        free: set[sympy.Symbol] = set()
        for a in arrays:
            for e in a.flat:
                free |= e.free_symbols
        by_name = {s.name: s for s in free}
        if parameters is None:
            names = tuple(sorted(by_name))
        else:
            names = tuple(str(n) for n in parameters)
            if len(set(names)) != len(names):
                raise InvalidGameError(f"duplicate parameter names in {names}")
            missing = sorted(set(by_name) - set(names))
            if missing:
                raise InvalidGameError(f"payoffs use parameters not listed: {', '.join(missing)}")
        self._payoffs = tuple(arrays)
        self._players = probe.players
        self._strategies = probe.strategies
        self._parameters = names
        self._symbols = tuple(by_name.get(n, sympy.Symbol(n, real=True)) for n in names)
        self.title = str(title)
        self._function: Callable[..., np.ndarray] | None = None

    # ------------------------------------------------------------------ properties
    @property
    def players(self) -> tuple[str, ...]:
        """Player labels."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels, one tuple per player."""
        return self._strategies

    @property
    def num_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self._payoffs[0].shape

    @property
    def parameters(self) -> tuple[str, ...]:
        """Parameter names, in the order :meth:`payoff_function` takes them."""
        return self._parameters

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        """The sympy symbols of :attr:`parameters`."""
        return self._symbols

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """One read-only object array of sympy expressions per player."""
        return self._payoffs

    def payoff(self, player: int | str, profile: Sequence[int | str]) -> sympy.Expr:
        """The payoff expression of ``player`` at a pure ``profile`` (indices or labels).

        Examples
        --------
        >>> import sympy
        >>> a = sympy.Symbol("a", real=True)
        >>> g = SymbolicGame([[[a, 0]], [[1, 2]]], strategies=[["x"], ["l", "r"]])
        >>> g.payoff(0, ["x", "l"])
        a
        """
        i = self._index(player, self._players, "player")
        idx = tuple(self._index(s, self._strategies[k], f"strategy of {self._players[k]!r}")
                    for k, s in enumerate(profile))
        if len(idx) != self.num_players:
            raise InvalidGameError(f"a pure profile names {self.num_players} strategies, got {len(idx)}")
        return self._payoffs[i][idx]

    @staticmethod
    def _index(item: int | str, labels: Sequence[str], what: str) -> int:
        if isinstance(item, str):
            if item not in labels:
                raise InvalidGameError(f"unknown {what} {item!r}; known: {', '.join(labels)}")
            return list(labels).index(item)
        if not 0 <= int(item) < len(labels):
            raise InvalidGameError(f"{what} index {item} out of range")
        return int(item)

    # ------------------------------------------------------------------ evaluation
    def _values(self, values: Mapping[str, Any]) -> dict[str, Fraction | float]:
        unknown = sorted(set(values) - set(self._parameters))
        if unknown:
            raise ParameterError(f"unknown parameter {unknown[0]!r}; parameters: {', '.join(self._parameters)}")
        missing = [n for n in self._parameters if n not in values]
        if missing:
            raise ParameterError(f"no value for parameter {missing[0]!r}")
        try:
            return {n: exact_value(values[n]) for n in self._parameters}
        except ValueError as exc:
            raise ParameterError(str(exc)) from None

    def substitute(self, values: Mapping[str, Any], *, exact: bool | None = None) -> NormalFormGame:
        """The numeric game at parameter ``values``.

        Parameters
        ----------
        values : mapping of str to number
            A value for every parameter. Integers, Fractions and floats are read
            exactly (a float as the decimal it prints as).
        exact : bool, optional
            Force exact or floating-point payoffs. By default the game is exact
            when every payoff evaluates to a rational number (no ``exp``,
            ``log`` or irrational powers).

        Raises
        ------
        ParameterError
            For an unknown or missing parameter.
        InvalidGameError, ExpressionError
            For a payoff that is undefined or not finite at these values.

        Examples
        --------
        >>> import sympy
        >>> t = sympy.Symbol("t", real=True)
        >>> g = SymbolicGame([[[1 - t, 0]], [[t, sympy.sqrt(t)]]])
        >>> g.substitute({"t": 0.25}).is_exact
        True
        >>> g.substitute({"t": 0.5}).is_exact
        False
        """
        vals = self._values(values)
        out = []
        for i, arr in enumerate(self._payoffs):
            num = np.empty(arr.shape, dtype=object)
            for idx in np.ndindex(arr.shape):
                try:
                    num[idx] = evaluate(arr[idx], vals)
                except ValueError as exc:
                    where = ", ".join(s[k] for s, k in zip(self._strategies, idx))
                    raise type(exc)(f"payoff of {self._players[i]!r} at ({where}): {exc}") from None
            out.append(num)
        return NormalFormGame(out, self._players, self._strategies, self.title, exact=exact)

    def payoff_function(self) -> Callable[..., np.ndarray]:
        """A numpy-vectorised evaluator of every payoff.

        Returns
        -------
        callable
            ``f(*values)`` takes one array-like per parameter (in the order of
            :attr:`parameters`; broadcast together) and returns a float array
            of shape ``(num_players, *shape, *broadcast_shape)``.

        Examples
        --------
        >>> import sympy
        >>> a, b = sympy.symbols("a b", real=True)
        >>> g = SymbolicGame([[[a, b]], [[a * b, 1]]], parameters=["a", "b"])
        >>> g.payoff_function()([1.0, 2.0], 3.0)[:, 0, :, 1].tolist()
        [[2.0, 3.0], [6.0, 1.0]]
        """
        if self._function is None:
            self._function = self._compile()
        return self._function

    def _compile(self) -> Callable[..., np.ndarray]:
        cells = [e for arr in self._payoffs for e in arr.flat]
        # The code lambdify prints comes from sympy trees we built, never from user text;
        # dummify keeps parameter names from shadowing numpy functions in that code.
        raw = sympy.lambdify(self._symbols, cells, modules="numpy", dummify=True)
        lead = (self.num_players, *self.shape)
        nparams = len(self._symbols)

        def payoffs(*values: Any) -> np.ndarray:
            if len(values) != nparams:
                raise ParameterError(f"expected {nparams} parameter arrays ({', '.join(self._parameters)}), "
                                     f"got {len(values)}")
            arrays = [np.asarray(v, dtype=float) for v in values]
            with np.errstate(all="ignore"):
                results = raw(*arrays)
            tail = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
            out = np.empty((len(cells), *tail), dtype=float)
            for k, r in enumerate(results):
                out[k] = np.broadcast_to(np.asarray(r, dtype=float), tail)
            return out.reshape(*lead, *tail)

        return payoffs

    # ------------------------------------------------------------------ misc
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SymbolicGame):
            return NotImplemented
        return (self._players == other._players and self._strategies == other._strategies
                and all(np.array_equal(a, b) for a, b in zip(self._payoffs, other._payoffs)))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"SymbolicGame(players={list(self._players)}, shape={self.shape}, "
                f"parameters={list(self._parameters)})")

    def profiles(self) -> list[tuple[int, ...]]:
        """All pure profiles as index tuples, in row-major order."""
        return list(itertools.product(*(range(k) for k in self.shape)))
