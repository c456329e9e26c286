"""Command-line tests act as a script would: credentials from the environment."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _script_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """``demo`` on an empty database creates the administrator 'demo' with this password."""
    monkeypatch.setenv("STRIDE_CLINIC_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("STRIDE_CLINIC_USER", "demo")
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", PASSWORD)
