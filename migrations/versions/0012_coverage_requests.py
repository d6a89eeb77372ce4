"""coverage is requested by a federation and accepted by the enterprise's union

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 18:41:00.000000

The table changes its key (an id: a federation may ask again after a refusal), so it is rebuilt:
its rows are read, the table is made anew and the rows written back, on both databases. Every
coverage that existed before is accepted. A downgrade keeps only the accepted coverage.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_ROWS = "status IN ('requested', 'accepted')"
STATUSES = ('requested', 'accepted', 'declined', 'withdrawn', 'ended')


def _foreign_keys() -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ['enterprise_id'],
            ['organization.id'],
            name=op.f('fk_coverage_enterprise_id_organization'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['federation_id'],
            ['organization.id'],
            name=op.f('fk_coverage_federation_id_organization'),
            ondelete='CASCADE',
        ),
    ]


def upgrade() -> None:
    conn = op.get_bind()
    old = sa.table(
        'coverage',
        sa.column('federation_id', sa.Integer()),
        sa.column('enterprise_id', sa.Integer()),
        sa.column('created_at', db.UTCDateTime(timezone=True)),
    )
    org = sa.table('organization', sa.column('id', sa.Integer()), sa.column('credit_code'))
    rows = conn.execute(
        sa.select(old.c.federation_id, old.c.enterprise_id, old.c.created_at, org.c.credit_code)
        .join(org, org.c.id == old.c.enterprise_id)
        .order_by(old.c.created_at, old.c.federation_id, old.c.enterprise_id)
    ).all()
    with op.batch_alter_table('coverage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coverage_enterprise_id'))
    op.drop_table('coverage')
    new = op.create_table(
        'coverage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('federation_id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=True),
        sa.Column('credit_code', sa.String(length=18), nullable=False),
        sa.Column(
            'status',
            sa.Enum(*STATUSES, name='coveragestatus', native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column('reason', sa.String(length=500), nullable=True),
        sa.Column('created_at', db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', db.UTCDateTime(timezone=True), nullable=False),
        *_foreign_keys(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage')),
    )
    with op.batch_alter_table('coverage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coverage_enterprise_id'), ['enterprise_id'])
        batch_op.create_index('ix_coverage_federation_status', ['federation_id', 'status'])
        for name, column in (
            ('uq_coverage_open_code', 'credit_code'),
            ('uq_coverage_open_enterprise', 'enterprise_id'),
        ):
            batch_op.create_index(
                name,
                ['federation_id', column],
                unique=True,
                sqlite_where=sa.text(OPEN_ROWS),
                postgresql_where=sa.text(OPEN_ROWS),
            )
    op.bulk_insert(
        new,
        [
            {
                'federation_id': row.federation_id,
                'enterprise_id': row.enterprise_id,
                'credit_code': row.credit_code or '',
                'status': 'accepted',
                'reason': None,
                'created_at': row.created_at,
                'updated_at': row.created_at,
            }
            for row in rows
        ],
    )


def downgrade() -> None:
    conn = op.get_bind()
    current = sa.table(
        'coverage',
        sa.column('federation_id', sa.Integer()),
        sa.column('enterprise_id', sa.Integer()),
        sa.column('status', sa.String()),
        sa.column('created_at', db.UTCDateTime(timezone=True)),
    )
    rows = conn.execute(
        sa.select(current.c.federation_id, current.c.enterprise_id, current.c.created_at).where(
            current.c.status == 'accepted', current.c.enterprise_id.is_not(None)
        )
    ).all()
    with op.batch_alter_table('coverage', schema=None) as batch_op:
        for name in (
            'uq_coverage_open_enterprise',
            'uq_coverage_open_code',
            'ix_coverage_federation_status',
        ):
            batch_op.drop_index(name)
        batch_op.drop_index(batch_op.f('ix_coverage_enterprise_id'))
    op.drop_table('coverage')
    old = op.create_table(
        'coverage',
        sa.Column('federation_id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('created_at', db.UTCDateTime(timezone=True), nullable=False),
        *_foreign_keys(),
        sa.PrimaryKeyConstraint('federation_id', 'enterprise_id', name=op.f('pk_coverage')),
    )
    with op.batch_alter_table('coverage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coverage_enterprise_id'), ['enterprise_id'])
    op.bulk_insert(
        old,
        [
            {
                'federation_id': row.federation_id,
                'enterprise_id': row.enterprise_id,
                'created_at': row.created_at,
            }
            for row in rows
        ],
    )
