"""Render a branded, paginated clinic document and write it safely.

:func:`build_pdf` is the one way documents are produced: it puts the letterhead (logo, clinic
name and address, accent rule, document title, patient line) on every page and a footer with the
clinic's phone and "Page X of Y", lets the story flow over as many pages as it needs, and writes a
file only when the whole document rendered — a failure never leaves a half-written PDF behind.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from clinic_app.reports import fonts
from clinic_app.reports.paragraph import ClinicParagraph
from clinic_app.reports.styles import RULE, Branding, ReportStyles, make_styles
from clinic_app.reports.text import para_text

logger = logging.getLogger(__name__)

SIDE_MARGIN = 20 * mm
TOP_MARGIN = 13 * mm
BOTTOM_MARGIN = 11 * mm
_BIG = 10_000.0


@dataclass(frozen=True, slots=True)
class Labels:
    """The fixed words on every page, replaceable by translations."""

    page: str = "Page {page} of {total}"
    phone: str = "Tel. {phone}"


@dataclass(frozen=True, slots=True)
class StoryContext:
    """What a story builder needs to lay out its content."""

    styles: ReportStyles
    branding: Branding
    width: float
    """Width of the text area in points (tables use it for their column widths)."""
    height: float
    """Height of the text area on each page in points."""


StoryBuilder = Callable[[StoryContext], Iterable[Flowable]]


@dataclass(slots=True)
class _Block:
    """A stack of paragraphs drawn top-down in a column of fixed width."""

    width: float
    paragraphs: list[ClinicParagraph]
    height: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.height = sum(p.wrap(self.width, _BIG)[1] for p in self.paragraphs)

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        for paragraph in self.paragraphs:
            _, height = paragraph.wrap(self.width, _BIG)
            top -= height
            paragraph.drawOn(canvas, x, top)


class _Letterhead:
    """Measures the header and footer once and draws them on every page.

    Row one is the clinic's identity (logo and name at the left, address and phone at the right),
    then the accent rule, then the document band: title at the left, patient line at the right.
    """

    def __init__(
        self, branding: Branding, styles: ReportStyles, title: str, patient_line: str, labels: Labels
    ) -> None:
        self.branding, self.styles, self.labels = branding, styles, labels
        self.page_width, self.page_height = branding.page_size
        self.width = self.page_width - 2 * SIDE_MARGIN
        s = styles.base_size
        gutter = 6 * mm

        self.logo_size = (0.0, 0.0)
        if branding.logo_path is not None and branding.logo_pixels is not None:
            pixels_w, pixels_h = branding.logo_pixels
            scale = min(s * 4.0 / pixels_h, 40 * mm / pixels_w)
            self.logo_size = (pixels_w * scale, pixels_h * scale)
        logo_room = self.logo_size[0] + s * 0.9 if self.logo_size[0] else 0.0

        details = [*branding.address_lines]
        if branding.phone.strip():
            details.append(labels.phone.format(phone=branding.phone))
        contact_width = self.width * 0.32
        self.clinic = _Block(
            self.width - contact_width - gutter - logo_room,
            [ClinicParagraph(para_text(branding.clinic_name), styles.header_clinic)],
        )
        self.clinic_x = SIDE_MARGIN + logo_room
        self.contact = _Block(
            contact_width,
            [ClinicParagraph(para_text("\n".join(details)), styles.header_detail)] if details else [],
        )
        top = self.page_height - TOP_MARGIN
        identity_height = max(self.logo_size[1], self.clinic.height, self.contact.height)
        self.identity_top = top
        self.rule_y = top - identity_height - s * 0.6

        title_width = self.width * 0.55
        self.title = _Block(title_width, [ClinicParagraph(para_text(title), styles.header_title)])
        self.patient = _Block(
            self.width - title_width - gutter,
            [ClinicParagraph(para_text(patient_line), styles.header_patient)] if patient_line.strip() else [],
        )
        self.band_top = self.rule_y - s * 0.75
        band_bottom = self.band_top - max(self.title.height, self.patient.height)

        footer_bits = [para_text(branding.clinic_name)]
        if branding.phone.strip():
            footer_bits.append(para_text(labels.phone.format(phone=branding.phone)))
        self.footer = _Block(self.width * 0.7, [ClinicParagraph("  ·  ".join(footer_bits), styles.footer)])
        sample = self._page_label(999, 999)
        self.footer_height = max(self.footer.height, sample.wrap(self.width * 0.3, _BIG)[1])
        self.footer_rule_y = BOTTOM_MARGIN + self.footer_height + s * 0.45

        self.frame_top = band_bottom - s * 1.4
        self.frame_bottom = self.footer_rule_y + s * 1.0
        if self.frame_top - self.frame_bottom < self.page_height * 0.35:
            raise ValueError("The letterhead leaves too little room on the page: shorten the clinic details")

    def _page_label(self, page: int, total: int) -> ClinicParagraph:
        text = para_text(self.labels.page.format(page=page, total=total))
        return ClinicParagraph(text, self.styles.footer_right)

    def draw_page(self, canvas: Canvas, _doc: Any) -> None:
        """Draw the header and the footer's fixed part (page numbers come at save time)."""
        canvas.saveState()
        top = self.identity_top
        logo_w, logo_h = self.logo_size
        if self.branding.logo_path is not None and logo_w:
            logo = str(self.branding.logo_path)
            canvas.drawImage(logo, SIDE_MARGIN, top - logo_h, logo_w, logo_h, mask="auto")
        # The clinic name sits level with the middle of the logo when the logo is taller.
        name_top = top - max(0.0, (logo_h - self.clinic.height) / 2)
        self.clinic.draw(canvas, self.clinic_x, name_top)
        self.contact.draw(canvas, SIDE_MARGIN + self.width - self.contact.width, top)
        canvas.setStrokeColor(self.branding.accent)
        canvas.setLineWidth(max(1.5, self.styles.base_size * 0.15))
        canvas.line(SIDE_MARGIN, self.rule_y, SIDE_MARGIN + self.width, self.rule_y)
        self.title.draw(canvas, SIDE_MARGIN, self.band_top)
        self.patient.draw(canvas, SIDE_MARGIN + self.width - self.patient.width, self.band_top)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(SIDE_MARGIN, self.footer_rule_y, SIDE_MARGIN + self.width, self.footer_rule_y)
        self.footer.draw(canvas, SIDE_MARGIN, BOTTOM_MARGIN + self.footer_height)
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        """Draw "Page X of Y" at the footer's right."""
        label = self._page_label(page, total)
        width = self.width * 0.3
        _, height = label.wrap(width, _BIG)
        label.drawOn(canvas, SIDE_MARGIN + self.width - width, BOTTOM_MARGIN + self.footer_height - height)


def _numbered_canvas(letterhead: _Letterhead, page_counts: list[int]) -> type[Canvas]:
    """Return a canvas class that holds pages back until it knows how many there are."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            page_counts.append(total)
            for state in self._page_states:
                self.__dict__.update(state)
                letterhead.draw_page_number(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _render(
    stream: BinaryIO,
    title: str,
    story_builder: StoryBuilder,
    branding: Branding,
    patient_line: str,
    labels: Labels,
) -> int:
    styles = make_styles(branding)
    letterhead = _Letterhead(branding, styles, title, patient_line, labels)
    frame_height = letterhead.frame_top - letterhead.frame_bottom
    frame = Frame(
        SIDE_MARGIN, letterhead.frame_bottom, letterhead.width, frame_height,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )
    doc = BaseDocTemplate(
        stream,
        pagesize=branding.page_size,
        title=title,
        author=branding.clinic_name,
        creator="Stride Clinic",
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=letterhead.page_height - letterhead.frame_top,
        bottomMargin=letterhead.frame_bottom,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=letterhead.draw_page)])
    context = StoryContext(styles, branding, frame.width, frame.height)
    story = list(story_builder(context))
    page_counts: list[int] = []
    doc.build(story, canvasmaker=_numbered_canvas(letterhead, page_counts))
    return page_counts[-1]


def body_area(branding: Branding, title: str, patient_line: str,
              labels: Labels | None = None) -> tuple[float, float]:
    """Top and bottom of the body text area, in points from the page's bottom edge.

    The same letterhead geometry :func:`build_pdf` lays pages out with: a check of how full a
    page is measures against it.
    """
    fonts.register_fonts()
    letterhead = _Letterhead(branding, make_styles(branding), title, patient_line, labels or Labels())
    return letterhead.frame_top, letterhead.frame_bottom


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def build_pdf(
    out: Path | str | BinaryIO,
    title: str,
    story_builder: StoryBuilder,
    branding: Branding,
    patient_line: str,
    *,
    labels: Labels | None = None,
) -> int:
    """Render a document and return its number of pages.

    Args:
        out: a file path, written atomically (a temporary file in the same folder renamed into
            place on success, removed on any error), or a binary stream, which receives the
            bytes only once the whole document has rendered.
        title: the document title shown in every page header and the PDF's metadata.
        story_builder: called with a :class:`StoryContext`; returns the flowables of the body.
            Typed text in it must go through ``para_text``/``user_paragraph``.
        branding: the clinic's letterhead, paper size and print size.
        patient_line: the patient line in every header, e.g. name, date of birth and chart number.
        labels: the fixed words ("Page X of Y", "Tel."), for translations.

    Raises:
        ValueError: the logo can no longer be read, or the title is empty.
    """
    fonts.register_fonts()
    if not title.strip():
        raise ValueError("A document needs a title")
    branding.recheck_logo()
    labels = labels or Labels()
    if not isinstance(out, (str, os.PathLike)):
        buffer = io.BytesIO()
        pages = _render(buffer, title, story_builder, branding, patient_line, labels)
        out.write(buffer.getvalue())
        return pages

    target = Path(out)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    try:
        with temporary.open("xb") as stream:
            pages = _render(stream, title, story_builder, branding, patient_line, labels)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_folder(target.parent)
    logger.info("wrote %s (%d pages)", target, pages)
    return pages
