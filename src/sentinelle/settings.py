"""One typed settings object for the whole application.

Precedence, lowest first: built-in defaults < TOML file (``--config`` or
``SENTINELLE_CONFIG``) < environment variables ``SENTINELLE_*`` < command-line flags.
No file is needed: the defaults run the embedded SQLite store in the working directory.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from sentinelle.errors import ConfigError

ENV_PREFIX = "SENTINELLE_"
DEFAULT_DATABASE_URL = "sqlite:///sentinelle.db"
# The --config file of the settings being built; the environment's SENTINELLE_CONFIG otherwise.
_config_file: ContextVar[Path | None] = ContextVar("config_file", default=None)


def _default_shared_dir() -> Path:
    """The workplace's shared data folder, beside the checkout, if it is there."""
    return Path(__file__).resolve().parents[3] / "shared"


class Settings(BaseSettings):
    """Everything configurable in Sentinelle; each field documents itself."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the store: an SQLite file (default ./sentinelle.db) "
        "or e.g. postgresql+psycopg://root@127.0.0.1:5432/test.",
    )
    echo_sql: bool = Field(False, description="Log every SQL statement (debugging).")
    rules_file: Path | None = Field(
        None,
        description="Alert rules YAML file for 'analyze' and 'backtest'; the shipped "
        "sentinelle/alerts/default_rules.yaml when unset.",
    )
    shared_dir: Path = Field(
        default_factory=_default_shared_dir,
        description="Folder of the shared reference data sets (ACLED, GeoNames, news); "
        "only benchmarks, evaluation and training read it.",
    )
    http_timeout_s: float = Field(
        20.0, gt=0, description="Timeout in seconds for each HTTP request (fetching URLs, feeds)."
    )
    max_document_bytes: int = Field(
        20 * 1024 * 1024,
        gt=0,
        description="Largest input accepted by ingest, in bytes; larger ones are rejected.",
    )
    near_duplicate_threshold: float = Field(
        0.6,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity (MinHash of word trigrams) from which ingest "
        "links a document to an earlier one as the same story.",
    )
    host: str = Field("127.0.0.1", description="Address the web server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the web server listens on.")
    reporter_key: SecretStr | None = Field(
        None,
        description="Base64 of a 32-byte AES-256 key encrypting field reporters' identities "
        "(AES-GCM); kept out of the database. Without it, identities cannot be stored or read.",
    )
    tls: bool = Field(
        False,
        description="The dashboard is served over HTTPS (directly or behind a proxy): cookies "
        "get the Secure flag and responses carry HSTS.",
    )
    session_hours: float = Field(
        12.0, gt=0, description="Lifetime of a browser session after login, in hours."
    )
    max_request_bytes: int = Field(
        25 * 1024 * 1024,
        gt=0,
        description="Largest HTTP request body the web server accepts, in bytes (413 beyond).",
    )
    alert_deadlines: dict[str, list[float]] = Field(
        default_factory=lambda: {
            "critical": [0.5, 12.0, 24.0, 48.0],
            "high": [1.0, 24.0, 48.0, 72.0],
            "medium": [4.0, 48.0, 96.0, 168.0],
            "low": [24.0, 168.0, 336.0, 720.0],
        },
        description="Per alert severity, hours from raising by which an alert must be "
        "acknowledged, verified, assessed and responded to; an overdue alert is escalated. "
        "Severities left out keep their defaults "
        '(JSON in the environment: {"high": [1,24,48,72]}).',
    )
    smtp_host: str = Field("127.0.0.1", description="SMTP server that alert emails go through.")
    smtp_port: int = Field(25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_sender: str = Field("sentinelle@localhost", description="From address of alert emails.")
    alert_webhook_url: str | None = Field(
        None,
        description="URL that receives every alert notice as a signed JSON webhook (e.g. the "
        "contact group's channel), besides responders' own webhooks.",
    )
    webhook_secret: SecretStr | None = Field(
        None,
        description="Shared secret of the HMAC-SHA256 signature header "
        "(X-Sentinelle-Signature) on outgoing webhooks; unsigned without it.",
    )
    notify_max_attempts: int = Field(
        6, ge=1, description="Failed sends of one notification before it is dead-lettered."
    )
    notify_backoff_s: float = Field(
        30.0,
        gt=0,
        description="Wait before the first retry of a failed notification, in seconds; doubled "
        "after each further failure.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flags (init) beat the environment, which beats the TOML file."""
        return (init_settings, env_settings, _TomlSource(settings_cls))


class _TomlSource(PydanticBaseSettingsSource):
    """Reads the TOML file named by ``SENTINELLE_CONFIG`` (set by ``--config``)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = _config_file.get() or os.environ.get(f"{ENV_PREFIX}CONFIG")
        return read_config_file(Path(path)) if path else {}


def read_config_file(path: Path) -> dict[str, Any]:
    """Parse a TOML settings file; a missing or malformed file is a ConfigError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("settings file not found", source=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not a valid TOML file ({exc})", source=str(path)) from None
    section = data.get("sentinelle", data)
    if not isinstance(section, dict):
        raise ConfigError("[sentinelle] must be a table", source=str(path))
    return section


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings from defaults, an optional TOML file, the environment and flags."""
    flags = {key: value for key, value in overrides.items() if value is not None}
    token = _config_file.set(config_file)
    try:
        return Settings(**flags)
    except ValidationError as exc:
        origin = str(config_file) if config_file else "settings"
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(problems, source=origin) from None
    finally:
        _config_file.reset(token)
