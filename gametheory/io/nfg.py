"""Gambit's strategic-form file format (``.nfg``), payoff and outcome forms.

The format (Gambit manual, "Strategic game (.nfg) file format"): a header
``NFG 1 R "title" { "Player 1" "Player 2" }``, then the strategies either as
counts ``{ 3 2 }`` or labelled ``{ { "a" "b" } { "c" "d" } }``, an optional
comment string, and then either

* the payoff form: one payoff per player for every pure profile, or
* the outcome form: a list of outcomes ``{ "name" p1, p2 }`` followed by one
  outcome index (1-based, 0 for the null outcome) per pure profile.

Profiles are listed with the first player's strategy changing fastest.
Numbers are integers, decimals or rationals (``3/7``); exact rationals are
kept exactly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import FileFormatError, InvalidGameError
from ..games._exact import format_number

if TYPE_CHECKING:
    from ..games.normal_form import NormalFormGame

__all__ = ["read_nfg", "write_nfg", "parse_nfg", "format_nfg"]

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|(?P<word>[^\s{}",]+))', re.S)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?$")
#: Most pure profiles a file may declare; checked on the header, before anything is allocated.
#: Raise it (``gametheory.io.nfg.MAX_PROFILES = ...``) to read larger games.
MAX_PROFILES = 50_000_000


@dataclass
class _Tok:
    kind: str
    text: str
    line: int


class _Lexer:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.toks = list(self._scan(text))
        self.pos = 0

    def _scan(self, text: str) -> Iterator[_Tok]:
        pos, line = 0, 1
        n = len(text)
        while pos < n:
            m = _TOKEN.match(text, pos)
            if m is None:
                if text[pos:].strip() == "":
                    return
                raise FileFormatError(f"{self.source}, line {line}: unreadable text {text[pos:pos + 20]!r}")
            start_line = line + text.count("\n", pos, m.start(m.lastgroup))
            line += text.count("\n", pos, m.end())
            pos = m.end()
            kind = m.lastgroup
            assert kind is not None
            value = m.group(kind)
            if kind == "str":
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            yield _Tok(kind, value, start_line)

    def error(self, msg: str, tok: _Tok | None = None) -> FileFormatError:
        tok = tok if tok is not None else (self.toks[self.pos] if self.pos < len(self.toks) else None)
        where = f"line {tok.line}" if tok else "end of file"
        return FileFormatError(f"{self.source}, {where}: {msg}")

    def peek(self) -> _Tok | None:
        while self.pos < len(self.toks) and self.toks[self.pos].kind == "comma":
            self.pos += 1
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def next(self, kind: str | None = None, what: str = "") -> _Tok:
        tok = self.peek()
        if tok is None:
            raise self.error(f"unexpected end of file, expected {what or kind}")
        if kind is not None and tok.kind != kind:
            raise self.error(f"expected {what or kind}, found {tok.text!r}", tok)
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.next(what=repr(text))
        if tok.text != text or tok.kind == "str":
            raise self.error(f"expected {text!r}, found {tok.text!r}", tok)

    def number(self, what: str) -> Fraction:
        tok = self.next("word", what)
        return self.to_number(tok, what)

    def to_number(self, tok: _Tok, what: str) -> Fraction:
        m = _NUMBER.match(tok.text)
        if not m:
            raise self.error(f"{what} {tok.text!r} is not a number (NaN and infinity are not payoffs)", tok)
        # Refuse numbers beyond double range before Fraction builds a gigantic integer.
        if len(tok.text) > 400 or (m.group(3) and abs(int(m.group(3)[1:])) > 300):
            raise self.error(f"{what} {tok.text[:40]!r} is too large (payoffs must be finite doubles)", tok)
        try:
            if "/" in tok.text:
                num, den = tok.text.split("/")
                return Fraction(num) / Fraction(den)
            return Fraction(tok.text)
        except (ValueError, ZeroDivisionError) as exc:
            raise self.error(f"{what} {tok.text!r} is not a number", tok) from exc

    def strings_block(self, what: str) -> list[str]:
        self.expect("{")
        out = []
        while True:
            tok = self.peek()
            if tok is None:
                raise self.error(f"unterminated list of {what}")
            if tok.kind == "brace" and tok.text == "}":
                self.pos += 1
                return out
            out.append(self.next("str", f"a quoted {what} label").text)


def parse_nfg(text: str, source: str = "<string>") -> NormalFormGame:
    """Parse the text of a ``.nfg`` file.

    Examples
    --------
    >>> g = parse_nfg('NFG 1 R "PD" { "A" "B" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> g.payoffs[0].tolist()
    [[Fraction(3, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(1, 1)]]
    >>> parse_nfg('NFG 1 R "x" { "A" "B" } { 2 2 } 3 3 5', source="bad.nfg")
    Traceback (most recent call last):
    ...
    gametheory.exceptions.FileFormatError: bad.nfg, end of file: 3 payoffs given, expected 8 (2 players x 4 profiles)
    """
    from ..games.normal_form import NormalFormGame

    lx = _Lexer(text, source)
    head = lx.next("word", "'NFG'")
    if head.text != "NFG":
        raise lx.error(f"not an .nfg file: it starts with {head.text!r}, expected 'NFG'", head)
    version = lx.next("word", "the format version")
    if version.text != "1":
        raise lx.error(f"unsupported .nfg version {version.text!r} (only 1)", version)
    prec = lx.next("word", "'R' or 'D'")
    if prec.text not in ("R", "D"):
        raise lx.error(f"expected 'R' or 'D' after the version, found {prec.text!r}", prec)
    title = lx.next("str", "the quoted title").text
    players = lx.strings_block("player")
    if not players:
        raise lx.error("the game has no players")
    # Strategies: counts or labelled lists.
    lx.expect("{")
    strategies: list[list[str]] = []
    tok = lx.peek()
    if tok is not None and tok.kind == "brace" and tok.text == "{":
        for p in players:
            labels = lx.strings_block(f"strategy of {p!r}")
            strategies.append(labels)
        lx.expect("}")
    else:
        declared = 1
        for p in players:
            t = lx.next("word", f"the number of strategies of {p!r}")
            if not t.text.isdigit():
                raise lx.error(f"number of strategies of {p!r} must be a positive integer, found {t.text!r}", t)
            declared *= int(t.text) if len(t.text) <= 18 else MAX_PROFILES + 1
            if declared > MAX_PROFILES:  # refuse from the header, before any label list is built
                shown = f"{declared:,}" if len(t.text) <= 18 else f"{t.text[:12]}... ({len(t.text)} digits)"
                raise lx.error(_too_many(shown), t)
            strategies.append([str(j + 1) for j in range(int(t.text))])
        lx.expect("}")
    if len(strategies) != len(players):
        raise lx.error(f"strategies given for {len(strategies)} players, expected {len(players)}")
    for p, s in zip(players, strategies):
        if not s:
            raise lx.error(f"player {p!r} has no strategies")
    shape = tuple(len(s) for s in strategies)
    n_profiles = int(np.prod(shape, dtype=object))
    if n_profiles > MAX_PROFILES:
        raise lx.error(_too_many(f"{n_profiles:,}"))
    n = len(players)
    tok = lx.peek()
    if tok is not None and tok.kind == "str":  # optional comment
        lx.pos += 1
        tok = lx.peek()
    flat: list[Fraction]
    if tok is not None and tok.kind == "brace" and tok.text == "{":
        flat = _outcome_form(lx, n, n_profiles)
    else:
        flat = []
        while lx.peek() is not None:
            t = lx.next()
            if t.kind != "word":
                raise lx.error(f"expected a payoff, found {t.text!r}", t)
            flat.append(lx.to_number(t, "payoff"))
        if len(flat) != n * n_profiles:
            raise lx.error(f"{len(flat)} payoffs given, expected {n * n_profiles} ({n} players x {n_profiles} profiles)")
    players = _unique_labels(players, [f"Player {i + 1}" for i in range(len(players))])
    strategies = [_unique_labels(s, [str(j + 1) for j in range(len(s))]) for s in strategies]
    # flat is profile-major with player 1 fastest: reshape to (profile, player) then Fortran order.
    arr = np.empty(n * n_profiles, dtype=object)
    arr[:] = flat
    per_profile = arr.reshape(n_profiles, n)
    payoffs = [per_profile[:, i].reshape(shape, order="F") for i in range(n)]
    try:
        return NormalFormGame(payoffs, players=players, strategies=strategies, title=title, exact=True)
    except InvalidGameError as exc:
        raise FileFormatError(f"{source}: {exc}") from exc


def _too_many(count: str) -> str:
    return (f"the header declares {count} pure profiles, more than the limit of {MAX_PROFILES:,} "
            "(raise gametheory.io.nfg.MAX_PROFILES to read larger games)")


def _unique_labels(labels: list[str], defaults: list[str]) -> list[str]:
    """Gambit allows empty and repeated labels; ours must be unique, so fill and number them."""
    out: list[str] = []
    for lab, default in zip(labels, defaults):
        lab = lab if lab.strip() else default
        candidate, k = lab, 2
        while candidate in out:
            candidate = f"{lab} ({k})"
            k += 1
        out.append(candidate)
    return out


def _outcome_form(lx: _Lexer, n: int, n_profiles: int) -> list[Fraction]:
    lx.expect("{")
    outcomes: list[list[Fraction]] = []
    while True:
        tok = lx.peek()
        if tok is None:
            raise lx.error("unterminated list of outcomes")
        if tok.kind == "brace" and tok.text == "}":
            lx.pos += 1
            break
        lx.expect("{")
        lx.next("str", "the quoted outcome name")
        pays = []
        while True:
            t = lx.next(what="a payoff or '}'")
            if t.kind == "brace" and t.text == "}":
                break
            if t.kind != "word":
                raise lx.error(f"expected a payoff, found {t.text!r}", t)
            pays.append(lx.to_number(t, "payoff"))
        if len(pays) != n:
            raise lx.error(f"outcome {len(outcomes) + 1} has {len(pays)} payoffs, expected {n}", tok)
        outcomes.append(pays)
    flat: list[Fraction] = []
    count = 0
    zero = [Fraction(0)] * n
    while lx.peek() is not None:
        t = lx.next()
        if t.kind != "word" or not t.text.isdigit():
            raise lx.error(f"expected an outcome number, found {t.text!r}", t)
        k = int(t.text)
        if k > len(outcomes):
            raise lx.error(f"outcome {k} does not exist (there are {len(outcomes)})", t)
        flat.extend(outcomes[k - 1] if k > 0 else zero)
        count += 1
    if count != n_profiles:
        raise lx.error(f"{count} outcome numbers given, expected one per profile ({n_profiles})")
    return flat


def read_nfg(path: str | os.PathLike[str]) -> NormalFormGame:
    """Read a Gambit ``.nfg`` file.

    Raises
    ------
    FileFormatError
        When the file is malformed; the message names the file and the line.
    OSError
        When the file cannot be read.
    """
    from .._checks import check_path

    p = check_path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{p}: not a text file ({exc.reason})") from exc
    return parse_nfg(text, source=str(p))


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: Any) -> str:
    if isinstance(v, Fraction):
        return format_number(v)
    return repr(float(v))


def format_nfg(game: NormalFormGame, *, form: str = "payoff") -> str:
    """Return the ``.nfg`` text of a game (``form="payoff"`` or ``"outcome"``)."""
    if form not in ("payoff", "outcome"):
        raise ValueError(f"form must be 'payoff' or 'outcome', not {form!r}")
    n = game.num_players
    pays = game.exact_payoff_array if game.is_exact else game.payoff_array
    lines = [f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}", ""]
    lines.append("{ " + "\n".join("{ " + " ".join(_quote(s) for s in labels) + " }" for labels in game.strategies))
    lines.append("}")
    lines.append('""')
    lines.append("")
    # Profiles with player 1 fastest = Fortran order of the profile axes.
    per_profile = np.stack([pays[i].reshape(-1, order="F") for i in range(n)], axis=1)
    if form == "payoff":
        lines.append(" ".join(_num(v) for v in per_profile.ravel()))
    else:
        lines.append("{")
        for k, row in enumerate(per_profile):
            lines.append(f'{{ "" {", ".join(_num(v) for v in row)} }}')
        lines.append("}")
        lines.append(" ".join(str(k + 1) for k in range(len(per_profile))))
    return "\n".join(lines) + "\n"


def write_nfg(game: NormalFormGame, path: str | os.PathLike[str], *, form: str = "payoff") -> None:
    """Write a game to a Gambit ``.nfg`` file (payoff or outcome form)."""
    from .._checks import check_path
    from ..games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        from ..exceptions import InvalidArgumentError

        raise InvalidArgumentError(f"game must be a NormalFormGame, got {type(game).__name__}")
    check_path(path).write_text(format_nfg(game, form=form), encoding="utf-8")
