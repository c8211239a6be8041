"""The analyses a report runs; each returns a :class:`Section`, or ``None`` when it does not apply.

Every section uses only the public API of the analysis families, so a report shows what a user would
get from the library. A section that fails is left out with a note rather than sinking the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..games._exact import format_number
from ..games.normal_form import NormalFormGame
from .document import Figure, Section, Table

__all__ = ["SECTIONS", "normal_form_view"]


def fmt(value: Any) -> str:
    """A number for a table: terminating decimals as decimals (0.15, 1130.8), other rationals as 3/7."""
    from fractions import Fraction

    if value is None:
        return "-"
    if isinstance(value, Fraction) and value.denominator != 1:
        den = value.denominator
        while den % 2 == 0:
            den //= 2
        while den % 5 == 0:
            den //= 5
        if den == 1:
            return f"{float(value):.10g}"
    return format_number(value)


def normal_form_view(model: Any, values: dict[str, Any]) -> tuple[str, NormalFormGame] | None:
    """The first view of the model that is a normal-form game (the game itself, a tree's normal form, ...)."""
    overrides = {k: v for k, v in values.items()}
    for view in model.views():
        try:
            game = model.build(view=view, **overrides)
        except Exception:  # noqa: BLE001 - a view that cannot be built is simply not shown
            continue
        if isinstance(game, NormalFormGame):
            return view, game
    return None


def overview(model: Any, values: dict[str, Any], outdir: Path | None) -> Section:
    rows = []
    for p in model.parameters:
        rows.append((p.name, fmt(values[p.name]), p.unit or "", p.source, p.description or ""))
    description = getattr(model, "description", "") or ""
    paragraphs = [p.strip() for p in description.split("\n\n") if p.strip()]
    tables = [Table(("parameter", "value", "unit", "source", "meaning"), tuple(rows))]
    if getattr(model, "citations", ()):
        tables.append(Table(("sources",), tuple((c,) for c in model.citations)))
    return Section("overview", "Model and parameters", tuple(paragraphs), tuple(tables),
                   data={"kind": model.kind, "players": list(model.players), "views": list(model.views())})


def equilibria(model: Any, values: dict[str, Any], outdir: Path | None) -> Section | None:
    found = normal_form_view(model, values)
    if found is None:
        return None
    view, game = found
    from ..solvers.solve import solve

    result = solve(game)
    rows = []
    for k, eq in enumerate(result.equilibria, start=1):
        mixes = ["; ".join(f"{s} {fmt(p)}" if p != 1 else s for s, p in zip(labels, probs) if p != 0)
                 for labels, probs in zip(eq.strategies, eq.profile)]
        rows.append((str(k), *mixes, ", ".join(fmt(v) for v in eq.payoffs), fmt(eq.regret)))
    text = [f"The {view} form has {len(result)} equilibri{'um' if len(result) == 1 else 'a'} "
            f"({result.method}, {'exact' if result.exact else 'floating point'}); each is certified by its "
            "regret, the most any player could gain by deviating."]
    continua = [c for c in result.components if len(c) > 1]
    for comp in continua:
        text.append("Equilibria " + ", ".join(f"#{i + 1}" for i in comp) +
                    " span a continuum: every mixture of them is an equilibrium too.")
    figures = []
    if outdir is not None and game.num_players == 2:
        fig = _payoff_figure(game, result, outdir / "equilibria.png")
        if fig:
            figures.append(Figure("equilibria.png", f"Payoffs of every pure outcome of the {view} form "
                                                    "and of the equilibria"))
    return Section("equilibria", "Equilibria", tuple(text),
                   (Table(("#", *game.players, "payoffs", "regret"), tuple(rows)),), tuple(figures),
                   data={"view": view, "method": result.method, "equilibria": result.to_json()["equilibria"],
                         "components": [list(c) for c in result.components]})


def cooperation(model: Any, values: dict[str, Any], outdir: Path | None) -> Section | None:
    """When the best joint outcome is not an equilibrium: how patient must players be to sustain it?"""
    found = normal_form_view(model, values)
    if found is None:
        return None
    view, game = found
    if game.num_players < 2:
        return None
    import numpy as np

    from .. import repeated

    pay = game.payoff_array
    total = pay.sum(axis=0)
    target_idx = np.unravel_index(int(np.argmax(total)), game.shape)
    target = [game.strategies[i][int(j)] for i, j in enumerate(target_idx)]
    if game.is_nash(game.pure_profile(target)):
        return Section("cooperation", "Cooperation in repeated play",
                       (f"The outcome with the largest joint payoff ({', '.join(target)}) is already an equilibrium: "
                        "no patience is needed to sustain it.",),
                       data={"target": target, "self_enforcing": True})
    cd = repeated.critical_discount(game, ",".join(target))
    data = cd.to_json() if hasattr(cd, "to_json") else {}
    rows = []
    for name in ("grim_overall", "tit_for_tat_overall"):
        v = getattr(cd, name, None)
        if v is not None or name == "grim_overall":
            rows.append((name.replace("_overall", "").replace("_", "-"), fmt(v) if v is not None else "never"))
    text = (f"Target: the outcome with the largest joint payoff ({', '.join(target)}), which is not an equilibrium "
            "of the one-shot game. In an infinitely repeated game it can be sustained when every player's discount "
            "factor is at least the critical value below (Friedman 1971 for Nash reversion).",)
    return Section("cooperation", "Cooperation in repeated play", text,
                   (Table(("punishment", "critical discount factor"), tuple(rows)),),
                   data={"target": target, "self_enforcing": False, "critical_delta": data})


def _payoff_figure(game: NormalFormGame, result: Any, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    import numpy as np

    pay = game.payoff_array.reshape(2, -1)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.scatter(pay[0], pay[1], color="#999", label="pure outcomes", zorder=2)
    for flat in range(pay.shape[1]):
        idx = np.unravel_index(flat, game.shape)
        ax.annotate(f"{game.strategies[0][idx[0]]} / {game.strategies[1][idx[1]]}", (pay[0, flat], pay[1, flat]),
                    fontsize=7, color="#555", xytext=(3, 3), textcoords="offset points")
    eq = np.array([[float(v) for v in e.payoffs] for e in result.equilibria]).reshape(-1, 2)
    if len(eq):
        ax.scatter(eq[:, 0], eq[:, 1], color="#c33", marker="*", s=160, label="equilibria", zorder=3)
    ax.set_xlabel(f"{game.players[0]} payoff")
    ax.set_ylabel(f"{game.players[1]} payoff")
    ax.legend(loc="best", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


_THRESHOLD_CACHE: dict[tuple, list] = {}


def _model_thresholds(model: Any, values: dict[str, Any], progress: Callable[[str], None] | None = None) -> list:
    """Every parameter's thresholds (others at ``values``), cached per model and values for repeated reports."""
    from ..sensitivity import model_thresholds

    key = (model.name, getattr(model, "source", None), tuple(sorted((k, str(v)) for k, v in values.items())))
    if key not in _THRESHOLD_CACHE:
        found = []
        for p in model.parameters:
            if progress is not None:
                progress(p.name)
            try:
                found.append(model_thresholds(model, p.name, values))
            except Exception:  # noqa: BLE001 - a parameter the analysis cannot handle is skipped
                continue
        _THRESHOLD_CACHE[key] = found
    return _THRESHOLD_CACHE[key]


def sensitivity(model: Any, values: dict[str, Any], outdir: Path | None) -> Section | None:
    """Which parameter values would change the equilibria, and how far each is from today's value."""
    if model.kind not in ("normal", "repeated"):
        return None
    results = _model_thresholds(model, values)
    rows = []
    nearest: list[tuple[str, float, float]] = []
    for res in results:
        now = float(values[res.param])
        best = None
        for t in res.thresholds:
            change = (t.value - now) / abs(now) if now else None
            rows.append((res.param, fmt(values[res.param]), f"{t.value:.6g}", t.exact or "-",
                         f"{change:+.1%}" if change is not None else "-", t.condition))
            if change is not None and (best is None or abs(change) < abs(best)):
                best = change
        if best is not None:
            nearest.append((res.param, best, now))
    nearest.sort(key=lambda item: abs(item[1]))
    scanned = len(results)
    if not rows:
        text = (f"Along each of the {scanned} parameters, the others held at their values, the equilibria do not "
                "change anywhere within the parameter's bounds: the conclusions are robust to each one alone.",)
        return Section("sensitivity", "Sensitivity: where the conclusions change", text,
                       data={"parameters": [r.to_json() for r in results], "nearest": []})
    text = [f"Along each of the {scanned} parameters, the others held at their values, the equilibria change at "
            "the values below (searched within each parameter's bounds; exact where sympy solves the boundary "
            "condition, the change is relative to today's value)."]
    if nearest:
        name, change, now = nearest[0]
        text.append(f"The closest threshold is for {name}: a change of {change:+.1%} from {now:g} changes the "
                    "equilibria.")
    quiet = [r.param for r in results if not r.thresholds]
    if quiet:
        text.append("No threshold within bounds for: " + ", ".join(quiet) + ".")
    figures = []
    if outdir is not None and nearest and _nearest_figure(nearest, outdir / "sensitivity.png"):
        figures.append(Figure("sensitivity.png", "How far each parameter is from the nearest value that changes "
                                                 "the equilibria (relative change)"))
    regime_data = None
    if outdir is not None and model.kind == "normal" and len(nearest) >= 2:
        regime_data = _regime_map(model, values, [nearest[0][0], nearest[1][0]], outdir / "regimes.png")
        if regime_data is not None:
            figures.append(Figure("regimes.png", f"Equilibrium regimes over {nearest[0][0]} and {nearest[1][0]}, "
                                                 "the two parameters closest to a threshold (others at their values)"))
    table = Table(("parameter", "value", "threshold", "exact", "change", "what changes"), tuple(rows))
    return Section("sensitivity", "Sensitivity: where the conclusions change", tuple(text), (table,),
                   tuple(figures),
                   data={"parameters": [r.to_json() for r in results],
                         "nearest": [{"param": n, "relative_change": c} for n, c, _ in nearest],
                         "regime_map": regime_data})


def _regime_map(model: Any, values: dict[str, Any], params: list[str], path: Path) -> dict[str, Any] | None:
    """Sweep two parameters over their ranges (40x40 grid) and draw the regime map; None without matplotlib."""
    import numpy as np

    from ..exceptions import NotSupportedError
    from ..sensitivity import parameter_range, sweep
    from ..sensitivity._plot import regime_map

    grid = {p: np.linspace(*parameter_range(model, p, values), 40) for p in params}
    others = {k: v for k, v in values.items() if k not in grid}
    result = sweep(model.symbolic(), grid, others)
    try:
        regime_map(result, path, title=model.title, mark=[float(values[p]) for p in params])
    except (ImportError, NotSupportedError):
        return None
    return {"params": params, "ranges": [[float(g[0]), float(g[-1])] for g in grid.values()],
            "regimes": list(result.regimes)}


def _nearest_figure(nearest: list[tuple[str, float, float]], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    shown = nearest[:15][::-1]
    fig, ax = plt.subplots(figsize=(6.5, 0.4 * len(shown) + 1.2))
    ax.barh([n for n, _, _ in shown], [c * 100 for _, c, _ in shown],
            color=["#c33" if c < 0 else "#36c" for _, c, _ in shown])
    ax.axvline(0, color="#333", lw=0.8)
    ax.set_xlabel("change from today's value to the nearest threshold (%)")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


#: The analyses, in report order. Each takes (model, values, output folder or None).
SECTIONS: list[tuple[str, Callable[[Any, dict[str, Any], Path | None], Section | None]]] = [
    ("overview", overview),
    ("equilibria", equilibria),
    ("cooperation", cooperation),
    ("sensitivity", sensitivity),
]
