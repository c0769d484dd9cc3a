"""extract: which documents each extractor version has coded

Revision ID: extract_0001
Revises: 0002
Create Date: 2026-11-24 19:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "extract_0001"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = ("extract",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_codings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("producer", sa.String(length=64), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("coded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_codings_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_codings")),
        sa.UniqueConstraint(
            "document_id", "producer", name=op.f("uq_document_codings_document_id_producer")
        ),
    )
    op.create_index(op.f("ix_document_codings_document_id"), "document_codings", ["document_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_document_codings_document_id"), table_name="document_codings")
    op.drop_table("document_codings")
