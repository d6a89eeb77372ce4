"""The rows of the benchmark's world, made by one seeded generator: regions, organisations with
valid credit codes, a federation's coverage of an enterprise, and accounts (bench.generate
inserts them)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from accounts.models import Role, new_session_nonce
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
    SURNAMES,
)
from db import utcnow
from organizations.models import CoverageStatus, OrgKind
from organizations.rules import CREDIT_CODE_ALPHABET, credit_code_check_char


@dataclass
class Place:
    """A region as the generated rows name it."""

    code: str
    name: str
    full_name: str
    city_name: str


class RowMaker:
    """Rows from one seeded generator, with the ids, credit codes and names handed out so far."""

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

    def address(self, place: Place) -> str:
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

    def regions(self) -> tuple[list[dict[str, Any]], list[Place], list[Place], list[Place]]:
        pairs = [a + b for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
        self.rng.shuffle(pairs)
        city_names = iter(pairs)
        county_names = iter(
            name + suffix for name in reversed(pairs) for suffix in self.rng.sample("区县", 2)
        )
        rows: list[dict[str, Any]] = []
        provinces: list[Place] = []
        cities: list[Place] = []
        counties: list[Place] = []
        for code2, province_name in PROVINCES:
            province = Place(f"{code2}0000", province_name, province_name, "")
            provinces.append(province)
            rows.append({"code": province.code, "name": province.name, "full_name": province.name})
            for c in range(1, CITIES_PER_PROVINCE + 1):
                city_name = next(city_names) + "市"
                city = Place(f"{code2}{c:02d}00", city_name, province_name + city_name, city_name)
                cities.append(city)
                rows.append({"code": city.code, "name": city.name, "full_name": city.full_name})
                for k in range(1, COUNTIES_PER_CITY + 1):
                    county_name = next(county_names)
                    county = Place(
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
        self, count: int, provinces: list[Place], cities: list[Place], counties: list[Place]
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

    def enterprise(self, place: Place, sector: tuple[str, str, str, list[str]]) -> dict[str, Any]:
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


def coverage_row(federation: dict[str, Any], enterprise: dict[str, Any]) -> dict[str, Any]:
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


def account_row(
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
