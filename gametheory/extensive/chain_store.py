"""Selten's chain store (1978): the finite entry game with ``n`` sequential entrants.

An incumbent faces ``n`` entrants, one per market, in sequence; every entrant
sees all earlier play. In each market the entrant stays *out* or comes *in*;
after entry the incumbent *fights* or *acquiesces*. The incumbent's payoff is
the sum of its market payoffs; each entrant only cares about its own market.

With the chain-store inequalities

* entrant: acquiesced-in > out > fought (``e_acc > e_out > e_fight``), and
* incumbent: monopoly > acquiesce > fight (``i_out > i_acc > i_fight``),

the unique subgame-perfect equilibrium is *enter and acquiesce in every market*
however many markets there are (Selten 1978 [L7]):
the last entrant enters because fighting then cannot deter anyone, and the
argument unravels backwards. The paradox is that a fighting reputation would
pay (``i_out > i_acc``) yet cannot be built; Kreps-Wilson's incomplete-information
fix is in :mod:`gametheory.extensive.reputation`.

The tree has ``3**n`` terminal nodes and ``3**n - 1`` decision nodes, so ``n``
is limited to :data:`MAX_MARKETS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gametheory.exceptions import InvalidGameError
from gametheory.games.tree import GameTree

__all__ = [
    "MAX_MARKETS",
    "SELTEN_ENTRANT",
    "SELTEN_INCUMBENT",
    "ChainStoreCheck",
    "chain_store_conditions",
    "chain_store_tree",
    "unravels",
]

#: largest number of markets :func:`chain_store_tree` builds (3**10 = 59,049 terminal nodes).
MAX_MARKETS = 10

#: Selten's entrant payoffs (out, acquiesced, fought).
SELTEN_ENTRANT = (1, 2, 0)
#: Selten's incumbent payoffs per market (out, acquiesce, fight).
SELTEN_INCUMBENT = (5, 2, 0)


@dataclass(frozen=True)
class ChainStoreCheck:
    """Which chain-store inequalities hold (see :func:`chain_store_conditions`)."""

    entry_pays: bool          # e_acc > e_out: an entrant enters if it expects acquiescence
    fight_deters: bool        # e_out > e_fight: an entrant stays out if it expects a fight
    acquiesce_pays: bool      # i_acc > i_fight: once entered, the incumbent prefers to acquiesce
    deterrence_pays: bool     # i_out > i_acc: the incumbent would like to keep entrants out
    unravels: bool            # entry_pays and acquiesce_pays: enter & acquiesce everywhere (unique SPE)
    paradox: bool             # all four: deterrence would pay and fighting would deter, yet unravels

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in ("entry_pays", "fight_deters", "acquiesce_pays",
                                              "deterrence_pays", "unravels", "paradox")}


def _triple(values: Sequence[Any], name: str) -> tuple:
    vals = tuple(values)
    if len(vals) != 3:
        raise InvalidGameError(f"{name}: expected three payoffs (out, acquiesce, fight), got {len(vals)}")
    return vals


def chain_store_conditions(entrant_payoffs: Sequence[Any] = SELTEN_ENTRANT,
                           incumbent_payoffs: Sequence[Any] = SELTEN_INCUMBENT) -> ChainStoreCheck:
    """Check the chain-store inequalities for per-market payoffs ``(out, acquiesce, fight)``.

    Examples
    --------
    >>> chain_store_conditions().paradox
    True
    >>> chain_store_conditions(incumbent_payoffs=(5, 0, 1)).unravels   # fighting pays by itself
    False
    """
    e_out, e_acc, e_fight = _triple(entrant_payoffs, "entrant_payoffs")
    i_out, i_acc, i_fight = _triple(incumbent_payoffs, "incumbent_payoffs")
    c = {"entry_pays": bool(e_acc > e_out), "fight_deters": bool(e_out > e_fight),
             "acquiesce_pays": bool(i_acc > i_fight), "deterrence_pays": bool(i_out > i_acc)}
    unr = c["entry_pays"] and c["acquiesce_pays"]
    return ChainStoreCheck(**c, unravels=unr, paradox=unr and c["fight_deters"] and c["deterrence_pays"])


def chain_store_tree(n: int, entrant_payoffs: Sequence[Any] = SELTEN_ENTRANT,
                     incumbent_payoffs: Sequence[Any] = SELTEN_INCUMBENT, *,
                     incumbent: str = "Incumbent", entrants: Sequence[str] | None = None,
                     entrant_actions: tuple[str, str] = ("out", "in"),
                     incumbent_actions: tuple[str, str] = ("fight", "acquiesce"),
                     discount: Any = 1) -> GameTree:
    """Selten's chain store with ``n`` entrants as a perfect-information :class:`GameTree`.

    Parameters
    ----------
    n : int
        Number of markets (entrants), ``1 <= n <=`` :data:`MAX_MARKETS`.
    entrant_payoffs : (out, acquiesced, fought)
        An entrant's payoff in its own market (Selten: ``(1, 2, 0)``).
    incumbent_payoffs : (out, acquiesce, fight)
        The incumbent's payoff in one market (Selten: ``(5, 2, 0)``), summed over markets.
    incumbent, entrants : str, sequence of str
        Player labels (entrants default to ``"Entrant 1"``, ...).
    entrant_actions : (stay out, enter)
        Action labels of an entrant, e.g. ``("negotiate", "retaliate")``.
    incumbent_actions : (fight, acquiesce)
        Action labels of the incumbent after entry.
    discount : number
        The incumbent's discount factor between markets (1: plain sum).

    Returns
    -------
    GameTree
        Players ``(incumbent, *entrants)``. Node names: ``"E<k>:<history>"`` for
        entrant ``k``'s move, ``"I<k>:<history>"`` for the incumbent's in market
        ``k`` and ``"end:<history>"`` for terminals, where the history is a string
        over ``o`` (out), ``f`` (fought), ``a`` (acquiesced).

    Examples
    --------
    >>> from gametheory.extensive._backward_induction import backward_induction
    >>> t = chain_store_tree(2)
    >>> len(t), len(t.players)
    (17, 3)
    >>> eq = backward_induction(t).equilibria[0]
    >>> eq["path"]
    ('in', 'acquiesce', 'in', 'acquiesce')
    >>> [int(v) for v in eq["payoffs"]]
    [4, 2, 2]
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_MARKETS:
        raise InvalidGameError(f"n: the number of markets must be an integer in [1, {MAX_MARKETS}], got {n!r}")
    e_out, e_acc, e_fight = _triple(entrant_payoffs, "entrant_payoffs")
    i_out, i_acc, i_fight = _triple(incumbent_payoffs, "incumbent_payoffs")
    if entrants is None:
        entrants = tuple(f"Entrant {k + 1}" for k in range(n))
    entrants = tuple(entrants)
    if len(entrants) != n:
        raise InvalidGameError(f"entrants: {len(entrants)} labels for {n} markets")
    for name, acts in (("entrant_actions", entrant_actions), ("incumbent_actions", incumbent_actions)):
        if len(acts) != 2 or acts[0] == acts[1]:
            raise InvalidGameError(f"{name}: expected two distinct labels, got {acts!r}")
    players = (incumbent, *entrants)
    tree = GameTree(players, title=f"Chain store, {n} markets")
    out_a, in_a = entrant_actions
    fight_a, acq_a = incumbent_actions
    zero = 0 * e_out  # keeps the payoff type (Fraction, float, sympy)
    # per-market outcome -> (letter, incumbent payoff, entrant payoff)
    outcomes = {"o": (i_out, e_out), "f": (i_fight, e_fight), "a": (i_acc, e_acc)}

    def node_for(k: int, hist: str) -> str:
        return f"E{k + 1}:{hist}" if k < n else f"end:{hist}"

    def payoffs(hist: str) -> tuple:
        inc = zero
        weight: Any = 1
        vals = []
        for letter in hist:
            i_pay, e_pay = outcomes[letter]
            inc = inc + weight * i_pay
            weight = weight * discount
            vals.append(e_pay)
        return (inc, *vals)

    def add(k: int, hist: str, parent: str | None, action: str | None) -> None:
        name = node_for(k, hist)
        if k == n:
            tree.add_terminal(name, payoffs(hist), parent, action)
        else:
            tree.add_decision(name, entrants[k], parent, action)

    # breadth-first construction (no recursion depth issues)
    add(0, "", None, None)
    frontier = [""]
    for k in range(n):
        nxt = []
        for hist in frontier:
            here = node_for(k, hist)
            add(k + 1, hist + "o", here, out_a)
            inc_node = f"I{k + 1}:{hist}"
            tree.add_decision(inc_node, incumbent, here, in_a)
            add(k + 1, hist + "f", inc_node, fight_a)
            add(k + 1, hist + "a", inc_node, acq_a)
            nxt += [hist + "o", hist + "f", hist + "a"]
        frontier = nxt
    return tree


def unravels(tree: GameTree, entrant_actions: tuple[str, str] = ("out", "in"),
             incumbent_actions: tuple[str, str] = ("fight", "acquiesce")) -> bool:
    """True when every subgame-perfect equilibrium of a chain-store tree enters and acquiesces everywhere.

    Checks the whole strategy (on and off the equilibrium path) of every SPE found
    by :func:`~gametheory.extensive._backward_induction.backward_induction`; when
    there are more SPE than it lists (ties), the answer is False.

    Examples
    --------
    >>> unravels(chain_store_tree(3))
    True
    >>> unravels(chain_store_tree(3, incumbent_payoffs=(5, 0, 1)))   # fighting pays: entrants stay out
    False
    """
    from gametheory.extensive._backward_induction import backward_induction

    res = backward_induction(tree)
    in_a, acq_a = entrant_actions[1], incumbent_actions[1]
    inc = tree.players[0]
    for eq in res.equilibria:
        for node, action in eq["strategy"].items():
            want = acq_a if tree.player(node) == inc else in_a
            if action != want:
                return False
    return len(res.equilibria) == res.count
