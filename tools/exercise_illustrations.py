"""Draw the exercise illustrations: one SVG line drawing per exercise in ``library.json``.

Every figure is built from joint positions with the same segment lengths, stroke and colours, so
the drawings stay consistent. The generated SVGs are committed; run this again after changing a
pose: ``.venv/bin/python tools/exercise_illustrations.py``. Standard library only.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "resources" / "exercises"
OUT_DIR = HERE / "illustrations"

INK = "#1f3a4d"
FAR = "#8aa3b3"  # limbs on the far side of the body
PROP = "#9db2c0"
PROP_FILL = "#e7eef3"
ACCENT = "#e07b39"  # movement arrows
BAND = "#3f9e74"
WIDTH = 6

HEAD_R = 13
NECK = 21
TORSO = 64
UPPER_ARM = 34
FOREARM = 32
THIGH = 52
SHIN = 48
FOOT = 15

FLOOR = 234
MAT_TOP = FLOOR - 8
ON_MAT = MAT_TOP - 4  # centre line of a body part resting on the mat
ANKLE_UP = FLOOR - 5  # ankle (and sole) of a foot standing flat on the floor

Point = tuple[float, float]
WARNINGS: list[str] = []


def at(origin: Point, angle: float, length: float) -> Point:
    """The point ``length`` away from ``origin`` at ``angle`` degrees (0 = right, 90 = up)."""
    rad = math.radians(angle)
    return origin[0] + length * math.cos(rad), origin[1] - length * math.sin(rad)


def angle_to(a: Point, b: Point) -> float:
    """Direction from ``a`` to ``b`` in degrees (0 = right, 90 = up)."""
    return math.degrees(math.atan2(-(b[1] - a[1]), b[0] - a[0]))


def dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def ik(root: Point, end: Point, first: float, second: float, bend: int) -> Point:
    """The middle joint of a two-segment limb from ``root`` to ``end``; ``bend`` +1/-1 picks the side."""
    d = dist(root, end)
    if d > first + second + 0.5:
        WARNINGS.append(f"a limb falls short of its target by {d - first - second:.1f}")
    d = max(min(d, first + second - 1e-6), abs(first - second) + 1e-6)
    alpha = math.degrees(math.acos((first * first + d * d - second * second) / (2 * first * d)))
    return at(root, angle_to(root, end) + bend * alpha, first)


def leg(hip: Point, thigh: float, shin: float, foot: float, shin_len: float = SHIN) -> list[Point]:
    knee = at(hip, thigh, THIGH)
    ankle = at(knee, shin, shin_len)
    return [hip, knee, ankle, at(ankle, foot, FOOT)]


def leg_to(hip: Point, ankle: Point, bend: int, foot: float) -> list[Point]:
    return [hip, ik(hip, ankle, THIGH, SHIN, bend), ankle, at(ankle, foot, FOOT)]


def arm(shoulder: Point, upper: float, fore: float) -> list[Point]:
    elbow = at(shoulder, upper, UPPER_ARM)
    return [shoulder, elbow, at(elbow, fore, FOREARM)]


def arm_to(shoulder: Point, hand: Point, bend: int) -> list[Point]:
    return [shoulder, ik(shoulder, hand, UPPER_ARM, FOREARM, bend), hand]


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _pts(points: list[Point]) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


class Scene:
    """Collects one drawing in layers (props, far limbs, body, near limbs, marks) and centres it."""

    def __init__(self) -> None:
        self.layers: dict[str, list[str]] = {name: [] for name in ("props", "far", "body", "near", "marks")}
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.has_floor = False

    def _add(self, layer: str, element: str, points: list[Point], pad: float = WIDTH / 2) -> None:
        self.layers[layer].append(element)
        for x, y in points:
            self.xs += [x - pad, x + pad]
            self.ys += [y - pad, y + pad]

    # --- the figure
    def limb(self, points: list[Point], far: bool = False) -> None:
        """An arm or leg through its joints; far-side limbs are drawn paler and behind the body."""
        colour = FAR if far else INK
        self._add("far" if far else "near", f'<polyline points="{_pts(points)}" stroke="{colour}"/>', points)

    def torso(self, hip: Point, shoulder: Point, bend: float = 0.0) -> None:
        """The trunk; ``bend`` bows it sideways of the hip-to-shoulder line (positive: to the left of it)."""
        if not bend:
            self._add("body", f'<polyline points="{_pts([hip, shoulder])}"/>', [hip, shoulder])
            return
        dx, dy = shoulder[0] - hip[0], shoulder[1] - hip[1]
        length = math.hypot(dx, dy)
        mid = ((hip[0] + shoulder[0]) / 2, (hip[1] + shoulder[1]) / 2)
        ctrl = (mid[0] + dy / length * bend * 2, mid[1] - dx / length * bend * 2)
        self._add("body", f'<path d="{_quad(hip, ctrl, shoulder)}"/>',
                  [hip, shoulder, _quad_mid(hip, ctrl, shoulder)])

    def head(self, centre: Point) -> None:
        cx, cy = centre
        self._add("body", f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{HEAD_R}" fill="#ffffff"/>',
                  [(cx - HEAD_R, cy - HEAD_R), (cx + HEAD_R, cy + HEAD_R)])

    def line(self, points: list[Point], colour: str = INK, width: float = WIDTH, layer: str = "body") -> None:
        self._add(layer, f'<polyline points="{_pts(points)}" stroke="{colour}" stroke-width="{_f(width)}"/>',
                  points)

    def ghost(self, start: Point, ctrl: Point, end: Point) -> None:
        """A dotted pale curve: another position of the same body part."""
        self._add("far", f'<path d="{_quad(start, ctrl, end)}" stroke="{FAR}" stroke-width="5" '
                  'stroke-dasharray="6 9"/>', [start, end, _quad_mid(start, ctrl, end)])

    # --- props
    def floor(self) -> None:
        """The floor line; drawn across the whole picture once the drawing is centred."""
        self.has_floor = True
        self.ys += [FLOOR - 2, FLOOR + 2]

    def mat(self, x0: float, x1: float) -> None:
        self._add("props", f'<rect x="{_f(x0)}" y="{MAT_TOP}" width="{_f(x1 - x0)}" '
                  f'height="{FLOOR - MAT_TOP}" rx="3" fill="{PROP_FILL}" stroke="{PROP}" stroke-width="3"/>',
                  [(x0, MAT_TOP), (x1, FLOOR)])

    def box(self, x0: float, y0: float, x1: float, y1: float, rx: float = 4) -> None:
        self._add("props", f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(x1 - x0)}" height="{_f(y1 - y0)}" '
                  f'rx="{_f(rx)}" fill="{PROP_FILL}" stroke="{PROP}" stroke-width="4"/>',
                  [(x0, y0), (x1, y1)])

    def chair(self, x0: float, x1: float, seat: float, back_x: float, back_top: float) -> None:
        """A side-view chair: seat from ``x0`` to ``x1`` at height ``seat``, backrest at ``back_x``."""
        self.box(x0, seat, x1, seat + 8, rx=3)
        self.line([(back_x, seat), (back_x, back_top)], PROP, 6, "props")
        for x in (x0 + 6, x1 - 6):
            self.line([(x, seat + 8), (x, FLOOR)], PROP, 5, "props")

    def wall(self, x: float, top: float = 26) -> None:
        self.box(x, top, x + 14, FLOOR, rx=2)

    def band(self, points: list[Point]) -> None:
        self.line(points, BAND, 5, "marks")

    # --- movement arrows
    def arrow(self, start: Point, end: Point, ctrl: Point | None = None, both: bool = False) -> None:
        """A movement arrow, straight or (with ``ctrl``) a quadratic curve; ``both`` adds a second head."""
        tail_dir = angle_to(ctrl or end, start)
        head_dir = angle_to(ctrl or start, end)
        a = at(start, tail_dir + 180, 7) if both else start
        b = at(end, head_dir + 180, 7)
        if ctrl is None:
            self._add("marks", f'<polyline points="{_pts([a, b])}" stroke="{ACCENT}" stroke-width="4"/>',
                      [start, end], pad=8)
        else:
            self._add("marks", f'<path d="{_quad(a, ctrl, b)}" stroke="{ACCENT}" stroke-width="4"/>',
                      [start, end, _quad_mid(a, ctrl, b)], pad=8)
        self._head(end, head_dir)
        if both:
            self._head(start, tail_dir)

    def ring_arrow(self, centre: Point, along: float, across: float, tilt: float,
                   start: float, end: float) -> None:
        """An arrow on an ellipse around ``centre`` (e.g. rolling around the body's long axis)."""
        points = []
        steps = 40
        cos_t, sin_t = math.cos(math.radians(tilt)), math.sin(math.radians(tilt))
        for i in range(steps + 1):
            t = math.radians(start + (end - start) * i / steps)
            u, v = along * math.cos(t), across * math.sin(t)
            points.append((centre[0] + u * cos_t - v * sin_t, centre[1] - (u * sin_t + v * cos_t)))
        direction = angle_to(points[-3], points[-1])
        tip = points[-1]
        points[-1] = at(tip, direction + 180, 7)
        self._add("marks", f'<polyline points="{_pts(points)}" stroke="{ACCENT}" stroke-width="4"/>',
                  points, 8)
        self._head(tip, direction)

    def _head(self, tip: Point, direction: float) -> None:
        back = at(tip, direction + 180, 13)
        left, right = at(back, direction + 90, 7.5), at(back, direction - 90, 7.5)
        self._add("marks", f'<polygon points="{_pts([tip, left, right])}" fill="{ACCENT}" stroke="{ACCENT}" '
                  'stroke-width="2"/>', [tip, left, right], pad=1)

    def clock(self, centre: Point, minutes: int) -> None:
        """A small clock face with the ``minutes`` of activity shaded from twelve o'clock."""
        cx, cy = centre
        r = 20
        end = at(centre, 90 - minutes * 6, r)
        large = 1 if minutes > 30 else 0
        self._add("props", f'<path d="M{_f(cx)},{_f(cy)} L{_f(cx)},{_f(cy - r)} A{r},{r} 0 {large},1 '
                  f'{_f(end[0])},{_f(end[1])} Z" fill="{ACCENT}" fill-opacity="0.35" stroke="none"/>', [])
        self._add("props", f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{r}" stroke="{PROP}" stroke-width="4"/>',
                  [(cx - r, cy - r), (cx + r, cy + r)])
        self.line([(cx, cy - 13), centre, at(centre, 90 - minutes * 6, 13)], PROP, 3, "props")

    def svg(self) -> str:
        """The finished SVG document, with the drawing centred in the 400 x 260 picture."""
        dx = round((400 - min(self.xs) - max(self.xs)) / 2)
        dy = round((260 - min(self.ys) - max(self.ys)) / 2)
        width, height = max(self.xs) - min(self.xs), max(self.ys) - min(self.ys)
        if width > 384 or height > 244:
            WARNINGS.append(f"the drawing is {width:.0f} x {height:.0f}, larger than the picture's safe area")
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="400" height="260" '
            'viewBox="0 0 400 260">',
            f'<g fill="none" stroke="{INK}" stroke-width="{WIDTH}" stroke-linecap="round" '
            f'stroke-linejoin="round" transform="translate({dx},{dy})">',
        ]
        if self.has_floor:
            lines.append(f'<line x1="{24 - dx}" y1="{FLOOR}" x2="{376 - dx}" y2="{FLOOR}" stroke="{PROP}" '
                         'stroke-width="4"/>')
        for name, items in self.layers.items():
            if items:
                lines.append(f'<g id="{name}">')
                lines.extend(f"  {item}" for item in items)
                lines.append("</g>")
        lines += ["</g>", "</svg>", ""]
        return "\n".join(lines)


def _quad(start: Point, ctrl: Point, end: Point) -> str:
    return (f"M{_f(start[0])},{_f(start[1])} Q{_f(ctrl[0])},{_f(ctrl[1])} "
            f"{_f(end[0])},{_f(end[1])}")


def _quad_mid(start: Point, ctrl: Point, end: Point) -> Point:
    return ((start[0] + 2 * ctrl[0] + end[0]) / 4, (start[1] + 2 * ctrl[1] + end[1]) / 4)


Drawing = Callable[[Scene], None]
DRAWINGS: dict[str, Drawing] = {}


def drawing(name: str) -> Callable[[Drawing], Drawing]:
    def register(func: Drawing) -> Drawing:
        DRAWINGS[name] = func
        return func

    return register


# ----------------------------------------------------------------------------- lying on the back


def _supine(s: Scene, hip: Point, shoulder_lift: float = 0.0, head_lift: float = 140.0) -> Point:
    """Trunk lying on the back with the head to the left; returns the shoulder."""
    shoulder = at(hip, 180 - shoulder_lift, TORSO)
    s.torso(hip, shoulder)
    s.head(at(shoulder, head_lift, NECK))
    return shoulder


def _curl_up(s: Scene, shoulder_lift: float, head_lift: float, elbows_up: bool) -> Point:
    """McGill curl-up: one knee bent, one leg straight, hands under the low back; returns the elbow."""
    s.floor()
    s.mat(60, 340)
    hip = (200.0, ON_MAT)
    shoulder = _supine(s, hip, shoulder_lift, head_lift)
    s.limb(leg(hip, 0, 0, 84), far=True)
    s.limb(leg_to(hip, (286, ON_MAT - 3), 1, -4))
    if elbows_up:
        points = arm_to(shoulder, (hip[0] - 12, ON_MAT), 1)
    else:
        drop = ON_MAT - shoulder[1]
        elbow = (shoulder[0] + math.sqrt(UPPER_ARM**2 - drop**2), ON_MAT)
        points = [shoulder, elbow, (elbow[0] + FOREARM, ON_MAT)]
    s.limb(points)
    return points[1]


@drawing("mcgill-curl-up")
def _mcgill_curl_up(s: Scene) -> None:
    _curl_up(s, 16, 164, elbows_up=False)
    s.arrow((128, 168), (128, 140))


@drawing("mcgill-curl-up-head-only")
def _mcgill_head_only(s: Scene) -> None:
    _curl_up(s, 0, 126, elbows_up=False)
    s.arrow((124, 178), (124, 150))


@drawing("mcgill-curl-up-elbows-lifted")
def _mcgill_elbows(s: Scene) -> None:
    elbow = _curl_up(s, 16, 164, elbows_up=True)
    s.arrow((elbow[0], elbow[1] - 14), (elbow[0], elbow[1] - 42))


def _dead_bug_base(s: Scene) -> tuple[Point, Point]:
    s.floor()
    s.mat(50, 350)
    hip = (205.0, ON_MAT)
    return hip, _supine(s, hip)


@drawing("dead-bug")
def _dead_bug(s: Scene) -> None:
    hip, shoulder = _dead_bug_base(s)
    s.limb(arm(shoulder, 166, 170), far=True)
    s.limb(arm(shoulder, 90, 90))
    s.limb(leg(hip, 90, 0, 75), far=True)
    s.limb(leg(hip, 12, 12, 85))
    s.arrow((270, 150), (322, 178), ctrl=(312, 146))


@drawing("dead-bug-heel-taps")
def _dead_bug_heel_taps(s: Scene) -> None:
    hip, shoulder = _dead_bug_base(s)
    s.limb(arm(shoulder, 95, 95), far=True)
    s.limb(arm(shoulder, 90, 90))
    s.limb(leg(hip, 90, 0, 75), far=True)
    s.limb(leg(hip, 44, -46, 35))
    s.arrow((272, 150), (306, 200), ctrl=(306, 156))


@drawing("dead-bug-band")
def _dead_bug_band(s: Scene) -> None:
    hip, shoulder = _dead_bug_base(s)
    s.box(34, 168, 52, FLOOR, rx=3)
    hands = arm(shoulder, 96, 96)
    s.band([(46, 182), hands[2], (48, 198)])
    s.limb(arm(shoulder, 99, 99), far=True)
    s.limb(hands)
    s.limb(leg(hip, 90, 0, 75), far=True)
    s.limb(leg(hip, 12, 12, 85))
    s.arrow((270, 150), (322, 178), ctrl=(312, 146))


def _bridge(s: Scene, lift: float = 24.0) -> tuple[Point, Point]:
    """Shoulders on the mat and hips lifted, head to the left; returns (hip, knee)."""
    s.floor()
    s.mat(60, 330)
    shoulder = (128.0, ON_MAT)
    hip = at(shoulder, lift, TORSO)
    s.torso(hip, shoulder)
    s.head(at(shoulder, 150, NECK))
    s.limb(arm(shoulder, -3, 0))
    return hip, at(hip, lift, THIGH)


def _planted_leg(hip: Point, knee: Point, dx: float = 0.0) -> list[Point]:
    drop = ON_MAT - 3 - knee[1]
    ankle = (knee[0] + math.sqrt(max(SHIN**2 - drop**2, 0)), ON_MAT - 3)
    return [(x + dx, y) for x, y in (hip, knee, ankle, at(ankle, -4, FOOT))]


@drawing("glute-bridge")
def _glute_bridge(s: Scene) -> None:
    hip, knee = _bridge(s)
    s.limb(_planted_leg(hip, knee, 7), far=True)
    s.limb(_planted_leg(hip, knee))
    s.arrow((hip[0], hip[1] - 16), (hip[0], hip[1] - 46))


@drawing("marching-bridge")
def _marching_bridge(s: Scene) -> None:
    hip, knee = _bridge(s)
    s.limb(_planted_leg(hip, knee), far=True)
    lifted = leg(hip, 74, -10, 4)
    s.limb(lifted)
    s.arrow((lifted[2][0] + 22, lifted[2][1] + 16), (lifted[2][0] + 22, lifted[2][1] - 14))


@drawing("single-leg-bridge")
def _single_leg_bridge(s: Scene) -> None:
    hip, knee = _bridge(s)
    s.limb(_planted_leg(hip, knee), far=True)
    s.limb(leg(hip, 24, 24, 110))
    s.arrow((hip[0], hip[1] - 16), (hip[0], hip[1] - 46))


@drawing("piriformis-stretch")
def _piriformis(s: Scene) -> None:
    s.floor()
    s.mat(50, 320)
    hip = (196.0, ON_MAT)
    shoulder = _supine(s, hip)
    s.limb(leg(hip, 106, -4, 80), far=True)
    near_knee = (hip[0] + 30, hip[1] - 42)
    ankle = (hip[0] - 16, hip[1] - 47)
    s.limb(arm_to(shoulder, (hip[0] - 8, hip[1] - 28), 1))
    s.limb([hip, near_knee, ankle, at(ankle, 170, 12)])
    s.arrow((hip[0] + 74, hip[1] - 66), (hip[0] - 4, hip[1] - 86), ctrl=(hip[0] + 40, hip[1] - 104))


# ----------------------------------------------------------------------------- lying on the side


def _side_lying(s: Scene) -> Point:
    """Lying on the left side seen from the front, head on the lower arm; returns the hip."""
    s.floor()
    s.mat(40, 340)
    hip = (196.0, ON_MAT - 10)
    shoulder = (132.0, ON_MAT - 16)
    s.limb([shoulder, (98, ON_MAT), (66, ON_MAT - 2)], far=True)
    s.torso(hip, shoulder)
    s.head((104, ON_MAT - 20))
    s.limb([shoulder, (shoulder[0] + 30, shoulder[1] - 12), (hip[0] - 6, hip[1] - 9)])
    return hip


@drawing("clamshell")
def _clamshell(s: Scene) -> None:
    hip = _side_lying(s)
    feet = (hip[0] + 76, hip[1] - 2)
    s.limb([hip, (hip[0] + 40, ON_MAT + 1), feet, at(feet, 8, FOOT - 2)], far=True)
    knee = ik(hip, feet, THIGH, SHIN, 1)
    s.limb([hip, knee, feet, at(feet, 14, FOOT - 2)])
    s.arrow((knee[0] - 20, knee[1] - 12), (knee[0] + 12, knee[1] - 30), ctrl=(knee[0] - 16, knee[1] - 36))


@drawing("side-lying-hip-abduction")
def _side_lying_abduction(s: Scene) -> None:
    hip = _side_lying(s)
    s.limb(leg(hip, -5, -5, 80), far=True)
    top = leg(hip, 26, 26, 112)
    s.limb(top)
    s.arrow((top[2][0] + 24, top[2][1] + 28), (top[2][0] + 24, top[2][1] - 4))


def _side_plank(s: Scene, from_knees: bool) -> tuple[Point, Point]:
    """Side plank on the left forearm seen from the front, head to the left; returns (shoulder, hip)."""
    s.floor()
    s.mat(40, 340)
    elbow = (104.0, ON_MAT)
    shoulder = (elbow[0], elbow[1] - UPPER_ARM)
    body = TORSO + THIGH + (0 if from_knees else SHIN)
    tilt = math.degrees(math.asin((ON_MAT - shoulder[1]) / body))
    hip = at(shoulder, -tilt, TORSO)
    knee = at(hip, -tilt, THIGH)
    s.limb([shoulder, elbow, (elbow[0] - 30, ON_MAT)], far=True)
    s.torso(hip, shoulder)
    s.head(at(shoulder, 180 - tilt, NECK + 1))
    if from_knees:
        s.limb([hip, (knee[0], knee[1] + 2), (knee[0] + 36, knee[1] - 16)], far=True)
        s.limb([hip, knee, at(knee, 22, 40)])
    else:
        ankle = at(knee, -tilt, SHIN)
        s.limb([(hip[0], hip[1] + 3), (knee[0], knee[1] + 5), (ankle[0], ankle[1] + 5),
                (ankle[0] + 4, ankle[1] - 8)], far=True)
        s.limb([hip, knee, ankle, at(ankle, 80, 12)])
    return shoulder, hip


@drawing("side-plank-knees")
def _side_plank_knees(s: Scene) -> None:
    shoulder, hip = _side_plank(s, from_knees=True)
    s.limb(arm(shoulder, 92, 92))
    s.arrow((hip[0], hip[1] - 18), (hip[0], hip[1] - 48))


@drawing("side-plank-feet")
def _side_plank_feet(s: Scene) -> None:
    shoulder, hip = _side_plank(s, from_knees=False)
    s.limb(arm(shoulder, 92, 92))
    s.arrow((hip[0], hip[1] - 18), (hip[0], hip[1] - 48))


@drawing("side-plank-roll")
def _side_plank_roll(s: Scene) -> None:
    shoulder, hip = _side_plank(s, from_knees=False)
    s.limb(arm(shoulder, 92, 92))
    tilt = angle_to(hip, shoulder) - 180
    mid = ((shoulder[0] + hip[0]) / 2 + 8, (shoulder[1] + hip[1]) / 2)
    s.ring_arrow(mid, 18, 44, tilt, 150, 430)


# ----------------------------------------------------------------------------- on all fours


def _all_fours(s: Scene, x: float = 150.0) -> tuple[Point, Point, Point]:
    """Hands and knees with the head to the right; returns (hip, shoulder, kneeling knee)."""
    s.floor()
    s.mat(30, 350)
    knee = (x, ON_MAT)
    hip = (x, ON_MAT - THIGH)
    shoulder_y = ON_MAT - UPPER_ARM - FOREARM
    shoulder = (hip[0] + math.sqrt(TORSO**2 - (hip[1] - shoulder_y) ** 2), shoulder_y)
    return hip, shoulder, knee


def _kneeling_leg(hip: Point, knee: Point) -> list[Point]:
    ankle = (knee[0] - SHIN, knee[1])
    return [hip, knee, ankle, at(ankle, 200, 10)]


def _support_arm(shoulder: Point, dx: float = 0.0) -> list[Point]:
    return [(shoulder[0] + dx, shoulder[1]), (shoulder[0] + dx, shoulder[1] + UPPER_ARM),
            (shoulder[0] + dx, ON_MAT)]


def _bird_dog_body(s: Scene, reach_arm: bool) -> tuple[list[Point], list[Point]]:
    """Bird dog with the near leg reaching back and (optionally) the far arm forward."""
    hip, shoulder, knee = _all_fours(s, 150)
    s.limb(arm(shoulder, 10, 10) if reach_arm else _support_arm(shoulder, -6), far=True)
    s.limb(_kneeling_leg(hip, knee), far=True)
    s.torso(hip, shoulder)
    s.head(at(shoulder, -14, NECK + 2))
    s.limb(_support_arm(shoulder))
    back = leg(hip, 181, 181, 262)
    s.limb(back)
    return back, arm(shoulder, 10, 10)


@drawing("bird-dog")
def _bird_dog(s: Scene) -> None:
    back, reach = _bird_dog_body(s, reach_arm=True)
    s.arrow((reach[2][0] + 14, reach[2][1] - 2), (reach[2][0] + 44, reach[2][1] - 7))
    s.arrow((back[2][0] - 12, back[2][1] - 16), (back[2][0] - 42, back[2][1] - 16))


@drawing("bird-dog-arm-or-leg")
def _bird_dog_leg(s: Scene) -> None:
    back, _reach = _bird_dog_body(s, reach_arm=False)
    s.arrow((back[2][0] - 12, back[2][1] - 16), (back[2][0] - 42, back[2][1] - 16))


@drawing("bird-dog-sweeps")
def _bird_dog_sweeps(s: Scene) -> None:
    back, reach = _bird_dog_body(s, reach_arm=True)
    hand, foot = reach[2], back[2]
    s.arrow((hand[0] + 8, hand[1] + 16), (hand[0] - 36, hand[1] + 56), ctrl=(hand[0] + 10, hand[1] + 58),
            both=True)
    s.arrow((foot[0] - 4, foot[1] + 22), (foot[0] + 50, foot[1] + 46), ctrl=(foot[0] + 2, foot[1] + 56),
            both=True)


@drawing("cat-camel")
def _cat_camel(s: Scene) -> None:
    hip, shoulder, knee = _all_fours(s, 140)
    s.ghost(hip, ((hip[0] + shoulder[0]) / 2, (hip[1] + shoulder[1]) / 2 + 30), shoulder)
    s.limb(_support_arm(shoulder, -6), far=True)
    s.limb(_kneeling_leg(hip, knee), far=True)
    s.torso(hip, shoulder, bend=22)
    s.head(at(shoulder, -42, NECK + 2))
    s.limb(_support_arm(shoulder))
    s.limb(_kneeling_leg(hip, knee))
    mid_x = (hip[0] + shoulder[0]) / 2
    s.arrow((mid_x, 108), (mid_x, 68), both=True)


# ----------------------------------------------------------------------------- lying on the front


def _prone_legs(s: Scene, hip: Point) -> None:
    s.limb(leg(hip, 181, 180, 200), far=True)
    s.limb(leg(hip, 180, 180, 196))


@drawing("prone-press-up")
def _prone_press_up(s: Scene) -> None:
    s.floor()
    s.mat(30, 330)
    hip = (176.0, ON_MAT)
    shoulder = at(hip, 46, TORSO)
    _prone_legs(s, hip)
    hand = (shoulder[0] + 40, ON_MAT)
    s.limb(arm_to(shoulder, (hand[0] + 6, ON_MAT), 1), far=True)
    s.torso(hip, shoulder, bend=-7)
    s.head(at(shoulder, 58, NECK + 1))
    s.limb(arm_to(shoulder, hand, 1))
    s.arrow((180, 190), (214, 124), ctrl=(176, 140))


@drawing("prone-on-elbows")
def _prone_on_elbows(s: Scene) -> None:
    s.floor()
    s.mat(30, 330)
    hip = (176.0, ON_MAT)
    elbow_x = hip[0] + math.sqrt(TORSO**2 - UPPER_ARM**2)
    shoulder = (elbow_x, ON_MAT - UPPER_ARM)
    _prone_legs(s, hip)
    s.torso(hip, shoulder, bend=-3)
    s.head(at(shoulder, 40, NECK + 1))
    s.limb([shoulder, (elbow_x, ON_MAT), (elbow_x + FOREARM, ON_MAT)])
    s.arrow((hip[0] - 4, hip[1] - 44), (hip[0] - 4, hip[1] - 16))


# ----------------------------------------------------------------------------- kneeling and sitting


@drawing("kneeling-hip-flexor-stretch")
def _hip_flexor(s: Scene) -> None:
    s.floor()
    s.mat(60, 300)
    back_knee = (146.0, ON_MAT)
    hip = (184.0, ON_MAT - 48)
    s.limb(leg_to(hip, (238, ANKLE_UP), 1, 0), far=True)
    s.limb([hip, back_knee, (back_knee[0] - SHIN, ON_MAT), (back_knee[0] - SHIN - 10, ON_MAT + 2)])
    shoulder = at(hip, 92, TORSO)
    s.torso(hip, shoulder)
    s.head(at(shoulder, 92, NECK + 1))
    s.limb(arm_to(shoulder, (hip[0] + 10, hip[1] - 8), -1))
    s.arrow((194, 204), (226, 204))


@drawing("sciatic-nerve-slider")
def _sciatic_slider(s: Scene) -> None:
    s.floor()
    seat = 168.0
    s.chair(96, 176, seat, 100, 88)
    hip = (146.0, seat - 6)
    shoulder = at(hip, 88, TORSO)
    s.limb(leg_to(hip, (212, ANKLE_UP), 1, 0), far=True)
    s.torso(hip, shoulder)
    head = at(shoulder, 84, NECK + 1)
    s.head(head)
    s.limb(arm_to(shoulder, (hip[0] + 38, hip[1] - 10), 1))
    s.limb(leg(hip, -2, -6, 78))
    s.arrow((236, 230), (266, 196), ctrl=(264, 228))
    s.arrow((head[0] + 10, head[1] - 22), (head[0] - 24, head[1] - 12), ctrl=(head[0] - 6, head[1] - 34))


# ----------------------------------------------------------------------------- standing


def _standing(s: Scene, hip: Point, torso: float = 90.0) -> Point:
    shoulder = at(hip, torso, TORSO)
    s.torso(hip, shoulder)
    s.head(at(shoulder, torso, NECK + 1))
    return shoulder


def _stand_leg(hip_x: float, ankle_y: float = ANKLE_UP, toe: float = 0.0) -> list[Point]:
    ankle = (hip_x, ankle_y)
    return [(hip_x, ankle_y - THIGH - SHIN), (hip_x, ankle_y - SHIN), ankle, at(ankle, toe, FOOT)]


@drawing("wall-sit")
def _wall_sit(s: Scene) -> None:
    s.floor()
    s.wall(62)
    hip = (90.0, ANKLE_UP - SHIN)
    knee = (hip[0] + THIGH, hip[1])
    ankle = (knee[0], ANKLE_UP)
    s.limb([(x + 6, y) for x, y in [hip, knee, ankle, at(ankle, 0, FOOT)]], far=True)
    shoulder = _standing(s, hip)
    s.limb([hip, knee, ankle, at(ankle, 0, FOOT)])
    s.limb(arm(shoulder, -76, -30))
    s.arrow((176, 104), (176, 142))


@drawing("single-leg-squat-to-chair")
def _single_leg_squat(s: Scene) -> None:
    s.floor()
    seat = 178.0
    s.chair(70, 140, seat, 74, 104)
    hip = (150.0, seat - 16)
    s.limb(leg(hip, -12, -6, 80), far=True)
    s.limb(leg_to(hip, (204, ANKLE_UP), 1, 0))
    shoulder = _standing(s, hip, 62)
    s.limb(arm(shoulder, 4, 2))
    s.arrow((134, 110), (118, 158), ctrl=(110, 122))


@drawing("step-down")
def _step_down(s: Scene) -> None:
    s.floor()
    top = FLOOR - 34
    s.box(70, top, 186, FLOOR)
    hip = (158.0, 142.0)
    s.limb(leg_to(hip, (218, ANKLE_UP - 10), 1, 14), far=True)
    s.limb(leg_to(hip, (156, top - 5), 1, 0))
    shoulder = _standing(s, hip, 82)
    s.limb(arm(shoulder, -4, 0))
    s.arrow((258, 184), (258, 222))


@drawing("single-leg-romanian-deadlift")
def _single_leg_rdl(s: Scene) -> None:
    s.floor()
    hip = (168.0, 134.0)
    s.limb(leg_to(hip, (174, ANKLE_UP), 1, 0), far=True)
    shoulder = at(hip, 10, TORSO)
    s.torso(hip, shoulder)
    s.head(at(shoulder, 12, NECK + 1))
    s.limb(arm(shoulder, -88, -88))
    s.limb(leg(hip, 186, 186, 272))
    s.arrow((196, 76), (276, 104), ctrl=(258, 64))


@drawing("banded-side-walk")
def _banded_side_walk(s: Scene) -> None:
    s.floor()
    pelvis = [(190.0, 138.0), (210.0, 138.0)]
    s.line(pelvis)
    s.torso((200, 138), (200, 74))
    s.line([(186, 80), (214, 80)])
    s.head((200, 52))
    knees = []
    for side, hip, ankle_x in ((-1, pelvis[0], 150.0), (1, pelvis[1], 250.0)):
        ankle = (ankle_x, ANKLE_UP)
        knee = ik(hip, ankle, THIGH, SHIN, side)
        knees.append(knee)
        s.limb([hip, knee, ankle, (ankle_x + side * FOOT, ANKLE_UP + 2)])
        s.limb([(200 + side * 14, 80), (200 + side * 30, 110), (200 + side * 12, 134)])
    y = knees[0][1] - 10
    s.band([(knees[0][0] + 6, y), (knees[1][0] - 6, y)])
    s.arrow((284, 120), (332, 120))


@drawing("calf-raise")
def _calf_raise(s: Scene) -> None:
    s.floor()
    s.wall(238)
    raise_by = 13
    s.limb([(x + 5, y) for x, y in _stand_leg(192, ANKLE_UP - raise_by, -60)], far=True)
    near = _stand_leg(188, ANKLE_UP - raise_by, -60)
    shoulder = _standing(s, near[0])
    s.limb(near)
    s.limb(arm_to(shoulder, (236, shoulder[1] + 34), -1))
    s.arrow((156, 226), (156, 190))


def _hopper(s: Scene, lift: float, knee_bend: float, arms_up: bool) -> None:
    hip = (190.0, ANKLE_UP - THIGH - SHIN - lift + knee_bend)
    for offset, far in ((6, True), (0, False)):
        h = (hip[0] + offset, hip[1])
        s.limb(leg_to(h, (h[0] + 2, ANKLE_UP - lift), 1, -60), far=far)
    shoulder = _standing(s, hip, 88)
    if arms_up:
        s.limb(arm(shoulder, 24, 64), far=True)
        s.limb(arm(shoulder, 14, 54))
    else:
        s.limb(arm(shoulder, -104, -50), far=True)
        s.limb(arm(shoulder, -80, -30))


def _bounce_marks(s: Scene, xs: tuple[float, ...]) -> None:
    for x in xs:
        s.line([(x - 8, FLOOR + 10), (x + 8, FLOOR + 10)], PROP, 3, "props")


@drawing("pogo-hops")
def _pogo(s: Scene) -> None:
    s.floor()
    _hopper(s, lift=10, knee_bend=4, arms_up=False)
    s.arrow((140, 228), (140, 192), both=True)
    _bounce_marks(s, (184, 208))


@drawing("two-leg-hops")
def _two_leg_hops(s: Scene) -> None:
    s.floor()
    _hopper(s, lift=24, knee_bend=14, arms_up=True)
    s.arrow((132, 226), (132, 170))
    _bounce_marks(s, (184, 208))


def _one_leg_hopper(s: Scene, lift: float) -> None:
    hip = (190.0, ANKLE_UP - THIGH - SHIN - lift + 6)
    s.limb(leg(hip, -96, 172, 190), far=True)
    s.limb(leg_to(hip, (hip[0] + 2, ANKLE_UP - lift), 1, -60))
    shoulder = _standing(s, hip, 88)
    s.limb(arm(shoulder, -112, -40), far=True)
    s.limb(arm(shoulder, -70, -20))


@drawing("single-leg-hops")
def _single_leg_hops(s: Scene) -> None:
    s.floor()
    _one_leg_hopper(s, lift=22)
    s.arrow((132, 226), (132, 174))
    _bounce_marks(s, (194,))


@drawing("multi-direction-hops")
def _multi_direction_hops(s: Scene) -> None:
    s.floor()
    _one_leg_hopper(s, lift=16)
    _bounce_marks(s, (194,))
    centre = (290.0, 128.0)
    s.arrow((centre[0] - 36, centre[1]), (centre[0] + 36, centre[1]), both=True)
    s.arrow((centre[0], centre[1] - 36), (centre[0], centre[1] + 36), both=True)


def _marcher(s: Scene, lift: float, stance_toe: float, knee_up: float) -> None:
    hip = (186.0, ANKLE_UP - THIGH - SHIN - lift)
    s.limb(leg_to(hip, (hip[0] - 2, ANKLE_UP - lift), 1, stance_toe), far=True)
    shoulder = at(hip, 90, TORSO)
    s.limb(arm(shoulder, -64, 24), far=True)
    _standing(s, hip, 90)
    s.limb(leg(hip, knee_up, knee_up - 90, 16))
    s.limb(arm(shoulder, -124, -80))


@drawing("a-march")
def _a_march(s: Scene) -> None:
    s.floor()
    _marcher(s, lift=0, stance_toe=0, knee_up=-4)
    s.arrow((276, 214), (326, 214))


@drawing("a-skip")
def _a_skip(s: Scene) -> None:
    s.floor()
    _marcher(s, lift=12, stance_toe=-50, knee_up=6)
    s.arrow((118, 220), (170, 220), ctrl=(144, 180))
    s.arrow((276, 214), (326, 214))


def _walker(s: Scene, stride: float, lean: float) -> None:
    hip = (180.0, ANKLE_UP - math.sqrt((THIGH + SHIN) ** 2 - stride * stride) + 4)
    shoulder = at(hip, 90 - lean, TORSO)
    s.limb(leg_to(hip, (hip[0] - stride, ANKLE_UP), 1, 30), far=True)
    s.limb(arm(shoulder, -54, -10), far=True)
    _standing(s, hip, 90 - lean)
    s.limb(leg_to(hip, (hip[0] + stride, ANKLE_UP - 6), 1, 24))
    s.limb(arm(shoulder, -124, -96))


@drawing("short-walks")
def _short_walks(s: Scene) -> None:
    s.floor()
    _walker(s, stride=26, lean=2)
    s.clock((300, 60), 10)
    s.arrow((262, 200), (298, 200))


@drawing("brisk-walk")
def _brisk_walk(s: Scene) -> None:
    s.floor()
    _walker(s, stride=38, lean=6)
    s.clock((300, 60), 30)
    s.arrow((262, 200), (318, 200))


def main() -> int:
    library = json.loads((HERE / "library.json").read_text(encoding="utf-8"))
    wanted = {item["illustration"].removesuffix(".svg"): item["illustration"] for item in library}
    missing = sorted(set(wanted) - set(DRAWINGS))
    if missing:
        print("no drawing for:", ", ".join(missing), file=sys.stderr)
        return 1
    OUT_DIR.mkdir(exist_ok=True)
    for name, file_name in wanted.items():
        scene = Scene()
        DRAWINGS[name](scene)
        (OUT_DIR / file_name).write_text(scene.svg(), encoding="utf-8")
        for warning in WARNINGS:
            print(f"{name}: {warning}", file=sys.stderr)
        WARNINGS.clear()
    print(f"wrote {len(wanted)} illustrations to {OUT_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
