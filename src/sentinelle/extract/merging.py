"""One real event, many reports: merge events across sentences and documents.

Two reports are the same event when they share the event family, lie in the same locality or
within ``MAX_DISTANCE_KM`` (in the same cercle when one is placed only near a place, anywhere
in the region when one is placed only by region), their dates fall within each other's
precision window, and their actors do not contradict. The merged event keeps every report's
evidence, takes the best-supported fatality figure with the range, and the strongest
attribution some source supports, naming that source.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

from sentinelle.extract.actors import CROWDS, VAGUE_NAMES
from sentinelle.extract.events import ExtractedEvent
from sentinelle.store.enums import AttributionStatus, GeoPrecision, TimePrecision

# Reports of one event place it within this distance (ACLED codes the nearest town).
MAX_DISTANCE_KM = 25.0
# Days either side a date of each precision may stand for.
DATE_WINDOW = {TimePrecision.DAY: 1, TimePrecision.WEEK: 7, TimePrecision.MONTH: 31}
# Actors that cannot contradict a named one: they say only that someone did it.
VAGUE_ACTORS: set[str | None] = {None, *VAGUE_NAMES}
_EARTH_KM = 6371.0
# A protest that met force, or turned violent, is one event told at its worst: ACLED codes
# the intervention or the violence, not the peaceful start.
_CROWD_TYPES = set(CROWDS)
_CROWD_RANK = {
    "Peaceful protest": 0,
    "Protest with intervention": 1,
    "Violent demonstration": 2,
    "Excessive force against protesters": 2,
}


def same_event(a: ExtractedEvent, b: ExtractedEvent, *, same_document: bool = False) -> bool:
    """True when two reports describe one real event.

    ``same_document``: two passages of one document, where an undated passage joins a dated
    one, and places the document names apart stay apart, even in one cercle.
    """
    return (
        (a.event_type == b.event_type or {a.event_type, b.event_type} == _CROWD_TYPES)
        and _same_place(a, b, same_document=same_document)
        and (_dates_agree(a, b) or (same_document and (a.date_is_fallback or b.date_is_fallback)))
        and _actors_agree(a, b)
    )


def merge_within_document(events: Sequence[ExtractedEvent]) -> list[ExtractedEvent]:
    """Merge the sentences of one document that report the same event (undated ones join)."""
    merged: list[ExtractedEvent] = []
    for event in events:
        target = next((m for m in merged if same_event(m, event, same_document=True)), None)
        if target is None:
            merged.append(event)
        else:
            absorb(target, event, same_source=True)
    return merged


def merge_events(events: Sequence[ExtractedEvent]) -> list[ExtractedEvent]:
    """Merge reports from different documents (each event's ``sources`` names its document)."""
    merged: list[ExtractedEvent] = []
    for event in events:
        target = next((m for m in merged if same_event(m, event)), None)
        if target is None:
            merged.append(event)
        else:
            absorb(target, event, same_source=False)
    return merged


def absorb(target: ExtractedEvent, other: ExtractedEvent, *, same_source: bool) -> None:
    """Fold ``other`` into ``target``: sharper fields win, evidence and sources add up."""
    if _sharper_date(other, target):
        target.event_date, target.time_precision = other.event_date, other.time_precision
        target.date_is_fallback = other.date_is_fallback
    if _CROWD_RANK.get(other.sub_event_type, -1) > _CROWD_RANK.get(target.sub_event_type, 9):
        _escalate(target, other)
    if _better_place(other, target):
        for name in ("country", "admin1", "admin2", "location", "latitude", "longitude",
                     "geo_precision", "admin1_pcode", "admin2_pcode", "place_id",
                     "place_inferred"):  # fmt: skip
            setattr(target, name, getattr(other, name))
    vaguer = target.actor1 in VAGUE_ACTORS and other.actor1 not in VAGUE_ACTORS
    if vaguer or (target.actor1 is None and other.actor1 is not None):
        _swap_actors(target, other)
    elif target.actor2 is None and other.actor2 is not None and other.actor2 != target.actor1:
        target.actor2, target.inter2 = other.actor2, other.inter2
    _merge_counts(target, other, same_source=same_source)
    target.attributions.extend(other.attributions)
    target.attribution_status = strongest_status(target)
    target.evidence.extend(other.evidence)
    target.sources.extend(s for s in other.sources if s not in target.sources)
    target.confidence = max(target.confidence, other.confidence)


def _escalate(target: ExtractedEvent, other: ExtractedEvent) -> None:
    """The protest is coded at its worst; a crowd that turned violent is rioters (ACLED)."""
    target.sub_event_type, target.event_type = other.sub_event_type, other.event_type
    target.disorder_type = other.disorder_type
    crowd = CROWDS.get(target.event_type)
    if crowd is not None and target.actor1 in {entry.name for entry in CROWDS.values()}:
        target.actor1, target.inter1 = crowd.name, int(crowd.actor_type)


def _better_place(candidate: ExtractedEvent, current: ExtractedEvent) -> bool:
    """A place a report gives the event beats one inferred from where a report speaks of;
    then the more precise wins."""
    if current.location is None:
        return True
    if candidate.location is None or candidate.place_inferred != current.place_inferred:
        return candidate.location is not None and current.place_inferred
    return candidate.geo_precision is not None and candidate.geo_precision < (
        current.geo_precision or 4
    )


def strongest_status(event: ExtractedEvent) -> str:
    """The strongest status any report supports for actor1 (hedges are never upgraded)."""
    statuses = [
        AttributionStatus(a["status"]) for a in event.attributions if a["actor"] == event.actor1
    ]
    if not statuses:
        return event.attribution_status
    return max(statuses, key=lambda s: s.rank).value


def _swap_actors(target: ExtractedEvent, other: ExtractedEvent) -> None:
    """A named perpetrator replaces a vague one, and a vague one none; whom the event fell on
    stays ("ISGS claimed the attack", read as an attack on civilians, does not replace the
    patrol it hit)."""
    target.actor1, target.inter1 = other.actor1, other.inter1
    if target.actor2 is None or target.actor2 == other.actor1:
        target.actor2, target.inter2 = other.actor2, other.inter2
    target.attribution_status = other.attribution_status


def _merge_counts(target: ExtractedEvent, other: ExtractedEvent, *, same_source: bool) -> None:
    for name in ("injured", "hostages"):
        mine, theirs = getattr(target, name), getattr(other, name)
        if theirs is not None and (mine is None or theirs > mine):
            setattr(target, name, theirs)
    figures = [f for f in _figures(target) + _figures(other) if f is not None]
    if not figures:
        return
    if same_source:
        target.fatalities = max(figures)
    else:
        counts = Counter(figures)
        target.fatalities = max(counts, key=lambda f: (counts[f], f))
    target.fatalities_min, target.fatalities_max = min(figures), max(figures)


def _figures(event: ExtractedEvent) -> list[int | None]:
    if event.fatalities_min is not None and event.fatalities_max is not None:
        return [event.fatalities_min, event.fatalities_max, event.fatalities]
    return [event.fatalities]


def _same_place(a: ExtractedEvent, b: ExtractedEvent, *, same_document: bool) -> bool:
    if a.location is None or b.location is None:
        return True
    if a.location == b.location:
        return True
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return a.admin1 == b.admin1 and (a.geo_precision == 3 or b.geo_precision == 3)
    if max(a.geo_precision or 1, b.geo_precision or 1) >= GeoPrecision.REGION:
        return a.admin1 == b.admin1
    if distance_km(a, b) <= MAX_DISTANCE_KM:
        return True
    near = GeoPrecision.NEAR in (a.geo_precision, b.geo_precision)
    return near and not same_document and _same_cercle(a, b)


def _same_cercle(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """A report placed only near a place, or by the place its report speaks of, can be
    anywhere in that cercle: it matches an event the cercle holds."""
    return a.admin2_pcode is not None and a.admin2_pcode == b.admin2_pcode


def _dates_agree(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    window = max(
        DATE_WINDOW[TimePrecision(a.time_precision)], DATE_WINDOW[TimePrecision(b.time_precision)]
    )
    if TimePrecision.MONTH in (a.time_precision, b.time_precision):
        return (a.event_date.year, a.event_date.month) == (b.event_date.year, b.event_date.month)
    return abs((a.event_date - b.event_date).days) <= window


def _actors_agree(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    if a.actor1 in VAGUE_ACTORS or b.actor1 in VAGUE_ACTORS:
        return True
    names_a = {a.actor1, a.actor2} - {None}
    names_b = {b.actor1, b.actor2} - {None}
    return bool(names_a & names_b)


def _sharper_date(candidate: ExtractedEvent, current: ExtractedEvent) -> bool:
    if current.date_is_fallback and not candidate.date_is_fallback:
        return True
    if candidate.date_is_fallback:
        return False
    return candidate.time_precision < current.time_precision


def distance_km(a: ExtractedEvent, b: ExtractedEvent) -> float:
    """Great-circle distance between two located events."""
    return haversine_km(
        a.latitude or 0.0, a.longitude or 0.0, b.latitude or 0.0, b.longitude or 0.0
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(h))


def window_of(event: ExtractedEvent) -> tuple[dt.date, dt.date]:
    """The dates a report of this precision may match, for store queries."""
    days = DATE_WINDOW[TimePrecision(event.time_precision)]
    return event.event_date - dt.timedelta(days=days), event.event_date + dt.timedelta(days=days)
