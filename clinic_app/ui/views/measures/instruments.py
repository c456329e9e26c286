"""Entry widgets per instrument; each shows its score from the domain core as it is filled."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from clinic_app.domain.measures.instrument_text import InstrumentText
from clinic_app.domain.measures.outcomes import NPRS_FIELDS, NprsValues, StartBackAnswers
from clinic_app.domain.measures.scoring import RMDQ_ITEM_COUNT, score_odi, score_psfs, score_rmdq
from clinic_app.domain.measures.startback import Bothersomeness, matched_care, score_startback
from clinic_app.ui.widgets.inputs import NumberEdit

SCORE_STYLE = "font-weight:600; color:#1f3a4d;"


def _score_label(name: str) -> QLabel:
    label = QLabel("—")
    label.setStyleSheet(SCORE_STYLE)
    label.setAccessibleName(name)
    return label


class NprsBox(QGroupBox):
    """Back and leg pain: now, best and worst in 24 hours."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pain (NPRS 0-10)"), parent)
        grid = QGridLayout(self)
        self.edits: dict[str, NumberEdit] = {}
        whens = (self.tr("Now"), self.tr("Best in 24 h"), self.tr("Worst in 24 h"))
        sides = (self.tr("Back"), self.tr("Leg"))
        for c, when in enumerate(whens, start=1):
            grid.addWidget(QLabel(when), 0, c)
        for r, side in enumerate(sides, start=1):
            grid.addWidget(QLabel(side), r, 0)
        for i, name in enumerate(NPRS_FIELDS):
            edit = NumberEdit()
            edit.setMaximumWidth(56)
            # the row and column labels the field sits under: "Back, Worst in 24 h"
            edit.setAccessibleName(self.tr("{0}, {1}").format(sides[i // 3], whens[i % 3]))
            edit.textEdited.connect(self.changed)
            self.edits[name] = edit
            grid.addWidget(edit, 1 + i // 3, 1 + i % 3)

    def values(self) -> NprsValues:
        """The typed scores (unreadable text counts as empty; see ``unreadable``)."""
        return NprsValues(**{name: edit.int_value() for name, edit in self.edits.items()})

    def unreadable(self) -> list[str]:
        """Fields whose text is not a whole number."""
        return [name for name, edit in self.edits.items() if edit.is_unreadable()]

    def set_values(self, values: NprsValues) -> None:
        """Show saved scores."""
        for name, edit in self.edits.items():
            edit.set_value(getattr(values, name))


class OdiBox(QGroupBox):
    """Ten sections by number and label, each 0-5 or unanswered; the score updates live."""

    changed = Signal()

    def __init__(self, text: InstrumentText, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Oswestry Disability Index (v2.1a)"), parent)
        grid = QGridLayout(self)
        self.combos: list[QComboBox] = []
        self.labels: list[QLabel] = []
        for i in range(10):
            label = QLabel()
            label.setWordWrap(True)
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._update)
            grid.addWidget(label, i, 0)
            grid.addWidget(combo, i, 1)
            self.labels.append(label)
            self.combos.append(combo)
        self.max_missing = 2  # the practice's odi_max_missing, set from the loaded visit
        self.label_score = _score_label(self.tr("ODI score"))
        grid.addWidget(self.label_score, 10, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.set_text(text)

    def set_text(self, text: InstrumentText) -> None:
        """Show short labels or the licensed wording of a text pack."""
        for i, (label, combo) in enumerate(zip(self.labels, self.combos, strict=True)):
            label.setText(f"{i + 1}. {text.odi_sections[i]}")
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("— not answered"), None)
            for score, option in enumerate(text.odi_options[i]):
                combo.addItem(option if option == str(score) else f"{score}: {option}", score)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.setAccessibleName(self.tr("{0} — ODI section").format(label.text()))
            label.setBuddy(combo)
            combo.blockSignals(False)

    def sections(self) -> tuple[int | None, ...] | None:
        """Section scores, or ``None`` when no section was answered."""
        values = tuple(combo.currentData() for combo in self.combos)
        return None if all(v is None for v in values) else values

    def set_sections(self, sections: tuple[int | None, ...] | None) -> None:
        """Show saved answers."""
        for i, combo in enumerate(self.combos):
            value = sections[i] if sections is not None else None
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self._update()

    def _update(self) -> None:
        sections = self.sections()
        if sections is None:
            self.label_score.setText(self.tr("ODI: not answered"))
        else:
            score = score_odi(sections, self.max_missing)
            answered = sum(1 for s in sections if s is not None)
            self.label_score.setText(
                self.tr("ODI {0} — {1} ({2}/10 answered)").format(
                    score.display, score.band.label.lower(), answered) if score is not None
                else self.tr("ODI: too many sections unanswered to score ({0}/10 answered; the "
                             "practice allows {1} unanswered)").format(answered, self.max_missing))
        self.changed.emit()


class RmdqBox(QGroupBox):
    """Roland-Morris: the items ticked today (only when the questionnaire was completed)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Roland-Morris (RMDQ-24)"), parent)
        grid = QGridLayout(self)
        self.check_done = QCheckBox(self.tr("Completed today"))
        self.check_done.setAccessibleName(self.tr("Completed today — RMDQ"))
        grid.addWidget(self.check_done, 0, 0, 1, 6)
        self.items: list[QCheckBox] = []
        for n in range(1, RMDQ_ITEM_COUNT + 1):
            box = QCheckBox(str(n))
            box.setAccessibleName(self.tr("{0} — RMDQ item").format(n))
            box.toggled.connect(self._ticked)
            self.items.append(box)
            grid.addWidget(box, 1 + (n - 1) // 6, (n - 1) % 6)
        self.label_score = _score_label(self.tr("RMDQ score"))
        grid.addWidget(self.label_score, 6, 0, 1, 6)
        self.check_done.toggled.connect(self._update)

    def _ticked(self, checked: bool) -> None:
        if checked and not self.check_done.isChecked():
            self.check_done.setChecked(True)
        self._update()

    def ticked(self) -> frozenset[int] | None:
        """Ticked item numbers, or ``None`` when not completed."""
        if not self.check_done.isChecked():
            return None
        return frozenset(i for i, box in enumerate(self.items, start=1) if box.isChecked())

    def set_ticked(self, ticked: frozenset[int] | None) -> None:
        """Show saved answers."""
        self.check_done.setChecked(ticked is not None)
        for i, box in enumerate(self.items, start=1):
            box.blockSignals(True)
            box.setChecked(ticked is not None and i in ticked)
            box.blockSignals(False)
        self._update()

    def _update(self) -> None:
        ticked = self.ticked()
        self.label_score.setText(self.tr("RMDQ {0}/24").format(score_rmdq(sorted(ticked)))
                                 if ticked is not None else self.tr("RMDQ: not completed"))
        self.changed.emit()


class PsfsBox(QGroupBox):
    """The episode's activities, each rated 0-10 at this visit; mean shown live."""

    changed = Signal()
    edit_activities = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Patient-Specific Functional Scale"), parent)
        self.grid = QGridLayout(self)
        self.edits: list[NumberEdit] = []
        self.series_id: int | None = None
        self.label_score = _score_label(self.tr("PSFS score"))
        from PySide6.QtWidgets import QPushButton

        self.btn_activities = QPushButton(self.tr("Name activities…"))
        self.btn_activities.clicked.connect(self.edit_activities)
        self.set_activities(None, ())

    def set_activities(self, series_id: int | None, activities: tuple[str, ...]) -> None:
        """Rows for the current series' activities."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None and widget not in (self.label_score, self.btn_activities):
                widget.deleteLater()
        self.series_id = series_id
        self.edits = []
        for r, name in enumerate(activities):
            label = QLabel(f"{r + 1}. {name}")
            self.grid.addWidget(label, r, 0)
            edit = NumberEdit(integer=False)
            edit.setMaximumWidth(56)
            edit.setAccessibleName(self.tr("{0} — PSFS rating 0-10").format(label.text()))
            label.setBuddy(edit)
            edit.textEdited.connect(self._update)
            self.grid.addWidget(edit, r, 1)
            self.edits.append(edit)
        if not activities:
            hint = QLabel(self.tr("No activities named yet for this episode."))
            self.grid.addWidget(hint, 0, 0)
        row = max(len(activities), 1)
        self.grid.addWidget(self.label_score, row, 0)
        self.grid.addWidget(self.btn_activities, row, 1)
        self.btn_activities.setText(self.tr("New activities…") if activities
                                    else self.tr("Name activities…"))
        self._update()

    def ratings(self) -> tuple[float, ...] | None:
        """The ratings, or ``None`` when none were typed."""
        values = [edit.value() for edit in self.edits]
        if all(v is None for v in values):
            return None
        return tuple(float(v) if v is not None else float("nan") for v in values)

    def unreadable(self) -> bool:
        """True when a rating is missing or not a number while others were typed."""
        values = [edit.value() for edit in self.edits]
        typed = any(v is not None for v in values)
        return any(e.is_unreadable() for e in self.edits) or (typed and None in values)

    def set_ratings(self, ratings: tuple[float, ...] | None) -> None:
        """Show saved ratings."""
        for i, edit in enumerate(self.edits):
            edit.set_value(ratings[i] if ratings is not None and i < len(ratings) else None)
        self._update()

    def _update(self) -> None:
        ratings = self.ratings()
        if ratings is None or self.unreadable():
            self.label_score.setText(self.tr("PSFS: not rated"))
        else:
            try:
                self.label_score.setText(self.tr("PSFS {0:.2f}").format(score_psfs(ratings)))
            except ValueError as exc:
                self.label_score.setText(str(exc))
        self.changed.emit()


class StartBackBox(QGroupBox):
    """STarT Back at the first visit: items 1-8 agree, item 9, risk and matched care."""

    changed = Signal()

    def __init__(self, text: InstrumentText, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("STarT Back (usually at the first visit)"), parent)
        grid = QGridLayout(self)
        self.check_done = QCheckBox(self.tr("Completed today"))
        self.check_done.setAccessibleName(self.tr("Completed today — STarT Back"))
        grid.addWidget(self.check_done, 0, 0, 1, 2)
        self.items: list[QCheckBox] = []
        for n in range(1, 9):
            box = QCheckBox()
            box.toggled.connect(self._ticked)
            self.items.append(box)
            grid.addWidget(box, n, 0, 1, 2)
        self.label_item9 = QLabel()
        self.combo_item9 = QComboBox()
        self.combo_item9.currentIndexChanged.connect(self._ticked)
        grid.addWidget(self.label_item9, 9, 0)
        grid.addWidget(self.combo_item9, 9, 1)
        self.label_score = _score_label(self.tr("STarT Back score"))
        self.label_score.setWordWrap(True)
        grid.addWidget(self.label_score, 10, 0, 1, 2)
        self.check_done.toggled.connect(self._update)
        self.set_text(text)

    def set_text(self, text: InstrumentText) -> None:
        """Short labels or the licensed item wording."""
        for n, box in enumerate(self.items, start=1):
            box.setText(self.tr("{0}. Agree: {1}").format(n, text.startback_items[n - 1]))
            box.setAccessibleName(box.text())
        self.label_item9.setText(f"9. {text.startback_items[8]}")
        self.label_item9.setBuddy(self.combo_item9)
        current = self.combo_item9.currentData()
        self.combo_item9.blockSignals(True)
        self.combo_item9.clear()
        self.combo_item9.addItem(self.tr("— not answered"), None)  # never a default answer
        for option, label in zip(Bothersomeness, text.startback_item9_options, strict=True):
            self.combo_item9.addItem(label, option.value)
        self.combo_item9.setCurrentIndex(max(self.combo_item9.findData(current), 0))
        self.combo_item9.setAccessibleName(self.label_item9.text())
        self.combo_item9.blockSignals(False)

    def _ticked(self, *_args: object) -> None:
        if not self.check_done.isChecked():
            self.check_done.setChecked(True)
        self._update()

    def item9_missing(self) -> bool:
        """True when the questionnaire is marked completed but item 9 is not answered."""
        return self.check_done.isChecked() and self.combo_item9.currentData() is None

    def answers(self) -> StartBackAnswers | None:
        """The answers, or ``None`` when not completed (or item 9 is not answered yet)."""
        if not self.check_done.isChecked() or self.item9_missing():
            return None
        return StartBackAnswers(tuple(box.isChecked() for box in self.items),
                                Bothersomeness(self.combo_item9.currentData()))

    def set_answers(self, answers: StartBackAnswers | None) -> None:
        """Show saved answers."""
        widgets = [*self.items, self.combo_item9, self.check_done]
        for widget in widgets:
            widget.blockSignals(True)
        self.check_done.setChecked(answers is not None)
        for i, box in enumerate(self.items):
            box.setChecked(answers is not None and answers.agree[i])
        self.combo_item9.setCurrentIndex(max(self.combo_item9.findData(
            answers.bothersomeness.value if answers else None), 0))
        for widget in widgets:
            widget.blockSignals(False)
        self._update()

    def _update(self) -> None:
        answers = self.answers()
        if self.item9_missing():
            self.label_score.setText(self.tr("STarT Back: answer item 9 to score"))
        elif answers is None:
            self.label_score.setText(self.tr("STarT Back: not completed"))
        else:
            s = score_startback(answers.agree, answers.bothersomeness)
            self.label_score.setText(self.tr("Total {0}/9, psychosocial {1}/5 — {2} risk: {3}").format(
                s.total, s.psychosocial, s.risk.value.upper(), matched_care(s.risk)))
        self.changed.emit()
