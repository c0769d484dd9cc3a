"""Where the rapid-reaction code gets the time: injected, so tests and replays drive it."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current time as an aware UTC datetime."""

    def now(self) -> dt.datetime:
        """The current time."""
        ...


class SystemClock:
    """The machine's clock, in UTC."""

    def now(self) -> dt.datetime:
        """The current time in UTC."""
        return dt.datetime.now(dt.UTC)


class FakeClock:
    """A clock that moves only when told to (tests, replays, ``alerts tick --now``)."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = _aware(start)

    def now(self) -> dt.datetime:
        """The time last set."""
        return self._now

    def set(self, moment: dt.datetime) -> None:
        """Jump to ``moment``; time never runs backwards."""
        moment = _aware(moment)
        if moment < self._now:
            raise ValueError(f"the clock cannot go back from {self._now} to {moment}")
        self._now = moment

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move forward by ``delta``; returns the new time."""
        self.set(self._now + delta)
        return self._now


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the clock keeps UTC")
    return moment.astimezone(dt.UTC)
