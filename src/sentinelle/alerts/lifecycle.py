"""The alert lifecycle as an explicit state machine: an Enum of actions and a transition table.

raised -> verifying -> verified | discarded; verified -> assessed (with a risk level) or
monitoring (no action needed yet); assessed -> responding -> resolved. Nothing else moves.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from sentinelle.errors import IllegalTransition
from sentinelle.store import AlertState


class Action(enum.StrEnum):
    """What a person (or the scheduler) does to an alert."""

    ACKNOWLEDGE = "ack"
    VERIFY = "verify"
    DISCARD = "discard"
    MONITOR = "monitor"
    ASSESS = "assess"
    RESPOND = "respond"
    RESOLVE = "resolve"


S = AlertState
# (state, action) -> new state. Discarding is possible until a response starts; an assessed
# alert may be re-assessed (the risk changed) and a monitored one assessed when it worsens.
TRANSITIONS: Mapping[tuple[AlertState, Action], AlertState] = {
    (S.RAISED, Action.ACKNOWLEDGE): S.VERIFYING,
    (S.RAISED, Action.DISCARD): S.DISCARDED,
    (S.VERIFYING, Action.VERIFY): S.VERIFIED,
    (S.VERIFYING, Action.DISCARD): S.DISCARDED,
    (S.VERIFIED, Action.ASSESS): S.ASSESSED,
    (S.VERIFIED, Action.MONITOR): S.MONITORING,
    (S.VERIFIED, Action.DISCARD): S.DISCARDED,
    (S.MONITORING, Action.ASSESS): S.ASSESSED,
    (S.MONITORING, Action.RESOLVE): S.RESOLVED,
    (S.MONITORING, Action.DISCARD): S.DISCARDED,
    (S.ASSESSED, Action.ASSESS): S.ASSESSED,
    (S.ASSESSED, Action.MONITOR): S.MONITORING,
    (S.ASSESSED, Action.RESPOND): S.RESPONDING,
    (S.ASSESSED, Action.RESOLVE): S.RESOLVED,
    (S.RESPONDING, Action.RESOLVE): S.RESOLVED,
}

TERMINAL_STATES = frozenset(state for state in AlertState if not state.is_open)


def allowed_actions(state: AlertState) -> list[Action]:
    """The actions the table allows from ``state``, in the Enum's order."""
    return [action for action in Action if (state, action) in TRANSITIONS]


def next_state(state: AlertState, action: Action) -> AlertState:
    """The state ``action`` leads to from ``state``; IllegalTransition when the table has none."""
    target = TRANSITIONS.get((state, action))
    if target is None:
        allowed = ", ".join(a.value for a in allowed_actions(state)) or "none (it is closed)"
        raise IllegalTransition(
            f"cannot {action.value} an alert that is {state.value}; allowed from "
            f"{state.value}: {allowed}"
        )
    return target
