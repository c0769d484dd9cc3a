"""The options of rapid reaction in one typed object, built from the settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sentinelle.alerts.deadlines import DeadlinePolicy
from sentinelle.settings import Settings


@dataclass(frozen=True)
class ResponseConfig:
    """Deadlines, notification channels and retry policy."""

    deadlines: DeadlinePolicy = field(default_factory=DeadlinePolicy)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "sentinelle@localhost"
    group_webhook_url: str | None = None
    webhook_secret: str | None = None
    max_attempts: int = 6
    backoff: dt.timedelta = dt.timedelta(seconds=30)
    timeout_s: float = 20.0

    @classmethod
    def from_settings(cls, settings: Settings) -> ResponseConfig:
        """The configuration the settings describe."""
        secret = settings.webhook_secret
        return cls(
            deadlines=DeadlinePolicy(settings.alert_deadlines),
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_sender=settings.smtp_sender,
            group_webhook_url=settings.alert_webhook_url,
            webhook_secret=secret.get_secret_value() if secret is not None else None,
            max_attempts=settings.notify_max_attempts,
            backoff=dt.timedelta(seconds=settings.notify_backoff_s),
            timeout_s=settings.http_timeout_s,
        )
