"""The demo agreement (flask seed-demo): its text and wage table agree, its difference from the
sector standard is explained in its text, and every version goes through Word unchanged."""

from sqlmodel import select

from bargaining.models import Negotiation
from contracts import rules
from contracts.consistency import consistency_problems
from contracts.docx_import import read_draft
from contracts.models import Agreement, AgreementVersion
from contracts.structure import MAX_TEXT_CHARS
from contracts.template import ITEM_NAMES
from contracts.wordfiles import WageLabels, write_docx
from standards.models import StandardItem
from tests.test_demo import demo_app, seed, session_of  # noqa: F401 - demo_app is a fixture


def test_the_demo_agreement_agrees_with_its_table_and_explains_its_difference_from_the_standard(
    demo_app,  # noqa: F811
):
    seed(demo_app)
    with demo_app.app_context(), demo_app.test_request_context(), session_of(demo_app) as session:
        agreement = session.exec(select(Agreement)).one()
        negotiation = session.get(Negotiation, agreement.negotiation_id)
        standard_chef = session.exec(
            select(StandardItem).where(
                StandardItem.standard_id == negotiation.standard_id,
                StandardItem.job_category == "厨师长",
            )
        ).one()
        versions = session.exec(select(AgreementVersion).order_by(AgreementVersion.number)).all()
        newest = versions[-1]
        chef = next(r for r in rules.wage_rows(newest.wage_table) if r.job_category == "厨师长")
        assert (rules.plain_figure(standard_chef.value), rules.plain_figure(chef.value)) == (
            "3700",
            "3750",
        )
        # Above the standard on purpose, and the article says so.
        assert "其中厨师长3750元高于行业工资标准规定的3700元" in newest.text
        assert "本合同的标准可以高于行业工资标准，但不得低于行业工资标准。" in newest.text
        assert [consistency_problems(v) for v in versions] == [[], [], []]


def test_every_demo_version_goes_through_word_unchanged(demo_app):  # noqa: F811
    seed(demo_app)
    labels = WageLabels(item_names=ITEM_NAMES)  # as the download writes it
    with demo_app.app_context(), session_of(demo_app) as session:
        agreement = session.exec(select(Agreement)).one()
        versions = session.exec(select(AgreementVersion).order_by(AgreementVersion.number)).all()
        assert len(versions) == 3
        for version in versions:
            rows = rules.wage_rows(version.wage_table)
            data = write_docx(agreement.title, version.text, rows, labels)
            draft = read_draft(data, max_chars=MAX_TEXT_CHARS)
            assert draft.text == version.text
            assert [labels.row_of(cells) for cells in draft.wage_cells] == rows
