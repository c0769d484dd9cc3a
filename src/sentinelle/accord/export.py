"""Writing a stored agreement back as an agreement file (the same schema the loader reads)."""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy.orm import Session

from sentinelle.accord.matrix import load_commitments
from sentinelle.accord.register import CONCERNED, RESPONSIBLE, find_agreement
from sentinelle.accord.schema import SCHEMA_VERSION
from sentinelle.store.models import Agreement, Commitment

HEADER = "# Agreement file exported by Sentinelle (schema {schema}).\n"


def export_agreement(session: Session, agreement: str | None = None) -> dict[str, Any]:
    """The stored agreement as an agreement-file mapping; importing it gives the same agreement."""
    found = find_agreement(session, agreement)
    commitments = load_commitments(session, found)
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": found.code,
        "title": found.title,
        "short_title": found.short_title,
        "illustrative": found.illustrative,
        "notice": found.notice,
        "entry_into_force": found.entry_into_force,
        "parties": [
            _clean({"id": p.code, "name": p.name, "role": p.role, "actors": list(p.actor_names)})
            for p in found.parties
        ],
        "signatures": [
            _clean(
                {
                    "party": s.party.code,
                    "signed_on": s.signed_on,
                    "signed_by": s.signed_by,
                    "place": s.place,
                }
            )
            for s in sorted(found.signatures, key=lambda s: (s.signed_on, s.id))
        ],
        "provisions": _provisions(found, commitments),
    }
    return _clean(data)


def export_agreement_yaml(session: Session, agreement: str | None = None) -> str:
    """The stored agreement as YAML text."""
    data = export_agreement(session, agreement)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return HEADER.format(schema=SCHEMA_VERSION) + body


def _provisions(agreement: Agreement, commitments: list[Commitment]) -> list[dict[str, Any]]:
    by_provision: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        by_provision.setdefault(commitment.provision_id, []).append(commitment)
    return [
        _clean(
            {
                "id": p.code,
                "theme": p.theme,
                "title": p.title,
                "summary": p.summary,
                "articles": p.articles,
                "commitments": [_commitment(c) for c in by_provision.get(p.id, [])],
            }
        )
        for p in agreement.provisions
    ]


def _commitment(commitment: Commitment) -> dict[str, Any]:
    deadline: dict[str, Any] | None = None
    if commitment.deadline_on is not None:
        deadline = {"date": commitment.deadline_on}
    elif commitment.deadline_months is not None or commitment.deadline_days is not None:
        deadline = _clean(
            {
                "months_after_entry_into_force": commitment.deadline_months,
                "days_after_entry_into_force": commitment.deadline_days,
            }
        )
    roles: dict[str, list[str]] = {RESPONSIBLE: [], CONCERNED: []}
    for link in sorted(commitment.parties, key=lambda link: link.party.id):
        roles.setdefault(link.role, []).append(link.party.code)
    return _clean(
        {
            "id": commitment.code,
            "title": commitment.title,
            "description": commitment.description,
            "kind": commitment.kind,
            "responsible": roles[RESPONSIBLE],
            "concerned": roles[CONCERNED],
            "deadline": deadline,
            "regions": list(commitment.regions),
            "indicators": list(commitment.indicators),
            "budget_line": commitment.budget_line,
        }
    )


def _clean(mapping: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values, so the exported file reads like a hand-written one."""
    return {key: value for key, value in mapping.items() if value not in (None, [], {})}
