"""Real receivers on loopback for notification tests: an SMTP server and a webhook server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Mailbox:
    """Every message the SMTP server accepted, in arrival order."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        """The Message-ID of every accepted message, duplicates kept."""
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


@contextmanager
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    """An aiosmtpd server on 127.0.0.1; yields its port and mailbox."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


@dataclass
class Hook:
    """One webhook request as received."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookLog:
    """Every webhook request received; ``fail_next`` answers that many with HTTP 503."""

    hooks: list[Hook] = field(default_factory=list)
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(log: WebhookLog) -> type[BaseHTTPRequestHandler]:
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with log.lock:
                failing = log.fail_next > 0
                if failing:
                    log.fail_next -= 1
                else:
                    log.hooks.append(Hook(self.path, dict(self.headers.items()), body))
            self.send_response(503 if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    return Receiver


@contextmanager
def webhook_server() -> Iterator[tuple[str, WebhookLog]]:
    """An HTTP server thread on 127.0.0.1 recording POSTs; yields its base URL and log."""
    log = WebhookLog()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
