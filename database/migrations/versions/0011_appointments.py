"""appointments: the appointment book, clinicians' working hours and the waitlist

Revision ID: 0011_appointments
Revises: 0010_record_restriction
Create Date: 2026-12-05 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_appointments'
down_revision = '0010_record_restriction'
branch_labels = None
depends_on = None


def _versioned(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'],
                                name=op.f(f'fk_{table}_updated_by_id_app_user')),
    ]


def upgrade() -> None:
    op.create_table(
        'appointment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('clinician_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('cancel_reason', sa.Text(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=True),
        *_versioned('appointment'),
        sa.CheckConstraint("kind IN ('initial', 'follow_up', 'rtr_review')",
                           name=op.f('ck_appointment_kind')),
        sa.CheckConstraint("status IN ('booked', 'arrived', 'in_session', 'done', 'cancelled', "
                           "'dna')", name=op.f('ck_appointment_status')),
        sa.CheckConstraint('minutes > 0', name=op.f('ck_appointment_minutes')),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'],
                                name=op.f('fk_appointment_patient_id_patient')),
        sa.ForeignKeyConstraint(['clinician_id'], ['app_user.id'],
                                name=op.f('fk_appointment_clinician_id_app_user')),
        sa.ForeignKeyConstraint(['visit_id'], ['visit.id'],
                                name=op.f('fk_appointment_visit_id_visit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment')),
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_patient_id'), ['patient_id'],
                              unique=False)
        batch_op.create_index('ix_appointment_clinician_starts', ['clinician_id', 'starts_at'],
                              unique=False)
        batch_op.create_index('ix_appointment_starts_at', ['starts_at'], unique=False)

    op.create_table(
        'clinician_hours',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('pattern', sa.Text(), nullable=False),
        *_versioned('clinician_hours'),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'],
                                name=op.f('fk_clinician_hours_user_id_app_user')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_clinician_hours')),
    )

    op.create_table(
        'waitlist_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('clinician_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('closed', sa.Boolean(), server_default=sa.false(), nullable=False),
        *_versioned('waitlist_entry'),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'],
                                name=op.f('fk_waitlist_entry_patient_id_patient')),
        sa.ForeignKeyConstraint(['clinician_id'], ['app_user.id'],
                                name=op.f('fk_waitlist_entry_clinician_id_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist_entry')),
    )
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waitlist_entry_patient_id'), ['patient_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waitlist_entry_patient_id'))
    op.drop_table('waitlist_entry')
    op.drop_table('clinician_hours')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_starts_at')
        batch_op.drop_index('ix_appointment_clinician_starts')
        batch_op.drop_index(batch_op.f('ix_appointment_patient_id'))
    op.drop_table('appointment')
