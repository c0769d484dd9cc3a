"""Importing agreement files: the shipped example, idempotence, and whole-file refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from sentinelle.accord import (
    EXAMPLE_AGREEMENT,
    AgreementSpec,
    ImplementationStatus,
    Theme,
    export_agreement,
    export_agreement_yaml,
    find_commitment,
    import_agreement_file,
    list_commitments,
    load_agreement,
    set_status,
)
from sentinelle.errors import RejectedInput
from sentinelle.store import Database
from sentinelle.store.models import Agreement, Commitment
from tests.accord.conftest import WriteAgreement


def _count(db: Database, model: type[Any]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_example_agreement_imports_with_every_theme(db: Database) -> None:
    with db.session() as session:
        result = import_agreement_file(session, EXAMPLE_AGREEMENT)
    assert (result.parties, result.created) == (4, True)
    with db.session() as session:
        rows = list_commitments(session, dt.date(2015, 7, 1))
        agreement = session.scalars(select(Agreement)).one()
        signatures = sorted((s.party.code, s.signed_on) for s in agreement.signatures)
    assert {row.theme for row in rows} == set(Theme)
    assert agreement.illustrative and "not the legal text" in (agreement.notice or "")
    assert ("cma", dt.date(2015, 6, 20)) in signatures
    assert ("government", dt.date(2015, 5, 15)) in signatures
    moc = next(row for row in rows if row.code == "MOC-1")
    assert moc.deadline == dt.date(2015, 8, 19)  # 60 days after entry into force
    assert moc.regions == ("ML07",) and moc.budget_line == "SEC-MOC"
    assert moc.responsible == ("cma", "government", "platform")


def test_importing_the_same_file_twice_changes_nothing(db: Database) -> None:
    with db.session() as session:
        import_agreement_file(session, EXAMPLE_AGREEMENT)
    with db.session() as session:
        again = import_agreement_file(session, EXAMPLE_AGREEMENT)
    assert again.unchanged
    assert _count(db, Agreement) == 1
    assert _count(db, Commitment) == again.commitments


def test_a_reimport_keeps_recorded_statuses(
    db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> None:
    with db.session() as session:
        import_agreement_file(session, write_agreement(small_agreement))
        commitment = find_commitment(session, "INT")
        set_status(
            session,
            commitment,
            ImplementationStatus.MINIMAL,
            on=dt.date(2016, 1, 1),
            source="report",
            note="decree signed",
        )
    small_agreement["provisions"][1]["commitments"][0]["title"] = "Interim administrations"
    with db.session() as session:
        result = import_agreement_file(session, write_agreement(small_agreement))
        row = next(r for r in list_commitments(session, dt.date(2016, 2, 1)) if r.code == "INT")
    assert not result.unchanged
    assert (row.title, row.level) == ("Interim administrations", ImplementationStatus.MINIMAL)


def _drop_party(data: dict[str, Any]) -> None:
    data["parties"] = [p for p in data["parties"] if p["id"] != "plat"]


def _unknown_theme(data: dict[str, Any]) -> None:
    data["provisions"][1]["theme"] = "economy"


def _deadline_before_signature(data: dict[str, Any]) -> None:
    data["provisions"][1]["commitments"][0]["deadline"] = {"date": "2014-12-31"}


def _duplicate_commitment(data: dict[str, Any]) -> None:
    data["provisions"][1]["commitments"][1]["id"] = "CF"


def _unknown_region(data: dict[str, Any]) -> None:
    data["provisions"][0]["commitments"][0]["regions"] = ["ML07", "ML99"]


def _impossible_date(data: dict[str, Any]) -> None:
    data["signatures"][1]["signed_on"] = "2015-13-01"


def _missing_field(data: dict[str, Any]) -> None:
    del data["provisions"][0]["commitments"][1]["responsible"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_drop_party, ["commitments[0] (id 'CF')", "field 'responsible'", "unknown party 'plat'"]),
        (_unknown_theme, ["provisions[1] (id 'pol')", "field 'theme'"]),
        (_deadline_before_signature, ["(id 'INT')", "field 'deadline'", "before the first"]),
        (_duplicate_commitment, ["commitments[1] (id 'CF'), field 'id': duplicate id 'CF'"]),
        (_unknown_region, ["(id 'CF')", "field 'regions'", "'ML99'"]),
        (_impossible_date, ["signatures[1], field 'signed_on'"]),
        (_missing_field, ["commitments[1] (id 'CANT')", "field 'responsible'"]),
    ],
)
def test_a_malformed_file_is_refused_whole_naming_entry_and_field(
    sqlite_db: Database,
    small_agreement: dict[str, Any],
    write_agreement: WriteAgreement,
    damage: Callable[[dict[str, Any]], None],
    expected: list[str],
) -> None:
    damage(small_agreement)
    path = write_agreement(small_agreement)
    with pytest.raises(RejectedInput) as caught, sqlite_db.session() as session:
        import_agreement_file(session, path)
    message = str(caught.value)
    assert str(path) in message and "nothing stored" in message
    for fragment in expected:
        assert fragment in message
    assert _count(sqlite_db, Agreement) == 0
    assert _count(sqlite_db, Commitment) == 0


def test_commitments_can_come_from_a_csv_beside_the_yaml(
    sqlite_db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> None:
    path = _csv_agreement(small_agreement, write_agreement, deadline="+3m")
    with sqlite_db.session() as session:
        import_agreement_file(session, path)
        rows = list_commitments(session, dt.date(2016, 1, 1))
    assert [(r.code, r.deadline, r.regions) for r in rows] == [
        ("A1", dt.date(2015, 9, 20), ("ML07", "ML08")),
        ("A2", None, ()),
    ]


def test_a_bad_csv_row_is_named_by_its_row_number(
    sqlite_db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> None:
    path = _csv_agreement(small_agreement, write_agreement, deadline="soon")
    expected = r"commitments\.csv row 2, field 'deadline'"
    with pytest.raises(RejectedInput, match=expected), sqlite_db.session() as session:
        import_agreement_file(session, path)
    assert _count(sqlite_db, Agreement) == 0


def _csv_agreement(data: dict[str, Any], write_agreement: WriteAgreement, *, deadline: str) -> Path:
    del data["provisions"]
    data["provisions_csv"] = "commitments.csv"
    path = write_agreement(data)
    (path.parent / "commitments.csv").write_text(
        "provision,theme,provision_title,commitment,title,responsible,deadline,regions\n"
        f"sec,defence-security,Security,A1,Mixed patrols,gov;cma,{deadline},ML07;ML08\n"
        "sec,defence-security,Security,A2,Keep the ceasefire,gov;plat,,\n",
        encoding="utf-8",
    )
    return path


def test_an_exported_agreement_imports_back_identically(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        import_agreement_file(session, EXAMPLE_AGREEMENT)
        exported = export_agreement(session)
        text = export_agreement_yaml(session)
    path = tmp_path / "exported.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_agreement(path)
    again = yaml.safe_load(text)
    assert again == exported
    assert _comparable(loaded.spec) == _comparable(load_agreement(EXAMPLE_AGREEMENT).spec)


def _comparable(spec: AgreementSpec) -> dict[str, Any]:
    """The spec as a mapping, party lists sorted: the store keeps who, not in which order."""
    data = spec.model_dump()
    for provision in data["provisions"]:
        for commitment in provision["commitments"]:
            commitment["responsible"].sort()
            commitment["concerned"].sort()
    return data


def test_a_reimport_may_drop_and_move_commitments_without_history(
    db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> None:
    with db.session() as session:
        import_agreement_file(session, write_agreement(small_agreement))
    # LAW is dropped, INT moves to a new provision that replaces "pol", and "plat" leaves.
    small_agreement["provisions"][1] = {
        "id": "institutions",
        "theme": "political-institutional",
        "title": "Institutions",
        "commitments": [small_agreement["provisions"][1]["commitments"][0]],
    }
    small_agreement["provisions"][0]["commitments"][0]["responsible"] = ["gov", "cma"]
    small_agreement["parties"] = small_agreement["parties"][:2]
    small_agreement["signatures"] = [
        small_agreement["signatures"][0],
        {"party": "cma", "signed_on": "2015-06-20"},
    ]
    with db.session() as session:
        import_agreement_file(session, write_agreement(small_agreement))
        rows = list_commitments(session, dt.date(2016, 1, 1))
        exported = export_agreement(session)
    assert [(r.code, r.provision) for r in rows] == [
        ("CF", "sec"),
        ("CANT", "sec"),
        ("INT", "institutions"),
    ]
    assert [p["id"] for p in exported["parties"]] == ["gov", "cma"]


def test_a_reimport_cannot_drop_a_commitment_with_recorded_statuses(
    db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> None:
    with db.session() as session:
        import_agreement_file(session, write_agreement(small_agreement))
        set_status(
            session,
            find_commitment(session, "LAW"),
            ImplementationStatus.MINIMAL,
            on=dt.date(2016, 1, 1),
            source="report",
            note="draft law tabled",
        )
    del small_agreement["provisions"][1]["commitments"][1]
    small_agreement["title"] = "Changed title"
    path = write_agreement(small_agreement)
    refused = "'LAW' has 1 recorded status change"
    with pytest.raises(RejectedInput, match=refused), db.session() as session:
        import_agreement_file(session, path)
    with db.session() as session:
        assert session.scalars(select(Agreement.title)).one() == "Test agreement"
        assert len(list_commitments(session, dt.date(2016, 1, 1))) == 4


def test_the_matrix_filters_by_party_theme_and_region(
    db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> None:
    with db.session() as session:
        import_agreement_file(session, write_agreement(small_agreement))
        on = dt.date(2016, 1, 1)

        def codes(**filters: Any) -> list[str]:
            return [row.code for row in list_commitments(session, on, **filters)]

        assert codes(party="plat") == ["CF", "LAW"]
        assert codes(theme=Theme.POLITICAL_INSTITUTIONAL) == ["INT", "LAW"]
        assert codes(region="ML08") == ["CF", "CANT"]  # CANT names the cercle ML0801
        assert codes(region="ML0801") == ["CF", "CANT"]  # CF names the whole region ML08
        assert codes(party="cma", region="ML07") == ["CF"]
