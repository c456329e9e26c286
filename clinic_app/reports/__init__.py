"""PDF documents: reportlab only, pure functions of plain data (no Qt, no database).

``document.build_pdf`` renders a branded, paginated document atomically; ``text.para_text`` and
``paragraph.user_paragraph`` make typed text print literally in any script; ``fonts`` registers
the bundled Unicode fonts; ``styles`` holds ``Branding`` and the shared paragraph styles.
"""
