"""Handouts tab and print queue: preview, save, print, reprint exactly; batch in a worker."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from clinic_app.services.handouts import HandoutKind
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.printing import handouts_tab, print_queue
from clinic_app.ui.views.printing.handouts_tab import HandoutsTab
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver, patient_with_plan


@pytest.fixture
def pdf_printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every print dialog answers with a printer that writes a PDF file."""
    target = tmp_path / "printed.pdf"

    def ask(_parent: object) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(handouts_tab, "ask_printer", ask)
    monkeypatch.setattr(print_queue, "ask_printer", ask)
    return target


@pytest.fixture
def tab(qtbot: QtBot, window: MainWindow) -> HandoutsTab:
    pid = patient_with_plan(window, "Zoë <b>&</b>")
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    window.chart.tabs.setCurrentWidget(window.chart.handouts)
    return window.chart.handouts


def test_preview_then_save_keeps_the_document_in_the_chart(
    qtbot: QtBot, tab: HandoutsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.mouseClick(tab.btn_preview, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.page_count > 0, timeout=15000)
    assert tab._ctx.services.handouts.history(tab.details.id) == []  # type: ignore[union-attr]
    out = tmp_path / "handout.pdf"
    monkeypatch.setattr(handouts_tab.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=15000)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Zoë <b>&</b>" in text and "McGill curl-up" in text
    assert tab.table.item(0, 1).text() == "Home exercise programme"


def test_print_and_reprint_exactly(qtbot: QtBot, tab: HandoutsTab, pdf_printer: Path) -> None:
    qtbot.mouseClick(tab.btn_print, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=15000)
    assert pdf_printer.exists() and len(PdfReader(pdf_printer).pages) >= 2
    record = tab._ctx.services.handouts.history(tab.details.id)[0]  # type: ignore[union-attr]
    first = tab._ctx.services.handouts.reprint(record.id)
    pdf_printer.unlink()
    tab.table.setCurrentCell(0, 0)
    qtbot.mouseClick(tab.btn_reprint, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "exactly as handed out" in tab.label_status.text(), timeout=15000)
    assert pdf_printer.exists()
    assert tab._ctx.services.handouts.reprint(record.id) == first


def test_no_plan_gives_a_clear_message(qtbot: QtBot, window: MainWindow) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(given_name="Noplan", phone=""), TODAY).created_id or 0
    s.care.open_episode(me, pid, TODAY, "LBP", TODAY)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    tab = window.chart.handouts
    qtbot.mouseClick(tab.btn_preview, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no exercise plan yet" in tab.label_status.text(), timeout=10000)


def test_print_queue_generates_in_a_worker_and_prints(qtbot: QtBot, window: MainWindow,
                                                      pdf_printer: Path) -> None:
    first, second = patient_with_plan(window, "Ana"), patient_with_plan(window, "Ben")
    dialog = print_queue.PrintQueueDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.patient_ids() == [first, second], timeout=5000)
    dialog.kind_boxes[HandoutKind.EDUCATION_RUNNING].setChecked(True)
    progressed: list[int] = []
    dialog.progress.valueChanged.connect(progressed.append)
    qtbot.mouseClick(dialog.btn_generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30000)
    assert progressed == [0, 1, 2, 3, 4]  # the bar starts empty, then one step per document
    assert len(dialog.outcome.documents) == 4 and not dialog.outcome.problems  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "Printing finished" in dialog.label_status.text(), timeout=30000)
    assert pdf_printer.exists()
    assert len(window.ctx.services.handouts.history(first)) == 2


def test_letterhead_is_validated_and_printed(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                             dialogs: DialogDriver) -> None:
    from clinic_app.ui.dialogs.letterhead_dialog import LetterheadDialog

    not_image = tmp_path / "logo.png"
    not_image.write_text("no")

    def fill(dialog: object) -> None:
        assert isinstance(dialog, LetterheadDialog)
        dialog.edit_name.setText("Harbour Physio & Running")
        dialog.edit_logo.setText(str(not_image))
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.errors.message("logo_path") != "", timeout=5000)
        dialog.edit_logo.clear()
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)

    dialogs.handlers.append(fill)
    window.act_letterhead.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once the letterhead is read
    assert window.ctx.services.branding.values().clinic_name == "Harbour Physio & Running"
    pid = patient_with_plan(window, "Cleo")
    result = window.ctx.services.handouts.render(window.ctx.require_actor(), pid,
                                                 HandoutKind.EDUCATION_SIJ, record=False)
    assert "Harbour Physio & Running" in PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text()


def test_the_preview_pane_follows_the_chosen_document(qtbot: QtBot, tab: HandoutsTab) -> None:
    assert tab.preview_pane.currentWidget() is tab.label_hint  # nothing previewed yet
    assert "“Home exercise programme”" in tab.label_hint.text()
    qtbot.mouseClick(tab.btn_preview, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=15000)
    assert tab.preview_pane.currentWidget() is tab.view
    tab.list_kinds.setCurrentRow(1)  # another document: the old preview is not left showing
    assert tab.preview is None and tab.preview_pane.currentWidget() is tab.label_hint
    assert "“Return-to-run schedule”" in tab.label_hint.text()


def test_a_preview_made_for_another_document_is_not_shown(qtbot: QtBot, tab: HandoutsTab) -> None:
    qtbot.mouseClick(tab.btn_preview, Qt.MouseButton.LeftButton)
    tab.list_kinds.setCurrentRow(1)  # chosen again while the first one is being made
    tab._ctx.reads.wait()
    qtbot.wait(50)
    assert tab.preview is None and tab.preview_pane.currentWidget() is tab.label_hint
