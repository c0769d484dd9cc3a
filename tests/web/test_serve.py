"""``sentinelle serve`` answers on loopback: the API, the dashboard, security headers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.serving import free_port

# Starting the process imports FastAPI and opens (migrates) the store; each worker imports
# the pipeline again.
STARTUP_TIMEOUT_S = 120


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_the_api_and_sends_the_browser_to_login(tmp_path: Path, workers: int) -> None:
    port = free_port()
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    command = [sys.executable, "-m", "sentinelle.cli", "--db", database, "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            try:
                health = httpx.get(f"{base}/api/v1/health")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        page = httpx.get(f"{base}/alerts", headers={"accept": "text/html"})
        openapi = httpx.get(f"{base}/api/v1/openapi.json").json()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert health.json()["status"] == "ok"
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert page.headers["x-frame-options"] == "DENY"
    assert "/api/v1/events" in openapi["paths"]


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_refuses_a_port_already_taken(tmp_path: Path, workers: int) -> None:
    port = free_port()
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    command = [sys.executable, "-m", "sentinelle.cli", "--db", database, "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
