"""extract: mark events placed by where their report speaks of, not where it says they were

Revision ID: extract_0002
Revises: extract_0001
Create Date: 2026-11-25 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "extract_0002"
down_revision: str | Sequence[str] | None = "extract_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(
            sa.Column("place_inferred", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("place_inferred")
