"""`flask seed-demo`: each package seeds its part of the demo world, lowest layer first."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from accounts.demo import print_demo_logins, seed_accounts
from bargaining.demo import seed_bargaining
from contracts.demo import seed_contracts
from organizations.demo import SeedReport, seed_organizations
from organizations.models import Organization
from reminders.demo import seed_reminders
from standards.demo import seed_standards


def database_is_empty(session: Session) -> bool:
    return session.exec(select(Organization.id).limit(1)).first() is None


def seed_demo(session: Session) -> SeedReport:
    report = SeedReport()
    seed_organizations(session, report)
    seed_standards(session, report)
    seed_accounts(session, report)
    seed_bargaining(session, report)
    seed_contracts(session, report)
    seed_reminders(session, report)
    return report


def print_logins(session: Session, echo: Callable[[str], None]) -> None:
    print_demo_logins(session, echo)
