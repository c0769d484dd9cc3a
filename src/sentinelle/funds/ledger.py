"""The append-only double-entry journal: balanced entries, hash-chained, balances derived.

An entry's hash is sha256 over a canonical JSON of the entry (including the previous entry's
hash) and its lines, so editing, inserting or deleting a stored row breaks the chain.
Corrections are reversing entries; nothing is ever updated in place.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sentinelle.errors import IllegalTransition, InputError, NotFound
from sentinelle.funds.concurrency import GENESIS_HASH, crash_point, lock_ledger, transact
from sentinelle.funds.money import check_currency
from sentinelle.store import Database
from sentinelle.store.models.base import Base
from sentinelle.store.models.funds import FundJournalEntry, FundJournalLine, FundLedgerHead

# Accounts whose balance (debits minus credits) may never go below zero: money not yet
# committed from a pledge, not yet disbursed from a commitment, not yet spent by a project.
NON_NEGATIVE_PREFIXES = ("pledge:", "commitment:", "project-cash:")


class EntryKind(enum.StrEnum):
    """What a journal entry records."""

    PLEDGE = "pledge"
    COMMITMENT = "commitment"
    DISBURSEMENT = "disbursement"
    EXPENDITURE = "expenditure"
    REVERSAL = "reversal"


@dataclass(frozen=True)
class Line:
    """A debit or a credit of one account, in minor units of one currency."""

    account: str
    currency: str
    debit: int = 0
    credit: int = 0


def debit(account: str, currency: str, amount: int) -> Line:
    """A debit line."""
    return Line(account, currency, debit=amount)


def credit(account: str, currency: str, amount: int) -> Line:
    """A credit line."""
    return Line(account, currency, credit=amount)


def check_balanced(lines: Sequence[Line]) -> None:
    """Refuse an entry that is empty, has a bad line, or whose debits and credits differ."""
    if len(lines) < 2:
        raise InputError("a journal entry needs at least two lines")
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        check_currency(line.currency)
        if line.debit < 0 or line.credit < 0 or (line.debit > 0) == (line.credit > 0):
            raise InputError(f"line {line} must carry exactly one positive debit or credit")
        totals[line.currency] += line.debit - line.credit
    unbalanced = {currency: total for currency, total in totals.items() if total}
    if unbalanced:
        raise InputError(f"journal entry is not balanced: debits minus credits = {unbalanced}")


# Fields of an entry that its hash covers, in the canonical document (lines come apart).
HASHED_FIELDS = (
    "id", "seq", "kind", "reference", "reverses_id", "memo", "effective_on", "recorded_at",
    "prev_hash",
)  # fmt: skip
LineTuple = tuple[Any, Any, Any, Any, Any, Any]


def canonical_bytes(fields: Mapping[str, Any], lines: Iterable[LineTuple]) -> bytes:
    """The canonical serialisation an entry's hash covers: its fields and its lines.

    ``lines`` are (entry_id, line_no, account, currency, debit_minor, credit_minor), in
    line-number order.
    """
    document = {name: fields[name] for name in HASHED_FIELDS}
    document["effective_on"] = fields["effective_on"].isoformat()
    document["recorded_at"] = (
        fields["recorded_at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    )
    document["lines"] = [list(line) for line in lines]
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def hash_entry(fields: Mapping[str, Any], lines: Iterable[LineTuple]) -> str:
    """sha256 hex digest of the entry's canonical serialisation."""
    return hashlib.sha256(canonical_bytes(fields, lines)).hexdigest()


# Statements of the hot path, built once: each posting and balance check then skips building,
# hashing and caching its query (they run per operation under the ledger lock).
_ENTRIES = Base.metadata.tables["fund_journal_entries"]
_LINES = Base.metadata.tables["fund_journal_lines"]
_HEAD = Base.metadata.tables["fund_ledger_head"]
INSERT_ENTRY = insert(_ENTRIES)
INSERT_LINE = insert(_LINES)
MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(last_seq=bindparam("seq"), last_hash=bindparam("entry_hash"))
)
BALANCE = select(func.coalesce(func.sum(_LINES.c.debit_minor - _LINES.c.credit_minor), 0)).where(
    _LINES.c.account == bindparam("account"), _LINES.c.currency == bindparam("currency")
)


def post_entry(
    session: Session,
    kind: EntryKind,
    reference: str,
    lines: Sequence[Line],
    effective_on: dt.date,
    now: dt.datetime,
    *,
    memo: str = "",
    reverses_id: int | None = None,
    head: tuple[int, str] | None = None,
) -> int:
    """Append one balanced entry at the end of the chain and return its id (= its sequence).

    ``head`` is what ``lock_ledger`` returned earlier in this transaction, if it was called;
    the caller's transaction commits the entry, and the head row stays locked until then.
    """
    check_balanced(lines)
    last_seq, last_hash = head if head is not None else lock_ledger(session)
    seq = last_seq + 1
    fields: dict[str, Any] = {
        "id": seq,
        "seq": seq,
        "kind": kind.value,
        "reference": reference,
        "reverses_id": reverses_id,
        "memo": memo,
        "effective_on": effective_on,
        "recorded_at": now.astimezone(dt.UTC),
        "prev_hash": last_hash,
    }
    rows = [
        (seq, number, line.account, line.currency, line.debit, line.credit)
        for number, line in enumerate(lines, start=1)
    ]
    fields["entry_hash"] = hash_entry(fields, rows)
    connection = session.connection()
    connection.execute(INSERT_ENTRY, fields)
    crash_point("post:after-entry")
    line_dicts = [dict(zip(LINE_COLUMNS, row, strict=True)) for row in rows]
    connection.execute(INSERT_LINE, line_dicts[0])
    crash_point("post:after-first-line")
    connection.execute(INSERT_LINE, line_dicts[1] if len(line_dicts) == 2 else line_dicts[1:])
    connection.execute(MOVE_HEAD, {"seq": seq, "entry_hash": fields["entry_hash"]})
    crash_point("post:before-commit")
    return seq


LINE_COLUMNS = ("entry_id", "line_no", "account", "currency", "debit_minor", "credit_minor")


def balance(session: Session, account: str, currency: str) -> int:
    """Debits minus credits of ``account`` in ``currency``."""
    total = session.connection().execute(BALANCE, {"account": account, "currency": currency})
    return int(total.scalar_one() or 0)


def balances(session: Session, prefix: str = "") -> dict[tuple[str, str], int]:
    """Every account's balance per currency (accounts starting with ``prefix``)."""
    query = select(
        FundJournalLine.account,
        FundJournalLine.currency,
        func.sum(FundJournalLine.debit_minor - FundJournalLine.credit_minor),
    ).group_by(FundJournalLine.account, FundJournalLine.currency)
    if prefix:
        query = query.where(FundJournalLine.account.startswith(prefix))
    return {(account, currency): int(total) for account, currency, total in session.execute(query)}


def reverse_entry(session: Session, entry_id: int, now: dt.datetime, *, memo: str = "") -> int:
    """Post the mirror image of entry ``entry_id``, refused if it would overdraw an account."""
    lock_ledger(session)
    original = session.get(FundJournalEntry, entry_id)
    if original is None:
        raise NotFound(f"no journal entry {entry_id}")
    if original.kind == EntryKind.REVERSAL.value:
        raise IllegalTransition(f"entry {entry_id} is itself a reversal; post a new entry instead")
    already = session.scalar(
        select(FundJournalEntry.id).where(FundJournalEntry.reverses_id == entry_id)
    )
    if already is not None:
        raise IllegalTransition(f"entry {entry_id} was already reversed by entry {already}")
    lines = session.scalars(
        select(FundJournalLine).where(FundJournalLine.entry_id == entry_id)
    ).all()
    mirror = [Line(ln.account, ln.currency, ln.credit_minor, ln.debit_minor) for ln in lines]
    for line in mirror:
        if line.account.startswith(NON_NEGATIVE_PREFIXES) and line.credit:
            left = balance(session, line.account, line.currency)
            if left < line.credit:
                raise IllegalTransition(
                    f"reversing entry {entry_id} would overdraw {line.account} "
                    f"({left} {line.currency} left, {line.credit} needed)"
                )
    return post_entry(
        session,
        EntryKind.REVERSAL,
        f"entry:{entry_id}",
        mirror,
        now.date(),
        now,
        memo=memo or f"reversal of entry {entry_id}",
        reverses_id=entry_id,
    )


def reverse(database: Database, entry_id: int, *, now: dt.datetime, memo: str = "") -> int:
    """Correct a posting by reversing it in its own transaction; returns the new entry's id."""
    return transact(database, lambda session: reverse_entry(session, entry_id, now, memo=memo))


def verify(database: Database) -> ChainReport:
    """Walk and check the whole journal (``sentinelle funds verify``)."""
    return transact(database, verify_chain)


def reversed_entry_ids(session: Session) -> set[int]:
    """Ids of entries that a later reversal cancels."""
    query = select(FundJournalEntry.reverses_id).where(FundJournalEntry.reverses_id.is_not(None))
    return {int(value) for value in session.scalars(query) if value is not None}


@dataclass
class ChainReport:
    """What ``verify_chain`` found: entries checked and every problem, in order."""

    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return not self.problems


def verify_chain(session: Session) -> ChainReport:
    """Walk the journal from the first entry, recomputing every hash and balance."""
    report = ChainReport()
    try:
        entries = session.scalars(select(FundJournalEntry).order_by(FundJournalEntry.seq)).all()
        all_lines = session.scalars(select(FundJournalLine)).all()
        head = session.get(FundLedgerHead, 1)
    except (SQLAlchemyError, ValueError, TypeError) as exc:
        report.problems.append(f"journal rows cannot be read back: {exc}")
        return report
    by_entry: dict[object, list[FundJournalLine]] = defaultdict(list)
    for line in all_lines:
        by_entry[line.entry_id].append(line)
    previous = GENESIS_HASH
    for position, entry in enumerate(entries, start=1):
        report.entries += 1
        report.problems.extend(_check_entry(entry, by_entry.pop(entry.id, []), position, previous))
        previous = entry.entry_hash
    for entry_id in by_entry:
        report.problems.append(f"lines point at entry {entry_id!r}, which is not in the chain")
    if head is None and entries:
        report.problems.append("the ledger head row is missing")
    elif head is not None and (head.last_seq, head.last_hash) != (len(entries), previous):
        report.problems.append("the ledger head does not match the last entry of the chain")
    return report


def _line_tuple(line: FundJournalLine) -> LineTuple:
    return tuple(getattr(line, name) for name in LINE_COLUMNS)


def _check_entry(
    entry: FundJournalEntry, lines: list[FundJournalLine], position: int, previous: str
) -> list[str]:
    problems: list[str] = []
    label = f"entry {entry.id!r} (seq {entry.seq!r})"
    if entry.seq != position or entry.id != position:
        problems.append(f"{label} is out of sequence: expected {position}")
    if entry.prev_hash != previous:
        problems.append(f"{label} does not chain to the previous entry's hash")
    try:
        fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
        ordered = sorted(lines, key=lambda line: (str(type(line.line_no)), line.line_no))
        recomputed = hash_entry(fields, [_line_tuple(line) for line in ordered])
    except (AttributeError, TypeError, ValueError) as exc:
        problems.append(f"{label} cannot be serialised: {exc}")
        return problems
    if recomputed != entry.entry_hash:
        problems.append(f"{label} was altered: its hash does not match its content")
    try:
        check_balanced(
            [Line(ln.account, ln.currency, ln.debit_minor, ln.credit_minor) for ln in lines]
        )
    except (InputError, TypeError) as exc:
        problems.append(f"{label}: {exc}")
    return problems
