"""The name index for substring search; drop the index that duplicated (kind, name)'s unique one

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _grams(name: str) -> set[str]:
    # The same pieces as organizations.rules.name_grams, frozen here as this revision knew them.
    folded = "".join(name.split()).casefold()
    if len(folded) < 2:
        return {folded} if folded else set()
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def upgrade() -> None:
    name_gram = op.create_table(
        "name_gram",
        sa.Column("gram", sa.String(length=2), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_name_gram_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gram", "organization_id", name=op.f("pk_name_gram")),
    )
    with op.batch_alter_table("name_gram", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_name_gram_organization_id"), ["organization_id"], unique=False
        )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index("ix_organization_kind_name")

    organization = sa.table("organization", sa.column("id", sa.Integer), sa.column("name", sa.String))
    rows = op.get_bind().execute(sa.select(organization.c.id, organization.c.name)).all()
    values = [{"gram": g, "organization_id": i} for i, name in rows for g in sorted(_grams(name))]
    for start in range(0, len(values), 5000):
        op.bulk_insert(name_gram, values[start : start + 5000])


def downgrade() -> None:
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index("ix_organization_kind_name", ["kind", "name"], unique=False)
    with op.batch_alter_table("name_gram", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_name_gram_organization_id"))
    op.drop_table("name_gram")
