"""The exercise library in the database: built-ins loaded from resources, and the clinic's own."""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from clinic_app.domain.access import Action
from clinic_app.domain.errors import ConflictError, InvalidValue, ValidationError
from clinic_app.domain.messages import as_message, msg
from clinic_app.domain.rehab.exercises import Exercise, parse_library
from clinic_app.paths import resource, user_data_dir
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import ExerciseRecord
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """An exercise with where its picture lives."""

    exercise: Exercise
    image_path: Path
    custom: bool


def builtin_data() -> list[dict[str, Any]]:
    """The shipped library (resources/exercises/library.json)."""
    data = json.loads(resource("exercises", "library.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def image_kind(path: Path) -> str | None:
    """``.png``/``.jpg``/``.svg`` when the file really is such an image, else ``None``."""
    try:
        head = path.read_bytes()[:512]
    except OSError:
        return None
    for magic, suffix in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return suffix
    text = head.decode("utf-8", errors="ignore").lstrip().lower()
    return ".svg" if text.startswith("<?xml") or text.startswith("<svg") else None


class ExerciseService:
    """Read the library; keep the built-ins in step with resources; add the clinic's exercises."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # The last library parsed, keyed by the rows' JSON: every chart and handout reads the
        # rows (another workstation may have added an exercise) but parses them only on change.
        self._parsed: tuple[tuple[str, ...], list[Exercise]] | None = None
        self._parse_lock = threading.Lock()

    def sync_builtin(self) -> int:
        """Insert or update the shipped exercises; returns how many rows changed."""
        entries = builtin_data()
        parse_library(entries)  # refuse a broken resource before touching the database
        changed = 0
        with self._db.writing() as s:
            existing = {row.id: row for row in s.scalars(select(ExerciseRecord)
                                                         .where(ExerciseRecord.custom.is_(False)))}
            for entry in entries:
                text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
                row = existing.get(entry["id"])
                if row is None:
                    s.add(ExerciseRecord(id=entry["id"], name=entry["name"], data=text, custom=False))
                    changed += 1
                elif row.data != text:
                    row.data, row.name = text, entry["name"]
                    changed += 1
        if changed:
            logger.info("exercise library: %d built-in exercises added or updated", changed)
        return changed

    def library(self) -> list[LibraryEntry]:
        """Every exercise, built-ins first, by name."""
        with self._db.reading() as s:
            rows = list(s.scalars(select(ExerciseRecord).order_by(ExerciseRecord.custom,
                                                                  ExerciseRecord.name)))
        if not rows:
            try:
                self.sync_builtin()
            except ConflictError:
                logger.info("exercise library: another workstation added it at the same moment")
            return self.library()
        exercises = self._parse([r.data for r in rows])
        return [LibraryEntry(e, self._image(r), r.custom)
                for e, r in zip(exercises, rows, strict=True)]

    def _parse(self, texts: list[str]) -> list[Exercise]:
        key = tuple(texts)
        with self._parse_lock:
            if self._parsed is not None and self._parsed[0] == key:
                return self._parsed[1]
        exercises = parse_library([json.loads(t) for t in texts])
        with self._parse_lock:
            self._parsed = (key, exercises)
        return exercises

    def by_id(self) -> dict[str, Exercise]:
        """Id → exercise."""
        return {entry.exercise.id: entry.exercise for entry in self.library()}

    def add_custom(self, actor: Actor, data: dict[str, Any], image: Path) -> Changes:
        """Add the clinic's own exercise with its picture (PNG, JPEG or SVG)."""
        authorize(self._db, actor, Action.MANAGE_EXERCISES)
        refuse_unstorable(data)
        suffix = image_kind(image)
        if suffix is None:
            raise ValidationError({"image": msg("exercises.not_png_jpeg_svg_image", name=image.name)})
        entry = dict(data)
        entry["id"] = "clinic-" + re.sub(r"[^a-z0-9]+", "-", str(entry.get("name", "")).lower()).strip("-")
        entry["illustration"] = entry["id"] + suffix
        try:
            library = self.by_id()
            parse_library([entry])
            for link in ("regression", "progression"):
                if entry.get(link) and entry[link] not in library:
                    raise InvalidValue(msg("exercises.not_library", link=link, entry=entry[link]))
        except ValueError as exc:
            raise ValidationError({"exercise": as_message(exc)}) from exc
        folder = user_data_dir() / "exercise-images"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / entry["illustration"]
        with self._db.writing() as s:
            if s.get(ExerciseRecord, entry["id"]) is not None:
                raise ValidationError({"name": msg("exercises.exercise_with_name_already_exists")})
            s.add(ExerciseRecord(id=entry["id"], name=entry["name"], custom=True,
                              data=json.dumps(entry, ensure_ascii=False, sort_keys=True),
                              image_file=entry["illustration"]))
            s.flush()
            shutil.copyfile(image, target)  # inside the transaction: a failed copy saves nothing
            audit(s, actor, "create", "exercise", 0, [entry["id"]])
        return Changes(entity="exercise")

    @staticmethod
    def _image(row: ExerciseRecord) -> Path:
        if row.custom:
            return user_data_dir() / "exercise-images" / row.image_file
        return resource("exercises", "illustrations", json.loads(row.data)["illustration"])
