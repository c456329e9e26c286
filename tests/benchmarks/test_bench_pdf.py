"""PDF: one exercise handout against reportlab building the same story directly, and LibreOffice.

*Ours* is what a clinician waits for when they print a home exercise programme: the chart read,
the plan and library gathered, the branded PDF rendered (``HandoutService.render``). *Direct* is
a plain reportlab script laying out the same words and drawings (same bundled fonts, the same
SVGs converted with svglib on every build, as a one-off script would) with ``SimpleDocTemplate``.
*LibreOffice* converts an equivalent HTML document (same words, same SVG drawings) headless.
"""

from __future__ import annotations

import functools
import gc
import io
import os
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pytest
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select

from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Episode, PlanRevision
from clinic_app.reports.documents.data import ExerciseHandoutData, long_date
from clinic_app.reports.styles import Branding
from clinic_app.services import handouts as handouts_module
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.benchmarks.benchlib import ROOT, Bench

ROUNDS = 15
WARM_UP = 3
LIBREOFFICE_ROUNDS = 3
FONTS = ROOT / "resources" / "fonts"
TITLE = "Your home exercise programme"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# The fixed wording of the handout (clinic_app/reports/documents/exercises.py and common.py).
INTRO = ("Do the exercises below as shown in the drawings. Move slowly and with control, and keep "
         "breathing normally. A little discomfort is fine; the pain guide near the end tells you how "
         "much. Tick the log each day you do them and bring this sheet to your next visit.")
ZONES = (("0–2", "Safe", "Carry on. This is a comfortable level."),
         ("3–5", "Acceptable", "Carry on, as long as it settles by the next morning."),
         ("6–10", "Too much", "Stop for today. Next time do fewer repetitions or the easier version, "
          "and tell us at your next visit."))
PAIN_RULES = (
    "Pain during your exercises or runs may reach 5 out of 10 (0 is no pain, 10 the worst "
    "imaginable). 0–2 is safe.",
    "Any extra pain should settle by the next morning.",
    "Your morning pain and stiffness should not increase from one week to the next. If it does, "
    "ease back and let us know.",
    "New numbness, pins and needles, weakness, or pain spreading further down your leg: stop the "
    "exercises and contact us, whatever the pain score.",
)
EMERGENCY = (
    "Numbness, tingling or a loss of feeling in the saddle area: between your legs, around your "
    "back passage or genitals, or the inner buttocks (for example, toilet paper feels different "
    "when you wipe).",
    "New bladder problems: difficulty starting to pass urine, a weak or changed flow, not being "
    "able to go, not feeling when your bladder is full, or leaking.",
    "New bowel problems: losing control of your bowels, or not feeling when you need to go.",
    "Leg pain (sciatica) in both legs, or pain in one leg that has spread to both.",
    "Weakness or numbness in both legs, or your legs giving way or feeling unsteady when you walk.",
    "New problems with sexual function or feeling in the genitals.",
)
SAME_DAY = (
    "your foot or ankle suddenly becomes weak (the toes catch or the foot slaps down);",
    "you have a fever or chills, or feel generally unwell, with your back pain;",
    "you have had cancer and now have new back pain, or new difficulty walking;",
    "your back pain started after a fall or an accident, or is severe and constant, even at night.",
)
DEFAULT_EMERGENCY = "your local emergency number (999 in the UK, 112 in Europe, 911 in North America)"


# -- the handout as the app renders it ---------------------------------------------------------

@dataclass
class Handout:
    """The app, a clinician, a patient with a current plan, and the data one render used."""

    services: Services
    actor: Actor
    patient_id: int
    data: ExerciseHandoutData
    branding: Branding

    def render(self) -> bytes:
        """What the clinician waits for: ``render(…, "exercises", record=False)``."""
        return self.services.handouts.render(self.actor, self.patient_id, "exercises",
                                             record=False).pdf


@pytest.fixture(scope="module")
def handout(demo_db: Callable[[int], Path]) -> Iterator[Handout]:
    """Services over the 1k-patient demo and the first patient whose programme prints."""
    db = Database.from_url(f"sqlite:///{demo_db(1_000)}")
    services = Services.over(db)
    user = next(u for u in services.users.list_users() if u.role is Role.CLINICIAN)
    actor = Actor(user.id, user.display_name, user.role, "bench")
    with db.reading() as s:
        candidates = list(s.scalars(
            select(Episode.patient_id).join(PlanRevision, PlanRevision.episode_id == Episode.id)
            .where(Episode.status == "open").distinct().order_by(Episode.patient_id).limit(50)))
    seen: list[tuple[ExerciseHandoutData, Branding]] = []
    builder = handouts_module._BUILDERS[handouts_module.HandoutKind.EXERCISES]

    def recording(data: ExerciseHandoutData, branding: Branding, out: Any) -> int:
        seen.append((data, branding))
        return builder(data, branding, out)

    chosen = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(handouts_module._BUILDERS, handouts_module.HandoutKind.EXERCISES, recording)
        for patient_id in candidates:
            try:
                services.handouts.render(actor, patient_id, "exercises", record=False)
            except Exception:  # no plan on the open episode, a red-flag lock…
                continue
            chosen = patient_id
            break
    if chosen is None:
        pytest.fail("no demo patient has a printable exercise programme")
    data, branding = seen[-1]
    try:
        yield Handout(services, actor, chosen, data, branding)
    finally:
        db.dispose()


# -- the same story, straight with reportlab ---------------------------------------------------

@functools.cache
def _direct_fonts() -> tuple[str, str]:
    """The app's bundled DejaVu Sans faces, registered once under names of their own."""
    regular, bold = "BenchDirect", "BenchDirect-Bold"
    pdfmetrics.registerFont(TTFont(regular, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(bold, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    return regular, bold


def _picture(path: Path | None, max_width: float, max_height: float) -> Flowable:
    """The exercise drawing scaled to fit, converted from its SVG with svglib (as the app does)."""
    from svglib.svglib import svg2rlg

    if path is None or not path.is_file():
        return Spacer(max_width, max_height)
    if path.suffix.lower() != ".svg":
        image = Image(str(path))
        scale = min(max_width / image.imageWidth, max_height / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        return image
    drawing = svg2rlg(str(path))
    assert drawing is not None, f"svglib cannot read {path}"
    scale = min(max_width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "CENTER"
    return drawing


def build_direct(data: ExerciseHandoutData, branding: Branding) -> bytes:
    """The home exercise programme laid out with plain reportlab platypus, into memory."""
    regular, bold = _direct_fonts()
    size = branding.base_font_size
    accent, ink, muted = branding.accent, colors.HexColor("#1E2329"), colors.HexColor("#5B6470")
    body = ParagraphStyle("Body", fontName=regular, fontSize=size, leading=size * 1.38,
                          textColor=ink, spaceAfter=size * 0.5)
    small = ParagraphStyle("Small", body, spaceAfter=size * 0.25)
    cell = ParagraphStyle("Cell", body, fontSize=size * 0.92, leading=size * 1.27, spaceAfter=0)
    head = ParagraphStyle("Head", cell, fontName=bold, textColor=colors.white)
    heading = ParagraphStyle("Heading", body, fontName=bold, fontSize=size * 1.3, leading=size * 1.6,
                             textColor=accent, spaceBefore=size, spaceAfter=size * 0.45)
    card = ParagraphStyle("Card", heading, fontSize=size * 1.45, leading=size * 1.8, spaceBefore=0)
    dose_style = ParagraphStyle("Dose", body, fontName=bold, fontSize=size * 1.12, spaceAfter=0)
    width = A4[0] - 40 * mm
    light = colors.Color(*(c + (1 - c) * 0.88 for c in (accent.red, accent.green, accent.blue)))

    def p(text: str, paragraph_style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(xml_escape(text), paragraph_style)

    def listing(items: Sequence[str], numbered: bool = False) -> ListFlowable:
        return ListFlowable([ListItem(p(item, small)) for item in items],
                            bulletType="1" if numbered else "bullet", bulletFontName=bold,
                            bulletFontSize=size, leftIndent=size * 1.5)

    def boxed(content: list[Flowable], background: colors.Color, box_width: float = width) -> Table:
        return Table([[content]], colWidths=[box_width], style=TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), background), ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8)]))

    grid = TableStyle([("BACKGROUND", (0, 0), (-1, 0), accent), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9AA5B1"))])
    story: list[Flowable] = []
    who = f"Prepared for <b>{xml_escape(data.patient.name)}</b>"
    if data.clinician.strip():
        who += f" by {xml_escape(data.clinician)}"
    story += [Paragraph(f"{who} on {long_date(data.issued_on)}.", body), p(INTRO)]
    about = [p(f"Stage of your rehab: {data.phase}")] if data.phase.strip() else []
    if data.goals.strip():
        about.append(p(f"What we are working on: {data.goals}"))
    if about:
        story.append(boxed(about, light))
    story.append(p("Your exercises at a glance", heading))
    rows = [[p("", head), p("Exercise", head), p("How much", head)]]
    rows += [[p(str(i), cell), p(e.name, cell), p(e.dose, cell)]
             for i, e in enumerate(data.exercises, start=1)]
    story += [Table(rows, colWidths=[width * 0.06, width * 0.38, width * 0.56], repeatRows=1,
                    style=grid), Spacer(1, size)]
    picture_width = width * 0.44
    for number, entry in enumerate(data.exercises, start=1):
        left: list[Flowable] = [_picture(entry.illustration, picture_width, picture_width * 0.62)]
        if entry.cues:
            left += [p("Tips", ParagraphStyle("Tips", small, fontName=bold)), listing(entry.cues)]
        right: list[Flowable] = [boxed([p("HOW MUCH", ParagraphStyle("Label", small, textColor=accent)),
                                        p(entry.dose, dose_style)], light, width - picture_width - size)]
        if entry.instructions:
            right.append(listing(entry.instructions, numbered=True))
        parts: list[Flowable] = [
            p(f"{number}. {entry.name}", card),
            Table([[left, right]], colWidths=[picture_width + size, width - picture_width - size],
                  style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])),
        ]
        if entry.safety.strip():
            parts.append(p(f"Take care: {entry.safety}", small))
        if entry.note.strip():
            parts.append(boxed([p(f"Note from your physio: {entry.note}", small)], light))
        if entry.progression.strip():
            parts.append(p(f"When this feels easy: {entry.progression} (ask us before you move on).",
                           small))
        story += [KeepTogether(parts), Spacer(1, size)]
    story += [CondPageBreak(size * (8 + 2.8 * len(data.exercises))), p("Weekly log", heading),
              p("Tick each day you do an exercise. Write your pain scores (0–10) in the last two rows. "
                "Week starting: ______________")]
    names = [*(e.name for e in data.exercises), "Morning pain (0–10)",
             "Most pain during exercise (0–10)"]
    log = [[p(h, head) for h in ("Exercise", *DAYS)], *([p(n, cell)] + [""] * 7 for n in names)]
    story.append(Table(log, colWidths=[width * 4.2 / 11.2] + [width / 11.2] * 7, repeatRows=1,
                       style=grid))
    story += [p("How much pain is OK?", heading),
              Table([[p(f"{score}/10 {name}", cell), p(text, cell)] for score, name, text in ZONES],
                    colWidths=[width * 0.22, width * 0.78], style=TableStyle([
                        ("BACKGROUND", (0, 0), (0, 0), colors.HexColor("#E8F3E9")),
                        ("BACKGROUND", (0, 1), (0, 1), colors.HexColor("#FFF3E0")),
                        ("BACKGROUND", (0, 2), (0, 2), colors.HexColor("#FDECEA"))])),
              Spacer(1, size * 0.6), listing(PAIN_RULES)]
    emergency = data.emergency_number.strip() or DEFAULT_EMERGENCY
    story += [Spacer(1, size), KeepTogether([boxed([
        p("Seek medical help today", heading),
        p(f"These are rare, but they need help straight away. Call {emergency} or go to the nearest "
          "emergency department today if you notice any of these:"),
        listing(EMERGENCY), p("Contact your doctor or us the same day if:"), listing(SAME_DAY),
    ], colors.HexColor("#FDECEA"))])]

    def page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        top = A4[1] - 14 * mm
        canvas.setFont(bold, size * 1.35)
        canvas.drawString(20 * mm, top, branding.clinic_name)
        canvas.setFillColor(accent)
        canvas.drawString(20 * mm, top - 10 * mm, TITLE)
        canvas.setFillColor(ink)
        canvas.setFont(regular, size * 0.95)
        canvas.drawRightString(A4[0] - 20 * mm, top - 10 * mm, data.patient.line())
        canvas.setFillColor(muted)
        canvas.setFont(regular, size * 0.76)
        canvas.drawString(20 * mm, 11 * mm, branding.clinic_name)
        canvas.drawRightString(A4[0] - 20 * mm, 11 * mm, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=TITLE, author=branding.clinic_name,
                            leftMargin=20 * mm, rightMargin=20 * mm, topMargin=34 * mm,
                            bottomMargin=20 * mm)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()


# -- the same document for LibreOffice ---------------------------------------------------------

def _png(svg: Path, target: Path) -> None:
    """The drawing as a PNG (LibreOffice's HTML import leaves SVG pictures out), via Qt."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(str(svg))
    size = renderer.defaultSize()
    image = QImage(size.width() * 2, size.height() * 2, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert image.save(str(target)), f"cannot write {target}"


def write_html(data: ExerciseHandoutData, branding: Branding, folder: Path) -> Path:
    """An HTML page with the handout's words and its drawings (as PNG files next to it)."""
    e = html_escape
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}</title><style>"
             "body{font-family:'DejaVu Sans';font-size:10.5pt} h2{color:"
             f"{branding.accent_colour}}} td,th{{border:1px solid #9AA5B1;vertical-align:top}}"
             "</style></head><body>",
             f"<p><b>{e(branding.clinic_name)}</b></p><h1>{TITLE}</h1><p>{e(data.patient.line())}</p>",
             f"<p>Prepared for <b>{e(data.patient.name)}</b>"
             + (f" by {e(data.clinician)}" if data.clinician.strip() else "")
             + f" on {long_date(data.issued_on)}.</p><p>{e(INTRO)}</p>"]
    if data.phase.strip():
        parts.append(f"<p><b>Stage of your rehab:</b> {e(data.phase)}</p>")
    if data.goals.strip():
        parts.append(f"<p><b>What we are working on:</b> {e(data.goals)}</p>")
    parts.append("<h2>Your exercises at a glance</h2><table border='1'><tr><th></th><th>Exercise</th>"
                 "<th>How much</th></tr>")
    parts += [f"<tr><td>{i}</td><td>{e(x.name)}</td><td>{e(x.dose)}</td></tr>"
              for i, x in enumerate(data.exercises, start=1)]
    parts.append("</table>")
    for number, entry in enumerate(data.exercises, start=1):
        picture = ""
        if entry.illustration is not None and entry.illustration.is_file():
            name = f"{number}.png"
            if entry.illustration.suffix.lower() == ".svg":
                _png(entry.illustration, folder / name)
            else:
                name = f"{number}{entry.illustration.suffix.lower()}"
                shutil.copyfile(entry.illustration, folder / name)
            picture = f"<img src='{name}' width='283'>"
        tips = "".join(f"<li>{e(c)}</li>" for c in entry.cues)
        steps = "".join(f"<li>{e(s)}</li>" for s in entry.instructions)
        parts.append(f"<h2>{number}. {e(entry.name)}</h2><table><tr><td>{picture}"
                     + (f"<p><b>Tips</b></p><ul>{tips}</ul>" if tips else "")
                     + f"</td><td><p><b>HOW MUCH</b></p><p><b>{e(entry.dose)}</b></p><ol>{steps}</ol>"
                     "</td></tr></table>")
        if entry.safety.strip():
            parts.append(f"<p><b>Take care:</b> {e(entry.safety)}</p>")
        if entry.note.strip():
            parts.append(f"<p><b>Note from your physio:</b> {e(entry.note)}</p>")
        if entry.progression.strip():
            parts.append(f"<p><b>When this feels easy:</b> {e(entry.progression)} (ask us before you "
                         "move on).</p>")
    parts.append("<h2>Weekly log</h2><p>Tick each day you do an exercise. Write your pain scores "
                 "(0–10) in the last two rows. Week starting: ______________</p><table border='1'><tr>"
                 + "".join(f"<th>{h}</th>" for h in ("Exercise", *DAYS)) + "</tr>")
    for name in (*(x.name for x in data.exercises), "Morning pain (0–10)",
                 "Most pain during exercise (0–10)"):
        parts.append(f"<tr><td>{e(name)}</td>" + "<td></td>" * len(DAYS) + "</tr>")
    parts.append("</table><h2>How much pain is OK?</h2><table>")
    parts += [f"<tr><td><b>{s}/10 {n}</b></td><td>{e(t)}</td></tr>" for s, n, t in ZONES]
    parts.append("</table><ul>" + "".join(f"<li>{e(r)}</li>" for r in PAIN_RULES) + "</ul>")
    number_words = data.emergency_number.strip() or DEFAULT_EMERGENCY
    parts.append(f"<h2>Seek medical help today</h2><p>These are rare, but they need help straight "
                 f"away. Call {e(number_words)} or go to the nearest emergency department today if "
                 "you notice any of these:</p><ul>"
                 + "".join(f"<li>{e(x)}</li>" for x in EMERGENCY)
                 + "</ul><p>Contact your doctor or us the same day if:</p><ul>"
                 + "".join(f"<li>{e(x)}</li>" for x in SAME_DAY) + "</ul></body></html>")
    page = folder / "handout.html"
    page.write_text("".join(parts), encoding="utf-8")
    return page


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's ``soffice``, installed from Debian's packages when it is missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("LibreOffice is missing and cannot be installed here (needs root and apt-get): "
                    "apt-get install --no-install-recommends libreoffice-writer-nogui")
    print("\n  installing libreoffice-writer-nogui (apt-get)…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"],
                    ["apt-get", "install", "-y", "--no-install-recommends", "libreoffice-writer-nogui"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)
        if done.returncode:
            pytest.skip(f"LibreOffice could not be installed ({' '.join(command)} failed): "
                        f"{done.stderr.strip()[-400:]}")
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("libreoffice-writer-nogui installed, but no soffice on PATH")
    return found


def _convert(soffice: str, profile: Path, source: Path, out: Path) -> float:
    """Seconds for one headless conversion of ``source`` to PDF in ``out``."""
    started = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


# -- checks and figures ------------------------------------------------------------------------

def _words(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def _has_every_exercise(pdf: bytes, data: ExerciseHandoutData) -> list[str]:
    """The exercise names missing from ``pdf``'s text."""
    text = _words(pdf)
    return [e.name for e in data.exercises if re.sub(r"\s+", " ", e.name) not in text]


def _interleaved(functions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median seconds of each function, run in turn ROUNDS times after WARM_UP rounds.

    Garbage is collected before each call, so neither pays for the other's leftovers.
    """
    times: dict[str, list[float]] = {name: [] for name in functions}
    for round_ in range(WARM_UP + ROUNDS):
        for name, fn in functions.items():
            gc.collect()
            started = time.perf_counter()
            fn()
            if round_ >= WARM_UP:
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def test_exercise_handout_against_direct_reportlab(bench: Bench, handout: Handout) -> None:
    ours, direct = handout.render(), build_direct(handout.data, handout.branding)
    assert not _has_every_exercise(ours, handout.data), "every exercise is in the app's handout"
    assert not _has_every_exercise(direct, handout.data), "every exercise is in the direct build"
    assert len(PdfReader(io.BytesIO(direct)).pages) >= 2
    medians = _interleaved({"ours": handout.render,
                            "direct": lambda: build_direct(handout.data, handout.branding)})
    print(f"\n  {len(handout.data.exercises)} exercises; ours {medians['ours'] * 1000:.0f} ms, "
          f"direct reportlab {medians['direct'] * 1000:.0f} ms", flush=True)
    bench.report("Exercise handout (1k-patient demo)", medians["ours"] * 1000, "ms")
    bench.ratio("Exercise handout vs direct reportlab", medians["ours"] / medians["direct"], 1.5)


def test_exercise_handout_against_libreoffice(bench: Bench, handout: Handout, soffice: str,
                                              tmp_path: Path) -> None:
    source_dir, out = tmp_path / "html", tmp_path / "pdf"
    source_dir.mkdir()
    out.mkdir()
    page = write_html(handout.data, handout.branding, source_dir)
    profile = tmp_path / "lo-profile"
    _convert(soffice, profile, page, out)  # creates the private profile: not counted
    converted = out / "handout.pdf"
    assert not _has_every_exercise(converted.read_bytes(), handout.data), \
        "every exercise is in LibreOffice's PDF"
    drawn = len({image.name for page in PdfReader(converted).pages for image in page.images})
    assert drawn == sum(1 for e in handout.data.exercises if e.illustration is not None), \
        "every drawing is in LibreOffice's PDF"
    libreoffice = statistics.median(_convert(soffice, profile, page, out)
                                    for _ in range(LIBREOFFICE_ROUNDS))
    ours = _interleaved({"ours": handout.render})["ours"]
    print(f"\n  LibreOffice {libreoffice * 1000:.0f} ms, ours {ours * 1000:.0f} ms", flush=True)
    bench.report("LibreOffice headless HTML to PDF", libreoffice * 1000, "ms")
    bench.at_least("Exercise handout vs LibreOffice (times faster)", libreoffice / ours, 50)
