"""Writing listed records as a rich table, JSON lines or CSV (the CLI's ``--format``)."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table


class OutputFormat(enum.StrEnum):
    """Formats every listing command accepts."""

    TABLE = "table"
    JSONL = "jsonl"
    CSV = "csv"


def default_format(stream: TextIO | None = None) -> OutputFormat:
    """A table on a terminal, JSON lines when piped."""
    target = stream or sys.stdout
    return OutputFormat.TABLE if target.isatty() else OutputFormat.JSONL


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _cell(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, dict | list):
        return json.dumps(plain, ensure_ascii=False)
    return str(plain)


def write_records(
    records: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: OutputFormat,
    stream: TextIO | None = None,
    *,
    title: str | None = None,
) -> int:
    """Write ``records`` restricted to ``columns``; returns how many were written."""
    out = stream or sys.stdout
    count = 0
    if fmt is OutputFormat.JSONL:
        for record in records:
            row = {column: _plain(record.get(column)) for column in columns}
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            count += 1
        return count
    if fmt is OutputFormat.CSV:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([_cell(record.get(column)) for column in columns])
            count += 1
        return count
    table = Table(*columns, title=title)
    for record in records:
        table.add_row(*(_cell(record.get(column)) for column in columns))
        count += 1
    Console(file=out, width=max(Console(file=out).width, 160)).print(table)
    return count
