"""Structured field reports: CSV (including KoboToolbox and ODK exports) and JSON.

Columns are recognised by name, whatever group prefix a form adds ("group_x/place"):
reporter, received time, place and free text; each row becomes a document.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from sentinelle.ingest.dating import first_date
from sentinelle.ingest.documents import RawDocument, RawInput, Rejection
from sentinelle.ingest.language import detect_language
from sentinelle.store.enums import SourceKind

# Accepted column names for each field (lower case, after the last "/" of a group path).
FIELD_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "text": (
        "text",
        "report",
        "description",
        "narrative",
        "details",
        "observation",
        "free_text",
        "message",
        "incident_description",
        "rapport",
        "texte",
        "what_happened",
    ),
    "reporter": (
        "reporter",
        "reporter_name",
        "monitor",
        "enumerator",
        "username",
        "_submitted_by",
        "rapporteur",
        "observateur",
        "name_of_reporter",
    ),
    "received": (
        "received",
        "received_at",
        "_submission_time",
        "submission_time",
        "reported_at",
        "incident_date",
        "date",
        "today",
        "end",
        "date_reception",
        "recu_le",
    ),
    "place": (
        "place",
        "location",
        "village",
        "locality",
        "commune",
        "lieu",
        "localite",
        "site",
        "cercle",
    ),
    "title": ("title", "subject", "titre", "objet"),
    "id": ("_uuid", "uuid", "instanceid", "report_id", "_id", "id"),
    "language": ("language", "langue", "lang"),
}
IDENTIFYING: Final = ("reporter", "received", "place")  # one of these besides the text


def field_columns(header: Iterable[str]) -> dict[str, str]:
    """Map each known field to the header column that holds it."""
    names = {column.rsplit("/", 1)[-1].strip().lower(): column for column in header}
    found: dict[str, str] = {}
    for key, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[key] = names[alias]
                break
    return found


def is_field_report_header(header: Iterable[str]) -> bool:
    """True when a CSV header has a text column and a reporter, time or place column."""
    columns = field_columns(header)
    return "text" in columns and any(key in columns for key in IDENTIFYING)


def read_field_csv(raw: RawInput, text: str | None) -> Iterator[RawDocument | Rejection]:
    """Each row of a field-report CSV as a document."""
    if text is None:
        raise ValueError("the field report reader needs decoded text")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # spreadsheets in French
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = reader.fieldnames or []
    columns = field_columns(header)
    if "text" not in columns:
        yield Rejection(raw.origin, "field report CSV without a text/report/description column")
        return
    for row in reader:
        yield _report(raw, f"line {reader.line_num}", row, columns, SourceKind.FIELD_CSV)


def read_field_json(raw: RawInput, text: str | None) -> Iterator[RawDocument | Rejection]:
    """Each object of a JSON list (or of the list under "reports"/"results") as a document."""
    if text is None:
        raise ValueError("the field report reader needs decoded text")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejection(raw.origin, f"not valid JSON (line {exc.lineno}: {exc.msg})")
        return
    records = _records(data)
    if records is None:
        yield Rejection(raw.origin, "JSON holds no list of field reports")
        return
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            yield Rejection(raw.origin, f"report {number}: not an object")
            continue
        flat = {str(key): value for key, value in record.items()}
        columns = field_columns(flat)
        yield _report(raw, f"report {number}", flat, columns, SourceKind.FIELD_JSON)


def _records(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("reports", "results", "data", "items"):
            if isinstance(data.get(key), list):
                return list(data[key])
        return [data]
    return None


def _report(
    raw: RawInput,
    where: str,
    row: Mapping[str, Any],
    columns: dict[str, str],
    kind: SourceKind,
) -> RawDocument | Rejection:
    values = {key: _clean(row.get(column)) for key, column in columns.items()}
    text = values.get("text")
    if not text:
        return Rejection(raw.origin, f"{where}: no report text")
    received = _timestamp(values.get("received"))
    place = values.get("place")
    public = {key: value for key, value in values.items() if key != "reporter"}
    key = values.get("id") or where
    return RawDocument(
        text=text,
        kind=kind,
        origin=f"{raw.origin}#{key}",
        title=values.get("title") or (f"Field report from {place}" if place else "Field report"),
        reporter=values.get("reporter"),
        dateline=place,
        published_at=received,
        published_on=received.date() if received else first_date(values.get("received") or ""),
        language=values.get("language") or detect_language(text),
        raw_hash=hashlib.sha256(json.dumps(public, sort_keys=True).encode()).hexdigest(),
        meta={key: value for key, value in public.items() if key != "text" and value},
    )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _timestamp(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
