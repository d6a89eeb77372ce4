"""The benchmark's world, bulk-inserted: regions, sectors, bureaus, federations and their trade
associations, enterprises with valid credit codes and their unions, coverage, and two logins.

Everything comes from one seeded random generator, so a run is reproducible. Organisation ids are
assigned here (the database is fresh) so that unions and coverage can point at them without
reading anything back; on PostgreSQL the id sequence is moved past them afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, text

from accounts.models import Role, User
from accounts.passwords import hash_password
from bench.database import analyze
from bench.rows import RowMaker, account_row, coverage_row
from bench.vocabulary import (
    SECTOR_WEIGHTS,
    SECTORS,
)
from organizations.models import (
    Coverage,
    Organization,
    OrgKind,
    Person,
    Position,
    Region,
    Sector,
)
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
    gen = RowMaker(seed)
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
            coverage.append(coverage_row(federation, enterprise))
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
            coverage.append(coverage_row(federation, enterprise))
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
        account_row(ADMIN_USERNAME, "王建国", Role.ADMIN, superior["id"], password_hash),
        account_row(
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
