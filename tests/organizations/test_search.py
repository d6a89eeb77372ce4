"""Name search through the index of two-character pieces: same answers as a plain substring
match, kept in step with every create and rename, on both databases."""

import pytest
from sqlalchemy import select

from accounts.models import Role
from organizations import rules, services
from organizations.models import NameGram, Organization, OrgKind
from organizations.permissions import Viewer
from organizations.search import COMMON_GRAM, rebuild_name_index

ADMIN = Viewer(user_id=1, role=Role.ADMIN, org_id=1, org_kind=OrgKind.SUPERIOR_UNION)


def names_found(session, query: str, kind: OrgKind = OrgKind.ENTERPRISE) -> list[str]:
    page = services.search_organizations(
        session, ADMIN, kind=kind, query=query, page=1, per_page=500
    )
    return [row.name for row in page.items]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("", set()),
        ("粤", {"粤"}),
        ("粤味", {"粤味"}),
        ("粤味轩", {"粤味", "味轩"}),
        ("粤 味", {"粤味"}),
        ("AbC", {"ab", "bc"}),
    ],
)
def test_name_grams_are_the_folded_two_character_pieces(text, pieces):
    assert rules.name_grams(text) == pieces


@pytest.mark.parametrize(
    ("query", "is_code"),
    [
        ("9144", True),
        ("914", False),
        ("91440105MA0000100X", True),
        ("粤味", False),
        ("91I4", False),
    ],
)
def test_a_query_of_four_or_more_code_characters_is_a_credit_code(query, is_code):
    assert rules.looks_like_credit_code(query) is is_code


def test_a_piece_from_the_middle_of_a_name_finds_it(session, make_enterprise):
    make_enterprise(name="广州市海珠区粤味轩餐饮有限公司")
    make_enterprise(name="广州市海珠区江南茶楼有限公司")
    assert names_found(session, "味轩") == ["广州市海珠区粤味轩餐饮有限公司"]
    assert names_found(session, "粤味轩餐") == ["广州市海珠区粤味轩餐饮有限公司"]


def test_a_single_character_query_matches_every_name_containing_it(session, make_enterprise):
    make_enterprise(name="广州市海珠区粤味轩餐饮有限公司")
    make_enterprise(name="广州市海珠区江南茶楼有限公司")
    assert names_found(session, "轩") == ["广州市海珠区粤味轩餐饮有限公司"]


def test_a_query_with_a_piece_in_no_name_finds_nothing(session, make_enterprise):
    make_enterprise(name="广州市海珠区粤味轩餐饮有限公司")
    assert names_found(session, "粤味楼") == []


def test_the_whole_query_must_match_not_only_its_pieces(session, make_enterprise):
    make_enterprise(name="广州市海珠区粤味轩餐饮有限公司")  # has 粤味 and 味轩 …
    make_enterprise(name="广州市海珠区味轩粤味小食店有限公司")  # … and so has this one
    assert names_found(session, "粤味轩") == ["广州市海珠区粤味轩餐饮有限公司"]


def test_latin_letters_match_whatever_their_case(session, make_enterprise):
    make_enterprise(name="广州市海珠区KFC餐厅有限公司")
    assert names_found(session, "kfc") == ["广州市海珠区KFC餐厅有限公司"]


def test_wildcard_characters_in_a_query_are_taken_literally(session, make_enterprise):
    make_enterprise(name="广州市海珠区百分百餐饮有限公司")
    assert names_found(session, "%") == []
    assert names_found(session, "百_百") == []


def test_a_renamed_organisation_is_found_by_its_new_name_only(session, make_enterprise):
    enterprise = make_enterprise(name="广州市海珠区旧名餐饮有限公司")
    enterprise.name = "广州市海珠区新名餐饮有限公司"
    session.flush()
    assert names_found(session, "新名") == ["广州市海珠区新名餐饮有限公司"]
    assert names_found(session, "旧名") == []


def test_an_organisation_created_after_a_search_is_found_at_once(session, make_enterprise):
    """Piece counts are cached as estimates; they must never hide a new record."""
    make_enterprise(name="广州市海珠区鑫隆餐饮有限公司")
    assert names_found(session, "鑫隆") == ["广州市海珠区鑫隆餐饮有限公司"]
    assert names_found(session, "鑫盛") == []
    make_enterprise(name="广州市海珠区鑫盛餐饮有限公司")
    make_enterprise(name="广州市海珠区鑫隆二店餐饮有限公司")
    assert names_found(session, "鑫盛") == ["广州市海珠区鑫盛餐饮有限公司"]
    assert names_found(session, "鑫隆") == [
        "广州市海珠区鑫隆二店餐饮有限公司",
        "广州市海珠区鑫隆餐饮有限公司",
    ]


def test_a_common_piece_still_finds_every_match_in_name_order(session, make_enterprise):
    names = [f"广州市海珠区{n:03d}号餐饮有限公司" for n in range(COMMON_GRAM + 5)]
    for name in names:
        make_enterprise(name=name)
    assert names_found(session, "餐饮") == sorted(names)
    assert names_found(session, "123号") == ["广州市海珠区123号餐饮有限公司"]


def test_the_rebuilt_index_equals_the_one_kept_on_flush(session, make_enterprise, make_org):
    make_enterprise(name="广州市海珠区粤味轩餐饮有限公司")
    make_org(OrgKind.ASSOCIATION, name="广州市海珠区餐饮行业协会")
    kept = set(session.execute(select(NameGram.gram, NameGram.organization_id)).all())
    rebuild_name_index(session.connection())
    assert set(session.execute(select(NameGram.gram, NameGram.organization_id)).all()) == kept


def test_a_credit_code_prefix_finds_the_enterprise(session, make_enterprise):
    enterprise = make_enterprise()
    make_enterprise()
    found = services.search_organizations(
        session,
        ADMIN,
        kind=OrgKind.ENTERPRISE,
        query=enterprise.credit_code[:17].lower(),
        page=1,
        per_page=50,
    )
    assert [row.credit_code for row in found.items] == [enterprise.credit_code]


def test_the_reindex_command_rebuilds_the_index(tmp_path):
    from app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'r.sqlite3'}", "SECRET_KEY": "t"})
    runner = app.test_cli_runner()
    with app.app_context():  # else the CLI would use the tests' app, which is current
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        with app.extensions["database"].engine.begin() as conn:
            conn.execute(NameGram.__table__.delete())
        result = runner.invoke(args=["organizations", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed the names of" in result.output
    with app.extensions["database"].engine.connect() as conn:
        owners = set(conn.execute(select(NameGram.organization_id)).scalars())
        organizations = set(conn.execute(select(Organization.id)).scalars())
    assert owners == organizations  # every demo organisation's name is searchable again
    app.extensions["database"].engine.dispose()
