"""pygambit 16.x and 17.x behind one small interface, for the benchmarks and the cross-checks against Gambit.

pygambit 17 (the first release with a wheel for Python 3.11) replaced the node, information-set, player
and strategy objects of pygambit 16 by labels and histories: a node is named by the tuple of action
labels on the path from the root, and selected with ``pygambit.H.path(*labels)``. The tests ask the
few questions below; each is answered with whichever API is installed, so the cross-checks prove the
same things under both.

One module serves both users: the benchmark scripts import it as ``pygambit_compat`` (a script's own
folder is on ``sys.path``), the tests as ``benchmarks.pygambit_compat`` through ``tests/pygambit_compat.py``,
which adds the one helper that needs pytest. It must therefore import nothing from ``tests`` or pytest.

Node handles returned by :func:`nodes` are opaque: pass them back to the functions of this module.
Nodes are listed in Gambit's order, the pre-order depth-first walk of the tree, which is the order in
which an ``.efg`` file lists them (and the order ``gametheory.io.efg.read_efg`` numbers them).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import pygambit as gbt

VERSION = tuple(int(v) for v in re.match(r"(\d+)\.(\d+)", gbt.__version__).groups())
V17 = VERSION >= (17, 0)


# ----------------------------------------------------------------------------- games
def read_efg(path: Any) -> Any:
    return gbt.read_efg(str(path))


def read_nfg(path: Any) -> Any:
    return gbt.read_nfg(str(path))


def from_arrays(*arrays: Any) -> Any:
    """A strategic game from one payoff array per player (``Game.from_arrays`` before 17)."""
    if V17:
        return gbt.StrategicGame.from_arrays(*arrays)
    return gbt.Game.from_arrays(*arrays)


def player_labels(game: Any) -> list[str]:
    if V17:
        return list(game.players)  # 17 iterates over labels
    return [p.label for p in game.players]


def strategy_labels(game: Any) -> list[list[str]]:
    """Each player's strategy labels, in the game's order."""
    if V17:
        return [list(game.get_strategies(p)) for p in game.players]
    return [[s.label for s in p.strategies] for p in game.players]


def payoff_arrays(game: Any) -> list[Any]:
    """One payoff array per player (exact ``Rational`` entries), indexed by strategy numbers."""
    return list(game.to_arrays())


# ----------------------------------------------------------------------------- profiles
def payoffs(profile: Any) -> list[Any]:
    """Each player's expected payoff under a mixed strategy or behaviour profile, in player order."""
    if V17:
        vector = profile.payoffs
        return [vector[p] for p in profile.game.players]
    return [profile.payoff(p) for p in profile.game.players]


def logit_equilibrium(game: Any, maxregret: tuple[float, ...] = (1e-8,)) -> Any:
    """The limiting logit QRE ``nash.logit_solve`` finds, at the first regret target it reaches.

    17 returns one ``equilibrium`` and says whether it met the target; 16 returns a list.
    """
    for target in maxregret:
        result = gbt.nash.logit_solve(game, maxregret=target)
        if not V17 or result.success:
            return logit_result_equilibrium(result)
    raise AssertionError(f"logit_solve reached none of the regret targets {maxregret}: {result.reason}")


def logit_result_equilibrium(result: Any) -> Any:
    """The profile a ``nash.logit_solve`` result ends on (17: ``.equilibrium``; 16: ``.equilibria[0]``)."""
    return result.equilibrium if V17 else result.equilibria[0]


def strategy_probabilities(profile: Any) -> list[list[Any]]:
    """A mixed strategy profile as one list of probabilities per player, in strategy order."""
    game = profile.game
    if V17:
        return [[profile[p][s] for s in game.get_strategies(p)] for p in game.players]
    return [[profile[s] for s in p.strategies] for p in game.players]


# ----------------------------------------------------------------------------- trees
def nodes(game: Any) -> list[Any]:
    """Every node of an extensive game, in the order of the ``.efg`` file (pre-order)."""
    if V17:
        return [h.actions for h in game.get_histories(gbt.H.after())]
    return list(game.nodes)


def root(game: Any) -> Any:
    return () if V17 else game.root


def is_terminal(game: Any, node: Any) -> bool:
    if V17:
        return not game.get_actions(gbt.H.path(*node))
    return bool(node.is_terminal)


def node_player(game: Any, node: Any) -> str | None:
    """The label of the player moving at ``node`` (Gambit's chance player at a chance node); None if terminal."""
    if V17:
        return game.get_player(gbt.H.path(*node))
    return None if node.is_terminal else node.player.label


def children(game: Any, node: Any) -> list[Any]:
    """The children of ``node``, in the order of its actions."""
    if V17:
        return [node + (a,) for a in game.get_actions(gbt.H.path(*node))]
    return list(node.children)


def terminal_payoffs(game: Any, node: Any) -> tuple[Fraction, ...] | None:
    """The payoffs of the outcome attached to ``node`` as fractions, or None if it has no outcome."""
    if V17:
        label = game.get_outcome(gbt.H.path(*node))
        if label is None:
            return None
        vector = game.get_outcome_payoffs(label)
        return tuple(Fraction(str(vector[p])) for p in game.players)
    if node.outcome is None:
        return None
    return tuple(Fraction(str(node.outcome[p])) for p in game.players)


def subgame_root_indices(game: Any) -> set[int]:
    """Positions in :func:`nodes` of the non-terminal nodes that root a subgame (the root included)."""
    listed = nodes(game)
    if V17:
        roots = {h.actions for h in game.get_subgame_roots()}
        return {i for i, n in enumerate(listed) if n in roots and not is_terminal(game, n)}
    return {i for i, n in enumerate(listed) if not n.is_terminal and (n.is_subgame_root or n.parent is None)}


def has_proper_subgame(game: Any) -> bool:
    """Whether some non-terminal node other than the root roots a subgame."""
    return any(i != 0 for i in subgame_root_indices(game))  # the root is listed first


def behaviour_profile(game: Any, rational: bool) -> Any:
    """A fresh mixed behaviour profile on ``game`` (uniform at every information set)."""
    return game.mixed_behavior_profile(rational=rational)


def set_mixed_action(game: Any, profile: Any, node: Any, probabilities: list[Any]) -> None:
    """Set the mixed action at ``node``'s information set, one probability per action in Gambit's order."""
    if V17:
        actions = game.get_actions(gbt.H.path(*node))
        assert len(actions) == len(probabilities) == len(set(actions)), (node, actions)
        profile.set_mixed_action(gbt.H.path(*node), dict(zip(actions, probabilities)))
        return
    profile[node.infoset] = list(probabilities)


def action_probabilities(game: Any, profile: Any, node: Any) -> dict[str, Any]:
    """The probability of each action at ``node``'s information set under ``profile``, by action label."""
    if V17:
        return dict(profile[gbt.H.path(*node)])
    return {a.label: profile[a] for a in node.infoset.actions}


def node_values(game: Any, profile: Any) -> dict[str, dict[Any, Any]]:
    """Each personal player's expected payoff conditional on reaching each node, by player label and node."""
    if V17:
        return {p: {h.actions: v for h, v in profile.history_values[p]} for p in game.players}
    return {p.label: {n: profile.node_value(p, n) for n in game.nodes} for p in game.players}


def reached_behaviour(game: Any, profile: Any) -> frozenset:
    """The behaviour at information sets reached with positive probability, rounded, as a set key."""
    if V17:
        out = []
        for player in game.players:
            for member in game.get_infosets(player):
                where = gbt.H.path(*member.actions)
                if float(profile.infoset_probs[where]) > 0:
                    probs = profile[where]
                    out.append((player, member.actions,
                                tuple(round(float(probs[a]), 9) for a in game.get_actions(where))))
        return frozenset(out)
    return frozenset((iset.player.label, iset.label, tuple(round(float(profile[a]), 9) for a in iset.actions))
                     for iset in game.infosets if float(profile.infoset_prob(iset)) > 0)
