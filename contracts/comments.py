"""Comments of either side on an article of a version: made, resolved, and shown on later versions
as long as the article is there (followed across renumbering)."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from contracts.models import Agreement, AgreementVersion, Comment
from contracts.permissions import side_of_viewer
from contracts.services import author_name, versions_of
from contracts.structure import parse
from db import utcnow
from errors import DomainError, NotFound
from organizations.permissions import Viewer


def add_comment(
    session: Session,
    viewer: Viewer,
    agreement: Agreement,
    record: AgreementVersion,
    *,
    article_label: str,
    body: str,
) -> Comment:
    side = side_of_viewer(viewer, agreement)
    if side is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    if record.agreement_id != agreement.id:
        raise NotFound()
    if parse(record.text).by_label(article_label) is None:
        raise DomainError(_l("Choose an article of this version."), field="article_label")
    if not body.strip():
        raise DomainError(_l("Write the comment."), field="body")
    if len(body) > 5000:
        raise DomainError(_l("A comment has at most 5,000 characters."), field="body")
    comment = Comment(
        agreement_id=agreement.id or 0,
        version_id=record.id or 0,
        article_label=article_label,
        author_id=viewer.user_id,
        author_name=author_name(session, viewer),
        side=side,
        body=body.strip(),
    )
    session.add(comment)
    session.flush()
    return comment


def resolve_comment(
    session: Session, viewer: Viewer, agreement: Agreement, comment: Comment
) -> None:
    if comment.agreement_id != agreement.id:
        raise NotFound()
    if side_of_viewer(viewer, agreement) is None:
        raise DomainError(_l("Only the two sides' people may do this."), status=403)
    if comment.resolved_at is not None:
        raise DomainError(_l("This comment is resolved already."), status=409)
    comment.resolved_at = utcnow()
    comment.resolved_by_name = author_name(session, viewer)
    session.flush()


@dataclass(frozen=True)
class PlacedComment:
    comment: Comment
    label: str  # the article's label in the version shown (it may have been renumbered)
    made_on_number: int


def comments_on(
    session: Session,
    agreement: Agreement,
    record: AgreementVersion,
    versions: Sequence[AgreementVersion] | None = None,
) -> dict[str, list[PlacedComment]]:
    """The comments made on this version or an earlier one, by the label of the article they
    concern in this version. An article is followed from version to version (renumbered or
    moved, it is still itself); a comment whose article is gone is not shown. `versions` are
    the agreement's versions in order, if the caller has them already."""
    comments = list(
        session.exec(
            select(Comment)
            .where(Comment.agreement_id == agreement.id)
            .order_by(col(Comment.created_at))
        )
    )
    if not comments:
        return {}
    if versions is None:
        versions = versions_of(session, agreement)
    chain = [v for v in versions if v.number <= record.number]
    number_of = {v.id: v.number for v in chain}

    @functools.cache
    def step(k: int) -> dict[str, str]:
        """Labels in version chain[k] → labels in chain[k + 1], as stored when it was saved
        (decoded once, however many comments pass through it)."""
        return json.loads(chain[k + 1].label_map or "{}")

    placed: dict[str, list[PlacedComment]] = {}
    for comment in comments:
        origin = number_of.get(comment.version_id)
        if origin is None:
            continue  # made on a later version
        label: str | None = comment.article_label
        for k in range(origin - 1, len(chain) - 1):
            label = step(k).get(label or "")
            if label is None:
                break
        if label is not None:
            placed.setdefault(label, []).append(PlacedComment(comment, label, origin))
    return placed
