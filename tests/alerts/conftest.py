"""Fixtures of the rapid-reaction tests: loopback SMTP and webhook receivers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.alerts.receivers import Mailbox, WebhookLog, smtp_server, webhook_server


@pytest.fixture
def smtp() -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server on loopback: (port, mailbox)."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def webhooks() -> Iterator[tuple[str, WebhookLog]]:
    """A real HTTP webhook receiver on loopback: (base URL, log)."""
    with webhook_server() as server:
        yield server
