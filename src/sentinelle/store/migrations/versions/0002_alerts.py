"""alerts and their evidence

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 19:00:53.318286
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=256), nullable=False),
        sa.Column("rule", sa.String(length=128), nullable=False),
        sa.Column("detector", sa.String(length=128), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("risk_level", sa.String(length=16), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("admin1", sa.String(length=128), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=16), nullable=True),
        sa.Column("admin2", sa.String(length=128), nullable=True),
        sa.Column("admin2_pcode", sa.String(length=16), nullable=True),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True, comment="how surprising, detector-specific"),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("producer", sa.String(length=64), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cooldown_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_admin1"), ["admin1"], unique=False)
        batch_op.create_index("ix_alerts_key_state", ["key", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_state"), ["state"], unique=False)

    op.create_table(
        "alert_evidence",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_alert_evidence_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_alert_evidence_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alert_id", "event_id", name=op.f("pk_alert_evidence")),
    )
    with op.batch_alter_table("alert_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_evidence_event_id"), ["event_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("alert_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_evidence_event_id"))

    op.drop_table("alert_evidence")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_state"))
        batch_op.drop_index("ix_alerts_key_state")
        batch_op.drop_index(batch_op.f("ix_alerts_admin1"))

    op.drop_table("alerts")
