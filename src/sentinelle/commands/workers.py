"""Server worker processes that each listen on their own SO_REUSEPORT socket.

On one shared socket, the first worker to wake accepts a whole burst of connections (asyncio
accepts up to the backlog at once), so 50 clients could split 44/6 between two workers and the
busy one set the tail latency. With a socket per worker the kernel spreads connections evenly.
"""

from __future__ import annotations

import logging
import socket

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from sentinelle.errors import InputError

log = logging.getLogger(__name__)


def check_port_free(host: str, port: int) -> None:
    """Refuse a port something already listens on, before any worker starts.

    Worker sockets share their port by design (SO_REUSEPORT), so a second server started on
    the same port would otherwise join the first one's workers silently.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            message = f"cannot listen on {host}:{port} ({exc.strerror})"
            raise InputError(message, source="--port") from None


def reuse_port_socket(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket that other sockets of this user may share ``port`` with."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


class ReusePortWorkers(Multiprocess):
    """uvicorn's supervisor (health checks, restarts, signals) with one socket per worker slot."""

    def __init__(self, config: Config) -> None:
        self.slot_sockets = [
            reuse_port_socket(config.host, config.port, config.backlog)
            for _ in range(config.workers)
        ]
        super().__init__(config, sockets=[])

    def start_slot(self, slot: int) -> Process:
        """Start the worker that serves slot ``slot``'s socket."""
        process = Process(self.config, [self.slot_sockets[slot]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self.start_slot(slot) for slot in range(self.processes_num)]

    def keep_subprocess_alive(self) -> None:
        for slot, process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                log.error("worker %s failed to start; stopping", process.pid)
                self.should_exit.set()
                return
            log.info("worker %s died; restarting it", process.pid)
            self.processes[slot] = self.start_slot(slot)

    def restart_all(self) -> None:
        for slot, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self.start_slot(slot)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                return
            old.terminate()
            old.join()
            self.processes[slot] = new

    def handle_ttin(self) -> None:
        log.info("the number of workers is fixed by --workers; SIGTTIN ignored")

    def handle_ttou(self) -> None:
        log.info("the number of workers is fixed by --workers; SIGTTOU ignored")
