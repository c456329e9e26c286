"""The audit trail's hash chain: canonical rows, their HMAC, and naming what was tampered with.

Each audit row is a tuple in ``ROW_FIELDS`` order. The first ten values are the row's canonical
content (the previous row's hash included); the eleventh is the HMAC-SHA-256 of that content under
the practice key, in hex. Verification is one pass over the rows in id order; the few rows that fail
are then examined to say *how* they fail (edited, deleted, inserted, reordered, truncated).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import json.encoder
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

GENESIS = "0" * 64
"""The "previous hash" of the first row in the chain."""

ROW_FIELDS = ("id", "at", "user_id", "workstation", "action", "entity", "entity_id",
              "changed_fields", "content_hash", "prev_hash", "row_hash")
"""Column order of an audit row tuple; all but the last are hashed."""

_ENCODER = json.JSONEncoder(separators=(",", ":"))


def _no_default(value: object) -> object:
    raise TypeError(f"{type(value).__name__} is not part of an audit row")


# The json module's C encoder, made once: the same text as ``_ENCODER.encode`` at half the cost
# (``encode`` builds a new one per call), which matters over a million rows.
_MAKE_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ITERENCODE: Any = (_MAKE_ENCODER(None, _no_default, json.encoder.encode_basestring_ascii,
                                    None, ":", ",", False, False, True)
                      if _MAKE_ENCODER is not None else None)


def canonical(values: tuple[object, ...] | list[object]) -> bytes:
    """The bytes a row's HMAC covers: its values as compact JSON (ASCII)."""
    if _C_ITERENCODE is not None:
        return "".join(_C_ITERENCODE(values, 0)).encode()
    return _ENCODER.encode(list(values)).encode()
_REORDER_WINDOW = 16
NAMED_LIMIT = 500
"""At most this many failing rows are examined one by one; the rest are counted."""

Row = tuple[object, ...]


class ProblemKind(Enum):
    """How a row or record fails verification; the values are the words a user reads."""

    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"
    TRUNCATED = "truncated"
    CONTENT_CHANGED = "signed content changed"
    RECORD_MISSING = "signed record missing"
    MORE = "more"


@dataclass(frozen=True, slots=True)
class Problem:
    """One verification failure, in plain words."""

    kind: ProblemKind
    row_id: int | None
    message: str


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The newest row of a chain: kept in the database, in each workstation's anchor and in backups."""

    chain_id: str
    last_id: int
    last_hash: str

    def as_text(self) -> str:
        """One line, e.g. for a backup header: ``chain_id:last_id:last_hash``."""
        return f"{self.chain_id}:{self.last_id}:{self.last_hash}"

    @classmethod
    def from_text(cls, text: str) -> ChainHead | None:
        """Parse ``as_text``; ``None`` when the text is not a chain head."""
        parts = text.strip().split(":")
        if len(parts) != 3 or not parts[1].isdigit() or len(parts[2]) != 64:
            return None
        return cls(parts[0], int(parts[1]), parts[2])


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What a verification pass over the rows found."""

    rows: int
    last_id: int
    last_hash: str
    problems: tuple[Problem, ...]
    signed: Mapping[tuple[str, int], tuple[int, str]]
    """(entity, id) → (audit row, content hash) of the newest row that sealed the record's content."""

    @property
    def intact(self) -> bool:
        """True when nothing failed."""
        return not self.problems


def at_text(value: datetime | str) -> str:
    """The canonical form of a timestamp: UTC, ``YYYY-MM-DD HH:MM:SS.ffffff`` (SQLite's own form)."""
    if isinstance(value, str):
        return value[:26] if len(value) > 26 and value[19] == "." else value
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def content_digest(parts: Iterable[object]) -> str:
    """SHA-256 (hex) of a record's signed content given as JSON-able values (unambiguously joined)."""
    values = [at_text(p) if isinstance(p, datetime) else p for p in parts]
    return hashlib.sha256(_ENCODER.encode(values).encode()).hexdigest()


def bytes_digest(data: bytes) -> str:
    """SHA-256 (hex) of stored bytes, e.g. a PDF."""
    return hashlib.sha256(data).hexdigest()


def row_mac(key: bytes, row: Row) -> str:
    """The HMAC-SHA-256 (hex) of a row's canonical content (its first ten values)."""
    return hmac.digest(key, canonical(row[:10]), "sha256").hex()


def key_fingerprint(key: bytes) -> str:
    """A public fingerprint of the practice key, so a workstation with another key is caught."""
    return hmac.digest(key, b"stride-clinic audit key fingerprint", "sha256").hex()


def _hmac_pads(key: bytes) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """HMAC-SHA-256 (RFC 2104) with the key's two padded states hashed once, for a tight loop.

    Same result as ``hmac.digest``, about a third faster per row than copying an ``hmac`` object.
    """
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    return inner.copy, outer.copy


@dataclass(slots=True)
class _Suspect:
    row: Row
    mac_ok: bool
    prev_id: int
    prev_hash: str
    next_prev: object = None


def verify_chain(key: bytes, rows: Iterable[Row], head: ChainHead | None,
                 anchors: Iterable[ChainHead] = ()) -> ChainReport:
    """Check every row's HMAC and link, then name each failure; ``rows`` come in id order."""
    inner_copy, outer_copy = _hmac_pads(key)
    iterencode, join = _C_ITERENCODE, "".join
    watch = {a.last_id: a for a in anchors}
    seen_at_anchor: dict[int, str] = {}
    prev_id: Any = 0
    prev_hash: Any = GENESIS
    suspects: list[_Suspect] = []
    waiting: _Suspect | None = None
    signed: dict[tuple[str, int], tuple[int, str]] = {}
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007 - the count is the number of rows
        if waiting is not None:
            waiting.next_prev = row[9]
            waiting = None
        inner = inner_copy()
        inner.update(join(iterencode(row[:10], 0)).encode() if iterencode is not None
                     else canonical(row[:10]))
        outer = outer_copy()
        outer.update(inner.digest())
        if outer.hexdigest() != row[10]:
            waiting = _Suspect(row, False, int(prev_id), str(prev_hash))
            suspects.append(waiting)
        elif row[9] != prev_hash:
            suspects.append(_Suspect(row, True, int(prev_id), str(prev_hash)))
        if row[8]:
            signed[(str(row[5]), int(row[6]))] = (int(row[0]), str(row[8]))  # type: ignore[call-overload]
        elif row[4] == "erased":  # erased on purpose (a request to be forgotten): not missing
            signed.pop((str(row[5]), int(row[6])), None)  # type: ignore[call-overload]
        prev_id, prev_hash = row[0], row[10]
        if prev_id in watch:
            seen_at_anchor[prev_id] = prev_hash
    prev_id, prev_hash = int(prev_id), str(prev_hash)
    problems = _name_problems(key, suspects, head)
    problems.extend(_against_marks(prev_id, head, watch, seen_at_anchor, suspects))
    return ChainReport(count, prev_id, prev_hash, tuple(problems), signed)


def _name_problems(key: bytes, suspects: list[_Suspect], head: ChainHead | None) -> list[Problem]:
    problems: list[Problem] = []
    failed: set[int] = set()
    for index, s in enumerate(suspects):
        row_id = int(s.row[0])  # type: ignore[call-overload]
        if index >= NAMED_LIMIT:
            problems.append(Problem(ProblemKind.MORE, row_id,
                                    f"{len(suspects) - index} more audit rows fail the check "
                                    f"(from row {row_id} on)."))
            break
        if not s.mac_ok:
            failed.add(row_id)
            problems.append(_failed_row(key, s, head))
            continue
        gap = row_id - s.prev_id - 1
        if s.prev_id in failed and gap == 0:
            continue  # the row before it is already named; its broken link follows from that
        missing = (f"rows {s.prev_id + 1}–{row_id - 1} ({gap} rows)" if gap > 1
                   else f"row {s.prev_id + 1}" if gap == 1 else "one or more rows")
        verb = "was" if gap == 1 else "were"
        problems.append(Problem(ProblemKind.DELETED, row_id,
                                f"Audit {missing} before row {row_id} {verb} deleted."))
    return problems


def _failed_row(key: bytes, s: _Suspect, head: ChainHead | None) -> Problem:
    row_id = int(s.row[0])  # type: ignore[call-overload]
    written_as = _written_as(key, s.row)
    if written_as is not None:
        return Problem(ProblemKind.REORDERED, row_id,
                       f"Audit row {row_id} was written as row {written_as}: rows were "
                       "renumbered or put out of order.")
    beyond_head = head is not None and row_id > head.last_id
    if (s.next_prev is not None and s.next_prev == s.prev_hash) or (s.next_prev is None
                                                                    and beyond_head):
        return Problem(ProblemKind.INSERTED, row_id,
                       f"Audit row {row_id} was inserted: it is not part of the chain the "
                       "application wrote.")
    return Problem(ProblemKind.EDITED, row_id, f"Audit row {row_id} was edited after it was written.")


def _written_as(key: bytes, row: Row) -> int | None:
    """The id the row's HMAC was written under, when it is a nearby one."""
    row_id = int(row[0])  # type: ignore[call-overload]
    for delta in range(1, _REORDER_WINDOW + 1):
        for candidate in (row_id - delta, row_id + delta):
            if candidate > 0 and row_mac(key, (candidate, *row[1:])) == row[10]:
                return candidate
    return None


def _against_marks(last_id: int, head: ChainHead | None, anchors: Mapping[int, ChainHead],
                   seen: Mapping[int, str], suspects: list[_Suspect]) -> list[Problem]:
    problems: list[Problem] = []
    marks = [("the database's chain head", head)] if head is not None else []
    marks += [("an anchor kept outside the database", a) for _, a in sorted(anchors.items())]
    failed = {int(s.row[0]) for s in suspects}  # type: ignore[call-overload]
    truncated = False
    for source, mark in marks:
        if mark is None or mark.last_id <= 0:
            continue
        if mark.last_id > last_id:
            if truncated:
                continue
            truncated = True
            first = last_id + 1
            rows = f"rows {first}–{mark.last_id} are" if mark.last_id > first else f"row {first} is"
            problems.append(Problem(ProblemKind.TRUNCATED, mark.last_id,
                                    f"The newest audit {rows} missing: the log ends at row "
                                    f"{last_id} but {source} records row {mark.last_id}."))
        elif mark.last_id in seen and seen[mark.last_id] != mark.last_hash \
                and mark.last_id not in failed:
            problems.append(Problem(ProblemKind.EDITED, mark.last_id,
                                    f"Audit row {mark.last_id} is not the row {source} records: "
                                    "the log was rewritten from there back."))
    return problems


def check_contents(signed: Mapping[tuple[str, int], tuple[int, str]],
                   current: Mapping[tuple[str, int], str | None]) -> list[Problem]:
    """Compare each signed record's hash in the chain with its content now."""
    problems: list[Problem] = []
    for (entity, entity_id), (row_id, expected) in sorted(signed.items()):
        now = current.get((entity, entity_id))
        label = CONTENT_LABELS.get(entity, entity)
        if now is None:
            problems.append(Problem(ProblemKind.RECORD_MISSING, row_id,
                                    f"The {label} {entity_id} sealed in audit row {row_id} is no "
                                    "longer in the database."))
        elif now != expected:
            what = ("was replaced" if entity == "handout"
                    else "was changed after it was signed")
            problems.append(Problem(ProblemKind.CONTENT_CHANGED, row_id,
                                    f"The {label} {entity_id} {what} (audit row {row_id} holds "
                                    "the hash of its signed content)."))
    return problems


CONTENT_LABELS = {"visit": "visit note", "exam": "exam", "plan": "rehab plan of episode",
                  "handout": "stored document"}
"""How each sealed record is named in a verification report."""
