"""Surge: a region's last week far above its own seasonal baseline, with how surprising it is.

The baseline is a Poisson regression of the region's weekly counts on an annual harmonic
(sin, cos of the week of year) over the previous ``baseline_weeks``, fitted by IRLS; the
overdispersion of those weeks gives a negative binomial, and the signal's score is
-log10 P(X >= observed) under it: 2 means a 1-in-100 week, 3 a 1-in-1,000 week.
"""

from __future__ import annotations

import math
from typing import ClassVar, Literal

import numpy as np
from pydantic import Field
from scipy import stats

from sentinelle.analyze.records import EventRecord
from sentinelle.analyze.signals.base import (
    DetectionContext,
    Detector,
    DetectorParams,
    Signal,
    group_by_region,
)
from sentinelle.analyze.wording import perpetrators_summary

WEEK_DAYS = 7
IRLS_ITERATIONS = 25  # the 3-parameter fit converges in well under 10 steps
TINY = 1e-9  # floor of a fitted mean, keeps logs finite in quiet regions
# A region's mean can be 0 for years; some floor keeps a first event from being "infinitely"
# surprising (one event a year, spread over 52 weeks).
MIN_WEEKLY_MEAN = 1 / 52


class SurgeParams(DetectorParams):
    """What is counted, the baseline length and the least count worth a signal."""

    measure: Literal["events", "fatalities"] = Field(
        "events", description="Count violent events or their fatalities."
    )
    baseline_weeks: int = Field(156, gt=4, description="Weeks before the last one to fit.")
    min_count: int = Field(3, gt=0, description="Least count in the last week to consider.")
    max_p: float = Field(0.01, gt=0, le=1, description="Tail probability at most this fires.")


class SurgeDetector(Detector):
    """The last 7 days' count against a seasonal negative binomial baseline of the region."""

    name: ClassVar[str] = "surge"
    params_model: ClassVar[type[DetectorParams]] = SurgeParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, SurgeParams):
            raise TypeError("surge expects SurgeParams")
        fatal = params.measure == "fatalities"
        recent = [r for r in context.recent(WEEK_DAYS) if r.violent]
        signals = []
        for region, events in sorted(group_by_region(recent).items()):
            weeks = context.series.weekly(region, context.as_of, params.baseline_weeks + 1, fatal)
            observed = int(weeks[-1])
            if observed < params.min_count:
                continue
            expected, alpha = fit_seasonal_baseline(weeks[:-1], context.as_of.isocalendar()[1])
            p_value = tail_probability(observed, expected, alpha)
            if p_value > params.max_p:
                continue
            signals.append(
                self._signal(context, region, events, observed, expected, p_value, params)
            )
        return signals

    def _signal(
        self,
        context: DetectionContext,
        region: tuple[str, str],
        events: list[EventRecord],
        observed: int,
        expected: float,
        p_value: float,
        params: SurgeParams,
    ) -> Signal:
        what = "violent events" if params.measure == "events" else "fatalities"
        summary = (
            f"{observed} {what} in {region[1]} ({region[0]}) in the 7 days to "
            f"{context.as_of.isoformat()}, against {expected:.1f} expected for the season "
            f"from the past {params.baseline_weeks} weeks: a week this bad has probability "
            f"{_probability(p_value)} under the region's baseline; {perpetrators_summary(events)}."
        )
        return Signal(
            detector=self.name,
            country=region[0],
            admin1=region[1],
            window_start=min(event.date for event in events),
            window_end=context.as_of,
            score=-math.log10(max(p_value, 1e-300)),
            summary=summary,
            event_ids=tuple(event.id for event in events),
            subject=params.measure,
            facts={"observed": observed, "expected": round(expected, 3), "p_value": p_value},
        )


def fit_seasonal_baseline(weeks: np.ndarray, week_of_year: int) -> tuple[float, float]:
    """Expected count for the next week and the NB dispersion alpha (var = mu + alpha mu^2)."""
    counts = weeks.astype(float)
    n = len(counts)
    # Week-of-year of each baseline week, the last one just before the week predicted.
    woy = (week_of_year - np.arange(n, 0, -1)) % 52
    design = np.column_stack(
        [np.ones(n), np.sin(2 * np.pi * woy / 52), np.cos(2 * np.pi * woy / 52)]
    )
    mean = max(counts.mean(), MIN_WEEKLY_MEAN)
    beta = np.array([math.log(mean), 0.0, 0.0])
    if counts.sum() > 0:
        beta = _poisson_irls(design, counts, beta)
    angle = 2 * np.pi * (week_of_year % 52) / 52
    expected = max(
        math.exp(beta @ np.array([1.0, math.sin(angle), math.cos(angle)])), MIN_WEEKLY_MEAN
    )
    fitted = np.maximum(np.exp(design @ beta), TINY)
    pearson = float(((counts - fitted) ** 2 / fitted).sum() / max(n - 3, 1))
    alpha = max(0.0, (pearson - 1.0) / max(float(fitted.mean()), TINY))
    return expected, alpha


def _poisson_irls(design: np.ndarray, counts: np.ndarray, beta: np.ndarray) -> np.ndarray:
    for _ in range(IRLS_ITERATIONS):
        mu = np.maximum(np.exp(design @ beta), TINY)
        z = design @ beta + (counts - mu) / mu
        weighted = design * mu[:, None]
        try:
            new = np.linalg.solve(design.T @ weighted + 1e-6 * np.eye(3), weighted.T @ z)
        except np.linalg.LinAlgError:
            return beta
        if np.allclose(new, beta, atol=1e-6):
            return np.asarray(new)
        beta = np.clip(new, -30, 30)
    return beta


def tail_probability(observed: int, expected: float, alpha: float) -> float:
    """P(X >= observed) under a negative binomial (Poisson when alpha is 0)."""
    if alpha <= 1e-9:
        return float(stats.poisson.sf(observed - 1, expected))
    size = 1.0 / alpha
    return float(stats.nbinom.sf(observed - 1, size, size / (size + expected)))


def _probability(p_value: float) -> str:
    return f"1 in {1 / p_value:,.0f}" if p_value > 0 else "practically 0"
