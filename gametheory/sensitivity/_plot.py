"""Regime maps of parameter sweeps and bar charts of Sobol' indices (matplotlib, optional: the ``plot`` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._plotting import pyplot
from ..exceptions import NotSupportedError

if TYPE_CHECKING:  # pragma: no cover
    from ._sweep import SweepResult


def regime_map(result: SweepResult, path: str | Path, *, title: str | None = None,
               mark: Sequence[float] | None = None) -> None:
    """Save a labelled regime map of a one- or two-parameter sweep; ``mark`` draws a point (e.g. today's values)."""
    if len(result.params) > 2:
        raise NotSupportedError("a regime map shows one or two swept parameters; this sweep has three")
    plt = pyplot()
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    k = len(result.regimes)
    colours = plt.get_cmap("tab20" if k > 10 else "tab10")(np.arange(k) % 20)
    cmap = ListedColormap(colours)
    fig, ax = plt.subplots(figsize=(8, 5.5 if len(result.params) == 2 else 3.0))
    x = result.axes[0]
    if len(result.params) == 1:
        y = np.array([0.0, 1.0])
        data = np.tile(result.regime[None, :], (2, 1))
        ax.set_yticks([])
    else:
        y = result.axes[1]
        data = result.regime.T
        ax.set_ylabel(result.params[1])
    ax.pcolormesh(x, y, data, cmap=cmap, vmin=-0.5, vmax=k - 0.5, shading="nearest")
    ax.set_xlabel(result.params[0])
    ax.set_title(title or "equilibrium regimes")
    handles = [Patch(color=colours[i], label=r) for i, r in enumerate(result.regimes)]
    if mark is not None:
        point = (float(mark[0]), float(mark[1]) if len(result.params) == 2 else 0.5)
        handles.append(ax.plot(*point, marker="*", color="white", markeredgecolor="black", markersize=16,
                               linestyle="none", label="today's values")[0])
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize=7, frameon=False)
    fig.savefig(path, bbox_inches="tight", dpi=120)
    plt.close(fig)


def sobol_bars(result: Any, path: str | Path, *, title: str | None = None) -> None:
    """Save a tornado chart of a robustness result's Sobol' indices (first order and total, per parameter)."""
    if not result.drivers:
        raise NotSupportedError(f"no sensitivity indices to plot ({result.drivers_output or 'no outcome'})")
    plt = pyplot()
    drivers = list(reversed(result.drivers))          # largest total index at the top
    y = np.arange(len(drivers))
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.35 * len(drivers)))
    ax.barh(y + 0.2, [d.total_order for d in drivers], height=0.4, color="tab:blue", label="total order")
    ax.barh(y - 0.2, [d.first_order for d in drivers], height=0.4, color="tab:orange", label="first order")
    ax.set_yticks(y, [d.param for d in drivers])
    ax.set_xlabel("Sobol' index")
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.set_title(title or f"{result.model}: what decides it")
    ax.text(0.0, -0.08 - 0.6 / (1.2 + 0.35 * len(drivers)), f"output: {result.drivers_output}; "
            f"{result.samples} draws ({result.method}), {result.evaluations} evaluations",
            transform=ax.transAxes, fontsize=7, va="top")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    fig.savefig(path, bbox_inches="tight", dpi=120)
    plt.close(fig)
