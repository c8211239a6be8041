"""Figures of bargaining problems (matplotlib, optional: the ``plot`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from .._plotting import pyplot

__all__ = ["plot_bargaining"]

_MARKERS = {"nash": ("o", "tab:red"), "kalai-smorodinsky": ("s", "tab:blue"), "egalitarian": ("^", "tab:green"),
            "rubinstein": ("D", "tab:purple"), "threats": ("*", "tab:orange")}


def plot_bargaining(feasible: Any, solutions: Mapping[str, Any], path: str | Path, *,
                    disagreement: Sequence[Any] | None = None, players: Sequence[str] = ("Player 1", "Player 2"),
                    threat_outcomes: np.ndarray | None = None, actual: Sequence[Any] | None = None,
                    title: str | None = None) -> None:
    """Save the feasible set, its Pareto frontier, the disagreement point and the solutions (PNG, SVG, PDF).

    Parameters
    ----------
    feasible : FeasibleSet
    solutions : mapping
        name -> :class:`~gametheory.bargaining.result.BargainingSolution`.
    path : str or Path
        Output file; the format follows the suffix.
    disagreement : pair, optional
    threat_outcomes : array, optional
        ``(n, 2)`` payoffs of the threat game's outcomes.
    actual : pair, optional
        Payoffs of the deal actually reached.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 5.5))
    pts = [np.asarray(s.solution, dtype=float) for s in solutions.values()]
    if disagreement is not None:
        pts.append(np.asarray(disagreement, dtype=float))
    if feasible.kind == "polygon":
        hull = np.array([[float(x), float(y)] for x, y in feasible.hull])
        if len(hull) >= 3:
            ax.fill(hull[:, 0], hull[:, 1], color="0.92", zorder=0, label="feasible set")
        front = feasible.sample()
    elif feasible.kind == "transferable":
        s = float(feasible.surplus)
        ref = np.array(pts) if pts else np.array([[0.0, 0.0]])
        lo = float(min(ref[:, 0].min(), s - ref[:, 1].max())) - 1
        hi = float(max(ref[:, 0].max(), s - ref[:, 1].min())) + 1
        front = np.array([[lo, s - lo], [hi, s - hi]])
    else:
        front = feasible.sample(400)
    ax.plot(front[:, 0], front[:, 1], "-", color="0.2", lw=1.6, label="Pareto frontier", zorder=1)
    if threat_outcomes is not None and len(threat_outcomes):
        t = np.asarray(threat_outcomes, dtype=float)
        ax.scatter(t[:, 0], t[:, 1], s=18, color="0.5", marker="x", label="threat outcomes", zorder=2)
    if disagreement is not None:
        d = np.asarray(disagreement, dtype=float)
        ax.scatter([d[0]], [d[1]], s=60, color="black", marker="P", label="disagreement", zorder=4)
    for name, sol in solutions.items():
        u = np.asarray(sol.solution, dtype=float)
        marker, colour = _MARKERS.get(name, ("o", "tab:gray"))
        ax.scatter([u[0]], [u[1]], s=90 if marker == "*" else 55, marker=marker, color=colour,
                   label=f"{name} ({u[0]:.4g}, {u[1]:.4g})", zorder=5, edgecolors="white", linewidths=0.6)
        dd = np.asarray(sol.disagreement, dtype=float)
        if disagreement is None or not np.allclose(dd, np.asarray(disagreement, dtype=float)):
            ax.scatter([dd[0]], [dd[1]], s=30, marker="P", color=colour, zorder=4)
    if actual is not None:
        a = np.asarray(actual, dtype=float)
        ax.scatter([a[0]], [a[1]], s=70, marker="X", color="tab:brown", label=f"actual ({a[0]:.4g}, {a[1]:.4g})",
                   zorder=5)
    ax.set_xlabel(f"{players[0]} payoff")
    ax.set_ylabel(f"{players[1]} payoff")
    ax.set_title(title or "bargaining problem")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    fig.savefig(path, bbox_inches="tight", dpi=120)
    plt.close(fig)
