"""exercise library, plans, templates, run sessions, adherence

Revision ID: 0005_plans
Revises: 0004_outcome_measures
Create Date: 2026-11-25 06:48:09.304198
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_plans'
down_revision = '0004_outcome_measures'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exercise',
    sa.Column('id', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('custom', sa.Boolean(), nullable=False),
    sa.Column('image_file', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercise'))
    )
    op.create_table('plan_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_plan_template_created_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_template')),
    sa.UniqueConstraint('name', name=op.f('uq_plan_template_name'))
    )
    op.create_table('adherence_week',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('prescribed', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_adherence_week_episode_id_episode')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], name=op.f('fk_adherence_week_updated_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adherence_week')),
    sa.UniqueConstraint('episode_id', 'week_start', name=op.f('uq_adherence_week_episode_id'))
    )
    with op.batch_alter_table('adherence_week', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adherence_week_episode_id'), ['episode_id'], unique=False)

    op.create_table('plan_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_plan_revision_episode_id_episode')),
    sa.ForeignKeyConstraint(['saved_by_id'], ['app_user.id'], name=op.f('fk_plan_revision_saved_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_revision')),
    sa.UniqueConstraint('episode_id', 'revision', name=op.f('uq_plan_revision_episode_id'))
    )
    with op.batch_alter_table('plan_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_revision_episode_id'), ['episode_id'], unique=False)

    op.create_table('run_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('next_stage', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('logged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('logged_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_run_session_episode_id_episode')),
    sa.ForeignKeyConstraint(['logged_by_id'], ['app_user.id'], name=op.f('fk_run_session_logged_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_session'))
    )
    with op.batch_alter_table('run_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_session_episode_id'), ['episode_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('run_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_session_episode_id'))

    op.drop_table('run_session')
    with op.batch_alter_table('plan_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_revision_episode_id'))

    op.drop_table('plan_revision')
    with op.batch_alter_table('adherence_week', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adherence_week_episode_id'))

    op.drop_table('adherence_week')
    op.drop_table('plan_template')
    op.drop_table('exercise')
