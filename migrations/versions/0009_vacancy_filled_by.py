"""a vacancy records who filled it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('representative', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filled_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_representative_filled_by_id_representative'),
            'representative',
            ['filled_by_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade() -> None:
    with op.batch_alter_table('representative', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_representative_filled_by_id_representative'), type_='foreignkey'
        )
        batch_op.drop_column('filled_by_id')
