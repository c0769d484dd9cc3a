"""analyze: indicator cells, region periods, analysis marks and forecasts

Revision ID: analyze_0001
Revises: 0002
Create Date: 2026-11-24 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "analyze_0001"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = ("analyze",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_cells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("country", sa.String(length=128), nullable=False),
        sa.Column("region", sa.String(length=128), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("actor_type", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("fatal_events", sa.Integer(), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column(
            "unknown_perpetrator",
            sa.Integer(),
            nullable=False,
            comment="events whose actor1 is unknown",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_cells")),
        sa.UniqueConstraint(
            "level",
            "country",
            "region",
            "period",
            "period_start",
            "event_type",
            "actor_type",
            name="uq_indicator_cells_cell",
        ),
    )
    op.create_index(
        "ix_indicator_cells_region_period",
        "indicator_cells",
        ["level", "region", "period", "period_start"],
        unique=False,
    )
    op.create_table(
        "region_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("country", sa.String(length=128), nullable=False),
        sa.Column("region", sa.String(length=128), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("violent_events", sa.Integer(), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column(
            "unknown_share",
            sa.Double(),
            nullable=False,
            comment="share of violent events, actor1 unknown",
        ),
        sa.Column(
            "armed_actors",
            sa.Integer(),
            nullable=False,
            comment="distinct named armed actors active",
        ),
        sa.Column(
            "new_area",
            sa.Boolean(),
            nullable=False,
            comment="violence after at least 90 quiet days",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_periods")),
        sa.UniqueConstraint(
            "level",
            "country",
            "region",
            "period",
            "period_start",
            name=op.f("uq_region_periods_level_country_region_period_period_start"),
        ),
    )
    op.create_table(
        "analysis_marks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("max_event_id", sa.Integer(), nullable=False),
        sa.Column("max_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_analysis_marks")),
    )
    op.create_table(
        "forecasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=128), nullable=False),
        sa.Column("region", sa.String(length=128), nullable=False),
        sa.Column("horizon", sa.String(length=8), nullable=False, comment="week or month"),
        sa.Column(
            "issued_for",
            sa.Date(),
            nullable=False,
            comment="last day of data the forecast saw",
        ),
        sa.Column("target_start", sa.Date(), nullable=False),
        sa.Column("target_end", sa.Date(), nullable=False),
        sa.Column("expected_events", sa.Double(), nullable=False),
        sa.Column("events_low", sa.Double(), nullable=False),
        sa.Column("events_high", sa.Double(), nullable=False),
        sa.Column("expected_fatalities", sa.Double(), nullable=False),
        sa.Column("fatalities_low", sa.Double(), nullable=False),
        sa.Column("fatalities_high", sa.Double(), nullable=False),
        sa.Column(
            "p_fatal",
            sa.Double(),
            nullable=False,
            comment="probability of at least one fatal event",
        ),
        sa.Column("model_name", sa.String(length=64), nullable=False),
        sa.Column("model_version", sa.String(length=32), nullable=False),
        sa.Column("train_start", sa.Date(), nullable=False),
        sa.Column("train_end", sa.Date(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecasts")),
        sa.UniqueConstraint(
            "country",
            "region",
            "horizon",
            "target_start",
            "model_name",
            name=op.f("uq_forecasts_country_region_horizon_target_start_model_name"),
        ),
    )
    op.create_index(op.f("ix_forecasts_region"), "forecasts", ["region"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_forecasts_region"), table_name="forecasts")
    op.drop_table("forecasts")
    op.drop_table("analysis_marks")
    op.drop_table("region_periods")
    op.drop_index("ix_indicator_cells_region_period", table_name="indicator_cells")
    op.drop_table("indicator_cells")
