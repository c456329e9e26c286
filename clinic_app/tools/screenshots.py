"""Regenerate the README screenshots from the real app, offscreen, on demo data.

Run with ``make screenshots``: one run per screen profile, each in its own process because Qt
reads the scale factor once at start-up —

* ``1366x768``: a common laptop screen at 100 %, written to ``docs/screenshots``;
* ``1920x1080@150`` and ``1920x1080@125``: a full-HD screen with 150 % and 125 % scaling,
  written to ``docs/screenshots/1920x1080@150`` (and ``@125``).

Each run also walks every chart tab, section and dialog (``tools/tour.py``) and audits it
(``tools/a11y_audit.py``): inputs named by their visible labels, no table column narrower than
its heading. Problems are printed and make the command fail. ``--every-screen DIR`` also saves
a picture of every stop of the tour, for reviewing a layout change by eye.

``--pseudo DIR`` runs the tour once more at 1366x768 under a pseudo-translation
(``ui/pseudo_translation.py``: every extracted text accented and 30 % longer), saves each stop
under DIR and fails when a screen shows text that never went through the translator or a label
that no longer fits (``tools/pseudo_audit.py``). Text the domain builds (clinical statements,
questionnaire wording) goes through the same translator (``domain.messages.core.translate``,
installed here as in the app); any left in English is a problem too, named "domain text".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SECTIONS = {"intake-load.png": "Load history", "intake-symptoms.png": "Current symptoms",
            "intake-red-flags.png": "Red-flag screen"}
# name → (window width, height in device-independent pixels, scale factor, sub-folder)
PROFILES: dict[str, tuple[int, int, float, str]] = {
    "1366x768": (1366, 768, 1.0, ""),
    "1920x1080@150": (1280, 720, 1.5, "1920x1080@150"),
    "1920x1080@125": (1536, 864, 1.25, "1920x1080@125"),
}
SIGN_IN = ("aahmed", "screenshots only, not a real password")


def _settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, target: Path) -> None:
    widget.grab().save(str(target))
    print(f"wrote {target}")


def _showcase_patient(services: object, today: date) -> int:
    """A patient whose open episode has an intake with a session log and body-chart marks."""
    from clinic_app.services.patients import PatientQuery
    from clinic_app.services.registry import Services

    assert isinstance(services, Services)
    fallback = 0
    for row in services.patients.search(PatientQuery(limit=300)).rows:
        episode = services.patients.get(row.id).open_episode
        if episode is None:
            continue
        intake = services.intake.current(episode.id).intake
        fallback = fallback or row.id
        if (intake.session_log and intake.body_marks and len(intake.weekly_history) >= 6
                and services.plans.current(episode.id).revision
                and len(services.measures.history(episode.id)) >= 3
                and not services.red_flags.status(episode.id).loading_locked
                and any(r.meets_mcid for r in services.progress.progress(row.id, episode.id)
                        .since_baseline if r.label == "ODI")):
            return row.id
    return fallback


def _save_handout_page(window: object, patient_id: int, target: Path) -> None:
    """Page 2 of the patient's home exercise programme, rendered by QtPdf."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    from clinic_app.domain.errors import ClinicError
    from clinic_app.services.handouts import HandoutKind
    from clinic_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    try:
        with window.ctx.services.db.main_thread_allowed():  # the tool's one render, no worker
            result = window.ctx.services.handouts.render(window.ctx.require_actor(), patient_id,
                                                         HandoutKind.EXERCISES, record=False)
    except ClinicError as exc:
        print(f"no handout page: {exc}")
        return
    data = QByteArray(result.pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    page = min(1, document.pageCount() - 1)
    size = document.pagePointSize(page)
    image = document.render(page, QSize(int(size.width() * 1.3), int(size.height() * 1.3)))
    image.save(str(target))
    print(f"wrote {target}")


def _diary_day(today: date) -> date:
    """The working day the diary picture shows: today, or Monday at a weekend (the demo
    practice's book holds the past week and the next two)."""
    from datetime import timedelta

    return today + timedelta(days=7 - today.weekday()) if today.weekday() >= 5 else today


def _flagged_episode(services: object) -> int | None:
    """An episode with an open red flag, so the tour can open the red-flag dialogs."""
    from clinic_app.services.patients import PatientQuery
    from clinic_app.services.registry import Services

    assert isinstance(services, Services)
    for row in services.patients.search(PatientQuery(limit=300)).rows:
        episode = services.patients.get(row.id).open_episode
        if episode is not None and services.red_flags.status(episode.id).open_events:
            return episode.id
    return None


def _readme_pictures(app: QApplication, window: object, patient_id: int, out: Path,
                     diary_day: date) -> None:
    from clinic_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.patient_list.select_patient(patient_id)
    window.open_patient(patient_id)
    _settle(app, 1.0)
    _save(window, out / "main-window.png")
    chart = window.chart
    chart.tabs.setCurrentWidget(chart.intake)
    for name, section in SECTIONS.items():
        chart.intake.show_section(section)
        _settle(app)
        _save(window, out / name)
    for name, tab in (("exam.png", chart.exam), ("measures.png", chart.measures),
                      ("plan.png", chart.plan), ("progress.png", chart.progress),
                      ("handouts.png", chart.handouts)):
        chart.tabs.setCurrentWidget(tab)
        _settle(app, 1.5)
        _save(window, out / name)
    chart.tabs.setCurrentWidget(chart.notes)
    chart.notes.table_visits.selectRow(0)
    _settle(app)
    _save(window, out / "notes.png")
    window.diary.show_diary().go_to(diary_day)
    _settle(app, 1.0)
    _save(window, out / "diary.png")
    window.diary.show_patients()
    window.outcomes.open()
    dialog = window.outcomes.dialog
    assert dialog is not None
    dialog.resize(min(window.width(), 1280), min(window.height(), 860))
    deadline = time.monotonic() + 30
    while dialog.busy() and time.monotonic() < deadline:
        _settle(app, 0.2)
    _settle(app, 1.0)
    _save(dialog, out / "outcomes.png")
    dialog.close()


def _tour(app: QApplication, window: object, patient_id: int, flagged: int | None,
          every_screen: Path | None) -> int:
    """Audit every screen (saving each when asked); returns the number of problems."""
    from clinic_app.tools.a11y_audit import audit
    from clinic_app.tools.tour import every_stop
    from clinic_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    problems = []
    for stop in every_stop(window, patient_id, lambda seconds: _settle(app, seconds), flagged):
        if every_screen is not None:
            _save(stop.widget, every_screen / f"{stop.name}.png")
        problems += audit(stop.widget, stop.name)
    for problem in problems:
        print(f"PROBLEM {problem}")
    return len(problems)



@dataclass
class _Demo:
    window: Any  # the MainWindow (imported lazily: the tool sets up Qt first)
    url: str
    patient_id: int
    flagged: int | None


@contextmanager
def _demo_window(app: QApplication, width: int, height: int, today: date,
                 patients: int) -> Iterator[_Demo]:
    """A signed-in window over a fresh demo practice of ``patients`` runners (closed after)."""
    from clinic_app.app import build, open_database
    from clinic_app.demo.generator import generate_demo
    from clinic_app.services.registry import Services

    username, password = SIGN_IN
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"
        db = open_database(url)
        services = Services.over(db)
        services.users.create_first_clinician(username, "Dr Amira Ahmed", "clinic-1")
        signed = services.auth.set_first_password(username, password, "clinic-1")
        generate_demo(db, signed.actor, patients, today=today, seed=7)
        patient_id = _showcase_patient(services, today)
        flagged = _flagged_episode(services)
        db.dispose()
        window = build(url, Path(tmp) / "settings.ini")
        window.resize(width, height)
        window.show()
        window.session.begin(window.ctx.services.auth.sign_in(username, password, "clinic-1"))
        window.start()
        _settle(app)
        yield _Demo(window, url, patient_id, flagged)
        window.close()
        _settle(app, 0.2)


def render(out_dir: str, profile: str, every_screen: str | None = None) -> int:
    """Build the window over a demo database at one screen profile; save its pictures and
    audit every screen. Returns the number of problems found."""

    width, height, _scale, folder = PROFILES[profile]
    out = Path(out_dir) / folder if folder else Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    screens = Path(every_screen) / profile if every_screen else None
    if screens is not None:
        screens.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    today = date.today()
    with _demo_window(app, width, height, today, 300) as demo:
        _readme_pictures(app, demo.window, demo.patient_id, out, _diary_day(today))
        _save_handout_page(demo.window, demo.patient_id, out / "handout-page.png")
        problems = _tour(app, demo.window, demo.patient_id, demo.flagged, screens)
    return problems


def _data_shown(window: object, patient_id: int, database_url: str) -> set[str]:
    """Values from the database the tour shows (the patient's details, the clinician's name and
    the database's location): data, not text to translate."""
    from dataclasses import asdict, is_dataclass

    from clinic_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    found: set[str] = {database_url.removeprefix("sqlite:///"), SIGN_IN[0], "Dr Amira Ahmed"}

    def collect(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif is_dataclass(value) and not isinstance(value, type):
            collect(asdict(value))
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list | tuple):
            for v in value:
                collect(v)

    services = window.ctx.services
    with services.db.main_thread_allowed():  # read once before the walk, while no worker runs
        details = services.patients.get(patient_id)
        collect(details)
        if details.open_episode is not None:
            collect(services.measures.all_psfs_series(details.open_episode.id))  # activities as typed
    return {v for v in found if v.strip()}


def render_pseudo(out_dir: str) -> int:
    """The tour at 1366x768 under the pseudo-translation; returns the number of problems."""
    from clinic_app.domain.messages.core import install_translator
    from clinic_app.tools.a11y_audit import audit
    from clinic_app.tools.pseudo_audit import pseudo_audit
    from clinic_app.tools.tour import every_stop
    from clinic_app.ui.pseudo_translation import PseudoTranslator

    width, height, _scale, _folder = PROFILES["1366x768"]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    translator = PseudoTranslator.from_sources()
    app.installTranslator(translator)
    # the clinical sentences the domain builds go through the same translator, as in the app
    english = install_translator(QApplication.translate)
    today = date.today()
    problems: list[str] = []
    try:
        with _demo_window(app, width, height, today, 60) as demo:
            window, patient_id = demo.window, demo.patient_id
            data = _data_shown(window, patient_id, demo.url)
            stops = every_stop(window, patient_id, lambda seconds: _settle(app, seconds), demo.flagged)
            for number, stop in enumerate(stops):
                # titles are pseudo-translated, so pictures are numbered in tour order
                name = "-".join(part for part in stop.name.split("-") if part) or "screen"
                _save(stop.widget, out / f"{number:02d}-{name}.png")
                where = f"{number:02d} {stop.name}"
                found = pseudo_audit(stop.widget, where, data) + audit(stop.widget, where)
                problems += [str(p) for p in found]
        # a text asked for but missing from lupdate's catalogue would never reach a translator
        problems += [f"not in the catalogue: {context}: {source!r}"
                     for context, source in translator.missing_from_app()]
    finally:
        install_translator(english)
        app.removeTranslator(translator)
    for problem in problems:
        print(f"PROBLEM {problem}")
    print(f"pseudo-translation: {len(problems)} problems")
    return len(problems)


def main(argv: list[str] | None = None) -> int:
    """Render every profile, each in a fresh process (the scale factor is read at start-up)."""
    parser = argparse.ArgumentParser(prog="python -m clinic_app.tools.screenshots")
    parser.add_argument("out_dir", nargs="?", default="docs/screenshots")
    parser.add_argument("--profile", choices=sorted(PROFILES), action="append")
    parser.add_argument("--every-screen", metavar="DIR",
                        help="also save a picture of every tab, section and dialog under DIR")
    parser.add_argument("--pseudo", metavar="DIR",
                        help="instead, walk every screen at 1366x768 under a pseudo-translation, "
                             "save each under DIR and fail on untranslated or cut-off text")
    args = parser.parse_args(argv)
    if args.pseudo:
        return 1 if render_pseudo(args.pseudo) else 0
    if args.profile and len(args.profile) == 1 and os.environ.get("STRIDE_SCREENSHOT_PROFILE"):
        return 1 if render(args.out_dir, args.profile[0], args.every_screen) else 0
    failed = 0
    for profile in args.profile or list(PROFILES):
        env = dict(os.environ, QT_SCALE_FACTOR=str(PROFILES[profile][2]),
                   STRIDE_SCREENSHOT_PROFILE=profile)
        command = [sys.executable, "-m", "clinic_app.tools.screenshots", args.out_dir,
                   "--profile", profile]
        if args.every_screen:
            command += ["--every-screen", args.every_screen]
        print(f"== {profile}")
        failed += subprocess.run(command, env=env, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
