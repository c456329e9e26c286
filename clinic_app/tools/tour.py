"""Walk every screen of a built main window: each chart tab and section, then each dialog.

``make screenshots`` photographs the stops; the accessibility test audits them. Both see the
same screens, so a screen added to the app is checked as soon as the tour reaches it (chart
tabs, intake sections and inner tab pages are found by walking the widgets, not listed here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QTabWidget, QWidget

if TYPE_CHECKING:
    from clinic_app.ui.main_window import MainWindow

Settle = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class Stop:
    """One screen: a short name (used for file names) and the window showing it."""

    name: str
    widget: QWidget


def slug(text: str) -> str:
    """"Load history" → "load-history"."""
    return re.sub(r"[^a-z0-9]+", "-", text.replace("&", "").casefold()).strip("-")


def _inner_tabs(page: QWidget) -> list[QTabWidget]:
    return [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(page)]


def chart_stops(window: MainWindow, patient_id: int, settle: Settle) -> Iterator[Stop]:
    """The patient list, then the chart on every tab, intake section and inner tab page."""
    yield Stop("patient-list", window)
    window.open_patient(patient_id)
    settle(1.0)
    chart = window.chart
    for index in range(chart.tabs.count()):
        chart.tabs.setCurrentIndex(index)
        settle(0.8)
        title = slug(chart.tabs.tabText(index))
        page = chart.tabs.widget(index)
        if page is chart.intake:
            sections = chart.intake.list_sections
            for row in range(sections.count()):
                sections.setCurrentRow(row)
                settle(0.3)
                yield Stop(f"{title}-{slug(sections.item(row).text())}", window)
            sections.setCurrentRow(0)
            continue
        inner = _inner_tabs(page) if page is not None else []
        if not inner:
            yield Stop(title, window)
            continue
        for tabs in inner:
            for sub in range(tabs.count()):
                tabs.setCurrentIndex(sub)
                settle(0.3)
                yield Stop(f"{title}-{slug(tabs.tabText(sub))}", window)
            tabs.setCurrentIndex(0)


def _dialog_factories(window: MainWindow, patient_id: int,
                      flagged_episode_id: int | None) -> list[tuple[str, Callable[[], QDialog]]]:
    from clinic_app.ui.dialogs.episode_dialogs import (
        DischargeDialog,
        NewEpisodeDialog,
        NewVisitDialog,
    )
    from clinic_app.ui.dialogs.letterhead_dialog import LetterheadDialog
    from clinic_app.ui.dialogs.patient_dialog import PatientDialog
    from clinic_app.ui.dialogs.red_flag_dialogs import EmergencyDialog, FlagNoteDialog
    from clinic_app.ui.views.intake.confirm_exercise_dialog import ConfirmExerciseDialog
    from clinic_app.ui.views.measures.measures_tab import ActivitiesDialog
    from clinic_app.ui.views.plan.custom_exercise import CustomExerciseDialog
    from clinic_app.ui.views.plan.run_dialogs import ConfirmRunDialog, RestartRunDialog
    from clinic_app.ui.views.printing.print_queue import PrintQueueDialog

    ctx = window.ctx
    # what the dialogs are opened on, read here, before the tour (the tool's own reads, not the
    # window's: nothing else runs while it drives the window)
    with ctx.services.db.main_thread_allowed():
        details = ctx.services.patients.get(patient_id)
        letterhead = ctx.services.branding.values()
        events = (ctx.services.red_flags.status(flagged_episode_id).open_events
                  if flagged_episode_id is not None else ())
    episode = details.shown_episode
    factories: list[tuple[str, Callable[[], QDialog]]] = [
        ("new-patient", lambda: PatientDialog(ctx, None, window)),
        ("edit-patient", lambda: PatientDialog(ctx, details, window)),
        ("new-episode", lambda: NewEpisodeDialog(ctx, patient_id, window)),
        ("letterhead", lambda: LetterheadDialog(ctx, letterhead, window)),
        ("print-queue", lambda: PrintQueueDialog(ctx, window)),
        ("psfs-activities", lambda: ActivitiesDialog(("Run 10 km", "Sit for an hour"), window)),
        ("new-exercise", lambda: CustomExerciseDialog(ctx, window)),
        ("confirm-return-to-run", lambda: ConfirmRunDialog("Plan tab", window)),
        ("restart-return-to-run", lambda: RestartRunDialog(3, "Pain above 5/10", window)),
    ]
    if episode is not None:
        factories += [
            ("discharge", lambda: DischargeDialog(ctx, episode, window)),
            ("new-visit", lambda: NewVisitDialog(ctx, episode, False, window)),
        ]
    if events:
        factories += [
            ("emergency", lambda: EmergencyDialog(ctx, events, window)),
            ("flag-action", lambda: FlagNoteDialog(ctx, events[0], False, window)),
            ("flag-outcome", lambda: FlagNoteDialog(ctx, events[0], True, window)),
            ("confirm-exercise", lambda: ConfirmExerciseDialog(ctx, events[0], window)),
        ]
    factories += _session_dialogs(window)
    return factories


def _session_dialogs(window: MainWindow) -> list[tuple[str, Callable[[], QDialog]]]:
    """Sign-in, password and user management, where this build has them."""
    ctx = window.ctx
    found: list[tuple[str, Callable[[], QDialog]]] = []
    try:
        from clinic_app.ui.dialogs.users_dialog import UsersDialog
        from clinic_app.ui.session.password_dialog import ChangePasswordDialog
        from clinic_app.ui.session.sign_in_dialog import SignInDialog
    except ImportError:
        return found
    found.append(("sign-in", lambda: SignInDialog(ctx, "clinic-1", "", window)))
    if ctx.actor is not None:
        found.append(("change-password", lambda: ChangePasswordDialog(ctx, window)))
        found.append(("users", lambda: UsersDialog(ctx, window)))
    return found


def dialog_stops(window: MainWindow, patient_id: int, settle: Settle,
                 flagged_episode_id: int | None = None) -> Iterator[Stop]:
    """Each dialog, opened (not run modally) over the patient's chart, then closed unsaved."""
    for name, factory in _dialog_factories(window, patient_id, flagged_episode_id):
        dialog = factory()
        dialog.show()
        settle(0.4)
        try:
            yield Stop(f"dialog-{name}", dialog)
        finally:
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.deleteLater()
            settle(0.05)


def every_stop(window: MainWindow, patient_id: int, settle: Settle,
               flagged_episode_id: int | None = None) -> Iterator[Stop]:
    """The whole tour: chart screens, then dialogs."""
    yield from chart_stops(window, patient_id, settle)
    yield from dialog_stops(window, patient_id, settle, flagged_episode_id)
