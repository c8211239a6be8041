from fractions import Fraction

from hypothesis import given, settings, strategies as st

from gametheory.bargaining import nash_tu, rubinstein

small = st.integers(min_value=0, max_value=20)


@settings(max_examples=50, deadline=None)
@given(small, small, st.integers(min_value=0, max_value=30), st.integers(1, 5), st.integers(1, 5))
def test_nash_efficient_and_rational(d1, d2, extra, w1, w2):
    s = d1 + d2 + extra
    x1, x2 = nash_tu(s, (d1, d2), (w1, w2))
    assert x1 + x2 == s
    assert x1 >= d1 and x2 >= d2
    assert (x1 - d1) * w2 == (x2 - d2) * w1  # weighted split of the gain


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 10))
def test_rubinstein_tends_to_equal_split(k):
    delta = 1 - Fraction(1, 10 ** (k + 2))
    assert abs(rubinstein(delta).proposer_share - Fraction(1, 2)) < Fraction(1, 10 ** (k + 1))
