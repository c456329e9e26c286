"""The chain's pure rules on rows built in memory: each tampering is named, table-driven."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable

import pytest

from clinic_app.domain.audit_chain import (
    GENESIS,
    NAMED_LIMIT,
    ChainHead,
    ProblemKind,
    Row,
    canonical,
    check_contents,
    row_mac,
    verify_chain,
)

KEY = bytes(range(32))


def chain(n: int, key: bytes = KEY) -> list[Row]:
    rows: list[Row] = []
    prev = GENESIS
    for i in range(1, n + 1):
        content = (i, f"2026-11-25 10:00:{i % 60:02d}.000000", 1, "ws", "update", "patient", i,
                   '["phone"]', None, prev)
        prev = row_mac(key, content)
        rows.append((*content, prev))
    return rows


def head(rows: list[Row]) -> ChainHead:
    return ChainHead("c", int(rows[-1][0]), str(rows[-1][10]))  # type: ignore[call-overload]


def _edit(rows: list[Row]) -> list[Row]:
    rows[4] = (*rows[4][:4], "delete", *rows[4][5:])
    return rows


def _swap(rows: list[Row]) -> list[Row]:
    rows[2], rows[3] = (3, *rows[3][1:]), (4, *rows[2][1:])
    return rows


def _forge_end(rows: list[Row]) -> list[Row]:
    return [*rows, (11, *rows[-1][1:9], rows[-1][10], "f" * 64)]


CASES: list[tuple[str, Callable[[list[Row]], list[Row]], list[tuple[ProblemKind, int]]]] = [
    ("untouched", lambda r: r, []),
    ("edited", _edit, [(ProblemKind.EDITED, 5)]),
    ("deleted", lambda r: r[:3] + r[6:], [(ProblemKind.DELETED, 7)]),
    ("first deleted", lambda r: r[1:], [(ProblemKind.DELETED, 2)]),
    ("reordered", _swap, [(ProblemKind.REORDERED, 3), (ProblemKind.REORDERED, 4)]),
    ("inserted at the end", _forge_end, [(ProblemKind.INSERTED, 11)]),
    ("truncated", lambda r: r[:7], [(ProblemKind.TRUNCATED, 10)]),
]


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_tampering_is_named(name: str, change: Callable[[list[Row]], list[Row]],
                                 expected: list[tuple[ProblemKind, int]]) -> None:
    rows = chain(10)
    report = verify_chain(KEY, change(list(rows)), head(rows))
    assert [(p.kind, p.row_id) for p in report.problems] == expected


def test_another_key_fails_every_row_but_names_only_so_many() -> None:
    rows = chain(NAMED_LIMIT + 20)
    report = verify_chain(b"x" * 32, rows, head(rows))
    assert len(report.problems) == NAMED_LIMIT + 1
    assert report.problems[-1].kind is ProblemKind.MORE
    assert report.problems[-1].message == "20 more audit rows fail the check (from row 501 on)."


def test_an_anchor_with_another_hash_at_its_row_is_named() -> None:
    rows = chain(10)
    report = verify_chain(KEY, rows, head(rows), [ChainHead("c", 6, "0" * 64)])
    assert [(p.kind, p.row_id) for p in report.problems] == [(ProblemKind.EDITED, 6)]


def test_the_fast_mac_is_standard_hmac_sha256_over_compact_json() -> None:
    rows = chain(3)
    for row in rows:
        text = json.dumps(list(row[:10]), separators=(",", ":")).encode()
        assert canonical(row[:10]) == text
        assert row[10] == hmac.new(KEY, text, "sha256").hexdigest()
    assert verify_chain(KEY, rows, head(rows)).intact
    assert canonical((1, "Zoë \"x\"", None)) == b'[1,"Zo\\u00eb \\"x\\"",null]'


def test_head_text_round_trip() -> None:
    h = ChainHead("3f2a", 12, "a" * 64)
    assert ChainHead.from_text(h.as_text()) == h
    assert ChainHead.from_text("") is None and ChainHead.from_text("a:b:c") is None


def test_signed_contents_compared() -> None:
    signed = {("visit", 1): (4, "a" * 64), ("handout", 2): (9, "b" * 64), ("exam", 3): (5, "c")}
    problems = check_contents(signed, {("visit", 1): "a" * 64, ("handout", 2): "x" * 64})
    assert [(p.kind, p.row_id) for p in problems] == [(ProblemKind.RECORD_MISSING, 5),
                                                      (ProblemKind.CONTENT_CHANGED, 9)]
    assert problems[1].message.startswith("The stored document 2 was replaced")
