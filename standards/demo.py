"""The demo world's reference figures: the real Guangdong (2025) and Hebei (2023) minimum wages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from organizations.demo import SeedReport
from organizations.models import Region
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
    # Hebei grades its counties one by one, in three classes: the demo holds one area of each
    # (石家庄's districts bar 井陉矿区 are class 1, 晋州 class 2, 井陉县 class 3; every district
    # and county of 唐山 is class 1).
    ("130102", "一类", "2200", "22", HEBEI_2023, HEBEI_SOURCE),  # 石家庄市长安区
    ("130200", "一类", "2200", "22", HEBEI_2023, HEBEI_SOURCE),  # 唐山市
    ("130183", "二类", "2000", "20", HEBEI_2023, HEBEI_SOURCE),  # 石家庄市晋州市
    ("130121", "三类", "1800", "18", HEBEI_2023, HEBEI_SOURCE),  # 石家庄市井陉县
]

# Areas the minimum wages need beyond those organizations.demo seeds (code, name, full name).
REGIONS = [
    ("130183", "晋州市", "河北省石家庄市晋州市"),
    ("130121", "井陉县", "河北省石家庄市井陉县"),
]


def seed_standards(session: Session, report: SeedReport) -> None:
    for code, name, full_name in REGIONS:
        exists = session.get(Region, code) is not None
        report.tally(not exists)
        if not exists:
            session.add(Region(code=code, name=name, full_name=full_name))
    session.flush()
    for region_code, grade, monthly, hourly, effective_from, source in MINIMUM_WAGES:
        existing = session.exec(
            select(MinimumWage.id).where(
                MinimumWage.region_code == region_code,
                MinimumWage.effective_from == effective_from,
            )
        ).first()
        report.tally(existing is None)
        if existing is None:
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
