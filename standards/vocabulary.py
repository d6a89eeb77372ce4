"""The words of a labour standard: item kinds, units, directions, and what each kind allows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# The values are stored in the database and in exports: never change one, only add.


class ItemKind(StrEnum):
    MONTHLY_PAY_FLOOR = "monthly_pay_floor"  # 月工资标准（岗位工种最低）
    HOURLY_RATE = "hourly_rate"  # 工时工价、小时工资: full-time work paid by the hour
    PART_TIME_HOURLY_RATE = "part_time_hourly_rate"  # 非全日制小时工资 (劳动合同法 第六十八条)
    PIECE_RATE = "piece_rate"  # 计件单价
    LABOUR_QUOTA = "labour_quota"  # 劳动定额
    WEEKLY_HOURS = "weekly_hours"  # 周工作时间
    ANNUAL_RISE = "annual_rise"  # 年度工资增长幅度
    ALLOWANCE = "allowance"  # 津贴、补贴


class Unit(StrEnum):
    """Units as people write them on a standard."""

    YUAN_PER_MONTH = "元/月"
    YUAN_PER_HOUR = "元/小时"
    YUAN_PER_PIECE = "元/件"
    PIECES_PER_HOUR = "件/小时"
    PIECES_PER_DAY = "件/天"
    HOURS_PER_WEEK = "小时/周"
    PERCENT = "%"


class Direction(StrEnum):
    """Which way is better for workers (R16)."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


@dataclass(frozen=True, slots=True)
class KindRule:
    """What an item of one kind may be: its units, the only direction that makes sense for it,
    whether it is held against the minimum wage (R14), and its largest possible value."""

    units: frozenset[Unit]
    direction: Direction
    counts_for_minimum_wage: bool
    maximum: Decimal | None = None


KIND_RULES: dict[ItemKind, KindRule] = {
    ItemKind.MONTHLY_PAY_FLOOR: KindRule(
        frozenset({Unit.YUAN_PER_MONTH}), Direction.HIGHER_IS_BETTER, True
    ),
    ItemKind.HOURLY_RATE: KindRule(
        frozenset({Unit.YUAN_PER_HOUR}), Direction.HIGHER_IS_BETTER, True
    ),
    # Held against the hourly minimum for part-time work, not monthly ÷ 174 (wage_floor).
    ItemKind.PART_TIME_HOURLY_RATE: KindRule(
        frozenset({Unit.YUAN_PER_HOUR}), Direction.HIGHER_IS_BETTER, True
    ),
    # A piece rate is not a wage for a period of work, and allowances are not counted in the
    # minimum wage, so neither is held against it.
    ItemKind.PIECE_RATE: KindRule(
        frozenset({Unit.YUAN_PER_PIECE}), Direction.HIGHER_IS_BETTER, False
    ),
    # A lower quota asks less work for the same pay.
    ItemKind.LABOUR_QUOTA: KindRule(
        frozenset({Unit.PIECES_PER_HOUR, Unit.PIECES_PER_DAY}), Direction.LOWER_IS_BETTER, False
    ),
    ItemKind.WEEKLY_HOURS: KindRule(
        frozenset({Unit.HOURS_PER_WEEK}), Direction.LOWER_IS_BETTER, False, Decimal("168")
    ),
    ItemKind.ANNUAL_RISE: KindRule(
        frozenset({Unit.PERCENT}), Direction.HIGHER_IS_BETTER, False, Decimal("100")
    ),
    ItemKind.ALLOWANCE: KindRule(
        frozenset({Unit.YUAN_PER_MONTH}), Direction.HIGHER_IS_BETTER, False
    ),
}
