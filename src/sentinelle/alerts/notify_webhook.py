"""Sending outbox messages as signed JSON webhooks over HTTP.

Each POST carries ``X-Sentinelle-Delivery`` (the idempotency key) and, when a secret is set,
``X-Sentinelle-Signature: sha256=<hex HMAC-SHA256 of the exact body>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import httpx

from sentinelle.alerts.outbox import DeliveryError
from sentinelle.store.models import OutboxMessage

DELIVERY_HEADER = "X-Sentinelle-Delivery"
SIGNATURE_HEADER = "X-Sentinelle-Signature"
SIGNATURE_PREFIX = "sha256="


def webhook_body(message: OutboxMessage) -> bytes:
    """The JSON body of the webhook for ``message`` (stable key order, so resends match)."""
    document: dict[str, Any] = {
        "key": message.key,
        "kind": message.kind,
        "alert_id": message.alert_id,
        "subject": message.subject,
        "created_at": message.created_at.isoformat(),
        "data": message.payload,
    }
    return json.dumps(document, sort_keys=True, default=str).encode("utf-8")


def sign(body: bytes, secret: str) -> str:
    """The signature header value of ``body`` under ``secret``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def signature_is_valid(body: bytes, header: str | None, secret: str) -> bool:
    """True when ``header`` is the signature of ``body`` (constant-time comparison)."""
    return header is not None and hmac.compare_digest(header, sign(body, secret))


class WebhookSender:
    """POSTs webhook messages; any answer but 2xx is a failure to retry."""

    def __init__(
        self, secret: str | None, timeout_s: float, client: httpx.Client | None = None
    ) -> None:
        self.secret = secret
        self.client = client or httpx.Client(timeout=timeout_s, follow_redirects=False)

    def send(self, message: OutboxMessage) -> None:
        """POST the message to its URL; DeliveryError unless the receiver answered 2xx."""
        body = webhook_body(message)
        headers = {"Content-Type": "application/json", DELIVERY_HEADER: message.key}
        if self.secret:
            headers[SIGNATURE_HEADER] = sign(body, self.secret)
        try:
            response = self.client.post(message.recipient, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook {message.recipient}: {exc}") from None
        if not response.is_success:
            raise DeliveryError(f"webhook {message.recipient}: HTTP {response.status_code}")

    def close(self) -> None:
        """Release the HTTP connections."""
        self.client.close()
