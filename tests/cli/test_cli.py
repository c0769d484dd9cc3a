"""The command line as a user runs it: help, version, migrations, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sentinelle import __version__
from sentinelle.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    for command in ("db", "demo"):
        assert command in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert __version__ in out


def test_db_upgrade_twice_is_a_no_op_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code, _, err = run(["--db", url, "db", "upgrade"], capsys)
    assert code == 0
    assert "Migrated" in err
    code, _, err = run(["--db", url, "db", "upgrade"], capsys)
    assert code == 0
    assert "up to date" in err


def test_a_non_sqlite_file_gets_a_clear_error_and_is_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.db"
    path.write_text("Situation report, Gao, 3 March\n")
    code, _, err = run(["--db", f"sqlite:///{path}", "db", "upgrade"], capsys)
    assert code == 2
    assert "not an SQLite database" in err
    assert "Traceback" not in err
    assert path.read_text() == "Situation report, Gao, 3 March\n"


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(["frobnicate"], capsys)
    assert code == 2


def test_a_missing_config_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--config", str(tmp_path / "nope.toml"), "db", "status"], capsys)
    assert code == 2
    assert "nope.toml" in err


def test_the_installed_script_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sentinelle.cli",
            "--db",
            f"sqlite:///{tmp_path / 'd.db'}",
            "db",
            "status",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "revision" in done.stdout


def test_demo_prints_its_summary_without_serving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["demo", "--no-serve"], capsys)
    assert code == 0, err
    assert "Sentinelle demo" in err
    assert (tmp_path / "sentinelle-demo.db").exists()
