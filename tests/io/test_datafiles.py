"""Parameter defaults read from data files beside the model: lookup, as-of recalibration, safety, errors."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.exceptions import ModelError, ParameterError
from gametheory.io.datafiles import parse_date, resolve_default
from gametheory.io.scenario import load_model, parse_model

HOLDINGS = """# source: example figures (test data)
date,japan,china,source
2025-01,1079.3,760.8,R18
2025-02,1125.9,,R18
2025-03,1130.8,765.4,R19
2025-12,1185.5,683.5,R19
"""

RATES = """date,imposer,target,rate,authority
2025-04-02,US,China,0.34,IEEPA
2025-04-02,US,Japan,0.24,IEEPA
2025-04-08,US,China,0.84,IEEPA
2025-04-09,US,China,1.25,IEEPA
2025-04-09,US,Japan,0.10,IEEPA
"""

ESTIMATES = """estimate,value,unit
sigma,2.53,1
pass_through,1,share
label,high,text
"""


def model_text(default: str, extra: str = "") -> str:
    return f"""
name = "m"
title = "t"
question = "q"
description = "d"
citations = ["[R19] x"]
players = ["A", "B"]
[parameters.h]
default = {default}
unit = "$bn"
source = "R19"
description = "holdings"
min = 0
{extra}
[game]
kind = "normal"
[game.strategies]
A = ["x", "y"]
B = ["u", "v"]
[game.payoffs]
A = [["h", "0"], ["0", "1"]]
B = [["0", "h"], ["1", "0"]]
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "holdings.csv").write_text(HOLDINGS, encoding="utf-8")
    (tmp_path / "data" / "rates.csv").write_text(RATES, encoding="utf-8")
    (tmp_path / "data" / "estimates.csv").write_text(ESTIMATES, encoding="utf-8")
    return tmp_path


def write_model(folder: Path, default: str, extra: str = "") -> Path:
    path = folder / "m.toml"
    path.write_text(model_text(default, extra), encoding="utf-8")
    return path


DATED = '{ data = "holdings", as_of = "2025-03", column = "japan" }'


def test_dated_default_is_the_exact_decimal_of_the_file(folder: Path) -> None:
    m = load_model(write_model(folder, DATED))
    p = m.parameter("h")
    assert p.default == Fraction("1130.8") and isinstance(p.default, Fraction)
    assert (p.data.file, p.data.column, p.data.row) == ("data/holdings.csv", "japan", "2025-03")
    assert m.as_of is None
    game = m.build()
    assert game.is_exact and game.payoffs[0][0, 0] == Fraction("1130.8")
    assert m.to_json()["parameters"][0]["data"] == {"file": "data/holdings.csv", "column": "japan",
                                                    "row": "2025-03"}


@pytest.mark.parametrize(("as_of", "row", "value"), [
    ("2025-12", "2025-12", "1185.5"),
    ("2026-03", "2025-12", "1185.5"),      # the latest row on or before the date
    ("2025-06", "2025-03", "1130.8"),
    ("2025-02", "2025-02", "1125.9"),
    ("2025-03-15", "2025-02", "1125.9"),  # a month is its end: March's figure is not out on the 15th
    ("2025-03-31", "2025-03", "1130.8"),
])
def test_as_of_recalibrates_dated_defaults(folder: Path, as_of: str, row: str, value: str) -> None:
    m = load_model(write_model(folder, DATED), as_of=as_of)
    assert m.parameter("h").default == Fraction(value)
    assert m.parameter("h").data.row == row
    assert m.as_of == as_of and m.to_json()["as_of"] == as_of


def test_as_of_skips_empty_cells(folder: Path) -> None:
    china = '{ data = "holdings", as_of = "2025-03", column = "china" }'
    m = load_model(write_model(folder, china), as_of="2025-02")
    assert m.parameter("h").default == Fraction("760.8") and m.parameter("h").data.row == "2025-01"


def test_as_of_before_the_series_is_an_error_naming_file_and_key(folder: Path) -> None:
    with pytest.raises(ModelError, match=r"m\.toml: parameters\.h\.default: data/holdings\.csv: column "
                                         r"'japan': no value dated on or before 2024-12"):
        load_model(write_model(folder, DATED), as_of="2024-12")


def test_as_of_must_be_a_date(folder: Path) -> None:
    with pytest.raises(ParameterError, match=r"as_of: '2025-13' is not a date"):
        load_model(write_model(folder, DATED), as_of="2025-13")


def test_recalibrated_default_must_keep_its_bounds(folder: Path) -> None:
    path = write_model(folder, DATED, "max = 1150")
    assert load_model(path).parameter("h").default == Fraction("1130.8")
    with pytest.raises(ParameterError, match=r"parameters\.h: value 1185\.5 is above its maximum 1150"):
        load_model(path, as_of="2025-12")


def test_where_selects_rows_of_a_timeline(folder: Path) -> None:
    china = '{ data = "rates", as_of = "2025-04-08", column = "rate", where = { target = "China" } }'
    assert load_model(write_model(folder, china)).parameter("h").default == Fraction("0.84")
    assert load_model(write_model(folder, china), as_of="2025-04").parameter("h").default == Fraction("1.25")
    japan = '{ data = "rates", as_of = "2025-04-30", column = "rate", where = { target = "Japan" } }'
    assert load_model(write_model(folder, japan)).parameter("h").default == Fraction("0.1")


def test_rows_on_one_date_must_be_told_apart(folder: Path) -> None:
    both = '{ data = "rates", as_of = "2025-04-02", column = "rate" }'
    with pytest.raises(ModelError, match=r"2 rows dated 2025-04-02 \(narrow them with 'where'\)"):
        load_model(write_model(folder, both))


def test_keyed_default_and_its_errors(folder: Path) -> None:
    sigma = '{ data = "estimates", row = "sigma", column = "value" }'
    m = load_model(write_model(folder, sigma), as_of="2025-12")  # as_of leaves keyed files alone
    assert m.parameter("h").default == Fraction("2.53")
    for default, message in [
        ('{ data = "estimates", row = "kappa", column = "value" }', r"no rows with estimate = 'kappa'"),
        ('{ data = "estimates", row = "label", column = "value" }', r"cell 'high' is not a decimal number"),
        ('{ data = "estimates", row = "sigma", column = "nope" }', r"no column 'nope' \(columns: estimate, value, unit\)"),
        ('{ data = "estimates", as_of = "2025-01", column = "value" }', r"not dated .*use row, not as_of"),
        ('{ data = "holdings", row = "2025-01", column = "japan" }', r"dated .*use as_of, not row"),
        ('{ data = "estimates", row = "sigma", column = "estimate" }', r"column 'estimate' is the key"),
        ('{ data = "estimates", column = "value" }', r"exactly one of 'row' \(keyed file\) and 'as_of'"),
        ('{ data = "estimates", row = 3, column = "value" }', r"'row' must be a string"),
        ('{ data = "estimates", row = "sigma", column = "value", sheet = 1 }', r"unknown key 'sheet'"),
        ('{ data = "missing", row = "sigma", column = "value" }', r"no data file data/missing\.csv"),
    ]:
        with pytest.raises(ModelError, match=r"m\.toml: parameters\.h\.default: .*" + message):
            load_model(write_model(folder, default))


@pytest.mark.parametrize("name", ["../secret", "/etc/passwd", "data/holdings", "holdings.csv", "..", "", "a b"])
def test_data_names_cannot_leave_the_data_folder(folder: Path, name: str) -> None:
    default = f'{{ data = "{name}", row = "x", column = "value" }}'
    with pytest.raises(ModelError, match=r"m\.toml: parameters\.h\.default: data name .* must be a bare name"):
        load_model(write_model(folder, default))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symbolic_link_out_of_the_data_folder_is_refused(folder: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path_factory.mktemp("outside") / "secret.csv"
    outside.write_text("estimate,value\nsigma,99\n", encoding="utf-8")
    (folder / "data" / "leak.csv").symlink_to(outside)
    default = '{ data = "leak", row = "sigma", column = "value" }'
    with pytest.raises(ModelError, match=r"data file 'leak' lies outside the model's data/ folder"):
        load_model(write_model(folder, default))


def test_text_without_a_folder_refuses_data_defaults(folder: Path) -> None:
    with pytest.raises(ModelError, match=r"data defaults need the model's folder"):
        parse_model(model_text(DATED), source="m.toml")
    assert parse_model(model_text(DATED), source="m.toml", folder=folder).parameter("h").default == Fraction("1130.8")


@pytest.mark.parametrize(("content", "message"), [
    ("date,japan\n2025-03,1\n2025-02,2\n", r"data row 2: dates must not decrease"),
    ("date,japan\n2025-3,1\n", r"data row 1: '2025-3' is not a date"),
    ("date,japan\n2025-03,1,2\n", r"data row 1 has 3 cells, the header 2"),
    ("date,date\n2025-03,1\n", r"header must name every column once"),
    ("# only comments\n", r"no header line"),
    ('date,japan\n2025-03,"1\n', r"not valid CSV"),
])
def test_malformed_files_are_errors_naming_the_file(folder: Path, content: str, message: str) -> None:
    (folder / "data" / "holdings.csv").write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=r"m\.toml: parameters\.h\.default: data/holdings\.csv: " + message):
        load_model(write_model(folder, DATED))


def test_the_file_is_reread_when_it_changes(folder: Path) -> None:
    path = write_model(folder, DATED)
    assert load_model(path).parameter("h").default == Fraction("1130.8")
    (folder / "data" / "holdings.csv").write_text("date,japan\n2025-03,1000.25\n", encoding="utf-8")
    assert load_model(path).parameter("h").default == Fraction("1000.25")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(2000, 2030), st.integers(1, 12),
                          st.decimals(0, 10_000, places=2, allow_nan=False)), min_size=1, max_size=12),
       st.integers(2000, 2030), st.integers(1, 12))
def test_as_of_picks_the_latest_row_not_after_the_date(rows, year, month) -> None:  # type: ignore[no-untyped-def]
    """Against a direct reading: the value of the last row (in date order) whose month is not after as_of."""
    import tempfile

    rows = sorted({(y, m): v for y, m, v in rows}.items())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "data").mkdir()
        (folder / "data" / "s.csv").write_text(
            "date,x\n" + "".join(f"{y:04d}-{m:02d},{v}\n" for (y, m), v in rows), encoding="utf-8")
        spec = {"data": "s", "as_of": "2000-01", "column": "x"}
        before = [v for (y, m), v in rows if (y, m) <= (year, month)]
        as_of = f"{year:04d}-{month:02d}"
        if not before:
            with pytest.raises(ModelError, match="no value dated on or before"):
                resolve_default(spec, folder, source="m.toml", key="k", as_of=as_of)
        else:
            got = resolve_default(spec, folder, source="m.toml", key="k", as_of=as_of)
            assert got.value == Fraction(str(before[-1]))


def test_parse_date_orders_months_after_their_days() -> None:
    assert parse_date("2025-02-28") < parse_date("2025-02") < parse_date("2025-03-01")
    for bad in ("2025", "2025-00", "25-01", "2025-01-32", 202501):
        with pytest.raises(ValueError, match="is not a date"):
            parse_date(bad)
