"""Backups and damaged databases: a small real database made as a script would make it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from clinic_app.cli import main
from tests.conftest import PASSWORD

PASSPHRASE = "practice backup passphrase"


@pytest.fixture(autouse=True)
def _script_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """The administrator 'demo' (made by ``demo`` on an empty database) and the passphrase."""
    monkeypatch.setenv("STRIDE_CLINIC_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("STRIDE_CLINIC_USER", "demo")
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", PASSWORD)
    monkeypatch.setenv("STRIDE_CLINIC_BACKUP_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A migrated SQLite database with an administrator and 4 demo patients (WAL folded in)."""
    path = tmp_path / "clinic" / "stride.sqlite3"
    assert main(["--database", f"sqlite:///{path}", "demo", "--patients", "4"]) == 0
    return path


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


AUDIT_AND_USERS = {"audit_log", "audit_chain_head", "app_user"}
"""Tables that a sign-in or a restore itself writes to (the audit trail and its head, the users)."""


def damage_page(path: Path, table: str = "patient") -> None:
    """Overwrite the b-tree page header of ``table``'s root page (a corrupt data page)."""
    conn = sqlite3.connect(str(path))
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size + (100 if root == 1 else 0))
        fh.write(b"\x07\xff\xff\xff\xff\xff\xff\xff")
