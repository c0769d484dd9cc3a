"""A small world for rapid-reaction tests: a roster for Gao and an alert raised on one report."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from sentinelle.alerts import AlertDraft, ResponseConfig, raise_alert
from sentinelle.alerts.responders import ResponderDraft, upsert_responder
from sentinelle.store import AlertSeverity, Database
from sentinelle.store.models import Document, Event, EventSource, Source
from sentinelle.store.models.response import ResponderRole

T0 = dt.datetime(2015, 11, 20, 8, 0, tzinfo=dt.UTC)
SECRET = "contact-group-secret"
# Makes each raised alert, its report and its event distinct within one store.
_SERIAL = itertools.count(1)


def build_roster(db: Database, webhook_base: str) -> None:
    """Two responders on call in Gao (Awa first, Bakary second) and a coordinator."""
    drafts = [
        ResponderDraft(
            "Awa",
            ResponderRole.RESPONDER,
            ["Gao"],
            ["security"],
            1,
            "awa@example.org",
            f"{webhook_base}/awa",
        ),
        ResponderDraft("Bakary", ResponderRole.RESPONDER, ["Gao"], [], 2, "bakary@example.org"),
        ResponderDraft(
            "Coumba",
            ResponderRole.COORDINATOR,
            ["*"],
            [],
            1,
            "coumba@example.org",
            f"{webhook_base}/coumba",
        ),
        ResponderDraft("Djibril", ResponderRole.RESPONDER, ["Kidal"], [], 1, "dj@example.org"),
    ]
    with db.session() as session:
        for draft in drafts:
            upsert_responder(session, draft)


def config_for(smtp_port: int, webhook_base: str) -> ResponseConfig:
    """Channels pointing at the loopback receivers, signed webhooks, quick retries."""
    return ResponseConfig(
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        group_webhook_url=f"{webhook_base}/group",
        webhook_secret=SECRET,
        backoff=dt.timedelta(seconds=10),
        max_attempts=3,
        timeout_s=5,
    )


def raise_reported_alert(
    db: Database, severity: AlertSeverity = AlertSeverity.HIGH, region: str = "Gao"
) -> int:
    """An alert raised at T0 on one event that rests on one document; returns its id."""
    serial = next(_SERIAL)
    with db.session() as session:
        source = Source(kind="html", origin=f"https://news.example.org/{region}/{serial}")
        session.add(source)
        session.flush()
        text = f"Armed men attacked market {serial} near {region} on 19 November 2015."
        document = Document(
            source_id=source.id,
            kind="html",
            origin=source.origin,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
        )
        event = Event(
            event_id_cnty=f"TEST-{region}-{serial}",
            event_date=dt.date(2015, 11, 19),
            year=2015,
            event_type="Violence against civilians",
            sub_event_type="Attack",
            actor1="Unidentified Armed Group (Mali)",
            admin1=region,
            fatalities=3,
            attribution_status="suspected",
            producer="test.v1",
        )
        session.add_all([document, event])
        session.flush()
        session.add(EventSource(event_id=event.id, document_id=document.id, producer="test.v1"))
        draft = AlertDraft(
            key=f"attack:{region}:{serial}",
            rule="attack-on-civilians",
            detector="threshold",
            severity=severity,
            title=f"Attack on civilians near {region}",
            explanation="3 killed at a market; one report so far.",
            window_start=dt.date(2015, 11, 19),
            window_end=dt.date(2015, 11, 19),
            cooldown=dt.timedelta(days=7),
            producer="test.v1",
            event_ids=[event.id],
            admin1=region,
        )
        alert, _ = raise_alert(session, draft, T0)
        return alert.id
