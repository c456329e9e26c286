"""The chart header: who this is, at a glance, with alerts that cannot be missed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinic_app.domain.patients import age_on
from clinic_app.services.dto import PatientDetails
from clinic_app.ui.dialogs.episode_dialogs import episode_label
from clinic_app.ui.widgets.value_label import ValueLabel


class ChartHeader(QFrame):
    """Name, age, chart number, open episode and alerts (user text is plain text, never markup)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartHeader")
        self.setStyleSheet("#chartHeader { background:#f3f6fa; border-bottom:1px solid #d0d7e2; }")
        # Plain text, three labels: a rich-text label lays its whole document out again for
        # every size the layout asks of it, several times per patient switch.
        self.label_name = ValueLabel()
        self.label_name.setAccessibleName(self.tr("Patient"))
        self.label_name.setWordWrap(True)  # long names wrap rather than squeeze the patient list
        font = self.label_name.font()
        font.setPointSizeF(15)
        font.setWeight(QFont.Weight.DemiBold)
        self.label_name.setFont(font)
        self.label_facts = ValueLabel()
        self.label_facts.setAccessibleName(self.tr("Age, chart number and date of birth"))
        self.label_facts.setStyleSheet("color:#445")
        self.label_archived = _plain_label(self.tr("Archived"))
        self.label_archived.setText(self.tr("ARCHIVED"))
        self.label_archived.setStyleSheet("color:#8a1c1c; font-weight:600")
        self.label_archived.hide()
        self._episode_text = ""
        self._startback = ""
        self.label_episode = _plain_label(self.tr("Open episode"), wrap=True)
        # The header keeps its height from one patient to the next (the chart below does not
        # jump, and is not laid out and repainted whole on every switch): the episode line
        # always has room for two lines and the alerts box is always there, saying so when
        # the record has none.
        self.label_episode.setMinimumHeight(2 * self.label_episode.fontMetrics().lineSpacing())
        self.label_episode.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label_alerts = _plain_label(self.tr("Alerts"), wrap=True)
        self.label_flags = QLabel()
        self.label_flags.setAccessibleName(self.tr("Red flags"))
        self.label_flags.setTextFormat(Qt.TextFormat.RichText)
        self.label_flags.setWordWrap(True)
        self.label_flags.setStyleSheet(
            "background:#fff0f0; border:1px solid #e8a5a5; padding:4px 8px;")
        self.label_flags.hide()
        who = QHBoxLayout()
        who.setSpacing(12)
        who.addWidget(self.label_name, 0, Qt.AlignmentFlag.AlignBottom)
        who.addWidget(self.label_facts, 0, Qt.AlignmentFlag.AlignBottom)
        who.addWidget(self.label_archived, 0, Qt.AlignmentFlag.AlignBottom)
        who.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(who)
        left.addWidget(self.label_episode)
        top = QHBoxLayout()
        top.addLayout(left, 2)
        top.addWidget(self.label_alerts, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.label_flags)

    def show_patient(self, p: PatientDetails, today: date) -> None:
        """Fill the header from a patient's details."""
        d = p.draft
        preferred = f" “{d.preferred_name}”" if d.preferred_name else ""
        self.label_name.setText(f"{d.given_name} {d.family_name}{preferred}")
        age = age_on(d.birth_date, today) if d.birth_date else 0
        facts = (self.tr("{0} years").format(age), p.chart_label,
                 self.tr("born {0}").format(d.birth_date.isoformat() if d.birth_date else ""))
        self.label_facts.setText(" · ".join(facts))
        self.label_archived.setVisible(p.archived)
        episode = p.open_episode
        self._episode_text = (self.tr("Open episode: {0}").format(episode_label(episode)) if episode
                              else self.tr("No open episode"))
        self._episode_line()
        alerts = d.alerts.strip()
        self.label_alerts.setText("⚠ " + alerts if alerts else self.tr("No alerts recorded"))
        style = _ALERT_STYLE if alerts else _NO_ALERT_STYLE
        if self.label_alerts.styleSheet() != style:  # a new style sheet re-polishes the label
            self.label_alerts.setStyleSheet(style)

    def show_startback(self, text: str) -> None:
        """The STarT Back risk and matched-care suggestion beside the episode line."""
        self._startback = text
        self._episode_line()

    def _episode_line(self) -> None:
        parts = [self._episode_text] + ([self._startback] if self._startback else [])
        self.label_episode.setText("   ·   ".join(parts))

    def show_red_flags(self, html: str) -> None:
        """Show the banner of open red flags until they are resolved ("" hides it)."""
        self.label_flags.setText(html)
        self.label_flags.setVisible(bool(html))

    def text(self) -> str:
        """Everything the header says, as plain text (for tests and screen readers)."""
        flags = QTextDocument()
        flags.setHtml(self.label_flags.text() if self.label_flags.isVisibleTo(self) else "")
        archived = [self.label_archived.text()] if self.label_archived.isVisibleTo(self) else []
        return " ".join([self.label_name.text(), self.label_facts.text(),
                         *archived, self.label_episode.text(), self.label_alerts.text(),
                         flags.toPlainText()])


def _plain_label(name: str, wrap: bool = False) -> QLabel:
    """A label named ``name`` that shows its text as typed (a name is never markup)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setAccessibleName(name)
    return label


_ALERT_STYLE = "color:#8a1c1c; background:#fdecea; border:1px solid #f5c2c0; padding:3px 6px;"
_NO_ALERT_STYLE = "color:#556; background:transparent; border:1px solid #d0d7e2; padding:3px 6px;"
