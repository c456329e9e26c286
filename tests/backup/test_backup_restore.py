"""Encrypted backups: a round trip gives back every row; wrong passphrases, changed bytes and
non-administrators are refused and change nothing."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_app.app import open_database
from clinic_app.cli import main
from clinic_app.domain.errors import BackupRefused
from clinic_app.persistence.migrate import KNOWN_REVISIONS
from clinic_app.services.backup import backup_header, backups_folder, latest_backup
from clinic_app.services.backup_crypto import MAGIC
from tests.backup.conftest import AUDIT_AND_USERS, PASSPHRASE, damage_page, table_rows
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(live: Path, *argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clinic_app", "--database", f"sqlite:///{live}", *argv],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


def _clinical_rows(live: Path) -> dict[str, list[tuple[object, ...]]]:
    return {k: v for k, v in table_rows(live).items() if k not in AUDIT_AND_USERS}


def _backup(live: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--database", f"sqlite:///{live}", "backup"]) == 0
    assert "Backed up to" in capsys.readouterr().out
    made = latest_backup(live)
    assert made is not None
    return made


def test_round_trip_gives_back_every_row(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = _backup(live, capsys)
    original = table_rows(live)  # as backed up (the backup's own sign-in is in the audit log)
    assert PASSPHRASE.encode() not in made.read_bytes() and b"SQLite format 3" not in made.read_bytes()
    # Work goes on after the backup: a new patient the restore must take away again.
    assert main(["--database", f"sqlite:///{live}", "demo", "--patients", "1", "--seed", "7"]) == 0
    assert table_rows(live) != original
    assert main(["--database", f"sqlite:///{live}", "restore", str(made), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "4 patients" in out and "kept as" in out
    assert table_rows(live) == original
    kept = sorted(backups_folder(live).glob("*-replaced-*.sqlite3"))
    assert len(kept) == 1 and len(table_rows(kept[0])["patient"]) == 5


def test_header_says_what_the_backup_is(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = backup_header(_backup(live, capsys))
    assert header.fields["format_version"] == 1
    assert header.fields["kdf"]["name"] == "argon2id" and len(header.fields["kdf"]["salt"]) == 32
    assert header.schema_revision == KNOWN_REVISIONS[-1] and header.app_version
    assert header.fields["patients"] == 4 and header.created


@pytest.mark.parametrize("where", ["header", "first chunk", "last byte"])
def test_one_changed_byte_is_refused(live: Path, where: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    made = _backup(live, capsys)
    data = bytearray(made.read_bytes())
    header_end = len(MAGIC) + 4 + int.from_bytes(data[len(MAGIC):len(MAGIC) + 4], "big")
    index = {"header": header_end - 5, "first chunk": header_end + 40, "last byte": len(data) - 1}[where]
    data[index] ^= 0x01
    made.write_bytes(bytes(data))
    before = _digest(live)
    assert main(["--database", f"sqlite:///{live}", "restore", str(made), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "Nothing was changed" in err or "nothing was changed" in err
    assert _digest(live) == before
    assert not list(live.parent.glob(".*restore*"))  # no decrypted copy left behind


def test_wrong_passphrase_is_refused_without_traceback(live: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    made = _backup(live, capsys)
    before = _digest(live)
    result = _cli(live, "restore", str(made), "--yes",
                  env={"STRIDE_CLINIC_BACKUP_PASSPHRASE": "not the practice passphrase"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "passphrase is not the one it was made with" in result.stderr
    assert _digest(live) == before


def test_restore_over_a_damaged_database(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = _backup(live, capsys)
    original = _clinical_rows(live)
    damage_page(live)
    result = _cli(live, "restore", str(made), "--yes")
    assert result.returncode == 0, result.stderr
    # the administrator signed in against the backup (the damaged file's users cannot be read)
    assert _clinical_rows(live) == original
    open_database(f"sqlite:///{live}").dispose()


def test_only_an_administrator_may_back_up_or_restore(live: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    made = _backup(live, capsys)
    assert main(["--database", f"sqlite:///{live}", "users", "add", "--username", "desk",
                 "--name", "Front Desk", "--role", "front_desk"]) == 0
    from clinic_app.services.registry import Services
    from tests.conftest import CHEAP_HASHER

    db = open_database(f"sqlite:///{live}")
    services = Services.over(db, CHEAP_HASHER)
    desk = next(u for u in services.users.list_users() if u.username == "desk")
    with db.writing() as s:  # give the front desk a settled password, as after first sign-in
        from clinic_app.persistence.models import User

        user = s.get(User, desk.id)
        assert user is not None
        user.password_hash = CHEAP_HASHER.hash(PASSWORD)
        user.must_change_password = False
    db.dispose()
    before = _clinical_rows(live)
    env = {"STRIDE_CLINIC_USER": "desk"}
    for argv in (("backup",), ("restore", str(made), "--yes")):
        result = _cli(live, *argv, env=env)
        assert result.returncode == 1 and "may not make or restore backups" in result.stderr
        assert "Traceback" not in result.stderr
    assert _clinical_rows(live) == before  # only the sign-in itself is recorded


def test_backups_are_thinned_to_the_retention_rule(live: Path) -> None:
    from clinic_app.services.backup import thin_backups

    folder = backups_folder(live)
    folder.mkdir()
    for day in range(1, 31):  # a month of daily backups in November
        (folder / f"{live.stem}-202611{day:02d}T120000Z.scbak").write_bytes(b"sealed")
    (folder / "my-own-copy.scbak").write_bytes(b"x")
    (folder / f"{live.stem}-20261101T120000Z.sqlite3").write_bytes(b"before-upgrade copy")
    removed = thin_backups(live)
    left = sorted(p.name for p in folder.iterdir())
    assert "my-own-copy.scbak" in left and f"{live.stem}-20261101T120000Z.sqlite3" in left
    days = sorted(int(name[len(live.stem) + 7:len(live.stem) + 9]) for name in left
                  if name.endswith("T120000Z.scbak"))
    # 7 newest days (24-30); newest of ISO weeks 49-46 (30, 29, 22, 15); of the month (30)
    assert days == [15, 22, 24, 25, 26, 27, 28, 29, 30]
    assert len(removed) == 21


def test_postgresql_without_its_client_programs_is_explained(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STRIDE_CLINIC_PG_DUMP", str(tmp_path / "no-such" / "pg_dump"))
    url = "postgresql+psycopg://clinic@db.example/stride"
    assert main(["--database", url, "backup"]) == 1
    err = capsys.readouterr().err
    assert "needs the PostgreSQL client programs pg_dump and pg_restore" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_no_passphrase_in_a_script_is_one_line(live: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STRIDE_CLINIC_BACKUP_PASSPHRASE"}
    result = subprocess.run([sys.executable, "-m", "clinic_app", "--database", f"sqlite:///{live}",
                             "backup"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            check=False, env={**env, "QT_QPA_PLATFORM": "offscreen"},
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "STRIDE_CLINIC_BACKUP_PASSPHRASE" in result.stderr
    assert "Traceback" not in result.stderr and latest_backup(live) is None


def test_not_a_backup_is_refused(live: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.scbak"
    other.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(BackupRefused):
        backup_header(other)


def test_the_audit_trail_head_is_in_the_header_and_the_restore_summary(
        live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from clinic_app.services.audit_chain import chain_head

    made = _backup(live, capsys)
    head = backup_header(made).fields["audit_chain_head"]
    chain_id, last_id, last_hash = head.split(":")
    db = open_database(f"sqlite:///{live}", migrate=False)
    try:
        live_id, live_last, _hash = chain_head(db).split(":")
        assert live_id == chain_id and int(live_last) >= int(last_id)  # the same chain, read in the copy
    finally:
        db.dispose()
    assert main(["--database", f"sqlite:///{live}", "restore", str(made), "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"Audit trail ends at entry {last_id} (chain hash {last_hash[:12]}…)." in out
    assert chain_id and int(last_id) > 0


def test_a_scheduled_backup_uses_the_key_stored_on_this_computer(
        live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from clinic_app.services.backup_auto import load_key, store_key
    from clinic_app.services.registry import Services

    db = open_database(f"sqlite:///{live}")
    try:
        store_key(db, Services.over(db).auth.sign_in("demo", PASSWORD, "ws").actor, PASSPHRASE)
    finally:
        db.dispose()
    key = load_key()
    assert key is not None
    monkeypatch.delenv("STRIDE_CLINIC_BACKUP_PASSPHRASE")
    made = _backup(live, capsys)
    assert backup_header(made).fields["kdf"] == key.kdf  # sealed with the stored key
    monkeypatch.setenv("STRIDE_CLINIC_BACKUP_PASSPHRASE", PASSPHRASE)
    assert main(["--database", f"sqlite:///{live}", "restore", str(made), "--yes"]) == 0


def test_a_restore_on_a_new_computer_brings_the_audit_key(
        live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The computer that made the backup is lost: its audit key travels sealed in the backup."""
    from clinic_app.services import audit_key
    from clinic_app.services.audit_verify import verify_database

    made = _backup(live, capsys)
    assert b"stride-clinic-audit-key" not in made.read_bytes()  # sealed, never in clear
    new_computer = tmp_path / "new-computer-config"
    monkeypatch.setenv("STRIDE_CLINIC_CONFIG_DIR", str(new_computer))
    monkeypatch.setattr(audit_key, "_cache", {})
    live.unlink()
    for extra in ("-wal", "-shm"):
        live.with_name(live.name + extra).unlink(missing_ok=True)
    assert main(["--database", f"sqlite:///{live}", "restore", str(made), "--yes"]) == 0
    db = open_database(f"sqlite:///{live}")
    try:
        result = verify_database(db)
        assert result.intact, result.lines()
    finally:
        db.dispose()
    assert list((new_computer / audit_key.IMPORTED).glob("*.key"))  # installed beside its own
    # …and work goes on: the restored database accepts new, sealed entries.
    assert main(["--database", f"sqlite:///{live}", "demo", "--patients", "1", "--seed", "8"]) == 0
