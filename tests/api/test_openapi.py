"""Schemathesis against the OpenAPI document: no server errors and no schema violations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from sentinelle.api import Role
from sentinelle.store import Database
from tests.api.client import add_account, make_app
from tests.api.seeding import seed_regions
from tests.api.serving import serve_in_thread

# Examples per operation: enough to hit every parameter's edges, short enough for CI.
EXAMPLES_PER_OPERATION = 12
# Operations that would end the run's own credentials; the role walk covers them.
SELF_DESTRUCTIVE = tuple(
    f"/api/v1{path}" for path in ("/users/{user_id}/disable", "/tokens/{token_id}", "/auth/logout")
)

# Schema-valid input the API refuses on meaning, with a 422 naming the field: a region that does
# not exist, a forged cursor, a username already taken. Every other check runs.
SEMANTIC = [positive_data_acceptance]


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[dict[str, Any]]:
    """The app on loopback over a seeded SQLite store, with an admin token."""
    path = tmp_path_factory.mktemp("openapi") / "openapi.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    seed_regions(database)
    admin = add_account(database, Role.ADMIN)
    with serve_in_thread(make_app(database)) as base_url:
        loaded = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
        yield {"schema": loaded, "base_url": base_url, "token": admin.token}
    database.dispose()


def test_the_api_honours_its_openapi_document(served: dict[str, Any]) -> None:
    api = served["schema"].exclude(path=list(SELF_DESTRUCTIVE))
    headers = {"authorization": f"Bearer {served['token']}"}
    failures: list[str] = []
    operations = 0
    answered: set[str] = set()
    for result in api.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call_and_validate(
                base_url=served["base_url"], headers=headers, excluded_checks=SEMANTIC
            )
            if response.status_code < 300:
                answered.add(case.operation.label)

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert operations >= 25
    assert failures == []
    # The run kept its credentials: most operations were answered, not refused with 401.
    assert len(answered) >= operations * 0.6, sorted(answered)
