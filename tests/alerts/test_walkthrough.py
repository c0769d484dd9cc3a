"""The demo's rapid-reaction step on the bundled example roster."""

from __future__ import annotations

import datetime as dt

from sentinelle.alerts import FakeClock
from sentinelle.alerts.walkthrough import run_respond_demo
from sentinelle.store import Database
from tests.alerts.world import T0, raise_reported_alert


def test_the_demo_step_assigns_and_escalates_with_the_example_roster(db: Database) -> None:
    raise_reported_alert(db, region="Gao")
    summary = run_respond_demo(db, FakeClock(T0 + dt.timedelta(hours=2)))
    # Gao: the analyst, then the verifier, then the coordinator; 2 h late = two steps.
    assert summary.startswith("7 responders on the roster; 1 alerts assigned on call, 2 escal")


def test_an_alert_without_a_region_goes_to_the_coordinators_only(db: Database) -> None:
    from sentinelle.alerts.responders import escalation_chain, import_roster, read_roster_csv
    from sentinelle.alerts.walkthrough import EXAMPLE_ROSTER

    with db.session() as session:
        import_roster(session, read_roster_csv(EXAMPLE_ROSTER))
        assert [r.role for r in escalation_chain(session, None)] == ["coordinator"]
        gao = [r.name for r in escalation_chain(session, "gao")]
        assert gao == ["Analyste Nord", "Vérificatrice Gao", "Coordination du groupe de contact"]
