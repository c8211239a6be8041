"""``gametheory tournament``: a round-robin tournament of repeated-game strategies."""

from __future__ import annotations

import click

from ._common import emit_json, json_option, load_game, print_table, set_option
from .repeated import stage_game


@click.command()
@click.argument("game", required=False, metavar="[MODEL|FILE]")
@click.option("--rounds", "-r", type=click.IntRange(min=1), default=200, show_default=True,
              help="Rounds per match (the cap on a match's length with --continuation).")
@click.option("--repetitions", "-k", type=click.IntRange(min=1), default=10, show_default=True,
              help="Repetitions of the whole round robin.")
@click.option("--noise", "-p", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Probability that an intended action is replaced by another.")
@click.option("--continuation", "-w", type=click.FloatRange(0, 1, max_open=True), default=None,
              help="Probability that a match continues after each round (geometric lengths).")
@click.option("--seed", "-s", type=int, default=None, help="Random seed (reproducible runs).")
@click.option("--strategies", "names", default=None, metavar="NAME,...",
              help="Entrants by name (default: 20 classics, a 2-period punisher and a noisy escalator).")
@click.option("--cooperate", default=None, metavar="S1,S2", help="Cooperative profile (default: max total payoff).")
@click.option("--punish", default=None, metavar="S1,S2", help="Punishment profile (default: a pure stage equilibrium).")
@click.option("--max-work", type=click.IntRange(min=1), default=None, metavar="N",
              help="Most match-rounds (pairings x repetitions x rounds) to play "
                   "[default: gametheory.repeated._tournament.MAX_WORK, 200,000,000].")
@set_option
@json_option
def tournament(game: str | None, rounds: int, repetitions: int, noise: float, continuation: float | None,
               seed: int | None, names: str | None, cooperate: str | None, punish: str | None,
               max_work: int | None, sets: tuple[str, ...], as_json: bool) -> None:
    """Play a round-robin tournament of automaton strategies on a two-player stage game.

    Strategies cooperate and punish through the stage game's cooperative and
    punishment profiles; scores are total payoffs against the other entrants,
    averaged over repetitions.
    """
    from gametheory.repeated.strategies import default_entrants, strategy_by_name
    from gametheory.repeated._tournament import tournament as run

    g = stage_game(load_game(game, sets))
    entrants = default_entrants() if names is None else [strategy_by_name(n) for n in names.split(",") if n.strip()]
    res = run(g, entrants, rounds=rounds, repetitions=repetitions, noise=noise, continuation=continuation,
              seed=seed, cooperate=None if cooperate is None else cooperate.split(","),
              punish=None if punish is None else punish.split(","), progress=None if not as_json else False,
              max_work=max_work)
    if as_json:
        out = res.to_json()
        out["game"] = g.title
        emit_json(out)
        return
    click.echo(f"{g.title or 'game'}: {len(entrants)} strategies, {rounds} rounds, {repetitions} repetitions, "
               f"noise {noise}" + (f", continuation {continuation}" if continuation is not None else "")
               + (f", seed {seed}" if seed is not None else ""))
    idx = {n: i for i, n in enumerate(res.names)}
    per_round = res.mean_scores / max(1, (len(entrants) - 1) * rounds)
    rows = []
    for rank, name in enumerate(res.ranking, start=1):
        i = idx[name]
        rows.append([rank, name, f"{res.mean_scores[i]:.1f}", f"{per_round[i]:.3f}", f"{res.cooperation[i]:.2f}"])
    print_table(["rank", "strategy", "mean score", "per round", "cooperation"], rows)
