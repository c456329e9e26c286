"""Load history: weekly totals and an optional session log, with live load metrics."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from clinic_app.domain.findings import Finding, FindingLevel
from clinic_app.domain.intake.record import Intake, RunLog, Surface, WeekLoad
from clinic_app.domain.intake.rules import MIN_WEEKS_FOR_LOAD, load_picture
from clinic_app.domain.load.run_import_load import (
    LOAD_CAVEAT,
    LOAD_METHOD,
    WATCH_SOURCES,
    coverage_text,
    recent_spikes,
    watch_coverage,
)
from clinic_app.domain.load.training import week_start
from clinic_app.ui.views.intake.common import (
    SectionPage,
    labels_for,
    table_errors,
    unreadable_to_paths,
)
from clinic_app.ui.widgets.record_table import Column, RecordTable

LEVEL_COLOURS = {FindingLevel.INFO: "#1d4d2b", FindingLevel.CAUTION: "#7a5200",
                 FindingLevel.WARNING: "#8a1c1c", FindingLevel.URGENT: "#8a1c1c",
                 FindingLevel.EMERGENCY: "#8a1c1c"}
HISTORY_WEEKS = 6


def finding_html(finding: Finding) -> str:
    """A finding's explanation in its level's colour, with the inputs it used underneath."""
    colour = LEVEL_COLOURS.get(finding.level, "#222")
    inputs = " · ".join(f"{escape(k)}: {escape(v)}" for k, v in finding.inputs.items())
    return (f"<p style='margin:0 0 6px 0'><span style='color:{colour}'>"
            f"{escape(finding.explanation)}</span><br><span style='color:#667; font-size:9pt'>"
            f"{inputs}</span></p>")


class LoadPage(SectionPage):
    """Weekly table (at least 6 weeks), session log, and ACWR / week change / spike shown live."""

    prefixes = ("weekly_history", "session_log")
    import_requested = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Load history")
        self._today = today
        self._unit = "km"
        self.weeks = RecordTable([
            Column("week_start", self.tr("Week starting"), "date", width=110, required=True),
            Column("distance_km", self.tr("Distance"), "distance", width=90, required=True),
            Column("duration_min", self.tr("Minutes"), "int", width=80),
            Column("sessions", self.tr("Runs"), "int", width=60),
        ], self.tr("Add week"))
        self.btn_fill = QPushButton(self.tr("Add the last {0} weeks").format(HISTORY_WEEKS))
        self.weeks.button_row.insertWidget(2, self.btn_fill)
        self.runs = RecordTable([
            Column("date", self.tr("Date"), "date", width=100, required=True),
            Column("distance_km", self.tr("Distance"), "distance", width=85, required=True),
            Column("duration_min", self.tr("Minutes"), "int", width=70),
            Column("surface", self.tr("Surface"), "choice", labels_for(Surface), width=120),
            Column("elevation_gain_m", self.tr("Climb (m)"), "int", width=75),
            Column("rpe", self.tr("RPE 0-10"), "int", width=70),
        ], self.tr("Add run"))
        self.btn_import = QPushButton(self.tr("Import runs…"))
        self.btn_import.setToolTip(self.tr("Read runs from FIT, GPX or TCX files (or a zip export) "
                                           "into the session log and weekly table"))
        self.runs.button_row.insertWidget(2, self.btn_import)
        self._imported: list[RunLog] = []
        self.import_dialog: QDialog | None = None  # the open Import runs… dialog
        self.label_metrics = QLabel()
        self.label_metrics.setTextFormat(Qt.TextFormat.RichText)
        self.label_metrics.setWordWrap(True)
        self.label_metrics.setAccessibleName(self.tr("Load metrics"))
        self.label_metrics.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label_metrics.setMinimumWidth(300)

        box_weeks = QGroupBox(self.tr("Weekly distance (oldest first, at least 6 weeks)"))
        QVBoxLayout(box_weeks).addWidget(self.weeks)
        box_runs = QGroupBox(self.tr("Session log (optional: needed for the single-run spike)"))
        QVBoxLayout(box_runs).addWidget(self.runs)
        box_metrics = QGroupBox(self.tr("Load metrics"))
        metrics_layout = QVBoxLayout(box_metrics)
        metrics_layout.addWidget(self.label_metrics)
        metrics_layout.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(box_weeks, 1)
        left.addWidget(box_runs, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(box_metrics, 2)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_metrics)
        for table in (self.weeks, self.runs):
            table.changed.connect(self._timer.start)
            table.changed.connect(self.changed)
        self.btn_fill.clicked.connect(self.fill_recent_weeks)
        self.btn_import.clicked.connect(self.import_requested)

    def fill_recent_weeks(self) -> None:
        """Add rows for the last six Monday-starting weeks that are not listed yet."""
        rows = self.weeks.rows_or_none() or []
        present = {r["week_start"] for r in rows}
        this_week = week_start(self._today)
        for back in range(HISTORY_WEEKS - 1, -1, -1):
            start = this_week - timedelta(weeks=back)
            if start not in present:
                self.weeks.add_row({"week_start": start}, focus=False)
        self.weeks.table.setCurrentCell(0, 1)
        self.weeks.table.setFocus()
        self.changed.emit()

    def load(self, intake: Intake, unit: str) -> None:
        """Show the history and metrics."""
        self._unit = unit
        self.weeks.use_unit(unit)
        self.runs.use_unit(unit)
        self.weeks.set_rows([{"week_start": w.week_start, "distance_km": w.distance_km,
                              "duration_min": w.duration_min, "sessions": w.sessions}
                             for w in sorted(intake.weekly_history, key=lambda w: w.week_start)])
        self.runs.set_rows([{"date": r.date, "distance_km": r.distance_km,
                             "duration_min": r.duration_min,
                             "surface": r.surface.value if r.surface else None,
                             "elevation_gain_m": r.elevation_gain_m, "rpe": r.rpe}
                            for r in sorted(intake.session_log, key=lambda r: r.date)])
        self._imported = [r for r in intake.session_log if r.source in WATCH_SOURCES]
        self.update_metrics()

    def _read(self) -> tuple[tuple[WeekLoad, ...], tuple[RunLog, ...], dict[str, str]]:
        week_rows, week_errors = self.weeks.read()
        run_rows, run_errors = self.runs.read()
        errors = unreadable_to_paths(week_errors, "weekly_history") | unreadable_to_paths(
            run_errors, "session_log")
        weeks = tuple(WeekLoad(r["week_start"], r["distance_km"], r["duration_min"], r["sessions"])
                      for i, r in enumerate(week_rows)
                      if r["week_start"] and r["distance_km"] is not None
                      and not any(k[0] == i for k in week_errors))
        runs = tuple(RunLog(r["date"], r["distance_km"], r["duration_min"],
                            Surface(r["surface"]) if r["surface"] else None,
                            r["elevation_gain_m"], r["rpe"])
                     for i, r in enumerate(run_rows)
                     if r["date"] and r["distance_km"] is not None
                     and not any(k[0] == i for k in run_errors))
        return weeks, self._keep_import_details(runs), errors

    def _keep_import_details(self, runs: tuple[RunLog, ...]) -> tuple[RunLog, ...]:
        """Imported runs keep their watch details (start time, heart rate, source) unless retyped."""
        left = list(self._imported)
        out = []
        for run in runs:
            match = next((r for r in left if r.date == run.date
                          and abs(r.distance_km - run.distance_km) <= 0.1), None)
            if match is not None:
                left.remove(match)
                run = replace(run, distance_km=match.distance_km, started_at=match.started_at,
                              avg_hr=match.avg_hr, source=match.source)
            out.append(run)
        return tuple(out)

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with this page's tables."""
        weeks, runs, errors = self._read()
        return intake.with_changes(weekly_history=weeks, session_log=runs), errors

    def update_metrics(self) -> None:
        """Recompute ACWR, week-over-week change and spike from what is typed now."""
        weeks, runs, _ = self._read()
        try:
            picture = load_picture(Intake(weekly_history=weeks, session_log=runs), self._unit)
        except ValueError as exc:
            self.label_metrics.setText(escape(str(exc)))
            return
        current = Intake(weekly_history=weeks, session_log=runs)
        coverage = watch_coverage(current)
        parts = [] if coverage is None else [
            "<p style='margin:0 0 6px 0; color:#223'>" + escape(coverage_text(coverage, self._today))
            + "</p>"]
        if picture.acwr is not None:
            parts.append(finding_html(picture.acwr))
        else:
            parts.append("<p style='color:#667'>" + escape(self.tr(
                "ACWR needs at least {0} weeks of history.").format(MIN_WEEKS_FOR_LOAD)) + "</p>")
        if picture.week_change is not None:
            parts.append(finding_html(picture.week_change))
        if picture.spike is not None:
            parts.append(finding_html(picture.spike))
        else:
            parts.append("<p style='color:#667'>" + escape(self.tr(
                "Single-run spike: log the runs of the last 30 days.")) + "</p>")
        parts.extend(self._import_lines(current, coverage is not None))
        self.label_metrics.setText("".join(parts))

    def _import_lines(self, intake: Intake, watch_data: bool) -> list[str]:
        """Spikes of the last 4 weeks, the method and the caveat."""
        grey = "<p style='margin:0 0 6px 0; color:#445'>{0}</p>"
        lines = []
        spikes = recent_spikes(intake.session_log, self._today)
        if len(spikes) > 1:
            lines.append(grey.format(escape(self.tr("Runs above the spike reference band in the "
                                                    "last 4 weeks: {0}").format(", ".join(
                f"{s.date.isoformat()} {s.pct:+.0f}% ({s.band.value})" for s in spikes)))))
        if watch_data or len(intake.weekly_history) >= MIN_WEEKS_FOR_LOAD:
            lines.append(grey.format(escape(LOAD_METHOD)))
            lines.append(grey.format("<i>" + escape(LOAD_CAVEAT) + "</i>"))
        return lines

    def metrics_text(self) -> str:
        """The metrics panel as plain text (tests and screen readers)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.label_metrics.text())
        return doc.toPlainText()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Shade the cells at fault and list the messages under each table."""
        self.weeks.show_errors(table_errors(errors, "weekly_history"),
                               errors.get("weekly_history", ""))
        self.runs.show_errors(table_errors(errors, "session_log"), errors.get("session_log", ""))
