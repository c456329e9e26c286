"""record restriction: processing restricted on request while the record must be kept

Revision ID: 0010_record_restriction
Revises: 0009_audit_chain
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_record_restriction'
down_revision = '0009_audit_chain'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'record_restriction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('requested_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('retain_until', sa.Date(), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'],
                                name=op.f('fk_record_restriction_patient_id_patient')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['app_user.id'],
                                name=op.f('fk_record_restriction_decided_by_id_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_record_restriction')),
    )
    with op.batch_alter_table('record_restriction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_restriction_patient_id'), ['patient_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('record_restriction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_restriction_patient_id'))
    op.drop_table('record_restriction')
