"""Replications of published results (each section of note.md); run by the papers tests."""

from __future__ import annotations

from pathlib import Path

import gametheory as gt
import gametheory.repeated  # noqa: F401  (a namespace family, imported on demand)
from gametheory.repeated import strategies as play

HERE = Path(__file__).resolve().parent
# Gambit's game files, kept with the tests (provenance and licence: tests/data/README.md)
GAMES = HERE.parents[1] / "tests" / "data" / "gambit" / "games"


def von_stengel() -> dict[str, str]:
    """von Stengel (1999): a 6x6 bimatrix game with 75 equilibria."""
    game = gt.read_nfg(GAMES / "6x6_game_with_75_eq.nfg")
    result = gt.solve(game)
    isolated = sum(1 for c in result.components if len(c) == 1)
    return {
        "vs.count": str(len(result)),
        "vs.isolated": str(isolated),
        "vs.exact": "exact" if result.exact else "floating point",
        "vs.max_regret": f"{result.max_regret:g}",
        "vs.method": result.method,
    }


def mckelvey_mclennan() -> dict[str, str]:
    """McKelvey and McLennan (1997): a 2x2x2 game with 9 equilibria, the most a 2x2x2 game can have."""
    game = gt.read_nfg(GAMES / "2x2x2.nfg")
    result = gt.solve(game)
    mixed = [e for e in result.equilibria if all(len(s) == 2 for s in e.support)]
    pure = [e for e in result.equilibria if e.is_pure]
    return {
        "mm.count": str(len(result)),
        "mm.pure": str(len(pure)),
        "mm.totally_mixed": str(len(mixed)),
        "mm.mixed_profiles": "; ".join(
            "(" + ", ".join(str(p[0]) for p in e.profile) + ")" for e in mixed),
        "mm.exact": "exact" if result.exact else "floating point",
        "mm.max_regret": f"{result.max_regret:g}",
    }


def _axelrod_field() -> list:
    """A field in the spirit of Axelrod's first tournament: mostly 'nice' rules, some exploiters, RANDOM."""
    s = play
    nice = [s.tit_for_tat(), s.grim(), s.tit_for_two_tats(), s.two_tits_for_tat(), s.hard_tit_for_tat(),
            s.generous_tit_for_tat(), s.win_stay_lose_shift(), s.firm_but_fair(), s.fool_me_once(),
            s.cooperator()]
    # Joss (an entry of the first tournament): tit for tat that sneaks a defection 10% of the time.
    other = [s.memory_one(0.9, 0, 0.9, 0, name="Joss"), s.suspicious_tit_for_tat(), s.bully(),
             s.cycler("CCCCCD"), s.defector(), s.random_strategy(0.5)]
    return nice + other


def axelrod() -> dict[str, str]:
    """Axelrod (1980a): 200 moves, 5 repetitions, payoffs (T, R, P, S) = (5, 3, 1, 0), RANDOM included."""
    import numpy as np

    pd = gt.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
    field = _axelrod_field()
    cooperator = play.cooperator()
    res = gt.repeated.tournament(pd, field + [cooperator], rounds=200, repetitions=5, seed=1980)
    n = len(field)
    # 'nice' = never the first to defect: it earns R = 3 every round against an unconditional cooperator
    nice = [bool(np.isclose(res.payoff_matrix[k, n], 3.0)) for k in range(n)]
    per_match = res.mean_scores[:n] / (len(res.names) - 1)
    order = list(np.argsort(-per_match, kind="stable"))
    rank = {res.names[k]: r + 1 for r, k in enumerate(order)}
    nice_ranks = [rank[res.names[k]] for k in range(n) if nice[k]]
    other_ranks = [rank[res.names[k]] for k in range(n) if not nice[k]]
    retaliatory = [res.names[k] for k in range(n) if nice[k] and res.names[k] != "Cooperator"]
    return {
        "ax.entries": str(n),
        "ax.nice": str(sum(nice)),
        "ax.nice_on_top": "yes" if max(nice_ranks) < min(other_ranks) else "no",
        "ax.ranking": ", ".join(f"{r + 1}. {res.names[k]} ({per_match[k]:.0f})" for r, k in enumerate(order)),
        "ax.tft_rank": str(rank["Tit For Tat"]),
        "ax.tft_score": f"{per_match[res.names.index('Tit For Tat')]:.0f}",
        "ax.cooperator_rank": str(rank["Cooperator"]),
        "ax.cooperator_below_retaliators": "yes" if all(rank[r] < rank["Cooperator"] for r in retaliatory) else "no",
        "ax.random_rank": str(rank["Random"]),
    }


def rubinstein() -> dict[str, str]:
    """Rubinstein (1982): the unique SPE share, and finite horizons converging to it."""
    from fractions import Fraction as F

    from gametheory.bargaining import offer_path
    from gametheory.bargaining import rubinstein as stationary

    equal = stationary(F(9, 10)).proposer_share
    unequal = stationary(F(9, 10), F(8, 10)).proposer_share
    finite = {n: offer_path(F(9, 10), rounds=n).agreement[0] for n in (1, 2, 10, 40)}
    patient = stationary(F(999, 1000)).proposer_share
    return {
        "rb.equal": f"{equal} = {float(equal):.4f}",
        "rb.unequal": f"{unequal} = {float(unequal):.4f}",
        "rb.finite": ", ".join(f"{n} round{'s' if n > 1 else ''}: {float(v):.4f}" for n, v in finite.items()),
        "rb.patient": f"{float(patient):.4f}",
    }


def nash_bargaining() -> dict[str, str]:
    """Nash (1950) and Nash (1953): the split of S = 10 from d = (2, 1), and with variable threats."""
    from gametheory.bargaining import nash_tu, threat_solution_tu
    from gametheory.bargaining.threats import zero_sum_value

    fixed = nash_tu(10, (2, 1))
    diff = [[2, -1], [-1, 1]]
    v, p, q = zero_sum_value(diff)
    threats = threat_solution_tu(10, diff)
    return {
        "nb.fixed": f"({float(fixed[0]):g}, {float(fixed[1]):g})",
        "nb.value": str(v),
        "nb.threat_p": str(p[0]),
        "nb.threat_q": str(q[0]),
        "nb.threats": f"({float(threats[0]):g}, {float(threats[1]):g})",
    }


def chain_store() -> dict[str, str]:
    """Selten (1978) unravelling, and Kreps and Wilson (1982) reputation."""
    from fractions import Fraction as F

    from gametheory.extensive.chain_store import chain_store_tree, unravels
    from gametheory.extensive.reputation import check_reputation_equilibrium, reputation_equilibrium

    sizes = range(1, 7)
    all_unravel = all(unravels(chain_store_tree(n)) for n in sizes)
    kw = reputation_equilibrium(10, F(1, 2), F(1, 10))
    check = check_reputation_equilibrium(10, F(1, 2), F(1, 10))
    return {
        "cs.sizes": f"{min(sizes)} to {max(sizes)}",
        "cs.unravels": "yes" if all_unravel else "no",
        "kw.deterred": str(kw.deterred_markets),
        "kw.window": str(kw.entry_window),
        "kw.expected_entries": str(kw.expected_entries),
        "kw.thresholds": ", ".join(str(t) for t in kw.thresholds[:4]),
        "kw.check": "holds" if check.ok else "fails",
    }


def perfect_deterrence() -> dict[str, str]:
    """Zagare and Kilgour (1993, 2000): credibility and capability; the critical probability p*."""
    import gametheory.models as bundled
    from gametheory.extensive.deterrence import critical_probability, critical_probability_from_tree
    from gametheory.extensive.deterrence import perfect_deterrence as solve_deterrence

    cases = {(True, True): (-1, 0, -0.5), (False, True): (-1, 0, -2)}
    rows = []
    for (credible, capable), defender in cases.items():
        for challenger in ((1, 0, -2), (1, 0, 0.5)):
            r = solve_deterrence(challenger, defender)
            rows.append((r.credible, r.capable, r.deterred))
    iff = all(d == (c and k) for c, k, d in rows)
    model = bundled.load("rare_earth_deterrence")
    values = dict(model.values())
    values.pop("p_hard")
    from_model = critical_probability_from_tree(model.symbolic(), "p_hard", values)
    return {
        "zk.cases": str(len(rows)),
        "zk.iff": "yes" if iff else "no",
        "zk.closed_form": str(critical_probability((1, 0, -2))),
        "zk.model": str(from_model.value),
        "zk.below": from_model.below,
    }


def compute() -> dict[str, str]:
    values: dict[str, str] = {}
    for section in (von_stengel, mckelvey_mclennan, rubinstein, nash_bargaining, chain_store, perfect_deterrence,
                    axelrod):
        values.update(section())
    return values
