"""Crash safety: an ingest killed (SIGKILL) at fixed points, then re-run, stores each file once."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sentinelle.ingest.dedup import content_hash

FILES = 2000  # "a few thousand": enough for kills to land mid-run
KILL_AFTER = (150, 700)  # documents stored when each run is killed
_WORDS = (
    "Gao Kidal Mopti Ménaka Anefis Bamako Tombouctou Ber Ansongo Bourem convoy market patrol "
    "herders elders wells road bridge ferry millet cattle traders monitors checkpoint village "
    "fighters agreement ceasefire committee mission notables council harvest river rains"
)
VOCABULARY = _WORDS.split()
POLL_S = 0.02
STALL_TIMEOUT_S = 120.0  # startup (imports, migrations) on a busy machine included


def _corpus(folder: Path) -> dict[str, str]:
    """Write the files; returns file name -> the content hash each must be stored under."""
    rng = random.Random(20151120)
    hashes = {}
    for number in range(FILES):
        words = " ".join(rng.choice(VOCABULARY) for _ in range(30))
        text = f"Report {number:05d}. {words}.\n"
        path = folder / f"report-{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        hashes[path.name] = content_hash(text)
    return hashes


def _stored(db_path: Path) -> list[tuple[str, str]]:
    if not db_path.exists():
        return []
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        return list(connection.execute("SELECT origin, content_hash FROM documents"))
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        connection.close()


def _ingest(db_path: Path, folder: Path, stderr: int | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "sentinelle.cli", "-q", "--db", str(db_path)]
    return subprocess.Popen(
        [*command, "ingest", str(folder)], stdout=subprocess.DEVNULL, stderr=stderr
    )


def _kill_after(db_path: Path, folder: Path, documents: int) -> int:
    process = _ingest(db_path, folder, subprocess.DEVNULL)
    try:
        stored, progress_at = 0, time.monotonic()
        while stored < documents:
            assert process.poll() is None, "the ingest finished before it could be killed"
            count = len(_stored(db_path))
            if count > stored:
                stored, progress_at = count, time.monotonic()
            assert time.monotonic() - progress_at < STALL_TIMEOUT_S, "the ingest made no progress"
            time.sleep(POLL_S)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    return len(_stored(db_path))


@pytest.mark.slow
def test_killed_runs_then_a_full_run_store_every_file_exactly_once(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    expected = _corpus(folder)
    db_path = tmp_path / "crash.db"
    seen = [_kill_after(db_path, folder, point) for point in KILL_AFTER]
    assert seen[0] < seen[1] < FILES
    final = _ingest(db_path, folder, subprocess.PIPE)
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()
    stored = _stored(db_path)
    assert len(stored) == FILES
    by_name = {Path(origin).name: digest for origin, digest in stored}
    assert by_name == expected
