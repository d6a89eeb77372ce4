"""`flask seed-demo` on a freshly migrated database of its own: the demo world, once, its logins."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from alembic import command
from flask import Flask
from sqlalchemy import func
from sqlmodel import Session, select

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import Role, User
from accounts.passwords import verify_password
from app import create_app
from db import alembic_config, metadata
from organizations import demo as org_demo
from organizations import records, services
from organizations.models import Coverage, Organization, OrgKind, Person, Position, Region
from organizations.permissions import Viewer
from tests.throwaway_database import throwaway_database


@pytest.fixture
def demo_app(tmp_path) -> Iterator[Flask]:
    with throwaway_database(tmp_path, "demo") as url:
        command.upgrade(alembic_config(url), "head")
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "SECRET_KEY": "test",
                "SERVER_NAME": "localhost",
                "WTF_CSRF_ENABLED": False,
            }
        )
        yield app
        app.extensions["database"].engine.dispose()


def seed(app: Flask, *args: str) -> str:
    # The app context is the demo app's: the CLI would otherwise use whichever app is current.
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def session_of(app: Flask) -> Session:
    return Session(app.extensions["database"].engine)


def row_counts(app: Flask) -> dict[str, int]:
    with session_of(app) as session:
        return {
            table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in metadata.sorted_tables
        }


def one(session: Session, kind: OrgKind, name: str) -> Organization:
    return session.exec(
        select(Organization).where(Organization.kind == kind, Organization.name == name)
    ).one()


def test_the_demo_world_is_the_haizhu_catering_sector(demo_app):
    seed(demo_app)
    with session_of(demo_app) as session:
        federation = one(session, OrgKind.FEDERATION, "广州市海珠区餐饮行业工会联合会")
        association = one(session, OrgKind.ASSOCIATION, org_demo.ASSOCIATION)
        bureau = one(session, OrgKind.BUREAU, org_demo.DISTRICT_BUREAU)
        assert federation.counterpart_id == association.id
        assert (federation.region_code, federation.sector_code) == ("440105", "H62")
        assert bureau.region_code == "440105"

        enterprises = session.exec(
            select(Organization)
            .join(Coverage, Coverage.enterprise_id == Organization.id)
            .where(Coverage.federation_id == federation.id)
        ).all()
        assert len(enterprises) == 12
        assert {e.kind for e in enterprises} == {OrgKind.ENTERPRISE}
        chairs = {name: chair for name, _rep, _n, _w, chair in org_demo.RESTAURANTS}
        for enterprise in enterprises:
            union = services.union_of(session, enterprise)
            assert union is not None, enterprise.name
            chair = services.chair_of(session, union)
            assert chair is not None and chair.position == Position.CHAIR
            assert chair.name == chairs[enterprise.name]
            assert services.filing_bureau(session, enterprise).id == bureau.id


def test_there_is_one_demo_account_per_role(demo_app):
    seed(demo_app)
    with session_of(demo_app) as session:
        users = session.exec(select(User)).all()
        assert sorted(u.role for u in users) == sorted(Role)
        by_name = {u.username: u for u in users}
        for username, display_name, role, org_name in DEMO_ACCOUNTS:
            user = by_name[username]
            org = session.get(Organization, user.organization_id)
            assert (user.display_name, user.role, org.name) == (display_name, role, org_name)
            assert user.active
        assert verify_password(by_name["fed.chair"].password_hash, DEMO_PASSWORD)


def test_the_demo_logins_work(demo_app):
    seed(demo_app)
    client = demo_app.test_client()
    response = client.post("/login", data={"username": "fed.chair", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "广州市海珠区餐饮行业工会联合会" in home


def test_every_demo_record_passes_the_checks_user_input_must_pass(demo_app):
    """Saving each demo organisation unchanged through the service must not be refused."""
    seed(demo_app)
    with demo_app.test_request_context(), session_of(demo_app) as session:
        admin = Viewer(user_id=0, role=Role.ADMIN, org_id=0, org_kind=OrgKind.SUPERIOR_UNION)
        orgs = session.exec(select(Organization)).all()
        assert len(orgs) == 1 + 1 + 1 + 2 + 12 * 2
        fields = records.OrgData.__dataclass_fields__
        for org in orgs:
            data = records.OrgData(**{name: getattr(org, name) for name in fields})
            records.update_organization(session, admin, org, data)
        session.rollback()


def test_seeding_twice_creates_nothing_twice(demo_app):
    seed(demo_app)
    first = row_counts(demo_app)
    assert first["organization"] > 0 and first["user"] == len(DEMO_ACCOUNTS)
    seed(demo_app)
    assert row_counts(demo_app) == first


def test_if_empty_on_a_seeded_database_seeds_nothing(demo_app):
    seed(demo_app)
    before = row_counts(demo_app)
    output = seed(demo_app, "--if-empty")
    assert row_counts(demo_app) == before
    for username, *_ in DEMO_ACCOUNTS:
        assert username in output


def test_if_empty_on_a_database_with_other_data_seeds_nothing(demo_app):
    with session_of(demo_app) as session:
        session.add(Region(code="440105", name="海珠区", full_name="广东省广州市海珠区"))
        session.flush()
        session.add(Organization(kind=OrgKind.ASSOCIATION, name="别的协会", region_code="440105"))
        session.commit()
    before = row_counts(demo_app)
    output = seed(demo_app, "--if-empty")
    assert row_counts(demo_app) == before
    assert "fed.chair" not in output


def test_if_empty_on_an_empty_database_seeds(demo_app):
    seed(demo_app, "--if-empty")
    counts = row_counts(demo_app)
    assert counts["organization"] == 1 + 1 + 1 + 2 + 12 * 2
    assert counts["user"] == len(DEMO_ACCOUNTS)
    with session_of(demo_app) as session:
        people = session.exec(select(func.count()).select_from(Person)).one()
        assert people > 12


def test_the_output_names_every_demo_login_and_the_password(demo_app):
    output = seed(demo_app)
    assert DEMO_PASSWORD in output
    for username, display_name, _role, _org in DEMO_ACCOUNTS:
        line = next((line for line in output.splitlines() if username in line.split()), None)
        assert line is not None, f"{username} is not printed"
        assert display_name in line


def test_the_demo_negotiation_converges_over_three_sessions(demo_app):
    """The chart tells a story: every item's gap narrows from session to session, and the
    association's settlement awaits the federation's acceptance."""
    from bargaining import rules, services
    from bargaining.models import Negotiation, NegotiationStatus, SettlementStatus, Side

    seed(demo_app)
    with demo_app.app_context(), session_of(demo_app) as session:
        from bargaining.demo import TITLE

        negotiation = session.exec(select(Negotiation).where(Negotiation.title == TITLE)).one()
        assert negotiation.status is NegotiationStatus.IN_SESSION
        rows = services.offer_table(session, negotiation)
        assert len(rows) == 5 and all(len(row.cells) == 3 for row in rows)
        for row in rows:
            gaps = [abs(cell.gap.amount) for cell in row.cells]
            assert gaps[0] > gaps[1] > gaps[2], row.label
        assert [s.chair_side for s in services.sessions_of(session, negotiation)] == [
            Side.UNION,
            Side.EMPLOYER,
            Side.UNION,
        ]
        proposal = services.settlement_of(session, negotiation)
        assert proposal.status is SettlementStatus.PROPOSED
        assert proposal.proposed_by is Side.EMPLOYER
        # Since the last session one of the federation's representatives has left: until the
        # seat is filled the sides may not meet again (R1), though they may still settle.
        problems = services.readiness_problems(session, negotiation)
        assert {(p.rule, p.code) for p in problems} == {
            ("R1", rules.Code.TOO_FEW),
            ("R1", rules.Code.UNEQUAL),
        }


def test_the_demo_has_an_open_vacancy_the_federation_is_reminded_of(demo_app):
    """A federation representative left this year's negotiation about 9 days ago (R1, 第31条:
    refilled within 15 days): after `flask reminders rebuild` the refill deadline is open, only
    the federation is reminded, its first reminder step has come, and the scheduler reminds the
    federation's people of it today."""
    from bargaining import demo as bargaining_demo
    from bargaining import services
    from bargaining.models import Negotiation, Representative
    from db import local_today
    from reminders.clock import load_calendar
    from reminders.delivery import plan
    from reminders.models import Deadline, DeadlineParty, DeadlineStatus, Delivery

    seed(demo_app)
    with demo_app.app_context():
        rebuilt = demo_app.test_cli_runner().invoke(args=["reminders", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    today = local_today()
    with session_of(demo_app) as session:
        negotiation = session.exec(
            select(Negotiation).where(Negotiation.title == bargaining_demo.TITLE)
        ).one()
        seat = session.exec(
            select(Representative).where(
                Representative.negotiation_id == negotiation.id,
                Representative.name == bargaining_demo.LEAVER,
            )
        ).one()
        assert seat.vacancy_reason == bargaining_demo.LEAVING_REASON and seat.filled_by_id is None
        # The 9th day back, or a few days earlier where a rest day moves the deadline (R26);
        # never before the last session, which she attended.
        last_session = max(s.held_on for s in services.sessions_of(session, negotiation))
        assert last_session < seat.vacated_on <= today - timedelta(days=9)
        deadline = session.exec(
            select(Deadline).where(
                Deadline.source == "bargaining.vacancy",
                Deadline.subject_key == f"representative:{seat.id}",
            )
        ).one()
        assert deadline.status is DeadlineStatus.OPEN
        assert (deadline.scope, deadline.rule) == (f"negotiation:{negotiation.id}", "R1")
        assert deadline.starts_on == seat.vacated_on
        assert seat.vacated_on + timedelta(days=15) <= deadline.due_on
        assert today < deadline.due_on
        # The first reminder (7 days before) has come, unless the week ahead is one long
        # holiday, when no vacancy after the last session has its deadline within 7 days.
        working = load_calendar(session).is_working_day
        if any(working(today + timedelta(days=k)) for k in range(2, 8)):
            assert deadline.next_reminder_on <= today
        federation = one(session, OrgKind.FEDERATION, org_demo.FEDERATION)
        parties = session.exec(
            select(DeadlineParty.organization_id).where(DeadlineParty.deadline_id == deadline.id)
        ).all()
        assert parties == [federation.id]
        assert deadline.parties == f",{federation.id},"

        if deadline.next_reminder_on > today:  # the long holiday above
            return
        assert plan(session, today).deliveries > 0
        reminded = session.exec(
            select(User.username)
            .join(Delivery, Delivery.user_id == User.id)
            .where(Delivery.deadline_id == deadline.id)
        ).all()
        assert "fed.chair" in reminded and "assoc.rep" not in reminded
        session.rollback()


def test_the_vacancy_leaves_the_chair_able_to_accept_the_settlement(demo_app):
    """The leaver is not the chief, and accepting asks for no full table: the federation chair
    accepts the association's proposal, and with bargaining over the vacancy's clock stops."""
    from bargaining import services
    from bargaining.demo import TITLE
    from bargaining.models import Negotiation, NegotiationStatus
    from db import local_today
    from organizations.services import viewer_for
    from reminders.models import Deadline, DeadlineStatus

    seed(demo_app)
    with demo_app.test_request_context(), session_of(demo_app) as session:
        negotiation = session.exec(select(Negotiation).where(Negotiation.title == TITLE)).one()
        chair = session.exec(select(User).where(User.username == "fed.chair")).one()
        services.accept_settlement(
            session,
            viewer_for(session, chair),
            negotiation,
            services.settlement_of(session, negotiation),
            today=local_today(),
        )
        assert negotiation.status is NegotiationStatus.AGREED
        vacancy = session.exec(
            select(Deadline).where(Deadline.source == "bargaining.vacancy")
        ).one()
        assert vacancy.status is DeadlineStatus.DONE
        session.rollback()


def test_the_demo_agreement_has_merged_versions_comments_and_an_intact_chain(demo_app):
    from bargaining.models import Negotiation, NegotiationStatus
    from contracts import chain, rules, services
    from contracts.models import Agreement, Comment

    seed(demo_app)
    with demo_app.app_context(), session_of(demo_app) as session:
        agreed = [
            n for n in session.exec(select(Negotiation)) if n.status is NegotiationStatus.AGREED
        ]
        assert len(agreed) == 1 and agreed[0].standard_id is not None
        agreement = session.exec(select(Agreement)).one()
        versions = services.versions_of(session, agreement)
        assert [v.number for v in versions] == [1, 2, 3]
        # Version 3 began on version 1 and holds both sides' changes.
        assert versions[2].base_number == 1
        assert "3750元" in versions[2].text and "一式四份" in versions[2].text
        assert next(str(r.value) for r in rules.wage_rows(versions[2].wage_table)) == "3750"
        comments = session.exec(select(Comment)).all()
        assert len(comments) == 2 and sum(1 for c in comments if c.resolved_at) == 1
        checked, breaks = chain.verify_chain(session)
        assert checked == 3 and breaks == []
