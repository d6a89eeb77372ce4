"""The link from an agreed negotiation's page to its agreement (registered with bargaining)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from bargaining.models import Negotiation, NegotiationStatus
from contracts.models import Agreement


def agreement_link(session: Session, negotiation: Negotiation) -> tuple[str, str] | None:
    if negotiation.status is not NegotiationStatus.AGREED:
        return None
    agreement_id = session.exec(
        select(Agreement.id).where(Agreement.negotiation_id == negotiation.id)
    ).first()
    if agreement_id is not None:
        return _("The agreement"), url_for("contracts.detail", agreement_id=agreement_id)
    return _("Draft the agreement"), url_for(
        "contracts.from_negotiation", negotiation_id=negotiation.id
    )
