"""Refused writes in the audit trail: a signed-in person's change that the application turned
down for want of permission (403) or because the record is not theirs to know (404)."""

from __future__ import annotations

from flask import Response, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from audit import trail
from db import SAFE_METHODS

# Which URL argument names which record, so the refusal shows in that record's history.
SUBJECT_OF_ARGUMENT = {
    "negotiation_id": "negotiation",
    "agreement_id": "agreement",
    "org_id": "organization",
    "user_id": "user",
    "standard_id": "sector_standard",
}
REFUSED_STATUSES = frozenset({403, 404})


def record_refused_write(response: Response) -> Response:
    """After a write request: a 403 or 404 to a signed-in person is recorded, and kept although
    the request's own changes are rolled back."""
    if (
        request.method in SAFE_METHODS
        or response.status_code not in REFUSED_STATUSES
        or not current_user.is_authenticated
    ):
        return response
    arguments = request.view_args or {}
    subject: tuple[str, int | None] = ("request", None)
    for name, subject_type in SUBJECT_OF_ARGUMENT.items():
        value = arguments.get(name)
        if isinstance(value, int):
            subject = (subject_type, value)
            break
    user = current_user._get_current_object()
    trail.record_refusal(user, subject, f"{request.method} {request.path} ({response.status_code})")
    return response


trail.register_subject("request", _l("Request"))
# The records a refusal may name that no status machine or package names for the trail.
trail.register_subject("organization", _l("Organisation record"))
trail.register_subject("sector_standard", _l("Sector standard"))
