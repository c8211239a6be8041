"""What a threat is worth at the table: the variable-threat solution with and without it.

"Just showing the weapon changes the game": a threat moves the disagreement
point even if it is never carried out. :func:`threat_values` solves Nash's
variable-threat problem with the full threat game and again with each
player's threat strategies removed (so that player keeps only its non-threat
options); the difference in its share is what its threats are worth.

Examples
--------
>>> from gametheory import NormalFormGame
>>> from gametheory.bargaining.feasible import FeasibleSet
>>> # US: calm or tariff; Japan: calm or withhold. Payoffs if the threats are carried out.
>>> g = NormalFormGame([[[0, -1], [0, -3]], [[0, -1], [-4, -5]]], players=["US", "Japan"],
...                    strategies=[["calm", "tariff"], ["calm", "withhold"]])
>>> tv = threat_values(FeasibleSet.transferable(10), g, {"US": ["tariff"], "Japan": ["withhold"]})
>>> tv.full.solution, tv.gains
((Fraction(6, 1), Fraction(4, 1)), {'US': Fraction(1, 1), 'Japan': Fraction(1, 1)})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from ..exceptions import InvalidGameError
from ._numeric import num_json
from .feasible import FeasibleSet
from .result import BargainingSolution
from .threats import variable_threats

__all__ = ["ThreatValue", "threat_values"]


@dataclass(frozen=True)
class ThreatValue:
    """Variable-threat solutions with and without each side's threats.

    Attributes
    ----------
    players : tuple of str
    threats : dict
        player -> its threat strategies.
    full : BargainingSolution
        Every strategy available.
    without : dict
        player -> the solution when that player's threats are removed.
    neither : BargainingSolution
        Both players' threats removed.
    gains : dict
        player -> its share in ``full`` minus its share in ``without[player]``
        (what its threats are worth to it).
    by_strategy : dict
        player -> {threat strategy -> own share lost when only that strategy is removed}.
    """

    players: tuple[str, str]
    threats: dict[str, tuple[str, ...]]
    full: BargainingSolution
    without: dict[str, BargainingSolution]
    neither: BargainingSolution
    gains: dict[str, Any]
    by_strategy: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``players``, ``threats``, ``with_threats`` / ``without`` (player -> solution) / ``neither``
        (each ``{"solution", "disagreement"}``), ``gains``, ``by_strategy``."""
        def brief(s: BargainingSolution) -> dict[str, Any]:
            return {"solution": num_json(s.solution), "disagreement": num_json(s.disagreement)}

        return {"players": list(self.players), "threats": {k: list(v) for k, v in self.threats.items()},
                "with_threats": brief(self.full),
                "without": {p: brief(s) for p, s in self.without.items()},
                "neither": brief(self.neither),
                "gains": {p: float(v) for p, v in self.gains.items()},
                "by_strategy": {p: {k: float(v) for k, v in d.items()} for p, d in self.by_strategy.items()}}


def _restrict(game: Any, remove: Mapping[int, Sequence[str]]) -> Any:
    kept = []
    for i, labels in enumerate(game.strategies):
        drop = set(remove.get(i, ()))
        keep = [k for k, s in enumerate(labels) if s not in drop]
        if not keep:
            raise InvalidGameError(f"player {game.players[i]!r} would have no strategy left without its threats")
        kept.append(keep)
    return game.restrict(kept)


def threat_values(feasible: FeasibleSet, game: Any, threats: Mapping[str, Sequence[str]],
                  weights: Sequence[Any] | None = None) -> ThreatValue:
    """How much each side's share moves when its threats are added to (or removed from) its options.

    Parameters
    ----------
    feasible : FeasibleSet
    game : NormalFormGame
        The threat game (two players).
    threats : mapping
        player label -> labels of its threat strategies (the rest are its
        non-threat options; at least one must remain).
    weights : pair, optional
        Nash bargaining weights.
    """
    players = tuple(game.players)
    index = {p: i for i, p in enumerate(players)}
    spec: dict[str, tuple[str, ...]] = {}
    for p, labels in threats.items():
        if p not in index:
            raise InvalidGameError(f"threats: unknown player {p!r} (players: {', '.join(players)})")
        for s in labels:
            if s not in game.strategies[index[p]]:
                raise InvalidGameError(f"threats: {p!r} has no strategy {s!r} "
                                       f"(strategies: {', '.join(game.strategies[index[p]])})")
        spec[p] = tuple(labels)
    full = variable_threats(feasible, game, weights)
    without: dict[str, BargainingSolution] = {}
    gains: dict[str, Any] = {}
    by_strategy: dict[str, dict[str, Any]] = {}
    for p in players:
        i = index[p]
        labels = spec.get(p, ())
        without[p] = variable_threats(feasible, _restrict(game, {i: labels}), weights)
        gains[p] = full.solution[i] - without[p].solution[i]
        by_strategy[p] = {}
        for s in labels:
            alt = variable_threats(feasible, _restrict(game, {i: [s]}), weights)
            by_strategy[p][s] = full.solution[i] - alt.solution[i]
    neither = variable_threats(feasible, _restrict(game, {index[p]: spec.get(p, ()) for p in players}), weights)
    return ThreatValue(players, spec, full, without, neither, gains, by_strategy)  # type: ignore[arg-type]
