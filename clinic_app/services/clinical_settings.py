"""The practice's clinical product decisions ([P] rules): one row in ``practice_setting``."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.messages import as_message
from clinic_app.domain.settings import ClinicalSettings
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import PracticeSetting
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit
from clinic_app.services.practice_settings import store_setting
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

KEY = "clinical"


def read_clinical_settings(s: Session) -> ClinicalSettings:
    """The saved settings inside an open session (defaults for anything never set).

    A stored value that no longer validates (e.g. written by a newer version) falls back to the
    defaults with a log line, so scoring never stops because of a settings row.
    """
    row = s.get(PracticeSetting, KEY)
    if row is None:
        return ClinicalSettings()
    try:
        return ClinicalSettings.from_mapping(json.loads(row.value))
    except (ValueError, TypeError) as exc:
        logger.error("practice clinical settings ignored, defaults used: %s", exc)
        return ClinicalSettings()


class ClinicalSettingsService:
    """Read and change the practice's clinical settings (ODI missing-section limit, pain zones…)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self) -> ClinicalSettings:
        """The settings every score and rule of this practice uses."""
        with self._db.reading() as s:
            return read_clinical_settings(s)

    def save(self, actor: Actor, changes: Mapping[str, Any]) -> Changes:
        """Change some settings (validated together); administrators only."""
        authorize(self._db, actor, Action.CLINICAL_SETTINGS)
        refuse_unstorable(dict(changes))
        current = self.get()
        try:
            updated = current.replace(**dict(changes))
        except (ValueError, TypeError) as exc:
            raise ValidationError({"settings": as_message(exc)}) from exc
        before, after = current.to_mapping(), updated.to_mapping()
        changed = sorted(name for name in after if after[name] != before[name])
        if not changed:
            return Changes(entity="clinical_settings")
        data = json.dumps(after, sort_keys=True)
        with self._db.writing() as s:
            store_setting(s, KEY, data, actor)
            audit(s, actor, "update", "practice_setting", 0, [f"clinical.{name}" for name in changed])
        return Changes(visits=True, entity="clinical_settings")
