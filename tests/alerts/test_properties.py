"""Property tests: no sequence of actions reaches an illegal state, and random deadline
schedules escalate exactly on time (never early, at the first tick once due)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from sentinelle.alerts import Action, Change, FakeClock, ResponseConfig
from sentinelle.alerts.deadlines import DeadlinePolicy, Stage
from sentinelle.alerts.escalation import due_steps, escalate_overdue
from sentinelle.alerts.lifecycle import TERMINAL_STATES, TRANSITIONS, allowed_actions, next_state
from sentinelle.alerts.verification import SourceDraft
from sentinelle.alerts.workflow import apply_change
from sentinelle.errors import IllegalTransition, InputError
from sentinelle.store import AlertSeverity, AlertState, Database, RiskLevel
from sentinelle.store.models import Alert, AlertEscalation, AlertTransition
from sentinelle.store.models.response import SourceKind
from tests.alerts.world import T0, build_roster, raise_reported_alert

# Examples per property: enough to explore the 8-state table, small enough for CI.
DB_EXAMPLES = 40
SCHEDULES = 1000


@pytest.fixture(scope="module")
def prop_db(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Database]:
    """One SQLite store for a whole property (each example works on its own new alert)."""
    path = tmp_path_factory.mktemp("props") / "props.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    build_roster(database, "http://127.0.0.1:9")
    yield database
    database.dispose()


def test_every_state_is_reachable_and_closed_states_are_final() -> None:
    reached, frontier = {AlertState.RAISED}, [AlertState.RAISED]
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            target = next_state(state, action)
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(AlertState)
    assert all(not allowed_actions(state) for state in TERMINAL_STATES)
    assert all(target in AlertState for target in TRANSITIONS.values())


@settings(
    max_examples=DB_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), length=st.integers(0, 12))
def test_no_sequence_of_actions_reaches_an_illegal_state(
    prop_db: Database, data: st.DataObject, length: int
) -> None:
    alert_id = raise_reported_alert(prop_db, region="Gao")
    config, now, state = ResponseConfig(), T0, AlertState.RAISED
    for _ in range(length):
        now += dt.timedelta(minutes=5)
        # Mostly allowed actions, so long lifecycles are explored; sometimes any action.
        legal = [a for a in allowed_actions(state) if a is not Action.DISCARD] or list(Action)
        action = data.draw(st.one_of(st.sampled_from(legal), st.sampled_from(list(Action))))
        # Mostly a risk level with an assessment and none otherwise; sometimes the reverse.
        risks = [*RiskLevel, None] if action is Action.ASSESS else [None, None, None, RiskLevel.LOW]
        risk = data.draw(st.sampled_from(risks))
        sourced = data.draw(st.sampled_from([True, True, True, False]))
        sources = [SourceDraft(SourceKind.CORROBORATES, f"https://x.example/{now}")]
        change = Change(action, "prop", risk_level=risk, sources=sources if sourced else [])
        try:
            with prop_db.session() as session:
                apply_change(session, alert_id, change, now, config)
        except (IllegalTransition, InputError):
            expected = state
        else:
            expected = TRANSITIONS[(state, action)]
        event(f"reached {expected.value}")
        with prop_db.session() as session:
            alert = session.get_one(Alert, alert_id)
            assert AlertState(alert.state) is expected
            assert alert.risk_level is not None or expected not in (
                AlertState.ASSESSED,
                AlertState.RESPONDING,
            )
            history = session.scalars(
                select(AlertTransition)
                .where(AlertTransition.alert_id == alert_id)
                .order_by(AlertTransition.id)
            ).all()
        chain = [AlertState.RAISED.value] + [t.to_state for t in history]
        assert [t.from_state for t in history] == chain[:-1]
        assert chain[-1] == alert.state
        assert all(
            TRANSITIONS[(AlertState(t.from_state), Action(t.action))] == t.to_state for t in history
        )
        state = expected
    _close(prop_db, alert_id)


def _close(database: Database, alert_id: int) -> None:
    """Take the example's alert out of later examples' escalation passes."""
    with database.session() as session:
        session.execute(update(Alert).where(Alert.id == alert_id).values(state="resolved"))


HOURS = st.lists(st.floats(0.05, 200, allow_nan=False), min_size=4, max_size=4).map(sorted)
OFFSETS = st.lists(st.floats(0, 600, allow_nan=False), min_size=1, max_size=30).map(sorted)


@settings(max_examples=SCHEDULES, deadline=None)
@given(
    hours=HOURS,
    stage=st.sampled_from(list(Stage)),
    people=st.integers(0, 5),
    offsets=OFFSETS,
)
def test_random_deadline_schedules_escalate_on_time(
    hours: list[float], stage: Stage, people: int, offsets: list[float]
) -> None:
    policy = DeadlinePolicy({"high": hours})
    deadlines = policy.for_severity(AlertSeverity.HIGH)
    stage_due = policy.due_at(AlertSeverity.HIGH, T0, stage)
    ticks = [T0 + dt.timedelta(hours=h) for h in offsets]
    done: list[tuple[int, dt.datetime, dt.datetime]] = []
    for now in ticks:
        for step in due_steps(stage, stage_due, deadlines.step, len(done), now, people - len(done)):
            done.append((step.step, step.due_at, now))
    assert [number for number, _, _ in done] == list(range(1, len(done) + 1))
    assert len(done) <= people
    for number, due, at in done:
        assert due == stage_due + (number - 1) * deadlines.step
        assert at >= due  # never early
        assert at == min(t for t in ticks if t >= due)  # at the first tick once due
    missed = [
        k
        for k in range(len(done) + 1, people + 1)
        if any(t >= stage_due + (k - 1) * deadlines.step for t in ticks)
    ]
    assert not missed  # nothing due by the last tick was left out


@settings(
    max_examples=DB_EXAMPLES // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(hours=HOURS, offsets=OFFSETS)
def test_the_scheduler_escalates_on_time_in_the_store(
    prop_db: Database, hours: list[float], offsets: list[float]
) -> None:
    config = ResponseConfig(deadlines=DeadlinePolicy({"high": hours}))
    alert_id = raise_reported_alert(prop_db, region="Gao")
    ticks = [T0 + dt.timedelta(hours=h) for h in offsets]
    clock = FakeClock(T0)
    for now in ticks:
        clock.set(now)
        escalate_overdue(prop_db, clock, config)
    with prop_db.session() as session:
        steps = session.scalars(
            select(AlertEscalation)
            .where(AlertEscalation.alert_id == alert_id)
            .order_by(AlertEscalation.step)
        ).all()
    _close(prop_db, alert_id)
    ack, step = dt.timedelta(hours=hours[0]), dt.timedelta(hours=hours[0])
    chain_after_first = 2  # Gao: Awa on call first, then Bakary, then Coumba
    expected = [T0 + ack + k * step for k in range(chain_after_first)]
    expected = [due for due in expected if due <= ticks[-1]]
    assert [(s.stage, s.due_at) for s in steps] == [("acknowledge", due) for due in expected]
    for s in steps:
        assert s.at == min(t for t in ticks if t >= s.due_at)
