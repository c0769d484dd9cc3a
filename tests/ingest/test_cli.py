"""``sentinelle ingest`` and ``sentinelle documents`` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from sentinelle.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_ingest_prints_a_summary_and_lists_documents(
    tmp_path: Path, seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    code, _, err = run(["--db", db, "ingest", str(seed_file)], capsys)
    assert code == 0
    assert "Ingest run 1" in err and "near-duplicate" in err
    code, out, _ = run(["--db", db, "documents", "--format", "jsonl"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [row["title"] for row in rows] == [
        "What Could Be Behind the Bamako Attack?",
        "Mali: Last Chance in Algiers",
    ]
    assert rows[1]["published_on"] == "2014-11-18" and rows[1]["duplicate_of"] is None
    code, out, _ = run(["--db", db, "documents", "-f", "csv"], capsys)
    table = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and table[0]["language"] == "en" and table[0]["sightings"] == "1"
    code, out, _ = run(["--db", db, "documents", "-f", "table"], capsys)
    assert "Mali: Last Chance in Algiers" in out


def test_a_rejected_input_is_named_and_the_exit_code_is_not_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Calm in Kidal today, the market was open as usual.")
    code, _, err = run(
        ["--db", db, "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt")], capsys
    )
    assert code == 2
    assert f"{tmp_path / 'empty.txt'}: empty input (no text)" in err


def test_an_unknown_kind_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["--db", str(tmp_path / "s.db"), "ingest", "--kind", "docx", "x"], capsys)
    assert code == 2 and "unknown kind 'docx'" in err


def test_ingest_reads_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "s.db")
    text = "Timbuktu, 19 November 2015\n\nThe airport of Timbuktu reopened to civilian flights."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, _, err = run(["--db", db, "ingest", "-"], capsys)
    assert code == 0, err
    code, out, _ = run(["--db", db, "documents", "-f", "jsonl"], capsys)
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["origin"] == "stdin" and row["published_on"] == "2015-11-19"
