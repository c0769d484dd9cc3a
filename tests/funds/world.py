"""A small fund world shared by the funds tests: two donors, two regions, their people."""

from __future__ import annotations

import datetime as dt

from sentinelle.funds.approval import add_approval_rule
from sentinelle.funds.flows import (
    OrgKind,
    PersonRole,
    add_organisation,
    add_person,
    add_rate,
    create_project,
)
from sentinelle.store import Database

# Region p-codes (OCHA): Kidal and Gao.
KIDAL, GAO = "ML08", "ML07"
DONORS = {"Donor A": ["Alice (A)", "Albert (A)"], "Donor B": ["Bruno (B)"]}
AUTHORITIES = {KIDAL: ["Kader (Kidal)", "Khadija (Kidal)"], GAO: ["Gaoussou (Gao)"]}
REQUESTERS = ["Rokia (NGO)", "Rachid (NGO)"]
PROJECTS = {"KID-1": KIDAL, "GAO-1": GAO}
# XOF's fixed parity to the euro (BCEAO): 1 EUR = 655.957 XOF.
EUR_XOF = "655.957"
# Requests of 5,000 XOF or more need two donor approvals (exercises the threshold rule).
BIG_REQUEST_XOF = 5_000


def build_world(database: Database) -> None:
    """Register the organisations, people, projects, rate and threshold rule of the world."""
    for donor, people in DONORS.items():
        add_organisation(database, donor, OrgKind.DONOR)
        for name in people:
            add_person(database, name, donor, PersonRole.DONOR_REP)
    for region, people in AUTHORITIES.items():
        org = f"Authority {region}"
        add_organisation(database, org, OrgKind.LOCAL_AUTHORITY, region_pcode=region)
        for name in people:
            add_person(database, name, org, PersonRole.LOCAL_AUTHORITY_REP)
    add_organisation(database, "NGO", OrgKind.IMPLEMENTER)
    for name in REQUESTERS:
        add_person(database, name, "NGO", PersonRole.REQUESTER)
    for code, region in PROJECTS.items():
        create_project(database, code, f"Project {code}", region, communities=["Kel Adagh"])
    add_rate(database, "EUR", "XOF", EUR_XOF, dt.date(2014, 1, 1), "BCEAO fixed parity")
    add_approval_rule(database, "XOF", BIG_REQUEST_XOF, 2, 1)


def everyone() -> list[str]:
    """Every person's name in the world."""
    names = [name for people in DONORS.values() for name in people]
    names += [name for people in AUTHORITIES.values() for name in people]
    return names + REQUESTERS
