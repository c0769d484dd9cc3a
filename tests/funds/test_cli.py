"""``sentinelle funds`` as a user runs it: the whole flow, clear errors that change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]
from sqlalchemy import text

from sentinelle.cli import main
from sentinelle.funds import (
    check_iati_structure,
)
from sentinelle.store import Database

SETUP = [
    ["organisation", "European Union", "--kind", "donor"],
    ["organisation", "Conseil régional de Kidal", "--kind", "local_authority", "--region", "ML08"],
    ["organisation", "ONG Tassaght", "--kind", "implementer"],
    ["person", "Anne", "--org", "European Union", "--role", "donor_rep"],
    ["person", "Moussa", "--org", "Conseil régional de Kidal", "--role", "local_authority_rep"],
    ["person", "Fatima", "--org", "ONG Tassaght", "--role", "requester"],
    ["rate", "EUR", "XOF", "655.957", "--on", "2015-01-01", "--source", "BCEAO parity"],
    ["pledge", "European Union", "1000000.00", "EUR", "--on", "2015-06-20"],
    ["project", "KID-1", "Water points", "--region", "ML08", "--cercle", "ML0801",
     "--community", "Kel Adagh", "--community", "Imghad"],
    ["commit", "1", "KID-1", "65595700", "XOF", "--on", "2015-07-01"],
    ["request", "1", "1000000", "--by", "Fatima", "--key", "r1"],
]  # fmt: skip


def run(db_url: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run ``sentinelle --db URL funds ARGS`` in-process; returns (exit code, output)."""
    with pytest.raises(SystemExit) as exited:
        main(["--db", db_url, "funds", *args])
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out + err


def _rows(db_url: str) -> dict[str, int]:
    database = Database(db_url)
    tables = ["fund_journal_entries", "fund_journal_lines", "fund_pledges", "fund_approvals",
              "fund_disbursement_requests", "fund_disbursements"]  # fmt: skip
    with database.engine.connect() as connection:
        counts = {
            t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables
        }
    database.dispose()
    return counts


@pytest.fixture
def funded(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A store with a donor, a Kidal authority, a project, a commitment and a request."""
    for args in SETUP:
        code, out = run(db_url, args, capsys)
        assert code == 0, (args, out)
    return db_url


def test_two_keys_then_disbursement_then_report(
    funded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(funded, ["approve", "1", "--by", "Anne"], capsys)[0] == 0
    code, out = run(funded, ["approve", "1", "--by", "Moussa"], capsys)
    assert code == 0 and "approved" in out
    code, out = run(funded, ["disburse", "1", "--on", "2015-07-15"], capsys)
    assert code == 0 and "1000000 XOF" in out
    code, out = run(funded, ["report", "--by", "region", "--format", "csv"], capsys)
    kidal = next(line for line in out.splitlines() if line.startswith("region,ML08"))
    assert ",65595700,1000000,0," in kidal and ",67638," in kidal and ",14.78," in kidal
    code, out = run(funded, ["verify"], capsys)
    assert code == 0 and "intact: 3 entries" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [(["pledge", "European Union", "--", "-5", "EUR"], "negative"),
     (["pledge", "European Union", "12.345", "EUR"], "more decimals"),
     (["pledge", "European Union", "100", "EURO"], "unknown currency"),
     (["pledge", "Nobody", "100", "EUR"], "no organisation"),
     (["approve", "1", "--by", "Fatima"], "cannot approve"),
     (["disburse", "1"], "both approved"),
     (["commit", "1", "KID-1", "999999999999", "XOF"], "uncommitted"),
     (["project", "X-1", "T", "--region", "ML12"], "not an OCHA region"),
     (["reject", "1", "--by", "Anne", "--reason", " "], "reason")],
)  # fmt: skip
def test_bad_input_is_refused_clearly_and_changes_nothing(
    funded: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = _rows(funded)
    code, out = run(funded, args, capsys)
    assert code == 2 and message in out, out
    assert _rows(funded) == before


def test_verify_exits_1_and_names_the_altered_entry(
    funded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(funded)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE fund_journal_lines SET debit_minor = debit_minor + 1 "
                                "WHERE entry_id = 2 AND debit_minor > 0"))  # fmt: skip
    database.dispose()
    code, out = run(funded, ["verify"], capsys)
    assert code == 1 and "entry 2" in out and "altered" in out


def test_iati_export_follows_the_activity_structure(
    funded: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(funded, ["approve", "1", "--by", "Anne"], capsys)
    run(funded, ["approve", "1", "--by", "Moussa"], capsys)
    run(funded, ["disburse", "1", "--on", "2015-07-15"], capsys)
    target = tmp_path / "iati.xml"
    assert run(funded, ["export", "--as", "iati", "-o", str(target)], capsys)[0] == 0
    document = target.read_bytes()
    assert check_iati_structure(document) == []
    root = etree.fromstring(document)
    activity = root.find("iati-activity")
    assert activity.findtext("iati-identifier").endswith("-KID-1")
    codes = [t.find("transaction-type").get("code") for t in activity.findall("transaction")]
    assert codes == ["2", "3"]
    assert activity.find("location").get("ref") == "ML0801"
    assert [v.text for v in activity.findall("transaction/value")] == ["65595700", "1000000"]


def test_the_structure_check_catches_a_broken_activity() -> None:
    bad = (b'<iati-activities version="2.03"><iati-activity><title><narrative>x</narrative>'
           b'</title><iati-identifier>A</iati-identifier><transaction><transaction-type '
           b'code="99"/></transaction></iati-activity></iati-activities>')  # fmt: skip
    problems = check_iati_structure(bad)
    assert any("out of the schema's order" in p for p in problems)
    assert any("reporting-org" in p for p in problems)
    assert any("1-13" in p for p in problems)
