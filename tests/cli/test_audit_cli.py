"""``stride-clinic audit verify`` and the audit key's export and import."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from clinic_app.cli import main


def _demo(url: str) -> None:
    assert main(["--database", url, "demo", "--patients", "3"]) == 0


def test_verify_prints_a_summary_and_exits_0_when_intact(
        database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _demo(database_url)
    capsys.readouterr()
    assert main(["--database", database_url, "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The audit trail is intact:")
    assert out.count("\n") == 1


def test_verify_exits_1_with_one_line_per_problem(
        database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _demo(database_url)
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        conn.exec_driver_sql("UPDATE audit_log SET workstation = 'elsewhere' WHERE id = 2")
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = 3")
    engine.dispose()
    capsys.readouterr()
    assert main(["--database", database_url, "audit", "verify"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["The audit trail shows tampering: 2 problems found in "
                     f"{lines[0].split(' in ')[1]}",
                     "  edited: Audit row 2 was edited after it was written.",
                     "  deleted: Audit row 3 before row 4 was deleted."]


def test_verify_needs_an_administrator(database_url: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _demo(database_url)
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", "wrong")
    assert main(["--database", database_url, "audit", "verify"]) == 1
    assert "audit trail" not in capsys.readouterr().out


def test_key_export_then_import_on_another_workstation(
        database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _demo(database_url)
    exported = tmp_path / "practice.key"
    assert main(["--database", database_url, "audit", "key", "export", str(exported)]) == 0
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    monkeypatch.setenv("STRIDE_CLINIC_CONFIG_DIR", str(tmp_path / "workstation-2"))
    capsys.readouterr()
    assert main(["--database", database_url, "audit", "verify"]) == 1
    assert "does not hold the practice's audit key" in capsys.readouterr().err
    assert main(["audit", "key", "import", str(exported)]) == 0
    assert main(["--database", database_url, "audit", "verify"]) == 0
