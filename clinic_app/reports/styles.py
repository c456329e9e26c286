"""The clinic's branding and the paragraph styles every document shares.

:class:`Branding` is validated when it is made, so a bad logo or colour is reported while the
clinician is still in the settings dialog rather than half-way through printing. Styles are
derived from one base size (10.5 pt, or 14 pt for large print) so a large-print handout is the
same document scaled up, not a different layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader

from clinic_app.reports import fonts

PaperSize = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
NORMAL_PRINT_SIZE = 10.5
LARGE_PRINT_SIZE = 14.0
DEFAULT_ACCENT = "#1F6F8B"

INK = HexColor("#1E2329")
MUTED = HexColor("#5B6470")
RULE = HexColor("#C7CDD4")
ZEBRA = HexColor("#F2F4F6")

_HEX_COLOUR = re.compile(r"#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"


def normalise_colour(value: str) -> str:
    """Return ``value`` as ``#RRGGBB``.

    Raises:
        ValueError: ``value`` is not a hex colour such as ``#1F6F8B`` or ``#18b``.
    """
    match = _HEX_COLOUR.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"Accent colour must be a hex colour such as #1F6F8B, not {value!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(2 * d for d in digits)
    return "#" + digits.upper()


def check_logo(path: Path) -> tuple[int, int]:
    """Return the logo's pixel size after checking that reportlab can draw it.

    Raises:
        ValueError: the file is missing, unreadable, or not a PNG or JPEG image.
    """
    if not path.is_file():
        raise ValueError(f"Logo file not found: {path}")
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise ValueError(f"Logo file {path} cannot be read: {exc.strerror or exc}") from exc
    if not (head.startswith(_PNG_SIGNATURE) or head.startswith(_JPEG_SIGNATURE)):
        raise ValueError(f"Logo file {path.name} is not a PNG or JPEG image")
    try:
        reader = ImageReader(str(path))
        width, height = reader.getSize()
        reader.getRGBData()  # decode it all now: a truncated file must fail here, not mid-print
    except Exception as exc:
        raise ValueError(f"Logo file {path.name} is not a readable PNG or JPEG image ({exc})") from exc
    if width < 1 or height < 1:
        raise ValueError(f"Logo file {path.name} is an empty image")
    return int(width), int(height)


@dataclass(frozen=True, slots=True)
class Branding:
    """How the clinic's documents look: letterhead, accent colour, paper and print size."""

    clinic_name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    logo_path: Path | None = None
    accent_colour: str = DEFAULT_ACCENT
    paper_size: PaperSize = "A4"
    large_print: bool = False
    logo_pixels: tuple[int, int] | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.clinic_name, str) or not self.clinic_name.strip():
            raise ValueError("Clinic name is required on printed documents")
        if isinstance(self.address_lines, str):
            raise ValueError("Address lines must be a sequence of lines, not one string")
        object.__setattr__(self, "address_lines", tuple(str(line) for line in self.address_lines))
        object.__setattr__(self, "accent_colour", normalise_colour(self.accent_colour))
        if self.paper_size not in PAGE_SIZES:
            raise ValueError(f"Paper size must be 'A4' or 'Letter', not {self.paper_size!r}")
        if self.logo_path is not None:
            logo = Path(self.logo_path)
            object.__setattr__(self, "logo_path", logo)
            object.__setattr__(self, "logo_pixels", check_logo(logo))

    @property
    def accent(self) -> Color:
        """The accent colour as a reportlab colour."""
        return HexColor(self.accent_colour)

    @property
    def page_size(self) -> tuple[float, float]:
        """Page width and height in points."""
        return PAGE_SIZES[self.paper_size]

    @property
    def base_font_size(self) -> float:
        """Body text size in points: 10.5, or 14 for large print."""
        return LARGE_PRINT_SIZE if self.large_print else NORMAL_PRINT_SIZE

    def recheck_logo(self) -> None:
        """Check again that the logo can be drawn (it may have changed since this was made)."""
        if self.logo_path is not None:
            check_logo(self.logo_path)


@dataclass(frozen=True, slots=True)
class ReportStyles:
    """Paragraph styles for one document; all sizes follow ``base_size``."""

    base_size: float
    accent: Color
    body: ParagraphStyle
    body_small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    header_clinic: ParagraphStyle
    header_detail: ParagraphStyle
    header_title: ParagraphStyle
    header_patient: ParagraphStyle
    footer: ParagraphStyle
    footer_right: ParagraphStyle


def _style(name: str, size: float, **options: Any) -> ParagraphStyle:
    options.setdefault("fontName", fonts.REGULAR)
    options.setdefault("textColor", INK)
    options.setdefault("leading", round(size * 1.38, 2))
    return ParagraphStyle(name, fontSize=size, **options)


def make_styles(branding: Branding) -> ReportStyles:
    """Return the styles for ``branding``'s print size and accent colour."""
    fonts.register_fonts()
    s = branding.base_font_size
    accent = branding.accent
    body = _style("Body", s, spaceAfter=s * 0.5, alignment=TA_LEFT)
    return ReportStyles(
        base_size=s,
        accent=accent,
        body=body,
        body_small=_style("BodySmall", s * 0.88, spaceAfter=s * 0.4),
        muted=_style("Muted", s * 0.88, textColor=MUTED, spaceAfter=s * 0.4),
        title=_style("Title", s * 1.7, fontName=fonts.BOLD, leading=s * 2.1, spaceAfter=s * 0.6),
        heading=_style(
            "Heading", s * 1.3, fontName=fonts.BOLD, textColor=accent, spaceBefore=s, spaceAfter=s * 0.45
        ),
        subheading=_style(
            "Subheading", s * 1.08, fontName=fonts.BOLD, spaceBefore=s * 0.7, spaceAfter=s * 0.3
        ),
        table_header=_style("TableHeader", s * 0.92, fontName=fonts.BOLD, textColor=HexColor("#FFFFFF")),
        table_cell=_style("TableCell", s * 0.92),
        header_clinic=_style("HeaderClinic", s * 1.35, fontName=fonts.BOLD, leading=s * 1.65),
        header_detail=_style("HeaderDetail", s * 0.8, textColor=MUTED, alignment=TA_RIGHT, leading=s * 1.12),
        header_title=_style("HeaderTitle", s * 1.35, fontName=fonts.BOLD, textColor=accent, leading=s * 1.65),
        header_patient=_style("HeaderPatient", s * 0.95, alignment=TA_RIGHT, leading=s * 1.3),
        footer=_style("Footer", s * 0.76, textColor=MUTED, leading=s * 1.0),
        footer_right=_style("FooterRight", s * 0.76, textColor=MUTED, leading=s * 1.0, alignment=TA_RIGHT),
    )
