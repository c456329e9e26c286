"""episode outcome: one row of caseload figures per episode and their sums by month, back-filled

Revision ID: 0012_episode_outcome
Revises: 0011_appointments
Create Date: 2026-12-05 14:00:00

Practice → Outcomes aggregates these rows instead of every visit's measures; the services keep
them exact in every write transaction (services/episode_outcome.py). The back-fill computes each
existing episode's row with the same SQL the services use, on the migration's connection. A later
migration that changes this table or the records it reads rebuilds it the same way.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_episode_outcome'
down_revision = '0011_appointments'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from clinic_app.services.episode_outcome import refresh_episode_outcomes

    op.create_table(
        'episode_outcome',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=False),
        sa.Column('discharged', sa.Boolean(), nullable=False),
        sa.Column('clinician_id', sa.Integer(), nullable=True),
        sa.Column('signs', sa.Integer(), nullable=False),
        sa.Column('startback', sa.Integer(), nullable=True),
        sa.Column('visits', sa.Integer(), nullable=False),
        sa.Column('at_first', sa.Integer(), nullable=False),
        sa.Column('at_discharge', sa.Integer(), nullable=False),
        *(sa.Column(f'{key}_{end}', sa.Float(), nullable=True)
          for key in ('nprs_back', 'nprs_leg', 'odi', 'rmdq', 'psfs') for end in ('base', 'last')),
        sa.Column('screens', sa.Integer(), nullable=False),
        sa.Column('screens_not_asked', sa.Integer(), nullable=False),
        sa.Column('items_not_asked', sa.Integer(), nullable=False),
        sa.Column('run_started', sa.Boolean(), nullable=False),
        sa.Column('run_days', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['id'], ['episode.id'], ondelete='CASCADE',
                                name=op.f('fk_episode_outcome_id_episode')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_episode_outcome')),
    )
    with op.batch_alter_table('episode_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_episode_outcome_start_date'), ['start_date'],
                              unique=False)
    op.create_table(
        'episode_outcome_month',
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('key', sa.String(length=20), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('month', 'key', 'value', name=op.f('pk_episode_outcome_month')),
    )
    refresh_episode_outcomes(op.get_bind(), None)


def downgrade() -> None:
    op.drop_table('episode_outcome_month')
    with op.batch_alter_table('episode_outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_episode_outcome_start_date'))
    op.drop_table('episode_outcome')
