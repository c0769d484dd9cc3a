"""``extract --jsonl``: code JSON lines without a database, order kept, bad lines reported."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from sentinelle.extract.pipeline import ExtractOptions, Extractor, default_extractor


@dataclass(frozen=True)
class JsonlCounts:
    """Lines read, lines coded, lines in error, events written."""

    lines: int
    coded: int
    errors: int
    events: int


def code_lines(
    lines: Iterable[str],
    *,
    extractor: Extractor | None = None,
    today: dt.date | None = None,
) -> Iterator[dict[str, Any]]:
    """One output record per non-blank input line, in input order."""
    extractor = extractor or default_extractor()
    fallback = today or dt.date.today()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = _parse(line, number)
        except ValueError as exc:
            yield {"id": None, "line": number, "error": str(exc), "events": []}
            continue
        reference = item["date"] or fallback
        events = extractor.extract(item["text"], ExtractOptions(reference, item["lang"]))
        yield {"id": item["id"], "events": [e.to_record() for e in events]}


def run_jsonl(
    source: TextIO, out: TextIO, progress: Callable[[int], None] | None = None
) -> JsonlCounts:
    """Code every line of ``source`` into ``out``; malformed lines get an error record."""
    lines = coded = errors = events = 0
    for record in code_lines(source):
        lines += 1
        if "error" in record:
            errors += 1
        else:
            coded += 1
            events += len(record["events"])
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        if progress:
            progress(lines)
    return JsonlCounts(lines, coded, errors, events)


def _parse(line: str, number: int) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise ValueError(f"line {number}: expected a JSON object")
    text = item.get("text")
    if not isinstance(text, str):
        raise ValueError(f"line {number}: 'text' is missing or not a string")
    date = item.get("date")
    try:
        reference = dt.date.fromisoformat(date) if date else None
    except (TypeError, ValueError) as exc:
        raise ValueError(f"line {number}: 'date' {date!r} is not YYYY-MM-DD") from exc
    lang = item.get("lang")
    if lang is not None and lang not in ("en", "fr"):
        raise ValueError(f"line {number}: 'lang' {lang!r} is not en or fr")
    return {"id": item.get("id"), "text": text, "date": reference, "lang": lang}
