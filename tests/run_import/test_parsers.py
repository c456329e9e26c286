"""FIT, GPX and TCX bytes to activities: real files from the parsers' own test data, generated
files with pauses and without summaries, and damaged or hostile files refused with a reason."""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

import gpxpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_app.domain.load.run_import import Activity, BadFile, RowStatus, classify
from clinic_app.services.run_import_files import parse_activity_bytes
from tests.conftest import TODAY
from tests.run_import.watchfiles import fit_bytes, fit_crc, gpx_bytes, make_run, tcx_bytes

DATA = Path(__file__).parent / "data"
START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
RUN = make_run(START, 9.0, pause=(600, 660))


def parse(name: str, data: bytes) -> list[Activity]:
    return parse_activity_bytes(name, data)


# -- real files ------------------------------------------------------------------------------

def test_gpxpy_track_distance_start_and_climb() -> None:
    raw = (DATA / "gpxpy" / "cerknicko-jezero.gpx").read_bytes()
    [a] = parse("cerknicko-jezero.gpx", raw)
    reference = gpxpy.parse(raw.decode("utf-8"))
    assert a.file_format == "gpx"
    assert a.started_at == datetime(2010, 8, 5, 14, 23, 59, tzinfo=UTC)
    assert a.distance_km == pytest.approx(reference.length_2d() / 1000, rel=0.01)
    assert a.elevation_gain_m is not None and a.elevation_gain_m > 50
    assert a.moving_s is not None and a.elapsed_s is not None and a.moving_s < a.elapsed_s


def test_gpxpy_run_with_its_type_and_a_time_zone() -> None:
    [a] = parse("track.gpx", (DATA / "gpxpy" / "track-with-less-sec-time.gpx").read_bytes())
    assert a.sport == "run"
    assert a.started_at == datetime(2015, 12, 11, 14, 43, 13, tzinfo=UTC)  # 15:43 at +01:00


@pytest.mark.parametrize(("name", "reason"), [
    ("route.gpx", "planned route"),
    ("unicode_with_bom.gpx", "no recorded track points"),
])
def test_gpxpy_files_without_a_recorded_track_are_refused(name: str, reason: str) -> None:
    with pytest.raises(BadFile, match=reason):
        parse(name, (DATA / "gpxpy" / name).read_bytes())


def test_gpxpy_drive_without_a_sport_is_not_counted_as_a_run() -> None:
    [a] = parse("car.gpx", (DATA / "gpxpy" / "around-visnjan-with-car.gpx").read_bytes())
    status, reason = classify(a, a.started_at.date(), TODAY, None)
    assert status == RowStatus.NOT_A_RUN
    assert "does not name the sport" in reason


@pytest.mark.parametrize(("name", "sport", "km", "hr"), [
    ("garmin-fenix-5-run.fit", "running", 0.15756, 90),
    ("garmin-fenix-5-walk.fit", "walking", 0.06785, 75),
    ("garmin-fenix-5-bike.fit", "cycling", 0.45952, 101),
])
def test_fit_files_recorded_by_a_watch(name: str, sport: str, km: float, hr: int) -> None:
    [a] = parse(name, (DATA / "fitdecode" / name).read_bytes())
    assert (a.sport, a.avg_hr, a.moving_method) == (sport, hr, "timer")
    assert a.distance_km == pytest.approx(km)
    assert a.started_at.tzinfo is not None and a.started_at.year == 2017


# -- generated files -------------------------------------------------------------------------

def test_fit_session_summary_gives_timer_time_climb_and_heart_rate() -> None:
    [a] = parse("run.fit", fit_bytes(RUN))
    assert (a.sport, a.started_at, a.distance_km) == ("running", START, 9.0)
    assert (a.moving_s, a.elapsed_s, a.moving_method) == (2970.0, 3030.0, "timer")
    assert (a.elevation_gain_m, a.avg_hr) == (40, 150)
    assert a.pace_s_per_km == pytest.approx(330)


def test_fit_without_a_summary_uses_timer_events_then_speed() -> None:
    [timed] = parse("run.fit", fit_bytes(RUN, session=False))
    assert (timed.moving_s, timed.moving_method, timed.distance_km) == (2970.0, "timer", 9.0)
    [guessed] = parse("run.fit", fit_bytes(RUN, session=False, timer_events=False))
    assert guessed.moving_method == "speed"
    assert guessed.moving_s == pytest.approx(2970, abs=2)
    assert guessed.avg_hr is not None and 145 <= guessed.avg_hr <= 155


def test_fit_settings_file_is_not_an_activity() -> None:
    with pytest.raises(BadFile, match="a FIT settings file, not a recorded activity"):
        parse("settings.fit", fit_bytes(RUN, file_type=2))


def test_gpx_moving_time_leaves_out_the_pause_and_reads_heart_rate() -> None:
    [a] = parse("run.gpx", gpx_bytes(RUN))
    assert a.distance_km == pytest.approx(9.0, rel=0.005)
    assert a.moving_s == pytest.approx(2970, abs=2)
    assert (a.elapsed_s, a.sport, a.avg_hr) == (3030, "running", 150)


def test_tcx_lap_totals_and_trackpoints() -> None:
    [a] = parse("run.tcx", tcx_bytes(RUN))
    assert (a.sport, a.distance_km, a.moving_s, a.moving_method, a.avg_hr) == (
        "Running", 9.0, 2970.0, "timer", 150)
    [b] = parse("run.tcx", tcx_bytes(RUN, with_totals=False))
    assert b.distance_km == 9.0 and b.moving_method == "speed"
    assert b.moving_s == pytest.approx(2970, abs=2)


# -- bad and hostile files -------------------------------------------------------------------

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                  b'<gpx version="1.1"><trk><name>&lol3;</name></trk></gpx>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&x;</Id>'
       b'</Activity></Activities></TrainingCenterDatabase>')


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("bomb.gpx", BILLION_LAUGHS, "possible XML attack"),
    ("xxe.tcx", XXE, "possible XML attack"),
    ("photo.fit", b"\x89PNG\r\n\x1a\n" + bytes(200), "not a FIT file"),
    ("notes.txt", b"ran 10 km on Tuesday", "not a fitness file"),
    ("empty.gpx", b"", "the file is empty"),
    ("other.xml", b"<kml><Document/></kml>", "not a fitness file"),
    ("course.tcx", b"<TrainingCenterDatabase><Courses/></TrainingCenterDatabase>", "planned course"),
    ("enc.gpx", b'<?xml version="1.0" encoding="UTF-y"?><gpx/>', "XML is broken"),
    ("late.gpx", b"<!--" + b"x" * 70_000 + b'--><!DOCTYPE g [<!ENTITY e "e">]><gpx>&e;</gpx>',
     "possible XML attack"),
    ("undeclared.tcx", b"<TrainingCenterDatabase>&e;</TrainingCenterDatabase>", "XML is broken"),
    ("inf.gpx", b'<gpx version="1.1"><trk><trkseg><trkpt lat="1e999" lon="0"/><trkpt lat="0" lon="0"/>'
                b"</trkseg></trk></gpx>", "impossible position"),
    ("after.gpx", b'<gpx version="1.1"></gpx><!DOCTYPE g [<!ENTITY e "e">]>', "XML is broken"),
])
def test_bad_and_hostile_files_are_refused_with_a_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(BadFile, match=reason):
        parse(name, data)


def test_fit_with_a_wrong_crc_is_refused() -> None:
    data = bytearray(fit_bytes(RUN))
    data[len(data) // 2] ^= 0x01
    with pytest.raises(BadFile, match="wrong CRC"):
        parse("run.fit", bytes(data))


@pytest.mark.parametrize("fmt", ["fit", "gpx", "tcx"])
def test_every_truncation_is_refused_never_partly_read(fmt: str) -> None:
    short = make_run(START, 0.4, step_s=5)
    data = {"fit": fit_bytes, "gpx": gpx_bytes, "tcx": tcx_bytes}[fmt](short)
    end = data.rstrip(b"\n").rfind(b"</") if fmt != "fit" else len(data)  # the closing root tag
    for cut in range(0, end, max(1, end // 150)):
        with pytest.raises(BadFile):
            parse(f"run.{fmt}", data[:cut])


SAMPLES = {fmt: maker(make_run(START, 0.5, step_s=10))
           for fmt, maker in (("fit", fit_bytes), ("gpx", gpx_bytes), ("tcx", tcx_bytes))}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(sorted(SAMPLES)), data=st.data())
def test_fuzzed_files_either_parse_whole_or_are_refused(fmt: str, data: st.DataObject) -> None:
    raw = bytearray(SAMPLES[fmt])
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[:data.draw(st.integers(0, len(raw)))]
    try:
        activities = parse(f"x.{fmt}", bytes(raw))
    except BadFile as exc:
        assert str(exc)  # always a reason in words
        return
    assert activities and all(isinstance(a, Activity) for a in activities)
    if fmt == "fit":  # the checksum covers every byte: a changed FIT file cannot get through
        assert bytes(raw) == SAMPLES["fit"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_never_crash_the_reader(blob: bytes) -> None:
    for name in ("x.fit", "x.gpx", "x.tcx", "x.bin"):
        try:
            parse(name, blob)
        except BadFile as exc:
            assert str(exc)


FIT_PLAIN = fit_bytes(make_run(START, 0.5, step_s=10, pause=(40, 70)), session=False)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_fuzzed_fit_messages_behind_a_valid_checksum_never_crash(data: st.DataObject) -> None:
    """Damage the messages, then repair the checksums, so the damage reaches the decoder."""
    raw = bytearray(data.draw(st.sampled_from([SAMPLES["fit"], FIT_PLAIN])))
    for _ in range(data.draw(st.integers(1, 6))):
        raw[data.draw(st.integers(14, len(raw) - 3))] = data.draw(st.integers(0, 255))
    raw[-2:] = struct.pack("<H", fit_crc(bytes(raw[:-2])))
    try:
        activities = parse("x.fit", bytes(raw))
    except BadFile as exc:
        assert str(exc)
        return
    assert activities and all(isinstance(a, Activity) for a in activities)
