"""Drawings of game trees with matplotlib (optional: the ``plot`` extra).

The layout is a tidy layered one computed here (no graphviz): leaves are spaced
evenly in depth-first order, each parent is centred over its children, and
depth runs downwards. Decision nodes show their player, chance nodes a "C",
edges their action (and probability, for chance), leaves their payoffs;
information sets are dashed links between their members; the equilibrium play
is drawn thick in the highlight colour. The figure grows with the number of
leaves, so trees of ~60 leaves stay legible.

Every edge line carries ``gid = "edge:<parent>-><child>"`` and every
information-set link ``gid = "infoset:<label>"``, so drawings can be inspected.

Examples
--------
>>> from gametheory.games.tree import GameTree
>>> t = GameTree(["E", "I"])
>>> t.add_decision("r", "E"); t.add_terminal("o", (0, 2), "r", "Out")
>>> t.add_decision("i", "I", "r", "In")
>>> t.add_terminal("f", (-1, -1), "i", "Fight"); t.add_terminal("a", (1, 1), "i", "Accommodate")
>>> ax = draw_tree(t, path=["In", "Accommodate"])
>>> [ln.get_gid() for ln in ax.lines if ln.get_linewidth() > 2]
['edge:r->i', 'edge:i->a']
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping

from gametheory.exceptions import NotSupportedError
from gametheory.games.tree import CHANCE, DECISION, TERMINAL, GameTree

__all__ = ["draw_tree", "save_tree", "tree_layout", "highlighted_edges"]

FORMATS = ("png", "svg")
_INFOSET_COLOURS = ("tab:blue", "tab:green", "tab:purple", "tab:orange", "tab:brown", "tab:cyan")


def _matplotlib() -> Any:
    try:
        import matplotlib  # noqa: F401
        from matplotlib.figure import Figure
    except ImportError:
        raise NotSupportedError("drawing trees needs matplotlib: pip install 'gametheory[plot]'") from None
    return Figure


def tree_layout(tree: GameTree) -> dict:
    """``{node: (x, y)}``: leaves at x = 0, 1, 2, ... in depth-first order, parents centred, y = -depth.

    Examples
    --------
    >>> from gametheory.games.tree import GameTree
    >>> t = GameTree(["A"]); t.add_decision("r", "A")
    >>> for a in "xyz": t.add_terminal(a, (0,), "r", a)
    >>> tree_layout(t)
    {'x': (0.0, -1.0), 'y': (1.0, -1.0), 'z': (2.0, -1.0), 'r': (1.0, 0.0)}
    """
    pos: dict = {}
    succ = tree.graph.succ
    leaf = 0
    # iterative post-order: children placed before their parent
    stack: list[tuple[Hashable, int, bool]] = [(tree.root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        kids = list(succ[node])
        if not kids:
            pos[node] = (float(leaf), -float(depth) + 0.0)
            leaf += 1
        elif done:
            pos[node] = ((pos[kids[0]][0] + pos[kids[-1]][0]) / 2, -float(depth) + 0.0)
        else:
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in reversed(kids))
    return pos


def highlighted_edges(tree: GameTree, path: Iterable[str] | Mapping | None) -> set:
    """Edges to highlight: along a sequence of action labels from the root, or, for a strategy
    (``{decision node: action | {action: p} | "*"}``), every edge played with positive probability."""
    if path is None:
        return set()
    out: set = set()
    if isinstance(path, Mapping):
        stack = [tree.root]
        while stack:
            n = stack.pop()
            kind = tree.kind(n)
            if kind == TERMINAL:
                continue
            for c in tree.children(n):
                action = tree.graph.edges[n, c]["action"]
                if kind == CHANCE:
                    on = tree.probability(n, c) != 0
                else:
                    choice = path.get(n)
                    on = (choice == action) if isinstance(choice, str) else \
                        bool(choice) and choice.get(action, 0) != 0
                if on:
                    out.add((n, c))
                    stack.append(c)
        return out
    from gametheory.io.tree_export import path_edges

    return path_edges(tree, path)


def _fmt(v: Any) -> str:
    """Short labels: integers and small fractions exactly (1/4), long fractions and floats to 4 digits."""
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        return f"{v.numerator}/{v.denominator}" if v.denominator <= 12 and abs(v.numerator) < 100 else f"{float(v):.4g}"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def draw_tree(tree: GameTree, path: Iterable[str] | Mapping | None = None, ax: Any = None,
              highlight: str = "crimson", title: str | None = None) -> Any:
    """Draw ``tree`` on a matplotlib Axes (a new figure sized to the tree when ``ax`` is None).

    Parameters
    ----------
    tree : GameTree
    path : sequence of str or mapping, optional
        Action labels from the root, or an equilibrium strategy (``"strategy"`` of a
        subgame-perfect result): the play it describes is highlighted.
    ax : matplotlib Axes, optional
    highlight : str
        Colour of the highlighted play.
    title : str, optional
        Defaults to the tree's title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    Figure = _matplotlib()
    pos = tree_layout(tree)
    n_leaves = sum(1 for n in tree.graph if tree.graph.out_degree(n) == 0)
    depth = int(-min(y for _, y in pos.values()))
    crowded = n_leaves > 16
    if ax is None:
        fig = Figure(figsize=(max(6.0, 0.75 * n_leaves + 1), max(3.5, 1.5 * depth + 2)))
        ax = fig.add_subplot()
    size = 9 if not crowded else 7
    hot = highlighted_edges(tree, path)
    g = tree.graph
    for u, v in g.edges:
        (x0, y0), (x1, y1) = pos[u], pos[v]
        on = (u, v) in hot
        ax.plot([x0, x1], [y0, y1], color=highlight if on else "0.45", linewidth=2.8 if on else 1.0,
                zorder=2 if on else 1, gid=f"edge:{u}->{v}")
        d = g.edges[u, v]
        # narrow labels when leaves are close together or the label is long
        sep = "\n" if crowded or len(d["action"]) > 5 else " "
        label = d["action"] + (f"{sep}({_fmt(d['probability'])})" if "probability" in d else "")
        t = 0.72 if crowded else 0.6  # nearer the child, where siblings are further apart
        ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), label, fontsize=size - 1,
                ha="center", va="center", color=highlight if on else "0.15", zorder=4,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    shared = [(key, members) for key, members in tree.infosets().items() if len(members) > 1]
    for k, (key, members) in enumerate(shared):
        # a dashed arc below the members, one colour and depth of bow per set, so sets stay apart
        pts = sorted(pos[m] for m in members)
        xs, ys = [], []
        bow = 0.10 + 0.06 * (k % 4)
        for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
            for j in range(21):
                t = j / 20
                xs.append(xa + t * (xb - xa))
                ys.append(ya + t * (yb - ya) - bow * 4 * t * (1 - t))
        ax.plot(xs, ys, linestyle="--", color=_INFOSET_COLOURS[k % len(_INFOSET_COLOURS)],
                linewidth=1.3, zorder=3, gid=f"infoset:{key[1]}")
    for n, (x, y) in pos.items():
        kind = g.nodes[n]["kind"]
        if kind == DECISION:
            ax.text(x, y, g.nodes[n]["player"], fontsize=size, ha="center", va="center", zorder=5,
                    bbox={"boxstyle": "round,pad=0.3", "fc": "#fdf6e3", "ec": "0.2"})
        elif kind == CHANCE:
            ax.text(x, y, "C", fontsize=size, ha="center", va="center", zorder=5,
                    bbox={"boxstyle": "square,pad=0.3", "fc": "#e8e8e8", "ec": "0.2"})
        else:
            # one payoff per line (players in order): narrow enough for neighbouring leaves
            pays = "\n".join(_fmt(v) for v in g.nodes[n]["payoffs"])
            ax.text(x, y - 0.08, pays, fontsize=size - 1, ha="center", va="top", zorder=5, linespacing=1.1)
    ax.set_xlim(-0.8, max(n_leaves - 1, 0) + 0.8)
    ax.set_ylim(-depth - 0.25 - 0.22 * len(tree.players), 0.5)
    ax.set_axis_off()
    heading = tree.title if title is None else title
    players = ", ".join(tree.players)
    ax.set_title(f"{heading}\n(payoffs listed in player order: {players})" if heading
                 else f"payoffs listed in player order: {players}", fontsize=size + 1)
    return ax


def save_tree(tree: GameTree, file: str | Path, path: Iterable[str] | Mapping | None = None,
              highlight: str = "crimson", title: str | None = None) -> Path:
    """Draw ``tree`` and write it as PNG or SVG (chosen by the file's suffix); returns the path.

    SVG keeps text as text, so labels stay searchable.
    """
    file = Path(file)
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise NotSupportedError(f"{file}: tree drawings are written as .png or .svg, not {file.suffix or '(none)'}")
    _matplotlib()
    import matplotlib

    ax = draw_tree(tree, path=path, highlight=highlight, title=title)
    fig = ax.figure
    fig.tight_layout()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(file, format=fmt, dpi=120)
    return file
