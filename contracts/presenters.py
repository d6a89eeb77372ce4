"""What the agreement pages show: a version by chapter and article with its comments and wage
table, and the comparison of any two versions (summary, figures, wage table, redline)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlmodel import Session

from contracts import comments as agreement_comments
from contracts import render, rules, services
from contracts.articles import ChangeKind, Summary, summarise
from contracts.consistency import problems_in
from contracts.diff import (
    Ops,
    WageChange,
    WageRow,
    changed_characters,
    diff_texts,
    engine,
    wage_changes,
)
from contracts.models import Agreement, AgreementVersion
from contracts.structure import Article, Chapter, parse
from organizations.models import Organization
from standards.labels import KIND_LABELS
from standards.vocabulary import ItemKind


def kind_label(kind: str) -> str:
    try:
        return str(KIND_LABELS[ItemKind(kind)])
    except ValueError:
        return kind


@dataclass(frozen=True)
class Block:
    """A piece of a version as shown: a chapter heading, an article (with its comments), or text
    outside any article."""

    kind: str  # "chapter", "article" or "text"
    text: str
    article: Article | None = None
    comments: tuple[agreement_comments.PlacedComment, ...] = ()


def _heading_blocks(heading: Chapter) -> list[Block]:
    """A chapter or section heading, and the text under it outside any article."""
    blocks = [Block("chapter", heading.heading)]
    if heading.intro:
        blocks.append(Block("text", heading.intro))
    return blocks


@dataclass(frozen=True)
class VersionPage:
    agreement: Agreement
    version: AgreementVersion
    versions: list[AgreementVersion]
    union: Organization | None
    employer: Organization | None
    blocks: list[Block]
    has_articles: bool
    wage_rows: list[WageRow]
    labels: list[str]
    open_comments: int
    consistency: list[str]  # where the articles and the wage table name different amounts


def version_page(session: Session, agreement: Agreement, record: AgreementVersion) -> VersionPage:
    structure = parse(record.text)
    wage_rows = rules.wage_rows(record.wage_table)
    versions = services.versions_of(session, agreement)
    comments = agreement_comments.comments_on(session, agreement, record, versions)
    blocks: list[Block] = []
    text = record.text
    if structure.has_articles:
        if structure.preamble:
            blocks.append(Block("text", structure.preamble))
        headings = structure.headings
        for article in structure.articles:
            while headings and headings[0].start < article.start:
                blocks += _heading_blocks(headings.pop(0))
            blocks.append(
                Block("article", article.body, article, tuple(comments.get(article.label, ())))
            )
        for heading in headings:
            blocks += _heading_blocks(heading)
    else:
        blocks.append(Block("text", text))
    return VersionPage(
        agreement=agreement,
        version=record,
        versions=versions,
        union=session.get(Organization, agreement.union_org_id),
        employer=session.get(Organization, agreement.employer_org_id),
        blocks=blocks,
        has_articles=structure.has_articles,
        wage_rows=wage_rows,
        labels=[a.label for a in structure.articles],
        open_comments=sum(
            1 for placed in comments.values() for p in placed if p.comment.resolved_at is None
        ),
        consistency=problems_in(structure, wage_rows),
    )


@dataclass(frozen=True)
class DiffPage:
    agreement: Agreement
    old: AgreementVersion
    new: AgreementVersion
    versions: list[AgreementVersion]
    summary: Summary
    counts: dict[ChangeKind, int]
    wage: list[WageChange]
    view: str
    inline: Markup | None
    rows: list[render.Row] | None
    show_all: bool
    changed_characters: int
    engine: str

    @property
    def without_articles(self) -> list[int]:
        """The numbers of the two versions in which no article (第X条) was found."""
        pairs = ((self.old, self.summary.old_structure), (self.new, self.summary.new_structure))
        return [v.number for v, structure in pairs if not structure.has_articles]


def diff_page(
    agreement: Agreement,
    versions: list[AgreementVersion],
    old: AgreementVersion,
    new: AgreementVersion,
    *,
    view: str,
    show_all: bool,
) -> DiffPage:
    ops: Ops = diff_texts(old.text, new.text)
    summary = summarise(old.text, new.text, ops)
    rows = None
    if view == "side":
        rows = render.side_by_side(summary, old.text, new.text, ops, show_all=show_all)
    return DiffPage(
        agreement=agreement,
        old=old,
        new=new,
        versions=versions,
        summary=summary,
        counts={kind: summary.count(kind) for kind in ChangeKind},
        wage=wage_changes(rules.wage_rows(old.wage_table), rules.wage_rows(new.wage_table)),
        view=view,
        inline=render.inline(ops) if view != "side" else None,
        rows=rows,
        show_all=show_all,
        changed_characters=changed_characters(ops),
        engine=engine(),
    )
