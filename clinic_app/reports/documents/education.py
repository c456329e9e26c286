"""Education handouts: our own plain-language texts (resources/handouts/*.json) for one patient."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import (
    bullets,
    fixed,
    pain_rule_box,
    panel,
    safety_net,
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
        yield from pain_rule_box(styles, ctx.width, data.pain_rule)
        yield from safety_net(styles, ctx.width, data.emergency_number)

    return build_pdf(out, data.text.title, story, branding, data.patient.line())
