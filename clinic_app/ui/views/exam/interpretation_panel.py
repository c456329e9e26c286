"""The live Interpretation panel: each finding with the inputs it used, accept or override."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.exam.interpretation import ExamFinding
from clinic_app.domain.findings import FindingLevel
from clinic_app.services.exams import DecisionRow

LEVEL_STYLE = {
    FindingLevel.INFO: ("#f4f8f4", "#7fa882"),
    FindingLevel.CAUTION: ("#fff8e6", "#d9a400"),
    FindingLevel.WARNING: ("#fff0e6", "#d96d00"),
    FindingLevel.URGENT: ("#fdecea", "#b00020"),
    FindingLevel.EMERGENCY: ("#fdecea", "#b00020"),
}


class FindingCard(QFrame):
    """One interpretation line, its inputs and notes, and the clinician's decision."""

    def __init__(self, item: ExamFinding, decision: DecisionRow | None, can_decide: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        f = item.finding
        background, border = LEVEL_STYLE.get(f.level, LEVEL_STYLE[FindingLevel.INFO])
        self.setObjectName("findingCard")
        self.setStyleSheet(f"#findingCard {{ background:{background}; "
                           f"border-left:4px solid {border}; }}")
        self.label_text = QLabel(f.explanation)
        self.label_text.setWordWrap(True)
        self.label_text.setTextFormat(Qt.TextFormat.PlainText)
        self.label_text.setAccessibleName(self.tr("Interpretation"))
        inputs = " · ".join(f"{escape(k)}: {escape(v)}" for k, v in f.inputs.items())
        notes = "".join(f"<br>⚑ {escape(n)}" for n in f.notes)
        heading = self.tr("Inputs")
        self.label_inputs = QLabel(f"<span style='color:#556; font-size:9pt'>{heading}: "
                                   f"{inputs}{notes}<br>{escape(f.source)}</span>")
        self.label_inputs.setWordWrap(True)
        self.label_inputs.setTextFormat(Qt.TextFormat.RichText)
        self.label_decision = QLabel()
        self.label_decision.setWordWrap(True)
        self.label_decision.setTextFormat(Qt.TextFormat.PlainText)
        self.label_decision.setAccessibleName(self.tr("Decision"))
        stale = decision is not None and decision.explanation != f.explanation
        if decision is not None:
            when = decision.decided_at.astimezone().strftime("%Y-%m-%d %H:%M")
            word = self.tr("Accepted") if decision.decision == "accepted" else self.tr("Overridden")
            text = f"{word} by {decision.decided_by}, {when}"
            if decision.reason:
                text += f": {decision.reason}"
            if stale:
                text += " " + self.tr("(the reading has changed since; decide again)")
            self.label_decision.setText(text)
        self.label_decision.setVisible(decision is not None)
        self.btn_accept = QPushButton(self.tr("Accept"))
        self.btn_override = QPushButton(self.tr("Override…"))
        for button in (self.btn_accept, self.btn_override):
            button.setEnabled(can_decide)
            button.setAccessibleName(f"{button.text()} {item.key}")
        buttons = QHBoxLayout()
        buttons.addWidget(self.label_decision, 1)
        buttons.addWidget(self.btn_accept)
        buttons.addWidget(self.btn_override)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label_text)
        layout.addWidget(self.label_inputs)
        layout.addLayout(buttons)


class InterpretationPanel(QScrollArea):
    """Findings from the domain core, refreshed as the form changes."""

    accept_requested = Signal(str, str)
    override_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Interpretation panel"))
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setSpacing(6)
        self.setWidget(self._body)
        self.cards: list[FindingCard] = []
        self.label_hint = QLabel()
        self.label_hint.setWordWrap(True)
        self.label_hint.setStyleSheet("color:#667;")

    def show_findings(self, findings: list[ExamFinding], decisions: dict[str, DecisionRow],
                      can_decide: bool, hint: str = "") -> None:
        """Replace the cards."""
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        while self._layout.count():
            self._layout.takeAt(0)
        self.label_hint.setText(hint)
        self._layout.addWidget(self.label_hint)
        self.label_hint.setVisible(bool(hint))
        for item in findings:
            card = FindingCard(item, decisions.get(item.key), can_decide)
            card.btn_accept.clicked.connect(
                lambda _c=False, i=item: self.accept_requested.emit(i.key, i.finding.explanation))
            card.btn_override.clicked.connect(
                lambda _c=False, i=item: self.override_requested.emit(i.key, i.finding.explanation))
            self._layout.addWidget(card)
            self.cards.append(card)
        if not findings:
            empty = QLabel(self.tr("Record tests on the left: their interpretation appears here."))
            empty.setWordWrap(True)
            self._layout.addWidget(empty)
        self._layout.addStretch(1)

    def card(self, key: str) -> FindingCard | None:
        """The card of a finding key."""
        return next((c for c in self.cards if c.item.key == key), None)

    def text(self) -> str:
        """Every explanation, one per line (tests and screen readers)."""
        return "\n".join(c.item.finding.explanation for c in self.cards)
