"""Reading ACLED exports: the current 31-column format and the older upper-case one.

Rows come out keyed by ACLED's current column names with typed values (dates, ints, floats,
None for blanks), so the rest of Sentinelle sees one schema whatever the export's vintage.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

from sentinelle.errors import InputError
from sentinelle.store.acled import ACLED_COLUMNS, SUB_EVENT_TYPES

# Columns of the older export (ACLED All-Africa files up to 2017) and their current names.
LEGACY_COLUMNS: Final = {
    "EVENT_ID_CNTY": "event_id_cnty",
    "EVENT_DATE": "event_date",
    "YEAR": "year",
    "TIME_PRECISION": "time_precision",
    "EVENT_TYPE": "event_type",
    "ACTOR1": "actor1",
    "ALLY_ACTOR_1": "assoc_actor_1",
    "INTER1": "inter1",
    "ACTOR2": "actor2",
    "ALLY_ACTOR_2": "assoc_actor_2",
    "INTER2": "inter2",
    "INTERACTION": "interaction",
    "COUNTRY": "country",
    "ADMIN1": "admin1",
    "ADMIN2": "admin2",
    "ADMIN3": "admin3",
    "LOCATION": "location",
    "LATITUDE": "latitude",
    "LONGITUDE": "longitude",
    "GEO_PRECISION": "geo_precision",
    "SOURCE": "source",
    "NOTES": "notes",
    "FATALITIES": "fatalities",
}

# Legacy event types and the current (event type, sub-event type) they became; None where
# the old type does not determine the sub-type.
LEGACY_EVENT_TYPES: Final[dict[str, tuple[str, str | None]]] = {
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": (
        "Battles",
        "Non-state actor overtakes territory",
    ),
    "Remote violence": ("Explosions/Remote violence", None),
    "Violence against civilians": ("Violence against civilians", None),
    "Strategic development": ("Strategic developments", None),
    "Non-violent transfer of territory": (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    "Headquarters or base established": (
        "Strategic developments",
        "Headquarters or base established",
    ),
}

REQUIRED: Final = ("event_id_cnty", "event_date", "event_type", "country")
INT_COLUMNS: Final = frozenset(
    {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision"}
    | {"fatalities", "timestamp"}
)
FLOAT_COLUMNS: Final = frozenset({"latitude", "longitude"})
DATE_FORMATS: Final = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y")
ENCODING_PROBE_CHUNK: Final = 1 << 20  # decode 1 MiB at a time: streaming, bounded memory
PROTESTERS_INTER: Final = 6  # ACLED's actor type code for protesters


@dataclass
class AcledRow:
    """One row of an export: its line number, its values, or why it was refused."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def is_acled_header(header: list[str]) -> bool:
    """True when a CSV header is an ACLED export's (either vintage)."""
    names = {name.strip() for name in header}
    return {"event_id_cnty", "event_date", "event_type"} <= names or {
        "EVENT_ID_CNTY",
        "EVENT_DATE",
        "EVENT_TYPE",
    } <= names


def read_acled_csv(path: Path) -> Iterator[AcledRow]:
    """Yield every row of the export at ``path``; a bad header raises InputError."""
    try:
        handle = path.open(encoding=detect_encoding(path), newline="")
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", source=str(path)) from None
    with handle:
        yield from read_acled_stream(handle, str(path))


def read_acled_stream(handle: TextIO, origin: str) -> Iterator[AcledRow]:
    """Yield every row of an export already opened as text; ``origin`` names it in errors."""
    reader = csv.DictReader(handle)
    header = [name for name in (reader.fieldnames or []) if name]
    legacy = _check_header(origin, header)
    for row in reader:
        yield _parse_row(reader.line_num, row, legacy)


def detect_encoding(path: Path) -> str:
    """UTF-8 when the whole file decodes as such, else Windows-1252 (older exports)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(ENCODING_PROBE_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _check_header(origin: str, header: list[str]) -> bool:
    if not is_acled_header(header):
        raise InputError(
            "not an ACLED export: the header lacks event_id_cnty, event_date and event_type",
            source=origin,
        )
    return "EVENT_ID_CNTY" in header


def _parse_row(line: int, row: dict[str, Any], legacy: bool) -> AcledRow:
    raw = _legacy_to_current(row) if legacy else {c: row.get(c) for c in ACLED_COLUMNS}
    try:
        values = {column: _convert(column, raw.get(column)) for column in ACLED_COLUMNS}
        if legacy:
            _map_legacy_type(values)
        _check_required(values)
    except ValueError as exc:
        return AcledRow(line, error=f"line {line}: {exc}")
    return AcledRow(line, values)


def _legacy_to_current(row: dict[str, Any]) -> dict[str, Any]:
    return {current: row.get(old) for old, current in LEGACY_COLUMNS.items()}


def _map_legacy_type(values: dict[str, Any]) -> None:
    old = values["event_type"]
    values["legacy_event_type"] = old
    if old == "Riots/Protests":
        protest = values.get("inter1") == PROTESTERS_INTER
        values["event_type"], values["sub_event_type"] = ("Protests" if protest else "Riots"), None
    elif old in LEGACY_EVENT_TYPES:
        values["event_type"], values["sub_event_type"] = LEGACY_EVENT_TYPES[old]


def _check_required(values: dict[str, Any]) -> None:
    missing = [column for column in REQUIRED if values.get(column) in (None, "")]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    sub = values.get("sub_event_type")
    if sub and sub not in SUB_EVENT_TYPES:
        raise ValueError(f"unknown sub_event_type {sub!r}")


def _convert(column: str, value: Any) -> Any:
    text = value.strip() if isinstance(value, str) else value
    if text in (None, ""):
        return None
    if column == "event_date":
        return parse_acled_date(text)
    try:
        if column in INT_COLUMNS:
            return int(float(text))
        if column in FLOAT_COLUMNS:
            return float(text)
    except ValueError:
        raise ValueError(f"{column} is not a number: {text!r}") from None
    return text


def parse_acled_date(text: str) -> dt.date:
    """A date as ACLED exports write it (ISO, day/month/year, or '20 November 2015')."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"event_date is not a date: {text!r}")
