"""The analyses a report runs; each returns a :class:`Section`, or ``None`` when it does not apply.

Every section uses only the public API of the analysis families, so a report shows what a user would
get from the library. A section that fails is left out with a note rather than sinking the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._plotting import pyplot
from ..games.normal_form import NormalFormGame
from .bargaining import bargaining_section
from .document import Figure, Section, Table
from .format import fmt
from .sensitivity import sensitivity
from .trees import credibility_section, subgame_perfect_section

__all__ = ["SECTIONS", "normal_form_view"]


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
    from ..solvers._solve import solve

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
    if model.kind == "tree":
        text.append("These are the Nash equilibria of the tree's reduced normal form: some rest on plans a player "
                    "would not carry out when the moment came (see the credibility section); the subgame-perfect "
                    "equilibrium above is the one that does not.")
    figures = []
    if outdir is not None and game.num_players == 2:
        fig = _payoff_figure(game, result, outdir / "equilibria.png")
        if fig:
            figures.append(Figure("equilibria.png", f"Payoffs of every pure outcome of the {view} form "
                                                    "and of the equilibria"))
    title = "Nash equilibria of the normal form" if model.kind == "tree" else "Equilibria"
    return Section("equilibria", title, tuple(text),
                   (Table(("#", *game.players, "payoffs", "regret"), tuple(rows)),), tuple(figures),
                   data={"view": view, "method": result.method, "equilibria": result.to_json()["equilibria"],
                         "components": [list(c) for c in result.components]})


def cooperation(model: Any, values: dict[str, Any], outdir: Path | None) -> Section | None:
    """When the best joint outcome is not an equilibrium: how patient must players be to sustain it?"""
    if model.kind not in ("normal", "repeated"):   # an escalation or a bargain is not a repeated stage game
        return None
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
    from ..exceptions import NotSupportedError

    try:
        plt = pyplot()
    except NotSupportedError:
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


#: The analyses, in report order. Each takes (model, values, output folder or None).
SECTIONS: list[tuple[str, Callable[[Any, dict[str, Any], Path | None], Section | None]]] = [
    ("overview", overview),
    ("subgame-perfect equilibrium", subgame_perfect_section),
    ("credibility", credibility_section),
    ("equilibria", equilibria),
    ("cooperation", cooperation),
    ("sensitivity", sensitivity),
    ("bargaining", bargaining_section),
]
