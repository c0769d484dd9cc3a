"""Reference records: communities, actors with aliases, and gazetteer places."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sentinelle.store.models.base import Base, utcnow


class Community(Base):
    """A community actors recruit from (Ifoghas Tuareg, Fulani, Dogon...): the local balance."""

    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    description: Mapped[str | None] = mapped_column(Text)


class Actor(Base):
    """A canonical actor with its ACLED actor type, community, coalition and signatory status."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    actor_type: Mapped[int] = mapped_column(comment="ACLED inter code, 1-8")
    country: Mapped[str | None] = mapped_column(String(128))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    coalition_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    signatory_2015: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str | None] = mapped_column(Text)
    dictionary_version: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    community: Mapped[Community | None] = relationship()
    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan"
    )


class ActorAlias(Base):
    """A name an actor goes by (abbreviation, French or English form), normalised for lookup."""

    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(256))
    normalized: Mapped[str] = mapped_column(String(256))
    language: Mapped[str | None] = mapped_column(String(8))

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class Place(Base):
    """A gazetteer entry with its admin units and OCHA p-codes (GeoNames or curated)."""

    __tablename__ = "places"
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(32), comment="geonames or curated")
    source_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(256), index=True)
    feature_code: Mapped[str | None] = mapped_column(String(16))
    country_iso: Mapped[str] = mapped_column(String(2))
    country: Mapped[str] = mapped_column(String(128))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin1_pcode: Mapped[str | None] = mapped_column(String(16))
    admin2: Mapped[str | None] = mapped_column(String(128))
    admin2_pcode: Mapped[str | None] = mapped_column(String(16))
    latitude: Mapped[float]
    longitude: Mapped[float]
    population: Mapped[int | None]
