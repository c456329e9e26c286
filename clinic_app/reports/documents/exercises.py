"""The home exercise programme: a card per exercise with its drawing, then a tick log and safety advice."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import white
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from clinic_app.reports import fonts
from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import (
    bullets,
    fixed,
    illustration,
    log_table,
    pain_rule_box,
    panel,
    safety_net,
    style,
    tint,
)
from clinic_app.reports.documents.data import ExerciseEntry, ExerciseHandoutData, long_date
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import MUTED, RULE, Branding
from clinic_app.reports.text import para_text

logger = logging.getLogger(__name__)

TITLE = "Your home exercise programme"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def build_exercise_handout(data: ExerciseHandoutData, branding: Branding,
                           out: Path | str | BinaryIO) -> int:
    """Render the programme to ``out``; returns the number of pages."""
    if not data.exercises:
        raise ValueError("An exercise handout needs at least one exercise")

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        yield from _introduction(data, ctx)
        for number, entry in enumerate(data.exercises, start=1):
            yield _card(number, entry, ctx)
        yield from _tick_log(data, ctx)
        yield from pain_rule_box(ctx.styles, ctx.width, data.pain_rule)
        yield from safety_net(ctx.styles, ctx.width, data.emergency_number)

    return build_pdf(out, TITLE, story, branding, data.patient.line())


def _introduction(data: ExerciseHandoutData, ctx: StoryContext) -> Iterable[Flowable]:
    styles = ctx.styles
    who = f"Prepared for <b>{para_text(data.patient.name)}</b>"
    if data.clinician.strip():
        who += f" by {para_text(data.clinician)}"
    yield fixed(f"{who} on {long_date(data.issued_on)}.", styles.body)
    yield fixed("Do the exercises below as shown in the drawings. Move slowly and with control, and "
                "keep breathing normally. A little discomfort is fine; the pain rule near the end "
                "tells you how much. Tick the log each day you do them and bring this sheet to your "
                "next visit.", styles.body)
    about: list[Flowable] = []
    if data.phase.strip():
        about.append(fixed(f"<b>Stage of your rehab:</b> {para_text(data.phase)}", styles.body))
    if data.goals.strip():
        about.append(fixed(f"<b>What we are working on:</b> {para_text(data.goals)}", styles.body))
    if about:
        yield panel(about, ctx.width, styles, background=tint(styles.accent, 0.9), border=styles.accent)
    yield from heading("Your exercises at a glance", styles)
    rows = [[str(i), e.name, e.dose] for i, e in enumerate(data.exercises, start=1)]
    yield data_table(["", "Exercise", "How much"], rows, styles, ctx.width, [0.35, 2.4, 3.6])
    yield Spacer(1, styles.base_size * 1.2)


def _card(number: int, entry: ExerciseEntry, ctx: StoryContext) -> Flowable:
    styles, width = ctx.styles, ctx.width
    s = styles.base_size
    name_style = style(styles, "CardName", styles.heading, fontSize=s * 1.45, leading=s * 1.8,
                       spaceBefore=0, spaceAfter=0)
    badge_style = style(styles, "CardBadge", name_style, textColor=white, alignment=1)
    badge = Table([[fixed(str(number), badge_style)]], colWidths=[s * 2.6], rowHeights=[s * 2.4],
                  style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), styles.accent),
                                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    title = Table([[badge, user_paragraph(entry.name, name_style)]], colWidths=[s * 3.4, width - s * 3.4],
                  style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), s * 0.5)]), hAlign="LEFT")

    picture_width = width * 0.44
    text_width = width - picture_width - s
    drawing = illustration(entry.illustration, picture_width, picture_width * 0.62)
    left: list[Flowable] = [drawing if drawing is not None else fixed(
        "(drawing not available)", style(styles, "NoDrawing", styles.muted, alignment=1))]
    small = style(styles, "CardSmall", styles.body, spaceAfter=s * 0.25)
    if entry.cues:
        left.append(Spacer(1, s * 0.5))
        left.append(fixed("<b>Tips</b>", style(styles, "TipsLabel", small, spaceAfter=s * 0.15)))
        left.append(bullets(entry.cues, small))

    dose_style = style(styles, "Dose", styles.body, fontName=fonts.BOLD, fontSize=s * 1.12,
                       leading=s * 1.45, spaceAfter=0)
    dose_box = panel([fixed("HOW MUCH", style(styles, "DoseLabel", styles.muted, fontName=fonts.BOLD,
                                              textColor=styles.accent, spaceAfter=s * 0.1)),
                      user_paragraph(entry.dose, dose_style)],
                     text_width, styles, background=tint(styles.accent, 0.88))
    right: list[Flowable] = [dose_box, Spacer(1, s * 0.6)]
    if entry.instructions:
        right.append(bullets(entry.instructions, small, numbered=True))
    body = Table([[left, right]], colWidths=[picture_width + s, text_width],
                 style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (0, 0), s),
                                   ("RIGHTPADDING", (1, 0), (1, 0), 0)]),
                 splitInRow=1, hAlign="LEFT")

    extra: list[Flowable] = []
    if entry.safety.strip():
        extra.append(fixed(f"<b>Take care:</b> {para_text(entry.safety)}",
                           style(styles, "Safety", small, textColor=MUTED)))
    if entry.note.strip():
        extra.append(panel([fixed(f"<b>Note from your physio:</b> {para_text(entry.note)}", small)],
                           width, styles, border=styles.accent))
    if entry.progression.strip():
        extra.append(Spacer(1, s * 0.3))
        extra.append(fixed(f"<b>When this feels easy:</b> {para_text(entry.progression)} (ask us before "
                           "you move on).", small))
    rule = Table([[""]], colWidths=[width], rowHeights=[s * 0.6],
                 style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.8, RULE)]))
    # Title, drawing and dose stay together; a very long note may still flow to the next page.
    return KeepTogether([title, body, Spacer(1, s * 0.3), *extra, rule, Spacer(1, s * 0.8)])


def _tick_log(data: ExerciseHandoutData, ctx: StoryContext) -> Iterable[Flowable]:
    styles = ctx.styles
    s = styles.base_size
    yield CondPageBreak(s * (8 + 2.8 * len(data.exercises)))
    yield from heading("Weekly log", styles)
    yield fixed("Tick each day you do an exercise. Write your pain scores (0–10) in the last two rows. "
                "Week starting: ______________", styles.body)
    names = [*(e.name for e in data.exercises), "Morning pain (0–10)", "Most pain during exercise (0–10)"]
    yield log_table(["Exercise", *DAYS], names, styles, ctx.width, [4.2, *[1.0] * len(DAYS)])
