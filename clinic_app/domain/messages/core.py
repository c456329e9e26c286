"""A user-facing message as a stable code with plain parameters, rendered from one catalogue.

Services and the domain never build message text: they raise an error carrying a ``Message``
(``msg("patient.not_found", patient_id=7)``). The catalogue (``CATALOGUE``) holds one English
template per code, marked with ``QT_TRANSLATE_NOOP("Errors", ...)`` so ``pyside6-lupdate``
extracts it; the UI translates the template and fills in the parameters in one place
(``clinic_app.ui.errors``), the CLI, logs and tests use the English rendering.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

CONTEXT = "Errors"
"""The translation context of every catalogue template."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for extraction by ``pyside6-lupdate`` (the domain cannot import Qt)."""
    del context
    return text


Translator = Callable[[str, str], str]
"""``(context, source text) -> text shown``; ``QCoreApplication.translate`` in the GUI."""


def _identity(context: str, text: str) -> str:
    del context
    return text


_translator: Translator = _identity


def translate(context: str, text: str) -> str:
    """``text`` in the user's language through the installed translator (English by default).

    The domain builds clinical sentences without Qt: it calls ``translate("Context", "literal
    template").format(...)`` with literal arguments, so ``pyside6-lupdate`` extracts the template;
    the GUI installs ``QCoreApplication.translate`` at start-up. The CLI, tests and documents made
    without the GUI keep the exact English.
    """
    return _translator(context, text) or text


def install_translator(fn: Translator | None) -> Translator:
    """Use ``fn`` for ``translate`` from now on (None: English again); returns the one it replaces,
    so a caller can put it back."""
    global _translator
    previous = _translator
    _translator = fn if fn is not None else _identity
    return previous


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
