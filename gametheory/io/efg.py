"""Gambit ``.efg`` (extensive form, version 2) read and write.

Examples
--------
>>> text = '''EFG 2 R "entry" { "E" "I" }
... ""
... p "" 1 1 "" { "Out" "In" } 0
... t "" 1 "out" { 0, 2 }
... p "" 2 1 "" { "Fight" "Accommodate" } 0
... t "" 2 "fight" { -1, -1 }
... t "" 3 "acc" { 1, 1 }
... '''
>>> tree = parse_efg(text)
>>> tree.players, tree.actions(tree.root)
(('E', 'I'), ('Out', 'In'))
>>> parse_efg(format_efg(tree)).history(tree.nodes("terminal")[-1])
('In', 'Accommodate')
"""

from __future__ import annotations

import os
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from gametheory.exceptions import FileFormatError, GameTheoryError
from gametheory.games.tree import DECISION, TERMINAL, GameTree

__all__ = ["read_efg", "write_efg", "parse_efg", "format_efg"]

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}])|([^\s{},"]+)|,|\s+', re.S)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:
            out.append(("str", m.group(1).replace('\\"', '"')))
        elif m.group(2):
            out.append((m.group(2), m.group(2)))
        elif m.group(3):
            out.append(("word", m.group(3)))
    return out


def _whole(tok: str, where: str) -> int:
    try:
        return int(tok)
    except ValueError:
        raise FileFormatError(f"{where}: not a whole number: {tok!r}") from None


def _number(tok: str, where: str) -> Fraction:
    # Beyond the double range before Fraction builds the integer (1e99999999 would take minutes).
    exponent = re.search(r"[eE]([+-]?\d+)$", tok.split("/")[0])
    if len(tok) > 400 or (exponent is not None and abs(int(exponent.group(1)[:6])) > 300):
        raise FileFormatError(f"{where}: {tok[:40]!r} is too large (payoffs must be finite doubles)")
    try:
        return Fraction(tok)
    except (ValueError, ZeroDivisionError) as exc:
        raise FileFormatError(f"{where}: not a number: {tok!r}") from exc


#: Most nodes a tree read from a file may have, unless raised (keyword ``max_nodes`` or the environment
#: variable ``GAMETHEORY_MAX_TREE_NODES``). A million nodes take about 1 GB as a networkx graph.
MAX_TREE_NODES = 1_000_000


def _node_limit(max_nodes: int | None) -> int:
    if max_nodes is not None:
        return int(max_nodes)
    env = os.environ.get("GAMETHEORY_MAX_TREE_NODES")
    if env:
        try:
            return int(env)
        except ValueError:
            raise FileFormatError(f"GAMETHEORY_MAX_TREE_NODES must be a whole number, got {env!r}") from None
    return MAX_TREE_NODES


def parse_efg(text: str, source: str = "<string>", *, max_nodes: int | None = None) -> GameTree:
    """Parse the text of a Gambit ``.efg`` file into a :class:`GameTree`.

    Parameters
    ----------
    text : str
        The file's text.
    source : str
        Named in error messages.
    max_nodes : int, optional
        Refuse trees with more nodes (default :data:`MAX_TREE_NODES`, or the environment variable
        ``GAMETHEORY_MAX_TREE_NODES``). Checked while reading, before the nodes are built.

    Raises
    ------
    FileFormatError
        On malformed text, or a tree over the node limit.
    """
    limit = _node_limit(max_nodes)
    try:
        return _parse_efg(text, source, limit)
    except GameTheoryError:
        raise
    except (IndexError, ValueError) as exc:  # a token missing (truncated file) or not an integer
        raise FileFormatError(f"{source}: truncated or malformed file ({type(exc).__name__}: {exc})") from None


def _parse_efg(text: str, source: str, limit: int) -> GameTree:
    toks = _tokens(text)
    pos = 0

    def take(kind: str | None = None) -> str:
        nonlocal pos
        if pos >= len(toks):
            raise FileFormatError(f"{source}: unexpected end of file")
        k, v = toks[pos]
        if kind is not None and k != kind:
            raise FileFormatError(f"{source}: expected {kind}, got {v!r} (token {pos})")
        pos += 1
        return v

    if take("word") != "EFG" or take("word") != "2" or take("word") not in ("R", "D"):
        raise FileFormatError(f"{source}: not an EFG version 2 file")
    title = take("str")
    take("{")
    players = []
    while pos < len(toks) and toks[pos][0] == "str":
        players.append(take("str"))
    take("}")
    if pos < len(toks) and toks[pos][0] == "str":
        take("str")  # comment
    tree = GameTree(players or ["Player 1"], title=title)
    outcomes: dict[int, tuple] = {}
    counter = 0
    stack: list[list[Any]] = []  # [node, remaining (action, prob) list]
    declared: dict[tuple[int, int], list[tuple[str, Any]]] = {}  # (player or 0 for chance, infoset): actions

    def read_outcome() -> tuple | None:
        nonlocal pos
        num = _whole(take("word"), source)
        pay = None
        if pos < len(toks) and toks[pos][0] == "str" and pos + 1 < len(toks) and toks[pos + 1][0] == "{":
            take("str")
            take("{")
            vals = []
            while toks[pos][0] != "}":
                vals.append(_number(take("word"), source))
            take("}")
            pay = tuple(vals)
            if num:
                outcomes[num] = pay
        if num and pay is None:
            pay = outcomes.get(num)
            if pay is None:
                raise FileFormatError(f"{source}: outcome {num} used before its payoffs are given")
        return pay if num else None

    while pos < len(toks):
        kind = take("word")
        name = take("str")
        counter += 1
        if counter > limit:
            raise FileFormatError(
                f"{source}: the tree has more than {limit:,} nodes, the limit for trees read from a file; raise "
                "it with max_nodes=N or the environment variable GAMETHEORY_MAX_TREE_NODES")
        node = f"{counter}" if not name else f"{counter}:{name}"
        if stack:
            parent, rest, acc = stack[-1]
            action, prob = rest.pop(0)
            if not rest:
                stack.pop()
        else:
            parent, action, prob, acc = None, None, None, (Fraction(0),) * len(players)
        if kind == "t":
            pay = read_outcome()
            # payoffs of outcomes at non-terminal nodes accumulate along the path (Gambit semantics)
            pay = tuple(a + b for a, b in zip(acc, pay or (Fraction(0),) * len(players)))
            tree.add_terminal(node, pay, parent, action, prob)
        elif kind in ("p", "c"):
            if kind == "p":
                pl = _whole(take("word"), source)
                iset = _whole(take("word"), source)
            else:
                iset = _whole(take("word"), source)
            if pos < len(toks) and toks[pos][0] == "str":
                take("str")  # the information set's name
            key = (pl if kind == "p" else 0, iset)
            if pos < len(toks) and toks[pos][0] == "{":
                take("{")
                acts: list[tuple[str, Any]] = []
                while toks[pos][0] != "}":
                    a = take("str")
                    p = _number(take("word"), source) if kind == "c" else None
                    acts.append((a, p))
                take("}")
                declared.setdefault(key, list(acts))
            elif key in declared:
                # Gambit lists an information set's actions (and chance probabilities) at its first node
                # only; later members may omit them.
                acts = list(declared[key])
            else:
                raise FileFormatError(f"{source}: node {node}: information set {iset} has no actions listed")
            pay = read_outcome()
            if pay is not None:
                acc = tuple(a + b for a, b in zip(acc, pay))
            acts = _distinct_labels(acts)
            if kind == "p":
                if not 1 <= pl <= len(players):
                    raise FileFormatError(f"{source}: node {node}: unknown player {pl}")
                tree.add_decision(node, players[pl - 1], parent, action, infoset=iset, probability=prob)
            else:
                tree.add_chance(node, parent, action, prob)
            stack.append([node, acts, acc])
        else:
            raise FileFormatError(f"{source}: unknown node type {kind!r}")
    if stack:
        raise FileFormatError(f"{source}: the file ends before every action has a subtree")
    return tree


def _distinct_labels(acts: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Gambit's own relabelling of blank or repeated action labels (ours must be distinct): the members
    of each such group become ``label_1``, ``label_2``, ... in order, skipping names already in use,
    as pygambit reads (and writes) them."""
    labels = [a for a, _ in acts]
    if len(set(labels)) == len(labels) and all(labels):
        return acts
    taken = set(labels)
    counters: dict[str, int] = {}
    out = []
    for a, p in acts:
        if a and labels.count(a) == 1:
            out.append((a, p))
            continue
        n = counters.get(a, 0) + 1
        while f"{a}_{n}" in taken:
            n += 1
        counters[a] = n
        taken.add(f"{a}_{n}")
        out.append((f"{a}_{n}", p))
    return out


def read_efg(path: str | Path, *, max_nodes: int | None = None) -> GameTree:
    """Read a Gambit ``.efg`` file (at most ``max_nodes`` nodes: see :func:`parse_efg`)."""
    path = Path(path)
    return parse_efg(path.read_text(encoding="utf-8"), source=str(path), max_nodes=max_nodes)


def _fmt(v: Any) -> str:
    return str(v) if not isinstance(v, float) else repr(v)


def format_efg(tree: GameTree) -> str:
    """The text of ``tree`` as a Gambit ``.efg`` file (numeric trees)."""
    def q(s: Any) -> str:
        # Gambit labels: printable ASCII, single spaces, no leading/trailing space
        text = " ".join(str(s).split())
        return '"' + text.replace('"', '\\"') + '"'

    lines = [f"EFG 2 R {q(tree.title)} {{ {' '.join(q(p) for p in tree.players)} }}", '""', ""]
    isets: dict = {}
    outcome = 0
    stack = [tree.root]  # depth first, children in order (an explicit stack: no depth limit)
    while stack:
        node = stack.pop()
        kind = tree.kind(node)
        if kind == TERMINAL:
            outcome += 1
            pays = ", ".join(_fmt(v) for v in tree.payoffs(node))
            lines.append(f't "" {outcome} "" {{ {pays} }}')
            continue
        acts = tree.actions(node)
        if kind == DECISION:
            pl = tree.player(node)
            key = tree.graph.nodes[node]["infoset"]
            per = isets.setdefault(pl, {})
            num = per.setdefault(key, len(per) + 1)
            lines.append(f'p "" {tree.players.index(pl) + 1} {num} "" {{ {" ".join(q(a) for a in acts)} }} 0')
        else:
            key = ("chance", node)
            per = isets.setdefault(None, {})
            num = per.setdefault(key, len(per) + 1)
            probs = [tree.probability(node, c) for c in tree.children(node)]
            texts = [_fmt(p) for p in probs]
            if any(isinstance(p, float) for p in probs):
                # decimals of floats summing to one need not sum to one when read back exactly: the last
                # probability is written as the exact rational remainder
                rest = 1 - sum(Fraction(t) for t in texts[:-1])
                texts[-1] = str(rest)
            body = " ".join(f"{q(a)} {t}" for a, t in zip(acts, texts))
            lines.append(f'c "" {num} "" {{ {body} }} 0')
        stack.extend(reversed(tree.children(node)))
    return "\n".join(lines) + "\n"


def write_efg(tree: GameTree, path: str | Path) -> None:
    """Write ``tree`` to a Gambit ``.efg`` file."""
    Path(path).write_text(format_efg(tree), encoding="utf-8")
