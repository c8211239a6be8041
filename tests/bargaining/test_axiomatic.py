import pytest

from gametheory.bargaining import nash_tu, threat_solution_tu


def test_nash_1950():
    assert nash_tu(10, (2, 1)) == (5.5, 4.5)


def test_threat_game():
    assert threat_solution_tu(10, [[2, -1], [-1, 1]]) == pytest.approx((5.1, 4.9), abs=1e-6)
