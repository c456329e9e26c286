"""The UI renders a coded service error through the translator, in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.messages import msg
from clinic_app.ui.errors import describe, field_messages


class _Pseudo(QTranslator):
    """Translates every Errors template to a marked copy, as a real translation would."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201
        return f"[{source}]" if context == "Errors" else None


def test_a_coded_error_is_shown_translated_with_its_values(qapp) -> None:  # noqa: ANN001
    exc = NotFoundError(msg("patient.not_found", patient_id=7))
    assert describe(exc) == "Patient 7 does not exist."
    pseudo = _Pseudo()
    QCoreApplication.installTranslator(pseudo)
    try:
        assert describe(exc) == "[Patient 7 does not exist.]"
        refused = ValidationError({"display_name": msg("common.required"), "x": "As typed."})
        assert field_messages(refused) == {"display_name": "[Required.]", "x": "As typed."}
    finally:
        QCoreApplication.removeTranslator(pseudo)
