"""Plain-text rendering of games for ``str()`` and the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..games._exact import format_number

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["game_table"]


def game_table(game: NormalFormGame) -> str:
    """Render a game as text: a bimatrix for two players, one row per profile otherwise.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> print(game_table(NormalFormGame([[[1, 0]], [[2, 3]]], strategies=[["U"], ["L", "R"]])))
    Player 1 \\ Player 2 | L    | R
    U                   | 1, 2 | 0, 3
    """
    pays = game.payoffs
    if game.num_players == 2:
        rows = [[f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1]]]
        for i, s in enumerate(game.strategies[0]):
            rows.append([s, *(f"{format_number(pays[0][i, j])}, {format_number(pays[1][i, j])}"
                              for j in range(game.shape[1]))])
    else:
        rows = [[*game.players, "payoffs"]]
        import itertools

        for idx in itertools.product(*(range(k) for k in game.shape)):
            rows.append([*(game.strategies[i][j] for i, j in enumerate(idx)),
                         ", ".join(format_number(p[idx]) for p in pays)])
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)
