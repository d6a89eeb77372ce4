"""A negotiation's history: its audit trail, in the reader's language."""

from __future__ import annotations

from flask import render_template, request
from flask_login import login_required

from audit import trail
from bargaining.views import bp, load
from db import get_session
from pagination import clamp_page
from webforms import ViewResult


@bp.get("/negotiations/<int:negotiation_id>/history")
@login_required
def history(negotiation_id: int) -> ViewResult:
    """Everyone who may see the negotiation may read its history (an outsider gets 404)."""
    negotiation = load(negotiation_id)
    rows = trail.subject_history(
        get_session(), negotiation, page=clamp_page(request.args.get("page"))
    )
    return render_template("bargaining/history.html", negotiation=negotiation, history=rows)
