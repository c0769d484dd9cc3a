"""core records: sources, documents, events, actors, places

Revision ID: 0001
Revises:
Create Date: 2026-11-24 18:56:37.591674
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("core",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "communities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communities")),
        sa.UniqueConstraint("name", name=op.f("uq_communities_name")),
    )
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("read", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("duplicate", sa.Integer(), nullable=False),
        sa.Column("near_duplicate", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("rejections", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False, comment="geonames or curated"),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("feature_code", sa.String(length=16), nullable=True),
        sa.Column("country_iso", sa.String(length=2), nullable=False),
        sa.Column("country", sa.String(length=128), nullable=False),
        sa.Column("admin1", sa.String(length=128), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin2", sa.String(length=128), nullable=True),
        sa.Column("admin2_pcode", sa.String(length=16), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=False),
        sa.Column("longitude", sa.Double(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("source", "source_id", name=op.f("uq_places_source_source_id")),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_name"), ["name"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=2048), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("kind", "origin", name=op.f("uq_sources_kind_origin")),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("actor_type", sa.Integer(), nullable=False, comment="ACLED inter code, 1-8"),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("coalition_id", sa.Integer(), nullable=True),
        sa.Column("signatory_2015", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("dictionary_version", sa.String(length=32), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coalition_id"], ["actors.id"], name=op.f("fk_actors_coalition_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_actors_community_id_communities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("name", name=op.f("uq_actors_name")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("ingest_run_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=2048), nullable=False),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("raw_hash", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("dateline", sa.Text(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=True),
        sa.Column("end_offset", sa.Integer(), nullable=True),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("similarity", sa.Double(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ingest_run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_documents_ingest_run_id_ingest_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_documents_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["documents.id"], name=op.f("fk_documents_story_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index("ix_documents_published_on", ["published_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_story_id"), ["story_id"], unique=False)

    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=256), nullable=False),
        sa.Column("normalized", sa.String(length=256), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_aliases")),
        sa.UniqueConstraint("normalized", name=op.f("uq_actor_aliases_normalized")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id_cnty", sa.String(length=64), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("time_precision", sa.Integer(), nullable=False),
        sa.Column("disorder_type", sa.String(length=64), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=True),
        sa.Column("actor1", sa.String(length=256), nullable=True),
        sa.Column("assoc_actor_1", sa.Text(), nullable=True),
        sa.Column("inter1", sa.Integer(), nullable=True),
        sa.Column("actor2", sa.String(length=256), nullable=True),
        sa.Column("assoc_actor_2", sa.Text(), nullable=True),
        sa.Column("inter2", sa.Integer(), nullable=True),
        sa.Column("interaction", sa.Integer(), nullable=True),
        sa.Column("civilian_targeting", sa.String(length=64), nullable=True),
        sa.Column("iso", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("admin1", sa.String(length=128), nullable=True),
        sa.Column("admin2", sa.String(length=128), nullable=True),
        sa.Column("admin3", sa.String(length=128), nullable=True),
        sa.Column("location", sa.String(length=256), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("source_scale", sa.String(length=128), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=True),
        sa.Column("timestamp", sa.Integer(), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin2_pcode", sa.String(length=16), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("actor1_id", sa.Integer(), nullable=True),
        sa.Column("actor2_id", sa.Integer(), nullable=True),
        sa.Column("fatalities_min", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("hostages", sa.Integer(), nullable=True),
        sa.Column("attribution_status", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=True),
        sa.Column(
            "producer",
            sa.String(length=64),
            nullable=False,
            comment="component.version, e.g. extract.rules.v1",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor1_id"], ["actors.id"], name=op.f("fk_events_actor1_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["actor2_id"], ["actors.id"], name=op.f("fk_events_actor2_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_events_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("event_id_cnty", name=op.f("uq_events_event_id_cnty")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_admin1_date", ["admin1", "event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_admin1_pcode"), ["admin1_pcode"], unique=False)
        batch_op.create_index("ix_events_event_date", ["event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_event_type"), ["event_type"], unique=False)

    op.create_table(
        "sightings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ingest_run_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=2048), nullable=False),
        sa.Column("raw_hash", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_sightings_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ingest_run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_sightings_ingest_run_id_ingest_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sightings")),
        sa.UniqueConstraint(
            "document_id",
            "origin",
            "raw_hash",
            name=op.f("uq_sightings_document_id_origin_raw_hash"),
        ),
    )
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("producer", sa.String(length=64), nullable=False),
        sa.Column("attribution_status", sa.String(length=16), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_event_sources_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_sources_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "document_id", name=op.f("pk_event_sources")),
    )
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_sources_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_sources_document_id"))

    op.drop_table("event_sources")
    op.drop_table("sightings")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_event_type"))
        batch_op.drop_index("ix_events_event_date")
        batch_op.drop_index(batch_op.f("ix_events_admin1_pcode"))
        batch_op.drop_index("ix_events_admin1_date")

    op.drop_table("events")
    op.drop_table("actor_aliases")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_story_id"))
        batch_op.drop_index(batch_op.f("ix_documents_source_id"))
        batch_op.drop_index("ix_documents_published_on")

    op.drop_table("documents")
    op.drop_table("actors")
    op.drop_table("sources")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_name"))

    op.drop_table("places")
    op.drop_table("ingest_runs")
    op.drop_table("communities")
