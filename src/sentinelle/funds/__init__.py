"""Funds: the joint donor-fund ledger, from pledges to jointly approved disbursements.

Every function takes the store (``Database``) and runs in its own serialised transaction;
amounts are integers in minor units of an ISO 4217 currency (``parse_amount`` turns "2500.50"
into them). The web layer maps its users to the people registered here by name or id.
"""

from sentinelle.funds.approval import (
    DisbursementView,
    RequestStatus,
    RequestView,
    add_approval_rule,
    approve_request,
    disburse,
    list_requests,
    pending_approvals,
    reject_request,
    request_disbursement,
)
from sentinelle.funds.flows import (
    ActivityStatus,
    CommitmentView,
    OrgKind,
    PersonRole,
    PledgeView,
    ProjectView,
    add_organisation,
    add_person,
    add_rate,
    commit_funds,
    create_project,
    get_commitment,
    list_commitments,
    list_pledges,
    list_projects,
    record_expenditure,
    record_pledge,
)
from sentinelle.funds.iati import check_iati_structure, export_csv, export_iati_xml
from sentinelle.funds.ledger import ChainReport, reverse, verify
from sentinelle.funds.money import format_amount, parse_amount
from sentinelle.funds.reports import (
    AllocationRow,
    FundingGap,
    GapKind,
    ReportLevel,
    allocation_report,
    funding_gaps,
    load_population,
)

__all__ = [
    "ActivityStatus",
    "AllocationRow",
    "ChainReport",
    "CommitmentView",
    "DisbursementView",
    "FundingGap",
    "GapKind",
    "OrgKind",
    "PersonRole",
    "PledgeView",
    "ProjectView",
    "ReportLevel",
    "RequestStatus",
    "RequestView",
    "add_approval_rule",
    "add_organisation",
    "add_person",
    "add_rate",
    "allocation_report",
    "approve_request",
    "check_iati_structure",
    "commit_funds",
    "create_project",
    "disburse",
    "export_csv",
    "export_iati_xml",
    "format_amount",
    "funding_gaps",
    "get_commitment",
    "list_commitments",
    "list_pledges",
    "list_projects",
    "list_requests",
    "load_population",
    "parse_amount",
    "pending_approvals",
    "record_expenditure",
    "record_pledge",
    "reject_request",
    "request_disbursement",
    "reverse",
    "verify",
]
