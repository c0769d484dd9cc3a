"""Storing a validated agreement: parties, signatures, provisions, commitments (idempotent).

Re-importing a file updates the agreement in place by its natural ids, so statuses already
recorded stay attached to their commitments; a commitment with recorded statuses cannot be
dropped by a re-import (the history would be lost).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sentinelle.accord.loader import LoadedAgreement, load_agreement
from sentinelle.accord.schema import AgreementSpec, CommitmentSpec
from sentinelle.errors import NotFound, RejectedInput
from sentinelle.store.models import (
    Agreement,
    AgreementParty,
    AgreementSignature,
    Commitment,
    CommitmentParty,
    Provision,
    StatusChange,
)

log = logging.getLogger(__name__)

RESPONSIBLE = "responsible"
CONCERNED = "concerned"


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: the agreement and how many of each part, and whether it changed."""

    agreement: str
    parties: int
    provisions: int
    commitments: int
    created: bool
    unchanged: bool


def import_agreement_file(session: Session, path: Path) -> ImportResult:
    """Validate an agreement file and store it; a refused file stores nothing."""
    return store_agreement(session, load_agreement(path))


def store_agreement(session: Session, loaded: LoadedAgreement) -> ImportResult:
    """Create or update the agreement described by a validated file."""
    spec = loaded.spec
    agreement = session.scalars(select(Agreement).where(Agreement.code == spec.id)).first()
    created = agreement is None
    if agreement is not None and agreement.content_sha256 == loaded.sha256:
        return _result(spec, created=False, unchanged=True)
    if agreement is None:
        agreement = Agreement(code=spec.id)
        session.add(agreement)
    agreement.title = spec.title
    agreement.short_title = spec.short_title
    agreement.illustrative = spec.illustrative
    agreement.notice = spec.notice
    agreement.first_signed_on = spec.first_signature
    agreement.entry_into_force = spec.entry_into_force
    agreement.source_file = str(loaded.path)
    agreement.content_sha256 = loaded.sha256
    session.flush()
    parties = _store_parties(session, agreement, spec)
    _store_signatures(session, agreement, spec, parties)
    _store_provisions(session, agreement, spec, parties)
    session.flush()
    wanted = {party.id for party in spec.parties}
    for code, party in parties.items():
        if code not in wanted:
            agreement.parties.remove(party)  # delete-orphan: the row goes too
    session.flush()
    log.info("stored agreement %s from %s", spec.id, loaded.path)
    return _result(spec, created=created, unchanged=False)


def _result(spec: AgreementSpec, *, created: bool, unchanged: bool) -> ImportResult:
    return ImportResult(
        agreement=spec.id,
        parties=len(spec.parties),
        provisions=len(spec.provisions),
        commitments=len(spec.commitments()),
        created=created,
        unchanged=unchanged,
    )


def _store_parties(
    session: Session, agreement: Agreement, spec: AgreementSpec
) -> dict[str, AgreementParty]:
    existing = {party.code: party for party in agreement.parties}
    for party_spec in spec.parties:
        party = existing.get(party_spec.id)
        if party is None:
            party = AgreementParty(agreement=agreement, code=party_spec.id)
            session.add(party)
            existing[party_spec.id] = party
        party.name = party_spec.name
        party.role = party_spec.role.value
        party.actor_names = list(party_spec.actors)
    session.flush()
    return existing


def _store_signatures(
    session: Session,
    agreement: Agreement,
    spec: AgreementSpec,
    parties: dict[str, AgreementParty],
) -> None:
    session.execute(
        delete(AgreementSignature).where(AgreementSignature.agreement_id == agreement.id)
    )
    for signature in spec.signatures:
        session.add(
            AgreementSignature(
                agreement_id=agreement.id,
                party_id=parties[signature.party].id,
                signed_on=signature.signed_on,
                signed_by=signature.signed_by,
                place=signature.place,
            )
        )


def _store_provisions(
    session: Session,
    agreement: Agreement,
    spec: AgreementSpec,
    parties: dict[str, AgreementParty],
) -> None:
    provisions = {
        p.code: p for p in session.scalars(select(Provision).filter_by(agreement=agreement))
    }
    commitments = {
        c.code: c for c in session.scalars(select(Commitment).filter_by(agreement=agreement))
    }
    wanted = {commitment.id for _, commitment in spec.commitments()}
    _drop_commitments(session, [c for code, c in commitments.items() if code not in wanted])
    for position, provision_spec in enumerate(spec.provisions):
        provision = provisions.pop(provision_spec.id, None)
        if provision is None:
            provision = Provision(agreement=agreement, code=provision_spec.id)
            session.add(provision)
        provision.theme = provision_spec.theme.value
        provision.title = provision_spec.title
        provision.summary = provision_spec.summary
        provision.articles = provision_spec.articles
        provision.position = position
        session.flush()
        for c_position, commitment_spec in enumerate(provision_spec.commitments):
            commitment = commitments.get(commitment_spec.id)
            if commitment is None:
                commitment = Commitment(agreement=agreement, code=commitment_spec.id)
                session.add(commitment)
            _fill_commitment(commitment, provision, commitment_spec, c_position, parties)
    for stale in provisions.values():
        session.delete(stale)


def _drop_commitments(session: Session, stale: Sequence[Commitment]) -> None:
    for commitment in stale:
        recorded = session.scalar(
            select(func.count())
            .select_from(StatusChange)
            .where(StatusChange.commitment_id == commitment.id)
        )
        if recorded:
            raise RejectedInput(
                f"commitment {commitment.code!r} has {recorded} recorded status change(s) and "
                "is missing from the new file; keep it in the file (its history would be lost)",
                source=commitment.agreement.code,
            )
        session.delete(commitment)
    session.flush()


def _fill_commitment(
    commitment: Commitment,
    provision: Provision,
    spec: CommitmentSpec,
    position: int,
    parties: dict[str, AgreementParty],
) -> None:
    commitment.provision = provision
    commitment.title = spec.title
    commitment.description = spec.description
    commitment.kind = spec.kind.value
    deadline = spec.deadline
    commitment.deadline_on = deadline.date if deadline else None
    commitment.deadline_months = deadline.months_after_entry_into_force if deadline else None
    commitment.deadline_days = deadline.days_after_entry_into_force if deadline else None
    commitment.regions = list(spec.regions)
    commitment.indicators = list(spec.indicators)
    commitment.budget_line = spec.budget_line
    commitment.position = position
    wanted = {(code, RESPONSIBLE) for code in spec.responsible}
    wanted |= {(code, CONCERNED) for code in spec.concerned}
    kept = [link for link in commitment.parties if (link.party.code, link.role) in wanted]
    present = {(link.party.code, link.role) for link in kept}
    added = [
        CommitmentParty(party=parties[code], role=role) for code, role in sorted(wanted - present)
    ]
    commitment.parties = kept + added


def find_agreement(session: Session, code: str | None = None) -> Agreement:
    """The agreement named ``code``, or the only one stored when ``code`` is None."""
    query = select(Agreement).order_by(Agreement.id)
    if code is not None:
        query = query.where(Agreement.code == code)
    found = list(session.scalars(query))
    if not found:
        raise NotFound(f"no agreement {code!r}" if code else "no agreement imported yet")
    if len(found) > 1:
        codes = ", ".join(agreement.code for agreement in found)
        raise NotFound(f"several agreements are stored ({codes}); name one with --agreement")
    return found[0]


def list_agreements(session: Session) -> list[Agreement]:
    """Every stored agreement, in import order (for pickers and the dashboard)."""
    return list(session.scalars(select(Agreement).order_by(Agreement.id)))


def find_commitment(session: Session, code: str, agreement: str | None = None) -> Commitment:
    """A commitment by its id in the agreement file (unique within an agreement)."""
    query = select(Commitment).where(Commitment.code == code)
    if agreement is not None:
        query = query.join(Agreement).where(Agreement.code == agreement)
    found = list(session.scalars(query))
    if not found:
        raise NotFound(f"no commitment {code!r}" + (f" in {agreement!r}" if agreement else ""))
    if len(found) > 1:
        raise NotFound(f"commitment {code!r} exists in several agreements; name one")
    return found[0]
