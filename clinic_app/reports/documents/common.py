"""Pieces the patient documents share: drawings, lists, boxes, the pain rule and the safety net."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from clinic_app.domain.rehab.pain_rule import NERVE_WARNING, PAIN_SCALE, PainRule
from clinic_app.reports import fonts
from clinic_app.reports.paragraph import ClinicParagraph, user_paragraph
from clinic_app.reports.styles import INK, ReportStyles
from clinic_app.reports.text import para_text

logger = logging.getLogger(__name__)

SAFE = HexColor("#2E7D32")
ACCEPTABLE = HexColor("#B26A00")
STOP = HexColor("#C62828")
SAFE_TINT = HexColor("#E8F3E9")
ACCEPTABLE_TINT = HexColor("#FFF3E0")
STOP_TINT = HexColor("#FDECEA")
PANEL = HexColor("#F4F7F9")
LINE = HexColor("#9AA5B1")

DEFAULT_EMERGENCY = "your local emergency number (999 in the UK, 112 in Europe, 911 in North America)"

SAFETY_NET_TITLE = "Warning signs: get help now"
SAFETY_NET_ACTION = "go to the emergency department now"
EMERGENCY_SIGNS = (
    "Numbness, tingling or a loss of feeling in the <b>saddle area</b>: between your legs, around "
    "your back passage or genitals, or the inner buttocks (for example, toilet paper feels different "
    "when you wipe).",
    "<b>New bladder problems</b>: difficulty starting to pass urine, a weak or changed flow, not "
    "being able to go, not feeling when your bladder is full, or leaking.",
    "<b>New bowel problems</b>: losing control of your bowels, or not feeling when you need to go.",
    "New problems with <b>sexual function</b>, or less feeling in the genitals.",
    "<b>Leg pain (sciatica) in both legs</b>, or pain in one leg that has spread to both.",
    "<b>Weakness or numbness in both legs</b>, or your legs giving way or feeling unsteady when you "
    "walk.",
)
"""The cauda equina signs (CLINICAL §2 CE items, C8) in plain words: saddle area, bladder, bowel,
sexual function, both legs."""
SAME_DAY_SIGNS = (
    "your foot or ankle suddenly becomes weak (the toes catch or the foot slaps down);",
    "you have a fever or chills, or feel generally unwell, with your back pain;",
    "you have had cancer and now have new back pain, or new difficulty walking;",
    "your back pain started after a fall or an accident, or is severe and constant, even at night.",
)


def tint(colour: Color, amount: float = 0.88) -> Color:
    """``colour`` mixed with white (``amount`` 0: unchanged, 1: white)."""
    return Color(*(c + (1 - c) * amount for c in (colour.red, colour.green, colour.blue)))


def style(styles: ReportStyles, name: str, base: ParagraphStyle | None = None, **options: object
          ) -> ParagraphStyle:
    """A paragraph style derived from one of the shared ones."""
    return ParagraphStyle(name, parent=base or styles.body, **options)  # type: ignore[arg-type]


def fixed(markup: str, paragraph_style: ParagraphStyle) -> ClinicParagraph:
    """A paragraph of our own wording (markup allowed; typed text must be passed via ``para_text``)."""
    return ClinicParagraph(markup, paragraph_style)


def illustration(path: Path | None, max_width: float, max_height: float) -> Flowable | None:
    """The exercise drawing (SVG, PNG or JPEG) scaled to fit, or None when it cannot be read."""
    if path is None or not path.is_file():
        return None
    try:
        if path.suffix.lower() == ".svg":
            return _svg(path, max_width, max_height)
        image = Image(str(path))
        scale = min(max_width / image.imageWidth, max_height / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        image.hAlign = "CENTER"
        return image
    except Exception:  # a broken custom drawing must not stop the whole handout
        logger.warning("cannot draw illustration %s", path, exc_info=True)
        return None


@dataclass(frozen=True, slots=True)
class _ParsedSvg:
    """An SVG converted to reportlab shapes, with the box of what it draws (margin included)."""

    contents: tuple[Any, ...]
    bounds: tuple[float, float, float, float]


@functools.lru_cache(maxsize=256)
def _parse_svg(path: str, _mtime_ns: int, _size: int) -> _ParsedSvg | None:
    """Convert an SVG once per version of the file (svglib is a large share of a handout's time).

    The shapes are only read when drawn, so every document can share them; the file's
    modification time and size are part of the key, so a replaced custom drawing is read again.
    """
    from svglib.svglib import svg2rlg

    source = svg2rlg(path)
    if source is None or not source.width or not source.height:
        return None
    x0, y0, x1, y1 = source.getBounds()
    margin = max(x1 - x0, y1 - y0) * 0.03
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return None
    return _ParsedSvg(tuple(source.contents), (x0, y0, x1, y1))


def _svg(path: Path, max_width: float, max_height: float) -> Drawing | None:
    """The SVG cropped to what is drawn (plus a margin for line widths) and scaled to fit."""
    stat = path.stat()
    parsed = _parse_svg(str(path), stat.st_mtime_ns, stat.st_size)
    if parsed is None:
        return None
    x0, y0, x1, y1 = parsed.bounds
    scale = min(max_width / (x1 - x0), max_height / (y1 - y0))
    content = Group(*parsed.contents)
    content.transform = (scale, 0, 0, scale, -x0 * scale, -y0 * scale)
    drawing = Drawing((x1 - x0) * scale, (y1 - y0) * scale)
    drawing.add(content)
    drawing.hAlign = "CENTER"
    return drawing


def bullets(items: Sequence[str], paragraph_style: ParagraphStyle, *, typed: bool = True,
            numbered: bool = False) -> ListFlowable:
    """A bulleted (or numbered) list; ``typed`` items print literally."""
    size = paragraph_style.fontSize
    flowables = [ListItem(user_paragraph(item, paragraph_style) if typed else fixed(item, paragraph_style))
                 for item in items]
    if numbered:
        return ListFlowable(flowables, bulletType="1", bulletFontName=fonts.BOLD, bulletFontSize=size,
                            leftIndent=size * 1.7, bulletDedent=size * 1.7, bulletFormat="%s.")
    return ListFlowable(flowables, bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
                        bulletFontSize=size, leftIndent=size * 1.3, bulletDedent=size * 1.1)


def panel(content: list[Flowable], width: float, styles: ReportStyles, *,
          background: Color = PANEL, border: Color | None = None) -> Table:
    """A shaded box around ``content``, with a coloured bar at its left when ``border`` is given."""
    pad = styles.base_size * 0.8
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
    ]
    if border is not None:
        commands.append(("LINEBEFORE", (0, 0), (0, -1), styles.base_size * 0.35, border))
    return Table([[content]], colWidths=[width], style=TableStyle(commands), splitInRow=1, hAlign="LEFT")


def emergency_words(number: str) -> str:
    """How the safety net names the number to call."""
    return number.strip() or DEFAULT_EMERGENCY


def pain_rule_box(styles: ReportStyles, width: float, rule: PainRule) -> list[Flowable]:
    """The one pain rule (CLINICAL C6), printed the same way on every patient document."""
    s = styles.base_size
    line_style = style(styles, "PainRuleLine", styles.body, spaceAfter=0, leading=s * 1.3)
    colours = ((ACCEPTABLE, ACCEPTABLE_TINT), (SAFE, SAFE_TINT), (STOP, STOP_TINT))
    rows = [[fixed(f"<b>{para_text(line.activity)}:</b> {para_text(line.limit)}.", line_style)]
            for line in rule.lines]
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), s * 0.7),
        ("RIGHTPADDING", (0, 0), (-1, -1), s * 0.6),
        ("TOPPADDING", (0, 0), (-1, -1), s * 0.35),
        ("BOTTOMPADDING", (0, 0), (-1, -1), s * 0.45),
        ("LINEBELOW", (0, 0), (-1, -2), 1.5, white),
    ]
    for row, (strong, light) in enumerate(colours):
        commands += [("BACKGROUND", (0, row), (0, row), light),
                     ("LINEBEFORE", (0, row), (0, row), s * 0.35, strong)]
    table = Table(rows, colWidths=[width], style=TableStyle(commands), hAlign="LEFT")
    small = style(styles, "PainRuleNote", styles.body, spaceBefore=s * 0.35, spaceAfter=0)
    title = style(styles, "PainRuleTitle", styles.subheading, spaceBefore=0, spaceAfter=s * 0.3)
    return [Spacer(1, s * 0.6), KeepTogether([
        fixed("How much pain is OK?", title),
        fixed(para_text(PAIN_SCALE), style(styles, "PainScale", styles.body, spaceAfter=s * 0.35)),
        table,
        fixed(f"<b>{para_text(NERVE_WARNING)}</b>", small),
    ])]


def safety_net(styles: ReportStyles, width: float, emergency_number: str) -> list[Flowable]:
    """The cauda equina safety net (CLINICAL C8), the same box on every patient document."""
    s = styles.base_size
    title = style(styles, "SafetyTitle", styles.heading, textColor=STOP, spaceBefore=0,
                  spaceAfter=s * 0.3)
    body = style(styles, "SafetyBody", styles.body, spaceAfter=s * 0.2, leading=s * 1.3)
    content: list[Flowable] = [
        fixed(para_text(SAFETY_NET_TITLE), title),
        fixed("These signs are rare, but they are an emergency. If you notice any of them, "
              f"<b>{para_text(SAFETY_NET_ACTION)}</b> or call "
              f"{para_text(emergency_words(emergency_number))}. Do not wait for your next "
              "appointment.", body),
        bullets(EMERGENCY_SIGNS, body, typed=False),
        Spacer(1, s * 0.3),
        fixed("Contact your doctor or us <b>the same day</b> if:", body),
        bullets(SAME_DAY_SIGNS, body, typed=False),
    ]
    box = panel(content, width, styles, background=STOP_TINT, border=STOP)
    return [Spacer(1, s * 0.6), KeepTogether([box])]


def signature(styles: ReportStyles, clinician: str, practice: str, closing: str = "Yours sincerely,"
              ) -> list[Flowable]:
    """The closing (``Yours sincerely,``) with the clinician's name and the practice."""
    s = styles.base_size
    name = style(styles, "SignName", styles.body, fontName=fonts.BOLD, spaceAfter=0)
    return [Spacer(1, s * 0.6), fixed(para_text(closing), styles.body), Spacer(1, s * 2.6),
            user_paragraph(clinician or "Treating physiotherapist", name),
            user_paragraph(practice, style(styles, "SignPractice", styles.muted, textColor=INK))]


def log_table(header: Sequence[str], first_column: Sequence[str], styles: ReportStyles, width: float,
              fractions: Sequence[float], *, blank_rows: int = 0, row_padding: float = 0.75) -> Table:
    """A ruled grid to fill in by hand: typed first-column labels, empty cells, repeating header.

    Rows take their height from padding rather than a fixed height, so a long label wraps and
    the row grows instead of the text running over the lines.
    """
    s = styles.base_size
    cell = styles.table_cell
    head = style(styles, "LogHeader", styles.table_header, alignment=1)
    data: list[list[object]] = [[fixed(para_text(text), head) for text in header]]
    columns = len(header)
    for label in first_column:
        data.append([user_paragraph(label, cell), *[""] * (columns - 1)])
    data.extend([Spacer(1, cell.leading), *[""] * (columns - 1)] for _ in range(blank_rows))
    widths = [width * f / sum(fractions) for f in fractions]
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), styles.accent),
        ("GRID", (0, 0), (-1, -1), 0.6, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), s * 0.4),
        ("RIGHTPADDING", (0, 0), (-1, -1), s * 0.4),
        ("TOPPADDING", (0, 1), (-1, -1), s * row_padding),
        ("BOTTOMPADDING", (0, 1), (-1, -1), s * row_padding),
    ]
    commands.extend(("BACKGROUND", (0, r), (-1, r), PANEL) for r in range(2, len(data), 2))
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(commands), hAlign="LEFT")
