"""Hand-made events and contexts for the detector tests (no ACLED rows: invented events)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from sentinelle.analyze.actors import ActorDirectory, ActorInfo
from sentinelle.analyze.records import EventRecord, History
from sentinelle.analyze.signals import DailySeries, DetectionContext
from sentinelle.store.enums import AttributionStatus

_ids = itertools.count(1)

CMA = "CMA: Coordination of Movements of the Azawad"
GATIA = "GATIA: Imghad Tuareg and Allies Self-Defense Group"
JNIM = "JNIM: Group for Support of Islam and Muslims"
MINUSMA = "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali"


def event(
    date: dt.date,
    admin1: str = "Kidal",
    event_type: str = "Battles",
    actor1: str | None = "Unidentified Armed Group (Mali)",
    actor2: str | None = "Civilians (Mali)",
    *,
    inter1: int = 3,
    inter2: int = 7,
    fatalities: int = 0,
    sub_event_type: str | None = None,
    attribution: AttributionStatus = AttributionStatus.CONFIRMED,
    sources: int = 2,
    country: str = "Mali",
) -> EventRecord:
    """One invented event."""
    return EventRecord(
        id=next(_ids),
        date=date,
        country=country,
        admin1=admin1,
        admin2=None,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        inter1=inter1,
        inter2=inter2,
        fatalities=fatalities,
        attribution=attribution,
        sources=sources,
    )


def directory() -> ActorDirectory:
    """The signatories and spoilers the tests need, as the actor dictionary would give them."""
    actors = ActorDirectory()
    actors.add(None, ActorInfo("CMA", 2, True, "Ifoghas Tuareg"), (CMA,))
    actors.add(None, ActorInfo("GATIA", 3, True, "Imghad Tuareg"), (GATIA,))
    actors.add(None, ActorInfo("JNIM", 2, False, None), (JNIM,))
    return actors


def context(records: Sequence[EventRecord], as_of: dt.date) -> DetectionContext:
    """What a detector sees on ``as_of`` among ``records``."""
    history = History(records)
    visible = history.until(as_of)
    return DetectionContext(
        history=visible, as_of=as_of, actors=directory(), series=DailySeries(history)
    )
