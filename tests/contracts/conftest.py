"""Fixtures of the agreement tests: an agreed negotiation of Haizhu's catering sector, its sector
agreement drafted from the template (version 1), and helpers to save and count versions."""

import itertools
import re
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from bargaining import services as bargaining
from bargaining.models import Side
from contracts import editing, services
from contracts.models import AgreementVersion
from contracts.structure import chinese_numeral
from tests.bargaining.conftest import TODAY, Table
from tests.conftest import id_of


def agree(table: Table):
    """A negotiation taken through one session to values both sides accepted."""
    negotiation = table.seated()
    record = bargaining.record_session(
        table.session,
        table.viewer(table.chair),
        negotiation,
        table.session_data(negotiation),
        today=TODAY,
    )
    items = bargaining.items_of(table.session, negotiation)
    values = dict(zip([id_of(i) for i in items], ["3400", "2650", "8"], strict=True))
    for side, user in ((Side.UNION, table.chair), (Side.EMPLOYER, table.rep)):
        bargaining.save_offers(table.session, table.viewer(user), negotiation, record, side, values)
    bargaining.propose_settlement(
        table.session,
        table.viewer(table.rep),
        negotiation,
        values,
        effective_from=date(2026, 5, 1),
        effective_to=date(2027, 4, 30),
    )
    proposal = bargaining.settlement_of(table.session, negotiation)
    assert proposal is not None
    bargaining.accept_settlement(
        table.session, table.viewer(table.chair), negotiation, proposal, today=TODAY
    )
    return negotiation


@pytest.fixture
def table(session, make_org, make_federation, make_user):
    table = Table(session, make_org, make_federation, make_user)
    session.commit()
    return table


@pytest.fixture
def agreement(table):
    negotiation = agree(table)
    made = services.create_from_negotiation(
        table.session,
        table.viewer(table.chair),
        negotiation,
        term_start=date(2026, 5, 1),
        term_end=date(2027, 4, 30),
    )
    table.session.commit()
    return made


def versions(session, agreement):
    return services.versions_of(session, agreement)


def count_versions(session, agreement) -> int:
    return session.exec(
        select(func.count())
        .select_from(AgreementVersion)
        .where(AgreementVersion.agreement_id == agreement.id)
    ).one()


def v1_of(session, agreement) -> AgreementVersion:
    return services.version(session, agreement, 1)


def save(table, user, agreement, base_number, new_text, note="", **extra):
    return editing.save_edit(
        table.session,
        table.viewer(user),
        agreement,
        base_number=base_number,
        text=new_text,
        note=note,
        **extra,
    )


def relabelled(text_: str) -> str:
    """The text with its articles numbered 第一条, 第二条 … in order."""
    counter = itertools.count(1)
    return re.sub(
        r"^第[零一二两三四五六七八九十百千]+条",
        lambda _m: f"第{chinese_numeral(next(counter))}条",
        text_,
        flags=re.MULTILINE,
    )
