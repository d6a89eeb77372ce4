"""The pages part's world on top of the base one: the demo (through the services), then bulk rows
to realistic sizes: 2,000 negotiations with their items and representatives, 20,000 agreement
versions, 10,000 accounts, the deadlines the app computes from them and the inbox reminders."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlmodel import Session, col

from accounts.models import Role, User, new_session_nonce
from accounts.passwords import hash_password
from bargaining.models import (
    Negotiation,
    NegotiationItem,
    NegotiationStatus,
    Representative,
    Side,
    Topic,
)
from bench.parts.texts import edited, long_text
from contracts import rules
from contracts.models import Agreement, AgreementKind, AgreementLevel, AgreementVersion
from db import local_today, table_of, utcnow
from organizations import demo as org_demo
from organizations.models import Organization, OrgKind
from reminders.models import Channel, Deadline, DeadlineParty, Delivery, DeliveryStatus
from standards.vocabulary import Direction, ItemKind, Unit

NEGOTIATIONS = 2_000
AGREEMENT_VERSIONS = 20_000
ACCOUNTS = 10_000
VERSIONS_PER_AGREEMENT = 10
BULK_TEXT_LENGTH = 3_000  # the many agreements: a short sector agreement each
PAGE_TEXT_LENGTH = 60_000  # the agreement whose version page is timed
DEMO_PAST_YEARS = range(2012, 2025)  # the demo federation's earlier, agreed negotiations
CHUNK = 2_000
ITEMS = (
    (ItemKind.MONTHLY_PAY_FLOOR, "服务员", Unit.YUAN_PER_MONTH, Direction.HIGHER_IS_BETTER),
    (ItemKind.MONTHLY_PAY_FLOOR, "厨师", Unit.YUAN_PER_MONTH, Direction.HIGHER_IS_BETTER),
    (ItemKind.HOURLY_RATE, "洗碗工", Unit.YUAN_PER_HOUR, Direction.HIGHER_IS_BETTER),
    (ItemKind.ANNUAL_RISE, "", Unit.PERCENT, Direction.HIGHER_IS_BETTER),
)


@dataclass
class PagesWorld:
    """What the pages part times, and the row counts it reports."""

    federation_id: int = 0
    negotiation_id: int = 0
    negotiation_title: str = ""
    agreement_id: int = 0
    version_number: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _chunked_insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start : start + CHUNK])


def _negotiation(
    union: int, employer: int, sector: str, region: str, year: int, status: NegotiationStatus
) -> dict[str, Any]:
    sent = date(year, 3, 1)
    answered = status is not NegotiationStatus.REQUESTED
    return {
        "union_org_id": union,
        "employer_org_id": employer,
        "sector_code": sector,
        "region_code": region,
        "topic": Topic.SPECIAL_WAGE,
        "year": year,
        "title": f"{year}年度行业工资专项集体协商（第{union}-{year}号）",
        "status": status,
        "requested_by": Side.UNION,
        "request_sent_on": sent,
        "request_received_on": sent + timedelta(days=2),
        "request_text": "根据《工资集体协商试行办法》，提出本年度行业工资专项集体协商要约。",
        "answered_on": sent + timedelta(days=12) if answered else None,
        "answer_text": "同意协商。" if answered else None,
        "answer_agrees": True if answered else None,
        "recorder_union_agrees": False,
        "recorder_employer_agrees": False,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }


def _negotiations(
    conn: Connection, demo_federation: Organization, today: date, wanted: int
) -> list[int]:
    """Past negotiations of the demo federation, then the rest over the world's federations;
    returns the ids of the agreed ones (their agreements come next)."""
    rng = random.Random(7)
    existing = int(conn.execute(select(func.count()).select_from(Negotiation)).scalar_one())
    rows = [
        _negotiation(
            demo_federation.id or 0,
            demo_federation.counterpart_id or 0,
            demo_federation.sector_code or "",
            demo_federation.region_code,
            year,
            NegotiationStatus.AGREED,
        )
        for year in DEMO_PAST_YEARS
    ]
    federations = conn.execute(
        select(
            col(Organization.id),
            col(Organization.counterpart_id),
            col(Organization.sector_code),
            col(Organization.region_code),
        )
        .where(
            col(Organization.kind) == OrgKind.FEDERATION,
            col(Organization.counterpart_id).is_not(None),
        )
        .order_by(col(Organization.id))
    ).all()
    current = (
        NegotiationStatus.REQUESTED,
        NegotiationStatus.ANSWERED,
        NegotiationStatus.IN_SESSION,
        NegotiationStatus.AGREED,
    )
    n = 0
    while len(rows) + existing < wanted:
        fed_id, counterpart, sector, region = federations[n % len(federations)]
        year = today.year - (n // len(federations)) % 30
        if fed_id == demo_federation.id:
            n += 1
            continue
        status = rng.choice(current) if year == today.year else NegotiationStatus.AGREED
        rows.append(_negotiation(fed_id or 0, counterpart or 0, sector or "", region, year, status))
        n += 1
    _chunked_insert(conn, table_of(Negotiation), rows)
    new_ids = [
        (nid, status)
        for nid, status in conn.execute(
            select(col(Negotiation.id), col(Negotiation.status))
            .order_by(col(Negotiation.id))
            .offset(existing)
        ).all()
        if nid is not None
    ]
    items = [
        {
            "negotiation_id": nid,
            "position": position,
            "kind": kind,
            "job_category": category,
            "unit": unit,
            "direction": direction,
        }
        for nid, _status in new_ids
        for position, (kind, category, unit, direction) in enumerate(ITEMS)
    ]
    _chunked_insert(conn, table_of(NegotiationItem), items)
    reps = [
        {
            "negotiation_id": nid,
            "side": side,
            "name": f"代表{nid}{side.value[0]}{k}",
            "affiliation": "行业工会联合会" if side is Side.UNION else "行业协会",
            "phone": f"020-{80000000 + nid % 1000000}",
            "is_chief": k == 0,
            "is_expert": False,
            "appointed_on": today - timedelta(days=30),
            "created_at": utcnow(),
        }
        for nid, _status in new_ids
        for side in (Side.UNION, Side.EMPLOYER)
        for k in range(3)
    ]
    _chunked_insert(conn, table_of(Representative), reps)
    return [nid for nid, status in new_ids if status == NegotiationStatus.AGREED]


def _versions(
    conn: Connection, agreement_id: int, texts: list[str], labels: bool = False
) -> list[dict[str, Any]]:
    """Version rows chained as the services chain them (`flask contracts verify` holds)."""
    rows: list[dict[str, Any]] = []
    previous: str | None = None
    wage = rules.wage_json([])
    wage_sha = rules.sha256(wage)
    for number, text in enumerate(texts, start=1):
        text_sha = rules.sha256(text)
        created_at = utcnow()
        base_number = number - 1 or None
        meta = rules.version_meta(
            author_name="基准测试",
            side=None,
            note="",
            source="edit",
            base_number=base_number,
            created_at=created_at,
        )
        chain = rules.chain_hash(agreement_id, previous, number, text_sha, wage_sha, meta)
        label_map: dict[str, Any] = {}
        if labels and number > 1:
            from contracts.articles import article_label_map

            label_map = article_label_map(texts[0], text)
        rows.append(
            {
                "agreement_id": agreement_id,
                "number": number,
                "base_number": base_number,
                "author_name": "基准测试",
                "note": "",
                "source": "edit",
                "text": text,
                "wage_table": wage,
                "text_sha256": text_sha,
                "wage_sha256": wage_sha,
                "previous_sha256": previous,
                "chain_sha256": chain,
                "label_map": json.dumps(label_map, ensure_ascii=False),
                "created_at": created_at,
            }
        )
        previous = chain
    return rows


def _agreements(
    conn: Connection, negotiation_ids: list[int], page_negotiation: int, wanted_versions: int
) -> int:
    """Agreements of agreed negotiations, ten versions each, up to AGREEMENT_VERSIONS versions
    in all; the demo federation's latest past one gets the 60,000-character text. Returns the
    id of that agreement."""
    existing = int(conn.execute(select(func.count()).select_from(AgreementVersion)).scalar_one())
    wanted = max(VERSIONS_PER_AGREEMENT, wanted_versions - existing)
    chosen = [page_negotiation] + [n for n in negotiation_ids if n != page_negotiation]
    chosen = chosen[: max(1, wanted // VERSIONS_PER_AGREEMENT)]
    # Ten versions each, a few more each where fewer negotiations were agreed.
    per_agreement = -(-wanted // len(chosen))
    negotiations = {
        row.id: row
        for row in conn.execute(select(Negotiation).where(col(Negotiation.id).in_(chosen))).all()
    }
    short = long_text(BULK_TEXT_LENGTH)
    short_texts = [short] + [edited(short, 3, seed) for seed in range(1, per_agreement)]
    big = long_text(PAGE_TEXT_LENGTH)
    big_texts = [big]
    for seed in range(1, VERSIONS_PER_AGREEMENT):
        big_texts.append(edited(big_texts[-1], 5, seed))
    page_agreement = 0
    versions: list[dict[str, Any]] = []
    left = wanted
    for nid in chosen:
        negotiation = negotiations[nid]
        count = VERSIONS_PER_AGREEMENT if nid == page_negotiation else min(per_agreement, left)
        if count <= 0:
            break
        left -= count
        agreement_id = int(
            conn.execute(
                insert(table_of(Agreement))
                .values(
                    kind=AgreementKind.SPECIAL_WAGE,
                    level=AgreementLevel.SECTOR,
                    title=negotiation.title.replace("协商", "合同"),
                    union_org_id=negotiation.union_org_id,
                    employer_org_id=negotiation.employer_org_id,
                    negotiation_id=nid,
                    sector_code=negotiation.sector_code,
                    region_code=negotiation.region_code,
                    term_start=date(negotiation.year, 5, 1),
                    term_end=date(negotiation.year + 1, 4, 30),
                    status="drafting",
                    head_number=count,
                    created_at=utcnow(),
                )
                .returning(table_of(Agreement).c.id)
            ).scalar_one()
        )
        if nid == page_negotiation:
            page_agreement = agreement_id
            rows = _versions(conn, agreement_id, big_texts, labels=True)
        else:
            rows = _versions(conn, agreement_id, short_texts[:count])
        conn.execute(
            table_of(Agreement)
            .update()
            .where(table_of(Agreement).c.id == agreement_id)
            .values(head_sha256=rows[-1]["chain_sha256"])
        )
        versions += rows
        if len(versions) >= CHUNK:
            _chunked_insert(conn, table_of(AgreementVersion), versions)
            versions = []
    _chunked_insert(conn, table_of(AgreementVersion), versions)
    return page_agreement


def _accounts(conn: Connection, wanted_accounts: int) -> None:
    """Union chairs and enterprise managers of the world's enterprises, up to ACCOUNTS."""
    existing = int(conn.execute(select(func.count()).select_from(User)).scalar_one())
    wanted = max(0, wanted_accounts - existing)
    unions = conn.execute(
        select(col(Organization.id), col(Organization.enterprise_id))
        .where(col(Organization.kind) == OrgKind.UNION)
        .order_by(col(Organization.id))
        .limit(wanted // 2 + 1)
    ).all()
    password_hash = hash_password("bench-accounts-2026")
    rows: list[dict[str, Any]] = []
    for union_id, enterprise_id in unions:
        for role, org_id in (
            (Role.UNION_CHAIR, union_id),
            (Role.ENTERPRISE_MANAGER, enterprise_id),
        ):
            if len(rows) < wanted:
                rows.append(
                    {
                        "username": f"bench.{role.value}.{org_id}",
                        "display_name": f"用户{org_id}",
                        "email": f"u{org_id}@example.cn",
                        "password_hash": password_hash,
                        "role": role,
                        "organization_id": org_id,
                        "active": True,
                        "must_change_password": False,
                        "session_nonce": new_session_nonce(),
                        "created_at": utcnow(),
                    }
                )
    _chunked_insert(conn, table_of(User), rows)


def _inbox_history(session: Session, federation_id: int, today: date) -> None:
    """Past reminders in the demo federation's people's inboxes: every step of every deadline
    of the federation, read (the scheduler records those a day at a time over the years)."""
    deadline_ids = list(
        session.execute(
            select(col(DeadlineParty.deadline_id)).where(
                col(DeadlineParty.organization_id) == federation_id
            )
        ).scalars()
    )
    users = list(
        session.execute(
            select(col(User.id)).where(col(User.organization_id) == federation_id)
        ).scalars()
    )
    taken = set(
        session.execute(
            select(col(Delivery.deadline_id), col(Delivery.user_id), col(Delivery.step)).where(
                col(Delivery.user_id).in_(users)
            )
        ).all()
    )
    now = utcnow()
    rows = [
        {
            "deadline_id": deadline_id,
            "user_id": user_id,
            "channel": Channel.INBOX,
            "step": step,
            "status": DeliveryStatus.SENT,
            "attempts": 1,
            "next_attempt_at": now,
            "sent_at": now,
            "read_at": now,
            "created_at": now - timedelta(days=step + 1),
        }
        for deadline_id in deadline_ids
        for user_id in users
        for step in (7, 3, 1, 0, -1)
        if (deadline_id, user_id, step) not in taken
    ]
    _chunked_insert(session.connection(), table_of(Delivery), rows)


def build(engine: Engine, app: Any, scale: float = 1.0) -> PagesWorld:
    """Seed the demo through the services, then add the bulk rows, the deadlines the app derives
    from them and the reminders; ANALYZE follows in the caller."""
    from demo import seed_demo
    from reminders import deadlines, delivery

    world = PagesWorld()
    today = local_today()
    with app.app_context():
        with Session(engine) as session:
            seed_demo(session)
            session.commit()
        with Session(engine) as session:
            federation = session.execute(
                select(Organization).where(
                    col(Organization.kind) == OrgKind.FEDERATION,
                    col(Organization.name) == org_demo.FEDERATION,
                )
            ).scalar_one()
            session.expunge(federation)
        world.federation_id = federation.id or 0
        with engine.begin() as conn:
            agreed = _negotiations(conn, federation, today, int(NEGOTIATIONS * scale))
            page_negotiation = conn.execute(
                select(func.max(col(Negotiation.id))).where(
                    col(Negotiation.union_org_id) == federation.id,
                    col(Negotiation.id).in_(agreed),
                )
            ).scalar_one()
            assert page_negotiation is not None, "the demo federation has agreed negotiations"
            world.agreement_id = _agreements(
                conn, agreed, page_negotiation, int(AGREEMENT_VERSIONS * scale)
            )
            world.version_number = VERSIONS_PER_AGREEMENT
            _accounts(conn, int(ACCOUNTS * scale))
        with Session(engine) as session, delivery.writing(session):
            deadlines.rebuild(session)
        with Session(engine) as session, delivery.writing(session):
            delivery.plan(session, today)
            _inbox_history(session, world.federation_id, today)
        with Session(engine) as session:
            # The demo's negotiation in session: the one with the most sessions and offers.
            demo = session.execute(
                select(col(Negotiation.id), col(Negotiation.title))
                .where(
                    col(Negotiation.union_org_id) == federation.id,
                    col(Negotiation.status) != NegotiationStatus.AGREED,
                )
                .order_by(col(Negotiation.id))
            ).first()
            assert demo is not None, "the demo has no negotiation in progress"
            world.negotiation_id, world.negotiation_title = demo
            for name, model in (
                ("negotiations", Negotiation),
                ("negotiation items", NegotiationItem),
                ("representatives", Representative),
                ("sector agreements", Agreement),
                ("agreement versions", AgreementVersion),
                ("accounts", User),
                ("deadlines", Deadline),
                ("deadline parties", DeadlineParty),
                ("reminders", Delivery),
            ):
                world.counts[name] = int(
                    session.execute(select(func.count()).select_from(model)).scalar_one()
                )
    return world
