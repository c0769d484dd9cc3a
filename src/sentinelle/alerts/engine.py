"""The rule engine: run each rule's detector, keep the signals it accepts, raise alerts.

Raising goes through ``raise_alerts`` (``raise_alert`` in bulk): a situation (rule, region,
subject) that fires again within the rule's cool-down updates its open alert instead of
raising another.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from sentinelle.alerts.raising import AlertDraft, raise_alerts
from sentinelle.alerts.rules import Rule, RuleSet
from sentinelle.analyze.signals import DETECTORS, DetectionContext, DetectorParams, Signal

log = logging.getLogger(__name__)

PRODUCER = "alerts.engine.v1"
# Evidence events attached per alert, the latest kept: a reader checks a few dozen reports,
# and a forecast alert's "recent events" of a busy region would otherwise run to hundreds.
MAX_EVIDENCE = 50


@dataclass(frozen=True)
class Firing:
    """A rule that accepted a detector's signal."""

    rule: Rule
    signal: Signal

    @property
    def key(self) -> str:
        """The situation's identity: one open alert per key."""
        s = self.signal
        return f"{self.rule.name}:{s.country}:{s.admin1}:{s.subject}"


@dataclass
class EngineSummary:
    """What one run of the rules did."""

    fired: int = 0
    raised: int = 0
    updated: int = 0


def evaluate_rules(
    ruleset: RuleSet, params: dict[str, DetectorParams], context: DetectionContext
) -> list[Firing]:
    """Every signal a rule accepts as of ``context.as_of`` (detectors run once per rule)."""
    firings = []
    for rule in ruleset.rules:
        if not rule.enabled:
            continue
        for signal in DETECTORS[rule.detector].detect(context, params[rule.name]):
            if not rule.watches(signal.admin1):
                continue
            if rule.min_score is not None and signal.score < rule.min_score:
                continue
            firings.append(Firing(rule, signal))
    return firings


def draft_alert(firing: Firing) -> AlertDraft:
    """The alert a firing asks for, with its one-paragraph explanation."""
    rule, signal = firing.rule, firing.signal
    explanation = (
        f"{signal.summary} Rule {rule.name!r} ({rule.description or rule.detector}) fired "
        f"on this with score {signal.score:.2f}; {len(signal.event_ids)} evidence event(s) "
        "are attached. Perpetrators are named only when claimed or confirmed by two or more "
        "sources."
    )
    title = f"{rule.detector.replace('_', ' ').capitalize()} in {signal.admin1} ({signal.country})"
    return AlertDraft(
        key=firing.key,
        rule=rule.name,
        detector=rule.detector,
        severity=rule.severity,
        title=title,
        explanation=explanation,
        window_start=signal.window_start,
        window_end=signal.window_end,
        cooldown=dt.timedelta(days=rule.cooldown_days),
        producer=PRODUCER,
        event_ids=signal.event_ids[-MAX_EVIDENCE:],
        country=signal.country,
        admin1=signal.admin1,
        score=signal.score,
        details={"facts": signal.facts, "subject": signal.subject},
    )


def apply_rules(
    session: Session,
    ruleset: RuleSet,
    params: dict[str, DetectorParams],
    contexts: list[DetectionContext],
    now: dt.datetime,
) -> EngineSummary:
    """Evaluate the rules as of each context's date and raise or update their alerts.

    Firings of one situation across the dates of a run become one draft (the latest
    signal, with every date's evidence), so a catch-up raises one alert per situation.
    """
    summary = EngineSummary()
    drafts: dict[str, AlertDraft] = {}
    for context in contexts:
        for firing in evaluate_rules(ruleset, params, context):
            summary.fired += 1
            draft = draft_alert(firing)
            earlier = drafts.get(firing.key)
            if earlier is not None:
                draft = replace(
                    draft,
                    window_start=min(earlier.window_start, draft.window_start),
                    event_ids=tuple(dict.fromkeys((*earlier.event_ids, *draft.event_ids)))[
                        -MAX_EVIDENCE:
                    ],
                )
            drafts[firing.key] = draft
    for _, created in raise_alerts(session, list(drafts.values()), now):
        if created:
            summary.raised += 1
        else:
            summary.updated += 1
    log.info(
        "rules fired %d times: %d alerts raised, %d updated",
        summary.fired,
        summary.raised,
        summary.updated,
    )
    return summary
