"""Tournaments: exact agreement with the axelrod library without noise, statistical agreement with noise."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.repeated import strategies as S
from gametheory.repeated._tournament import play_match, tournament

axl = pytest.importorskip("axelrod")

PD = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])

#: (ours, axelrod's) for every deterministic strategy both libraries define.
PAIRS = [
    (S.cooperator, "Cooperator"), (S.defector, "Defector"), (S.tit_for_tat, "TitForTat"), (S.grim, "Grudger"),
    (S.win_stay_lose_shift, "WinStayLoseShift"), (S.suspicious_tit_for_tat, "SuspiciousTitForTat"),
    (S.tit_for_two_tats, "TitFor2Tats"), (S.two_tits_for_tat, "TwoTitsForTat"),
    (S.hard_tit_for_tat, "HardTitForTat"), (S.alternator, "Alternator"), (S.bully, "Bully"),
    (S.anti_tit_for_tat, "AntiTitForTat"), (S.fool_me_once, "FoolMeOnce"),
    (lambda: S.cycler("CCD"), "CyclerCCD"), (lambda: S.cycler("DDC"), "CyclerDDC"),
    (lambda: S.cycler("CCCD"), "CyclerCCCD"), (lambda: S.cycler("CCCCCD"), "CyclerCCCCCD"),
]


def _axelrod(names: list[str], turns: int, repetitions: int, noise: float = 0.0, seed: int = 1) -> object:
    players = [getattr(axl, n)() for n in names]
    t = axl.Tournament(players, turns=turns, repetitions=repetitions, noise=noise, seed=seed)
    return t.play(processes=None, progress_bar=False)


def test_deterministic_scores_equal_axelrods_exactly() -> None:
    ours = tournament(PD, [f() for f, _ in PAIRS], rounds=60, repetitions=2, seed=0)
    theirs = _axelrod([n for _, n in PAIRS], turns=60, repetitions=2)
    assert np.array_equal(ours.scores, np.array(theirs.scores, dtype=float).T)
    assert np.allclose(ours.payoff_matrix, np.array(theirs.payoff_matrix))
    assert [ours.names[i] for i in np.argsort(-ours.mean_scores, kind="stable")][:1] == [ours.ranking[0]]


def test_noisy_means_agree_within_sampling_error() -> None:
    names = ["TitForTat", "Grudger", "WinStayLoseShift", "Defector", "Cooperator", "GTFT", "Random"]
    ours_s = [S.tit_for_tat(), S.grim(), S.win_stay_lose_shift(), S.defector(), S.cooperator(),
              S.generous_tit_for_tat(), S.random_strategy()]
    reps, turns, noise = 40, 50, 0.1
    ours = tournament(PD, ours_s, rounds=turns, repetitions=reps, noise=noise, seed=7)
    theirs = np.array(_axelrod(names, turns, reps, noise, seed=7).scores, dtype=float).T
    se = np.sqrt(ours.scores.var(axis=0, ddof=1) / reps + theirs.var(axis=0, ddof=1) / reps)
    z = np.abs(ours.scores.mean(axis=0) - theirs.mean(axis=0)) / se
    assert np.all(z < 4.0), dict(zip(names, z.round(2)))


def test_reproducible_and_seed_sensitive() -> None:
    entrants = S.classic_strategies()
    a = tournament(PD, entrants, rounds=30, repetitions=3, noise=0.05, seed=11)
    b = tournament(PD, entrants, rounds=30, repetitions=3, noise=0.05, seed=11)
    c = tournament(PD, entrants, rounds=30, repetitions=3, noise=0.05, seed=12)
    assert np.array_equal(a.scores, b.scores)
    assert not np.array_equal(a.scores, c.scores)


def test_continuation_probability_gives_geometric_lengths() -> None:
    m = play_match(PD, S.cooperator(), S.cooperator(), rounds=1000, repetitions=4000, continuation=0.9, seed=5)
    # Mean of a Geometric(0.1) length is 10 (truncation at 1000 is negligible); scores are 3 per round.
    assert m.lengths.mean() == pytest.approx(10, rel=0.05)
    assert np.array_equal(m.scores[:, 0], 3.0 * m.lengths)
    assert (m.actions[0][np.arange(1000)[None, :] >= m.lengths[:, None]] == -1).all()


def test_asymmetric_three_action_game_plays_both_roles() -> None:
    # Row has 3 actions, column 2: every ordered pair meets; cooperation = (a, x), punishment = (c, y).
    row = [[4, 0], [5, 1], [6, -1]]
    col = [[3, 5], [0, 1], [-1, 2]]
    g = NormalFormGame([row, col], strategies=[["a", "b", "c"], ["x", "y"]])
    res = tournament(g, [S.tit_for_tat(), S.defector()], rounds=10, repetitions=1, cooperate=["a", "x"],
                     punish=["c", "y"])
    assert not res.symmetric
    # TFT (row) vs Defector (col): (a,y) then (c,y)*9 -> row 0 + 9*(-1) = -9, col 5 + 9*2 = 23.
    # Defector (row) vs TFT (col): (c,x) then (c,y)*9 -> row 6 - 9 = -3, col -1 + 18 = 17.
    # TFT's score = -9 (as row vs D) + 17 (as col vs D) = 8; Defector's = 23 + (-3) = 20.
    assert res.scores[0].tolist() == [8.0, 20.0]


def test_validation() -> None:
    with pytest.raises(ValueError):
        tournament(PD, [S.tit_for_tat()], rounds=0)
    with pytest.raises(ValueError):
        tournament(PD, [S.tit_for_tat()], noise=1.5)
    with pytest.raises(ValueError):
        tournament(PD, [])


def _reference_match(out0, nxt0, out1, nxt1, A, B, rounds):  # type: ignore[no-untyped-def]
    """A plain-Python simulation of two deterministic automata (the vectorised kernel's oracle)."""
    s0 = s1 = 0
    t0 = t1 = 0.0
    for _ in range(rounds):
        a, b = out0[s0], out1[s1]
        t0 += A[a][b]
        t1 += B[a][b]
        s0, s1 = nxt0[s0][a][b], nxt1[s1][b][a]
    return t0, t1


@st.composite
def _automaton(draw, m_own: int, m_opp: int):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 3))
    out = draw(st.lists(st.integers(0, m_own - 1), min_size=n, max_size=n))
    nxt = [[[draw(st.integers(0, n - 1)) for _ in range(m_opp)] for _ in range(m_own)] for _ in range(n)]
    return out, nxt


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_vectorised_kernel_matches_plain_simulation(data) -> None:  # type: ignore[no-untyped-def]
    # Random asymmetric 2x3 game and random deterministic automata (as user-defined strategies per role).
    A = data.draw(st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=2, max_size=2))
    B = data.draw(st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=2, max_size=2))
    g = NormalFormGame([A, B])
    k = data.draw(st.integers(2, 3))
    rows = [data.draw(_automaton(2, 3)) for _ in range(k)]
    cols = [data.draw(_automaton(3, 2)) for _ in range(k)]

    def strat(i: int) -> S.Strategy:
        r_aut = S.Automaton.deterministic(f"s{i}", *rows[i])
        c_aut = S.Automaton.deterministic(f"s{i}", *cols[i])
        return S.Strategy(f"s{i}", lambda role, r=r_aut, c=c_aut: r if role.own_actions == 2 else c)

    rounds = 7
    res = tournament(g, [strat(i) for i in range(k)], rounds=rounds, repetitions=1)
    expect = np.zeros(k)
    for i in range(k):
        for j in range(k):
            if i != j:
                t0, t1 = _reference_match(*rows[i], *cols[j], A, B, rounds)
                expect[i] += t0
                expect[j] += t1
    assert np.allclose(res.scores[0], expect)


def test_progress_bar_does_not_change_results() -> None:
    entrants = [S.tit_for_tat(), S.random_strategy(), S.noisy_escalator()]
    quiet = tournament(PD, entrants, rounds=20, repetitions=3, noise=0.1, seed=4, progress=False)
    shown = tournament(PD, entrants, rounds=20, repetitions=3, noise=0.1, seed=4, progress=True)
    assert np.array_equal(quiet.scores, shown.scores)


def test_continuation_means_agree_with_axelrods_prob_end() -> None:
    # Match lengths ~ Geometric(prob_end) in both libraries: compare mean total scores per repetition.
    names = ["TitForTat", "Defector", "Alternator", "Grudger"]
    ours_s = [S.tit_for_tat(), S.defector(), S.alternator(), S.grim()]
    reps = 60
    ours = tournament(PD, ours_s, rounds=10_000, repetitions=reps, continuation=0.9, seed=3)
    players = [getattr(axl, n)() for n in names]
    theirs = axl.Tournament(players, prob_end=0.1, repetitions=reps, seed=3).play(processes=None,
                                                                                   progress_bar=False)
    theirs_s = np.array(theirs.scores, dtype=float).T
    se = np.sqrt(ours.scores.var(axis=0, ddof=1) / reps + theirs_s.var(axis=0, ddof=1) / reps)
    z = np.abs(ours.scores.mean(axis=0) - theirs_s.mean(axis=0)) / se
    assert np.all(z < 4.0), dict(zip(names, z.round(2)))


def test_default_cooperation_is_mutual_even_when_exploitation_maximises_the_sum() -> None:
    from gametheory.repeated._tournament import roles_for

    g = NormalFormGame([[[3, 0], [7, 1]], [[3, 7], [0, 1]]])   # T + S = 7 > 2R = 6
    r0, r1 = roles_for(g)
    assert (r0.cooperate, r1.cooperate, r0.punish, r1.punish) == (0, 0, 1, 1)
