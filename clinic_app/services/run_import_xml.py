"""GPX (via gpxpy) and TCX activity files to ``Activity`` values; XML guarded by defusedxml.

defusedxml refuses document type declarations, entities and external references, so a file
built to exhaust memory ("billion laughs") or to read other files (XXE) is rejected before any
of it is used. gpxpy then reads the GPX elements from the already-parsed tree.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import Element

from clinic_app.domain.load.run_import import (
    Activity,
    BadFile,
    elevation_gain_m,
    haversine_m,
    moving_seconds,
)

logger = logging.getLogger(__name__)

_DEFAULT_NS = re.compile(rb"""\sxmlns=(['"])[^'"]+\1""")


class _RootReached(Exception):
    """Raised from the expat handler at the first element (the end of the prolog)."""


def _prolog_end(data: bytes) -> int:
    """Byte offset of the root element's start tag: document types and entities can only come before it."""
    import xml.parsers.expat as expat

    parser = expat.ParserCreate()

    def start(_name: str, _attributes: dict[str, str]) -> None:
        raise _RootReached(parser.CurrentByteIndex)

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _RootReached as reached:
        return int(reached.args[0])
    except (expat.ExpatError, ValueError, UnicodeError, LookupError) as exc:
        raise BadFile("the XML is broken or cut short (truncated)") from exc
    raise BadFile("the XML has no elements")


def parse_xml(data: bytes, *, strip_default_namespace: bool = False) -> Element:
    """The root element of untrusted XML; raises BadFile for unsafe or broken XML.

    defusedxml reads the prolog (everything before the first element, the only place a document
    type, entity or external reference can be declared) and refuses any of them; the elements are
    then read by the standard library's C parser, which is several times faster for a point a
    second. Without declarations no entity can be expanded and nothing outside the file is read.
    """
    from xml.etree.ElementTree import ParseError, fromstring

    import defusedxml
    from defusedxml.ElementTree import DefusedXMLParser

    if strip_default_namespace:
        data = _DEFAULT_NS.sub(b"", data, count=1)
    try:
        guard = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        guard.feed(data[:_prolog_end(data)])
        return fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        raise BadFile("refused: the file declares XML entities or a document type, which watch "
                      "files never do (a possible XML attack)") from exc
    except (ParseError, ValueError, UnicodeError, LookupError) as exc:
        raise BadFile("the XML is broken or cut short (truncated)") from exc


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# -- GPX -----------------------------------------------------------------------------------

_POINT_FIELDS = frozenset({"latitude", "longitude", "elevation", "time", "extensions"})


@functools.cache
def _gpx_model() -> type[Any]:
    """gpxpy's GPX model reading only what an activity needs from each track point.

    gpxpy reads some twenty optional fields per point (names, links, dilution of precision…);
    a watch writes a point a second, so points read position, elevation, time and extensions
    (heart rate) only: the same gpxpy parsing, a quarter of the work. Everything else is gpxpy's.
    """
    from gpxpy import gpx as g
    from gpxpy import gpxfield as f

    class Times(f.TimeConverter):  # type: ignore[misc]
        """gpxpy's time reading, with the common ISO form read by the standard library first."""

        def from_string(self, string: str) -> datetime | None:
            try:
                return datetime.fromisoformat(string.strip())
            except (ValueError, AttributeError):
                return super().from_string(string)  # type: ignore[no-any-return]

    times = Times()

    def lean(fields: list[Any]) -> list[Any]:
        kept = [x for x in fields if not isinstance(x, str) and x.name in _POINT_FIELDS]
        return [f.GPXField("time", type=times) if x.name == "time" else x for x in kept]

    def swap(fields: list[Any], name: str, classs: type[Any]) -> list[Any]:
        return [f.GPXComplexField(x.name, classs=classs, tag=x.tag, is_list=True)
                if isinstance(x, f.GPXComplexField) and x.name == name else x for x in fields]

    point = type("ActivityPoint", (g.GPXTrackPoint,), {
        "gpx_10_fields": lean(g.GPXTrackPoint.gpx_10_fields),
        "gpx_11_fields": lean(g.GPXTrackPoint.gpx_11_fields)})
    segment = type("ActivitySegment", (g.GPXTrackSegment,), {
        "gpx_10_fields": swap(g.GPXTrackSegment.gpx_10_fields, "points", point),
        "gpx_11_fields": swap(g.GPXTrackSegment.gpx_11_fields, "points", point)})
    track = type("ActivityTrack", (g.GPXTrack,), {
        "gpx_10_fields": swap(g.GPXTrack.gpx_10_fields, "segments", segment),
        "gpx_11_fields": swap(g.GPXTrack.gpx_11_fields, "segments", segment)})
    return type("ActivityGPX", (g.GPX,), {
        "gpx_10_fields": swap(g.GPX.gpx_10_fields, "tracks", track),
        "gpx_11_fields": swap(g.GPX.gpx_11_fields, "tracks", track)})


def parse_gpx(data: bytes) -> list[Activity]:
    """The recorded track of a GPX file as one activity."""
    from gpxpy import gpx as gpx_model
    from gpxpy import gpxfield

    root = parse_xml(data, strip_default_namespace=True)
    if _local(root.tag) != "gpx":
        raise BadFile("not a GPX file (its first element is not <gpx>)")
    track = _gpx_model()()
    try:
        gpxfield.gpx_fields_from_xml(track, root, root.get("version") or "1.0")  # type: ignore[arg-type]
    except (gpx_model.GPXException, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise BadFile(f"the GPX data cannot be read ({exc})") from exc
    segments = [seg.points for trk in track.tracks for seg in trk.segments if seg.points]
    if not segments:
        if track.routes:
            raise BadFile("holds a planned route, not a recorded activity")
        raise BadFile("the GPX file has no recorded track points")
    sport = next((t.type for t in track.tracks if t.type), "") or ""
    return [_gpx_activity(segments, sport, _utc(track.time))]


def _hr(point: Any) -> float | None:
    for ext in point.extensions or ():
        for element in ext.iter():
            if _local(element.tag) in ("hr", "heartrate", "HeartRateBpm"):
                value = _finite((element.text or "").strip())
                if value and 20 <= value <= 250:
                    return value
    return None


def _gpx_activity(segments: list[list[Any]], sport: str, header_time: datetime | None) -> Activity:
    times: list[float] = []
    distances: list[float] = []
    altitudes: list[float] = []
    hrs: list[float] = []
    start: datetime | None = None
    total, moving, elapsed_end = 0.0, 0.0, 0.0
    for points in segments:
        seg_times: list[float] = []
        seg_dist: list[float] = []
        previous: Any = None
        for p in points:
            if not (-90 <= p.latitude <= 90 and -180 <= p.longitude <= 180):
                raise BadFile("a track point has an impossible position: the file is damaged")
            when = _utc(p.time)
            if when is not None and start is None:
                start = when
            if previous is not None:
                total += haversine_m(previous.latitude, previous.longitude, p.latitude, p.longitude)
            previous = p
            if when is not None and start is not None:
                seg_times.append((when - start).total_seconds())
                seg_dist.append(total)
            if p.elevation is not None:
                altitudes.append(p.elevation)
            hr = _hr(p)
            if hr:
                hrs.append(hr)
        moving += moving_seconds(seg_times, seg_dist)
        times += seg_times
        distances += seg_dist
        if seg_times:
            elapsed_end = max(elapsed_end, seg_times[-1])
    start = start or header_time
    if start is None:
        raise BadFile("the GPX track has no times: a planned route, not a recorded run")
    has_times = len(times) >= 2
    moving = min(moving, elapsed_end)
    return Activity("gpx", start, sport.strip(), total / 1000, moving if has_times else None,
                    elapsed_end if has_times else None, elevation_gain_m(altitudes),
                    round(sum(hrs) / len(hrs)) if hrs else None, "", "speed" if has_times else "")


# -- TCX -----------------------------------------------------------------------------------

def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: Element | None, *path: str) -> str:
    for name in path:
        if element is None:
            return ""
        element = _child(element, name)
    return (element.text or "").strip() if element is not None else ""


def _time(text: str) -> datetime | None:
    try:
        return _utc(datetime.fromisoformat(text.replace("Z", "+00:00"))) if text else None
    except ValueError:
        return None


def parse_tcx(data: bytes) -> list[Activity]:
    """Every activity of a TCX file (Garmin Training Center, Polar, Suunto and Strava exports)."""
    root = parse_xml(data)
    if _local(root.tag) != "TrainingCenterDatabase":
        raise BadFile("not a TCX file (its first element is not <TrainingCenterDatabase>)")
    activities = [a for block in root if _local(block.tag) == "Activities"
                  for a in block if _local(a.tag) == "Activity"]
    if not activities:
        if any(_local(block.tag) == "Courses" for block in root):
            raise BadFile("holds a planned course, not a recorded activity")
        raise BadFile("the TCX file has no activity")
    return [_tcx_activity(a) for a in activities]


def _tcx_activity(activity: Element) -> Activity:
    ns = activity.tag[:activity.tag.index("}") + 1] if "}" in activity.tag else ""
    laps = [lap for lap in activity if _local(lap.tag) == "Lap"]
    start = _time(_text(activity, "Id")) or next(
        (t for lap in laps for t in (_time(lap.get("StartTime", "")),) if t), None)
    times: list[float] = []
    distances: list[float] = []
    altitudes: list[float] = []
    hrs: list[float] = []
    lap_time = lap_distance = 0.0
    lap_hr: list[tuple[float, float]] = []
    for lap in laps:
        seconds = _finite(_text(lap, "TotalTimeSeconds")) or 0.0
        lap_time += seconds
        lap_distance += _finite(_text(lap, "DistanceMeters")) or 0.0
        hr = _finite(_text(lap, "AverageHeartRateBpm", "Value"))
        if hr:
            lap_hr.append((hr, seconds))
        for track in (t for t in lap if _local(t.tag) == "Track"):
            for point in track:
                when = _time(point.findtext(ns + "Time", "").strip())
                if when is None:
                    continue
                start = start or when
                times.append((when - start).total_seconds())
                dist = _finite(point.findtext(ns + "DistanceMeters"))
                distances.append(dist if dist is not None else (distances[-1] if distances else 0.0))
                altitude = _finite(point.findtext(ns + "AltitudeMeters"))
                if altitude is not None:
                    altitudes.append(altitude)
                beat = _finite(point.findtext(f"{ns}HeartRateBpm/{ns}Value"))
                if beat:
                    hrs.append(beat)
    if start is None:
        raise BadFile("the TCX activity has no start time")
    distance = lap_distance or (max(distances) if distances else 0.0)
    moving = lap_time or (moving_seconds(times, distances) if len(times) >= 2 else None)
    weight = sum(s for _, s in lap_hr)
    avg = (sum(h * s for h, s in lap_hr) / weight if weight else
           (sum(hrs) / len(hrs) if hrs else None))
    return Activity("tcx", start, activity.get("Sport", "").strip(), distance / 1000, moving,
                    times[-1] if times else None, elevation_gain_m(altitudes),
                    round(avg) if avg else None, "", "timer" if lap_time else ("speed" if moving else ""))
