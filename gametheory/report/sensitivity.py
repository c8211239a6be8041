"""The sensitivity section: which parameter values would change the equilibria."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._plotting import pyplot
from .document import Figure, Section, Table
from .format import fmt

__all__ = ["sensitivity"]


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
    from ..exceptions import NotSupportedError

    try:
        plt = pyplot()
    except NotSupportedError:
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
