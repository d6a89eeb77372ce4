"""The versions an organisation's record and a person's entry are edited from: what their forms
are based on, and the check that refuses a save based on one someone else has replaced."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from concurrency import Record, claim_form, record_values, version_of
from organizations import services
from organizations.models import Organization, Person

RECORD_FIELDS = frozenset(Organization.model_fields) - {"id"}
PERSON_FIELDS = ("name", "position", "title", "phone", "email")


def _organization_values(session: Session, org: Organization, form: Any) -> dict[str, str]:
    values = record_values(org, [field.name for field in form if field.name in RECORD_FIELDS])
    if "chair_name" in form:  # a union's form names its chair, a person of its own
        chair = services.chair_of(session, org)
        values["chair_name"] = chair.name if chair else ""
    return values


def organization_version(session: Session, org: Organization, form: Any) -> str:
    return version_of(
        session, Record("organization", str(org.id)), _organization_values(session, org, form)
    )


def claim_organization(session: Session, org: Organization, form: Any, *, actor_id: int) -> None:
    """An organisation's form based on a record someone else has saved since: StaleEdit."""
    claim_form(
        session,
        Record("organization", str(org.id)),
        form,
        stored=lambda: _organization_values(session, org, form),
        actor_id=actor_id,
    )


def person_version(session: Session, person: Person) -> str:
    stored = record_values(person, PERSON_FIELDS)
    return version_of(session, Record("person", str(person.id)), stored)


def claim_person(session: Session, person: Person, form: Any, *, actor_id: int) -> None:
    """A person's form based on an entry someone else has saved since: StaleEdit."""
    claim_form(
        session,
        Record("person", str(person.id)),
        form,
        stored=lambda: record_values(person, PERSON_FIELDS),
        actor_id=actor_id,
    )
