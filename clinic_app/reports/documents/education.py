"""Education handouts: our own plain-language texts (resources/handouts/*.json) for one patient."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import (
    STOP,
    STOP_TINT,
    bullets,
    emergency_words,
    fixed,
    panel,
    style,
    tint,
)
from clinic_app.reports.documents.data import EducationData, long_date
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import Branding
from clinic_app.reports.text import para_text


def build_education_handout(data: EducationData, branding: Branding, out: Path | str | BinaryIO) -> int:
    """Render an education handout to ``out``; returns the number of pages."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        s = styles.base_size
        who = f"For <b>{para_text(data.patient.name)}</b>"
        if data.clinician.strip():
            who += f", from {para_text(data.clinician)}"
        yield fixed(f"{who}, {long_date(data.issued_on)}", styles.muted)
        lead = style(styles, "Lead", styles.body, fontSize=s * 1.1, leading=s * 1.5, spaceAfter=0)
        yield panel([user_paragraph(data.text.summary, lead)], ctx.width, styles,
                    background=tint(styles.accent, 0.9), border=styles.accent)
        sub = style(styles, "EduHeading", styles.subheading, spaceBefore=s * 0.55, spaceAfter=s * 0.2)
        text = style(styles, "EduText", styles.body, spaceAfter=s * 0.3)
        item = style(styles, "EduBullet", styles.body, spaceAfter=s * 0.12)
        for section in data.text.sections:
            yield CondPageBreak(sub.leading * 2 + text.leading * 3)
            yield user_paragraph(section.heading, sub)
            for block in section.blocks:
                if block.kind == "bullets":
                    yield bullets(block.items, item)
                    yield Spacer(1, s * 0.2)
                else:
                    yield user_paragraph(block.text, text)
        small = style(styles, "EduSafety", styles.body_small, spaceAfter=0)
        yield Spacer(1, s * 0.4)
        yield KeepTogether([panel([fixed(
            "<b>Get help today</b> if you notice numbness around your back passage or genitals, new "
            "problems passing urine or controlling your bowels, or weakness or numbness in both legs: "
            f"call {para_text(emergency_words(data.emergency_number))} or go to an emergency "
            "department.", small)], ctx.width, styles, background=STOP_TINT, border=STOP)])

    return build_pdf(out, data.text.title, story, branding, data.patient.line())
