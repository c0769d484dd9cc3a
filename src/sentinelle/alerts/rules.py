"""Alert rules: a YAML file naming, for each rule, a detector, thresholds, regions, severity.

A file is validated whole before any rule is used: an unknown detector, a wrong type or a
negative window refuses the file with an error naming the rule and the field.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sentinelle.analyze.signals import DETECTORS, DetectorParams
from sentinelle.errors import ConfigError
from sentinelle.store.enums import AlertSeverity

DEFAULT_RULES = "default_rules.yaml"


class Rule(BaseModel):
    """One rule: when a detector's signal in a watched region scores enough, raise an alert."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    detector: str
    description: str = ""
    severity: AlertSeverity = AlertSeverity.MEDIUM
    cooldown_days: int = Field(14, ge=0, description="Days a fired situation stays one alert.")
    regions: list[str] = Field(default_factory=list, description="admin1 names; empty = all.")
    min_score: float | None = Field(None, description="Least signal score that fires.")
    params: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True

    @field_validator("detector")
    @classmethod
    def _known_detector(cls, value: str) -> str:
        if value not in DETECTORS:
            raise ValueError(f"unknown detector {value!r}; known: {', '.join(sorted(DETECTORS))}")
        return value

    def detector_params(self) -> DetectorParams:
        """The rule's params validated by its detector's model."""
        return DETECTORS[self.detector].params_model.model_validate(self.params)

    def watches(self, admin1: str) -> bool:
        """True when the rule applies to this region."""
        return not self.regions or admin1.casefold() in {r.casefold() for r in self.regions}


class RuleSet(BaseModel):
    """A rules file: its version and its rules, names unique."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    rules: list[Rule]


def load_rules(path: Path | None = None) -> tuple[RuleSet, dict[str, DetectorParams]]:
    """The rules of ``path`` (the shipped defaults when None) and each rule's parameters."""
    if path is None:
        text = resources.files("sentinelle.alerts").joinpath(DEFAULT_RULES).read_text("utf-8")
        source = f"sentinelle/alerts/{DEFAULT_RULES}"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read rules ({exc.strerror})", source=str(path)) from None
        source = str(path)
    return parse_rules(text, source)


def parse_rules(text: str, source: str) -> tuple[RuleSet, dict[str, DetectorParams]]:
    """Validate a rules document whole; ConfigError names the rule and field at fault."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML ({exc})", source=source) from None
    if not isinstance(data, dict):
        raise ConfigError("a rules file is a mapping with a 'rules' list", source=source)
    try:
        ruleset = RuleSet.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, data), source=source) from None
    params: dict[str, DetectorParams] = {}
    for rule in ruleset.rules:
        if rule.name in params:
            raise ConfigError(f"rule {rule.name!r}: the name is used twice", source=source)
        try:
            params[rule.name] = rule.detector_params()
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ConfigError(
                f"rule {rule.name!r}, field params.{where}: {first['msg']}",
                source=source,
                field=f"params.{where}",
            ) from None
    return ruleset, params


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    first = exc.errors()[0]
    loc = list(first["loc"])
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        raw = rules[loc[1]] if loc[1] < len(rules) else {}
        name = raw.get("name") if isinstance(raw, dict) else None
        label = f"rule {name!r}" if name else f"rule #{loc[1] + 1}"
        field = ".".join(str(part) for part in loc[2:]) or "(the rule itself)"
        return f"{label}, field {field}: {first['msg']}"
    return f"field {'.'.join(str(p) for p in loc)}: {first['msg']}"
