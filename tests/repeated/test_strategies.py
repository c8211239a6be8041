"""Automata: validation, and the classic strategies' defining behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.exceptions import InvalidGameError
from gametheory.repeated import strategies as S
from gametheory.repeated._tournament import play_match

PD = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
C, D = 0, 1


def moves(first: S.Strategy, second: S.Strategy, rounds: int = 8) -> tuple[list[int], list[int]]:
    m = play_match(PD, first, second, rounds=rounds)
    return m.actions[0][0].tolist(), m.actions[1][0].tolist()


def test_automaton_validation() -> None:
    with pytest.raises(InvalidGameError):
        S.Automaton("bad", np.array([[0.5, 0.6]]), np.ones((1, 2, 2, 1)))
    with pytest.raises(InvalidGameError):
        S.Automaton("bad", np.array([[1.0, 0.0]]), np.ones((2, 2, 2, 1)))
    with pytest.raises(InvalidGameError):
        S.Automaton.deterministic("bad", [0, 1], [[[0, 2], [0, 1]], [[0, 1], [0, 1]]])


def test_reactive_strategies_against_alternator() -> None:
    alt = [C, D] * 4
    assert moves(S.tit_for_tat(), S.alternator())[0] == [C] + alt[:-1]
    assert moves(S.grim(), S.alternator())[0] == [C, C] + [D] * 6
    assert moves(S.two_tits_for_tat(), S.alternator())[0] == [C, C, D, D, D, D, D, D]
    assert moves(S.tit_for_two_tats(), S.alternator())[0] == [C] * 8
    assert moves(S.suspicious_tit_for_tat(), S.cooperator())[0] == [D] + [C] * 7
    assert moves(S.fool_me_once(), S.defector())[0] == [C, C] + [D] * 6
    assert moves(S.k_period_punishment(2), S.cycler("DCCCC"))[0] == [C, D, D, C, C, C, D, D]


def test_win_stay_lose_shift_is_memory_one_1001() -> None:
    # WSLS vs Defector: C (loses) -> D (loses: P < R) -> C -> D ...
    assert moves(S.win_stay_lose_shift(), S.defector())[0] == [C, D] * 4
    assert moves(S.win_stay_lose_shift(), S.cooperator())[0] == [C] * 8


def test_user_defined_automaton_and_registry() -> None:
    # "Grim after two defections in a row", written by hand.
    aut = S.Automaton.deterministic("Patient", output=[C, C, D],
                                    transition=[[[0, 1], [0, 1]], [[0, 2], [0, 2]], [[2, 2], [2, 2]]])
    strat = S.from_automaton(aut)
    assert moves(strat, S.cycler("DCDD"))[0] == [C, C, C, C, D, D, D, D]
    assert S.strategy_by_name("wsls").name == "Win-Stay Lose-Shift"
    with pytest.raises(ValueError):
        S.strategy_by_name("nope")
    assert len(S.classic_strategies()) == 20


def test_generous_tit_for_tat_default_generosity() -> None:
    # Nowak-Sigmund: min(1 - (T-R)/(R-S), (R-P)/(T-P)) = min(1/3, 1/2) = 1/3 with (5,3,1,0).
    out = S.generous_tit_for_tat().automaton(S.Role.prisoners_dilemma()).output
    assert out[2, C] == pytest.approx(1 / 3) and out[4, C] == pytest.approx(1 / 3)


def test_noisy_escalator_on_a_three_level_tariff_game() -> None:
    # Tariff levels 0 < 1 < 2; each side gains 2 per level of own tariff and loses 3 per level of the other's.
    levels = ["zero", "mid", "high"]
    pay = np.array([[2 * a - 3 * b for b in range(3)] for a in range(3)])
    g = NormalFormGame([pay, pay.T], strategies=[levels, levels])
    esc = S.noisy_escalator(escalate=0.0, forgive=0.0, ladder=[0, 1, 2])
    m = play_match(g, esc, S.defector(), rounds=4, punish=["high", "high"])
    assert m.actions[0][0].tolist() == [0, 1, 2, 2]
    noisy = play_match(g, S.noisy_escalator(escalate=0.5, forgive=0.0, ladder=[0, 1, 2]),
                       S.cooperator(), rounds=30, repetitions=50, seed=3)
    assert 0.2 < (noisy.actions[0][:, 1] == 1).mean() < 0.8      # one spontaneous step w.p. 1/2
    assert (noisy.actions[0][:, -1] == 2).all()
