"""exams and interpretation decisions

Revision ID: 0003_exams
Revises: 0002_intake_red_flags
Create Date: 2026-11-25 06:08:34.128503
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_exams'
down_revision = '0002_intake_red_flags'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exam',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('copied', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], name=op.f('fk_exam_updated_by_id_app_user')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_exam_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_exam_visit_id'))
    )
    op.create_table('exam_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('finding_key', sa.String(length=40), nullable=False),
    sa.Column('decision', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("decision IN ('accepted', 'overridden')", name=op.f('ck_exam_decision_decision')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['app_user.id'], name=op.f('fk_exam_decision_decided_by_id_app_user')),
    sa.ForeignKeyConstraint(['exam_id'], ['exam.id'], name=op.f('fk_exam_decision_exam_id_exam')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_decision'))
    )
    with op.batch_alter_table('exam_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_decision_exam_id'), ['exam_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exam_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_decision_exam_id'))

    op.drop_table('exam_decision')
    op.drop_table('exam')
