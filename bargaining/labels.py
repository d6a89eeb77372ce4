"""Words for bargaining's statuses, sides, topics and rule problems (each naming its R-number)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from audit import trail
from bargaining.models import NEGOTIATION_MACHINE, NegotiationStatus, SettlementStatus, Side, Topic
from bargaining.rules import Code, Problem

STATUS_LABELS = {
    NegotiationStatus.REQUESTED: _l("Requested: awaiting the written answer"),
    NegotiationStatus.ANSWERED: _l("Answered: bargaining to begin"),
    NegotiationStatus.IN_SESSION: _l("In session"),
    NegotiationStatus.SUSPENDED: _l("Suspended"),
    NegotiationStatus.AGREED: _l("Agreed"),
    NegotiationStatus.FAILED: _l("Failed"),
    NegotiationStatus.WITHDRAWN: _l("Withdrawn"),
}
NEGOTIATION_MACHINE.describe(_l("Negotiation"), STATUS_LABELS)

SETTLEMENT_ACCEPTED = "settlement_accepted"
LETTER_EXPORTED = "negotiation_letter_exported"
trail.register_actions(
    {
        SETTLEMENT_ACCEPTED: _l("Accepted the proposed settlement"),
        LETTER_EXPORTED: _l("Downloaded %(what)s"),
    }
)
trail.register_action_names({LETTER_EXPORTED: _l("Downloaded a request or answer letter")})
STATUS_STYLES = {
    NegotiationStatus.REQUESTED: "info",
    NegotiationStatus.ANSWERED: "primary",
    NegotiationStatus.IN_SESSION: "primary",
    NegotiationStatus.SUSPENDED: "warning",
    NegotiationStatus.AGREED: "success",
    NegotiationStatus.FAILED: "danger",
    NegotiationStatus.WITHDRAWN: "secondary",
}
SIDE_LABELS = {Side.UNION: _l("Union side"), Side.EMPLOYER: _l("Employer side")}
TOPIC_LABELS = {
    Topic.SPECIAL_WAGE: _l("Special wage agreement"),
    Topic.COMPREHENSIVE: _l("Comprehensive collective agreement"),
    Topic.LABOUR_STANDARDS: _l("Sector labour standards (pay, rates and quotas)"),
}
SETTLEMENT_LABELS = {
    SettlementStatus.PROPOSED: _l("Proposed, awaiting the other side"),
    SettlementStatus.ACCEPTED: _l("Accepted by both sides"),
    SettlementStatus.REPLACED: _l("Replaced by a later proposal"),
}

PROBLEM_TEXT = {
    Code.TOO_FEW: _l(
        "each side has at least %(minimum)s representatives; this list has %(count)s."
    ),
    Code.NO_CHIEF: _l("each side has exactly one chief representative; this list has none."),
    Code.TWO_CHIEFS: _l("each side has exactly one chief representative, not %(names)s."),
    Code.EXPERT_CHIEF: _l("an outside expert cannot be the chief representative (%(names)s)."),
    Code.TOO_MANY_EXPERTS: _l(
        "outside experts are at most a third of a side: %(experts)s of %(count)s is too many."
    ),
    Code.UNEQUAL: _l(
        "both sides have the same number of representatives: the union side has %(union)s, "
        "the employer side %(employer)s."
    ),
    Code.NAMED_TWICE: _l("one person is listed twice (%(names)s): the same phone number."),
    Code.BOTH_SIDES: _l("nobody represents both sides: %(names)s is on the other side's list."),
    Code.RECORDER_IS_REPRESENTATIVE: _l(
        "the recorder is not a representative: %(names)s is on a side's list."
    ),
    Code.NO_RECORDER: _l("both sides name a recorder before the first session."),
    Code.RECORDER_NOT_JOINT: _l(
        "both sides name the recorder jointly: the %(waiting)s has not agreed to them yet."
    ),
    Code.NOT_ANSWERED: _l("sessions begin after the written answer."),
    Code.ANSWER_BEFORE_REQUEST: _l(
        "the answer cannot come before the request was received (%(date)s)."
    ),
    Code.ALREADY_ANSWERED: _l("the request has been answered already."),
    Code.BEFORE_REQUEST: _l("a session cannot be held before the request was received (%(date)s)."),
    Code.BEFORE_ANSWER: _l("a session cannot be held before the written answer (%(date)s)."),
    Code.BEFORE_PREVIOUS: _l("a session cannot come before the previous one (%(date)s)."),
    Code.IN_THE_FUTURE: _l("a session is recorded once it has been held (today is %(date)s)."),
    Code.WRONG_CHAIR: _l("the chiefs chair in turn: this session is chaired by the %(chair)s."),
    Code.CHAIR_ABSENT: _l("the chief who chairs the session attends it."),
    Code.NO_RESUMPTION: _l(
        "a suspension agrees when bargaining resumes (after this session), where, and on what."
    ),
    Code.CLOSED: _l(
        "this negotiation has ended (%(status)s); it cannot be changed or reopened: bargaining "
        "again starts with a new written request."
    ),
}


def problem_message(problem: Problem) -> str:
    """A problem in words, led by the rule it enforces: "R1: each side …"."""
    params = dict(problem.params)
    if problem.code is Code.WRONG_CHAIR:
        params["chair"] = str(SIDE_LABELS[Side(str(params["chair"]))])
    if problem.code is Code.RECORDER_NOT_JOINT:
        params["waiting"] = str(SIDE_LABELS[Side(str(params["waiting"]))])
    if problem.code is Code.CLOSED:
        params["status"] = str(STATUS_LABELS[NegotiationStatus(str(params["status"]))])
    side = params.pop("side", None)
    text = str(PROBLEM_TEXT[problem.code] % params)
    message = f"{problem.rule}: {text}" if problem.rule else text[:1].upper() + text[1:]
    return f"{SIDE_LABELS[Side(str(side))]} — {message}" if side else message
