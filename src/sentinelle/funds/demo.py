"""The funds part of ``sentinelle demo``: a pledge to a Kidal project, paid out on two keys.

The organisations, people and amounts are illustrative, not real commitments; the rate is the
euro's fixed parity with the CFA franc (1 EUR = 655.957 XOF).
"""

from __future__ import annotations

import datetime as dt

from sentinelle.funds.approval import approve_request, disburse, request_disbursement
from sentinelle.funds.flows import (
    OrgKind,
    PersonRole,
    add_organisation,
    add_person,
    add_rate,
    commit_funds,
    create_project,
    record_expenditure,
    record_pledge,
)
from sentinelle.funds.ledger import verify
from sentinelle.funds.money import format_amount
from sentinelle.funds.reports import ReportLevel, allocation_report
from sentinelle.store import Database

DONOR = "Demo donor (illustrative)"
AUTHORITY = "Kidal regional council (illustrative)"
IMPLEMENTER = "Demo water NGO (illustrative)"
# Demo dates follow the 2015 agreement: pledged after the June signature, paid in August.
PLEDGED_ON, COMMITTED_ON, DISBURSED_ON = (
    dt.date(2015, 6, 25),
    dt.date(2015, 7, 10),
    dt.date(2015, 8, 3),
)
DEMO_NOW = dt.datetime(2015, 8, 1, 9, 0, tzinfo=dt.UTC)


def run_funds_demo(database: Database) -> str:
    """Pledge, commit to a Kidal project, approve on both keys, disburse, spend; one line back."""
    add_organisation(database, DONOR, OrgKind.DONOR)
    add_organisation(database, AUTHORITY, OrgKind.LOCAL_AUTHORITY, region_pcode="ML08")
    add_organisation(database, IMPLEMENTER, OrgKind.IMPLEMENTER)
    add_person(database, "Donor representative", DONOR, PersonRole.DONOR_REP)
    add_person(database, "Council representative", AUTHORITY, PersonRole.LOCAL_AUTHORITY_REP)
    add_person(database, "NGO project officer", IMPLEMENTER, PersonRole.REQUESTER)
    add_rate(database, "EUR", "XOF", "655.957", dt.date(1999, 1, 1), "fixed parity (BCEAO)")
    pledge = record_pledge(database, DONOR, 200_000_000, "EUR", PLEDGED_ON)
    project = create_project(
        database,
        "KID-WATER-1",
        "Water points in Kidal cercle",
        "ML08",
        cercle_pcode="ML0801",
        communities=["Ifoghas Tuareg", "Imghad Tuareg"],
        accord_commitments=["DEV-2"],
        implementer=IMPLEMENTER,
    )
    commitment = commit_funds(
        database, pledge.id, project.code, 327_978_500, "XOF", COMMITTED_ON,
        due_on=dt.date(2015, 9, 30),
    )  # fmt: skip
    request = request_disbursement(
        database, commitment.id, "NGO project officer", 65_595_700, "demo-request-1",
        purpose="drilling, first two boreholes", now=DEMO_NOW,
    )  # fmt: skip
    approve_request(database, request.id, "Donor representative", now=DEMO_NOW)
    approve_request(database, request.id, "Council representative", now=DEMO_NOW)
    paid = disburse(database, request.id, disbursed_on=DISBURSED_ON, now=DEMO_NOW)
    record_expenditure(database, project.code, 20_000_000, "XOF", dt.date(2015, 8, 20), "demo-1")
    kidal = next(
        row
        for row in allocation_report(database)
        if row.level is ReportLevel.REGION and row.key == "ML08"
    )
    chain = verify(database)
    return (
        f"Kidal: committed {format_amount(kidal.committed, 'XOF')}, disbursed "
        f"{format_amount(paid.amount_minor, 'XOF')} on two keys "
        f"({kidal.per_capita(kidal.disbursed)} XOF per inhabitant, "
        f"{(DISBURSED_ON - PLEDGED_ON).days} days from pledge); journal "
        f"{'intact' if chain.ok else 'NOT intact'} ({chain.entries} entries)"
    )
