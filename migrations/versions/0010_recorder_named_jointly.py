"""the recorder is named by both sides

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('negotiation', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('recorder_union_agrees', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                'recorder_employer_agrees', sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    # A recorder named before this change stood for both sides: keep it so.
    op.execute(
        "UPDATE negotiation SET recorder_union_agrees = TRUE, recorder_employer_agrees = TRUE "
        "WHERE recorder_phone IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('negotiation', schema=None) as batch_op:
        batch_op.drop_column('recorder_employer_agrees')
        batch_op.drop_column('recorder_union_agrees')
