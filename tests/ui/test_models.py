"""Item models pass Qt's model tester and show what the DTOs say."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from clinic_app.domain.patients import DischargeReason, EpisodeStatus, NoteStatus, VisitKind
from clinic_app.services.dto import EpisodeRow, PatientCursor, PatientPage, PatientRow, VisitRow
from clinic_app.ui.models.episode_list_model import EpisodeListModel
from clinic_app.ui.models.patient_list_model import PatientListModel
from clinic_app.ui.models.visit_list_model import VisitListModel


def _row(i: int, archived: bool = False) -> PatientRow:
    return PatientRow(id=i, chart_number=i, given_name="Zoë", family_name=f"Name{i}",
                      preferred_name="", birth_date=date(1990, 1, 1), phone="0161",
                      archived=archived, sort_key=f"name{i} zoe")


def test_patient_list_model_passes_model_tester_and_pages(qtmodeltester: ModelTester) -> None:
    model = PatientListModel(today=date(2026, 11, 25))
    requested: list[PatientCursor] = []
    model.more_requested.connect(requested.append)
    model.set_page(PatientPage((_row(1), _row(2, archived=True)), PatientCursor("name2 zoe", 2)))
    assert model.canFetchMore()
    qtmodeltester.check(model)  # the tester itself asks for more rows
    assert model.index(0, 0).data() == "SC-000001"
    assert model.index(0, 3).data() == 36
    assert model.index(1, 1).data().endswith("(archived)")
    assert requested == [PatientCursor("name2 zoe", 2)] and not model.canFetchMore()
    model.append_page(PatientPage((_row(3),), None))
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and not model.canFetchMore()


def test_visit_list_model_passes_model_tester(qtmodeltester: ModelTester) -> None:
    model = VisitListModel()
    model.set_rows([VisitRow(1, 1, datetime(2026, 11, 2, 9, tzinfo=UTC), "Dr A", VisitKind.INITIAL,
                             NoteStatus.SIGNED, "Mechanical LBP")])
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "Initial"
    assert model.index(0, 3).data() == "Signed"


def test_visit_list_model_shows_new_rows_after_a_reset(qtmodeltester: ModelTester) -> None:
    model = VisitListModel()
    model.set_rows([VisitRow(1, 1, datetime(2026, 11, 2, 9, tzinfo=UTC), "Dr A", VisitKind.INITIAL,
                             NoteStatus.DRAFT, "First")])
    assert model.index(0, 4).data() == "First" and model.index(0, 3).data() == "Draft"
    assert model.index(0, 3).data(Qt.ItemDataRole.FontRole).italic()  # a draft reads as one
    model.set_rows([VisitRow(2, 1, datetime(2026, 11, 9, 9, tzinfo=UTC), "Dr B",
                             VisitKind.FOLLOW_UP, NoteStatus.SIGNED, "Second")])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(1, 5)] == [
        "Follow-up", "Dr B", "Signed", "Second"]  # not the first patient's texts
    assert model.index(0, 3).data(Qt.ItemDataRole.FontRole) is None


def test_episode_list_model_shows_status_visits_and_reasons(qtmodeltester: ModelTester) -> None:
    model = EpisodeListModel()
    model.set_rows((
        EpisodeRow(2, 7, date(2026, 10, 1), "Left SIJ pain", EpisodeStatus.OPEN, None, "", 1, 4),
        EpisodeRow(1, 7, date(2025, 3, 2), "Hamstring", EpisodeStatus.DISCHARGED,
                   date(2025, 5, 1), DischargeReason.GOALS_MET.value, 3, 6),
    ))
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == ["2026-10-01", "Left SIJ pain", "Open",
                                                            "4"]
    assert model.index(1, 2).data() == "Discharged 2025-05-01"
    assert model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole) == "Goals met"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "Hamstring"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Presenting complaint"
