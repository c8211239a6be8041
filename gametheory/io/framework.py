"""The payoff framework shared by every trade model: named building blocks of the model language.

Every bundled trade model values outcomes in the same way (``models/CONVENTIONS.md`` gives the
economics and the references). So that two models cannot disagree on a convention, the building
blocks are functions of the model language itself: ``duty(base, tariff, elasticity)``,
``tariff_gain(...)``, ``pv(flow, rate, years)`` and the others below may be called in any
expression of any model file, and they expand, when the expression is parsed, into the
whitelisted arithmetic they are defined by (nothing here is Python evaluated from a file).

Conventions encoded here
------------------------
- **Unit**: $bn. Flows (``$bn/yr``) become present values with :func:`pv` over an explicit
  horizon at an explicit discount rate; one-off amounts (a sale's losses, an alliance cost) are
  present values already, counted when the act happens (year 0).
- **Trade volume responds to the tariff**: ``import_volume = base * (1 + tariff) ** -elasticity``
  (constant-elasticity import demand; ``base`` is the flow at no additional tariff), so duty
  revenue ``tariff * import_volume`` is not linear in the rate and falls at prohibitive rates.
- **Welfare of a tariff**: buyers lose ``surplus_loss`` (the area under the demand curve between
  price factors 1 and ``1 + tariff``), of which ``duty`` is collected and ``deadweight_loss`` is
  lost. A share ``incidence`` of the surplus loss is borne by the exporter (lower prices
  received), the rest by the importer's buyers. The importer's government gains ``tariff_gain =
  incidence * duty - (1 - incidence) * deadweight_loss``; the exporter loses ``tariff_loss =
  incidence * surplus_loss``; together the world loses exactly the deadweight loss.
- **Treasury sales**: the yield rises by ``yield_rise(sale, bp_per_100bn)`` (linear in the amount
  sold, calibrated per $100bn); the seller loses ``sale_loss`` (mark-to-market at duration
  ``duration`` on what it still holds plus, on average, half the rise on what it sells); the issuer
  pays ``financing_cost`` (the rise on the debt it refinances each year, for the rest of the horizon).
- **Responses that scale with the cost imposed**: ``response_probability(cost, scale) =
  1 - exp(-cost / scale)``.

Examples
--------
>>> from gametheory.io.expressions import parse_expression
>>> parse_expression("duty(100, 0.25, 2)")   # 0.25 * 100 / 1.25**2
16
>>> parse_expression("pv(10, 0, 3)")           # no discounting: three years of 10
30
>>> parse_expression("tariff_gain(100, 0.25, 2, 1)")   # exporter bears it all: the duty
16
"""

from __future__ import annotations

from dataclasses import dataclass

# A branch not taken is still parsed, so denominators are guarded with if(...) where the
# other branch covers the zero (at rate 0 or elasticity 1).

__all__ = ["FrameworkFunction", "FRAMEWORK_FUNCTIONS"]


@dataclass(frozen=True)
class FrameworkFunction:
    """One building block: its arguments, its body in the model language, what it means."""

    name: str
    args: tuple[str, ...]
    body: str
    unit: str
    doc: str


def _f(name: str, args: str, body: str, unit: str, doc: str) -> FrameworkFunction:
    return FrameworkFunction(name, tuple(a.strip() for a in args.split(",")), " ".join(body.split()), unit, doc)


_LIST = [
    _f("annuity", "rate, years",
       "piecewise(rate == 0, years, (1 - (1 + rate) ** (-years)) / if(rate == 0, 1, rate))",
       "years", "Present value of 1 a year, paid at the end of each of `years` years, at discount `rate`."),
    _f("pv", "flow, rate, years", "flow * annuity(rate, years)",
       "$bn", "Present value of a flow of `flow` $bn a year over `years` years at discount `rate`."),
    _f("import_volume", "base, tariff, elasticity", "base * (1 + tariff) ** (-elasticity)",
       "$bn/yr", "Imports at an additional ad valorem `tariff` (constant-elasticity demand; `base` at no tariff)."),
    _f("duty", "base, tariff, elasticity", "tariff * import_volume(base, tariff, elasticity)",
       "$bn/yr", "Duty collected: the tariff on the volume that still comes in."),
    _f("surplus_loss", "base, tariff, elasticity",
       "piecewise(elasticity == 1, base * log(1 + tariff),"
       " base * ((1 + tariff) ** (1 - elasticity) - 1) / if(elasticity == 1, 1, 1 - elasticity))",
       "$bn/yr", "Loss of buyers' and exporters' surplus: the area under import demand between prices 1 and 1+tariff."),
    _f("deadweight_loss", "base, tariff, elasticity",
       "surplus_loss(base, tariff, elasticity) - duty(base, tariff, elasticity)",
       "$bn/yr", "The part of the surplus loss nobody collects (world efficiency loss)."),
    _f("tariff_gain", "base, tariff, elasticity, incidence",
       "incidence * duty(base, tariff, elasticity) - (1 - incidence) * deadweight_loss(base, tariff, elasticity)",
       "$bn/yr", "Importing country's net gain from its tariff: the exporter-borne duty less its own deadweight loss."),
    _f("tariff_loss", "base, tariff, elasticity, incidence",
       "incidence * surplus_loss(base, tariff, elasticity)",
       "$bn/yr", "Exporting country's loss from a partner's tariff: its share `incidence` of the surplus loss."),
    _f("yield_rise", "sale, bp_per_100bn", "bp_per_100bn / 10000 * sale / 100",
       "share (decimal yield)", "Rise of the 10-year yield when `sale` $bn is sold, at `bp_per_100bn` basis points per $100bn."),
    _f("sale_loss", "sale, holdings, duration, rise",
       "duration * rise * (holdings - sale / 2)",
       "$bn", "Seller's mark-to-market loss: duration x rise on what it keeps, half the rise on average on what it sells."),
    _f("financing_cost", "rise, repriced, rate, years",
       "rise * repriced * piecewise(rate == 0, years * (years + 1) / 2,"
       " (1 + rate) * (annuity(rate, years) - years * (1 + rate) ** (-years - 1)) / if(rate == 0, 1, rate))",
       "$bn", "Issuer's cost of a lasting yield rise: each year `repriced` $bn is refinanced at the higher yield "
              "and pays it for the rest of the horizon (sum over k of k (1+rate)^-k)."),
    _f("response_probability", "cost, scale", "1 - exp(-cost / scale)",
       "probability", "Probability that a side gives in when a move costs it `cost` $bn (`scale`: the cost at which it is 63%)."),
]

#: The building blocks by name, in dependency order (a body calls only earlier functions).
FRAMEWORK_FUNCTIONS: dict[str, FrameworkFunction] = {f.name: f for f in _LIST}
