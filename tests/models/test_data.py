"""The calibration data in ``models/data/`` and the bibliography: provenance, tags that resolve, no outside references.

The per-model checks (a model's defaults equal the data cells they cite, its citations match the
bibliography) are in ``test_contract.py``.
"""

from __future__ import annotations

import csv
import re
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

from gametheory.io.datafiles import parse_date, read_table
from tests.conftest import REPO

DATA = REPO / "models" / "data"
BIBLIOGRAPHY = DATA / "references.toml"
CSVS = sorted(DATA.glob("*.csv"))
TAG = re.compile(r"\b([RL]\d+)\b")
CITED = re.compile(r"\[([RL]\d+)\]")
#: Words that would point a reader outside the repository for a source.
#: (the checkout's parent folder is spelled out at run time, so this file names no path outside the repository)
OUTSIDE = re.compile(r"calibration\.md|" + re.escape(str(REPO.parent) + "/") + r"|\.\./shared|shared/domain|"
                     r"shared/oracles|calibration (section|design|example|file)", re.IGNORECASE)


def bibliography() -> dict[str, dict[str, object]]:
    return tomllib.loads(BIBLIOGRAPHY.read_text(encoding="utf-8"))


def cited_tags() -> dict[str, set[str]]:
    """tag -> the files citing it: [Rn] anywhere, and R/L tags in `source` fields and data `source` columns."""
    out: dict[str, set[str]] = {}

    def add(tag: str, where: Path) -> None:
        out.setdefault(tag, set()).add(str(where.relative_to(REPO)))

    texts = [*sorted((REPO / "models").glob("*.toml")), *sorted((REPO / "models").glob("*.md")),
             *sorted(DATA.glob("*.md")), *sorted((REPO / "papers").glob("**/*.md")), REPO / "README.md"]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for tag in CITED.findall(text):
            add(tag, path)
        if path.suffix == ".toml":
            for params in tomllib.loads(text).get("parameters", {}).values():
                for tag in TAG.findall(str(params.get("source", ""))):
                    add(tag, path)
    for path in CSVS:
        table = read_table(path)
        if "source" in table.header:
            k = table.header.index("source")
            for row in table.rows:
                for tag in TAG.findall(row[k]):
                    add(tag, path)
    return out


def test_bibliography_entries_are_complete() -> None:
    refs = bibliography()
    assert len(refs) >= 120
    for tag, entry in refs.items():
        assert re.fullmatch(r"[RL][1-9]\d*", tag), f"{tag}: tags are R<n> or L<n>"
        assert set(entry) <= {"reference", "url", "date", "secondary", "note"}, tag
        ref = entry.get("reference")
        assert isinstance(ref, str) and len(ref) >= 10, f"{tag}: no reference text"
        url = entry.get("url")
        if url is not None:
            assert isinstance(url, str) and re.match(r"https?://\S+\Z", url), f"{tag}: bad url {url!r}"
        else:
            # a full bibliographic reference: authors, title, venue or publisher, year
            assert re.search(r"\b(1[89]|20)\d\d\b", ref) and ref.count(",") >= 2, f"{tag}: incomplete: {ref}"
        if "date" in entry:
            assert re.match(r"\d{4}", str(entry["date"])), tag


def test_every_cited_tag_resolves() -> None:
    refs = bibliography()
    cited = cited_tags()
    assert {"R19", "R23", "R68", "L31", "L19"} <= set(cited), "the scan finds the tags the models cite"
    missing = {tag: sorted(where) for tag, where in cited.items() if tag not in refs}
    assert not missing, f"tags without a bibliography entry: {missing}"


def test_no_file_points_outside_the_repository() -> None:
    """Models, their documents and data, the notes, the library and the CLI name no outside source."""
    roots = [REPO / "models", REPO / "papers", REPO / "gametheory", REPO / "cli"]
    files = [REPO / "README.md", REPO / "pyproject.toml"]
    for root in roots:
        files += [p for p in root.rglob("*") if p.suffix in {".md", ".py", ".csv", ".toml"}]
    offenders = []
    for path in files:
        if path.suffix == ".toml" and path.parent == REPO / "models":
            continue  # model files: checked per model in test_contract.py (the rebuilds land one by one)
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{k}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_data_file_provenance_and_shape(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = "\n".join(ln for ln in text.splitlines() if ln.startswith("#")).lower()
    for word in ("source", "licence", "retrieved"):
        assert word in header, f"{path.name}: the header comment gives the {word}"
    table = read_table(path)
    assert "source" in table.header and "note" in table.header
    refs = bibliography()
    k = table.header.index("source")
    for row in table.rows:
        tags = TAG.findall(row[k])
        assert tags, f"{path.name}: row {row[0]} names no source tag"
        assert set(tags) <= set(refs), f"{path.name}: row {row[0]}: unknown tag"
    assert path.name in (DATA / "README.md").read_text(encoding="utf-8"), f"{path.name} is not in the README table"
    # the key column identifies a row (dated files: with their text columns, in long form)
    keys = [row[:table.header.index("rate")] if "rate" in table.header else row[0] for row in table.rows]
    assert len({tuple(k) if isinstance(k, list | tuple) else k for k in keys}) == len(keys)
    # numbers are plain decimals: what the data defaults read exactly
    for column in table.header[1:]:
        for row in table.rows:
            cell = row[table.header.index(column)].strip()
            if re.fullmatch(r"[-+]?\d[\d.]*", cell):
                Fraction(cell)


def test_csv_files_are_plain_rfc4180() -> None:
    for path in CSVS:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
        rows = list(csv.reader(lines, strict=True))
        assert len({len(r) for r in rows}) == 1, path.name


def test_holdings_series_are_the_published_figures() -> None:
    """Spot checks against the figures as published (TIC Table 5 [R19]; Japan MOF [R25]; SAFE [R27])."""
    tic = read_table(DATA / "tic_holdings.csv")
    by_date = {r[0]: r for r in tic.rows}
    assert tic.number(by_date["2025-03"], "japan") == Fraction("1130.8")
    assert tic.number(by_date["2025-02"], "china") == Fraction("784.3")
    assert tic.number(by_date["2026-03"], "japan") == Fraction("1191.6")
    dates = [parse_date(r[0]) for r in tic.rows]
    assert dates == sorted(dates)
    official = read_table(DATA / "official_reserves.csv")
    rows = {r[0]: r for r in official.rows}
    assert official.number(rows["2025-02"], "japan_reserves") == Fraction("1253.3")
    assert official.number(rows["2025-03"], "china_fx_reserves") == Fraction("3240.7")
    # official securities are below the TIC total: the total includes private holders
    assert official.number(rows["2025-03"], "japan_reserves_securities") < tic.number(by_date["2025-03"], "japan")


def test_derived_figures_follow_from_their_inputs() -> None:
    """Every row marked derived states its formula; recompute the ones this project relies on."""
    yields = {r[0]: r for r in read_table(DATA / "yield_effects.csv").rows}
    table = read_table(DATA / "yield_effects.csv")
    per = 100 / table.number(yields["kcfed_liquidation_1sd"], "value")
    for stat in ("mean", "low", "high"):
        derived = table.number(yields[f"bp_per_100bn_{stat}"], "value")
        published = table.number(yields[f"kcfed_{stat}"], "value")
        assert abs(derived - published * per) < 1, stat    # rounded to the basis point
    trade = read_table(DATA / "bilateral_trade.csv")
    rows = {r[0]: r for r in trade.rows}
    japan = trade.number(rows["us_imports_from_japan"], "value")
    autos = trade.number(rows["us_imports_from_japan_vehicles_parts"], "value")
    assert trade.number(rows["duty_per_10pp_japan"], "value") == Fraction(1, 10) * japan
    assert trade.number(rows["duty_auto_cut_japan"], "value") == (Fraction("0.275") - Fraction("0.15")) * autos
    for path in CSVS:
        t = read_table(path)
        k = t.header.index("note")
        for row in t.rows:
            if "derived" in row[k]:
                assert ":" in row[k] and any(c.isdigit() for c in row[k]), f"{path.name} {row[0]}: no formula"


def test_tariff_timeline_states_authority_and_the_ruling() -> None:
    t = read_table(DATA / "tariff_timeline.csv")
    col = {c: t.header.index(c) for c in t.header}
    authorities = {r[col["authority"]].split(" (")[0] for r in t.rows}
    assert {"IEEPA", "Sec. 232", "Sec. 122", "countermeasure"} <= authorities
    void = [r for r in t.rows if r[col["status"]] == "void"]
    assert void and all(r[0] == "2026-02-20" and r[col["authority"]].startswith("IEEPA") for r in void)
    assert all(0 <= Fraction(r[col["rate"]]) <= 2 for r in t.rows)
