"""The app under a pseudo-translation: every screen's text comes from the translator and fits.

``PseudoTranslator`` turns each text ``pyside6-lupdate`` extracted into accented text about 30 %
longer. A screen that still shows plain English has text a translator never sees; a label that
no longer fits at 1366×768 would be cut off in German or French too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from clinic_app.domain.exam.record import Movement
from clinic_app.domain.intake.body_chart import PainLocation, SymptomType
from clinic_app.domain.intake.record import Factor, Surface, SymptomQuality
from clinic_app.domain.messages.core import install_translator
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.tools.a11y_audit import audit
from clinic_app.tools.pseudo_audit import check_clipped, is_untranslated, pseudo_audit
from clinic_app.tools.tour import every_stop
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.pseudo_translation import PseudoTranslator, extract, is_pseudo, pseudo
from clinic_app.ui.views.exam.exam_form import MOVEMENT_LABELS
from clinic_app.ui.views.intake.behaviour_page import FACTOR_TEXT
from clinic_app.ui.views.intake.profile_page import SURFACE_TEXT
from clinic_app.ui.views.intake.symptoms_page import QUALITY_TEXT
from clinic_app.ui.widgets.body_chart_shapes import LOCATION_TEXT, SYMPTOM_TEXT
from tests.conftest import TODAY, make_draft


def test_pseudo_text_is_accented_longer_and_keeps_placeholders_tags_and_mnemonics() -> None:
    text = "&Save {0} of {name} at %1 — <b>{count:d}</b> &amp; 50%"
    out = pseudo(text)
    assert out != text and is_pseudo(out)
    assert len(out) >= 1.25 * len(text)
    for kept in ("&S", "{0}", "{name}", "%1", "<b>", "</b>", "{count:d}", "&amp;"):
        assert kept in out
    assert out.split("{0}")[0].startswith("&S")  # the mnemonic letter stays as it is
    assert "Save" not in out and "at" not in out.split()
    assert pseudo("12:30") == "12:30"  # nothing to translate
    assert pseudo("Reason:").endswith(":")  # padding goes before closing punctuation
    assert pseudo("Reason:").rstrip(":") == pseudo("Reason")
    assert pseudo("{0} of {1}").format("a", "b").startswith("a ")


def test_a_screen_with_plain_english_or_a_squeezed_label_is_reported(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    english = QLabel("Saved", page)
    english.move(0, 0)
    fine = QLabel(pseudo("Saved"), page)
    fine.move(0, 30)
    data = QLabel("Wiśniewska 2026-11-02 ODI 42", page)
    data.move(0, 60)
    squeezed = QPushButton(pseudo("Print the handout"), page)
    squeezed.setFixedWidth(40)
    squeezed.move(0, 90)
    page.show()
    problems = [str(p) for p in pseudo_audit(page, "sample", data=("Wiśniewska",))]
    assert problems == [
        "sample: QLabel: label not translated: 'Saved'",
        f"sample: QPushButton: button cut off (40 px for {squeezed.sizeHint().width()} px): "
        f"{squeezed.text()!r}",
    ]
    assert not is_untranslated("ODI 42 · 2026-11-02")
    assert check_clipped(fine, "x") == []


def test_label_tables_marked_for_translators_cover_their_enums() -> None:
    # the domain builds these labels from templates; the UI keeps the same words as literals
    assert {loc: LOCATION_TEXT[loc] for loc in PainLocation} == {loc: loc.label for loc in PainLocation}
    assert {s: SYMPTOM_TEXT[s] for s in SymptomType} == {s: s.label for s in SymptomType}
    assert {f: FACTOR_TEXT[f] for f in Factor} == {f: f.label.capitalize() for f in Factor}
    assert set(SURFACE_TEXT) == set(Surface) and set(QUALITY_TEXT) == set(SymptomQuality)
    assert set(MOVEMENT_LABELS) == set(Movement)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    from clinic_app.ui.pseudo_translation import app_sources

    return extract(app_sources(), Path(tmp_path_factory.mktemp("ts")) / "app.ts")


@pytest.fixture
def translator(qapp: QApplication, catalogue: dict[str, set[str]]) -> Iterator[PseudoTranslator]:
    """The pseudo-translation, installed before the window is built."""
    translator = PseudoTranslator(catalogue)
    qapp.installTranslator(translator)
    english = install_translator(QApplication.translate)  # the domain's clinical sentences too
    try:
        yield translator
    finally:
        install_translator(english)
        qapp.removeTranslator(translator)


NAMES = (("Małgorzata", "Wiśniewska-Kowalczyk"), ("Zoë", "O'Brien"))
COMPLAINT = "Left-sided low back and buttock pain since the half-marathon"


def _chart(window: MainWindow, qtbot: QtBot) -> tuple[int, int, set[str]]:
    """Two patients, one with a visit and a plan, the other with a red flag; returns their ids and
    the data typed in (names, phone numbers, addresses: not text to translate)."""
    s, me = window.ctx.services, window.ctx.require_actor()
    drafts = [make_draft(given_name=g, family_name=f, phone=f"0161 496 00{i}",
                         consent_treatment=True, consent_treatment_date=date(2026, 11, 1))
              for i, (g, f) in enumerate(NAMES)]
    data = {str(v) for d in drafts for v in asdict(d).values() if isinstance(v, str) and v}
    ids = [s.patients.create(me, d, TODAY).created_id or 0 for d in drafts]
    episode = s.care.open_episode(me, ids[0], date(2026, 11, 1), COMPLAINT, TODAY).created_id or 0
    s.care.create_visit(me, episode, datetime(2026, 11, 2, 9, tzinfo=UTC), VisitKind.INITIAL)
    s.plans.save(me, episode, s.plans.from_template("SIJ pain"), 0)
    flagged = s.care.open_episode(me, ids[1], date(2026, 11, 1), "LBP", TODAY).created_id or 0
    s.red_flags.record_screen(me, flagged, {RedFlagItem.CE1: True})
    window.resize(1366, 768)
    window.patient_list.refresh()
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == len(NAMES), timeout=5000)
    return ids[0], flagged, data


def test_every_screen_is_translated_and_fits_at_1366x768(
    translator: PseudoTranslator, catalogue: dict[str, set[str]], qtbot: QtBot, window: MainWindow,
    database_url: str
) -> None:
    patient_id, flagged, data = _chart(window, qtbot)
    # the status bar names the database (a product and a file or server): data on either backend
    data |= {COMPLAINT, "LBP", "Dr Amira Ahmed", database_url.removeprefix("sqlite:///"),
             window.label_backend.text()}

    def settle(_seconds: float) -> None:
        qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=10000)
        qtbot.wait(20)

    problems: list[str] = []
    visited: list[str] = []
    for number, stop in enumerate(every_stop(window, patient_id, settle, flagged)):
        visited.append(stop.name)
        # tab titles are pseudo-translated, so a stop is named by its place in the tour
        where = f"stop {number} {stop.name}"
        problems += [str(p) for p in pseudo_audit(stop.widget, where, data) + audit(stop.widget, where)]
    assert len(visited) > 20 and any(name.startswith("dialog-") for name in visited)
    # text the domain builds (clinical statements, findings, doses) is translated too
    assert problems == []
    # and every text the screens asked for in the app's own contexts is in the catalogue
    # lupdate extracts (Qt's and pyqtgraph's own texts come with their own translations)
    assert translator.missing_from_app() == []
    assert translator.contexts == set(catalogue)
