"""Term sets packed: a shared layout of their items and their figures as one value per set

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

import hashlib
import struct
from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "monthly_pay_floor",
    "hourly_rate",
    "piece_rate",
    "labour_quota",
    "weekly_hours",
    "annual_rise",
    "allowance",
)
UNITS = ("元/月", "元/小时", "元/件", "件/小时", "件/天", "小时/周", "%")

# The packing of standards.bulk, frozen here as this revision knew it: a line per item,
# "kind<TAB>unit<TAB>job category"; figures as little-endian 64-bit ten-thousandths.


def _pack(values: list[Decimal]) -> bytes:
    return struct.pack(f"<{len(values)}q", *(int(v.scaleb(4)) for v in values))


def _unpack(data: bytes) -> list[Decimal]:
    return [Decimal(n).scaleb(-4) for n in struct.unpack(f"<{len(data) // 8}q", data)]


term_item = sa.table(
    "term_item",
    sa.column("id", sa.Integer),
    sa.column("term_set_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("job_category", sa.String),
    sa.column("value", sa.Numeric(14, 4)),
    sa.column("unit", sa.String),
)
term_set = sa.table(
    "term_set",
    sa.column("id", sa.Integer),
    sa.column("layout_id", sa.Integer),
    sa.column("amounts", sa.LargeBinary),
)
term_layout = sa.table(
    "term_layout",
    sa.column("id", sa.Integer),
    sa.column("digest", sa.String),
    sa.column("item_keys", sa.Text),
)


def _create_term_item() -> None:
    op.create_table(
        "term_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="itemkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("job_category", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column(
            "unit", sa.Enum(*UNITS, name="unit", native_enum=False, length=32), nullable=False
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_term_item_value_not_negative")),
        sa.ForeignKeyConstraint(
            ["term_set_id"],
            ["term_set.id"],
            name=op.f("fk_term_item_term_set_id_term_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term_item")),
        sa.UniqueConstraint(
            "term_set_id",
            "kind",
            "job_category",
            name=op.f("uq_term_item_term_set_id_kind_job_category"),
        ),
    )


def upgrade() -> None:
    op.create_table(
        "term_layout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("item_keys", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term_layout")),
        sa.UniqueConstraint("digest", name=op.f("uq_term_layout_digest")),
    )
    with op.batch_alter_table("term_set", schema=None) as batch_op:
        batch_op.add_column(sa.Column("layout_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("amounts", sa.LargeBinary(), nullable=True))

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            term_item.c.term_set_id,
            term_item.c.kind,
            term_item.c.unit,
            term_item.c.job_category,
            term_item.c.value,
        ).order_by(term_item.c.term_set_id, term_item.c.position, term_item.c.id)
    ).all()
    items: dict[int, list[tuple[str, str, str, Decimal]]] = {}
    for set_id, kind, unit, category, value in rows:
        items.setdefault(set_id, []).append((kind, unit, category, Decimal(value)))
    for (set_id,) in bind.execute(sa.select(term_set.c.id)).all():
        entries = items.get(set_id, [])
        keys = "\n".join(f"{kind}\t{unit}\t{category}" for kind, unit, category, _ in entries)
        digest = hashlib.sha256(keys.encode("utf-8")).hexdigest()
        layout_id = bind.execute(
            sa.select(term_layout.c.id).where(term_layout.c.digest == digest)
        ).scalar()
        if layout_id is None:
            layout_id = bind.execute(
                sa.insert(term_layout).values(digest=digest, item_keys=keys).returning(term_layout.c.id)
            ).scalar_one()
        bind.execute(
            sa.update(term_set)
            .where(term_set.c.id == set_id)
            .values(layout_id=layout_id, amounts=_pack([e[3] for e in entries]))
        )

    with op.batch_alter_table("term_set", schema=None) as batch_op:
        batch_op.alter_column("layout_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("amounts", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.create_index(batch_op.f("ix_term_set_layout_id"), ["layout_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_term_set_layout_id_term_layout"), "term_layout", ["layout_id"], ["id"]
        )
    op.drop_table("term_item")


def downgrade() -> None:
    bind = op.get_bind()
    layouts = dict(bind.execute(sa.select(term_layout.c.id, term_layout.c.item_keys)).all())
    values = []
    for set_id, layout_id, amounts in bind.execute(
        sa.select(term_set.c.id, term_set.c.layout_id, term_set.c.amounts)
    ).all():
        keys = layouts[layout_id]
        lines = keys.split("\n") if keys else []
        for position, (line, value) in enumerate(zip(lines, _unpack(amounts), strict=True)):
            kind, unit, category = line.split("\t", 2)
            values.append(
                {
                    "term_set_id": set_id,
                    "position": position,
                    "kind": kind,
                    "job_category": category,
                    "value": value,
                    "unit": unit,
                }
            )
    # term_set is rebuilt on SQLite before term_item exists: dropping the old table would
    # otherwise delete the items through their ON DELETE CASCADE.
    with op.batch_alter_table("term_set", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_term_set_layout_id_term_layout"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_term_set_layout_id"))
        batch_op.drop_column("amounts")
        batch_op.drop_column("layout_id")
    op.drop_table("term_layout")
    _create_term_item()
    for start in range(0, len(values), 5000):
        op.bulk_insert(term_item, values[start : start + 5000])
