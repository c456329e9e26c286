"""Practice → Audit log…: who did what to which record, filtered; CSV export; Verify.

Every read runs in the background. Verify checks the whole trail and every signed record in a
worker with a progress bar and Cancel, then says in plain words what it found, one line per
problem (edited, deleted, inserted, reordered or truncated rows; signed content changed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from clinic_app.services.audit_log import SHOWN_MAX, AuditLogService, AuditPage, AuditQuery
from clinic_app.services.audit_verify import AuditVerification, VerifyCancelled
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.models.audit_rows import AuditTableModel
from clinic_app.ui.operations import Operation, Progress, long_job, write

logger = logging.getLogger(__name__)
PathChooser = Callable[[QWidget, str], str]


def _save_file_name(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Export the audit log"), suggested,
                                          parent.tr("CSV files (*.csv)"))
    return path


class AuditViewerDialog(QDialog):
    """Administrators read, filter, export and verify the audit trail here."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = AuditLogService(ctx.services.db)
        self.choose_path: PathChooser = _save_file_name
        self.page: AuditPage | None = None
        self.verification: AuditVerification | None = None
        self._search_job: int | None = None
        self._choices_job: int | None = None
        self._verify_job: Operation[AuditVerification] | None = None
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(1100, 680)
        self._build()
        self._load_choices()
        self.search()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.edit_patient = QLineEdit()
        self.edit_patient.setPlaceholderText(self.tr("e.g. SC-000123"))
        self.edit_patient.setMinimumWidth(160)
        self.combo_user = QComboBox()
        self.combo_action = QComboBox()
        for combo in (self.combo_user, self.combo_action):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.check_from, self.date_from = QCheckBox(self.tr("From")), QDateEdit()
        self.check_to, self.date_to = QCheckBox(self.tr("To")), QDateEdit()
        today = self.ctx.today()
        for check, edit in ((self.check_from, self.date_from), (self.check_to, self.date_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.setEnabled(False)
            edit.setAccessibleName(check.text())
            check.toggled.connect(edit.setEnabled)
        labels = ((self.tr("Patient (chart number)"), self.edit_patient),
                  (self.tr("User"), self.combo_user), (self.tr("Action"), self.combo_action))
        grid = QGridLayout()
        for column, (text, widget) in enumerate(labels):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text)
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
        for column, (check, edit) in enumerate(((self.check_from, self.date_from),
                                                (self.check_to, self.date_to)), start=3):
            grid.addWidget(check, 0, column)
            grid.addWidget(edit, 1, column)
        self.btn_show = QPushButton(self.tr("&Show"))
        self.btn_show.setDefault(True)
        self.btn_show.clicked.connect(self.search)
        grid.addWidget(self.btn_show, 1, 5)
        grid.setColumnStretch(6, 1)
        self.edit_patient.returnPressed.connect(self.search)

        self.label_status = QLabel()
        self.label_status.setWordWrap(True)
        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Audit rows"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.btn_export = QPushButton(self.tr("&Export CSV…"))
        self.btn_export.clicked.connect(self.export_csv)
        self.btn_verify = QPushButton(self.tr("&Verify"))
        self.btn_verify.setToolTip(self.tr("Check every audit row and every signed note, exam, "
                                           "plan and stored document for tampering"))
        self.btn_verify.clicked.connect(self.verify)
        self.btn_key = QPushButton(self.tr("Export audit &key…"))
        self.btn_key.setToolTip(self.tr("Save the practice's audit key to a file: other "
                                        "workstations need it, and keep a copy with your backups"))
        self.btn_key.clicked.connect(self.export_key)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Verification progress"))
        self.progress.setVisible(False)
        self.btn_cancel = QPushButton(self.tr("&Cancel"))
        self.btn_cancel.setVisible(False)
        self.btn_cancel.clicked.connect(self.cancel_verify)
        self.btn_close = QPushButton(self.tr("C&lose"))
        self.btn_close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for widget in (self.btn_export, self.btn_verify, self.progress, self.btn_cancel,
                       self.btn_key):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.btn_close)

        self.label_result = QLabel()
        self.label_result.setWordWrap(True)
        self.label_result.setVisible(False)
        self.list_problems = QListWidget()
        self.list_problems.setAccessibleName(self.tr("Verification problems"))
        self.list_problems.setVisible(False)
        self.list_problems.setMaximumHeight(150)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.label_status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.label_result)
        layout.addWidget(self.list_problems)
        layout.addLayout(buttons)

    # -- filters and rows -----------------------------------------------------------------

    def _load_choices(self) -> None:
        actor = self.ctx.require_actor()

        def fill(choices: tuple[list[tuple[int, str]], list[str]]) -> None:
            self._choices_job = None
            users, actions = choices
            self.combo_user.clear()
            self.combo_user.addItem(self.tr("All users"), None)
            for user_id, name in users:
                self.combo_user.addItem(name, user_id)
            self.combo_action.clear()
            self.combo_action.addItem(self.tr("All actions"), "")
            for action in actions:
                self.combo_action.addItem(action, action)

        def failed(exc: BaseException) -> None:
            self._choices_job = None
            self._show_error(exc)

        self._choices_job = self.ctx.reads.submit(
            lambda: (self.service.users(actor), self.service.actions(actor)), fill, failed)

    def query(self) -> AuditQuery:
        """The filters as they stand."""
        def day(check: QCheckBox, edit: QDateEdit) -> date | None:
            value = edit.date()
            return date(value.year(), value.month(), value.day()) if check.isChecked() else None

        return AuditQuery(patient_chart=self.edit_patient.text(),
                          user_id=self.combo_user.currentData(),
                          action=str(self.combo_action.currentData() or ""),
                          start=day(self.check_from, self.date_from),
                          end=day(self.check_to, self.date_to))

    def search(self) -> None:
        """Show the newest rows matching the filters."""
        self.ctx.reads.cancel(self._search_job)
        self.label_status.setText(self.tr("Looking…"))
        self._search_job = self.ctx.reads.submit(
            partial(self.service.search, self.ctx.require_actor(), self.query()),
            self._show_page, self._show_error)

    def busy(self) -> bool:
        """True while rows or a verification are still coming."""
        return any(job is not None for job in (self._search_job, self._verify_job,
                                                self._choices_job))

    def _show_page(self, page: AuditPage) -> None:
        self._search_job = None
        self.page = page
        self.model.set_rows(page.rows)
        if page.total > len(page.rows):
            text = self.tr("Showing the newest {0:,} of {1:,} matching rows; Export CSV writes "
                           "them all.").format(SHOWN_MAX, page.total)
        elif page.total == 1:
            text = self.tr("1 matching row.")
        elif page.total:
            text = self.tr("{0:,} matching rows, newest first.").format(page.total)
        else:
            text = self.tr("No audit rows match these filters.")
        self.label_status.setText(text)

    def _show_error(self, exc: BaseException) -> None:
        self._search_job = None
        self.label_status.setText(describe(exc))

    # -- export ---------------------------------------------------------------------------

    def export_csv(self) -> None:
        """Write every matching row to a CSV file chosen by the user."""
        suggested = str(Path.home() / f"audit-log-{self.ctx.today().isoformat()}.csv")
        chosen = self.choose_path(self, suggested)
        if not chosen:
            return
        path = Path(chosen)
        self.btn_export.setEnabled(False)

        def done(count: int) -> None:
            self.btn_export.setEnabled(True)
            self.label_status.setText(
                self.tr("1 row exported to {0}.").format(path) if count == 1
                else self.tr("{0:,} rows exported to {1}.").format(count, path))

        def failed(exc: BaseException) -> None:
            self.btn_export.setEnabled(True)
            self.label_status.setText(self.tr("Nothing was exported: {0}").format(describe(exc)))

        self.ctx.reads.submit(partial(self.service.export_csv, self.ctx.require_actor(),
                                      self.query(), path), done, failed)

    def export_key(self) -> None:
        """Save the audit key for another workstation, or to keep with the backups."""
        suggested = str(Path.home() / "stride-clinic-audit.key")
        chosen = self.choose_path(self, suggested)
        if not chosen:
            return
        def done(_result: object) -> None:
            self.label_status.setText(self.tr(
                "Audit key saved to {0}, readable by you only. On each other workstation run "
                "'stride-clinic audit key import FILE'; keep a copy with your backups."
            ).format(chosen))

        def failed(exc: BaseException) -> None:
            self.label_status.setText(self.tr("The audit key was not exported: {0}").format(
                describe(exc)))

        write(self.ctx, partial(self.service.export_key, self.ctx.require_actor(), Path(chosen)),
              initiator=self, on_done=done, on_failed=failed)

    # -- verification ---------------------------------------------------------------------

    def verify(self) -> None:
        """Check the whole trail in the background, with progress and Cancel."""
        if self._verify_job is not None:
            return
        self.progress.setRange(0, 0)
        for widget in (self.progress, self.btn_cancel):
            widget.setVisible(True)
        self.btn_verify.setEnabled(False)
        self.label_result.setVisible(False)
        self.list_problems.setVisible(False)
        service, actor = self.service, self.ctx.require_actor()

        def work(progress: Progress) -> AuditVerification:
            def step(done: int, total: int) -> None:  # in the worker: report, or stop
                if progress.cancelled:
                    raise VerifyCancelled("Verification cancelled.")
                progress.report(done, total)
            return service.verify(actor, step)

        self._verify_job = long_job(
            self.ctx, work, initiator=self, write=False, on_done=self._verified,
            on_failed=self._verify_failed,
            on_progress=lambda done, total, _text: self._on_progress(done, total))

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def cancel_verify(self) -> None:
        """Stop a running verification (nothing is concluded from a partial check)."""
        if self._verify_job is not None:
            self._verify_job.cancel()

    def _end_verify(self) -> None:
        self._verify_job = None
        for widget in (self.progress, self.btn_cancel):
            widget.setVisible(False)
        self.btn_verify.setEnabled(True)
        self.label_result.setVisible(True)

    def _verified(self, result: AuditVerification) -> None:
        self._end_verify()
        self.verification = result
        self.show_result(result)

    def show_result(self, result: AuditVerification) -> None:
        """Say what a verification found: a sentence, then one line per problem."""
        if result.intact:
            self.label_result.setText(self.tr(
                "Verified: the audit trail is intact. {0:,} rows and {1:,} signed records were "
                "checked; nothing was changed, removed or added.").format(result.rows,
                                                                         result.records_checked))
            self.label_result.setStyleSheet("color:#1b5e20;")
            self.list_problems.setVisible(False)
            return
        self.label_result.setText(self.tr(
            "Tampering found: {0} problem(s) in {1:,} rows and {2:,} signed records. Keep this "
            "database and its backups unchanged and tell whoever looks after your practice's "
            "data.").format(len(result.problems), result.rows, result.records_checked))
        self.label_result.setStyleSheet("color:#b71c1c; font-weight:bold;")
        self.list_problems.clear()
        self.list_problems.addItems(result.lines())
        self.list_problems.setVisible(True)

    def _verify_failed(self, exc: BaseException) -> None:
        self._end_verify()
        self.label_result.setStyleSheet("")
        self.label_result.setText(self.tr("Verification was cancelled; nothing was concluded.")
                                  if isinstance(exc, VerifyCancelled) else describe(exc))

    @override
    def reject(self) -> None:
        if self._verify_job is not None:
            self._verify_job.cancel()
            self._verify_job.drop()
        self.ctx.reads.cancel(self._search_job)
        self.ctx.reads.cancel(self._choices_job)
        self._search_job = self._verify_job = self._choices_job = None
        super().reject()
