"""The Linux desktop entry, install script and Windows installer script agree with the build."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "stride-clinic.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_has_name_exec_and_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Stride Clinic"
    assert entry["Exec"] == "/opt/stride-clinic/stride-clinic"
    assert entry["Icon"] == "stride-clinic"  # a theme name: install.sh puts the files in hicolor
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_install_script_installs_what_the_desktop_entry_names() -> None:
    script = (PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8")
    entry = _desktop_entry()
    prefix = re.search(r"^PREFIX=(\S+)$", script, re.MULTILINE)
    assert prefix is not None and entry["Exec"] == f"{prefix.group(1)}/stride-clinic"
    assert "/usr/share/applications/stride-clinic.desktop" in script
    assert f"/usr/share/icons/hicolor/256x256/apps/{entry['Icon']}.png" in script
    assert f"/usr/share/icons/hicolor/scalable/apps/{entry['Icon']}.svg" in script
    assert script.startswith("#!/bin/sh\n") and "set -eu" in script


def test_install_script_is_valid_shell() -> None:
    result = subprocess.run(["sh", "-n", str(PACKAGING / "linux" / "install.sh")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-utils is not installed")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(["desktop-file-validate", str(PACKAGING / "stride-clinic.desktop")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_inno_setup_script_takes_the_version_from_a_define() -> None:
    iss = (PACKAGING / "windows" / "stride-clinic.iss").read_text(encoding="utf-8")
    assert "#ifndef AppVersion" in iss and "AppVersion={#AppVersion}" in iss
    assert re.search(r"^AppId=\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}$", iss, re.MULTILINE)
    assert "PrivilegesRequired=admin" in iss
    assert r'#define BuildDir "..\..\dist\stride-clinic"' in iss
    assert r"SetupIconFile=..\icons\stride-clinic.ico" in iss
    assert "{autoprograms}" in iss and "{autodesktop}" in iss
