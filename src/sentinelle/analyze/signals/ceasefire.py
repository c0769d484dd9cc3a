"""Ceasefire violation: an armed clash between two parties that both signed the agreement.

Signatories come from the actor dictionary (``actors.signatory_2015``), matched by actor id
or by name. A clash counts once an agreement is in force: after one of ``agreement_dates``
or, with ``use_agreement_events``, after an ACLED "Agreement" event in the same country.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field

from sentinelle.analyze.records import EventRecord
from sentinelle.analyze.signals.base import (
    DetectionContext,
    Detector,
    DetectorParams,
    Signal,
    group_by_region,
    killed,
)
from sentinelle.analyze.wording import parties_label

CLASH_TYPES = ("Battles",)  # ACLED's event type of armed clashes between organised parties


class CeasefireParams(DetectorParams):
    """When agreements took effect, and how many clashes in how long make a violation."""

    window_days: int = Field(7, gt=0, description="How recent the clashes must be.")
    min_events: int = Field(1, gt=0, description="Clashes needed in the window.")
    agreement_dates: list[dt.date] = Field(
        default_factory=lambda: [dt.date(2014, 5, 23), dt.date(2015, 6, 20)],
        description="Ceasefires and agreements in force from these dates (Mali: Kidal "
        "ceasefire of 23 May 2014, Bamako agreement of 20 June 2015).",
    )
    use_agreement_events: bool = Field(
        True, description="Also count ACLED 'Agreement' events as agreements in force."
    )


class CeasefireViolationDetector(Detector):
    """Clashes between two signatories after an agreement, per region."""

    name: ClassVar[str] = "ceasefire_violation"
    params_model: ClassVar[type[DetectorParams]] = CeasefireParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, CeasefireParams):
            raise TypeError("ceasefire_violation expects CeasefireParams")
        clashes = [r for r in context.recent(params.window_days) if self._violates(r, context)]
        signals = []
        for region, events in sorted(group_by_region(clashes).items()):
            in_force = _agreement_before(context, params, region[0], min(e.date for e in events))
            if in_force is None or len(events) < params.min_events:
                continue
            parties = "; ".join(dict.fromkeys(parties_label(e) for e in events))
            summary = (
                f"{_clashes(len(events))} between signatory parties in {region[1]} "
                f"({region[0]}) in {params.window_days} days to {context.as_of.isoformat()}"
                f"{killed(events)}, after the agreement in force since {in_force.isoformat()}; "
                f"parties: {parties}."
            )
            signals.append(
                Signal.counting(
                    self.name,
                    region,
                    events,
                    context.as_of,
                    summary,
                    {"clashes": len(events), "agreement": in_force.isoformat()},
                )
            )
        return signals

    @staticmethod
    def _violates(record: EventRecord, context: DetectionContext) -> bool:
        if record.event_type not in CLASH_TYPES or not record.actor1 or not record.actor2:
            return False
        one = context.actors.find(record.actor1_id, record.actor1)
        two = context.actors.find(record.actor2_id, record.actor2)
        return (
            one is not None and two is not None and one != two and one.signatory and two.signatory
        )


def _agreement_before(
    context: DetectionContext, params: CeasefireParams, country: str, date: dt.date
) -> dt.date | None:
    """The latest agreement in force on ``date`` (configured or an Agreement event)."""
    dates = [day for day in params.agreement_dates if day <= date]
    if params.use_agreement_events:
        dates += [
            r.date for r in context.history.agreements() if r.date <= date and r.country == country
        ]
    return max(dates) if dates else None


def _clashes(count: int) -> str:
    return "1 armed clash" if count == 1 else f"{count} armed clashes"
