"""Settings: defaults with no file, then TOML < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from sentinelle.errors import ConfigError
from sentinelle.settings import Settings, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SENTINELLE_CONFIG", "SENTINELLE_DATABASE_URL", "SENTINELLE_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_need_no_file() -> None:
    assert load_settings().database_url == "sqlite:///sentinelle.db"


def test_precedence_is_file_then_environment_then_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "sentinelle.toml"
    config.write_text('[sentinelle]\ndatabase_url = "sqlite:///file.db"\nport = 9000\n')
    assert load_settings(config).database_url == "sqlite:///file.db"
    monkeypatch.setenv("SENTINELLE_DATABASE_URL", "sqlite:///env.db")
    assert load_settings(config).database_url == "sqlite:///env.db"
    assert load_settings(config).port == 9000
    assert load_settings(config, database_url="sqlite:///flag.db").database_url == (
        "sqlite:///flag.db"
    )


def test_a_malformed_file_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("database_url = [unclosed\n")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        load_settings(config)


def test_an_unknown_or_mistyped_key_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "typo.toml"
    config.write_text('[sentinelle]\nprot = 8000\nport = "eighty"\n')
    with pytest.raises(ConfigError, match="prot") as raised:
        load_settings(config)
    assert "port" in str(raised.value)


def test_every_setting_is_documented() -> None:
    undocumented = [name for name, f in Settings.model_fields.items() if not f.description]
    assert not undocumented
