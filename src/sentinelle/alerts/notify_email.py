"""Sending outbox messages as email over SMTP; the idempotency key is the Message-ID."""

from __future__ import annotations

import json
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

from sentinelle.alerts.outbox import DeliveryError
from sentinelle.store.models import OutboxMessage

# The domain part of Message-IDs: fixed, so a resend of one notification has the same ID.
MESSAGE_ID_DOMAIN = "sentinelle"


def message_id(key: str) -> str:
    """The Message-ID header of the notification with idempotency key ``key``."""
    return f"<{key}@{MESSAGE_ID_DOMAIN}>"


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The email for one outbox message: subject, plain-text body and the key as Message-ID."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message_id(message.key)
    email["Date"] = format_datetime(message.created_at)
    email["X-Sentinelle-Delivery"] = message.key
    lines = [message.subject, ""]
    lines += [f"{name}: {value}" for name, value in message.payload.items() if value is not None]
    lines += ["", "-- ", json.dumps(message.payload, sort_keys=True, default=str)]
    email.set_content("\n".join(lines))
    return email


class SmtpSender:
    """Delivers email messages through one SMTP server (a new connection per message)."""

    def __init__(self, host: str, port: int, sender: str, timeout_s: float) -> None:
        self.host, self.port, self.sender, self.timeout_s = host, port, sender, timeout_s

    def send(self, message: OutboxMessage) -> None:
        """Hand the email to the server; DeliveryError unless it accepted the recipient."""
        email = build_email(message, self.sender)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                refused = smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP {self.host}:{self.port}: {exc}") from None
        if refused:
            raise DeliveryError(f"SMTP {self.host}:{self.port} refused {sorted(refused)}")
