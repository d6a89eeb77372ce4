"""Bargaining use cases: open a negotiation with a written request, answer it, name each side's
representatives and the recorder, record sessions and each side's offers, settle on one set of
values (which makes a draft sector standard), or end it. Each takes the acting viewer, checks the
rules (R1–R6, R14), changes, and flushes; the request commits.

The use cases live in one module per stage; this is the package's one public face, so views,
the demo and the packages above (contracts) call `services.<name>` whatever module holds it."""

from __future__ import annotations

from bargaining.services.negotiations import (
    ItemRow,
    RequestData,
    answer_request,
    counterparts,
    end_negotiation,
    items_version,
    save_items,
    start_negotiation,
)
from bargaining.services.queries import (
    OfferCell,
    OfferRow,
    answer_deadline,
    answer_overdue,
    attendees_of,
    item_label,
    items_of,
    load,
    load_session,
    load_settlement,
    offer_table,
    offers_of,
    proposed_chair_side,
    readiness_problems,
    refill_deadline,
    representatives_of,
    sessions_of,
    settlement_of,
    settlement_values,
    visible_negotiations,
)
from bargaining.services.rounds import SessionData, offers_version, record_session, save_offers
from bargaining.services.seating import (
    MemberRow,
    agree_to_recorder,
    members_version,
    name_recorder,
    save_representatives,
    vacate,
)
from bargaining.services.settlement import (
    accept_settlement,
    propose_settlement,
    suggested_values,
)

__all__ = [
    "ItemRow",
    "MemberRow",
    "OfferCell",
    "OfferRow",
    "RequestData",
    "SessionData",
    "accept_settlement",
    "agree_to_recorder",
    "answer_deadline",
    "answer_overdue",
    "answer_request",
    "attendees_of",
    "counterparts",
    "end_negotiation",
    "item_label",
    "items_of",
    "items_version",
    "load",
    "load_session",
    "load_settlement",
    "members_version",
    "name_recorder",
    "offer_table",
    "offers_of",
    "offers_version",
    "propose_settlement",
    "proposed_chair_side",
    "readiness_problems",
    "record_session",
    "refill_deadline",
    "representatives_of",
    "save_items",
    "save_offers",
    "save_representatives",
    "sessions_of",
    "settlement_of",
    "settlement_values",
    "start_negotiation",
    "suggested_values",
    "vacate",
    "visible_negotiations",
]
