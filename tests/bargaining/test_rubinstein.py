import pytest

from gametheory.bargaining import fearon_range, rubinstein


def test_rubinstein_calibration():
    assert rubinstein(0.9).proposer_share == pytest.approx(0.5263, abs=1e-4)
    assert rubinstein(0.9, 0.8).proposer_share == pytest.approx(0.7143, abs=1e-4)


def test_fearon_calibration():
    assert fearon_range(0.6, 0.1, 0.15) == pytest.approx((0.50, 0.75))
