"""outcome measures and PSFS series

Revision ID: 0004_outcome_measures
Revises: 0003_exams
Create Date: 2026-11-25 06:27:42.023670
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_outcome_measures'
down_revision = '0003_exams'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('psfs_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('activities', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_psfs_series_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_psfs_series_episode_id_episode')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_psfs_series'))
    )
    with op.batch_alter_table('psfs_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_psfs_series_episode_id'), ['episode_id'], unique=False)

    op.create_table('visit_measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_visit_measures_episode_id_episode')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], name=op.f('fk_visit_measures_updated_by_id_app_user')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_visit_measures_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_measures')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_visit_measures_visit_id'))
    )
    with op.batch_alter_table('visit_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_measures_episode_id'), ['episode_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visit_measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_measures_episode_id'))

    op.drop_table('visit_measures')
    with op.batch_alter_table('psfs_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_psfs_series_episode_id'))

    op.drop_table('psfs_series')
