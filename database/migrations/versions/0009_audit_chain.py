"""audit chain: HMAC-chained audit rows, the chain head, and append-only triggers

Revision ID: 0009_audit_chain
Revises: 0008_sign_in
Create Date: 2026-12-05 09:30:00

Existing rows are hashed in id order with the own audit key of the workstation that upgrades (the
key is created in its config folder when missing; other workstations import it). UPDATE and DELETE on ``audit_log`` are then refused
by triggers on both backends; on PostgreSQL TRUNCATE too, and UPDATE/DELETE/TRUNCATE are revoked
from PUBLIC (the owner role keeps them; give the app a role that does not own the table).
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0009_audit_chain'
down_revision = '0008_sign_in'
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'The audit trail is append-only: its rows cannot be changed.'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'The audit trail is append-only: its rows cannot be deleted.'); END",
)
_PG_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'The audit trail is append-only: its rows cannot be changed or deleted.'; "
    "END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC",
)


def upgrade() -> None:
    from clinic_app.domain.audit_chain import GENESIS, at_text, key_fingerprint, row_mac
    from clinic_app.services.audit_key import own_key

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.String(length=36), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('key_fingerprint', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    key = own_key()
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, at, user_id, workstation, action, entity, entity_id, changed_fields "
        "FROM audit_log ORDER BY id")).all()
    prev, last_id, sealed = GENESIS, 0, []
    for r in rows:
        row = (r[0], at_text(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], None, prev)
        digest = row_mac(key, row)
        sealed.append({"i": r[0], "p": prev, "h": digest})
        prev, last_id = digest, r[0]
    if sealed:
        conn.execute(sa.text("UPDATE audit_log SET prev_hash = :p, row_hash = :h WHERE id = :i"),
                     sealed)
    conn.execute(sa.text("INSERT INTO audit_chain_head (id, chain_id, last_id, last_hash, "
                         "key_fingerprint) VALUES (1, :c, :l, :h, :f)"),
                 {"c": str(uuid.uuid4()), "l": last_id, "h": prev, "f": key_fingerprint(key)})
    for statement in _SQLITE_TRIGGERS if conn.dialect.name == "sqlite" else _PG_TRIGGERS:
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
    else:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table('audit_chain_head')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('content_hash')
