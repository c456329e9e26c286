"""A user-facing message as a stable code with plain parameters, rendered from one catalogue.

Services and the domain never build message text: they raise an error carrying a ``Message``
(``msg("patient.not_found", patient_id=7)``). The catalogue (``CATALOGUE``) holds one English
template per code, marked with ``QT_TRANSLATE_NOOP("Errors", ...)`` so ``pyside6-lupdate``
extracts it; the UI translates the template and fills in the parameters in one place
(``clinic_app.ui.errors``), the CLI, logs and tests use the English rendering.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any, NamedTuple

CONTEXT = "Errors"
"""The translation context of every catalogue template."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for extraction by ``pyside6-lupdate`` (the domain cannot import Qt)."""
    del context
    return text


class Message(NamedTuple):
    """One message: a catalogue code and the plain values (str, int, float) it is filled with."""

    code: str
    params: Mapping[str, Any]


def msg(code: str, **params: Any) -> Message:
    """The message ``code`` filled with ``params`` (see the catalogue for the placeholders)."""
    return Message(code, params)


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses, e.g. ``{"patient_id"}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def fill(template: str, params: Mapping[str, Any]) -> str:
    """``template`` with ``params`` in place; a missing parameter leaves its placeholder."""
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
