"""build_pdf: letterhead on every page, page X of Y, print sizes, paper, logo checks, atomic writes."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from pdf_helpers import ACCENT, has_arabic, pdf_pages_text, pdf_problems, pdf_text, render_page
from pypdf import PdfReader
from reportlab.platypus import Flowable, PageBreak

from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import Labels, StoryContext, build_pdf
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import Branding

MakeBranding = Callable[..., Branding]
NAME = "Zoë Łukasz O'Brien <b>&</b> 李雷 عائشة"
PATIENT_LINE = f"{NAME} · born 1990-04-12 · SC-000123"
LOREM = (
    "Lie on your back with your knees bent and your feet flat. Gently tighten your tummy muscles, "
    "keep breathing normally and hold for ten seconds before relaxing. "
)


def three_pages(ctx: StoryContext) -> Iterable[Flowable]:
    for page in (1, 2, 3):
        if page > 1:
            yield PageBreak()
        yield user_paragraph(f"Section {page}", ctx.styles.heading)


def long_story(ctx: StoryContext) -> Iterable[Flowable]:
    yield from heading("Your exercises", ctx.styles)
    rows = [[f"Exercise {i}", LOREM, "3 × 10"] for i in range(1, 31)]
    yield data_table(["Exercise", "How", "Dose"], rows, ctx.styles, ctx.width, [1, 4, 1])
    for _ in range(8):
        yield user_paragraph(LOREM * 3, ctx.styles.body)


class Boom(Flowable):  # type: ignore[misc]
    """A flowable that fails when it is drawn, as a bug deep in a document would."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, 20

    def draw(self) -> None:
        raise RuntimeError("chart failed")


def failing_story(ctx: StoryContext) -> Iterable[Flowable]:
    yield from long_story(ctx)
    yield Boom()


def test_patient_name_prints_literally_in_every_script(tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "name.pdf"
    build_pdf(out, "Home exercise programme", long_story, make_branding(), PATIENT_LINE)
    pages = pdf_pages_text(out)
    assert len(pages) > 1
    for text in pages:  # the header repeats the patient line on every page
        for piece in ("Zoë", "Łukasz", "O'Brien", "<b>&</b>", "李雷", "SC-000123", "Home exercise programme"):
            assert piece in text
        assert has_arabic(text, "عائشة")
        assert "Stride Physio & Running Clinic" in text


def test_footer_counts_pages(tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "three.pdf"
    assert build_pdf(out, "Progress letter", three_pages, make_branding(), PATIENT_LINE) == 3
    pages = [text.lower() for text in pdf_pages_text(out)]
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of 3" in text
        assert "0117 496 0321" in text


def test_page_label_can_be_translated(make_branding: MakeBranding) -> None:
    buffer = io.BytesIO()
    labels = Labels(page="Seite {page} von {total}", phone="Tel.: {phone}")
    build_pdf(buffer, "Brief", three_pages, make_branding(), "Anna", labels=labels)
    text = "\n".join(page.extract_text() for page in PdfReader(buffer).pages)
    assert "Seite 2 von 3" in text and "Tel.: 0117" in text


def test_large_print_takes_more_pages(tmp_path: Path, make_branding: MakeBranding) -> None:
    normal = build_pdf(tmp_path / "n.pdf", "Handout", long_story, make_branding(), PATIENT_LINE)
    large_branding = make_branding(large_print=True)
    large = build_pdf(tmp_path / "l.pdf", "Handout", long_story, large_branding, PATIENT_LINE)
    assert large > normal > 1


def test_long_table_repeats_its_header_row_on_every_page(
    tmp_path: Path, make_branding: MakeBranding
) -> None:
    out = tmp_path / "table.pdf"
    build_pdf(out, "Handout", long_story, make_branding(), PATIENT_LINE)
    table_pages = [text for text in pdf_pages_text(out) if "Exercise 2" in text]
    assert len(table_pages) > 1
    assert all("Exercise How Dose" in " ".join(text.split()) for text in table_pages)
    assert "Exercise 30" in pdf_text(out)


def test_a_cell_taller_than_a_page_is_split_not_cropped(make_branding: MakeBranding) -> None:
    def story(ctx: StoryContext) -> Iterable[Flowable]:
        yield data_table(["Note"], [[LOREM * 60 + " THE END"]], ctx.styles, ctx.width)

    buffer = io.BytesIO()
    assert build_pdf(buffer, "Notes", story, make_branding(), "Anna") > 1
    assert "THE END" in "".join(page.extract_text() for page in PdfReader(buffer).pages)


@pytest.mark.parametrize(("paper", "size"), [("A4", (595.28, 841.89)), ("Letter", (612.0, 792.0))])
def test_paper_size(
    tmp_path: Path, make_branding: MakeBranding, paper: str, size: tuple[float, float]
) -> None:
    out = tmp_path / "paper.pdf"
    build_pdf(out, "Handout", three_pages, make_branding(paper_size=paper), PATIENT_LINE)
    for page in PdfReader(str(out)).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.1)


def test_without_logo_address_or_phone(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    build_pdf(out, "Handout", three_pages, Branding("Solo Physio"), "")
    assert "Solo Physio" in pdf_text(out) and "Page 3 of 3" in pdf_text(out)


def test_qpdf_finds_the_file_valid(tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "valid.pdf"
    build_pdf(out, "Handout", long_story, make_branding(), PATIENT_LINE)
    assert pdf_problems(out) == []


def test_the_structure_check_names_a_damaged_file(tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "damaged.pdf"
    build_pdf(out, "Handout", three_pages, make_branding(), PATIENT_LINE)
    data = out.read_bytes()
    broken = data.replace(b"/Type /Page", b"/Type /Pxge", 1)
    assert pdf_problems(data) == [] and pdf_problems(broken) != []


def test_page_renders_with_the_accent_rule(tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "look.pdf"
    build_pdf(out, "Handout", long_story, make_branding(), PATIENT_LINE)
    image = render_page(out, 1, dpi=80)
    accent = tuple(int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    top = image.crop((0, 0, image.width, image.height // 6))
    colours = top.getcolors(maxcolors=1 << 20) or []
    assert any(all(abs(c - a) <= 8 for c, a in zip(colour, accent, strict=True)) for _, colour in colours)


def test_writing_to_a_stream(make_branding: MakeBranding) -> None:
    buffer = io.BytesIO()
    assert build_pdf(buffer, "Handout", three_pages, make_branding(), PATIENT_LINE) == 3
    assert buffer.getvalue().startswith(b"%PDF-")


def test_fonts_are_embedded(tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "fonts.pdf"
    build_pdf(out, "Handout", three_pages, make_branding(), PATIENT_LINE)
    names = {
        str(font["/BaseFont"])
        for page in PdfReader(str(out)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSans" in name for name in names)
    assert any("WenQuanYi" in name or "WQY" in name.upper() for name in names)


# --- failures leave nothing behind -------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_story_failing_midway_leaves_no_file(tmp_path: Path, make_branding: MakeBranding) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuntimeError, match="chart failed"):
        build_pdf(folder / "handout.pdf", "Handout", failing_story, make_branding(), PATIENT_LINE)
    assert leftovers(folder) == []


def test_failed_rewrite_keeps_the_previous_file(tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "handout.pdf"
    build_pdf(out, "Handout", three_pages, make_branding(), PATIENT_LINE)
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        build_pdf(out, "Handout", failing_story, make_branding(), PATIENT_LINE)
    assert out.read_bytes() == before
    assert leftovers(tmp_path) == ["handout.pdf", "logo.png"]


def test_story_builder_raising_leaves_no_file(tmp_path: Path, make_branding: MakeBranding) -> None:
    def story(ctx: StoryContext) -> Iterable[Flowable]:
        yield user_paragraph("first", ctx.styles.body)
        raise KeyError("missing exercise")

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(KeyError):
        build_pdf(folder / "x.pdf", "Handout", story, make_branding(), PATIENT_LINE)
    assert leftovers(folder) == []


def test_stream_gets_nothing_when_the_story_fails(make_branding: MakeBranding) -> None:
    buffer = io.BytesIO()
    with pytest.raises(RuntimeError):
        build_pdf(buffer, "Handout", failing_story, make_branding(), PATIENT_LINE)
    assert buffer.getvalue() == b""
