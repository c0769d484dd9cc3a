"""response: responders, alert transitions, assignments, escalations, outbox, deliveries,
verification sources, attribution changes and actions

Revision ID: response_0001
Revises: 0002
Create Date: 2026-11-24 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "response_0001"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = ("response",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "responders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("on_call_order", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("webhook_url", sa.String(length=2048), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responders")),
        sa.UniqueConstraint("name", name=op.f("uq_responders_name")),
    )
    op.create_table(
        "alert_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=256), nullable=True),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_alert_actions_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_actions")),
    )
    with op.batch_alter_table("alert_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_actions_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "alert_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("responder_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_alert_assignments_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responder_id"],
            ["responders.id"],
            name=op.f("fk_alert_assignments_responder_id_responders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_assignments")),
    )
    with op.batch_alter_table("alert_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_assignments_alert_id"), ["alert_id"], unique=False
        )

    op.create_table(
        "alert_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_responder_id", sa.Integer(), nullable=True),
        sa.Column("to_responder_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_alert_escalations_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_responder_id"],
            ["responders.id"],
            name=op.f("fk_alert_escalations_from_responder_id_responders"),
        ),
        sa.ForeignKeyConstraint(
            ["to_responder_id"],
            ["responders.id"],
            name=op.f("fk_alert_escalations_to_responder_id_responders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_escalations")),
        sa.UniqueConstraint(
            "alert_id", "stage", "step", name=op.f("uq_alert_escalations_alert_id_stage_step")
        ),
    )
    with op.batch_alter_table("alert_escalations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_escalations_alert_id"), ["alert_id"], unique=False
        )

    op.create_table(
        "alert_transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("risk_level", sa.String(length=16), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_alert_transitions_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_transitions")),
    )
    with op.batch_alter_table("alert_transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_transitions_alert_id"), ["alert_id"], unique=False
        )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=2048), nullable=False),
        sa.Column("responder_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_outbox_alert_id_alerts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["responder_id"], ["responders.id"], name=op.f("fk_outbox_responder_id_responders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_alert_id"), ["alert_id"], unique=False)
        batch_op.create_index("ix_outbox_status_next", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_deliveries_outbox_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliveries_outbox_id"), ["outbox_id"], unique=False)

    op.create_table(
        "alert_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("reference", sa.String(length=2048), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("supports_status", sa.String(length=16), nullable=True),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_alert_sources_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_alert_sources_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_alert_sources_event_id_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_sources")),
    )
    with op.batch_alter_table("alert_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_sources_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "attribution_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_attribution_changes_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["alert_sources.id"],
            name=op.f("fk_attribution_changes_source_id_alert_sources"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attribution_changes")),
    )
    with op.batch_alter_table("attribution_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attribution_changes_event_id"), ["event_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("attribution_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attribution_changes_event_id"))

    op.drop_table("attribution_changes")
    with op.batch_alter_table("alert_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_sources_alert_id"))

    op.drop_table("alert_sources")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveries_outbox_id"))

    op.drop_table("deliveries")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_next")
        batch_op.drop_index(batch_op.f("ix_outbox_alert_id"))

    op.drop_table("outbox")
    with op.batch_alter_table("alert_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_transitions_alert_id"))

    op.drop_table("alert_transitions")
    with op.batch_alter_table("alert_escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_escalations_alert_id"))

    op.drop_table("alert_escalations")
    with op.batch_alter_table("alert_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_assignments_alert_id"))

    op.drop_table("alert_assignments")
    with op.batch_alter_table("alert_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_actions_alert_id"))

    op.drop_table("alert_actions")
    op.drop_table("responders")
