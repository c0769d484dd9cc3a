"""Reading an agreement file (YAML, commitments optionally in a CSV) and refusing it whole.

Every problem found is reported at once, each naming the entry (or CSV row) and the field,
so a secretariat can fix a file in one pass; nothing is stored unless the file is clean.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sentinelle.accord.regions import known_pcodes
from sentinelle.accord.schema import SCHEMA_VERSION, AgreementSpec
from sentinelle.errors import RejectedInput

# Beyond this many problems the rest are summarised: the first ones are enough to start fixing.
MAX_REPORTED_PROBLEMS = 25
# A file this large is not an agreement description.
MAX_FILE_BYTES = 5 * 1024 * 1024
CSV_COLUMNS = (
    "provision",
    "theme",
    "provision_title",
    "commitment",
    "title",
    "description",
    "kind",
    "responsible",
    "concerned",
    "deadline",
    "regions",
    "indicators",
    "budget_line",
)
CSV_REQUIRED = ("provision", "theme", "provision_title", "commitment", "title", "responsible")
CSV_LIST_SEPARATOR = ";"
RELATIVE_DEADLINE_RE = re.compile(r"^\+\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*d)?$", re.IGNORECASE)


class _DatesAsText(yaml.SafeLoader):
    """YAML's safe loader, leaving dates as text so validation names a bad date's field."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class LoadedAgreement:
    """A validated agreement file: its spec, where it came from, and its content hash."""

    spec: AgreementSpec
    path: Path
    sha256: str


@dataclass
class _Origins:
    """Where each commitment came from, to name CSV rows in error messages."""

    csv_name: str | None = None
    csv_rows: dict[tuple[int, int], int] | None = None


def load_agreement(path: Path) -> LoadedAgreement:
    """Read and validate an agreement file; raise RejectedInput listing every problem."""
    raw_bytes = _read(path)
    try:
        data = yaml.load(raw_bytes.decode("utf-8"), Loader=_DatesAsText)  # a SafeLoader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RejectedInput(f"not a readable YAML file ({exc})", source=str(path)) from None
    if not isinstance(data, dict):
        raise RejectedInput("an agreement file is a YAML mapping", source=str(path))
    digest = hashlib.sha256(raw_bytes)
    origins = _Origins()
    csv_name = data.pop("provisions_csv", None)
    if csv_name is not None:
        csv_path = path.parent / str(csv_name)
        csv_bytes = _read(csv_path)
        digest.update(csv_bytes)
        data["provisions"], origins = _provisions_from_csv(csv_path, csv_bytes)
    problems = _validate(data, origins)
    if problems:
        raise _rejection(path, problems)
    spec = AgreementSpec.model_validate(data)
    problems = check_consistency(spec, origins)
    if problems:
        raise _rejection(path, problems)
    return LoadedAgreement(spec=spec, path=path, sha256=digest.hexdigest())


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise RejectedInput("no such file", source=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RejectedInput(f"larger than {MAX_FILE_BYTES} bytes", source=str(path))
    return path.read_bytes()


def _rejection(path: Path, problems: list[str]) -> RejectedInput:
    shown = problems[:MAX_REPORTED_PROBLEMS]
    more = len(problems) - len(shown)
    tail = f"\n  ... and {more} more" if more else ""
    listing = "\n  ".join(shown)
    return RejectedInput(
        f"agreement file refused, nothing stored ({len(problems)} problem(s)):\n  {listing}{tail}",
        source=str(path),
    )


def _validate(data: dict[str, Any], origins: _Origins) -> list[str]:
    if data.get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
        return [f"field 'schema': expected {SCHEMA_VERSION!r}, got {data.get('schema')!r}"]
    try:
        AgreementSpec.model_validate(data)
    except ValidationError as exc:
        return [
            f"{_where(data, error['loc'], origins)}: {error['msg']}"
            for error in exc.errors(include_url=False)
        ]
    return []


def _where(data: dict[str, Any], loc: tuple[int | str, ...], origins: _Origins) -> str:
    """A readable place for a pydantic location: entry ids and CSV rows, then the field."""
    parts: list[str] = []
    node: Any = data
    index = 0
    while index < len(loc):
        key = loc[index]
        if isinstance(key, str) and index + 1 < len(loc) and isinstance(loc[index + 1], int):
            position = int(loc[index + 1])
            items = node.get(key) if isinstance(node, dict) else None
            item = items[position] if isinstance(items, list) and position < len(items) else None
            ident = item.get("id") if isinstance(item, dict) else None
            label = f"{key}[{position}]" + (f" (id {ident!r})" if ident else "")
            parts.append(label)
            node = item
            index += 2
            continue
        return _with_row(parts, loc, origins) + f"field {'.'.join(map(str, loc[index:]))!r}"
    return _with_row(parts, loc, origins) + "entry"


def _with_row(parts: list[str], loc: tuple[int | str, ...], origins: _Origins) -> str:
    prefix = " > ".join(parts)
    if origins.csv_rows is not None and len(loc) >= 4 and loc[0] == "provisions":
        key = (loc[1], loc[3]) if loc[2] == "commitments" else None
        if isinstance(key, tuple) and all(isinstance(k, int) for k in key):
            row = origins.csv_rows.get((int(key[0]), int(key[1])))
            if row is not None:
                return f"{origins.csv_name} row {row}, "
    return f"{prefix}, " if prefix else ""


def check_consistency(spec: AgreementSpec, origins: _Origins | None = None) -> list[str]:
    """Problems across entries: unknown parties, duplicates, impossible dates, unknown regions."""
    origins = origins or _Origins()
    problems: list[str] = []
    party_ids = [party.id for party in spec.parties]
    problems += _duplicates(party_ids, lambda i: f"parties[{i}]")
    problems += _duplicates(
        [provision.id for provision in spec.provisions], lambda i: f"provisions[{i}]"
    )
    places = [
        _commitment_place(p, c, provision.id, commitment.id, origins)
        for p, provision in enumerate(spec.provisions)
        for c, commitment in enumerate(provision.commitments)
    ]
    problems += _duplicates([c.id for _, c in spec.commitments()], places.__getitem__)
    known = set(party_ids)
    first = spec.first_signature
    for position, signature in enumerate(spec.signatures):
        if signature.party not in known:
            problems.append(
                f"signatures[{position}], field 'party': unknown party {signature.party!r}"
            )
    if spec.entry_into_force is not None and spec.entry_into_force < first:
        problems.append(
            f"field 'entry_into_force': {spec.entry_into_force} is before the first "
            f"signature ({first})"
        )
    pcodes = known_pcodes()
    for p_index, provision in enumerate(spec.provisions):
        for c_index, commitment in enumerate(provision.commitments):
            where = _commitment_place(p_index, c_index, provision.id, commitment.id, origins)
            for field_name in ("responsible", "concerned"):
                for party in getattr(commitment, field_name):
                    if party not in known:
                        problems.append(f"{where}, field {field_name!r}: unknown party {party!r}")
            deadline = commitment.deadline
            if deadline is not None and deadline.date is not None and deadline.date < first:
                problems.append(
                    f"{where}, field 'deadline': {deadline.date} is before the first "
                    f"signature ({first})"
                )
            for region in commitment.regions:
                if region not in pcodes:
                    problems.append(
                        f"{where}, field 'regions': unknown region p-code {region!r} "
                        "(use OCHA admin1 or admin2 p-codes such as ML08 or ML0801)"
                    )
    return problems


def _commitment_place(
    p_index: int, c_index: int, provision: str, commitment: str, origins: _Origins
) -> str:
    if origins.csv_rows is not None:
        row = origins.csv_rows.get((p_index, c_index))
        if row is not None:
            return f"{origins.csv_name} row {row} (commitment {commitment!r})"
    return f"provisions[{p_index}] (id {provision!r}) > commitments[{c_index}] (id {commitment!r})"


def _duplicates(idents: list[str], place: Callable[[int], str]) -> list[str]:
    first_seen: dict[str, int] = {}
    problems = []
    for position, ident in enumerate(idents):
        if ident in first_seen:
            problems.append(
                f"{place(position)}, field 'id': duplicate id {ident!r} "
                f"(first used by {place(first_seen[ident])})"
            )
        first_seen.setdefault(ident, position)
    return problems


def _provisions_from_csv(path: Path, raw: bytes) -> tuple[list[dict[str, Any]], _Origins]:
    """Provisions built from a commitments CSV (one row per commitment), with row numbers."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedInput(f"not UTF-8 ({exc})", source=str(path)) from None
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [column for column in CSV_REQUIRED if column not in header]
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if missing or unknown:
        raise RejectedInput(
            f"header: missing column(s) {missing}, unknown column(s) {unknown}; "
            f"expected {', '.join(CSV_COLUMNS)}",
            source=str(path),
        )
    provisions: dict[str, dict[str, Any]] = {}
    rows: dict[tuple[int, int], int] = {}
    problems: list[str] = []
    for row_number, row in enumerate(reader, start=2):
        cells = {key: (value or "").strip() for key, value in row.items() if key}
        provision = provisions.setdefault(
            cells["provision"],
            {
                "id": cells["provision"],
                "theme": cells["theme"],
                "title": cells["provision_title"],
                "commitments": [],
            },
        )
        for column, key in (("theme", "theme"), ("provision_title", "title")):
            if cells[column] != provision[key]:
                problems.append(
                    f"{path.name} row {row_number}, field {column!r}: {cells[column]!r} differs "
                    f"from the provision's earlier rows ({provision[key]!r})"
                )
        try:
            commitment = _commitment_from_row(cells)
        except ValueError as exc:
            problems.append(f"{path.name} row {row_number}, field 'deadline': {exc}")
            continue
        rows[(list(provisions).index(cells["provision"]), len(provision["commitments"]))] = (
            row_number
        )
        provision["commitments"].append(commitment)
    if problems:
        raise _rejection(path, problems)
    return list(provisions.values()), _Origins(csv_name=path.name, csv_rows=rows)


def _commitment_from_row(cells: dict[str, str]) -> dict[str, Any]:
    commitment: dict[str, Any] = {
        "id": cells["commitment"],
        "title": cells["title"],
        "responsible": _split(cells.get("responsible", "")),
        "concerned": _split(cells.get("concerned", "")),
        "regions": _split(cells.get("regions", "")),
        "indicators": _split(cells.get("indicators", "")),
    }
    for column in ("description", "kind", "budget_line"):
        if cells.get(column):
            commitment[column] = cells[column]
    if cells.get("deadline"):
        commitment["deadline"] = parse_deadline(cells["deadline"])
    return commitment


def parse_deadline(text: str) -> dict[str, Any]:
    """A CSV deadline: an ISO date, or ``+Nm``/``+Nd``/``+NmMd`` after entry into force."""
    match = RELATIVE_DEADLINE_RE.match(text.strip())
    if match and (match.group(1) or match.group(2)):
        relative: dict[str, Any] = {}
        if match.group(1):
            relative["months_after_entry_into_force"] = int(match.group(1))
        if match.group(2):
            relative["days_after_entry_into_force"] = int(match.group(2))
        return relative
    try:
        return {"date": dt.date.fromisoformat(text.strip())}
    except ValueError:
        raise ValueError(
            f"{text!r} is neither a date (YYYY-MM-DD) nor a relative deadline (+3m, +90d)"
        ) from None


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(CSV_LIST_SEPARATOR) if part.strip()]
