"""The payoff framework's building blocks against closed forms and explicit sums."""

from __future__ import annotations

import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.exceptions import ExpressionError
from gametheory.io.expressions import parse_expression
from gametheory.io.framework import FRAMEWORK_FUNCTIONS


def value(text: str, **names: float) -> float:
    syms = {k: sympy.Symbol(k, real=True) for k in names}
    expr = parse_expression(text, syms)
    # exact binary values: the test checks the formulas, not float cancellation
    return float(expr.subs({syms[k]: sympy.Rational(v) for k, v in names.items()}))


rates = st.one_of(st.just(0.0), st.floats(1e-9, 0.2))
years = st.integers(1, 30)


@settings(deadline=None)  # exact sympy evaluation: slow on a loaded machine
@given(rates, years)
def test_pv_is_the_discounted_sum(r, n):
    assert value("pv(7, r, n)", r=r, n=n) == pytest.approx(sum(7 / (1 + r) ** k for k in range(1, n + 1)))


@settings(deadline=None)  # exact sympy evaluation: slow on a loaded machine
@given(st.floats(0.001, 0.02), st.floats(100, 5000), rates, years)
def test_financing_cost_is_the_sum_of_each_years_refinancing(rise, repriced, r, n):
    # year k's issuance has paid the higher yield for k years by year k; discounted at (1+r)^-k
    explicit = rise * repriced * sum(k / (1 + r) ** k for k in range(1, n + 1))
    assert value("financing_cost(rise, m, r, n)", rise=rise, m=repriced, r=r, n=n) == pytest.approx(explicit)


def test_revenue_peaks_at_the_laffer_rate():
    # d/dt [t (1+t)^-e] = 0 at t = 1/(e-1): with e = 3 the peak is at 50%
    e = 3.0
    peak = value("duty(100, t, e)", t=0.5, e=e)
    assert peak > value("duty(100, t, e)", t=0.45, e=e)
    assert peak > value("duty(100, t, e)", t=0.55, e=e)
    assert peak == pytest.approx(100 * 0.5 / 1.5 ** 3)


@settings(deadline=None)  # exact sympy evaluation: slow on a loaded machine
@given(st.floats(0.0, 2.0), st.floats(0.2, 5.0), st.floats(0.0, 1.0))
def test_the_world_loses_exactly_the_deadweight_loss(t, e, phi):
    gain = value("tariff_gain(100, t, e, phi)", t=t, e=e, phi=phi)
    loss = value("tariff_loss(100, t, e, phi)", t=t, e=e, phi=phi)
    dwl = value("deadweight_loss(100, t, e)", t=t, e=e)
    assert gain - loss == pytest.approx(-dwl, abs=1e-9)
    assert dwl >= -1e-9  # surplus lost is never less than the duty collected


def test_surplus_loss_is_continuous_at_unit_elasticity():
    at_one = value("surplus_loss(100, 0.3, e)", e=1.0)
    assert at_one == pytest.approx(100 * math.log(1.3))
    assert value("surplus_loss(100, 0.3, e)", e=1.000001) == pytest.approx(at_one, rel=1e-5)


def test_sale_loss_and_yield_rise_match_the_hand_computation():
    # $100bn at 40 bp per $100bn: +0.40 pp; duration 5 on $1,000bn kept and half on $100bn sold
    assert parse_expression("yield_rise(100, 40)") == sympy.Rational(4, 1000)
    assert parse_expression("sale_loss(100, 1100, 5, yield_rise(100, 40))") == sympy.Rational(21)


def test_building_blocks_are_checked_like_any_call():
    with pytest.raises(ExpressionError, match=r"duty\(\) takes 3 arguments"):
        parse_expression("duty(1, 2)")
    with pytest.raises(ExpressionError, match="unknown parameter"):
        parse_expression("duty(base, 1, 2)")


def test_every_body_uses_only_its_arguments_and_earlier_blocks():
    seen: set[str] = set()
    for name, spec in FRAMEWORK_FUNCTIONS.items():
        names = {a: sympy.Symbol(a, positive=True) for a in spec.args}
        parse_expression(spec.body, names)  # raises if the body uses anything else
        called = {w for w in FRAMEWORK_FUNCTIONS if f"{w}(" in spec.body}
        assert called <= seen, name
        seen.add(name)
