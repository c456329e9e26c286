"""The installer icons are rebuilt when the SVG's content changes, never because of file times."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from make_icons import _up_to_date, make_icons  # noqa: E402
from spec_data import ICON_ICNS, ICON_ICO, ICON_PNG, ICON_SVG  # noqa: E402


def test_icons_follow_the_svg_content_not_file_times(tmp_path: Path) -> None:
    svg = tmp_path / "app.svg"
    shutil.copyfile(ICON_SVG, svg)
    out = {"png": tmp_path / "icon.png", "ico": tmp_path / "icon.ico", "icns": tmp_path / "icon.icns"}
    assert make_icons(svg, **out)  # none yet: written
    made = out["png"].read_bytes()
    assert not make_icons(svg, **out)  # the same SVG: left alone
    os.utime(svg)  # a checkout gives the SVG a newer time than the icons
    assert not make_icons(svg, **out) and out["png"].read_bytes() == made
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", "<!-- new -->\n</svg>"),
                   encoding="utf-8")
    assert make_icons(svg, **out)  # new content: written again


def test_the_committed_icons_are_those_of_the_committed_svg() -> None:
    # so a build from a fresh clone uses them as committed (and leaves the work tree clean)
    assert _up_to_date(ICON_SVG, (ICON_PNG, ICON_ICO, ICON_ICNS),
                       ICON_PNG.parent / "source.sha256")
