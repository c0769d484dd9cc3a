"""Export of the fund's projects as IATI 2.03 activity XML and as a flat transactions CSV.

Each project is an ``iati-activity``: its commitments, disbursements and expenditures are
transactions of type 2, 3 and 4 (IATI TransactionType codelist); reversed flows are left out,
as in the reports. ``check_iati_structure`` checks a document against the element structure
the IATI 2.03 activity standard documents (required elements, their order, codes, dates).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.funds.concurrency import transact
from sentinelle.funds.ledger import reversed_entry_ids
from sentinelle.funds.money import CURRENCY_EXPONENTS, format_amount
from sentinelle.funds.reports import region_names
from sentinelle.store import Database
from sentinelle.store.models.base import utcnow
from sentinelle.store.models.funds import (
    FundCommitment,
    FundDisbursement,
    FundExpenditure,
    FundOrganisation,
    FundPledge,
    FundProject,
)

IATI_VERSION = "2.03"
# The reporting organisation's identifier; "XI-IATI" is IATI's own prefix for organisations
# without a registry number, which a deployment replaces with its registered one.
DEFAULT_REPORTING_ORG = "XI-IATI-SENTINELLE"
# IATI OrganisationType 40: multilateral (a joint donor/government fund reports as one).
REPORTING_ORG_TYPE = "40"
# IATI OrganisationRole: 1 funding, 2 accountable, 4 implementing.
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
# IATI ActivityDateType: 1 planned start, 2 actual start, 3 planned end.
DATE_PLANNED_START, DATE_ACTUAL_START, DATE_PLANNED_END = "1", "2", "3"
# IATI TransactionType codes (2.03): 1 incoming funds ... 13 incoming pledge.
TRANSACTION_TYPES = {str(code) for code in range(1, 14)}
TYPE_COMMITMENT, TYPE_DISBURSEMENT, TYPE_EXPENDITURE = "2", "3", "4"
# Children of iati-activity in the order the 2.03 schema's sequence requires.
ACTIVITY_ORDER = (
    "iati-identifier", "reporting-org", "title", "description", "participating-org",
    "other-identifier", "activity-status", "activity-date", "contact-info", "activity-scope",
    "recipient-country", "recipient-region", "location", "sector", "tag",
    "country-budget-items", "humanitarian-scope", "policy-marker", "collaboration-type",
    "default-flow-type", "default-finance-type", "default-aid-type", "default-tied-status",
    "budget", "planned-disbursement", "capital-spend", "transaction", "document-link",
    "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss",
)  # fmt: skip
TRANSACTION_ORDER = (
    "transaction-type", "transaction-date", "value", "description", "provider-org",
    "receiver-org", "disbursement-channel", "sector", "recipient-country", "recipient-region",
    "flow-type", "finance-type", "aid-type", "tied-status",
)  # fmt: skip
LOCATION_ORDER = (
    "location-reach", "location-id", "name", "description", "activity-description",
    "administrative", "point", "exactness", "location-class", "feature-designation",
)  # fmt: skip
# Elements that must occur exactly once in an activity (2.03 schema minOccurs/maxOccurs).
EXACTLY_ONCE = ("iati-identifier", "reporting-org", "title", "activity-status")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Transaction:
    """One IATI transaction of a project."""

    activity: str
    project_code: str
    region_pcode: str
    cercle_pcode: str | None
    type_code: str
    date: dt.date
    amount_minor: int
    currency: str
    provider: str
    receiver: str
    description: str


def _value(amount_minor: int, currency: str) -> str:
    return format_amount(amount_minor, currency).split(" ")[0]


def _narrative(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "narrative").text = text
    return element


@dataclass
class _Data:
    projects: list[FundProject]
    orgs: dict[int, FundOrganisation]
    transactions: dict[int, list[Transaction]]
    funders: dict[int, set[int]]


def _collect(session: Session, prefix: str) -> _Data:
    cancelled = reversed_entry_ids(session)
    orgs = {row.id: row for row in session.scalars(select(FundOrganisation))}
    projects = list(session.scalars(select(FundProject).order_by(FundProject.id)))
    by_id = {row.id: row for row in projects}
    pledges = {row.id: row for row in session.scalars(select(FundPledge))}
    commitments = {row.id: row for row in session.scalars(select(FundCommitment))}
    data = _Data(projects, orgs, defaultdict(list), defaultdict(set))

    def add(
        project_id: int,
        code: str,
        when: dt.date,
        amount: int,
        currency: str,
        provider: str,
        receiver: str,
        text: str,
    ) -> None:
        project = by_id[project_id]
        data.transactions[project_id].append(
            Transaction(
                f"{prefix}-{project.code}",
                project.code,
                project.region_pcode,
                project.cercle_pcode,
                code,
                when,
                amount,
                currency,
                provider,
                receiver,
                text,
            )
        )

    for row in commitments.values():
        if row.journal_entry_id in cancelled:
            continue
        donor = orgs[pledges[row.pledge_id].donor_id]
        data.funders[row.project_id].add(donor.id)
        add(
            row.project_id,
            TYPE_COMMITMENT,
            row.committed_on,
            row.amount_minor,
            row.currency,
            donor.name,
            by_id[row.project_id].code,
            f"commitment {row.id} from pledge {row.pledge_id}",
        )
    for paid in session.scalars(select(FundDisbursement)):
        if paid.journal_entry_id in cancelled:
            continue
        commitment = commitments[paid.commitment_id]
        donor = orgs[pledges[commitment.pledge_id].donor_id]
        add(
            commitment.project_id,
            TYPE_DISBURSEMENT,
            paid.disbursed_on,
            paid.amount_minor,
            paid.currency,
            donor.name,
            by_id[commitment.project_id].code,
            f"disbursement of request {paid.request_id}, approved by both keys",
        )
    for spent in session.scalars(select(FundExpenditure)):
        if spent.journal_entry_id in cancelled:
            continue
        code = by_id[spent.project_id].code
        add(
            spent.project_id,
            TYPE_EXPENDITURE,
            spent.spent_on,
            spent.amount_minor,
            spent.currency,
            code,
            spent.description or "expenditure",
            spent.description,
        )
    return data


def export_iati_xml(
    database: Database,
    *,
    reporting_org: str = DEFAULT_REPORTING_ORG,
    now: dt.datetime | None = None,
) -> bytes:
    """Every project as an IATI 2.03 ``iati-activity``, in one ``iati-activities`` document."""
    stamp = (now or utcnow()).astimezone(dt.UTC).replace(microsecond=0).isoformat()
    data = transact(database, lambda session: _collect(session, reporting_org))
    root = ET.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": stamp})
    names = region_names()
    for project in data.projects:
        _activity(root, project, data, reporting_org, stamp, names)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _activity(
    root: ET.Element,
    project: FundProject,
    data: _Data,
    prefix: str,
    stamp: str,
    names: dict[str, str],
) -> None:
    transactions = sorted(data.transactions.get(project.id, []), key=lambda t: t.date)
    currency = transactions[0].currency if transactions else "XOF"
    activity = ET.SubElement(
        root,
        "iati-activity",
        {"last-updated-datetime": stamp, "default-currency": currency, "xml:lang": "en"},
    )
    ET.SubElement(activity, "iati-identifier").text = f"{prefix}-{project.code}"
    _narrative(
        activity,
        "reporting-org",
        "Sentinelle joint donor fund",
        ref=prefix,
        type=REPORTING_ORG_TYPE,
    )
    _narrative(activity, "title", project.title)
    summary = f"Communities served: {', '.join(project.communities) or 'not specified'}."
    if project.accord_commitments:
        summary += f" Agreement commitments: {', '.join(project.accord_commitments)}."
    _narrative(activity, "description", summary, type="1")
    _participants(activity, project, data)
    ET.SubElement(activity, "activity-status", {"code": project.status})
    _dates(activity, project, transactions)
    ET.SubElement(activity, "recipient-country", {"code": "ML", "percentage": "100"})
    _location(activity, project, names)
    ET.SubElement(
        activity, "sector", {"vocabulary": "1", "code": project.sector_code, "percentage": "100"}
    )
    _budgets(activity, transactions)
    for item in transactions:
        _transaction(activity, item)


def _participants(activity: ET.Element, project: FundProject, data: _Data) -> None:
    for org_id in sorted(data.funders.get(project.id, set())):
        org = data.orgs[org_id]
        attrs = {"role": ROLE_FUNDING} | ({"ref": org.iati_ref} if org.iati_ref else {})
        _narrative(activity, "participating-org", org.name, **attrs)
    authorities = [
        org
        for org in data.orgs.values()
        if org.kind == "local_authority" and org.region_pcode == project.region_pcode
    ]
    for org in authorities:
        _narrative(activity, "participating-org", org.name, role=ROLE_ACCOUNTABLE)
    if project.implementer_id is not None:
        org = data.orgs[project.implementer_id]
        _narrative(activity, "participating-org", org.name, role=ROLE_IMPLEMENTING)
    if not data.funders.get(project.id) and not authorities and project.implementer_id is None:
        _narrative(activity, "participating-org", "Sentinelle joint donor fund", role="1")


def _dates(activity: ET.Element, project: FundProject, transactions: list[Transaction]) -> None:
    if project.start_on:
        ET.SubElement(
            activity,
            "activity-date",
            {"type": DATE_PLANNED_START, "iso-date": project.start_on.isoformat()},
        )
    started = [t.date for t in transactions if t.type_code == TYPE_DISBURSEMENT]
    if started:
        ET.SubElement(
            activity,
            "activity-date",
            {"type": DATE_ACTUAL_START, "iso-date": min(started).isoformat()},
        )
    if project.end_on:
        ET.SubElement(
            activity,
            "activity-date",
            {"type": DATE_PLANNED_END, "iso-date": project.end_on.isoformat()},
        )
    if not (project.start_on or started or project.end_on):
        day = project.created_at.date().isoformat()
        ET.SubElement(activity, "activity-date", {"type": DATE_PLANNED_START, "iso-date": day})


def _location(activity: ET.Element, project: FundProject, names: dict[str, str]) -> None:
    location = ET.SubElement(
        activity, "location", {"ref": project.cercle_pcode or project.region_pcode}
    )
    ET.SubElement(location, "location-reach", {"code": "1"})
    _narrative(location, "name", names.get(project.region_pcode, project.region_pcode))
    codes = f"region {project.region_pcode}"
    if project.cercle_pcode:
        codes += f", cercle {project.cercle_pcode}"
    _narrative(location, "description", f"OCHA COD-AB p-codes: {codes}")


def _budgets(activity: ET.Element, transactions: list[Transaction]) -> None:
    """One committed budget per calendar year and currency (IATI budgets span <= 1 year)."""
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for item in transactions:
        if item.type_code == TYPE_COMMITMENT:
            totals[(item.date.year, item.currency)] += item.amount_minor
    for (year, currency), amount in sorted(totals.items()):
        budget = ET.SubElement(activity, "budget", {"type": "1", "status": "2"})
        ET.SubElement(budget, "period-start", {"iso-date": f"{year}-01-01"})
        ET.SubElement(budget, "period-end", {"iso-date": f"{year}-12-31"})
        value = ET.SubElement(
            budget, "value", {"currency": currency, "value-date": f"{year}-01-01"}
        )
        value.text = _value(amount, currency)


def _transaction(activity: ET.Element, item: Transaction) -> None:
    element = ET.SubElement(activity, "transaction")
    ET.SubElement(element, "transaction-type", {"code": item.type_code})
    ET.SubElement(element, "transaction-date", {"iso-date": item.date.isoformat()})
    value = ET.SubElement(
        element, "value", {"currency": item.currency, "value-date": item.date.isoformat()}
    )
    value.text = _value(item.amount_minor, item.currency)
    if item.description:
        _narrative(element, "description", item.description)
    _narrative(element, "provider-org", item.provider)
    _narrative(element, "receiver-org", item.receiver)


CSV_COLUMNS = (
    "iati_identifier", "project_code", "region_pcode", "cercle_pcode", "transaction_type",
    "date", "amount_minor", "currency", "value", "provider", "receiver", "description",
)  # fmt: skip


def export_csv(database: Database, *, reporting_org: str = DEFAULT_REPORTING_ORG) -> str:
    """Every transaction of every project as CSV rows (amounts in minor units and decimals)."""
    data = transact(database, lambda session: _collect(session, reporting_org))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for project in data.projects:
        for t in sorted(data.transactions.get(project.id, []), key=lambda t: t.date):
            writer.writerow(
                [
                    t.activity,
                    t.project_code,
                    t.region_pcode,
                    t.cercle_pcode or "",
                    t.type_code,
                    t.date.isoformat(),
                    t.amount_minor,
                    t.currency,
                    _value(t.amount_minor, t.currency),
                    t.provider,
                    t.receiver,
                    t.description,
                ]
            )
    return out.getvalue()


def check_iati_structure(document: bytes) -> list[str]:
    """Problems found checking ``document`` against the IATI 2.03 activity element structure."""
    try:
        root = etree.fromstring(document)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != "iati-activities":
        return [f"root element is <{root.tag}>, not <iati-activities>"]
    problems = []
    if root.get("version") != IATI_VERSION:
        problems.append(f"iati-activities version is {root.get('version')!r}, not 2.03")
    for number, activity in enumerate(root, start=1):
        if activity.tag != "iati-activity":
            problems.append(f"child {number} of iati-activities is <{activity.tag}>")
            continue
        problems += [f"activity {number}: {p}" for p in _check_activity(activity)]
    return problems


def _order_problems(parent: Any, order: tuple[str, ...], what: str) -> list[str]:
    tags = [child.tag for child in parent if isinstance(child.tag, str)]
    unknown = [tag for tag in tags if tag not in order]
    if unknown:
        return [f"{what} has elements the standard does not define: {unknown}"]
    positions = [order.index(tag) for tag in tags]
    if positions != sorted(positions):
        return [f"{what} children are out of the schema's order: {tags}"]
    return []


def _check_activity(activity: Any) -> list[str]:
    problems = _order_problems(activity, ACTIVITY_ORDER, "iati-activity")
    for tag in EXACTLY_ONCE:
        if len(activity.findall(tag)) != 1:
            problems.append(f"<{tag}> must occur exactly once")
    if not (activity.findtext("iati-identifier") or "").strip():
        problems.append("<iati-identifier> is empty")
    reporting = activity.find("reporting-org")
    if reporting is not None and not (reporting.get("ref") and reporting.get("type")):
        problems.append("<reporting-org> needs @ref and @type")
    if not activity.findall("participating-org"):
        problems.append("at least one <participating-org> is required")
    if not activity.findall("activity-date"):
        problems.append("at least one <activity-date> is required")
    if not (activity.findall("recipient-country") or activity.findall("recipient-region")):
        problems.append("a <recipient-country> or <recipient-region> is required")
    status = activity.find("activity-status")
    if status is not None and status.get("code") not in {"1", "2", "3", "4", "5", "6"}:
        problems.append(f"activity-status code {status.get('code')!r} is not in 1-6")
    problems += _check_narratives(activity)
    problems += _check_dates(activity)
    for location in activity.findall("location"):
        problems += _order_problems(location, LOCATION_ORDER, "location")
    for transaction in activity.findall("transaction"):
        problems += _check_transaction(transaction)
    return problems


def _check_narratives(activity: Any) -> list[str]:
    problems = []
    for tag in ("title", "description", "participating-org", "reporting-org"):
        for element in activity.findall(tag):
            texts = [(n.text or "").strip() for n in element.findall("narrative")]
            if not texts or not all(texts):
                problems.append(f"<{tag}> needs a non-empty <narrative>")
    return problems


def _check_dates(activity: Any) -> list[str]:
    problems = []
    for element in activity.iter():
        value = element.get("iso-date")
        if value is not None and not ISO_DATE.match(value):
            problems.append(f"<{element.tag}> iso-date {value!r} is not YYYY-MM-DD")
    return problems


def _check_transaction(transaction: Any) -> list[str]:
    problems = _order_problems(transaction, TRANSACTION_ORDER, "transaction")
    kind = transaction.find("transaction-type")
    if kind is None or kind.get("code") not in TRANSACTION_TYPES:
        problems.append("transaction needs a <transaction-type> with a 2.03 code (1-13)")
    if transaction.find("transaction-date") is None:
        problems.append("transaction needs a <transaction-date>")
    value = transaction.find("value")
    if value is None or not DECIMAL.match((value.text or "").strip()):
        problems.append("transaction needs a decimal <value>")
    elif not value.get("value-date") or (
        value.get("currency") and value.get("currency") not in CURRENCY_EXPONENTS
    ):
        problems.append("transaction <value> needs @value-date and a known @currency")
    return problems
