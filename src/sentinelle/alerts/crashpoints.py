"""Named points where a test can kill the process, to prove a crash loses and repeats nothing.

Set ``SENTINELLE_CRASH_AT=<point>`` and the process exits abruptly (``os._exit``: no cleanup,
no commit) when it reaches that point. Only the crash tests set it.
"""

from __future__ import annotations

import enum
import os

CRASH_ENV = "SENTINELLE_CRASH_AT"
# An exit status no other path of the CLI uses, so a test can tell the crash happened.
CRASH_EXIT_CODE = 86


class CrashPoint(enum.StrEnum):
    """Where between a state change and its notification's delivery the process can die."""

    TRANSITION_BEFORE_COMMIT = "transition-before-commit"
    TRANSITION_AFTER_COMMIT = "transition-after-commit"
    DELIVERY_BEFORE_SEND = "delivery-before-send"
    DELIVERY_AFTER_SEND = "delivery-after-send"


def crash_point(point: CrashPoint) -> None:
    """Exit at once if the environment asks to crash at ``point``."""
    if os.environ.get(CRASH_ENV) == point.value:
        os._exit(CRASH_EXIT_CODE)
