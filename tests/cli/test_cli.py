"""The command line: version, self-test, db upgrade/current, users, bad database locations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_app import __version__
from clinic_app.cli import main
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import HEAD
from clinic_app.services.registry import Services
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "clinic_app", *args], capture_output=True,
                          text=True, cwd=ROOT, env=full_env, timeout=120, check=False)


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"Stride Clinic {__version__}"


def test_self_test_passes_and_reports_each_check(tmp_path: Path) -> None:
    result = _run("--self-test", env={"STRIDE_CLINIC_LOG_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("resources", "database", "main window"):
        assert f"ok   {check}" in result.stdout
    assert "Self-test passed." in result.stdout


def test_self_test_names_what_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from clinic_app import self_test

    monkeypatch.setattr(self_test, "REQUIRED_RESOURCES", (("icons", "missing.svg"),))
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAIL resources" in out and "missing.svg" in out
    assert "Self-test FAILED at: resources" in out


def test_db_upgrade_then_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["--database", url, "db", "current"]) == 0
    assert "(empty database)" in capsys.readouterr().out
    assert main(["--database", url, "db", "upgrade"]) == 0
    assert f"Database is at {HEAD}" in capsys.readouterr().out
    assert main(["--database", url, "db", "current"]) == 0
    assert capsys.readouterr().out.strip() == f"{HEAD} (up to date)"


def test_environment_variable_chooses_the_database(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("STRIDE_CLINIC_DATABASE_URL", f"sqlite:///{target}")
    assert main(["db", "upgrade"]) == 0
    assert target.exists()


def test_users_add_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    assert main(["--database", url, "users", "add", "--username", "aahmed",
                 "--name", "Dr Amira Ahmed"]) == 0
    assert "first administrator" in capsys.readouterr().out
    assert main(["--database", url, "--user", "aahmed", "users", "add", "--username", "desk",
                 "--name", "Front Desk", "--role", "front_desk"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "users", "list", "--user", "aahmed"]) == 0
    listing = capsys.readouterr().out
    assert "aahmed" in listing and "admin" in listing and "front_desk" in listing
    assert main(["--database", url, "--user", "aahmed", "users", "disable", "--username", "desk"]) == 0
    assert main(["--database", url, "--user", "aahmed", "users", "list"]) == 0
    assert "disabled" in capsys.readouterr().out


def test_users_commands_need_an_administrators_credentials(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    assert main(["--database", url, "users", "add", "--username", "boss", "--name", "Pat Admin"]) == 0
    assert main(["--database", url, "--user", "boss", "users", "add", "--username", "kim",
                 "--name", "Kim Lee"]) == 0  # a clinician, with the same temporary password
    capsys.readouterr()
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", "not the password")
    assert main(["--database", url, "--user", "boss", "users", "list"]) == 1
    assert capsys.readouterr().err.strip() == "Stride Clinic: the user name or password is not right."
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", PASSWORD)
    assert main(["--database", url, "--user", "kim", "users", "list"]) == 1
    assert "kim has a temporary password: sign in to the app once" in capsys.readouterr().err
    db = Database.from_url(url)
    try:
        services = Services.over(db)
        kim = services.auth.sign_in("kim", PASSWORD, "ws")
        services.auth.change_password(kim.actor, PASSWORD, "a tidal river 7")
    finally:
        db.dispose()
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", "a tidal river 7")
    assert main(["--database", url, "--user", "kim", "users", "add", "--username", "eve",
                 "--name", "Eve", "--role", "admin"]) == 1
    assert "may not manage users and passwords" in capsys.readouterr().err
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", PASSWORD)
    monkeypatch.delenv("STRIDE_CLINIC_PASSWORD")
    monkeypatch.setattr("sys.stdin", None)
    assert main(["--database", url, "--user", "boss", "users", "list"]) == 1
    assert "set STRIDE_CLINIC_PASSWORD" in capsys.readouterr().err


def test_cloud_folder_database_is_refused_with_advice(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'Dropbox' / 'c.sqlite3'}"
    assert main(["--database", url, "db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert "cloud-synced" in err and "PostgreSQL" in err


@pytest.mark.parametrize("order", ["before", "after"])
def test_global_options_work_before_or_after_the_sub_command(
    order: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'opts.sqlite3'}"
    options = ["--database", url, "--settings", str(tmp_path / "s.ini")]
    demo = ["demo", "--patients", "2", "--seed", "5"]
    assert main([*options, *demo] if order == "before" else [*demo, *options]) == 0
    assert "Created 2 patients, " in capsys.readouterr().out
    listing = ["users", "list"]
    assert main([*options, *listing] if order == "before" else [*listing, *options]) == 0
    assert "Demo Administrator" in capsys.readouterr().out
    assert (tmp_path / "opts.sqlite3").exists()
