"""Re-verifying the hash chain of every agreement's versions (`flask contracts verify`): a text or
wage table altered after it was saved, a record changed, a version missing or re-linked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from contracts import rules
from contracts.models import Agreement, AgreementVersion
from contracts.services import record_meta


@dataclass(frozen=True)
class ChainBreak:
    agreement_id: int
    number: int
    problem: str


def verify_chain(session: Session) -> tuple[int, list[ChainBreak]]:
    """Re-compute every version's hashes in order, and each agreement's head (its newest
    version): (versions checked, the breaks found)."""
    breaks: list[ChainBreak] = []
    checked = 0
    heads = {a.id: a for a in session.exec(select(Agreement))}
    last: dict[int, AgreementVersion] = {}
    stmt = select(AgreementVersion).order_by(
        col(AgreementVersion.agreement_id), col(AgreementVersion.number)
    )
    previous: AgreementVersion | None = None
    for record in session.exec(stmt):
        checked += 1
        if previous is not None and previous.agreement_id != record.agreement_id:
            previous = None
        breaks += _link_breaks(record, previous)
        last[record.agreement_id] = previous = record
    for agreement_id, agreement in heads.items():
        newest = last.get(agreement_id or 0)
        if newest is None and agreement.head_number == 0:
            continue
        if (
            newest is None
            or newest.number != agreement.head_number
            or newest.chain_sha256 != agreement.head_sha256
        ):
            breaks.append(
                ChainBreak(
                    agreement_id or 0,
                    agreement.head_number,
                    f"the newest version is missing (found {newest.number if newest else 0})",
                )
            )
    return checked, breaks


def _link_breaks(record: AgreementVersion, previous: AgreementVersion | None) -> list[ChainBreak]:
    def broken(problem: str) -> ChainBreak:
        return ChainBreak(record.agreement_id, record.number, problem)

    found: list[ChainBreak] = []
    expected_number = previous.number + 1 if previous else 1
    if record.number != expected_number:
        found.append(broken(f"expected version {expected_number}"))
    if rules.sha256(record.text) != record.text_sha256:
        found.append(broken("text altered"))
    if rules.sha256(record.wage_table) != record.wage_sha256:
        found.append(broken("wage table altered"))
    previous_sha = previous.chain_sha256 if previous else None
    if record.previous_sha256 != previous_sha:
        found.append(broken("link to the previous version broken"))
    expected = rules.chain_hash(
        record.agreement_id,
        previous_sha,
        record.number,
        record.text_sha256,
        record.wage_sha256,
        record_meta(record),
    )
    if record.chain_sha256 != expected:
        found.append(broken("chain hash does not match"))
    return found
