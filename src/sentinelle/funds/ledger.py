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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sentinelle.errors import IllegalTransition, InputError, NotFound
from sentinelle.funds.concurrency import crash_point, lock_ledger
from sentinelle.funds.money import check_currency
from sentinelle.store.models.funds import FundJournalEntry, FundJournalLine, FundLedgerHead

# The first entry's previous hash: nothing precedes it (the migration seeds the head with it).
GENESIS_HASH = "0" * 64
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


def canonical_bytes(entry: FundJournalEntry, lines: Iterable[FundJournalLine]) -> bytes:
    """The canonical serialisation that the entry's hash covers."""
    document = {
        "id": entry.id,
        "seq": entry.seq,
        "kind": entry.kind,
        "reference": entry.reference,
        "reverses_id": entry.reverses_id,
        "memo": entry.memo,
        "effective_on": entry.effective_on.isoformat(),
        "recorded_at": entry.recorded_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "prev_hash": entry.prev_hash,
        "lines": [
            [ln.entry_id, ln.line_no, ln.account, ln.currency, ln.debit_minor, ln.credit_minor]
            for ln in sorted(lines, key=lambda ln: ln.line_no)
        ],
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def hash_entry(entry: FundJournalEntry, lines: Iterable[FundJournalLine]) -> str:
    """sha256 hex digest of the entry's canonical serialisation."""
    return hashlib.sha256(canonical_bytes(entry, lines)).hexdigest()


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
) -> FundJournalEntry:
    """Append one balanced entry at the end of the chain; the caller's transaction commits it."""
    check_balanced(lines)
    head = lock_ledger(session)
    seq = head.last_seq + 1
    entry = FundJournalEntry(
        id=seq,
        seq=seq,
        kind=kind.value,
        reference=reference,
        reverses_id=reverses_id,
        memo=memo,
        effective_on=effective_on,
        recorded_at=now.astimezone(dt.UTC),
        prev_hash=head.last_hash,
        entry_hash=f"pending-{seq}",
    )
    session.add(entry)
    session.flush()
    crash_point("post:after-entry")
    rows = [
        FundJournalLine(
            entry_id=seq,
            line_no=number,
            account=line.account,
            currency=line.currency,
            debit_minor=line.debit,
            credit_minor=line.credit,
        )
        for number, line in enumerate(lines, start=1)
    ]
    for index, row in enumerate(rows):
        session.add(row)
        session.flush()
        if index == 0:
            crash_point("post:after-first-line")
    entry.entry_hash = hash_entry(entry, rows)
    head.last_seq, head.last_hash = seq, entry.entry_hash
    session.flush()
    crash_point("post:before-commit")
    return entry


def balance(session: Session, account: str, currency: str) -> int:
    """Debits minus credits of ``account`` in ``currency``."""
    total = session.scalar(
        select(
            func.coalesce(func.sum(FundJournalLine.debit_minor - FundJournalLine.credit_minor), 0)
        )
        .where(FundJournalLine.account == account)
        .where(FundJournalLine.currency == currency)
    )
    return int(total or 0)


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


def reverse_entry(
    session: Session, entry_id: int, now: dt.datetime, *, memo: str = ""
) -> FundJournalEntry:
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
    if head is None or (head.last_seq, head.last_hash) != (len(entries), previous):
        report.problems.append("the ledger head does not match the last entry of the chain")
    return report


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
        recomputed = hash_entry(entry, lines)
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
