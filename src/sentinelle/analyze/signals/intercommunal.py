"""Intercommunal violence: identity militias of different communities fighting each other.

Counts clashes between two identity militias (ACLED actor type 4) whose communities differ
(dictionary community, else the community in ACLED's "X Ethnic Militia" name), and, with
``include_civilians``, identity militias' attacks on civilians.
"""

from __future__ import annotations

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
    plural,
)
from sentinelle.analyze.wording import perpetrators_summary

IDENTITY_MILITIA = 4  # ACLED inter code
CIVILIANS = 7  # ACLED inter code


class IntercommunalParams(DetectorParams):
    """Window, least count, and whether militia attacks on civilians count."""

    window_days: int = Field(14, gt=0, description="How recent the violence must be.")
    min_events: int = Field(2, gt=0, description="Events needed in the window.")
    include_civilians: bool = Field(
        True, description="Count identity militias' attacks on civilians too."
    )


class IntercommunalDetector(Detector):
    """Identity-militia violence across communities, per region."""

    name: ClassVar[str] = "intercommunal"
    params_model: ClassVar[type[DetectorParams]] = IntercommunalParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, IntercommunalParams):
            raise TypeError("intercommunal expects IntercommunalParams")
        found = [
            r for r in context.recent(params.window_days) if _intercommunal(r, context, params)
        ]
        signals = []
        for region, events in sorted(group_by_region(found).items()):
            if len(events) < params.min_events:
                continue
            communities = sorted(
                {
                    c
                    for e in events
                    for c in (
                        context.actors.community(e.actor1_id, e.actor1),
                        context.actors.community(e.actor2_id, e.actor2),
                    )
                    if c
                }
            )
            summary = (
                f"{plural(len(events), 'violent event')} involving identity militias of "
                f"different communities in {region[1]} ({region[0]}) in {params.window_days} "
                f"days to {context.as_of.isoformat()}{killed(events)}; communities involved: "
                f"{', '.join(communities) or 'not recorded'}; {perpetrators_summary(events)}."
            )
            signals.append(
                Signal.counting(
                    self.name,
                    region,
                    events,
                    context.as_of,
                    summary,
                    {"events": len(events), "communities": communities},
                )
            )
        return signals


def _actor_type(
    context: DetectionContext, actor_id: int | None, name: str | None, inter: int
) -> int:
    info = context.actors.find(actor_id, name)
    return info.actor_type if info is not None else inter


def _intercommunal(
    record: EventRecord, context: DetectionContext, params: IntercommunalParams
) -> bool:
    if not record.violent:
        return False
    one = _actor_type(context, record.actor1_id, record.actor1, record.inter1)
    two = _actor_type(context, record.actor2_id, record.actor2, record.inter2)
    if one == IDENTITY_MILITIA and two == IDENTITY_MILITIA:
        first = context.actors.community(record.actor1_id, record.actor1)
        second = context.actors.community(record.actor2_id, record.actor2)
        return (first or record.actor1) != (second or record.actor2)
    return params.include_civilians and one == IDENTITY_MILITIA and two == CIVILIANS
