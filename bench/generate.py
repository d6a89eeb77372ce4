"""The benchmark's world, bulk-inserted: regions, sectors, bureaus, federations and their trade
associations, enterprises with valid credit codes and their unions, coverage, and two logins.

Everything comes from one seeded random generator, so a run is reproducible. Organisation ids are
assigned here (the database is fresh) so that unions and coverage can point at them without
reading anything back; on PostgreSQL the id sequence is moved past them afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, text

from accounts.models import Role, User, new_session_nonce
from accounts.passwords import hash_password
from bench.database import analyze
from bench.vocabulary import (
    BRAND_CHARS,
    CITIES_PER_PROVINCE,
    COMPANY_FORMS,
    COUNTIES_PER_CITY,
    GIVEN_NAMES,
    PLACE_FIRST,
    PLACE_SECOND,
    PROVINCES,
    ROADS,
    SECTOR_WEIGHTS,
    SECTORS,
    SURNAMES,
)
from db import utcnow
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
from organizations.rules import CREDIT_CODE_ALPHABET, credit_code_check_char
from organizations.search import rebuild_name_index

BENCH_PASSWORD = "bench-password-2026"
ADMIN_USERNAME = "bench.admin"
FEDERATION_CHAIR_USERNAME = "bench.fed.chair"
CHUNK = 5_000


@dataclass(frozen=True)
class Sizes:
    federations: int = 200
    enterprises: int = 50_000
    bureaus: int = 1_000
    # The federation whose chair logs in: "a few hundred" enterprises, like a district federation.
    chair_federation_covers: int = 300

    def scaled(self, factor: float) -> Sizes:
        """Smaller worlds for a quick look; the chair's federation keeps its size where it can."""
        enterprises = max(50, int(self.enterprises * factor))
        return Sizes(
            federations=max(2, int(self.federations * factor)),
            enterprises=enterprises,
            bureaus=max(1, int(self.bureaus * factor)),
            chair_federation_covers=min(self.chair_federation_covers, enterprises // 2),
        )


@dataclass(frozen=True)
class World:
    """What parts need to know about the generated data without querying for it."""

    sizes: Sizes
    password: str
    admin_username: str
    federation_chair_username: str
    chair_federation_id: int
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Place:
    code: str
    name: str
    full_name: str
    city_name: str


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.now = utcnow()
        self.next_id = 1
        self.codes: set[str] = set()
        self.names: set[tuple[str, str]] = set()

    # --- values ------------------------------------------------------------------------------

    def credit_code(self, prefix: str, region_code: str) -> str:
        """GB 32100: registration prefix, area code, a 9-character organisation code, the check."""
        while True:
            body = "".join(self.rng.choices(CREDIT_CODE_ALPHABET, k=7))
            first17 = f"{prefix}{region_code}MA{body}"
            code = first17 + credit_code_check_char(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)

    def phone(self) -> str:
        return f"0{self.rng.randint(10, 999)}-{self.rng.randint(20_000_000, 89_999_999)}"

    def address(self, place: _Place) -> str:
        return f"{place.city_name}{place.name}{self.rng.choice(ROADS)}{self.rng.randint(1, 999)}号"

    def created_at(self) -> Any:
        return self.now - timedelta(
            days=self.rng.randint(0, 3 * 365), minutes=self.rng.randint(0, 1440)
        )

    def org(self, kind: OrgKind, name: str, region_code: str, **values: Any) -> dict[str, Any]:
        key = (kind.value, name)
        if key in self.names:
            raise ValueError(f"duplicate {kind.value} name {name}")
        self.names.add(key)
        created = self.created_at()
        row: dict[str, Any] = {
            "id": self.next_id,
            "kind": kind,
            "name": name,
            "credit_code": None,
            "region_code": region_code,
            "sector_code": None,
            "address": None,
            "phone": None,
            "legal_representative": None,
            "headcount": None,
            "women_headcount": None,
            "enterprise_id": None,
            "counterpart_id": None,
            "created_at": created,
            "updated_at": created,
        }
        row.update(values)
        self.next_id += 1
        return row

    # --- regions ------------------------------------------------------------------------------

    def regions(self) -> tuple[list[dict[str, Any]], list[_Place], list[_Place], list[_Place]]:
        pairs = [a + b for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
        self.rng.shuffle(pairs)
        city_names = iter(pairs)
        county_names = iter(
            name + suffix for name in reversed(pairs) for suffix in self.rng.sample("区县", 2)
        )
        rows: list[dict[str, Any]] = []
        provinces: list[_Place] = []
        cities: list[_Place] = []
        counties: list[_Place] = []
        for code2, province_name in PROVINCES:
            province = _Place(f"{code2}0000", province_name, province_name, "")
            provinces.append(province)
            rows.append({"code": province.code, "name": province.name, "full_name": province.name})
            for c in range(1, CITIES_PER_PROVINCE + 1):
                city_name = next(city_names) + "市"
                city = _Place(f"{code2}{c:02d}00", city_name, province_name + city_name, city_name)
                cities.append(city)
                rows.append({"code": city.code, "name": city.name, "full_name": city.full_name})
                for k in range(1, COUNTIES_PER_CITY + 1):
                    county_name = next(county_names)
                    county = _Place(
                        f"{code2}{c:02d}{k:02d}",
                        county_name,
                        city.full_name + county_name,
                        city_name,
                    )
                    counties.append(county)
                    rows.append(
                        {"code": county.code, "name": county.name, "full_name": county.full_name}
                    )
        return rows, provinces, cities, counties

    # --- organisations ------------------------------------------------------------------------

    def bureaus(
        self, count: int, provinces: list[_Place], cities: list[_Place], counties: list[_Place]
    ) -> list[dict[str, Any]]:
        rows = []
        for place in (provinces + cities + counties)[:count]:
            if place in provinces:
                name = f"{place.name}人力资源和社会保障厅"
            elif place in cities:
                name = f"{place.name}人力资源和社会保障局"
            else:
                name = f"{place.city_name}{place.name}人力资源和社会保障局"
            rows.append(
                self.org(
                    OrgKind.BUREAU,
                    name,
                    place.code,
                    credit_code=self.credit_code("11", place.code),
                    address=self.address(place),
                    phone=self.phone(),
                )
            )
        return rows

    def enterprise(self, place: _Place, sector: tuple[str, str, str, list[str]]) -> dict[str, Any]:
        code, _name, _short, words = sector
        while True:
            brand = "".join(self.rng.sample(BRAND_CHARS, 2))
            name = (
                f"{place.city_name}{place.name}{brand}"
                f"{self.rng.choice(words)}{self.rng.choice(COMPANY_FORMS)}"
            )
            if (OrgKind.ENTERPRISE.value, name) not in self.names:
                break
        headcount = min(20_000, max(5, int(self.rng.lognormvariate(4.0, 1.0))))
        return self.org(
            OrgKind.ENTERPRISE,
            name,
            place.code,
            credit_code=self.credit_code("91", place.code),
            sector_code=code,
            address=self.address(place),
            phone=self.phone(),
            legal_representative=self.person_name(),
            headcount=headcount,
            women_headcount=int(headcount * self.rng.uniform(0.2, 0.7)),
        )

    def union(self, enterprise: dict[str, Any]) -> dict[str, Any]:
        return self.org(
            OrgKind.UNION,
            f"{enterprise['name']}工会委员会",
            enterprise["region_code"],
            credit_code=self.credit_code("81", enterprise["region_code"]),
            sector_code=enterprise["sector_code"],
            address=enterprise["address"],
            enterprise_id=enterprise["id"],
        )


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _insert(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    rows = list(rows)
    for chunk in _chunks(rows):
        conn.execute(insert(table), chunk)
    return len(rows)


def _table(model: Any) -> Table:
    return model.__table__


def generate(engine: Engine, sizes: Sizes, *, seed: int = 2026) -> World:
    """Fill a fresh, migrated database with the world and return what parts need to know."""
    gen = _Generator(seed)
    rng = gen.rng
    region_rows, provinces, cities, counties = gen.regions()
    if sizes.federations > len(counties):
        raise ValueError(f"at most {len(counties)} federations (one per county)")

    superior = gen.org(
        OrgKind.SUPERIOR_UNION,
        f"{provinces[18].name}总工会",
        provinces[18].code,
        credit_code=gen.credit_code("81", provinces[18].code),
    )
    bureaus = gen.bureaus(sizes.bureaus, provinces, cities, counties)

    federation_places = rng.sample(counties, sizes.federations)
    federations: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    enterprises: list[dict[str, Any]] = []
    coverage: list[dict[str, Any]] = []
    covered_total = int(sizes.enterprises * 0.8)
    others = max(1, sizes.federations - 1)
    per_other = max(1, (covered_total - sizes.chair_federation_covers) // others)
    for i, place in enumerate(federation_places):
        sector = SECTORS[0] if i == 0 else rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
        code, _name, short, _words = sector
        association = gen.org(
            OrgKind.ASSOCIATION,
            f"{place.city_name}{place.name}{short}行业协会",
            place.code,
            sector_code=code,
            credit_code=gen.credit_code("51", place.code),
            legal_representative=gen.person_name(),
            address=gen.address(place),
        )
        federation = gen.org(
            OrgKind.FEDERATION,
            f"{place.name}{short}行业工会联合会",  # R18: area, sector, 工会联合会
            place.code,
            sector_code=code,
            credit_code=gen.credit_code("81", place.code),
            legal_representative=gen.person_name(),
            address=gen.address(place),
            counterpart_id=association["id"],
        )
        associations.append(association)
        federations.append(federation)
        if i == 0:
            covers = sizes.chair_federation_covers
        else:
            covers = rng.randint(per_other * 3 // 4, per_other * 5 // 4)
        covers = min(covers, sizes.enterprises - len(enterprises))
        for _ in range(covers):
            enterprise = gen.enterprise(place, sector)
            enterprises.append(enterprise)
            coverage.append(_link(federation, enterprise))
    # The rest are covered by no federation yet: anywhere, any sector.
    while len(enterprises) < sizes.enterprises:
        sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
        enterprises.append(gen.enterprise(rng.choice(counties), sector))
    # One enterprise in fifty gains one more federation (never the chair's: its count stays put).
    links = {(link["federation_id"], link["enterprise_id"]) for link in coverage}
    for enterprise in rng.sample(enterprises, len(enterprises) // 50):
        federation = rng.choice(federations[1:] or federations)
        if (federation["id"], enterprise["id"]) not in links:
            links.add((federation["id"], enterprise["id"]))
            coverage.append(_link(federation, enterprise))
    unions = [gen.union(enterprise) for enterprise in enterprises]

    people = [
        {
            "organization_id": org["id"],
            "name": org["legal_representative"],
            "position": Position.CHAIR,
            "title": title,
            "phone": None,
            "email": None,
            "created_at": org["created_at"],
        }
        for orgs, title in ((federations, "主席"), (associations, "会长"))
        for org in orgs
    ]
    password_hash = hash_password(BENCH_PASSWORD)
    users = [
        _user(ADMIN_USERNAME, "王建国", Role.ADMIN, superior["id"], password_hash),
        _user(
            FEDERATION_CHAIR_USERNAME,
            federations[0]["legal_representative"],
            Role.FEDERATION_CHAIR,
            federations[0]["id"],
            password_hash,
        ),
    ]
    sector_rows = [{"code": code, "name": name} for code, name, _short, _words in SECTORS]

    counts: dict[str, int] = {}
    with engine.begin() as conn:
        counts["regions"] = _insert(conn, _table(Region), region_rows)
        counts["sectors"] = _insert(conn, _table(Sector), sector_rows)
        organizations = _table(Organization)
        _insert(conn, organizations, [superior])
        counts["bureaus"] = _insert(conn, organizations, bureaus)
        counts["associations"] = _insert(conn, organizations, associations)
        counts["federations"] = _insert(conn, organizations, federations)
        counts["enterprises"] = _insert(conn, organizations, enterprises)
        counts["unions"] = _insert(conn, organizations, unions)
        counts["coverage"] = _insert(conn, _table(Coverage), coverage)
        counts["people"] = _insert(conn, _table(Person), people)
        counts["users"] = _insert(conn, _table(User), users)
        rebuild_name_index(conn)  # bulk inserts bypass the ORM hook that keeps the index
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('organization', 'id'), "
                    "(SELECT max(id) FROM organization))"
                )
            )
    analyze(engine)
    return World(
        sizes=sizes,
        password=BENCH_PASSWORD,
        admin_username=ADMIN_USERNAME,
        federation_chair_username=FEDERATION_CHAIR_USERNAME,
        chair_federation_id=federations[0]["id"],
        counts=counts,
    )


def _link(federation: dict[str, Any], enterprise: dict[str, Any]) -> dict[str, Any]:
    at = max(federation["created_at"], enterprise["created_at"])
    return {
        "federation_id": federation["id"],
        "enterprise_id": enterprise["id"],
        "credit_code": enterprise["credit_code"] or "",
        "status": CoverageStatus.ACCEPTED.value,
        "reason": None,
        "created_at": at,
        "updated_at": at,
    }


def _user(
    username: str, display_name: str, role: Role, organization_id: int, password_hash: str
) -> dict[str, Any]:
    return {
        "username": username,
        "display_name": display_name,
        "email": None,
        "password_hash": password_hash,
        "role": role,
        "organization_id": organization_id,
        "active": True,
        "must_change_password": False,
        "session_nonce": new_session_nonce(),
        "language": None,
        "created_at": utcnow(),
        "last_login_at": None,
    }
