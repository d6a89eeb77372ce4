"""The demo world's accounts: one per role, all with the same printed demo password."""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlmodel import Session, col, select

from accounts.labels import ROLE_LABELS
from accounts.models import Role, User
from accounts.passwords import hash_password
from organizations import demo as org_demo
from organizations.demo import SeedReport
from organizations.models import Organization

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "hz-canyin-2026")

# username, name, role, organisation
DEMO_ACCOUNTS = [
    ("admin", "王建国", Role.ADMIN, org_demo.SUPERIOR_UNION),
    ("fed.chair", "陈志明", Role.FEDERATION_CHAIR, org_demo.FEDERATION),
    ("fed.staff", "苏丽萍", Role.FEDERATION_STAFF, org_demo.FEDERATION),
    ("assoc.rep", "黄伟强", Role.ASSOCIATION_REP, org_demo.ASSOCIATION),
    ("union.chair", "何秀英", Role.UNION_CHAIR, f"{org_demo.FIRST_RESTAURANT}工会委员会"),
    ("ent.manager", "梁国华", Role.ENTERPRISE_MANAGER, org_demo.FIRST_RESTAURANT),
    ("bureau.reviewer", "卢文斌", Role.BUREAU_REVIEWER, org_demo.DISTRICT_BUREAU),
]


def seed_accounts(session: Session, report: SeedReport) -> None:
    password_hash = None
    for username, name, role, org_name in DEMO_ACCOUNTS:
        if session.exec(select(User.id).where(User.username == username)).first() is not None:
            report.tally(False)
            continue
        org = (
            report.orgs.get(org_name)
            or session.exec(select(Organization).where(Organization.name == org_name)).one()
        )
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        session.add(
            User(
                username=username,
                display_name=name,
                role=role,
                organization_id=org.id or 0,
                password_hash=password_hash,
            )
        )
        report.tally(True)
    session.flush()


def print_demo_logins(session: Session, echo: Callable[[str], None]) -> None:
    names = [a[0] for a in DEMO_ACCOUNTS]
    present = set(session.exec(select(User.username).where(col(User.username).in_(names))))
    if not present:
        return
    echo(f"Demo logins (password for each: {DEMO_PASSWORD}):")
    for username, name, role, org_name in DEMO_ACCOUNTS:
        if username in present:
            echo(f"  {username:16} {ROLE_LABELS[role]!s:34} {name} · {org_name}")
