"""``sentinelle funds``: pledges to jointly approved disbursements, reports and exports.

Amounts are typed in major units as decimals ("2500.50" EUR, "1000000" XOF) and kept as
integers in minor units; a bad amount, currency, person or state is refused before anything
is written.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import TypeVar

import typer

from sentinelle.commands.context import FORMAT_OPTION, get_context, resolve_format
from sentinelle.errors import InputError
from sentinelle.output import OutputFormat, write_records

funds_app = typer.Typer(
    help="Joint donor fund: pledges, commitments, two-key disbursements, reports.",
    no_args_is_help=True,
)

ON_OPTION = typer.Option(None, "--on", help="Date (YYYY-MM-DD; default today, UTC).")


def _day(value: str | None, what: str = "--on") -> dt.date:
    if value is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date (YYYY-MM-DD)", source=what) from None


@funds_app.command("organisation")
def organisation(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Organisation name."),
    kind: str = typer.Option(..., "--kind", help="donor, local_authority or implementer."),
    region: str | None = typer.Option(None, "--region", help="Region p-code (authorities)."),
    iati_ref: str | None = typer.Option(None, "--iati-ref", help="IATI organisation id."),
) -> None:
    """Register a donor, a local authority (of one region) or an implementer."""
    from sentinelle.funds import OrgKind, add_organisation

    cli = get_context(ctx)
    org_kind = _enum(OrgKind, kind, "--kind")
    number = add_organisation(
        cli.database(), name, org_kind, region_pcode=region, iati_ref=iati_ref
    )
    cli.say(f"Organisation {number}: {name} ({org_kind.value}).")


@funds_app.command("person")
def person(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The person's name (unique)."),
    org: str = typer.Option(..., "--org", help="Their organisation's name."),
    role: str = typer.Option(..., "--role", help="donor_rep, local_authority_rep or requester."),
) -> None:
    """Register a person who requests or approves disbursements."""
    from sentinelle.funds import PersonRole, add_person

    cli = get_context(ctx)
    number = add_person(cli.database(), name, org, _enum(PersonRole, role, "--role"))
    cli.say(f"Person {number}: {name}, {role} of {org}.")


@funds_app.command("rate")
def rate(
    ctx: typer.Context,
    base: str = typer.Argument(..., help="Currency converted from (ISO 4217)."),
    quote: str = typer.Argument(..., help="Currency converted to."),
    value: str = typer.Argument(..., help="Units of QUOTE for one BASE, e.g. 655.957."),
    on: str | None = ON_OPTION,
    source: str = typer.Option(..., "--source", help="Where the rate comes from."),
) -> None:
    """Record a dated exchange rate supplied by the user (nothing is fetched)."""
    from sentinelle.funds import add_rate

    cli = get_context(ctx)
    add_rate(cli.database(), base, quote, value, _day(on), source)
    cli.say(f"Rate 1 {base.upper()} = {value} {quote.upper()} from {_day(on)}.")


@funds_app.command("rule")
def rule(
    ctx: typer.Context,
    currency: str = typer.Option(..., "--currency", help="Currency of the threshold."),
    threshold: str = typer.Option(..., "--from", help="Requests of at least this amount..."),
    donors: int = typer.Option(2, "--donors", help="...need this many donor approvals..."),
    authorities: int = typer.Option(1, "--authorities", help="...and authority approvals."),
) -> None:
    """Require more approvers for requests above an amount."""
    from sentinelle.funds import add_approval_rule, parse_amount

    cli = get_context(ctx)
    add_approval_rule(
        cli.database(), currency, parse_amount(threshold, currency), donors, authorities
    )
    cli.say(f"From {threshold} {currency.upper()}: {donors} donor + {authorities} authority.")


@funds_app.command("pledge")
def pledge(
    ctx: typer.Context,
    donor: str = typer.Argument(..., help="Donor organisation."),
    amount: str = typer.Argument(..., help="Amount in major units, e.g. 1000000.00."),
    currency: str = typer.Argument(..., help="ISO 4217 currency, e.g. EUR."),
    on: str | None = ON_OPTION,
    region: str | None = typer.Option(None, "--region", help="Earmark for a region p-code."),
) -> None:
    """Record a donor's pledge (and post it to the ledger)."""
    from sentinelle.funds import format_amount, parse_amount, record_pledge

    cli = get_context(ctx)
    view = record_pledge(
        cli.database(),
        donor,
        parse_amount(amount, currency),
        currency,
        _day(on),
        region_pcode=region,
    )
    typer.echo(f"pledge {view.id}: {view.donor} {format_amount(view.amount_minor, view.currency)}")


@funds_app.command("project")
def project(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Project code (unique)."),
    title: str = typer.Argument(..., help="Title."),
    region: str = typer.Option(..., "--region", help="Region p-code, e.g. ML08 (Kidal)."),
    cercle: str | None = typer.Option(None, "--cercle", help="Cercle p-code, e.g. ML0801."),
    community: list[str] = typer.Option([], "--community", help="Community served (repeat)."),
    accord: list[str] = typer.Option(
        [], "--accord-commitment", help="Agreement commitment id it implements (repeat)."
    ),
    implementer: str | None = typer.Option(None, "--implementer", help="Implementing org."),
) -> None:
    """Register a project in a region of Mali."""
    from sentinelle.funds import create_project

    cli = get_context(ctx)
    view = create_project(
        cli.database(),
        code,
        title,
        region,
        cercle_pcode=cercle,
        communities=community,
        accord_commitments=accord,
        implementer=implementer,
    )
    typer.echo(f"project {view.id}: {view.code} in {view.region_pcode}")


@funds_app.command("commit")
def commit(
    ctx: typer.Context,
    pledge_id: int = typer.Argument(..., help="Pledge funding it."),
    project_code: str = typer.Argument(..., help="Project code."),
    amount: str = typer.Argument(..., help="Amount in major units."),
    currency: str = typer.Argument(..., help="Currency of the commitment."),
    on: str | None = ON_OPTION,
    due: str | None = typer.Option(None, "--due", help="Date it should be disbursed by."),
) -> None:
    """Commit part of a pledge to a project (converted at the dated rate if need be)."""
    from sentinelle.funds import commit_funds, format_amount, parse_amount

    cli = get_context(ctx)
    view = commit_funds(
        cli.database(),
        pledge_id,
        project_code,
        parse_amount(amount, currency),
        currency,
        _day(on),
        due_on=_day(due, "--due") if due else None,
    )
    money = format_amount(view.amount_minor, view.currency)
    typer.echo(f"commitment {view.id}: {money} to {view.project_code}")


@funds_app.command("request")
def request(
    ctx: typer.Context,
    commitment_id: int = typer.Argument(..., help="Commitment to draw on."),
    amount: str = typer.Argument(..., help="Amount in the commitment's currency."),
    by: str = typer.Option(..., "--by", help="Requester's name."),
    key: str = typer.Option(..., "--key", help="Idempotency key: a retry posts once."),
    purpose: str = typer.Option("", "--purpose", help="What the money is for."),
) -> None:
    """Ask for a disbursement; it needs the donor's and the local authority's approval."""
    from sentinelle.funds import get_commitment, parse_amount, request_disbursement

    cli = get_context(ctx)
    database = cli.database()
    currency = get_commitment(database, commitment_id).currency
    view = request_disbursement(
        database, commitment_id, by, parse_amount(amount, currency), key, purpose=purpose
    )
    typer.echo(f"request {view.id}: {view.status.value}, expires {view.expires_at:%Y-%m-%d %H:%M}")


@funds_app.command("approve")
def approve(
    ctx: typer.Context,
    request_id: int = typer.Argument(..., help="Request to approve."),
    by: str = typer.Option(..., "--by", help="Approver's name."),
) -> None:
    """Approve a request as the donor's or the region's authority representative."""
    from sentinelle.funds import approve_request

    view = approve_request(get_context(ctx).database(), request_id, by)
    typer.echo(f"request {view.id}: {view.status.value} (approved by {', '.join(view.approvers)})")


@funds_app.command("reject")
def reject(
    ctx: typer.Context,
    request_id: int = typer.Argument(..., help="Request to reject."),
    by: str = typer.Option(..., "--by", help="Who rejects it."),
    reason: str = typer.Option(..., "--reason", help="Why (recorded)."),
) -> None:
    """Reject a request, recording the reason."""
    from sentinelle.funds import reject_request

    view = reject_request(get_context(ctx).database(), request_id, by, reason)
    typer.echo(f"request {view.id}: {view.status.value} ({view.rejection_reason})")


@funds_app.command("disburse")
def disburse_command(
    ctx: typer.Context,
    request_id: int = typer.Argument(..., help="Approved request to pay out."),
    on: str | None = ON_OPTION,
) -> None:
    """Post an approved request to the ledger (a repeat returns the same disbursement)."""
    from sentinelle.funds import disburse, format_amount

    view = disburse(get_context(ctx).database(), request_id, disbursed_on=_day(on))
    money = format_amount(view.amount_minor, view.currency)
    typer.echo(f"disbursement {view.id}: {money} (journal entry {view.journal_entry_id})")


@funds_app.command("spend")
def spend(
    ctx: typer.Context,
    project_code: str = typer.Argument(..., help="Project that spent."),
    amount: str = typer.Argument(..., help="Amount in major units."),
    currency: str = typer.Argument(..., help="Currency."),
    key: str = typer.Option(..., "--key", help="Idempotency key."),
    on: str | None = ON_OPTION,
    description: str = typer.Option("", "--description", help="What was bought."),
) -> None:
    """Record a project's expenditure out of what it received."""
    from sentinelle.funds import parse_amount, record_expenditure

    number = record_expenditure(
        get_context(ctx).database(),
        project_code,
        parse_amount(amount, currency),
        currency,
        _day(on),
        key,
        description=description,
    )
    typer.echo(f"expenditure {number}")


@funds_app.command("reverse")
def reverse_command(
    ctx: typer.Context,
    entry_id: int = typer.Argument(..., help="Journal entry to reverse."),
    reason: str = typer.Option(..., "--reason", help="Why (recorded as the memo)."),
) -> None:
    """Correct a posting with a reversing entry (the journal is never edited)."""
    from sentinelle.funds import reverse

    number = reverse(
        get_context(ctx).database(), entry_id, now=dt.datetime.now(dt.UTC), memo=reason
    )
    typer.echo(f"journal entry {number} reverses entry {entry_id}")


@funds_app.command("requests")
def requests(
    ctx: typer.Context,
    pending_for: str | None = typer.Option(
        None, "--pending-for", help="Only those this person may still approve."
    ),
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """List disbursement requests (or those awaiting one approver)."""
    from sentinelle.funds import list_requests, pending_approvals

    database = get_context(ctx).database()
    views = pending_approvals(database, pending_for) if pending_for else list_requests(database)
    records = [
        {**view.__dict__, "status": view.status.value, "approvers": ", ".join(view.approvers)}
        for view in views
    ]
    columns = [
        "id",
        "project_code",
        "region_pcode",
        "requester",
        "amount_minor",
        "currency",
        "status",
        "approvers",
        "expires_at",
        "rejection_reason",
    ]
    write_records(records, columns, resolve_format(fmt), title="Disbursement requests")


@funds_app.command("report")
def report(
    ctx: typer.Context,
    level: str | None = typer.Option(None, "--by", help="region or community (default both)."),
    population: Path | None = typer.Option(
        None, "--population", help="CSV pcode,name,population,source (default: shipped)."
    ),
    gaps: bool = typer.Option(False, "--gaps", help="Show late or unfunded commitments instead."),
    accord: list[str] = typer.Option(
        [], "--accord-commitment", help="Agreement commitment ids to check for funding."
    ),
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """Pledged, committed, disbursed and spent per region and community (minor units)."""
    from sentinelle.funds import allocation_report, funding_gaps, load_population
    from sentinelle.funds.reports import GAP_COLUMNS, REPORT_COLUMNS

    database = get_context(ctx).database()
    if gaps:
        rows = funding_gaps(database, dt.datetime.now(dt.UTC).date(), accord)
        records = [{**gap.__dict__, "kind": gap.kind.value} for gap in rows]
        write_records(records, GAP_COLUMNS, resolve_format(fmt), title="Funding gaps")
        return
    table = allocation_report(database, population=load_population(population))
    wanted = [row.as_record() for row in table if level in (None, row.level.value)]
    write_records(wanted, REPORT_COLUMNS, resolve_format(fmt), title="Allocation (minor units)")


@funds_app.command("export")
def export(
    ctx: typer.Context,
    kind: str = typer.Option("iati", "--as", help="iati (XML, IATI 2.03) or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default stdout)."),
    reporting_org: str | None = typer.Option(None, "--reporting-org", help="IATI org id."),
) -> None:
    """Export every project's transactions as IATI activity XML or CSV."""
    from sentinelle.funds import check_iati_structure, export_csv, export_iati_xml
    from sentinelle.funds.iati import DEFAULT_REPORTING_ORG

    database = get_context(ctx).database()
    org = reporting_org or DEFAULT_REPORTING_ORG
    if kind == "csv":
        data = export_csv(database, reporting_org=org).encode("utf-8")
    elif kind == "iati":
        data = export_iati_xml(database, reporting_org=org)
        problems = check_iati_structure(data)
        if problems:
            raise InputError("the IATI export fails its structure check: " + "; ".join(problems))
    else:
        raise InputError(f"unknown export kind {kind!r} (iati or csv)", source="--as")
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        get_context(ctx).say(f"Wrote {output} ({len(data)} bytes).")


@funds_app.command("verify")
def verify_command(ctx: typer.Context) -> None:
    """Walk the hash chain of the journal; exit 1 if any entry was altered."""
    from sentinelle.funds import verify

    result = verify(get_context(ctx).database())
    if result.ok:
        typer.echo(f"journal intact: {result.entries} entries, every hash and balance checks out")
        return
    for problem in result.problems:
        typer.echo(f"TAMPERED: {problem}")
    typer.echo(f"journal NOT intact: {len(result.problems)} problem(s) in {result.entries} entries")
    raise typer.Exit(1)


E = TypeVar("E", bound=enum.Enum)


def _enum(enum_type: type[E], value: str, option: str) -> E:
    try:
        return enum_type(value)
    except ValueError:
        choices = ", ".join(str(member.value) for member in enum_type)
        raise InputError(f"{value!r} is not one of: {choices}", source=option) from None


def register(app: typer.Typer) -> None:
    """Add the ``funds`` group to the root app."""
    app.add_typer(funds_app, name="funds")
