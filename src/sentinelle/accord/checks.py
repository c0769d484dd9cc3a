"""The accord check: missed deadlines and ceasefire violations become alerts.

Both go through ``alerts.raise_alert`` and are then routed like any other alert. A missed
deadline raises one alert per (commitment, deadline), however often the check runs; clashes
between signatories under a ceasefire raise one alert per (commitment, region) while its
cool-down lasts, each new clash adding its event as evidence.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.accord.links import NATIONAL, NewLink, link_events
from sentinelle.accord.overdue import OverdueCommitment, find_overdue
from sentinelle.accord.regions import region_names
from sentinelle.accord.register import find_agreement
from sentinelle.alerts import AlertDraft, find_open_alert, raise_alert
from sentinelle.store import AlertSeverity
from sentinelle.store.models import Agreement, Commitment, CommitmentAlert

log = logging.getLogger(__name__)

PRODUCER = "accord.checks.v1"
OVERDUE_RULE = "accord-deadline-missed"
CEASEFIRE_RULE = "ceasefire-violation"
OVERDUE_REASON = "overdue"
# A missed deadline stays one alert: each check refreshes it, and a monitoring committee
# meets about monthly, so a month without a check is the longest it should go unrefreshed.
OVERDUE_COOLDOWN = dt.timedelta(days=30)
# Clashes in the same region within a week are one situation for responders.
CEASEFIRE_COOLDOWN = dt.timedelta(days=7)
# Older clashes (a backfill of history) are linked but raise no alert: warnings are for now.
CEASEFIRE_ALERT_LOOKBACK = dt.timedelta(days=30)
# ACLED admin1 p-codes are the first four characters of any Mali p-code (ML08 of ML0801).
ADMIN1_PCODE_LENGTH = 4


@dataclass
class CheckResult:
    """What one check found and raised."""

    agreement: str
    overdue: int = 0
    new_links: int = 0
    alerts_raised: list[int] = field(default_factory=list)
    alerts_updated: list[int] = field(default_factory=list)


def check_agreement(
    session: Session, now: dt.datetime, *, agreement: str | None = None
) -> CheckResult:
    """Raise alerts for overdue commitments and link events, raising ceasefire violations."""
    found = find_agreement(session, agreement)
    result = CheckResult(agreement=found.code)
    overdue = find_overdue(session, now.date(), agreement=found.code)
    result.overdue = len(overdue)
    for item in overdue:
        _alert_overdue(session, found, item, now, result)
    links = link_events(session, found, now.date(), now=now)
    result.new_links = len(links)
    _alert_ceasefire(session, found, links, now, result)
    log.info(
        "accord check %s: %d overdue, %d new links, %d alerts raised",
        found.code,
        result.overdue,
        result.new_links,
        len(result.alerts_raised),
    )
    return result


def check_all_agreements(session: Session, now: dt.datetime) -> list[CheckResult]:
    """Check every stored agreement (what a periodic tick runs)."""
    codes = session.scalars(select(Agreement.code).order_by(Agreement.id)).all()
    return [check_agreement(session, now, agreement=code) for code in codes]


def _alert_overdue(
    session: Session,
    agreement: Agreement,
    item: OverdueCommitment,
    now: dt.datetime,
    result: CheckResult,
) -> None:
    status = item.status
    if status.deadline is None:
        return
    commitment = session.scalars(
        select(Commitment).where(
            Commitment.agreement_id == agreement.id, Commitment.code == status.code
        )
    ).one()
    subject = status.deadline.isoformat()
    key = f"accord:overdue:{agreement.code}:{status.code}:{subject}"
    mark = session.scalars(
        select(CommitmentAlert).where(
            CommitmentAlert.commitment_id == commitment.id,
            CommitmentAlert.reason == OVERDUE_REASON,
            CommitmentAlert.subject == subject,
        )
    ).first()
    if mark is not None and find_open_alert(session, key, now) is None:
        return  # alerted once already; closed or lapsed alerts are not raised again
    regions = status.regions
    admin1 = regions[0][:ADMIN1_PCODE_LENGTH] if len(regions) == 1 else None
    draft = AlertDraft(
        key=key,
        rule=OVERDUE_RULE,
        detector="accord.overdue",
        severity=AlertSeverity.MEDIUM,
        title=f"Deadline missed: {status.code} {status.title}",
        explanation=(
            f"Commitment {status.code} of {agreement.code} was due on {status.deadline} and "
            f"is '{status.level.label}' on {now.date()} ({status.days_overdue} days overdue). "
            f"Responsible: {'; '.join(item.responsible_names)}."
        ),
        window_start=status.deadline,
        window_end=now.date(),
        cooldown=OVERDUE_COOLDOWN,
        producer=PRODUCER,
        admin1=region_names().get(admin1) if admin1 else None,
        admin1_pcode=admin1,
        score=float(status.days_overdue),
        details={
            "agreement": agreement.code,
            "commitment": status.code,
            "deadline": subject,
            "level": int(status.level),
            "responsible": list(status.responsible),
            "regions": list(regions),
        },
    )
    alert, created = raise_alert(session, draft, now)
    if created:
        session.add(
            CommitmentAlert(
                commitment_id=commitment.id,
                reason=OVERDUE_REASON,
                subject=subject,
                alert_id=alert.id,
                created_at=now,
            )
        )
        session.flush()
        result.alerts_raised.append(alert.id)
    else:
        result.alerts_updated.append(alert.id)


def _alert_ceasefire(
    session: Session,
    agreement: Agreement,
    links: list[NewLink],
    now: dt.datetime,
    result: CheckResult,
) -> None:
    recent = now.date() - CEASEFIRE_ALERT_LOOKBACK
    groups: dict[tuple[int, str], list[NewLink]] = defaultdict(list)
    for link in links:
        if link.reason == "signatory-clash" and link.event_date >= recent:
            groups[(link.commitment_id, link.region)].append(link)
    for (commitment_id, region), group in groups.items():
        commitment = session.get(Commitment, commitment_id)
        if commitment is None:
            continue
        admin1 = region[:ADMIN1_PCODE_LENGTH] if region != NATIONAL else None
        place = region_names().get(region, region)
        draft = AlertDraft(
            key=f"accord:ceasefire:{agreement.code}:{commitment.code}:{region}",
            rule=CEASEFIRE_RULE,
            detector="accord.ceasefire",
            severity=AlertSeverity.HIGH,
            title=f"Ceasefire violation in {place}: clash between signatories",
            explanation=(
                f"{len(group)} armed clash(es) between signatory parties in {place} "
                f"({region}), covered by ceasefire commitment {commitment.code} of "
                f"{agreement.code}."
            ),
            window_start=min(link.event_date for link in group),
            window_end=max(link.event_date for link in group),
            cooldown=CEASEFIRE_COOLDOWN,
            producer=PRODUCER,
            event_ids=[link.event_id for link in group],
            admin1=region_names().get(admin1) if admin1 else None,
            admin1_pcode=admin1,
            details={"agreement": agreement.code, "commitment": commitment.code, "region": region},
        )
        alert, created = raise_alert(session, draft, now)
        (result.alerts_raised if created else result.alerts_updated).append(alert.id)
