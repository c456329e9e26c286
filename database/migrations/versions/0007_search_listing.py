"""search terms carry the list order: first pages come from one covering index

Revision ID: 0007_search_listing
Revises: 0006_handouts
Create Date: 2026-11-25 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_search_listing'
down_revision = '0006_handouts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    sort_key = sa.String(length=220).with_variant(sa.String(length=220, collation='C'), 'postgresql')
    with op.batch_alter_table('patient_search_term', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_key', sort_key, server_default='', nullable=False))
        batch_op.add_column(sa.Column('archived', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.execute(sa.text(
        "UPDATE patient_search_term SET "
        "sort_key = (SELECT p.sort_key FROM patient p WHERE p.id = patient_search_term.patient_id), "
        "archived = (SELECT p.archived FROM patient p WHERE p.id = patient_search_term.patient_id)"))
    op.create_index('ix_patient_search_term_listing', 'patient_search_term',
                    ['term', 'archived', 'sort_key', 'patient_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_patient_search_term_listing', table_name='patient_search_term')
    with op.batch_alter_table('patient_search_term', schema=None) as batch_op:
        batch_op.drop_column('archived')
        batch_op.drop_column('sort_key')
