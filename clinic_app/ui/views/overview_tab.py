"""Overview: the patient's details, episodes of care and the visit timeline."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import EpisodeStatus
from clinic_app.services.chart_summary import EpisodeSummary
from clinic_app.services.dto import EpisodeRow, PatientDetails
from clinic_app.ui.dialogs.patient_dialog import SEX_LABELS
from clinic_app.ui.models.episode_list_model import EpisodeListModel
from clinic_app.ui.models.visit_list_model import VisitListModel
from clinic_app.ui.widgets.body_chart import BodyChartWidget
from clinic_app.ui.widgets.elided_label import ElidedLabel
from clinic_app.ui.widgets.scrolling import vertical_scroll
from clinic_app.ui.widgets.tables import configure_table, steady_on_reset
from clinic_app.ui.widgets.value_label import ValueLabel

_DETAIL_FIELDS = (
    ("phone", QT_TRANSLATE_NOOP("OverviewTab", "Phone")),
    ("email", QT_TRANSLATE_NOOP("OverviewTab", "Email")),
    ("address", QT_TRANSLATE_NOOP("OverviewTab", "Address")),
    ("emergency_contact", QT_TRANSLATE_NOOP("OverviewTab", "Emergency contact")),
    ("referrer", QT_TRANSLATE_NOOP("OverviewTab", "Referrer / GP")),
    ("occupation", QT_TRANSLATE_NOOP("OverviewTab", "Occupation")),
)


_ONE_LINE = frozenset({"sex", "phone", "email", "consent_treatment", "consent_data"})
"""Values shown on one line, cut with "…" (an e-mail address cannot wrap); the others wrap."""


def _wrapped_value() -> ValueLabel:
    """A value that wraps within its column and never widens it."""
    value = ValueLabel()
    value.setWordWrap(True)
    value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return value


def _consent(given: bool, when: date | None) -> str:
    # spelled out: lupdate reads an alias such as tr("OverviewTab", …) as tr(source, comment)
    if not given:
        return QCoreApplication.translate("OverviewTab", "Not recorded")
    return QCoreApplication.translate("OverviewTab", "Given {0}").format(when.isoformat()) \
        if when else QCoreApplication.translate("OverviewTab", "Given")


class OverviewTab(QWidget):
    """Read-only details with actions, episodes table, and visit timeline."""

    edit_requested = Signal()
    archive_requested = Signal()
    new_episode_requested = Signal()
    discharge_requested = Signal(object)
    visit_opened = Signal(int)

    def __init__(self, visits: VisitListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._episodes: tuple[EpisodeRow, ...] = ()

        self.details = QFormLayout()
        self.details.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._values: dict[str, ValueLabel] = {}
        for key, label in (("sex", QT_TRANSLATE_NOOP("OverviewTab", "Sex")), *_DETAIL_FIELDS,
                           ("consent_treatment", QT_TRANSLATE_NOOP("OverviewTab", "Treatment consent")),
                           ("consent_data", QT_TRANSLATE_NOOP("OverviewTab", "Data consent")),
                           ("updated", QT_TRANSLATE_NOOP("OverviewTab", "Last changed"))):
            value = ElidedLabel() if key in _ONE_LINE else _wrapped_value()
            value.setAccessibleName(QCoreApplication.translate("OverviewTab", label))
            self.details.addRow(QCoreApplication.translate("OverviewTab", label) + ":", value)
            self._values[key] = value
        self.btn_edit = QPushButton(self.tr("Edit details…"))
        self.btn_archive = QPushButton(self.tr("Archive patient"))
        actions = QHBoxLayout()
        actions.addWidget(self.btn_edit)
        actions.addWidget(self.btn_archive)
        actions.addStretch(1)
        box_details = QGroupBox(self.tr("Details"))
        details_layout = QVBoxLayout(box_details)
        details_layout.addLayout(self.details)
        details_layout.addStretch(1)
        details_layout.addLayout(actions)

        self.episodes = EpisodeListModel(self)
        self.table_episodes = QTableView()
        self.table_episodes.setAccessibleName(self.tr("Episodes of care"))
        self.table_episodes.setModel(self.episodes)
        configure_table(self.table_episodes, {0: 86, 2: 150, 3: 50}, stretch=1)
        steady_on_reset(self.table_episodes)
        self.episodes.follow(self.table_episodes)
        self.btn_new_episode = QPushButton(self.tr("New episode…"))
        self.btn_discharge = QPushButton(self.tr("Discharge…"))
        episode_actions = QHBoxLayout()
        episode_actions.addWidget(self.btn_new_episode)
        episode_actions.addWidget(self.btn_discharge)
        episode_actions.addStretch(1)
        box_episodes = QGroupBox(self.tr("Episodes of care"))
        episodes_layout = QVBoxLayout(box_episodes)
        episodes_layout.addWidget(self.table_episodes)
        episodes_layout.addLayout(episode_actions)

        self.table_timeline = QTableView()
        self.table_timeline.setAccessibleName(self.tr("Visit timeline"))
        self.table_timeline.setModel(visits)
        configure_table(self.table_timeline, {0: 122, 1: 80, 2: 130, 3: 60}, stretch=4)
        steady_on_reset(self.table_timeline)
        visits.follow(self.table_timeline)
        box_timeline = QGroupBox(self.tr("Visit timeline"))
        timeline_layout = QVBoxLayout(box_timeline)
        timeline_layout.addWidget(self.table_timeline)

        self.label_summary = _wrapped_value()
        self.label_summary.setText(self.tr("No intake recorded yet."))
        self.label_summary.setAccessibleName(self.tr("Intake summary"))
        self.body_chart = BodyChartWidget()
        self.body_chart.set_read_only(True)
        self.body_chart.setMinimumHeight(220)
        self.body_chart.hide()
        box_summary = QGroupBox(self.tr("Intake summary"))
        summary_layout = QVBoxLayout(box_summary)
        summary_layout.addWidget(self.label_summary)
        summary_layout.addWidget(self.body_chart, 1)

        left_page = QWidget()  # scrolls on a short screen instead of making the window taller
        left = QVBoxLayout(left_page)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(box_details, 3)
        left.addWidget(box_summary, 2)
        left_scroll = vertical_scroll(left_page)
        # the column keeps its width from one patient to the next (a longer summary does not
        # bring in a scroll bar that narrows, re-lays out and repaints the whole column)
        left_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        right = QVBoxLayout()
        right.addWidget(box_episodes, 2)
        right.addWidget(box_timeline, 3)
        layout = QHBoxLayout(self)
        layout.addWidget(left_scroll, 2)
        layout.addLayout(right, 3)

        self.btn_edit.clicked.connect(self.edit_requested)
        self.btn_archive.clicked.connect(self.archive_requested)
        self.btn_new_episode.clicked.connect(self.new_episode_requested)
        self.btn_discharge.clicked.connect(self._discharge_clicked)
        self.table_episodes.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self._update_buttons())
        self.table_timeline.activated.connect(
            lambda index: self.visit_opened.emit(visits.row_at(index.row()).id))

    def show_patient(self, p: PatientDetails) -> None:
        """Fill every section from the patient's details."""
        d = p.draft
        values = {
            "sex": QCoreApplication.translate("PatientDialog", SEX_LABELS[d.sex]),
            **{key: getattr(d, key) or "—" for key, _label in _DETAIL_FIELDS},
            "consent_treatment": _consent(d.consent_treatment, d.consent_treatment_date),
            "consent_data": _consent(d.consent_data, d.consent_data_date),
        }
        for key, text in values.items():
            label = self._values[key]
            if isinstance(label, ElidedLabel):
                label.set_value(text)
            else:
                label.setText(text)
        self._values["updated"].setText(
            f"{p.updated_at.astimezone():%Y-%m-%d %H:%M} {p.updated_by}".strip())
        self.btn_archive.setText(self.tr("Restore patient") if p.archived
                                 else self.tr("Archive patient"))
        self._episodes = p.episodes
        self.episodes.set_rows(p.episodes)
        if p.episodes:
            self.table_episodes.selectRow(0)
        self.btn_new_episode.setEnabled(not p.archived)
        self._update_buttons()

    def show_summary(self, summary: EpisodeSummary | None) -> None:
        """The plain-language intake summary and the body chart, read-only."""
        if summary is None or not summary.has_intake:
            self.label_summary.setText(self.tr("No intake recorded yet.") if summary is None
                                       else summary.summary + " " + self.tr("(No intake saved.)"))
            self.body_chart.hide()
            return
        self.label_summary.setText(summary.summary)
        self.body_chart.set_marks(summary.marks)
        self.body_chart.setVisible(bool(summary.marks))

    def selected_episode(self) -> EpisodeRow | None:
        """The episode selected in the table."""
        rows = self.table_episodes.selectionModel().selectedRows()
        return self._episodes[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        episode = self.selected_episode()
        self.btn_discharge.setEnabled(episode is not None
                                      and episode.status is EpisodeStatus.OPEN)

    def _discharge_clicked(self) -> None:
        episode = self.selected_episode()
        if episode is not None:
            self.discharge_requested.emit(episode)
