"""Events and alerts in known regions, written through the store and raise_alert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sentinelle.alerts import AlertDraft, raise_alert
from sentinelle.store import AlertSeverity, Database, SourceKind
from sentinelle.store.models import Document, Event, EventSource, Source

REGIONS = {
    "Bamako": ("ML09", 12.65, -8.0),
    "Mopti": ("ML05", 14.49, -4.19),
    "Kidal": ("ML08", 18.44, 1.41),
}


@dataclass
class Seeded:
    """Ids of what was seeded, by region."""

    events: dict[str, int]
    alerts: dict[str, int]
    documents: dict[str, int]


def seed_regions(database: Database) -> Seeded:
    """One document, one event and one alert in each of Bamako, Mopti and Kidal."""
    now = dt.datetime(2015, 11, 21, 12, tzinfo=dt.UTC)
    events, alerts, documents = {}, {}, {}
    with database.session() as session:
        source = Source(kind=SourceKind.TEXT.value, origin="tests", name="tests")
        session.add(source)
        session.flush()
        for index, (region, (pcode, lat, lon)) in enumerate(REGIONS.items()):
            text = f"On 20 November 2015 gunmen attacked a post in {region}, killing {index + 2}."
            document = Document(
                source_id=source.id,
                kind=SourceKind.TEXT.value,
                origin=f"tests:{region}",
                content_hash=f"{index:064d}",
                title=f"Attack in {region}",
                text=text,
                published_on=dt.date(2015, 11, 21),
            )
            session.add(document)
            session.flush()
            event = Event(
                event_id_cnty=f"TEST{index}",
                event_date=dt.date(2015, 11, 20),
                year=2015,
                event_type="Violence against civilians",
                sub_event_type="Attack",
                actor1="Unidentified Armed Group (Mali)",
                admin1=region,
                admin1_pcode=pcode,
                location=region,
                latitude=lat,
                longitude=lon,
                fatalities=index + 2,
                attribution_status="unknown",
                producer="tests.v1",
            )
            session.add(event)
            session.flush()
            span = {
                "start": text.index("gunmen"),
                "end": text.index("gunmen") + 6,
                "field": "actor1",
            }
            session.add(
                EventSource(
                    event_id=event.id,
                    document_id=document.id,
                    producer="tests.v1",
                    evidence=[span],
                )
            )
            alert, _ = raise_alert(
                session,
                AlertDraft(
                    key=f"test:{region}",
                    rule="test_rule",
                    detector="tests",
                    severity=AlertSeverity.HIGH,
                    title=f"Attack in {region}",
                    explanation="seeded for tests",
                    window_start=dt.date(2015, 11, 20),
                    window_end=dt.date(2015, 11, 20),
                    cooldown=dt.timedelta(days=7),
                    producer="tests.v1",
                    event_ids=[event.id],
                    admin1=region,
                    admin1_pcode=pcode,
                ),
                now,
            )
            events[region], alerts[region], documents[region] = event.id, alert.id, document.id
    return Seeded(events, alerts, documents)
