"""Parameter defaults read from data files shipped beside a model file.

A model parameter's ``default`` may be a table naming a cell of a CSV file in the ``data/``
folder next to the model file instead of a number::

    [parameters.holdings]
    default = { data = "tic_holdings", as_of = "2025-03", column = "japan_total" }

    [parameters.elasticity]
    default = { data = "trade_elasticities", row = "fajgelbaum_2020_sigma", column = "value" }

The file is ``data/<data>.csv``: ``data`` is a bare name (letters, digits, underscores), so a
model can read nothing but the files of its own ``data/`` folder (no paths, no ``..``, no
absolute names, no symbolic links out of the folder). Files are read as data: lines starting
with ``#`` are comments (provenance), the first other line is the header, the first column is
the key. Numbers are decimals read exactly (``Fraction``), so a data default is as exact as one
written in the model file.

Two kinds of file:

- **keyed** (first column any name but ``date``): ``row`` names the key; exactly one row must
  have it.
- **dated** (first column ``date``, ``YYYY-MM`` or ``YYYY-MM-DD``, in non-decreasing order):
  ``as_of`` names a date and the value is that of the latest row dated on or before it whose
  cell in ``column`` is not empty (a month means its end: TIC holdings are end-of-month). The
  model-level ``as_of`` (``load_model(path, as_of="2025-12")``, ``--as-of`` on the command
  line) replaces the ``as_of`` of every dated default, which recalibrates the model to that date.

Either kind may add ``where = { column = "text", ... }`` to keep only the rows whose cells
equal those texts (e.g. one partner of a tariff timeline). Every error is a
:class:`~gametheory.exceptions.ModelError` naming the model file, the parameter key and the
data file.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "data").mkdir()
>>> _ = (folder / "data" / "holdings.csv").write_text(
...     "# source: example\\ndate,japan\\n2025-02,1125.9\\n2025-03,1130.8\\n")
>>> ref = {"data": "holdings", "as_of": "2025-03", "column": "japan"}
>>> resolve_default(ref, folder, source="m.toml", key="parameters.h.default")
DataValue(value=Fraction(5654, 5), file='data/holdings.csv', column='japan', row='2025-03')
>>> resolve_default(ref, folder, source="m.toml", key="parameters.h.default", as_of="2025-02").value
Fraction(11259, 10)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..exceptions import ModelError

__all__ = ["DATA_FOLDER", "DataValue", "DataTable", "read_table", "resolve_default", "parse_date"]

#: The folder, next to a model file, that its data defaults may read.
DATA_FOLDER = "data"

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
_MAX_BYTES = 2_000_000        # a calibration table, not a database
_MAX_ROWS = 20_000
_KEYS = {"data", "column", "row", "as_of", "where"}


@dataclass(frozen=True)
class DataValue:
    """A default read from a data file: the value and the cell it came from."""

    value: Fraction
    file: str       # relative to the model file's folder, e.g. "data/tic_holdings.csv"
    column: str
    row: str        # the key, or the date of the row actually used

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description (stable keys)."""
        return {"file": self.file, "column": self.column, "row": self.row}


@dataclass(frozen=True)
class DataTable:
    """A parsed data file: header, rows (tuples of text cells), and whether it is dated."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def dated(self) -> bool:
        """True when the first column is ``date``."""
        return self.header[0] == "date"

    def number(self, row: tuple[str, ...], column: str) -> Fraction | None:
        """The cell as an exact decimal, None when empty (ValueError when not a number)."""
        text = row[self.header.index(column)].strip()
        if not text:
            return None
        if not _DECIMAL.match(text):
            raise ValueError(f"cell {text!r} is not a decimal number")
        return Fraction(text)


def parse_date(text: Any) -> tuple[int, int, int]:
    """``YYYY-MM`` or ``YYYY-MM-DD`` as a sortable (year, month, day); a month means its last day.

    Examples
    --------
    >>> parse_date("2025-03")
    (2025, 3, 31)
    >>> parse_date("2026-02-20")
    (2026, 2, 20)
    """
    m = _DATE.match(text) if isinstance(text, str) else None
    if not m:
        raise ValueError(f"{text!r} is not a date (YYYY-MM or YYYY-MM-DD)")
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else 31
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ValueError(f"{text!r} is not a date (YYYY-MM or YYYY-MM-DD)")
    return (year, month, day)


def data_path(folder: Path, name: str) -> Path:
    """The file ``data/<name>.csv`` under ``folder``; ValueError if ``name`` is not a bare name
    or the file resolves outside the data folder (a symbolic link)."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"data name {name!r} must be a bare name (letters, digits, underscores: "
                         f"a file data/<name>.csv beside the model)")
    base = (folder / DATA_FOLDER).resolve()
    path = (base / f"{name}.csv").resolve()
    if not path.is_relative_to(base):
        raise ValueError(f"data file {name!r} lies outside the model's {DATA_FOLDER}/ folder")
    return path


def read_table(path: Path) -> DataTable:
    """Read and check a data file (cached while the file is unchanged).

    Raises
    ------
    ValueError
        Naming the problem (missing file, header, ragged rows, unsorted or bad dates).
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ValueError(f"no data file {DATA_FOLDER}/{path.name}") from None
    return _read_table(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_table(path: str, _mtime: int, size: int) -> DataTable:
    name = f"{DATA_FOLDER}/{Path(path).name}"
    if size > _MAX_BYTES:
        raise ValueError(f"{name}: larger than {_MAX_BYTES} bytes")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name}: not UTF-8 text ({exc.reason})") from None
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#") and ln.strip()]
    try:
        records = list(csv.reader(io.StringIO("\n".join(lines)), strict=True))
    except csv.Error as exc:
        raise ValueError(f"{name}: not valid CSV ({exc})") from None
    if not records:
        raise ValueError(f"{name}: no header line")
    header = tuple(h.strip() for h in records[0])
    if len(set(header)) != len(header) or not all(header):
        raise ValueError(f"{name}: header must name every column once")
    rows = tuple(tuple(r) for r in records[1:])
    if len(rows) > _MAX_ROWS:
        raise ValueError(f"{name}: more than {_MAX_ROWS} rows")
    for k, r in enumerate(rows):
        if len(r) != len(header):
            raise ValueError(f"{name}: data row {k + 1} has {len(r)} cells, the header {len(header)}")
    table = DataTable(name, header, rows)
    if table.dated:
        last = None
        for k, r in enumerate(rows):
            try:
                d = parse_date(r[0].strip())
            except ValueError as exc:
                raise ValueError(f"{name}: data row {k + 1}: {exc}") from None
            if last is not None and d < last:
                raise ValueError(f"{name}: data row {k + 1}: dates must not decrease ({r[0]})")
            last = d
    return table


def resolve_default(spec: Any, folder: Path | None, *, source: str, key: str,
                    as_of: str | None = None) -> DataValue:
    """The value a data default ``spec`` (the TOML table) names.

    Parameters
    ----------
    spec : dict
        ``{data, column, row | as_of, where?}`` as read from the model file.
    folder : Path or None
        The model file's folder (None for text without a file: data defaults are then refused).
    source, key : str
        The model file's name and the dotted key of the default, for error messages.
    as_of : str, optional
        The model-level date (``YYYY-MM`` or ``YYYY-MM-DD``) replacing the ``as_of`` of a dated default.

    Raises
    ------
    ModelError
        ``"<source>: <key>: <data file>: <problem>"``.
    """
    def error(message: str) -> ModelError:
        return ModelError(f"{source}: {key}: {message}")

    if not isinstance(spec, dict):
        raise error("expected a number or a data table {data, column, row | as_of}")
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise error(f"unknown key {unknown[0]!r} in a data default (allowed: {', '.join(sorted(_KEYS))})")
    for k in ("data", "column"):
        if not isinstance(spec.get(k), str):
            raise error(f"a data default needs {k!r} (a string)")
    for k in ("row", "as_of"):
        if k in spec and not isinstance(spec[k], str):
            raise error(f"{k!r} must be a string (quote it: {k} = \"{spec[k]}\")")
    if ("row" in spec) == ("as_of" in spec):
        raise error("a data default needs exactly one of 'row' (keyed file) and 'as_of' (dated file)")
    if folder is None:
        raise error("data defaults need the model's folder (load the model from its file)")
    try:
        path = data_path(folder, spec["data"])
        table = read_table(path)
    except ValueError as exc:
        raise error(str(exc)) from None
    where = spec.get("where", {})
    if not isinstance(where, dict) or not all(isinstance(v, str) for v in where.values()):
        raise error(f"{table.name}: 'where' must be a table of column = \"text\"")
    column = spec["column"]
    for c in (column, *where):
        if c not in table.header:
            raise error(f"{table.name}: no column {c!r} (columns: {', '.join(table.header)})")
    if column == table.header[0]:
        raise error(f"{table.name}: column {column!r} is the key, not a value")
    rows = [r for r in table.rows if all(r[table.header.index(c)].strip() == v for c, v in where.items())]
    try:
        value, label = _lookup(table, rows, spec, column, as_of)
    except ValueError as exc:
        what = f"column {column!r}" + (f" where {where}" if where else "")
        raise error(f"{table.name}: {what}: {exc}") from None
    return DataValue(value, table.name, column, label)


def _lookup(table: DataTable, rows: list[tuple[str, ...]], spec: dict[str, Any], column: str,
            as_of: str | None) -> tuple[Fraction, str]:
    """(value, row label) of the cell ``spec`` names among ``rows``; ValueError saying why not."""
    if table.dated:
        if "as_of" not in spec:
            raise ValueError("the file is dated (first column 'date'): use as_of, not row")
        parse_date(spec["as_of"])
        target_text = as_of if as_of is not None else spec["as_of"]
        target = parse_date(target_text)
        found = [r for r in rows if parse_date(r[0].strip()) <= target and table.number(r, column) is not None]
        if not found:
            raise ValueError(f"no value dated on or before {target_text}")
        label = found[-1][0].strip()
        same = [r for r in found if r[0].strip() == label]
        if len(same) > 1:
            raise ValueError(f"{len(same)} rows dated {label} (narrow them with 'where')")
    else:
        if "row" not in spec:
            raise ValueError(f"the file is not dated (its first column is {table.header[0]!r}): use row, not as_of")
        same = [r for r in rows if r[0].strip() == spec["row"]]
        if len(same) != 1:
            raise ValueError(f"{'no' if not same else len(same)} rows with {table.header[0]} = {spec['row']!r}")
        label = spec["row"]
    value = table.number(same[0], column)
    if value is None:
        raise ValueError(f"the cell at {label!r} is empty")
    return value, label
