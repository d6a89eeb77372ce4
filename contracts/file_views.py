"""Agreement files: a version as Word or PDF (a Chinese font embedded), and the changes between
two versions as a Word document with real tracked changes."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import abort, make_response, request
from flask_login import login_required

from audit import trail
from contracts import labels, rules
from contracts.diff import diff_texts
from contracts.template import ITEM_NAMES
from contracts.views import bp, load, load_version
from contracts.wordfiles import WageLabels, write_docx, write_redline_docx
from db import get_session
from organizations.context import current_viewer
from webforms import ViewResult, record_id

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, media_type: str, name: str, agreement: Any = None) -> Any:
    if agreement is not None:  # who took which text out of the application
        trail.record(
            get_session(),
            actor=current_viewer(),
            action=labels.AGREEMENT_EXPORTED,
            subject=agreement,
            what=name,
        )
    response = make_response(data)
    response.headers["Content-Type"] = media_type
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _wage_labels() -> WageLabels:
    return WageLabels(item_names=ITEM_NAMES)  # a legal document: always in Chinese


@bp.get("/agreements/<int:agreement_id>/versions/<int:number>.<any(docx, pdf):fmt>")
@login_required
def version_file(agreement_id: int, number: int, fmt: str) -> ViewResult:
    """A version as Word or as PDF (a Chinese font embedded), with its wage table."""
    agreement = load(agreement_id)
    record = load_version(agreement, number)
    rows = rules.wage_rows(record.wage_table)
    name = f"{agreement.title}-第{record.number}版.{fmt}"
    if fmt == "docx":
        data = write_docx(agreement.title, record.text, rows, _wage_labels())
        return _download(data, DOCX, name, agreement)
    from contracts.pdf import write_pdf  # WeasyPrint takes a while to import: only PDFs need it

    data = write_pdf(agreement.title, record.text, rows, _wage_labels())
    return _download(data, "application/pdf", name, agreement)


@bp.get("/agreements/<int:agreement_id>/redline.docx")
@login_required
def redline(agreement_id: int) -> ViewResult:
    """The newer version with tracked changes against the older (Word's Accept and Reject work)."""
    agreement = load(agreement_id)
    old_number = request.args.get("old", type=record_id)
    new_number = request.args.get("new", type=record_id)
    if old_number is None or new_number is None:
        abort(404)
    old, new = load_version(agreement, old_number), load_version(agreement, new_number)
    data = write_redline_docx(
        agreement.title,
        diff_texts(old.text, new.text),
        author=new.author_name or agreement.title,
        when=new.created_at,
        note=new.note,
    )
    name = f"{agreement.title}-第{old.number}版至第{new.number}版修订.docx"
    return _download(data, DOCX, name, agreement)
