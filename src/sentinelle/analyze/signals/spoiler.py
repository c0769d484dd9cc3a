"""Spoiler reaction: non-signatory armed groups' violence soon after a peace milestone.

A milestone is an ACLED "Agreement" event or a configured date (a local accord such as
Anefis). Violence by armed groups that did not sign, within ``window_days`` after it, in the
milestone's region or a neighbouring one, fires. A milestone in a capital district (or with
no region) is national: every region of the country is watched.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from sentinelle.analyze.geography import is_capital, same_or_neighbour
from sentinelle.analyze.records import ARMED_NON_STATE, EventRecord
from sentinelle.analyze.signals.base import (
    DetectionContext,
    Detector,
    DetectorParams,
    Signal,
    group_by_region,
    killed,
    plural,
)
from sentinelle.analyze.wording import perpetrators_summary

AGREEMENT = "Agreement"  # ACLED's sub-event type of a signed agreement


class Milestone(BaseModel):
    """A peace milestone given in the rules file (a date, its country and region)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    name: str
    country: str
    admin1: str | None = None


class SpoilerParams(DetectorParams):
    """How long after a milestone, which milestones, and whether unidentified groups count."""

    window_days: int = Field(30, gt=0, description="Days after a milestone that are watched.")
    min_events: int = Field(1, gt=0, description="Violent events needed.")
    milestones: list[Milestone] = Field(
        default_factory=list, description="Milestones beyond ACLED's Agreement events."
    )
    use_agreement_events: bool = Field(True, description="Count ACLED Agreement events.")
    include_unidentified: bool = Field(
        False, description="Count violence by unidentified armed groups as spoiler violence."
    )


class SpoilerReactionDetector(Detector):
    """Non-signatory armed violence within N days after a milestone, nearby."""

    name: ClassVar[str] = "spoiler_reaction"
    params_model: ClassVar[type[DetectorParams]] = SpoilerParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, SpoilerParams):
            raise TypeError("spoiler_reaction expects SpoilerParams")
        signals = []
        spoiler: dict[int, bool] = {}  # per event: milestones share most of their window
        for milestone in self._milestones(context, params):
            end = min(context.as_of, milestone.date + dt.timedelta(days=params.window_days))
            after = context.history.between(milestone.date + dt.timedelta(days=1), end)
            spoilers = []
            for r in after:
                if not _watched(r, milestone):
                    continue
                if r.id not in spoiler:
                    spoiler[r.id] = _spoiler(r, context, params)
                if spoiler[r.id]:
                    spoilers.append(r)
            for region, events in sorted(group_by_region(spoilers).items()):
                if len(events) >= params.min_events:
                    signals.append(self._signal(context, milestone, region, events))
        return signals

    def _milestones(self, context: DetectionContext, params: SpoilerParams) -> list[Milestone]:
        since = context.as_of - dt.timedelta(days=params.window_days)
        chosen = [m for m in params.milestones if since <= m.date <= context.as_of]
        if params.use_agreement_events:
            chosen += [
                Milestone(
                    date=r.date,
                    name=f"agreement of {r.date.isoformat()}",
                    country=r.country,
                    admin1=r.admin1,
                )
                for r in context.history.between(since, context.as_of)
                if r.sub_event_type == AGREEMENT
            ]
        return list(dict.fromkeys(chosen))

    def _signal(
        self,
        context: DetectionContext,
        milestone: Milestone,
        region: tuple[str, str],
        events: list[EventRecord],
    ) -> Signal:
        days = (max(e.date for e in events) - milestone.date).days
        summary = (
            f"{plural(len(events), 'violent event')} by armed groups that did not sign, in "
            f"{region[1]} ({region[0]}) within {days} days after the {milestone.name}"
            f"{killed(events)}; {perpetrators_summary(events)}."
        )
        return Signal(
            detector=self.name,
            country=region[0],
            admin1=region[1],
            window_start=milestone.date,
            window_end=context.as_of,
            score=float(len(events)),
            summary=summary,
            event_ids=tuple(e.id for e in events),
            subject=milestone.date.isoformat(),
            facts={"milestone": milestone.name, "events": len(events)},
        )


def _watched(record: EventRecord, milestone: Milestone) -> bool:
    if record.country != milestone.country or not record.admin1:
        return False
    if milestone.admin1 is None or is_capital(milestone.admin1):
        return True
    return same_or_neighbour(milestone.admin1, record.admin1)


def _spoiler(record: EventRecord, context: DetectionContext, params: SpoilerParams) -> bool:
    if not record.violent:
        return False
    if record.perpetrator_unknown:
        return params.include_unidentified and record.inter1 in ARMED_NON_STATE
    info = context.actors.find(record.actor1_id, record.actor1)
    armed = (info.actor_type if info else record.inter1) in ARMED_NON_STATE
    return armed and not (info is not None and info.signatory)
