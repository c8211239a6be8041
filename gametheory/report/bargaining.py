"""The report's bargaining section: the solutions, the disagreement point, what each threat is worth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import Figure, Section, Table
from .format import fmt

__all__ = ["bargaining_section"]

_NAMES = {"nash": "Nash (1950)", "kalai-smorodinsky": "Kalai-Smorodinsky", "egalitarian": "egalitarian",
          "rubinstein": "Rubinstein (alternating offers)", "threats": "Nash (1953) variable threats"}


def _terms(deal: Any) -> str:
    if not deal or not deal.get("terms"):
        return "-"
    return ", ".join(f"{k} {fmt(v)}" for k, v in deal["terms"].items())


def bargaining_section(model: Any, values: dict[str, Any], outdir: Path | None) -> Section | None:
    """Every bargaining solution of a bargaining model, the threat values and the predicted vs actual deal."""
    if getattr(model, "kind", None) != "bargaining":
        return None
    from ..bargaining import bargaining_summary

    summary = bargaining_summary(model, values)
    p1, p2 = summary.players
    d = summary.disagreement.values
    text = [f"Disagreement point ({summary.disagreement.method.replace('_', ' ')}): {p1} {fmt(d[0])}, "
            f"{p2} {fmt(d[1])}. Every solution below is certified (the JSON output gives each certificate)."]
    rows = []
    for name, sol in summary.solutions.items():
        deal = summary.predicted_deals.get(name)
        rows.append((_NAMES.get(name, name), fmt(sol.solution[0]), fmt(sol.solution[1]),
                     fmt(sol.solution[0] - sol.disagreement[0]), fmt(sol.solution[1] - sol.disagreement[1]),
                     _terms(deal)))
    tables = [Table(("solution", p1, p2, f"{p1} gain", f"{p2} gain", "implied deal"), tuple(rows))]
    tv = summary.threat_values
    if tv is not None:
        trows = []
        for player in summary.players:
            k = summary.players.index(player)
            without = tv.without.get(player)
            trows.append((player, ", ".join(tv.threats[player]), fmt(tv.full.solution[k]),
                          fmt(without.solution[k]) if without is not None else "-", fmt(tv.gains[player])))
        tables.append(Table(("player", "threats", "share with its threats", "share without them",
                             "what its threats are worth"), tuple(trows),
                            caption="Showing the card: each side's share under the variable-threat solution with "
                                    "and without its own threats (the other side keeps its threats)."))
        best = max(summary.players, key=lambda p: float(tv.gains[p]))
        text.append(f"The threats move the deal: {best}'s threats are worth {fmt(tv.gains[best])} to it at the "
                    "table, though in equilibrium they are never carried out.")
    if summary.actual is not None:
        actual = summary.actual
        pred = summary.predicted_deals.get(summary.default)
        text.append(f"Predicted deal ({_NAMES.get(summary.default, summary.default)}): {_terms(pred)}; the deal "
                    f"actually reached: {_terms(actual)} ({actual.get('note', '')}).")
        w = summary.comparison.get("implied_weight")
        if w is not None:
            text.append(f"The actual deal is what a Nash bargain would give if {p1} had bargaining power "
                        f"{float(w):.2f} (equal power: 0.50).")
    figures = []
    if outdir is not None and _plot(model, values, summary, outdir / "bargaining.png"):
        figures.append(Figure("bargaining.png", "The feasible payoffs, the Pareto frontier, the disagreement point "
                                                "and every solution (the actual deal marked)"))
    return Section("bargaining", "Bargaining: what the threats are worth at the table", tuple(text), tuple(tables),
                   tuple(figures), data=summary.to_json())


def _plot(model: Any, values: dict[str, Any], summary: Any, path: Path) -> bool:
    from ..exceptions import NotSupportedError

    try:
        import numpy as np

        from ..bargaining._plot import plot_bargaining

        problem = model.build(**values)
        outcomes = None
        if problem.threat_game is not None:
            g = problem.threat_game
            outcomes = np.column_stack([g.payoff_array[0].ravel(), g.payoff_array[1].ravel()])
        actual = summary.actual.get("payoffs") if summary.actual else None
        plot_bargaining(problem.feasible, summary.solutions, path, disagreement=summary.solution.disagreement,
                        players=summary.players, threat_outcomes=outcomes, actual=actual, title=summary.title)
    except NotSupportedError:   # no matplotlib (optional extra)
        return False
    return path.exists()
