"""The agreement file's schema: pydantic models of a YAML agreement, and the accord's Enums.

An agreement file holds the agreement (title, dates), its parties and signatures, and its
provisions grouped by theme, each with commitments (responsible parties, deadline, regions,
indicators, budget line). ``docs`` of the format: ``accord/examples/algiers_2015.yaml``.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = "sentinelle.accord/1"
# Identifiers appear in CLI arguments and alert keys: letters, digits, dot, dash, underscore.
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
PCODE_RE = re.compile(r"^[A-Z]{2}\d{2}(\d{2})?$")


class Theme(enum.StrEnum):
    """The agreement's chapters, as the Peace Accords Matrix groups a comprehensive accord."""

    POLITICAL_INSTITUTIONAL = "political-institutional"
    DEFENCE_SECURITY = "defence-security"
    DEVELOPMENT = "development"
    RECONCILIATION_JUSTICE = "reconciliation-justice-humanitarian"

    @property
    def label(self) -> str:
        """The theme's title as the agreement's chapters name it."""
        return THEME_LABELS[self]


THEME_LABELS = {
    Theme.POLITICAL_INSTITUTIONAL: "Political and institutional questions",
    Theme.DEFENCE_SECURITY: "Defence and security",
    Theme.DEVELOPMENT: "Economic, social and cultural development",
    Theme.RECONCILIATION_JUSTICE: "Reconciliation, justice and humanitarian questions",
}


class ImplementationStatus(enum.IntEnum):
    """The Peace Accords Matrix scale of a commitment's implementation."""

    NOT_INITIATED = 0
    MINIMAL = 1
    INTERMEDIATE = 2
    FULL = 3

    @property
    def label(self) -> str:
        """Lower-case words, as reports print them."""
        return self.name.lower().replace("_", " ")

    @classmethod
    def parse(cls, text: str) -> ImplementationStatus:
        """A level from its number (0-3) or its name (``minimal``, ``not-initiated``...)."""
        cleaned = text.strip().lower().replace("-", "_").replace(" ", "_")
        if cleaned.isdigit() and int(cleaned) in {level.value for level in cls}:
            return cls(int(cleaned))
        for level in cls:
            if level.name.lower() == cleaned:
                return level
        names = ", ".join(f"{level.value} ({level.label})" for level in cls)
        raise ValueError(f"unknown implementation level {text!r}; use one of {names}")


class CommitmentKind(enum.StrEnum):
    """What a commitment is about, when Sentinelle can watch it in the event record."""

    GENERAL = "general"
    CEASEFIRE = "ceasefire"
    CANTONMENT = "cantonment"


class PartyRole(enum.StrEnum):
    """A party's place in the agreement: it signs and implements, mediates, or guarantees."""

    PARTY = "party"
    MEDIATOR = "mediator"
    GUARANTOR = "guarantor"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartySpec(_Strict):
    """A party to the agreement, and the actor names (from the actors table) that are its forces."""

    id: Identifier
    name: Text
    role: PartyRole = PartyRole.PARTY
    actors: list[Text] = Field(default_factory=list)


class SignatureSpec(_Strict):
    """One party's signature, with its date."""

    party: Identifier
    signed_on: dt.date
    signed_by: Text | None = None
    place: Text | None = None


class DeadlineSpec(_Strict):
    """A deadline: an absolute ``date``, or months and days after entry into force."""

    date: dt.date | None = None
    months_after_entry_into_force: int | None = Field(None, ge=0, le=240)
    days_after_entry_into_force: int | None = Field(None, ge=0, le=7300)

    @model_validator(mode="after")
    def _one_kind(self) -> DeadlineSpec:
        relative = (
            self.months_after_entry_into_force is not None
            or self.days_after_entry_into_force is not None
        )
        if (self.date is None) == (not relative):
            raise ValueError(
                "give either 'date' or 'months_after_entry_into_force'/"
                "'days_after_entry_into_force', not both and not neither"
            )
        return self


class CommitmentSpec(_Strict):
    """A measurable commitment: who must do what, by when, where, and how it is measured."""

    id: Identifier
    title: Text
    description: Text | None = None
    kind: CommitmentKind = CommitmentKind.GENERAL
    responsible: list[Identifier] = Field(min_length=1)
    concerned: list[Identifier] = Field(default_factory=list)
    deadline: DeadlineSpec | None = None
    regions: list[Text] = Field(default_factory=list)
    indicators: list[Text] = Field(default_factory=list)
    budget_line: Text | None = None


class ProvisionSpec(_Strict):
    """A provision of the agreement, under one theme, holding its commitments."""

    id: Identifier
    theme: Theme
    title: Text
    summary: Text | None = None
    articles: Text | None = None
    commitments: list[CommitmentSpec] = Field(min_length=1)


class AgreementSpec(_Strict):
    """The whole agreement file, as validated before anything is stored."""

    schema_: str = Field(SCHEMA_VERSION, alias="schema")
    id: Identifier
    title: Text
    short_title: Text | None = None
    illustrative: bool = False
    notice: Text | None = None
    entry_into_force: dt.date | None = None
    parties: list[PartySpec] = Field(min_length=1)
    signatures: list[SignatureSpec] = Field(min_length=1)
    provisions: list[ProvisionSpec] = Field(min_length=1)

    @property
    def first_signature(self) -> dt.date:
        """The date the agreement was first signed."""
        return min(signature.signed_on for signature in self.signatures)

    def commitments(self) -> list[tuple[ProvisionSpec, CommitmentSpec]]:
        """Every commitment with its provision, in file order."""
        return [(p, c) for p in self.provisions for c in p.commitments]
