"""The demo world's reference figures: the real Guangdong (2025) and Hebei (2023) minimum wages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from organizations.demo import SeedReport
from standards.models import MinimumWage

GUANGDONG_2025 = date(2025, 3, 1)
GUANGDONG_SOURCE = "广东省人民政府关于调整我省最低工资标准的通知（2025年3月1日起执行）"
HEBEI_2023 = date(2023, 1, 1)
HEBEI_SOURCE = "河北省人民政府关于调整全省最低工资标准的通知（2023年1月1日起执行）"

# region, grade, monthly, hourly (part-time), from, source
MINIMUM_WAGES = [
    ("440100", "一类", "2500", "23.7", GUANGDONG_2025, GUANGDONG_SOURCE),  # 广州
    ("440300", "一类", "2520", "23.7", GUANGDONG_2025, GUANGDONG_SOURCE),  # 深圳
    *[
        (code, "二类", "2080", "19.8", GUANGDONG_2025, GUANGDONG_SOURCE)
        for code in ("440400", "440600", "441900", "442000")  # 珠海 佛山 东莞 中山
    ],
    *[
        (code, "三类", "1850", "18.3", GUANGDONG_2025, GUANGDONG_SOURCE)
        for code in ("440500", "441300", "440700", "440800", "441200")  # 汕头 惠州 江门 湛江 肇庆
    ],
    # Every other city of the province is class 4.
    ("440000", "四类", "1750", "17.4", GUANGDONG_2025, GUANGDONG_SOURCE),
    # Hebei grades its counties one by one; the demo holds one main district of the capital.
    ("130102", "一类", "2200", "22", HEBEI_2023, HEBEI_SOURCE),  # 石家庄市长安区
]


def seed_standards(session: Session, report: SeedReport) -> None:
    for region_code, grade, monthly, hourly, effective_from, source in MINIMUM_WAGES:
        exists = session.exec(
            select(MinimumWage.id).where(
                MinimumWage.region_code == region_code,
                MinimumWage.effective_from == effective_from,
            )
        ).first()
        report.tally(exists is None)
        if exists is None:
            session.add(
                MinimumWage(
                    region_code=region_code,
                    effective_from=effective_from,
                    monthly=Decimal(monthly),
                    hourly=Decimal(hourly),
                    grade=grade,
                    source=source,
                )
            )
    session.flush()
