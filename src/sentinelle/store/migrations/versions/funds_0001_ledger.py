"""funds: organisations, people, flows, approvals and the hash-chained journal

Revision ID: funds_0001
Revises: 0002
Create Date: 2026-11-24 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "funds_0001"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = ("funds",)
depends_on: str | Sequence[str] | None = None

# The chain starts from this hash: 64 zeros, as no entry precedes the first one.
GENESIS_HASH = "0" * 64


def upgrade() -> None:
    op.create_table(
        "fund_approval_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("min_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("donor_approvals", sa.Integer(), nullable=False),
        sa.Column("authority_approvals", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_approval_rules")),
    )
    op.create_table(
        "fund_exchange_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("numerator", sa.BigInteger(), nullable=False),
        sa.Column("denominator", sa.BigInteger(), nullable=False),
        sa.Column("valid_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_exchange_rates")),
    )
    op.create_index(
        "ix_fund_exchange_rates_pair",
        "fund_exchange_rates",
        ["base", "quote", "valid_on"],
        unique=False,
    )
    op.create_table(
        "fund_journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_journal_entries")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_fund_journal_entries_entry_hash")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_fund_journal_entries_prev_hash")),
        sa.UniqueConstraint("seq", name=op.f("uq_fund_journal_entries_seq")),
    )
    op.create_table(
        "fund_ledger_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_ledger_head")),
    )
    op.create_table(
        "fund_organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("region_pcode", sa.String(length=16), nullable=True),
        sa.Column("iati_ref", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_fund_organisations_name")),
    )
    op.create_table(
        "fund_journal_lines",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("debit_minor", sa.BigInteger(), nullable=False),
        sa.Column("credit_minor", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "debit_minor >= 0 AND credit_minor >= 0",
            name=op.f("ck_fund_journal_lines_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["fund_journal_entries.id"],
            name=op.f("fk_fund_journal_lines_entry_id_fund_journal_entries"),
        ),
        sa.PrimaryKeyConstraint("entry_id", "line_no", name=op.f("pk_fund_journal_lines")),
    )
    op.create_index(
        "ix_fund_journal_lines_account", "fund_journal_lines", ["account", "currency"], unique=False
    )
    op.create_table(
        "fund_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("region_pcode", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["fund_organisations.id"],
            name=op.f("fk_fund_people_organisation_id_fund_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_people")),
        sa.UniqueConstraint("name", name=op.f("uq_fund_people_name")),
    )
    op.create_index(
        op.f("ix_fund_people_organisation_id"), "fund_people", ["organisation_id"], unique=False
    )
    op.create_table(
        "fund_pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("donor_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("pledged_on", sa.Date(), nullable=False),
        sa.Column("region_pcode", sa.String(length=16), nullable=True, comment="earmark, if any"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["donor_id"],
            ["fund_organisations.id"],
            name=op.f("fk_fund_pledges_donor_id_fund_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["fund_journal_entries.id"],
            name=op.f("fk_fund_pledges_journal_entry_id_fund_journal_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_pledges")),
    )
    op.create_index(op.f("ix_fund_pledges_donor_id"), "fund_pledges", ["donor_id"], unique=False)
    op.create_table(
        "fund_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("region_pcode", sa.String(length=16), nullable=False),
        sa.Column("cercle_pcode", sa.String(length=16), nullable=True),
        sa.Column("communities", sa.JSON(), nullable=False),
        sa.Column("accord_commitments", sa.JSON(), nullable=False),
        sa.Column("implementer_id", sa.Integer(), nullable=True),
        sa.Column("sector_code", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["implementer_id"],
            ["fund_organisations.id"],
            name=op.f("fk_fund_projects_implementer_id_fund_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_projects")),
        sa.UniqueConstraint("code", name=op.f("uq_fund_projects_code")),
    )
    op.create_index(
        op.f("ix_fund_projects_region_pcode"), "fund_projects", ["region_pcode"], unique=False
    )
    op.create_table(
        "fund_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("committed_on", sa.Date(), nullable=False),
        sa.Column(
            "due_on", sa.Date(), nullable=True, comment="date by which it should be disbursed"
        ),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["fund_journal_entries.id"],
            name=op.f("fk_fund_commitments_journal_entry_id_fund_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["fund_pledges.id"],
            name=op.f("fk_fund_commitments_pledge_id_fund_pledges"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["fund_projects.id"],
            name=op.f("fk_fund_commitments_project_id_fund_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_commitments")),
    )
    op.create_index(
        op.f("ix_fund_commitments_pledge_id"), "fund_commitments", ["pledge_id"], unique=False
    )
    op.create_index(
        op.f("ix_fund_commitments_project_id"), "fund_commitments", ["project_id"], unique=False
    )
    op.create_table(
        "fund_expenditures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("journal_entry_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["fund_journal_entries.id"],
            name=op.f("fk_fund_expenditures_journal_entry_id_fund_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["fund_projects.id"],
            name=op.f("fk_fund_expenditures_project_id_fund_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_expenditures")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_fund_expenditures_idempotency_key")),
    )
    op.create_index(
        op.f("ix_fund_expenditures_project_id"), "fund_expenditures", ["project_id"], unique=False
    )
    op.create_table(
        "fund_disbursement_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("donor_approvals_needed", sa.Integer(), nullable=False),
        sa.Column("authority_approvals_needed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejected_by_id", sa.Integer(), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["fund_commitments.id"],
            name=op.f("fk_fund_disbursement_requests_commitment_id_fund_commitments"),
        ),
        sa.ForeignKeyConstraint(
            ["rejected_by_id"],
            ["fund_people.id"],
            name=op.f("fk_fund_disbursement_requests_rejected_by_id_fund_people"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["fund_people.id"],
            name=op.f("fk_fund_disbursement_requests_requester_id_fund_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_disbursement_requests")),
        sa.UniqueConstraint(
            "idempotency_key", name=op.f("uq_fund_disbursement_requests_idempotency_key")
        ),
    )
    op.create_index(
        op.f("ix_fund_disbursement_requests_commitment_id"),
        "fund_disbursement_requests",
        ["commitment_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_fund_disbursement_requests_status"),
        "fund_disbursement_requests",
        ["status"],
        unique=False,
    )
    op.create_table(
        "fund_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["fund_organisations.id"],
            name=op.f("fk_fund_approvals_organisation_id_fund_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["fund_people.id"], name=op.f("fk_fund_approvals_person_id_fund_people")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["fund_disbursement_requests.id"],
            name=op.f("fk_fund_approvals_request_id_fund_disbursement_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_approvals")),
    )
    op.create_index(
        op.f("ix_fund_approvals_request_id"), "fund_approvals", ["request_id"], unique=False
    )
    op.create_index(
        "ix_fund_approvals_request_person",
        "fund_approvals",
        ["request_id", "person_id"],
        unique=True,
    )
    op.create_table(
        "fund_disbursements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=False),
        sa.Column("journal_entry_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["fund_commitments.id"],
            name=op.f("fk_fund_disbursements_commitment_id_fund_commitments"),
        ),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["fund_journal_entries.id"],
            name=op.f("fk_fund_disbursements_journal_entry_id_fund_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["fund_disbursement_requests.id"],
            name=op.f("fk_fund_disbursements_request_id_fund_disbursement_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_disbursements")),
        sa.UniqueConstraint("request_id", name=op.f("uq_fund_disbursements_request_id")),
    )
    op.create_index(
        op.f("ix_fund_disbursements_commitment_id"),
        "fund_disbursements",
        ["commitment_id"],
        unique=False,
    )

    head = sa.table(
        "fund_ledger_head",
        sa.column("id", sa.Integer),
        sa.column("last_seq", sa.Integer),
        sa.column("last_hash", sa.String),
    )
    op.bulk_insert(head, [{"id": 1, "last_seq": 0, "last_hash": GENESIS_HASH}])


def downgrade() -> None:
    op.drop_index(op.f("ix_fund_disbursements_commitment_id"), table_name="fund_disbursements")
    op.drop_table("fund_disbursements")
    op.drop_index("ix_fund_approvals_request_person", table_name="fund_approvals")
    op.drop_index(op.f("ix_fund_approvals_request_id"), table_name="fund_approvals")
    op.drop_table("fund_approvals")
    op.drop_index(
        op.f("ix_fund_disbursement_requests_status"), table_name="fund_disbursement_requests"
    )
    op.drop_index(
        op.f("ix_fund_disbursement_requests_commitment_id"), table_name="fund_disbursement_requests"
    )
    op.drop_table("fund_disbursement_requests")
    op.drop_index(op.f("ix_fund_expenditures_project_id"), table_name="fund_expenditures")
    op.drop_table("fund_expenditures")
    op.drop_index(op.f("ix_fund_commitments_project_id"), table_name="fund_commitments")
    op.drop_index(op.f("ix_fund_commitments_pledge_id"), table_name="fund_commitments")
    op.drop_table("fund_commitments")
    op.drop_index(op.f("ix_fund_projects_region_pcode"), table_name="fund_projects")
    op.drop_table("fund_projects")
    op.drop_index(op.f("ix_fund_pledges_donor_id"), table_name="fund_pledges")
    op.drop_table("fund_pledges")
    op.drop_index(op.f("ix_fund_people_organisation_id"), table_name="fund_people")
    op.drop_table("fund_people")
    op.drop_index("ix_fund_journal_lines_account", table_name="fund_journal_lines")
    op.drop_table("fund_journal_lines")
    op.drop_table("fund_organisations")
    op.drop_table("fund_ledger_head")
    op.drop_table("fund_journal_entries")
    op.drop_index("ix_fund_exchange_rates_pair", table_name="fund_exchange_rates")
    op.drop_table("fund_exchange_rates")
    op.drop_table("fund_approval_rules")
