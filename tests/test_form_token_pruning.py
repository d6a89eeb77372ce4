"""Create-form tokens are forgotten a week after their form was shown (the nightly job prunes
them), so the table does not grow for ever; younger ones keep guarding against a second post."""

from datetime import timedelta

from sqlmodel import select

import form_tokens
from db import utcnow
from form_tokens import FormToken


def test_prune_forgets_only_tokens_older_than_their_lifetime(session):
    now = utcnow()
    ages = {"a" * 20: timedelta(days=8), "b" * 20: timedelta(days=6, hours=23)}
    for token, age in ages.items():
        session.add(FormToken(token=token, object_type="person", object_id=1, created_at=now - age))
    session.flush()
    assert form_tokens.prune(session, now=now) == 1
    left = session.exec(select(FormToken.token)).all()
    assert left == ["b" * 20]
