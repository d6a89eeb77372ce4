"""Fixtures of the standards tests: a federation chair of Haizhu's catering sector."""

import pytest

from accounts.models import Role
from standards.demo import seed_standards


class _Report:
    def tally(self, _created: bool) -> None:
        pass


@pytest.fixture
def chair(session, make_federation, make_user):
    seed_standards(session, _Report())
    federation = make_federation(name="广州市海珠区餐饮业工会联合会", sector_code="H62")
    user = make_user(Role.FEDERATION_CHAIR, federation)
    session.commit()
    return user
