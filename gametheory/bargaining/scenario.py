"""The ``bargaining`` kind of model file (plug-in of :mod:`gametheory.io.scenario`).

``[game]`` holds (see ``models/FORMAT.md``, "Kind ``bargaining``"):

- ``feasible``: exactly one of ``surplus`` (transferable utility),
  ``points`` (payoff pairs; their convex hull), ``frontier`` (``expression``
  in ``variable`` on ``[from, to]``) or ``deals`` (a grid of deal variables
  and each player's payoff as an expression in them and the parameters);
- ``disagreement`` (two expressions) and/or ``threats`` (a two-player
  threat game read like the ``normal`` kind) with ``threat_options`` (per
  player, which strategies are threats);
- optional ``weights``, ``solution`` (default solution), ``rubinstein``
  (``delta``, ``first``, ``period``, ``breakdown``), ``actual`` (the deal
  reached: ``terms`` and ``note``), ``title``.

Views: ``("bargaining", "threat_game")`` (the second only with a threat
game): a :class:`~gametheory.bargaining.problem.BargainingProblem` and the
threat game as a :class:`~gametheory.NormalFormGame`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .problem import BargainingProblem, DealSpace
from .result import METHODS

__all__ = ["from_spec", "BargainingView"]

_KEYS = ("feasible", "disagreement", "threats", "threat_options", "weights", "solution", "rubinstein", "actual",
         "title")


class BargainingView:
    """The views of a ``bargaining`` model."""

    def __init__(self, ctx: Any, spec: dict[str, Any]) -> None:
        self.ctx = ctx
        self.spec = spec
        self.views = ("bargaining", "threat_game") if spec["threats"] is not None else ("bargaining",)

    def symbolic(self, view: str) -> Any:
        if view == "threat_game":
            return self.spec["threats"]
        from ..exceptions import NotSupportedError

        raise NotSupportedError("a bargaining problem has no symbolic form; its threat game does "
                                "(view 'threat_game')")

    def build(self, values: Mapping[str, Fraction | float], view: str) -> Any:
        threat_game = None if self.spec["threats"] is None else self.spec["threats"].substitute(values)
        if view == "threat_game":
            return threat_game
        ctx, spec = self.ctx, self.spec
        ev = ctx.evaluate

        def pair(exprs: Any, key: str) -> tuple[Any, Any] | None:
            return None if exprs is None else (ev(exprs[0], values, f"{key}[0]"), ev(exprs[1], values, f"{key}[1]"))

        feasible, deals = self._feasible(values)
        deltas = None
        rub = spec["rubinstein"]
        if rub is not None:
            deltas = pair(rub["delta"], "rubinstein.delta")
        actual = None
        if spec["actual"] is not None:
            terms = {k: ev(e, values, f"actual.terms.{k}") for k, e in spec["actual"]["terms"].items()}
            payoffs = None
            if deals is not None and set(terms) == set(deals.variables):
                payoffs = tuple(ev(e, {**values, **terms}, f"feasible.deals.payoffs.{p}")
                                for p, e in zip(ctx.players, spec["feasible"]["deals"]["payoffs"]))
            actual = {"terms": terms, "payoffs": payoffs, "note": spec["actual"]["note"]}
        return BargainingProblem(
            players=tuple(ctx.players), feasible=feasible, disagreement=pair(spec["disagreement"], "disagreement"),
            threat_game=threat_game, threat_options=dict(spec["threat_options"]),
            weights=pair(spec["weights"], "weights") or (Fraction(1), Fraction(1)), deltas=deltas,
            first=rub["first"] if rub else 0, breakdown=ev(rub["breakdown"], values, "rubinstein.breakdown")
            if rub else 0, period=rub["period"] if rub else "", deals=deals, actual=actual,
            default=spec["solution"], title=spec["title"])

    def _feasible(self, values: Mapping[str, Fraction | float]) -> tuple[Any, DealSpace | None]:
        from .feasible import FeasibleSet

        ctx, f = self.ctx, self.spec["feasible"]
        ev = ctx.evaluate
        if "surplus" in f:
            return FeasibleSet.transferable(ev(f["surplus"], values, "feasible.surplus")), None
        if "points" in f:
            pts = [(ev(a, values, f"feasible.points[{k}][0]"), ev(b, values, f"feasible.points[{k}][1]"))
                   for k, (a, b) in enumerate(f["points"])]
            return FeasibleSet.from_points(pts), None
        if "frontier" in f:
            import sympy

            fr = f["frontier"]
            expr = fr["expression"]
            if ctx.numeric:  # the frontier is handled symbolically: convert the numeric tree
                from ..io._numeric_expr import to_sympy

                expr = to_sympy(expr)
            # parameters' symbols are the real symbols of their names (as ctx.symbols holds them in sympy)
            subs = {sympy.Symbol(n, real=True): (sympy.Rational(v.numerator, v.denominator)
                                                 if isinstance(v, Fraction) else sympy.Float(v))
                    for n, v in values.items() if n in ctx.symbols}
            expr = expr.xreplace(subs)
            lo, hi = ev(fr["from"], values, "feasible.frontier.from"), ev(fr["to"], values, "feasible.frontier.to")
            return FeasibleSet.from_frontier(expr, lo, hi, variable=fr["variable"]), None
        deals = f["deals"]
        names = tuple(deals["variables"])
        grids = [[ev(e, values, f"feasible.deals.variables.{n}[{k}]") for k, e in enumerate(deals["variables"][n])]
                 for n in names]
        points, terms = [], []
        for combo in itertools.product(*grids):
            local = {**values, **dict(zip(names, combo))}
            points.append(tuple(ev(e, local, f"feasible.deals.payoffs.{p}")
                                for p, e in zip(ctx.players, deals["payoffs"])))
            terms.append(dict(zip(names, combo)))
        return FeasibleSet.from_points(points), DealSpace(names, tuple(terms), dict(deals["units"]))


def _pair(ctx: Any, value: Any, key: str) -> tuple[Any, Any]:
    if not isinstance(value, list) or len(value) != 2:
        raise ctx.error(key, "expected two expressions, one per player")
    return ctx.parse_expression(value[0], f"{key}[0]"), ctx.parse_expression(value[1], f"{key}[1]")


def from_spec(spec: dict[str, Any], ctx: Any) -> BargainingView:
    """Read the ``[game]`` table of a ``bargaining`` model (the plug-in entry point)."""
    ctx.check_keys(spec, ("feasible",), [k for k in _KEYS if k != "feasible"])
    if len(ctx.players) != 2:
        raise ctx.error(None, f"a bargaining model has two players, this one has {len(ctx.players)}",)
    out: dict[str, Any] = {"title": spec.get("title", ctx.title)}
    if not isinstance(out["title"], str):
        raise ctx.error("title", "expected a string")
    out["feasible"] = _read_feasible(spec["feasible"], ctx)
    out["disagreement"] = _pair(ctx, spec["disagreement"], "disagreement") if "disagreement" in spec else None
    out["threats"] = None
    out["threat_options"] = {}
    if "threats" in spec:
        from ..io.normal_spec import symbolic_game

        table = ctx.check_keys(spec["threats"], ("strategies",), ("payoffs", "outcomes", "title"), "threats")
        out["threats"] = symbolic_game(table, ctx.child("threats"))
        options = spec.get("threat_options", {})
        ctx.check_keys(options, (), ctx.players, "threat_options")
        for i, p in enumerate(ctx.players):
            if p not in options:
                continue
            labels = options[p]
            if not isinstance(labels, list) or not all(isinstance(s, str) for s in labels):
                raise ctx.error(f"threat_options.{p}", "expected a list of strategy labels")
            for s in labels:
                if s not in out["threats"].strategies[i]:
                    raise ctx.error(f"threat_options.{p}", f"{p!r} has no threat strategy {s!r} (strategies: "
                                    f"{', '.join(out['threats'].strategies[i])})")
            if len(set(labels)) >= len(out["threats"].strategies[i]):
                raise ctx.error(f"threat_options.{p}", "at least one strategy must be a non-threat option")
            out["threat_options"][p] = tuple(labels)
    elif "threat_options" in spec:
        raise ctx.error("threat_options", "threat_options needs a threat game ('threats')")
    if out["disagreement"] is None and out["threats"] is None:
        raise ctx.error(None, "give a 'disagreement' point or a threat game ('threats')")
    if "weights" in spec:
        out["weights"] = _pair(ctx, spec["weights"], "weights")
        w = out["weights"]
        ctx.add_check("weights", "bargaining weights must be positive",
                      lambda v: ctx.evaluate(w[0], v) > 0 and ctx.evaluate(w[1], v) > 0)
    else:
        out["weights"] = None
    default = spec.get("solution", "threats" if out["threats"] is not None else "nash")
    if default not in METHODS:
        raise ctx.error("solution", f"unknown solution {default!r} (known: {', '.join(METHODS)})")
    out["solution"] = default
    out["rubinstein"] = _read_rubinstein(spec["rubinstein"], ctx) if "rubinstein" in spec else None
    out["actual"] = None
    if "actual" in spec:
        act = ctx.check_keys(spec["actual"], ("terms",), ("note",), "actual")
        terms = ctx.check_keys(act["terms"], (), (), "actual.terms") if not isinstance(act["terms"], dict) else \
            act["terms"]
        deals = out["feasible"].get("deals")
        if deals is not None:
            for k in terms:
                if k not in deals["variables"]:
                    raise ctx.error(f"actual.terms.{k}", f"unknown deal variable {k!r} (variables: "
                                    f"{', '.join(deals['variables'])})")
        note = act.get("note", "")
        if not isinstance(note, str):
            raise ctx.error("actual.note", "expected a string")
        out["actual"] = {"terms": {k: ctx.parse_expression(v, f"actual.terms.{k}") for k, v in terms.items()},
                         "note": note}
    return BargainingView(ctx, out)


def _read_rubinstein(table: Any, ctx: Any) -> dict[str, Any]:
    ctx.check_keys(table, ("delta",), ("first", "period", "breakdown"), "rubinstein")
    delta = table["delta"]
    pair = _pair(ctx, delta, "rubinstein.delta") if isinstance(delta, list) else \
        (ctx.parse_expression(delta, "rubinstein.delta"),) * 2

    def ok(values: Mapping[str, Any]) -> bool:
        return all(0 < ctx.evaluate(d, values) < 1 for d in pair)

    ctx.add_check("rubinstein.delta", "discount factors must lie strictly between 0 and 1", ok)
    first = table.get("first", ctx.players[0])
    if first not in ctx.players:
        raise ctx.error("rubinstein.first", f"unknown player {first!r} (players: {', '.join(ctx.players)})")
    period = table.get("period", "")
    if not isinstance(period, str):
        raise ctx.error("rubinstein.period", "expected a string")
    breakdown = ctx.parse_expression(table.get("breakdown", 0), "rubinstein.breakdown")
    ctx.add_check("rubinstein.breakdown", "the breakdown probability must lie in [0, 1)",
                  lambda v: 0 <= ctx.evaluate(breakdown, v) < 1)
    return {"delta": pair, "first": ctx.players.index(first), "period": period, "breakdown": breakdown}


def _read_feasible(table: Any, ctx: Any) -> dict[str, Any]:
    forms = ("surplus", "points", "frontier", "deals")
    ctx.check_keys(table, (), forms, "feasible")
    given = [k for k in forms if k in table]
    if len(given) != 1:
        raise ctx.error("feasible", f"give exactly one of {', '.join(forms)}")
    kind = given[0]
    if kind == "surplus":
        return {"surplus": ctx.parse_expression(table["surplus"], "feasible.surplus")}
    if kind == "points":
        pts = table["points"]
        if not isinstance(pts, list) or not pts:
            raise ctx.error("feasible.points", "expected a non-empty list of [u1, u2] pairs")
        return {"points": [_pair(ctx, p, f"feasible.points[{k}]") for k, p in enumerate(pts)]}
    if kind == "frontier":
        fr = ctx.check_keys(table["frontier"], ("expression", "variable", "from", "to"), (), "feasible.frontier")
        var = fr["variable"]
        if not isinstance(var, str) or not var.isidentifier() or var in ctx.symbols:
            raise ctx.error("feasible.frontier.variable", f"expected a new name, got {var!r}")
        sub = ctx.child("feasible.frontier")
        sub.symbols = {**ctx.symbols, var: ctx.new_symbol(var)}
        return {"frontier": {"expression": sub.parse_expression(fr["expression"], "expression"), "variable": var,
                             "from": ctx.parse_expression(fr["from"], "feasible.frontier.from"),
                             "to": ctx.parse_expression(fr["to"], "feasible.frontier.to")}}
    deals = ctx.check_keys(table["deals"], ("variables", "payoffs"), ("units",), "feasible.deals")
    variables = deals["variables"]
    if not isinstance(variables, dict) or not variables:
        raise ctx.error("feasible.deals.variables", "expected a table: variable -> list of values")
    parsed: dict[str, list[Any]] = {}
    for name, vals in variables.items():
        key = f"feasible.deals.variables.{name}"
        if not name.isidentifier() or name in ctx.symbols:
            raise ctx.error(key, f"{name!r} is not a new name (it must differ from parameters and definitions)")
        if isinstance(vals, dict):
            ctx.check_keys(vals, ("from", "to", "points"), (), key)
            n = vals["points"]
            if not isinstance(n, int) or isinstance(n, bool) or not 2 <= n <= 201:
                raise ctx.error(f"{key}.points", "expected an integer from 2 to 201")
            lo = ctx.parse_expression(vals["from"], f"{key}.from")
            hi = ctx.parse_expression(vals["to"], f"{key}.to")
            parsed[name] = [lo + (hi - lo) * Fraction(k, n - 1) for k in range(n)]
        elif isinstance(vals, list) and vals:
            parsed[name] = [ctx.parse_expression(v, f"{key}[{k}]") for k, v in enumerate(vals)]
        else:
            raise ctx.error(key, "expected a non-empty list of values or {from, to, points}")
    total = 1
    for v in parsed.values():
        total *= len(v)
    if total > 20000:
        raise ctx.error("feasible.deals.variables", f"the grid has {total} deals; at most 20000")
    payoffs = ctx.check_keys(deals["payoffs"], ctx.players, (), "feasible.deals.payoffs")
    sub = ctx.child("feasible.deals.payoffs")
    sub.symbols = {**ctx.symbols, **{n: ctx.new_symbol(n) for n in parsed}}
    exprs = [sub.parse_expression(payoffs[p], p) for p in ctx.players]
    units = deals.get("units", {})
    if not isinstance(units, dict) or not all(isinstance(u, str) for u in units.values()):
        raise ctx.error("feasible.deals.units", "expected a table: variable -> unit text")
    return {"deals": {"variables": parsed, "payoffs": exprs, "units": units}}
