"""After a deliberate restore: keep this workstation's audit anchor aside and anchor anew.

The anchor (``services.audit_chain``) remembers how far the audit trail reached, so rows cut off
later are noticed. A restored older backup legitimately ends earlier: the old anchor is kept,
renamed, as evidence of what was replaced, and the restored trail's head becomes the anchor.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from clinic_app.persistence.db import Database
from clinic_app.services.backup import STAMP

logger = logging.getLogger(__name__)


def reanchor_after_restore(url: str, now: datetime) -> Path | None:
    """``reanchor_audit_trail`` on the database at ``url`` (opened and closed here)."""
    db = Database.from_url(url)
    try:
        return reanchor_audit_trail(db, now)
    finally:
        db.dispose()


def reanchor_audit_trail(db: Database, now: datetime) -> Path | None:
    """Anchor this workstation at the restored trail's head; return the old anchor kept aside.

    ``None`` when there was nothing to move (no anchor, or it was not ahead of the backup).
    """
    try:
        from clinic_app.services.audit_chain import anchor_path, read_anchor, read_head, write_anchor
    except ImportError:  # a build without the tamper-evident audit trail
        return None
    try:
        head = read_head(db)
        if head is None:
            return None
        old = read_anchor(head.chain_id)
        kept: Path | None = None
        if old is not None and old.last_id > head.last_id:
            path = anchor_path(head.chain_id)
            stamp = now.astimezone(UTC).strftime(STAMP)
            kept = path.with_name(f"{path.stem}-before-restore-{stamp}{path.suffix}")
            os.replace(path, kept)
            logger.warning("audit anchor %s (entry %d) kept as %s: a backup ending at entry %d "
                           "was restored", path, old.last_id, kept, head.last_id)
        write_anchor(head, db.clock.today())
    except Exception:  # the restore itself succeeded; the next verification says what it finds
        logger.exception("audit anchor not moved after the restore")
        return None
    return kept
