"""Words for agreements: kinds, levels and what happened to an article between two versions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from audit import trail
from contracts.articles import ChangeKind
from contracts.models import AGREEMENT_MACHINE, AgreementKind, AgreementLevel, AgreementStatus
from contracts.structure import MAX_TEXT_CHARS

MAX_UNPACKED_MB = 50  # contracts.docx_import.MAX_UNPACKED_BYTES, which a test holds equal

AGREEMENT_KINDS = {
    AgreementKind.COLLECTIVE: _l("Collective agreement"),
    AgreementKind.SPECIAL_WAGE: _l("Special wage agreement"),
    AgreementKind.OTHER_SPECIAL: _l("Other special agreement"),
}
AGREEMENT_LEVELS = {
    AgreementLevel.SECTOR: _l("Sector"),
    AgreementLevel.REGIONAL: _l("Regional"),
    AgreementLevel.ENTERPRISE: _l("Enterprise"),
}
CHANGE_LABELS = {
    ChangeKind.ADDED: _l("Added"),
    ChangeKind.REMOVED: _l("Removed"),
    ChangeKind.CHANGED: _l("Changed"),
    ChangeKind.MOVED: _l("Moved"),
    ChangeKind.RENUMBERED: _l("Renumbered"),
    ChangeKind.UNCHANGED: _l("Unchanged"),
}

DOCX_ERRORS = {
    "not_docx": _l("This file is not a Word document (.docx). Save it as .docx and try again."),
    "encrypted": _l("This Word document is protected by a password: save it without one."),
    "too_large": _l(
        "The document's text is longer than an agreement may be (%(limit)s characters).",
        limit=f"{MAX_TEXT_CHARS:,}",
    ),
    "too_large_unpacked": _l(
        "This file is too large when unpacked (more than %(limit)s MB), far larger than the "
        "draft of an agreement. Save the draft again as .docx and try again.",
        limit=MAX_UNPACKED_MB,
    ),
    "empty": _l("The document has no text."),
}

AGREEMENT_STATUS_LABELS = {AgreementStatus.DRAFTING: _l("Drafting")}
AGREEMENT_MACHINE.describe(_l("Agreement"), AGREEMENT_STATUS_LABELS)

VERSION_SAVED = "agreement_version_saved"
VERSION_MERGED = "agreement_version_merged"
AGREEMENT_CREATED = "agreement_created"
AGREEMENT_EXPORTED = "agreement_exported"
trail.register_actions(
    {
        AGREEMENT_CREATED: _l("Created the agreement"),
        VERSION_SAVED: _l("Saved version %(number)s"),
        VERSION_MERGED: _l("Saved version %(number)s, merged with version %(merged_with)s"),
        AGREEMENT_EXPORTED: _l("Downloaded %(what)s"),
    }
)
trail.register_action_names({AGREEMENT_EXPORTED: _l("Downloaded an agreement's text")})
