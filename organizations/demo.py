"""The demo world's organisations: a Guangzhou district catering federation and its sector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlmodel import Session, select

from organizations.coverage import grant_coverage
from organizations.models import (
    Coverage,
    CoverageStatus,
    Organization,
    OrgKind,
    Person,
    Position,
    Region,
    Sector,
)
from organizations.rules import credit_code_check_char

REGIONS = [
    ("440000", "广东省", "广东省"),
    ("440100", "广州市", "广东省广州市"),
    ("440103", "荔湾区", "广东省广州市荔湾区"),
    ("440104", "越秀区", "广东省广州市越秀区"),
    ("440105", "海珠区", "广东省广州市海珠区"),
    ("440106", "天河区", "广东省广州市天河区"),
    ("440111", "白云区", "广东省广州市白云区"),
    ("440113", "番禺区", "广东省广州市番禺区"),
    ("440300", "深圳市", "广东省深圳市"),
    ("440304", "福田区", "广东省深圳市福田区"),
    ("440305", "南山区", "广东省深圳市南山区"),
    ("440400", "珠海市", "广东省珠海市"),
    ("440500", "汕头市", "广东省汕头市"),
    ("440600", "佛山市", "广东省佛山市"),
    ("440700", "江门市", "广东省江门市"),
    ("440800", "湛江市", "广东省湛江市"),
    ("441200", "肇庆市", "广东省肇庆市"),
    ("441300", "惠州市", "广东省惠州市"),
    ("441900", "东莞市", "广东省东莞市"),
    ("442000", "中山市", "广东省中山市"),
    ("130000", "河北省", "河北省"),
    ("130100", "石家庄市", "河北省石家庄市"),
    ("130102", "长安区", "河北省石家庄市长安区"),
    ("130200", "唐山市", "河北省唐山市"),
]

SECTORS = [
    ("H61", "住宿业"),
    ("H62", "餐饮业"),
    ("F52", "零售业"),
    ("E47", "房屋建筑业"),
    ("N78", "公共设施管理业"),
    ("O80", "居民服务业"),
]

# name, legal representative, headcount, women, union chair
RESTAURANTS = [
    ("广州市海珠区粤味轩餐饮有限公司", "梁国华", 186, 97, "何秀英"),
    ("广州市海珠区江南茶楼有限公司", "陈少雄", 142, 80, "李丽娟"),
    ("广州市海珠区珠江渔港酒家有限公司", "黄德明", 230, 121, "吴志强"),
    ("广州市海珠区南粤点心餐饮管理有限公司", "罗振华", 96, 58, "冯美玲"),
    ("广州市海珠区滨江烧腊店有限公司", "张伟文", 38, 17, "邓建平"),
    ("广州市海珠区客家人家饭店有限公司", "钟永康", 64, 35, "刘惠芳"),
    ("广州市海珠区琶洲美食广场经营管理有限公司", "郑海涛", 310, 168, "周晓燕"),
    ("广州市海珠区四季鲜粥城有限公司", "谢志坚", 52, 31, "蔡丽华"),
    ("广州市海珠区潮汕牛肉火锅店有限公司", "林少鹏", 75, 36, "许振东"),
    ("广州市海珠区小蛮腰西餐厅有限公司", "赵文杰", 44, 22, "孙玉梅"),
    ("广州市海珠区荔枝湾快餐连锁有限公司", "杨志华", 128, 74, "朱秀兰"),
    ("广州市海珠区新港西路早茶酒楼有限公司", "欧阳明", 167, 90, "胡国强"),
]

HAIZHU = "440105"
FEDERATION = "广州市海珠区餐饮行业工会联合会"
ASSOCIATION = "广州市海珠区餐饮行业协会"
DISTRICT_BUREAU = "广州市海珠区人力资源和社会保障局"
CITY_BUREAU = "广州市人力资源和社会保障局"
SUPERIOR_UNION = "广州市海珠区总工会"
FIRST_RESTAURANT = RESTAURANTS[0][0]


def demo_credit_code(prefix: str, seq: int) -> str:
    """A well-formed code for a demo record: registration prefix, area, a serial, the check."""
    first17 = f"{prefix}MA{seq:07d}"
    return first17 + credit_code_check_char(first17)


class Tally(Protocol):
    """What seeding the reference data needs of a report: a count of rows made or found."""

    def tally(self, created: bool, /) -> None: ...


@dataclass
class SeedReport:
    created: int = 0
    existing: int = 0
    orgs: dict[str, Organization] = field(default_factory=dict)

    def tally(self, created: bool) -> None:
        if created:
            self.created += 1
        else:
            self.existing += 1


def _org(
    session: Session, report: SeedReport, kind: OrgKind, name: str, **values: Any
) -> Organization:
    org = session.exec(
        select(Organization).where(Organization.kind == kind, Organization.name == name)
    ).first()
    report.tally(org is None)
    if org is None:
        org = Organization(kind=kind, name=name, **values)
        session.add(org)
        session.flush()
    report.orgs[name] = org
    return org


def _person(
    session: Session,
    report: SeedReport,
    org: Organization,
    name: str,
    position: Position,
    title: str | None = None,
) -> None:
    exists = session.exec(
        select(Person).where(Person.organization_id == org.id, Person.name == name)
    ).first()
    report.tally(exists is None)
    if exists is None:
        session.add(Person(organization_id=org.id or 0, name=name, position=position, title=title))


def seed_reference(session: Session, report: Tally) -> None:
    for code, name, full_name in REGIONS:
        exists = session.get(Region, code) is not None
        report.tally(not exists)
        if not exists:
            session.add(Region(code=code, name=name, full_name=full_name))
    for code, name in SECTORS:
        exists = session.get(Sector, code) is not None
        report.tally(not exists)
        if not exists:
            session.add(Sector(code=code, name=name))
    session.flush()


def seed_organizations(session: Session, report: SeedReport) -> None:
    seed_reference(session, report)
    superior = _org(
        session,
        report,
        OrgKind.SUPERIOR_UNION,
        SUPERIOR_UNION,
        region_code=HAIZHU,
        credit_code=demo_credit_code("81440105", 1),
        address="广州市海珠区江南大道中168号",
    )
    _person(session, report, superior, "王建国", Position.CHAIR, "主席")
    association = _org(
        session,
        report,
        OrgKind.ASSOCIATION,
        ASSOCIATION,
        region_code=HAIZHU,
        sector_code="H62",
        credit_code=demo_credit_code("51440105", 2),
        address="广州市海珠区宝岗大道288号",
        legal_representative="黄伟强",
    )
    _person(session, report, association, "黄伟强", Position.CHAIR, "会长")
    _person(session, report, association, "麦嘉欣", Position.STAFF, "秘书长")
    federation = _org(
        session,
        report,
        OrgKind.FEDERATION,
        FEDERATION,
        region_code=HAIZHU,
        sector_code="H62",
        credit_code=demo_credit_code("81440105", 3),
        address="广州市海珠区江南大道中168号4楼",
        legal_representative="陈志明",
        counterpart_id=association.id,
    )
    _person(session, report, federation, "陈志明", Position.CHAIR, "主席")
    _person(session, report, federation, "苏丽萍", Position.STAFF, "专职工会工作者")
    bureau = _org(
        session,
        report,
        OrgKind.BUREAU,
        DISTRICT_BUREAU,
        region_code=HAIZHU,
        credit_code=demo_credit_code("11440105", 4),
        address="广州市海珠区南洲路1号",
    )
    _person(session, report, bureau, "卢文斌", Position.REVIEWER, "劳动关系科科员")
    _org(
        session,
        report,
        OrgKind.BUREAU,
        CITY_BUREAU,
        region_code="440100",
        credit_code=demo_credit_code("11440100", 5),
        address="广州市越秀区流花路111号",
    )
    for seq, (name, legal_rep, headcount, women, chair) in enumerate(RESTAURANTS, start=100):
        enterprise = _org(
            session,
            report,
            OrgKind.ENTERPRISE,
            name,
            region_code=HAIZHU,
            sector_code="H62",
            credit_code=demo_credit_code("91440105", seq),
            legal_representative=legal_rep,
            headcount=headcount,
            women_headcount=women,
            address=f"广州市海珠区{['江南大道', '新港西路', '昌岗路', '宝岗大道'][seq % 4]}{seq}号",
        )
        _person(session, report, enterprise, legal_rep, Position.LEGAL_REPRESENTATIVE, "总经理")
        union = _org(
            session,
            report,
            OrgKind.UNION,
            f"{name}工会委员会",
            region_code=HAIZHU,
            sector_code="H62",
            enterprise_id=enterprise.id,
            credit_code=demo_credit_code("81440105", seq),
        )
        _person(session, report, union, chair, Position.CHAIR, "工会主席")
        covered = session.exec(
            select(Coverage.id).where(
                Coverage.federation_id == federation.id,
                Coverage.enterprise_id == enterprise.id,
                Coverage.status == CoverageStatus.ACCEPTED,
            )
        ).first()
        report.tally(covered is None)
        if covered is None:  # the demo's coverage is in force, as if each union had accepted
            grant_coverage(session, federation, enterprise, actor=None)
    session.flush()
