"""intake revisions, red-flag screens and events

Revision ID: 0002_intake_red_flags
Revises: 0001_foundation
Create Date: 2026-11-25 05:56:25.218659
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_intake_red_flags'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intake_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_intake_revision_episode_id_episode')),
    sa.ForeignKeyConstraint(['saved_by_id'], ['app_user.id'], name=op.f('fk_intake_revision_saved_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_revision')),
    sa.UniqueConstraint('episode_id', 'revision', name=op.f('uq_intake_revision_episode_id'))
    )
    with op.batch_alter_table('intake_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_revision_episode_id'), ['episode_id'], unique=False)

    op.create_table('red_flag_screen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('screened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('screened_by_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('severe_pain', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_red_flag_screen_episode_id_episode')),
    sa.ForeignKeyConstraint(['screened_by_id'], ['app_user.id'], name=op.f('fk_red_flag_screen_screened_by_id_app_user')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_red_flag_screen_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_red_flag_screen'))
    )
    with op.batch_alter_table('red_flag_screen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_red_flag_screen_episode_id'), ['episode_id'], unique=False)

    op.create_table('red_flag_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('screen_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=4), nullable=False),
    sa.Column('tier', sa.String(length=10), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('action_taken', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("tier IN ('emergency', 'urgent', 'prompt')", name=op.f('ck_red_flag_event_tier')),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['app_user.id'], name=op.f('fk_red_flag_event_acknowledged_by_id_app_user')),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_red_flag_event_episode_id_episode')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['app_user.id'], name=op.f('fk_red_flag_event_resolved_by_id_app_user')),
    sa.ForeignKeyConstraint(['screen_id'], ['red_flag_screen.id'], name=op.f('fk_red_flag_event_screen_id_red_flag_screen')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], name=op.f('fk_red_flag_event_updated_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_red_flag_event'))
    )
    with op.batch_alter_table('red_flag_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_red_flag_event_episode_id'), ['episode_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('red_flag_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_red_flag_event_episode_id'))

    op.drop_table('red_flag_event')
    with op.batch_alter_table('red_flag_screen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_red_flag_screen_episode_id'))

    op.drop_table('red_flag_screen')
    with op.batch_alter_table('intake_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_revision_episode_id'))

    op.drop_table('intake_revision')
