"""An agreement's history: its audit trail, in the reader's language."""

from __future__ import annotations

from flask import render_template, request
from flask_login import login_required

from audit import trail
from contracts.views import bp, load
from db import get_session
from pagination import clamp_page
from webforms import ViewResult


@bp.get("/agreements/<int:agreement_id>/history")
@login_required
def history(agreement_id: int) -> ViewResult:
    """Everyone who may see the agreement may read its history (an outsider gets 404)."""
    agreement = load(agreement_id)
    rows = trail.subject_history(
        get_session(), agreement, page=clamp_page(request.args.get("page"))
    )
    return render_template("contracts/history.html", agreement=agreement, history=rows)
