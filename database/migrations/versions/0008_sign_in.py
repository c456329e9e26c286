"""sign-in: password hashes, lock-out state, per-user auto-lock, the read-only role

Revision ID: 0008_sign_in
Revises: 0007_search_listing
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_sign_in'
down_revision = '0007_search_listing'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_hash', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('failed_attempts', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('idle_lock_minutes', sa.Integer(), nullable=True))
        batch_op.drop_constraint('role', type_='check')
        batch_op.create_check_constraint(
            'role', "role IN ('clinician', 'front_desk', 'admin', 'read_only')")


def downgrade() -> None:
    op.execute(sa.text("UPDATE app_user SET role = 'front_desk' WHERE role = 'read_only'"))
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint('role', type_='check')
        batch_op.create_check_constraint('role', "role IN ('clinician', 'front_desk', 'admin')")
        batch_op.drop_column('idle_lock_minutes')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_attempts')
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('password_hash')
