"""edit versions for optimistic concurrency, and create-form tokens

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 18:42:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "edit_stamp",
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.Column("edited_at", db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["edited_by_id"],
            ["user.id"],
            name=op.f("fk_edit_stamp_edited_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("record_type", "record_key", name=op.f("pk_edit_stamp")),
    )
    op.create_table(
        "form_token",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("created_at", db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_form_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_token")),
    )
    with op.batch_alter_table("form_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_token_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_token_user_id"))
    op.drop_table("form_token")
    op.drop_table("edit_stamp")
