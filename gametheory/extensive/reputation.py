"""Kreps-Wilson / Milgrom-Roberts reputation in the finite chain store (1982).

The incumbent is *tough* (always fights) with prior probability ``p0`` and
*weak* otherwise; ``n`` short-lived entrants come in sequence, each seeing all
earlier play. Payoffs per market:

* entrant: 0 if it stays out, ``b`` if it enters and is accommodated, ``b - 1``
  if it is fought (``0 < b < 1``);
* weak incumbent: ``a`` if the entrant stays out, 0 if it accommodates, -1 if
  it fights (``a > 1``).

The sequential equilibrium (Kreps & Wilson 1982 [L8], Milgrom & Roberts 1982
[L9], Fudenberg & Tirole 1991 section 9.2 [L10]),
with ``k`` markets left (this one included) and reputation ``p_k`` (the
entrants' belief that the incumbent is tough):

* the entrant enters iff ``p_k < b**k``, stays out iff ``p_k > b**k`` and, at
  ``p_k = b**k``, stays out with probability ``1/a``;
* the weak incumbent accommodates in the last market; with ``k >= 2`` it fights
  for sure if ``p_k >= b**(k-1)`` and otherwise fights with probability
  ``beta_k = p_k (1 - b**(k-1)) / ((1 - p_k) b**(k-1))``, which makes the
  posterior after a fight exactly ``b**(k-1)`` (Bayes' rule [R87]);
* beliefs: unchanged after no entry, ``max(p_k, b**(k-1))`` after a fight, 0
  after accommodation (and 0 for ever after).

So with ``p0 > 0`` entry is deterred in every market ``k`` with ``p0 > b**k``:
a small doubt about the incumbent's type removes Selten's paradox for all but
the last few markets (b = 1/2, p0 = 1/10: deterred while ``k >= 4``).

:func:`reputation_equilibrium` evaluates the closed form exactly (``Fraction``
for rational inputs); :func:`check_reputation_equilibrium` verifies a strategy
profile independently, state by state: Bayes-consistent beliefs and best
responses of the entrant and the weak incumbent at every reachable belief
state, on and off the equilibrium path.

:func:`reputation_tree` builds the game itself for a few markets (a chance node
for the type, the entrants' information sets) and :func:`reputation_behaviour`
puts the closed form on its nodes, e.g. to compare with Gambit's logit tracing.

The variant ``"minus_one"`` (an entrant that is fought gets -1 instead of
``b - 1``, as in Fudenberg & Tirole's statement)
replaces ``b`` by ``b / (1 + b)`` in every formula.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from gametheory.exceptions import InvalidGameError, SolverError
from gametheory.games._exact import to_fraction
from gametheory.games.tree import GameTree

__all__ = [
    "MAX_MARKETS",
    "ReputationCheck",
    "ReputationResult",
    "ReputationStage",
    "check_reputation_equilibrium",
    "effective_b",
    "reputation_equilibrium",
]

#: largest number of markets :func:`reputation_equilibrium` accepts (thresholds are exact fractions).
MAX_MARKETS = 1000

Variant = Literal["kreps_wilson", "minus_one"]
Rule = Callable[[int, Fraction], Any]


def effective_b(b: Any, variant: Variant = "kreps_wilson") -> Fraction:
    """The ``b`` in the threshold formulas: ``b`` (Kreps-Wilson) or ``b / (1 + b)`` (fought entrant gets -1).

    Examples
    --------
    >>> effective_b("1/2"), effective_b("1/2", "minus_one")
    (Fraction(1, 2), Fraction(1, 3))
    """
    bb = to_fraction(b, what="b")
    if not 0 < bb < 1:
        raise InvalidGameError(f"b: the entrant's gain from accommodated entry must lie in (0, 1), got {b}")
    if variant == "kreps_wilson":
        return bb
    if variant == "minus_one":
        return bb / (1 + bb)
    raise InvalidGameError(f"variant: expected 'kreps_wilson' or 'minus_one', got {variant!r}")


def _entrant_fought(b: Fraction, variant: Variant) -> Fraction:
    return b - 1 if variant == "kreps_wilson" else Fraction(-1)


def _validate(n: int, p0: Any, a: Any, limit: int = MAX_MARKETS) -> tuple[Fraction, Fraction]:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= limit:
        raise InvalidGameError(f"n: the number of markets must be an integer in [1, {limit}], got {n!r}")
    p = to_fraction(p0, what="p0")
    if not 0 <= p <= 1:
        raise InvalidGameError(f"p0: the prior that the incumbent is tough must lie in [0, 1], got {p0}")
    aa = to_fraction(a, what="a")
    if not aa > 1:
        raise InvalidGameError(f"a: the weak incumbent's payoff when the entrant stays out must exceed 1, got {a}")
    return p, aa


# --------------------------------------------------------------- the closed form
def _entry_rule(bk: Fraction, a: Fraction) -> Rule:
    def entry(k: int, p: Fraction) -> Fraction:
        t = bk ** k
        if p < t:
            return Fraction(1)
        if p > t:
            return Fraction(0)
        return 1 - 1 / a

    return entry


def _fight_rule(bk: Fraction) -> Rule:
    def fight(k: int, p: Fraction) -> Fraction:
        if k == 1:
            return Fraction(0)
        t = bk ** (k - 1)
        if p >= t:
            return Fraction(1)
        return p * (1 - t) / ((1 - p) * t)

    return fight


def _posterior_after_fight(p: Fraction, beta: Fraction) -> Fraction:
    den = p + (1 - p) * beta
    return p / den if den else Fraction(0)  # off path (p = 0, weak never fights): stays 0


@dataclass(frozen=True)
class ReputationStage:
    """One market on the *reputation path*: every entry that has positive probability happens and is fought."""

    market: int                 # 1 = first market
    k: int                      # markets left, this one included
    reputation: Fraction        # p_k, the entrants' belief that the incumbent is tough
    entry_threshold: Fraction   # b**k: entry iff p_k < b**k
    fight_threshold: Fraction   # b**(k-1): the weak incumbent fights for sure iff p_k >= b**(k-1) (k >= 2)
    entry_probability: Fraction  # 1, 0, or 1 - 1/a at p_k = b**k
    weak_fight_probability: Fraction  # beta_k
    fight_probability: Fraction  # p_k + (1 - p_k) beta_k: the chance an entrant is fought
    posterior_after_fight: Fraction

    @property
    def deterred(self) -> bool:
        """Entry is deterred for sure in this market."""
        return self.entry_probability == 0

    def to_json(self) -> dict:
        out: dict[str, Any] = {"market": self.market, "k": self.k}
        for key in ("reputation", "entry_threshold", "fight_threshold", "entry_probability",
                    "weak_fight_probability", "fight_probability", "posterior_after_fight"):
            out[key] = float(getattr(self, key))
        out["deterred"] = self.deterred
        return out


@dataclass(frozen=True)
class ReputationResult:
    """The Kreps-Wilson sequential equilibrium of the ``n``-market chain store."""

    n: int
    b: Fraction
    p0: Fraction
    a: Fraction
    variant: str
    b_effective: Fraction       # b, or b / (1 + b) in the "minus_one" variant
    stages: tuple               # ReputationStage per market, first market first
    deterred_markets: int       # markets with p0 > b**k: entry deterred for sure from the start
    entry_window: int           # the last markets in which entry is possible (k <= this)
    expected_entries: Fraction  # expected number of entries (over the type and all randomisation)
    weak_value: Fraction        # the weak incumbent's expected equilibrium payoff
    tough_entry_probability: Fraction  # probability of at least one entry if the incumbent is tough
    method: str = "kreps_wilson_closed_form"

    @property
    def thresholds(self) -> tuple[Fraction, ...]:
        """``b**k`` for ``k = 1 .. n`` (entry iff the reputation is below)."""
        return tuple(self.b_effective ** k for k in range(1, self.n + 1))

    def stage(self, k: int) -> ReputationStage:
        """The stage with ``k`` markets left."""
        if not 1 <= k <= self.n:
            raise InvalidGameError(f"k: expected 1 <= k <= {self.n}, got {k}")
        return self.stages[self.n - k]

    def to_json(self) -> dict:
        return {"n": self.n, "b": float(self.b), "p0": float(self.p0), "a": float(self.a),
                "variant": self.variant, "b_effective": float(self.b_effective), "method": self.method,
                "deterred_markets": self.deterred_markets, "entry_window": self.entry_window,
                "expected_entries": float(self.expected_entries), "weak_value": float(self.weak_value),
                "tough_entry_probability": float(self.tough_entry_probability),
                "stages": [s.to_json() for s in self.stages]}


def reputation_equilibrium(n: int, b: Any, p0: Any, a: Any = 2, *,
                           variant: Variant = "kreps_wilson") -> ReputationResult:
    """The sequential equilibrium of the Kreps-Wilson chain store, in closed form.

    Parameters
    ----------
    n : int
        Number of markets (entrants), ``1 <= n <=`` :data:`MAX_MARKETS`.
    b : number
        The entrant's payoff when accommodated, ``0 < b < 1`` (fought: ``b - 1``; out: 0).
    p0 : number
        Prior probability that the incumbent is tough, in ``[0, 1]``.
    a : number
        The weak incumbent's payoff when the entrant stays out, ``a > 1`` (only the
        entrant's mixing probability ``1/a`` at the threshold depends on it).
    variant : {"kreps_wilson", "minus_one"}
        ``"minus_one"``: a fought entrant gets -1, so ``b`` becomes ``b / (1 + b)``.

    Returns
    -------
    ReputationResult
        Exact (``Fraction``) when the inputs are rational (floats are read as
        the decimal they print as).

    Examples
    --------
    >>> r = reputation_equilibrium(10, "1/2", "1/10")
    >>> r.deterred_markets, r.entry_window        # deterred while k >= 4
    (7, 3)
    >>> [str(t) for t in r.thresholds[:4]]
    ['1/2', '1/4', '1/8', '1/16']
    >>> s = r.stage(3)                            # first entry: p = 1/10 < 1/8
    >>> s.entry_probability, s.weak_fight_probability, s.posterior_after_fight
    (Fraction(1, 1), Fraction(1, 3), Fraction(1, 4))
    >>> reputation_equilibrium(10, 0.5, 0).deterred_markets   # complete information: Selten
    0
    """
    p, aa = _validate(n, p0, a)
    bk = effective_b(b, variant)
    entry, fight = _entry_rule(bk, aa), _fight_rule(bk)
    stages = []
    rep = p
    for k in range(n, 0, -1):
        e = entry(k, rep)
        beta = fight(k, rep)
        pf = rep + (1 - rep) * beta
        post = _posterior_after_fight(rep, beta)
        stages.append(ReputationStage(n - k + 1, k, rep, bk ** k, bk ** (k - 1), e, beta, pf, post))
        if e > 0:
            rep = post
    deterred = sum(1 for k in range(1, n + 1) if p > bk ** k)
    window = n - deterred
    stats = _outcome_statistics(n, bk, p, aa, _entrant_fought(to_fraction(b), variant),
                                entry, fight)
    return ReputationResult(n, to_fraction(b), p, aa, variant, bk, tuple(stages), deterred, window,
                            stats["expected_entries"], stats["weak_value"], stats["tough_entry"])


def _outcome_statistics(n: int, bk: Fraction, p0: Fraction, a: Fraction, fought: Fraction,
                        entry: Rule, fight: Rule) -> dict:
    """Expected entries, the weak incumbent's value and the tough type's chance of facing entry (exact)."""
    # forward over belief states: for each type, distribution over (p, entered_yet)
    weak: dict[tuple[Fraction, bool], Fraction] = {(p0, False): Fraction(1)}
    tough: dict[tuple[Fraction, bool], Fraction] = {(p0, False): Fraction(1)}
    entries = Fraction(0)
    weak_value = Fraction(0)
    for k in range(n, 0, -1):
        nw: dict = {}
        nt: dict = {}
        for (p, seen), w in weak.items():
            e, beta = entry(k, p), fight(k, p)
            post = _posterior_after_fight(p, beta)
            entries += (1 - p0) * w * e
            weak_value += w * ((1 - e) * a - e * beta)
            for key, q in (((p, seen), 1 - e), ((post, True), e * beta), ((Fraction(0), True), e * (1 - beta))):
                if q:
                    nw[key] = nw.get(key, 0) + w * q
        for (p, seen), w in tough.items():
            e = entry(k, p)
            post = _posterior_after_fight(p, fight(k, p))
            entries += p0 * w * e
            for key, q in (((p, seen), 1 - e), ((post, True), e)):
                if q:
                    nt[key] = nt.get(key, 0) + w * q
        weak, tough = nw, nt
    tough_entry = sum((w for (_, seen), w in tough.items() if seen), Fraction(0))
    return {"expected_entries": entries, "weak_value": weak_value, "tough_entry": tough_entry}


# -------------------------------------------------------------- independent check
@dataclass(frozen=True)
class ReputationCheck:
    """Outcome of :func:`check_reputation_equilibrium`."""

    ok: bool
    failures: tuple[str, ...]
    states_checked: int
    weak_value: Fraction        # the weak incumbent's value at (n, p0) under the checked strategies

    def to_json(self) -> dict:
        return {"ok": self.ok, "failures": list(self.failures), "states_checked": self.states_checked,
                "weak_value": float(self.weak_value)}


def check_reputation_equilibrium(n: int, b: Any, p0: Any, a: Any = 2, *, variant: Variant = "kreps_wilson",
                                 entry: Rule | None = None, weak_fight: Rule | None = None,
                                 max_states: int = 200_000) -> ReputationCheck:
    """Verify a strategy profile of the reputation game state by state.

    The strategies are rules of the state ``(k, p)`` (markets left, reputation):
    ``entry(k, p)`` is the probability that the entrant enters and
    ``weak_fight(k, p)`` the probability that the weak incumbent fights after
    entry (the tough incumbent always fights). Beliefs are *derived* by Bayes'
    rule from these rules (0 after accommodation; 0 after an off-path fight by a
    known-weak incumbent). At every belief state reachable from ``(n, p0)``
    along any branch, on or off the equilibrium path, the check requires

    * the entrant to be best-responding: it enters with positive probability
      only if ``b * P(accommodate) + fought * P(fight) >= 0`` and stays out with
      positive probability only if that is ``<= 0``;
    * the weak incumbent to be best-responding given its continuation values,
      computed by backward recursion over the same states.

    By default the rules are the closed form of :func:`reputation_equilibrium`;
    pass perturbed rules to see the check fail. Arithmetic is exact.

    Examples
    --------
    >>> check_reputation_equilibrium(5, "1/2", "1/10").ok
    True
    >>> from fractions import Fraction
    >>> too_tough = lambda k, p: Fraction(1) if k > 1 else Fraction(0)   # weak always fights
    >>> r = check_reputation_equilibrium(5, "1/2", "1/10", weak_fight=too_tough)
    >>> r.ok
    False
    >>> print(next(f for f in r.failures if f.startswith("k=3, p=1/10")))
    k=3, p=1/10: the entrant enters (prob 1) but expects -1/2 < 0 (fought with prob 1)
    """
    p, aa = _validate(n, p0, a, limit=200)
    bk = effective_b(b, variant)
    bb = to_fraction(b)
    fought = _entrant_fought(bb, variant)
    entry = entry or _entry_rule(bk, aa)
    weak_fight = weak_fight or _fight_rule(bk)

    def prob(x: Any, what: str) -> Fraction:
        f = to_fraction(x, what=what)
        if not 0 <= f <= 1:
            raise InvalidGameError(f"{what}: a probability must lie in [0, 1], got {x}")
        return f

    # all states reachable from (n, p0), by level
    levels: list[set[Fraction]] = [set() for _ in range(n + 1)]
    levels[n].add(p)
    rules: dict[tuple[int, Fraction], tuple[Fraction, Fraction, Fraction]] = {}
    count = 0
    for k in range(n, 0, -1):
        for q in levels[k]:
            e = prob(entry(k, q), f"entry({k}, {q})")
            beta = prob(weak_fight(k, q), f"weak_fight({k}, {q})")
            post = _posterior_after_fight(q, beta)
            rules[(k, q)] = (e, beta, post)
            levels[k - 1].update((q, post, Fraction(0)))
            count += 1
            if count > max_states:
                raise SolverError(f"more than {max_states} belief states: the rules do not keep beliefs on a grid")
    # weak incumbent's continuation values, backwards
    value: dict[tuple[int, Fraction], Fraction] = {(0, q): Fraction(0) for q in levels[0]}
    failures: list[str] = []
    for k in range(1, n + 1):
        for q in sorted(levels[k]):
            e, beta, post = rules[(k, q)]
            v_fight = -1 + value[(k - 1, post)]
            v_acc = value[(k - 1, Fraction(0))]
            v_out = aa + value[(k - 1, q)]
            where = f"k={k}, p={q}"
            if beta > 0 and v_fight < v_acc:
                failures.append(f"{where}: the weak incumbent fights (prob {beta}) but accommodating pays more "
                                f"({v_acc} > {v_fight})")
            if beta < 1 and v_acc < v_fight:
                failures.append(f"{where}: the weak incumbent accommodates (prob {1 - beta}) but fighting pays "
                                f"more ({v_fight} > {v_acc})")
            p_fight = q + (1 - q) * beta
            gain = bb * (1 - p_fight) + fought * p_fight
            if e > 0 and gain < 0:
                failures.append(f"{where}: the entrant enters (prob {e}) but expects {gain} < 0 "
                                f"(fought with prob {p_fight})")
            if e < 1 and gain > 0:
                failures.append(f"{where}: the entrant stays out (prob {1 - e}) but entry pays {gain} > 0")
            value[(k, q)] = (1 - e) * v_out + e * (beta * v_fight + (1 - beta) * v_acc)
    failures.sort(key=lambda s: (-int(s.split(",")[0][2:]), s))
    return ReputationCheck(not failures, tuple(failures), count, value[(n, p)])


# ------------------------------------------------------------ the game as a tree
TREE_MARKETS = 4


def reputation_tree(n: int, b: Any, p0: Any, a: Any = 2, *, variant: Variant = "kreps_wilson") -> GameTree:
    """The incomplete-information chain store as a :class:`GameTree` (small ``n``).

    Nature first draws the incumbent's type: ``"tough"`` with probability ``p0``,
    ``"weak"`` otherwise. The players are ``("Incumbent", "Entrant 1", ...)``; an
    entrant sees the history of play but not the type, so its two nodes after
    the same history form one information set (label ``"E<k>:<history>"``). The
    tough type's per-market payoffs are ``a`` (out), 0 (fight), -1 (accommodate),
    so fighting is its dominant action; the weak type's are ``a``, -1, 0.
    Node names are ``"<type>/E<k>:<history>"``, ``"<type>/I<k>:<history>"`` and
    ``"<type>/end:<history>"`` with the history over ``o``, ``f``, ``a``.

    Examples
    --------
    >>> t = reputation_tree(2, "1/2", "1/10")
    >>> len(t), len(t.infosets()), t.validate().perfect_recall
    (35, 12, True)
    """
    p, aa = _validate(n, p0, a, limit=TREE_MARKETS)
    bb = to_fraction(b, what="b")
    effective_b(bb, variant)
    fought = _entrant_fought(bb, variant)
    entrants = tuple(f"Entrant {k + 1}" for k in range(n))
    tree = GameTree(("Incumbent", *entrants), title=f"Chain store with reputation, {n} markets")
    tree.add_chance("type")
    inc_pay = {"tough": {"o": aa, "f": Fraction(0), "a": Fraction(-1)},
               "weak": {"o": aa, "f": Fraction(-1), "a": Fraction(0)}}
    ent_pay = {"o": Fraction(0), "f": fought, "a": bb}
    for typ, prob in (("tough", p), ("weak", 1 - p)):
        def name(k: int, hist: str, typ: str = typ) -> str:
            return f"{typ}/E{k + 1}:{hist}" if k < n else f"{typ}/end:{hist}"

        def add(k: int, hist: str, parent: str, action: str, probability: Any = None, typ: str = typ) -> None:
            if k == n:
                pays = (sum((inc_pay[typ][c] for c in hist), Fraction(0)), *(ent_pay[c] for c in hist))
                tree.add_terminal(name(k, hist), pays, parent, action, probability=probability)
            else:
                tree.add_decision(name(k, hist), entrants[k], parent, action, infoset=f"E{k + 1}:{hist}",
                                  probability=probability)

        add(0, "", "type", typ, prob)
        frontier = [""]
        for k in range(n):
            nxt = []
            for hist in frontier:
                here = name(k, hist)
                add(k + 1, hist + "o", here, "out")
                inc = f"{typ}/I{k + 1}:{hist}"
                tree.add_decision(inc, "Incumbent", here, "in")
                add(k + 1, hist + "f", inc, "fight")
                add(k + 1, hist + "a", inc, "acquiesce")
                nxt += [hist + "o", hist + "f", hist + "a"]
            frontier = nxt
    return tree


def reputation_behaviour(n: int, b: Any, p0: Any, a: Any = 2, *,
                         variant: Variant = "kreps_wilson") -> dict[str, dict[str, Fraction]]:
    """The closed-form equilibrium as a behaviour profile on :func:`reputation_tree`'s nodes.

    Maps every decision node to ``{action: probability}``: entrants by the entry
    rule at the Bayesian belief after the node's history, the weak incumbent by
    ``beta_k``, the tough incumbent always fights.

    Examples
    --------
    >>> beh = reputation_behaviour(2, "1/2", "1/10")
    >>> beh["weak/I1:"]["fight"], beh["tough/I1:"]["fight"], beh["weak/E2:f"]["in"]
    (Fraction(1, 9), Fraction(1, 1), Fraction(1, 2))
    """
    p, aa = _validate(n, p0, a, limit=TREE_MARKETS)
    bk = effective_b(b, variant)
    entry, fight = _entry_rule(bk, aa), _fight_rule(bk)
    out: dict[str, dict[str, Fraction]] = {}
    frontier = {"": p}
    for k in range(n, 0, -1):
        market = n - k + 1
        nxt: dict[str, Fraction] = {}
        for hist, q in frontier.items():
            e, beta = entry(k, q), fight(k, q)
            for typ in ("tough", "weak"):
                out[f"{typ}/E{market}:{hist}"] = {"out": 1 - e, "in": e}
            out[f"tough/I{market}:{hist}"] = {"fight": Fraction(1), "acquiesce": Fraction(0)}
            out[f"weak/I{market}:{hist}"] = {"fight": beta, "acquiesce": 1 - beta}
            nxt[hist + "o"] = q
            nxt[hist + "f"] = _posterior_after_fight(q, beta)
            nxt[hist + "a"] = Fraction(0)
        frontier = nxt
    return out
