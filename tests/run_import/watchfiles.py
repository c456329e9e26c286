"""Watch files made in the tests: a minimal FIT encoder (fitdecode only reads) and GPX/TCX writers.

The FIT encoder follows the FIT protocol (14-byte header with its CRC, definition and data
messages, little-endian, CRC-16 over the whole file). It writes the messages a watch writes
for one activity: file_id, timer events, records, and (optionally) a session summary.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)

SPORTS = {"running": 1, "cycling": 2, "swimming": 5, "walking": 11, "hiking": 17, "generic": 0}
SUB_SPORTS = {"generic": 0, "treadmill": 1, "street": 2, "trail": 3, "track": 4}


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 (the SDK's nibble algorithm)."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def fit_time(when: datetime) -> int:
    """Seconds since the FIT epoch."""
    return int((when - FIT_EPOCH).total_seconds())


@dataclass
class Sample:
    """One recorded point: seconds from the start, metres so far, and optional extras."""

    t: float
    distance_m: float
    lat: float | None = None
    lon: float | None = None
    altitude_m: float | None = None
    heart_rate: int | None = None


@dataclass
class Activity:
    """An activity to write into any of the three formats."""

    start: datetime
    samples: list[Sample]
    sport: str = "running"
    sub_sport: str = "generic"
    pauses: list[tuple[float, float]] = field(default_factory=list)  # timer stopped (from, to) s


def make_run(start: datetime, km: float, pace_s_per_km: float = 330.0, step_s: float = 1.0,
             sport: str = "running", climb_m: float = 40.0, hr: int | None = 150,
             pause: tuple[float, float] | None = None, lat0: float = 46.05,
             lon0: float = 14.5) -> Activity:
    """A steady out-and-back run sampled every ``step_s`` seconds; ``pause`` stops the clock."""
    moving_s = km * pace_s_per_km
    speed = 1000.0 / pace_s_per_km
    samples: list[Sample] = []
    moved, clock = 0.0, 0.0
    pauses = [pause] if pause else []
    radius_m = km * 1000 / (2 * math.pi)  # a loop: the track's length is the distance
    r_lat = radius_m / 111_195.0
    r_lon = r_lat / math.cos(math.radians(lat0))
    while moved < moving_s:
        if pause and pause[0] <= clock < pause[1]:
            clock = pause[1]
        distance = min(moved, moving_s) * speed
        angle = distance / radius_m if radius_m else 0.0
        samples.append(Sample(clock, distance, lat0 + r_lat * math.sin(angle),
                              lon0 + r_lon * (1 - math.cos(angle)),
                              300.0 + climb_m / 2 * (1 - math.cos(angle)),
                              None if hr is None else hr + int(5 * math.sin(angle))))
        moved += step_s
        clock += step_s
    samples.append(Sample(clock, km * 1000, lat0, lon0, 300.0, hr))
    return Activity(start, samples, sport, pauses=pauses)


# -- FIT -----------------------------------------------------------------------------------

_BASE = {"enum": (0x00, "B"), "uint8": (0x02, "B"), "sint32": (0x85, "i"), "uint16": (0x84, "H"),
         "uint32": (0x86, "I"), "uint32z": (0x8C, "I")}


class FitWriter:
    """Builds a FIT activity file message by message."""

    def __init__(self) -> None:
        self._body = bytearray()
        self._defined: dict[int, tuple[int, tuple[tuple[int, str], ...]]] = {}

    def message(self, global_num: int, fields: Sequence[tuple[int, str, int]], local: int = 0) -> None:
        """Write one data message (defining it first when its layout is new)."""
        layout = tuple((num, kind) for num, kind, _ in fields)
        if self._defined.get(local) != (global_num, layout):
            self._body += bytes([0x40 | local, 0, 0]) + struct.pack("<HB", global_num, len(fields))
            for num, kind in layout:
                base, fmt = _BASE[kind]
                self._body += bytes([num, struct.calcsize(fmt), base])
            self._defined[local] = (global_num, layout)
        self._body += bytes([local])
        for _num, kind, value in fields:
            self._body += struct.pack("<" + _BASE[kind][1], value)

    def bytes(self) -> bytes:
        """The whole file: header, messages, CRC."""
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self._body), b".FIT")
        header += struct.pack("<H", fit_crc(header))
        data = header + bytes(self._body)
        return data + struct.pack("<H", fit_crc(data))


def _semicircles(deg: float) -> int:
    return int(deg * (2**31 / 180))


def fit_bytes(act: Activity, *, session: bool = True, timer_events: bool = True,
              file_type: int = 4) -> bytes:
    """A FIT activity file for ``act``; without ``session`` readers must use the records."""
    w = FitWriter()
    start = fit_time(act.start)
    w.message(0, [(0, "enum", file_type), (1, "uint16", 1), (2, "uint16", 2697),
                  (3, "uint32z", 3900000001), (4, "uint32", start)], local=0)
    if timer_events:
        w.message(21, [(253, "uint32", start), (0, "enum", 0), (1, "enum", 0), (3, "uint32", 0)], 1)
    pauses = list(act.pauses)
    for s in act.samples:
        while timer_events and pauses and s.t >= pauses[0][1]:
            stop, go = pauses.pop(0)
            w.message(21, [(253, "uint32", start + int(stop)), (0, "enum", 0), (1, "enum", 4),
                           (3, "uint32", 0)], 1)
            w.message(21, [(253, "uint32", start + int(go)), (0, "enum", 0), (1, "enum", 0),
                           (3, "uint32", 0)], 1)
        fields: list[tuple[int, str, int]] = [(253, "uint32", start + int(s.t))]
        if s.lat is not None and s.lon is not None:
            fields += [(0, "sint32", _semicircles(s.lat)), (1, "sint32", _semicircles(s.lon))]
        if s.altitude_m is not None:
            fields.append((2, "uint16", int((s.altitude_m + 500) * 5)))
        if s.heart_rate is not None:
            fields.append((3, "uint8", s.heart_rate))
        fields.append((5, "uint32", int(s.distance_m * 100)))
        w.message(20, fields, local=2)
    end = start + int(act.samples[-1].t)
    if timer_events:
        w.message(21, [(253, "uint32", end), (0, "enum", 0), (1, "enum", 4), (3, "uint32", 0)], 1)
    if session:
        paused = sum(b - a for a, b in act.pauses)
        elapsed = act.samples[-1].t
        hrs = [s.heart_rate for s in act.samples if s.heart_rate is not None]
        ascent = _ascent([s.altitude_m for s in act.samples if s.altitude_m is not None])
        fields = [(253, "uint32", end), (2, "uint32", start), (5, "enum", SPORTS[act.sport]),
                  (6, "enum", SUB_SPORTS[act.sub_sport]), (7, "uint32", int(elapsed * 1000)),
                  (8, "uint32", int((elapsed - paused) * 1000)),
                  (9, "uint32", int(act.samples[-1].distance_m * 100)),
                  (22, "uint16", int(round(ascent)))]
        if hrs:
            fields.append((16, "uint8", round(sum(hrs) / len(hrs))))
        w.message(18, fields, local=3)
    return w.bytes()


def _ascent(altitudes: Sequence[float]) -> float:
    return sum(max(0.0, b - a) for a, b in zip(altitudes, altitudes[1:], strict=False))


# -- GPX and TCX ---------------------------------------------------------------------------

def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx_bytes(act: Activity, *, gpx_type: str | None = "running", with_hr: bool = True) -> bytes:
    """A GPX 1.1 track as Strava and Garmin Connect export it (HR in the Garmin extension)."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="StrideTest" '
            'xmlns="http://www.topografix.com/GPX/1/1" '
            'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
            f'<metadata><time>{_iso(act.start)}</time></metadata>\n<trk><name>Run</name>')
    parts = [head]
    if gpx_type:
        parts.append(f"<type>{gpx_type}</type>")
    parts.append("<trkseg>\n")
    for s in act.samples:
        ext = ""
        if with_hr and s.heart_rate is not None:
            ext = (f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{s.heart_rate}</gpxtpx:hr>"
                   "</gpxtpx:TrackPointExtension></extensions>")
        parts.append(f'<trkpt lat="{s.lat:.7f}" lon="{s.lon:.7f}"><ele>{s.altitude_m:.1f}</ele>'
                     f"<time>{_iso(act.start + timedelta(seconds=s.t))}</time>{ext}</trkpt>\n")
    parts.append("</trkseg></trk></gpx>\n")
    return "".join(parts).encode("utf-8")


def tcx_bytes(act: Activity, *, sport: str = "Running", with_totals: bool = True) -> bytes:
    """A TCX activity with one lap (totals in the lap, as Garmin writes them)."""
    paused = sum(b - a for a, b in act.pauses)
    total_s = act.samples[-1].t - paused
    hrs = [s.heart_rate for s in act.samples if s.heart_rate is not None]
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
             'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
             f'<Activities><Activity Sport="{sport}"><Id>{_iso(act.start)}</Id>'
             f'<Lap StartTime="{_iso(act.start)}">']
    if with_totals:
        parts.append(f"<TotalTimeSeconds>{total_s:.1f}</TotalTimeSeconds>"
                     f"<DistanceMeters>{act.samples[-1].distance_m:.1f}</DistanceMeters>")
        if hrs:
            parts.append(f"<AverageHeartRateBpm><Value>{round(sum(hrs) / len(hrs))}</Value>"
                         "</AverageHeartRateBpm>")
    parts.append("<Track>")
    for s in act.samples:
        hr = "" if s.heart_rate is None else f"<HeartRateBpm><Value>{s.heart_rate}</Value></HeartRateBpm>"
        pos = ("" if s.lat is None else
               f"<Position><LatitudeDegrees>{s.lat:.7f}</LatitudeDegrees>"
               f"<LongitudeDegrees>{s.lon:.7f}</LongitudeDegrees></Position>")
        parts.append(f"<Trackpoint><Time>{_iso(act.start + timedelta(seconds=s.t))}</Time>{pos}"
                     f"<AltitudeMeters>{s.altitude_m:.1f}</AltitudeMeters>"
                     f"<DistanceMeters>{s.distance_m:.1f}</DistanceMeters>{hr}</Trackpoint>")
    parts.append("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
    return "".join(parts).encode("utf-8")
