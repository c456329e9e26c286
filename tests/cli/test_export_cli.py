"""``stride-clinic export fhir|copy``: a valid Bundle or the patient's zip, clear refusals."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from clinic_app.cli import main


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    assert main(["--database", url, "demo", "--patients", "3"]) == 0
    return url


def test_export_fhir_writes_a_valid_bundle(url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sc1.json"
    assert main(["--database", url, "export", "fhir", "--patient", "SC-000001",
                 "--out", str(out)]) == 0
    assert "FHIR R4 Bundle for" in capsys.readouterr().out
    bundle = Bundle.model_validate_json(out.read_text(encoding="utf-8"))
    patient = bundle.entry[0].resource
    assert patient.identifier[0].value == "SC-000001"
    assert any(e.resource.__resource_type__ == "Encounter" for e in bundle.entry)


def test_export_copy_writes_the_zip(url: str, tmp_path: Path) -> None:
    out = tmp_path / "copy.zip"
    assert main(["--database", url, "export", "copy", "--patient", "2", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        assert {"summary.pdf", "record.fhir.json", "README.txt"} <= set(archive.namelist())
        Bundle.model_validate(json.loads(archive.read("record.fhir.json")))


@pytest.mark.parametrize(("args", "message"), [
    (["--patient", "SC-999999"], "no patient with chart number SC-999999"),
    (["--patient", "abc"], "'abc' is not a chart number"),
    (["--patient", "1", "--episode", "1999-01-01"], "no single episode started on 1999-01-01"),
    (["--patient", "1", "--episode", "yesterday"], "'yesterday' is not a date"),
])
def test_export_refusals_exit_1_with_one_line(url: str, tmp_path: Path, args: list[str],
                                              message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.json"
    assert main(["--database", url, "export", "fhir", *args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_export_needs_a_folder_that_exists(url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", url, "export", "copy", "--patient", "1",
                 "--out", str(tmp_path / "nowhere" / "x.zip")]) == 1
    assert "does not exist" in capsys.readouterr().err
