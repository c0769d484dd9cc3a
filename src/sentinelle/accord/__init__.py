"""Accord: the agreement's provisions and commitments, and their implementation over time.

Public API (used by the CLI and the web stage): import an agreement file, record dated
statuses, list the matrix of commitments on a date, one commitment's history, scores,
overdue commitments, and the check that links events and raises alerts.
"""

from sentinelle.accord.checks import CheckResult, check_agreement, check_all_agreements
from sentinelle.accord.demo import EXAMPLE_FILE, run_accord_demo
from sentinelle.accord.export import export_agreement, export_agreement_yaml
from sentinelle.accord.links import LinkedEvent, commitment_events
from sentinelle.accord.loader import LoadedAgreement, load_agreement
from sentinelle.accord.matrix import CommitmentStatus, list_commitments
from sentinelle.accord.overdue import OverdueCommitment, find_overdue
from sentinelle.accord.register import (
    ImportResult,
    find_agreement,
    find_commitment,
    import_agreement_file,
    list_agreements,
    store_agreement,
)
from sentinelle.accord.schema import (
    AgreementSpec,
    CommitmentKind,
    ImplementationStatus,
    PartyRole,
    Theme,
)
from sentinelle.accord.scores import Score, compute_scores, score_series, timeline_dates
from sentinelle.accord.status import (
    StatusRecord,
    commitment_history,
    history,
    set_status,
    status_on,
)

# The illustrative summary of Mali's 2015 agreement shipped with the package.
EXAMPLE_AGREEMENT = EXAMPLE_FILE

__all__ = [
    "EXAMPLE_AGREEMENT",
    "AgreementSpec",
    "CheckResult",
    "CommitmentKind",
    "CommitmentStatus",
    "ImplementationStatus",
    "ImportResult",
    "LinkedEvent",
    "LoadedAgreement",
    "OverdueCommitment",
    "PartyRole",
    "Score",
    "StatusRecord",
    "Theme",
    "check_agreement",
    "check_all_agreements",
    "commitment_events",
    "commitment_history",
    "compute_scores",
    "export_agreement",
    "export_agreement_yaml",
    "find_agreement",
    "find_commitment",
    "find_overdue",
    "history",
    "import_agreement_file",
    "list_agreements",
    "list_commitments",
    "load_agreement",
    "run_accord_demo",
    "score_series",
    "set_status",
    "status_on",
    "store_agreement",
    "timeline_dates",
]
