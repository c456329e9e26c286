"""FIT activity files (Garmin, Coros, Polar, Suunto, Wahoo) to ``Activity`` values, via fitdecode.

The whole file's checksum is verified first. A watch writes a session summary at the end of an
activity (start, sport, distance, timer time, climb, heart rate): when it is there, only the
summary messages are handed to fitdecode, so a 1-second recording of a long run is not decoded
point by point. Without a summary the records are read (timer events for moving time).
"""

from __future__ import annotations

import io
import logging
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

from clinic_app.domain.load.run_import import (
    Activity,
    BadFile,
    elevation_gain_m,
    moving_seconds,
    timer_seconds,
    track_distances_m,
)

logger = logging.getLogger(__name__)

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_SUMMARY = frozenset({0, 12, 18, 21, 206, 207})  # file_id, sport, session, event, dev-data ids
_SEMICIRCLE = 180 / 2**31


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_TABLE = _crc_table()


def fit_crc(data: bytes | memoryview) -> int:
    """CRC-16 as the FIT protocol defines it (over a whole file with its CRC: 0)."""
    crc, table = 0, _TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def looks_like_fit(data: bytes) -> bool:
    """True when the bytes start with a FIT header."""
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT"


def _checked(data: bytes) -> tuple[int, int]:
    """Header size and end of the data; raises BadFile for a damaged or cut-short file."""
    if not looks_like_fit(data):
        raise BadFile("not a FIT file (the FIT header is missing)")
    header = data[0]
    size = struct.unpack_from("<I", data, 4)[0]
    end = header + size
    if end + 2 > len(data):
        raise BadFile("the file is cut short (truncated): copy it from the watch again")
    if header == 14:
        stated = struct.unpack_from("<H", data, 12)[0]
        if stated and fit_crc(memoryview(data)[:12]) != stated:
            raise BadFile("the FIT header is damaged (wrong CRC)")
    if fit_crc(memoryview(data)[:end + 2]) != 0:
        raise BadFile("the file is damaged: its checksum does not match (wrong CRC)")
    return header, end


def _summary_stream(data: bytes, header: int, end: int) -> tuple[bytes, bool]:
    """A FIT stream holding the definitions and summary messages only; and whether a session is in it."""
    out = bytearray()
    defs: dict[int, tuple[int, int]] = {}
    pos, session = header, False
    try:
        while pos < end:
            h = data[pos]
            if h & 0x80:  # compressed timestamp header: a data message of local type 0-3
                local = (h >> 5) & 0x03
                glob, size = defs[local]
                if glob in _SUMMARY:
                    out += data[pos:pos + 1 + size]
                pos += 1 + size
            elif h & 0x40:  # definition message
                local = h & 0x0F
                big = data[pos + 2] == 1
                glob = struct.unpack_from(">H" if big else "<H", data, pos + 3)[0]
                count = data[pos + 5]
                fields = data[pos + 6:pos + 6 + 3 * count]
                size = sum(fields[i + 1] for i in range(0, len(fields), 3))
                length = 6 + 3 * count
                if h & 0x20:  # developer fields follow
                    dev_count = data[pos + length]
                    dev = data[pos + length + 1:pos + length + 1 + 3 * dev_count]
                    size += sum(dev[i + 1] for i in range(0, len(dev), 3))
                    length += 1 + 3 * dev_count
                defs[local] = (glob, size)
                out += data[pos:pos + length]
                pos += length
            else:
                glob, size = defs[h & 0x0F]
                if glob in _SUMMARY:
                    out += data[pos:pos + 1 + size]
                    session = session or glob == 18
                pos += 1 + size
    except (KeyError, IndexError, struct.error) as exc:
        raise BadFile("the file is damaged: a message refers to a definition it does not have") from exc
    if pos != end:
        raise BadFile("the file is damaged: its last message runs past the end of the data")
    head = struct.pack("<BBHI4sH", 14, data[1], struct.unpack_from("<H", data, 2)[0], len(out), b".FIT", 0)
    return head + bytes(out) + b"\0\0", session


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, int) and 0x10000000 <= value < 0xFFFFFFFF:  # below: seconds since power-on
        return FIT_EPOCH + timedelta(seconds=value)
    return None


def _messages(stream: bytes) -> list[tuple[str, dict[str, Any]]]:
    import fitdecode

    found: list[tuple[str, dict[str, Any]]] = []
    try:
        with fitdecode.FitReader(io.BytesIO(stream), processor=None,
                                 check_crc=fitdecode.CrcCheck.DISABLED,
                                 error_handling=fitdecode.ErrorHandling.RAISE) as reader:
            for frame in reader:
                if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                    found.append((frame.name, {f.name: f.value for f in frame.fields}))
    except fitdecode.FitError as exc:
        raise BadFile(f"the FIT data cannot be read ({exc.__class__.__name__})") from exc
    except (ValueError, KeyError, IndexError, TypeError, struct.error) as exc:
        raise BadFile("the FIT data cannot be read (damaged messages)") from exc
    return found


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def parse_fit(data: bytes) -> list[Activity]:
    """Every activity (session) in a FIT file; raises BadFile with the reason when there is none.

    Chained FIT files (several FIT files one after the other) are read whole; any damaged part
    rejects the whole file, so nothing of a damaged file is imported.
    """
    found: list[Activity] = []
    other = ""
    offset = 0
    while offset < len(data):
        header, end = _checked(data[offset:] if offset else data)
        segment = data[offset:offset + end + 2] if offset else data[:end + 2]
        activities, kind = _parse_segment(segment, header, end)
        found += activities
        other = other or kind
        offset += end + 2
        rest = data[offset:]
        if rest and not looks_like_fit(rest):
            if rest.strip(b"\0"):
                raise BadFile("the file is damaged: unreadable data follows the activity")
            break
    if not found:
        raise BadFile(f"a FIT {other} file, not a recorded activity" if other
                      else "the FIT file has no activity with a start time")
    return found


def _parse_segment(data: bytes, header: int, end: int) -> tuple[list[Activity], str]:
    """The activities of one FIT file, or the kind of file it is instead."""
    stream, has_session = _summary_stream(data, header, end)
    messages = _messages(stream if has_session else data)
    file_ids = [m for name, m in messages if name == "file_id"]
    kind = _text(file_ids[0].get("type")) if file_ids else ""
    if kind and kind not in ("activity", "4"):
        return [], kind.replace("_", " ")
    sport = next((m for name, m in messages if name == "sport"), {})
    sessions = [m for name, m in messages if name == "session"]
    if sessions:
        return [a for s in sessions for a in (_from_session(s, sport),) if a is not None], ""
    if not any(name == "record" for name, _ in messages):
        return [], ""
    return [_from_records(messages, sport, file_ids[0] if file_ids else {})], ""


def _from_session(s: dict[str, Any], sport: dict[str, Any]) -> Activity | None:
    start = _when(s.get("start_time")) or _when(s.get("timestamp"))
    if start is None:
        return None
    distance = _number(s.get("total_distance")) or 0.0
    timer = _number(s.get("total_timer_time"))
    elapsed = _number(s.get("total_elapsed_time"))
    hr = _number(s.get("avg_heart_rate"))
    return Activity("fit", start, _text(s.get("sport") or sport.get("sport")), distance / 1000,
                    timer, elapsed, _number(s.get("total_ascent")), int(hr) if hr else None,
                    _text(s.get("sub_sport") or sport.get("sub_sport")),
                    "timer" if timer is not None else "")


def _from_records(messages: list[tuple[str, dict[str, Any]]], sport: dict[str, Any],
                  file_id: dict[str, Any]) -> Activity:
    records = [m for name, m in messages if name == "record"]
    stamped = [(t, m) for m in records for t in (_when(m.get("timestamp")),) if t is not None]
    start = stamped[0][0] if stamped else _when(file_id.get("time_created"))
    if start is None:
        raise BadFile("the FIT file has no activity with a start time")
    if not stamped:
        raise BadFile("the FIT file has no recorded points and no summary")
    times = [(t - start).total_seconds() for t, _ in stamped]
    distances = [_number(m.get("distance")) for _, m in stamped]
    if any(d is not None for d in distances):
        cumulative = [d or 0.0 for d in distances]
        for i in range(1, len(cumulative)):
            cumulative[i] = max(cumulative[i], cumulative[i - 1])
    else:
        points = [(_number(m.get("position_lat")), _number(m.get("position_long"))) for _, m in stamped]
        fixes = [(a * _SEMICIRCLE, b * _SEMICIRCLE) for a, b in points if a is not None and b is not None]
        cumulative = track_distances_m(fixes) if len(fixes) == len(stamped) else [0.0] * len(stamped)
    events = []
    for name, m in messages:
        if name == "event" and _text(m.get("event")) in ("timer", "0"):
            when = _when(m.get("timestamp"))
            kind = _text(m.get("event_type"))
            if when is not None and kind in ("start", "stop", "stop_all", "stop_disable_all", "0", "1", "4"):
                events.append(((when - start).total_seconds(), kind in ("start", "0")))
    timer = timer_seconds(events, times[-1])
    moving = timer if timer is not None else moving_seconds(times, cumulative)
    altitudes = [v for _, m in stamped
                 for v in (_number(m.get("enhanced_altitude")) or _number(m.get("altitude")),)
                 if v is not None]
    hrs = [v for _, m in stamped for v in (_number(m.get("heart_rate")),) if v]
    return Activity("fit", start, _text(sport.get("sport")), cumulative[-1] / 1000, moving, times[-1],
                    elevation_gain_m(altitudes), round(sum(hrs) / len(hrs)) if hrs else None,
                    _text(sport.get("sub_sport")), "timer" if timer is not None else "speed")
