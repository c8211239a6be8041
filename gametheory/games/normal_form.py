"""Normal-form (strategic-form) games with any number of players."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidArgumentError, InvalidGameError, InvalidProfileError
from ._exact import fraction_array, is_rational_value

__all__ = ["NormalFormGame", "Profile"]

#: A mixed profile: one sequence of probabilities per player.
Profile = Sequence[Sequence[Any]]


def _default_players(n: int) -> tuple[str, ...]:
    return tuple(f"Player {i + 1}" for i in range(n))


def _check_labels(labels: Sequence[str], what: str) -> tuple[str, ...]:
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
        raise InvalidArgumentError(f"{what} labels must be a sequence of strings, got {type(labels).__name__}")
    out = tuple(str(s) for s in labels)
    seen: set[str] = set()
    for s in out:
        if s in seen:
            raise InvalidGameError(f"duplicate {what} label {s!r}")
        seen.add(s)
    return out


class NormalFormGame:
    """A finite game in strategic form with labelled players and strategies.

    Payoffs are held in one array per player, indexed by the pure profile. They
    are *exact* (``fractions.Fraction``) when every payoff given is an integer,
    a Fraction or a sympy Rational, and floating point otherwise; solvers return
    exact equilibria for exact games.

    Parameters
    ----------
    payoffs : sequence of array_like
        ``payoffs[i][s_1, ..., s_n]`` is player ``i``'s payoff at the pure
        profile ``(s_1, ..., s_n)``. All arrays share one shape.
    players : sequence of str, optional
        Player labels; defaults to ``"Player 1"``, ``"Player 2"``, ...
    strategies : sequence of sequence of str, optional
        Strategy labels per player; defaults to ``"1"``, ``"2"``, ...
    title : str, optional
        A title, kept when the game is written to a file.
    exact : bool, optional
        Force exact (``True``: floats are read through their decimal
        representation) or floating-point (``False``) payoffs. By default the
        game is exact when every payoff is rational.

    Examples
    --------
    Matching pennies:

    >>> g = NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
    ...                    players=["Row", "Col"], strategies=[["H", "T"], ["H", "T"]])
    >>> g.shape
    (2, 2)
    >>> g.is_exact
    True
    >>> g.expected_payoffs([[1, 1], [1, 1]])   # unnormalised weights are not allowed
    Traceback (most recent call last):
    ...
    gametheory.exceptions.InvalidProfileError: profile for player 'Row' sums to 2, not 1
    >>> g.expected_payoffs([["1/2", "1/2"], ["1/2", "1/2"]])
    (Fraction(0, 1), Fraction(0, 1))
    >>> g.regret([[1, 0], [1, 0]])
    Fraction(2, 1)
    """

    __slots__ = ("__weakref__", "_exact", "_flat", "_float", "_integer", "_players", "_strategies", "title")

    def __init__(
        self,
        payoffs: Sequence[Any],
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
        *,
        exact: bool | None = None,
    ) -> None:
        if isinstance(payoffs, (str, bytes)):
            raise InvalidArgumentError("payoffs must be one array per player, got a string")
        if isinstance(payoffs, np.ndarray) and payoffs.dtype != object:
            arrays = [np.asarray(p) for p in payoffs]
        else:
            try:
                arrays = [np.asarray(p, dtype=object) for p in payoffs]
            except (TypeError, ValueError) as exc:
                raise InvalidGameError(f"payoffs must be one array per player: {exc}") from exc
        n = len(arrays)
        if n < 1:
            raise InvalidGameError("a game needs at least one player")
        shape = arrays[0].shape
        if len(shape) != n:
            raise InvalidGameError(
                f"payoff array of player 1 has {len(shape)} dimensions but there are {n} players; "
                "give one array per player indexed by the pure profile"
            )
        for i, a in enumerate(arrays):
            if a.shape != shape:
                raise InvalidGameError(
                    f"payoff array of player {i + 1} has shape {a.shape}, expected {shape}"
                )
        if any(s == 0 for s in shape):
            raise InvalidGameError(f"every player needs at least one strategy (shape {shape})")
        stacked = np.stack(arrays) if n else np.empty((0,))
        if exact is None:
            exact = stacked.dtype.kind in "iub" or (
                stacked.dtype == object and all(is_rational_value(v) for v in stacked.flat)
            )
        if exact:
            ex = fraction_array(stacked)
            try:
                fl = np.array([float(v) for v in ex.flat], dtype=float).reshape(ex.shape)
            except OverflowError:
                raise InvalidGameError("a payoff is too large: payoffs must be finite doubles") from None
        else:
            try:
                fl = np.asarray(stacked, dtype=float)
            except (TypeError, ValueError) as exc:
                raise InvalidGameError(f"payoffs must be numbers: {exc}") from exc
            ex = None
        if not np.all(np.isfinite(fl)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(fl))[0])
            raise InvalidGameError(
                f"payoff of player {bad[0] + 1} at profile {bad[1:]} is {fl[bad]}: payoffs must be finite"
            )
        fl.setflags(write=False)
        if ex is not None:
            ex.setflags(write=False)
        self._float = fl
        self._exact = ex
        # per player: own strategies by the others' profiles, made on demand (exact ones as integers)
        self._integer: list[tuple[np.ndarray, int]] | None = None
        self._flat: list[np.ndarray] | None = None
        self._players = _check_labels(players if players is not None else _default_players(n), "player")
        if len(self._players) != n:
            raise InvalidGameError(f"{len(self._players)} player labels given for {n} players")
        if strategies is None:
            strategies = [[str(j + 1) for j in range(k)] for k in shape]
        if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Sequence):
            raise InvalidArgumentError("strategies must be one sequence of labels per player, "
                                       f"got {type(strategies).__name__}")
        if len(strategies) != n:
            raise InvalidGameError(f"strategy labels given for {len(strategies)} players, expected {n}")
        labels = []
        for i, (k, s) in enumerate(zip(shape, strategies)):
            s = _check_labels(s, f"strategy of {self._players[i]!r}")
            if len(s) != k:
                raise InvalidGameError(
                    f"player {self._players[i]!r} has {k} strategies in the payoffs but {len(s)} labels"
                )
            labels.append(s)
        self._strategies = tuple(labels)
        self.title = str(title)

    # ------------------------------------------------------------------ builders
    @classmethod
    def from_function(
        cls,
        payoff: Callable[..., Sequence[Any]],
        strategies: Sequence[Sequence[str]],
        players: Sequence[str] | None = None,
        title: str = "",
        *,
        exact: bool | None = None,
    ) -> NormalFormGame:
        """Build a game from a function of the pure profile.

        ``payoff(s_1, ..., s_n)`` receives strategy *labels* and returns one
        payoff per player.

        Examples
        --------
        >>> def pd(a, b):
        ...     table = {("C", "C"): (3, 3), ("C", "D"): (0, 5), ("D", "C"): (5, 0), ("D", "D"): (1, 1)}
        ...     return table[a, b]
        >>> g = NormalFormGame.from_function(pd, [["C", "D"], ["C", "D"]])
        >>> g.payoffs[0].tolist()
        [[Fraction(3, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(1, 1)]]
        """
        shape = tuple(len(s) for s in strategies)
        n = len(shape)
        out = np.empty((n, *shape), dtype=object)
        for idx in itertools.product(*(range(k) for k in shape)):
            values = tuple(payoff(*(strategies[i][j] for i, j in enumerate(idx))))
            if len(values) != n:
                raise InvalidGameError(f"payoff function returned {len(values)} values at {idx}, expected {n}")
            for i, v in enumerate(values):
                out[(i, *idx)] = v
        return cls(list(out), players=players, strategies=strategies, title=title, exact=exact)

    @classmethod
    def from_nashpy(cls, game: Any, players: Sequence[str] | None = None,
                    strategies: Sequence[Sequence[str]] | None = None) -> NormalFormGame:
        """Build a two-player game from a :class:`nashpy.Game`."""
        A, B = game.payoff_matrices
        return cls([np.asarray(A), np.asarray(B)], players=players, strategies=strategies)

    def to_nashpy(self) -> Any:
        """Return the equivalent :class:`nashpy.Game` (two players, float payoffs)."""
        if self.num_players != 2:
            raise InvalidGameError("nashpy games have exactly two players")
        import nashpy

        return nashpy.Game(np.array(self._float[0]), np.array(self._float[1]))

    @classmethod
    def read(cls, path: Any) -> NormalFormGame:
        """Read a Gambit ``.nfg`` file (payoff or outcome form)."""
        from ..io.nfg import read_nfg

        return read_nfg(path)

    def write(self, path: Any, *, form: str = "payoff") -> None:
        """Write the game as a Gambit ``.nfg`` file (``form`` is ``"payoff"`` or ``"outcome"``)."""
        from ..io.nfg import write_nfg

        write_nfg(self, path, form=form)

    # ---------------------------------------------------------------- properties
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
        """Number of pure strategies of each player."""
        return tuple(self._float.shape[1:])

    @property
    def is_exact(self) -> bool:
        """Whether payoffs are exact rationals."""
        return self._exact is not None

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """Payoff arrays, one per player (Fractions if exact, floats otherwise). Read-only."""
        arr = self._exact if self._exact is not None else self._float
        return tuple(arr[i] for i in range(self.num_players))

    @property
    def payoff_array(self) -> np.ndarray:
        """All payoffs as one float array of shape ``(n_players, *shape)``. Read-only."""
        return self._float

    @property
    def exact_payoff_array(self) -> np.ndarray | None:
        """All payoffs as an object array of Fractions, or ``None`` for a float game."""
        return self._exact

    def payoff_range(self) -> float:
        """Largest minus smallest payoff over all players (at least 1); scales tolerances."""
        return max(float(self._float.max() - self._float.min()), 1.0)

    def tolerance(self) -> float:
        """Absolute tolerance for floating-point certificates, scaled to the payoff range."""
        return 1e-9 * self.payoff_range()

    def to_exact(self) -> NormalFormGame:
        """Return an exact copy (floats read through their decimal representation)."""
        if self.is_exact:
            return self
        return NormalFormGame(list(self._float), self._players, self._strategies, self.title, exact=True)

    def to_float(self) -> NormalFormGame:
        """Return a floating-point copy."""
        if not self.is_exact:
            return self
        return NormalFormGame(list(self._float), self._players, self._strategies, self.title, exact=False)

    def relabel(self, players: Sequence[str] | None = None,
                strategies: Sequence[Sequence[str]] | None = None, title: str | None = None) -> NormalFormGame:
        """Return the same game with new labels."""
        arr = self._exact if self._exact is not None else self._float
        return NormalFormGame(list(arr), players or self._players, strategies or self._strategies,
                              self.title if title is None else title, exact=self.is_exact)

    def restrict(self, kept: Sequence[Sequence[int]]) -> NormalFormGame:
        """Return the subgame in which player ``i`` keeps strategies ``kept[i]``."""
        arr = self._exact if self._exact is not None else self._float
        sub = arr[np.ix_(range(self.num_players), *[list(k) for k in kept])]
        strategies = [[self._strategies[i][j] for j in k] for i, k in enumerate(kept)]
        return NormalFormGame(list(sub), self._players, strategies, self.title, exact=self.is_exact)

    # ------------------------------------------------------------------ profiles
    def strategy_index(self, player: int | str, strategy: int | str) -> int:
        """Index of a strategy given by label or index."""
        i = self.player_index(player)
        if isinstance(strategy, (int, np.integer)):
            if not 0 <= strategy < self.shape[i]:
                raise InvalidProfileError(f"player {self._players[i]!r} has no strategy {strategy}")
            return int(strategy)
        try:
            return self._strategies[i].index(str(strategy))
        except ValueError:
            raise InvalidProfileError(
                f"player {self._players[i]!r} has no strategy {strategy!r}; "
                f"strategies are {', '.join(self._strategies[i])}"
            ) from None

    def player_index(self, player: int | str) -> int:
        """Index of a player given by label or index."""
        if isinstance(player, (int, np.integer)):
            if not 0 <= player < self.num_players:
                raise InvalidProfileError(f"no player {player}")
            return int(player)
        try:
            return self._players.index(str(player))
        except ValueError:
            raise InvalidProfileError(f"no player {player!r}; players are {', '.join(self._players)}") from None

    def pure_profile(self, labels: Sequence[int | str]) -> list[list[Any]]:
        """The mixed profile that plays the given pure strategies (labels or indices)."""
        if len(labels) != self.num_players:
            raise InvalidProfileError(f"a pure profile names {self.num_players} strategies, got {len(labels)}")
        one, zero = (Fraction(1), Fraction(0)) if self.is_exact else (1.0, 0.0)
        out = []
        for i, s in enumerate(labels):
            j = self.strategy_index(i, s)
            out.append([one if k == j else zero for k in range(self.shape[i])])
        return out

    def _check_profile(self, profile: Profile, exact: bool) -> list[np.ndarray]:
        if len(profile) != self.num_players:
            raise InvalidProfileError(f"profile has {len(profile)} strategies, expected {self.num_players}")
        out = []
        tol = 1e-9
        for i, (k, p) in enumerate(zip(self.shape, profile)):
            if exact:
                arr = fraction_array(p, what="probability")
            else:
                arr = np.asarray([float(v) for v in np.asarray(p, dtype=object).ravel()], dtype=float)
            if arr.shape != (k,):
                raise InvalidProfileError(
                    f"profile for player {self._players[i]!r} has {arr.size} entries, expected {k}"
                )
            total = sum(arr) if exact else float(arr.sum())
            if exact:
                if any(v < 0 for v in arr) or total != 1:
                    self._profile_error(i, arr, total)
            elif not np.all(np.isfinite(arr)) or arr.min() < -tol or abs(total - 1) > tol * k:
                self._profile_error(i, arr, total)
            out.append(arr)
        return out

    def _profile_error(self, i: int, arr: np.ndarray, total: Any) -> None:
        if any(v < 0 for v in arr):
            raise InvalidProfileError(f"profile for player {self._players[i]!r} has a negative probability")
        raise InvalidProfileError(f"profile for player {self._players[i]!r} sums to {total}, not 1")

    def _is_exact_profile(self, profile: Profile) -> bool:
        return self.is_exact and all(
            is_rational_value(v) or isinstance(v, str) for p in profile for v in np.asarray(p, dtype=object).ravel()
        )

    def strategy_payoffs(self, profile: Profile, player: int | str) -> np.ndarray:
        """Payoff of each pure strategy of ``player`` against the others' mixed strategies."""
        i = self.player_index(player)
        exact = self._is_exact_profile(profile)
        probs = self._check_profile(profile, exact)
        return self._strategy_payoffs(probs, i, exact)

    def _strategy_payoffs(self, probs: list[np.ndarray], i: int, exact: bool) -> np.ndarray:
        if exact:
            return self._exact_strategy_payoffs(probs, i)
        table = self._float[i]
        # Contract the last axes first so axis numbers of earlier players stay valid.
        for j in range(self.num_players - 1, -1, -1):
            if j != i:
                table = np.tensordot(table, probs[j], axes=([j], [0]))
        return table

    def _integer_tables(self) -> list[tuple[np.ndarray, int]]:
        """Each player's exact payoffs times a common denominator: an integer (object) matrix with the
        player's own strategies as rows and the others' pure profiles (in player order) as columns."""
        if self._integer is None:
            tables = []
            for i, table in enumerate(self._exact):
                scale = math.lcm(*{Fraction(v).denominator for v in table.flat})
                ints = [int(Fraction(v) * scale) for v in np.moveaxis(table, i, 0).flat]
                tables.append((np.array(ints, dtype=object).reshape(table.shape[i], -1), scale))
            self._integer = tables
        return self._integer

    def _integer_payoffs(self) -> np.ndarray:
        """Each player's exact payoffs times that player's common denominator (an integer object array, the
        shape of :attr:`payoff_array`): the same best responses and equilibria, in integer arithmetic."""
        tables = self._integer_tables()
        return np.array([np.moveaxis(t.reshape((self.shape[i],) + tuple(m for j, m in enumerate(self.shape) if j != i)),
                                     0, i) for i, (t, _) in enumerate(tables)], dtype=object)

    def _float_tables(self) -> list[np.ndarray]:
        """:meth:`_integer_tables` in floating point (unscaled)."""
        if self._flat is None:
            self._flat = [np.ascontiguousarray(np.moveaxis(self._float[i], i, 0).reshape(self.shape[i], -1))
                          for i in range(self.num_players)]
        return self._flat

    @staticmethod
    def _integer_weights(p: Sequence[Any]) -> tuple[list[int], list[int], int]:
        """The strategies in use, their probabilities times a common denominator, and that denominator."""
        fr = [(k, v if type(v) is Fraction else Fraction(v)) for k, v in enumerate(p) if v]
        d = math.lcm(*(v.denominator for _, v in fr))
        return [k for k, _ in fr], [v.numerator * (d // v.denominator) for _, v in fr], d

    def _integer_values(self, weights: list[Any], i: int) -> tuple[np.ndarray, int]:
        """Player ``i``'s strategy payoffs times an integer denominator (returned), as integers.

        ``weights[j]`` is :meth:`_integer_weights` of player ``j``'s strategy; only the others' strategies in
        use take part, so a pure profile reads one column.
        """
        table, den = self._integer_tables()[i]
        cols, ws = [0], [1]
        for j, m in enumerate(self.shape):
            if j != i:
                used, nums, d = weights[j]
                cols = [c * m + k for c in cols for k in used]
                ws = [w * x for w in ws for x in nums]
                den *= d
        return table[:, cols].dot(np.array(ws, dtype=object)), den

    def _exact_strategy_payoffs(self, probs: list[np.ndarray], i: int) -> np.ndarray:
        """Exact payoffs of player ``i``'s strategies in integer arithmetic (Fractions only at the end)."""
        weights = [self._integer_weights(p) if j != i else None for j, p in enumerate(probs)]
        sums, den = self._integer_values(weights, i)
        return np.array([Fraction(int(v), den) for v in sums], dtype=object)

    def _exact_payoffs_and_regret(self, probs: Sequence[Sequence[Fraction]]) -> tuple[tuple[Fraction, ...], Fraction]:
        """Payoffs and regret of a valid exact profile, in integers over one denominator per player."""
        weights = [self._integer_weights(p) for p in probs]
        payoffs, worst = [], 0
        for i, (used, nums, d) in enumerate(weights):
            sums, den = self._integer_values(weights, i)
            own = sum(sums[k] * x for k, x in zip(used, nums))  # the payoff times den * d
            payoffs.append(Fraction(own, den * d))
            gain = Fraction(max(sums) * d - own, den * d)
            worst = max(worst, gain)
        return tuple(payoffs), Fraction(worst)

    def _float_payoffs_and_regret(self, probs: Sequence[np.ndarray]) -> tuple[tuple[float, ...], float]:
        """Payoffs and regret of a valid float profile: one matrix-vector product per player."""
        payoffs, worst = [], 0.0
        for i, table in enumerate(self._float_tables()):
            w = np.ones(1)
            for j, p in enumerate(probs):
                if j != i:
                    w = np.multiply.outer(w, p).ravel()
            v = table @ w
            own = float(v @ probs[i])
            payoffs.append(own)
            worst = max(worst, float(v.max()) - own)
        return tuple(payoffs), worst

    def _payoffs_and_regret(self, profile: Profile) -> tuple[tuple[Any, ...], Any]:
        """:meth:`expected_payoffs` and :meth:`regret` from one pass over the payoff tables."""
        exact = self._is_exact_profile(profile)
        probs = self._check_profile(profile, exact)
        if exact:
            return self._exact_payoffs_and_regret(probs)
        return self._float_payoffs_and_regret(probs)

    def expected_payoffs(self, profile: Profile) -> tuple[Any, ...]:
        """Expected payoff of every player under a mixed profile.

        Exact (Fractions) when the game and the profile are exact.
        """
        exact = self._is_exact_profile(profile)
        probs = self._check_profile(profile, exact)
        out = []
        for i in range(self.num_players):
            v = self._strategy_payoffs(probs, i, exact)
            out.append(np.dot(v, probs[i]) if exact else float(np.dot(v, probs[i])))
        return tuple(out)

    def best_responses(self, profile: Profile, player: int | str, *, tol: float | None = None) -> tuple[int, ...]:
        """Indices of the pure best responses of ``player`` to the others' strategies in ``profile``."""
        i = self.player_index(player)
        exact = self._is_exact_profile(profile)
        probs = self._check_profile(profile, exact)
        v = self._strategy_payoffs(probs, i, exact)
        best = max(v)
        if exact:
            return tuple(int(j) for j in range(len(v)) if v[j] == best)
        t = self.tolerance() if tol is None else tol
        return tuple(int(j) for j in np.flatnonzero(v >= best - t))

    def player_regrets(self, profile: Profile) -> tuple[Any, ...]:
        """For each player, best pure payoff minus the payoff of its own mixed strategy."""
        exact = self._is_exact_profile(profile)
        probs = self._check_profile(profile, exact)
        out = []
        for i in range(self.num_players):
            v = self._strategy_payoffs(probs, i, exact)
            r = max(v) - np.dot(v, probs[i])
            out.append(r if exact else max(float(r), 0.0))
        return tuple(out)

    def regret(self, profile: Profile) -> Any:
        """The largest gain any player has from deviating: zero exactly at a Nash equilibrium.

        This is the certificate every solver attaches to what it reports. It is a
        Fraction for exact games and profiles, a float otherwise.
        """
        return max(self.player_regrets(profile))

    def is_nash(self, profile: Profile, *, tol: float | None = None) -> bool:
        """Whether ``profile`` is a Nash equilibrium (exactly, or within a scaled tolerance)."""
        r = self.regret(profile)
        if isinstance(r, Fraction):
            return r == 0
        return r <= (self.tolerance() if tol is None else tol)

    def pareto_efficient_profiles(self) -> list[tuple[str, ...]]:
        """Pure profiles whose payoff vector no other pure profile Pareto-dominates.

        Examples
        --------
        >>> g = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
        >>> g.pareto_efficient_profiles()
        [('C', 'C'), ('C', 'D'), ('D', 'C')]
        """
        n = self.num_players
        vec = self._float.reshape(n, -1).T  # (profiles, players)
        ge = np.all(vec[:, None, :] >= vec[None, :, :], axis=2)
        gt = np.any(vec[:, None, :] > vec[None, :, :], axis=2)
        dominated = np.any(ge & gt, axis=0)  # dominated[k]: some profile dominates profile k
        out = []
        for flat in np.flatnonzero(~dominated):
            idx = np.unravel_index(flat, self.shape)
            out.append(tuple(self._strategies[i][int(j)] for i, j in enumerate(idx)))
        return out

    # ---------------------------------------------------------------- dunder
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        if self.shape != other.shape or self._players != other._players or self._strategies != other._strategies:
            return False
        if self.is_exact and other.is_exact:
            return bool(np.all(self._exact == other._exact))
        return bool(np.array_equal(self._float, other._float))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        kind = "exact" if self.is_exact else "float"
        dims = "x".join(str(k) for k in self.shape)
        title = f" {self.title!r}" if self.title else ""
        return f"<NormalFormGame{title} {dims}, players {', '.join(self._players)}, {kind} payoffs>"

    def __str__(self) -> str:
        from ..io.text import game_table

        return game_table(self)
