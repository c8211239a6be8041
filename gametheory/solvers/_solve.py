"""One entry point that picks a solver for a normal-form game."""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from ..exceptions import InvalidGameError, NotSupportedError, SolverError

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..games.normal_form import NormalFormGame
    from .result import EquilibriumResult

__all__ = ["AUTO_TWO_PLAYER_SECONDS", "ENUMERATION_LIMIT", "METHODS", "solve"]

#: Method name -> what it computes (shown by ``gametheory solve --help``).
METHODS: dict[str, str] = {
    "auto": "every extreme equilibrium where tractable, enumerated under a time limit; if it runs out, "
            "Lemke-Howson (2 players) or, if it found none, path following (n players)",
    "enumeration": "every extreme equilibrium of a 2-player game, with components (vertex enumeration)",
    "pure": "every pure-strategy equilibrium, any number of players",
    "lemke-howson": "equilibria reached by Lemke-Howson from every starting label (2 players)",
    "zero-sum": "value and optimal strategies of a 2-player zero-sum or constant-sum game (LP)",
    "polynomial": "every isolated equilibrium of an n-player game (support enumeration, polynomial systems)",
    "path": "one certified equilibrium of a large n-player game (path following)",
}

#: Two-player games with min(m, n) above this are solved with Lemke-Howson under ``auto``.
ENUMERATION_LIMIT = 16
#: Two-player games are enumerated under ``auto`` for at most this many seconds (unless a time limit is given),
#: then solved by Lemke-Howson. Measured on random games: 16x16 takes about 9 s, 16x24 18 s, 14x60 and 16x40
#: (which ENUMERATION_LIMIT lets through) 100 s and 250 s.
AUTO_TWO_PLAYER_SECONDS = 30.0
#: n-player games with at most this many pure profiles are enumerated with no time limit under ``auto``.
#: Up to 64 (4x4x4, 5x4x3, 2x4x8), enumeration takes about 0.3 s on generic games and at most 3.5 s on the
#: degenerate ones measured (payoffs 0..2).
NPLAYER_PROFILE_LIMIT = 64
#: Larger n-player games are enumerated for at most this many seconds under ``auto`` (unless a time limit
#: is given), then, if nothing was found, solved by path following. Measured on random games: 4x4x5 and
#: 3x3x3x3 finish (1.5 s, 5 s); 5x5x5 (about 10 s) may be cut short, 6x6x6 and 4x4x4x4 (> 90 s) are.
AUTO_SECONDS = 10.0
#: ... provided they have at most this many support profiles (6x6x6 has 250,047); beyond, sorting the supports
#: alone takes seconds (7x7x7: 2 million, 16 s to return with a 10 s limit), so ``auto`` follows a path.
AUTO_SUPPORT_PROFILES = 300_000


def solve(game: NormalFormGame, method: str = "auto", *, exact: bool | None = None,
          progress: Callable[[str], None] | None = None, time_limit: float | None = None,
          max_support: int | None = None) -> EquilibriumResult:
    """Compute Nash equilibria of a normal-form game, each certified by its regret.

    Parameters
    ----------
    game : NormalFormGame or GameTree
        The game. A tree is solved through its reduced normal form with any
        method below, or with ``method="spe"`` for its subgame-perfect
        equilibria (a :class:`~gametheory.extensive.SubgamePerfectResult`).
    method : str
        One of :data:`METHODS` (for trees also ``"spe"`` and ``"nash"``). ``"auto"`` lists every extreme equilibrium of
        two-player games up to :data:`ENUMERATION_LIMIT` strategies a side and
        every isolated equilibrium of small n-player games; beyond that it
        finds equilibria by Lemke-Howson (two players) or path following.
    exact : bool, optional
        Rational arithmetic (default: when the payoffs are rational).
    progress : callable, optional
        Called with a description of each stage of enumeration (two-player
        and n-player: the methods that run long enough to need it).
    time_limit : float, optional
        Seconds for enumeration, after which it returns what it has found,
        marked incomplete (other methods ignore it): n-player enumeration
        lists the equilibria found so far, two-player vertex enumeration
        none. Under ``"auto"`` two-player games have
        :data:`AUTO_TWO_PLAYER_SECONDS`, then Lemke-Howson, and n-player
        games with more than :data:`NPLAYER_PROFILE_LIMIT` pure profiles
        have :data:`AUTO_SECONDS`, unless this says otherwise.
    max_support : int, optional
        Largest support per player visited by n-player enumeration (the
        result is then marked incomplete; other methods ignore it).

    Returns
    -------
    EquilibriumResult
        (``SubgamePerfectResult`` for a tree with ``method="spe"``.)

    Raises
    ------
    InvalidArgumentError
        When ``game`` is not a game, or an argument has the wrong type.
    NotSupportedError
        When the method does not apply (unknown, or for two players on a larger game).

    Notes
    -----
    Answers do not depend on the scale of the payoffs: every method except
    ``"zero-sum"`` (which rescales itself) solves the game with each player's
    payoffs mapped affinely onto ``[0, 1]`` and reports the equilibria with
    the payoffs and regrets of ``game`` (:mod:`._normalise`).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = solve(pd)
    >>> res.method, [e.support for e in res]
    ('vertex-enumeration', [(('D',), ('D',))])
    """
    from ._dispatch import check_arguments, is_tree, solve_tree

    if is_tree(game):
        return solve_tree(game, method, exact=exact, progress=progress, time_limit=time_limit,
                          max_support=max_support, methods=METHODS)
    check_arguments(game, method, exact, time_limit, max_support, METHODS)
    if method not in METHODS:
        raise NotSupportedError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    if exact is None:
        exact = game.is_exact
    game = game.to_exact() if exact else game.to_float()
    if method != "zero-sum":  # (the zero-sum LP maps payoffs itself and reports a value in the game's units)
        from ._normalise import is_normalised, normalised, restore

        if not is_normalised(game):
            # each player's payoffs onto [0, 1]: answers that do not depend on payoff scale (issue 29)
            return restore(game, solve(normalised(game), method, exact=exact, progress=progress,
                                       time_limit=time_limit, max_support=max_support))
    n = game.num_players
    if method == "auto":
        method = _auto_method(game, max_support)
        if method == "enumeration":
            return _enumerate_then_lemke_howson(game, exact, progress,
                                                AUTO_TWO_PLAYER_SECONDS if time_limit is None else time_limit)
        if method == "polynomial" and math.prod(game.shape) > NPLAYER_PROFILE_LIMIT:
            return _enumerate_then_follow(game, exact, progress, AUTO_SECONDS if time_limit is None else time_limit,
                                          max_support)
    if method == "pure":
        from .pure import pure_equilibria

        return pure_equilibria(game)
    if n == 1:
        raise NotSupportedError(f"method {method!r} needs at least two players; use 'pure' for one")
    if method in ("enumeration", "lemke-howson", "zero-sum") and n != 2:
        raise NotSupportedError(f"method {method!r} is for two-player games; this game has {n} players")
    if method == "enumeration":
        from .enumeration import enumerate_extreme_equilibria

        return enumerate_extreme_equilibria(game, exact=exact, time_limit=time_limit, progress=progress)
    if method == "lemke-howson":
        from ._lemke_howson import lemke_howson

        return lemke_howson(game)
    if method == "zero-sum":
        from .zerosum import zero_sum_equilibria

        return zero_sum_equilibria(game)
    if method == "polynomial":
        from .nplayer import enumerate_nplayer_equilibria

        return enumerate_nplayer_equilibria(game, exact=exact, progress=progress, time_limit=time_limit,
                                            max_support=max_support)
    if method == "path":
        from .path_following import path_following_equilibrium

        return path_following_equilibrium(game)
    raise InvalidGameError(f"method {method!r} does not apply")  # pragma: no cover


def _auto_method(game: NormalFormGame, largest: int | None = None) -> str:
    from ._support_pruning import support_profile_count

    n = game.num_players
    if n == 1:
        return "pure"
    if n == 2:
        return "enumeration" if min(game.shape) <= ENUMERATION_LIMIT else "lemke-howson"
    return "polynomial" if support_profile_count(game.shape, largest) <= AUTO_SUPPORT_PROFILES else "path"


def _enumerate_then_lemke_howson(game: NormalFormGame, exact: bool, progress: Callable[[str], None] | None,
                                 seconds: float) -> EquilibriumResult:
    """Vertex enumeration for at most ``seconds``; if it did not finish, Lemke-Howson from every label."""
    from .enumeration import enumerate_extreme_equilibria
    from ._lemke_howson import lemke_howson

    found = enumerate_extreme_equilibria(game, exact=exact, time_limit=seconds, progress=progress)
    if found.complete:
        return found
    if progress is not None:
        progress("Lemke-Howson")
    followed = lemke_howson(game)
    note = (f"vertex enumeration did not finish within {seconds:g} s (a longer time limit, --time-limit on the "
            "command line, may let it); these equilibria are from Lemke-Howson")
    return dataclasses.replace(followed, complete=False, notes=(note, *followed.notes))


def _enumerate_then_follow(game: NormalFormGame, exact: bool, progress: Callable[[str], None] | None,
                           seconds: float, max_support: int | None) -> EquilibriumResult:
    """Enumeration for at most ``seconds``; if it found nothing by then, one equilibrium by path following."""
    from .nplayer import enumerate_nplayer_equilibria
    from .path_following import path_following_equilibrium

    found = enumerate_nplayer_equilibria(game, exact=exact, progress=progress, time_limit=seconds,
                                         max_support=max_support)
    if found.complete:
        return found
    if len(found):
        return dataclasses.replace(found, notes=(
            *found.notes, (f"enumeration stopped after {seconds:g} s; a longer time limit (--time-limit on the "
                           "command line) may find more")))
    if progress is not None:
        progress("path following")
    try:
        followed = path_following_equilibrium(game)
    except SolverError as err:
        return dataclasses.replace(found, notes=(*found.notes, f"path following found none either: {err}"))
    return dataclasses.replace(followed, complete=False, notes=(
        *found.notes, f"enumeration found no equilibrium within {seconds:g} s; this one is from path following",
        *followed.notes))
