"""Every coded message used at a raise site exists in the one catalogue, with matching placeholders."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from clinic_app.domain.errors import InvalidValue, NotFoundError, ValidationError
from clinic_app.domain.messages import CATALOGUE, TEXT, english, msg, placeholders

ROOT = Path(__file__).resolve().parents[2] / "clinic_app"


def _msg_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg":
                calls.append((f"{path.relative_to(ROOT.parent)}:{node.lineno}", node))
    return calls


def test_every_code_at_a_raise_site_is_in_the_catalogue_with_its_placeholders() -> None:
    calls = _msg_calls()
    assert len(calls) > 150  # the scan sees the raise sites
    problems = []
    for where, call in calls:
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            problems.append(f"{where}: the code is not a literal")
            continue
        if first.value not in CATALOGUE:
            problems.append(f"{where}: unknown code {first.value}")
            continue
        given = {k.arg or "**" for k in call.keywords}
        wanted = placeholders(CATALOGUE[first.value])
        if given != wanted:
            problems.append(f"{where}: {first.value} gets {sorted(given)}, "
                            f"its template uses {sorted(wanted)}")
    assert problems == []


def test_every_catalogue_template_is_used_and_marked_for_translation() -> None:
    used = {call.args[0].value for _, call in _msg_calls()
            if call.args and isinstance(call.args[0], ast.Constant)}
    assert sorted(set(CATALOGUE) - used - {TEXT}) == []
    marked = set()
    for path in (ROOT / "domain" / "messages").glob("catalogue_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QT_TRANSLATE_NOOP":
                context, text = (a.value for a in node.args)  # type: ignore[attr-defined]
                assert context == "Errors"
                marked.add(text)
    assert set(CATALOGUE.values()) - {"{text}"} <= marked


def test_a_coded_error_keeps_its_code_params_and_english_text() -> None:
    exc = NotFoundError(msg("patient.not_found", patient_id=12))
    assert (exc.code, dict(exc.params)) == ("patient.not_found", {"patient_id": 12})
    assert str(exc) == "Patient 12 does not exist."


def test_a_validation_error_maps_fields_to_codes_and_to_english() -> None:
    exc = ValidationError({"display_name": msg("common.required"), "note": "Plain words."})
    assert exc.entries["display_name"].code == "common.required"
    assert exc.errors == {"display_name": "Required.", "note": "Plain words."}
    assert exc.entries["note"].code == TEXT


def test_a_domain_rule_still_raises_a_readable_value_error() -> None:
    with pytest.raises(ValueError, match="does not exist") as info:
        raise InvalidValue(msg("episode.not_found", episode_id=4))
    assert isinstance(info.value, InvalidValue)
    assert info.value.code == "episode.not_found"
    assert english(info.value.message_code) == "Episode 4 does not exist."
