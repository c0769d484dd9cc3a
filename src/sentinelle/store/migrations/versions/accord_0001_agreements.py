"""accord: agreements, parties, signatures, provisions, commitments, dated statuses, links

Revision ID: accord_0001
Revises: 0002
Create Date: 2026-11-24 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "accord_0001"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = ("accord",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accord_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("short_title", sa.String(length=256), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("notice", sa.Text(), nullable=True),
        sa.Column("first_signed_on", sa.Date(), nullable=False),
        sa.Column("entry_into_force", sa.Date(), nullable=True),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accord_agreements")),
        sa.UniqueConstraint("code", name=op.f("uq_accord_agreements_code")),
    )
    op.create_table(
        "accord_parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("actor_names", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["accord_agreements.id"],
            name=op.f("fk_accord_parties_agreement_id_accord_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accord_parties")),
        sa.UniqueConstraint(
            "agreement_id", "code", name=op.f("uq_accord_parties_agreement_id_code")
        ),
    )
    op.create_table(
        "accord_provisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("articles", sa.String(length=256), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["accord_agreements.id"],
            name=op.f("fk_accord_provisions_agreement_id_accord_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accord_provisions")),
        sa.UniqueConstraint(
            "agreement_id", "code", name=op.f("uq_accord_provisions_agreement_id_code")
        ),
    )
    op.create_table(
        "accord_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("provision_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("deadline_on", sa.Date(), nullable=True, comment="absolute deadline"),
        sa.Column("deadline_months", sa.Integer(), nullable=True, comment="after entry into force"),
        sa.Column("deadline_days", sa.Integer(), nullable=True, comment="after entry into force"),
        sa.Column("regions", sa.JSON(), nullable=False, comment="OCHA p-codes"),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("budget_line", sa.String(length=128), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["accord_agreements.id"],
            name=op.f("fk_accord_commitments_agreement_id_accord_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provision_id"],
            ["accord_provisions.id"],
            name=op.f("fk_accord_commitments_provision_id_accord_provisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accord_commitments")),
        sa.UniqueConstraint(
            "agreement_id", "code", name=op.f("uq_accord_commitments_agreement_id_code")
        ),
    )
    op.create_index(
        op.f("ix_accord_commitments_code"), "accord_commitments", ["code"], unique=False
    )
    op.create_index(
        op.f("ix_accord_commitments_provision_id"),
        "accord_commitments",
        ["provision_id"],
        unique=False,
    )
    op.create_table(
        "accord_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signed_by", sa.String(length=256), nullable=True),
        sa.Column("place", sa.String(length=256), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["accord_agreements.id"],
            name=op.f("fk_accord_signatures_agreement_id_accord_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["accord_parties.id"],
            name=op.f("fk_accord_signatures_party_id_accord_parties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accord_signatures")),
    )
    op.create_index(
        op.f("ix_accord_signatures_agreement_id"),
        "accord_signatures",
        ["agreement_id"],
        unique=False,
    )
    op.create_table(
        "accord_commitment_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column(
            "subject",
            sa.String(length=64),
            nullable=False,
            comment="the deadline missed, the region",
        ),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_accord_commitment_alerts_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["accord_commitments.id"],
            name=op.f("fk_accord_commitment_alerts_commitment_id_accord_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accord_commitment_alerts")),
        sa.UniqueConstraint(
            "commitment_id",
            "reason",
            "subject",
            name=op.f("uq_accord_commitment_alerts_commitment_id_reason_subject"),
        ),
    )
    op.create_index(
        op.f("ix_accord_commitment_alerts_alert_id"),
        "accord_commitment_alerts",
        ["alert_id"],
        unique=False,
    )
    op.create_table(
        "accord_commitment_parties",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["accord_commitments.id"],
            name=op.f("fk_accord_commitment_parties_commitment_id_accord_commitments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["accord_parties.id"],
            name=op.f("fk_accord_commitment_parties_party_id_accord_parties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "commitment_id", "party_id", "role", name=op.f("pk_accord_commitment_parties")
        ),
    )
    op.create_index(
        op.f("ix_accord_commitment_parties_party_id"),
        "accord_commitment_parties",
        ["party_id"],
        unique=False,
    )
    op.create_table(
        "accord_event_links",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=True),
        sa.Column("producer", sa.String(length=64), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["accord_commitments.id"],
            name=op.f("fk_accord_event_links_commitment_id_accord_commitments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_accord_event_links_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commitment_id", "event_id", name=op.f("pk_accord_event_links")),
    )
    op.create_index(
        op.f("ix_accord_event_links_event_id"), "accord_event_links", ["event_id"], unique=False
    )
    op.create_table(
        "accord_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Integer(),
            nullable=False,
            comment="Peace Accords Matrix: 0 not initiated .. 3 full",
        ),
        sa.Column("on_date", sa.Date(), nullable=False, comment="the date the level became true"),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["accord_commitments.id"],
            name=op.f("fk_accord_status_changes_commitment_id_accord_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accord_status_changes")),
    )
    op.create_index(
        "ix_accord_status_changes_commitment_on",
        "accord_status_changes",
        ["commitment_id", "on_date"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_accord_status_changes_commitment_on", table_name="accord_status_changes")
    op.drop_table("accord_status_changes")
    op.drop_index(op.f("ix_accord_event_links_event_id"), table_name="accord_event_links")
    op.drop_table("accord_event_links")
    op.drop_index(
        op.f("ix_accord_commitment_parties_party_id"), table_name="accord_commitment_parties"
    )
    op.drop_table("accord_commitment_parties")
    op.drop_index(
        op.f("ix_accord_commitment_alerts_alert_id"), table_name="accord_commitment_alerts"
    )
    op.drop_table("accord_commitment_alerts")
    op.drop_index(op.f("ix_accord_signatures_agreement_id"), table_name="accord_signatures")
    op.drop_table("accord_signatures")
    op.drop_index(op.f("ix_accord_commitments_provision_id"), table_name="accord_commitments")
    op.drop_index(op.f("ix_accord_commitments_code"), table_name="accord_commitments")
    op.drop_table("accord_commitments")
    op.drop_table("accord_provisions")
    op.drop_table("accord_parties")
    op.drop_table("accord_agreements")
