"""Part `texts`: diffing agreement texts of 60,000 and 200,000 characters with about 50 scattered
edits, against `git diff --no-index --word-diff=porcelain --word-diff-regex=.` on the same files
(whole process), and the whole comparison page for the 60,000-character pair.

The texts are real: the statutes in tests/data/laws/ (collective-contract regulations,
the labour contract law, the trade union law …), their articles renumbered into one long text and
repeated until it is long enough. The edits are what drafting does: a figure changed, a phrase
rewritten, a sentence added or struck, spread evenly over the text.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, insert, select, update
from sqlmodel import Session, col

from bench.generate import World
from bench.harness import BenchContext, median
from bench.registry import Figure, register
from contracts import rules
from contracts.articles import article_label_map
from contracts.diff import diff_texts
from contracts.models import Agreement, AgreementKind, AgreementLevel, AgreementVersion
from contracts.structure import chinese_numeral, normalise
from db import table_of, utcnow
from organizations.models import Organization, OrgKind

LAWS = Path(__file__).resolve().parents[2] / "tests" / "data" / "laws"  # real statutes
EDITS = 50
PAGE_TARGET_MS = 100.0
_prepared: dict[str, int] = {}
_ARTICLE = re.compile(r"^[ \t　#]*第[零〇一二两三四五六七八九十百千\d]+条[ \t　]*(.*)$")


def _articles() -> list[str]:
    """Every article body of every statute, in file order."""
    bodies: list[str] = []
    for path in sorted(LAWS.glob("*.md")):
        current: list[str] | None = None
        for line in normalise(path.read_text(encoding="utf-8")).split("\n"):
            match = _ARTICLE.match(line)
            if match:
                if current:
                    bodies.append("\n".join(current))
                current = [match.group(1)]
            elif current is not None and line.strip() and not line.lstrip("# ").startswith("第"):
                current.append(line.strip())
        if current:
            bodies.append("\n".join(current))
    return bodies


def long_text(length: int) -> str:
    """A text of about `length` characters: chapters of twenty articles, numbered in order, each
    chapter with an opening paragraph (text outside any article, drawn in rows of its own)."""
    bodies = _articles()
    lines = ["行业性工资专项集体合同（基准测试文本）", ""]
    size, number = 0, 0
    while size < length:
        body = bodies[number % len(bodies)]
        number += 1
        if number % 20 == 1:  # a chapter, with an opening paragraph outside any article
            part = number // 20 + 1
            heading = f"第{chinese_numeral(part)}章 第{part}部分"
            lines += [heading, f"本章规定第{part}部分的事项。", ""]
        line = f"第{chinese_numeral(number)}条 {body}"
        lines += [line, ""]
        size += len(line) + 2
    return normalise("\n".join(lines))


def edited(text: str, edits: int, seed: int) -> str:
    """The text with `edits` drafting changes spread over it."""
    rng = random.Random(seed)
    phrases = ["并按月足额支付", "经双方协商一致", "不得低于当地最低工资标准", "应当及时告知职工"]
    step = len(text) // (edits + 1)
    out: list[str] = []
    position = 0
    for k in range(1, edits + 1):
        at = k * step + rng.randint(-step // 4, step // 4)
        out.append(text[position:at])
        kind = k % 4
        if kind == 0:  # a figure
            out.append(str(rng.randint(1000, 9999)))
            position = at + rng.randint(0, 2)
        elif kind == 1:  # a phrase added
            out.append(rng.choice(phrases))
            position = at
        elif kind == 2:  # a few words struck
            position = at + rng.randint(3, 12)
        else:  # a phrase rewritten
            out.append(rng.choice(phrases))
            position = at + rng.randint(4, 10)
    out.append(text[position:])
    return normalise("".join(out))


PAIRS: dict[str, tuple[str, str]] = {}


def _pair(length: int) -> tuple[str, str]:
    key = str(length)
    if key not in PAIRS:
        old = long_text(length)
        PAIRS[key] = (old, edited(old, EDITS, length))
    return PAIRS[key]


def prepare(engine: Engine, world: World) -> None:
    """An agreement of the world's federation chair with the 60,000-character pair as versions
    1 and 2."""
    old, new = _pair(60_000)
    with Session(engine) as session:
        federation = session.get(Organization, world.chair_federation_id)
        assert federation is not None
        employer = session.scalars(
            select(col(Organization.id))
            .where(col(Organization.kind) == OrgKind.ASSOCIATION)
            .limit(1)
        ).first()
        assert employer is not None
    with engine.begin() as conn:
        agreement_id = int(
            conn.execute(
                insert(table_of(Agreement))
                .values(
                    kind=AgreementKind.SPECIAL_WAGE,
                    level=AgreementLevel.SECTOR,
                    title="基准测试集体合同",
                    union_org_id=federation.id,
                    employer_org_id=employer,
                    sector_code=federation.sector_code,
                    region_code=federation.region_code,
                    term_start=date(2026, 1, 1),
                    term_end=date(2026, 12, 31),
                    status="drafting",
                    head_number=0,
                    created_at=utcnow(),
                )
                .returning(table_of(Agreement).c.id)
            ).scalar_one()
        )
        previous: str | None = None
        for number, text in ((1, old), (2, new)):
            # A chain as the services write it, so that `flask contracts verify` holds.
            wage = rules.wage_json([])
            text_sha, wage_sha = rules.sha256(text), rules.sha256(wage)
            created_at = utcnow()
            base_number = number - 1 or None
            meta = rules.version_meta(
                author_name="基准测试",
                side=None,
                note="",
                source="edit",
                base_number=base_number,
                created_at=created_at,
            )
            chain = rules.chain_hash(agreement_id, previous, number, text_sha, wage_sha, meta)
            labels = article_label_map(old, text) if number > 1 else {}
            conn.execute(
                insert(table_of(AgreementVersion)).values(
                    agreement_id=agreement_id,
                    number=number,
                    base_number=base_number,
                    author_name="基准测试",
                    note="",
                    source="edit",
                    text=text,
                    wage_table=wage,
                    text_sha256=text_sha,
                    wage_sha256=wage_sha,
                    previous_sha256=previous,
                    chain_sha256=chain,
                    label_map=json.dumps(labels, ensure_ascii=False),
                    created_at=created_at,
                )
            )
            previous = chain
        conn.execute(
            update(table_of(Agreement))
            .where(table_of(Agreement).c.id == agreement_id)
            .values(head_number=2, head_sha256=previous)
        )
    _prepared["agreement_id"] = agreement_id


def _timed(function: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def _git_ms(old: str, new: str, rounds: int) -> float | None:
    git = shutil.which("git")
    if git is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder) / "a.txt", Path(folder) / "b.txt"
        a.write_text(old, encoding="utf-8")
        b.write_text(new, encoding="utf-8")
        command = [
            git,
            "diff",
            "--no-index",
            "--word-diff=porcelain",
            "--word-diff-regex=.",
            str(a),
            str(b),
        ]

        def run() -> None:
            result = subprocess.run(command, capture_output=True, check=False)
            assert result.returncode in (0, 1), result.stderr

        run()
        return _timed(run, rounds)


@register(
    "texts",
    "agreement texts: our diff against git's word diff, and the comparison page (60k, 200k)",
    prepare=prepare,
)
def run(ctx: BenchContext) -> list[Figure]:
    rounds = max(7, min(ctx.samples // 10, 31))
    figures: list[Figure] = []
    for length, label in ((60_000, "60k"), (200_000, "200k")):
        old, new = _pair(length)
        diff_texts(old, new)  # warm
        ours = _timed(partial(diff_texts, old, new), rounds)
        git = _git_ms(old, new, rounds)
        changed = sum(len(t) for op, t in diff_texts(old, new) if op != "=")
        ctx.note(f"texts: {label}: {len(old):,} → {len(new):,} characters, {changed} changed")
        figures.append(Figure(f"diff_{label}_ms", ours, "ms", round(git, 2) if git else None))
        if git is not None:
            figures.append(Figure(f"git_{label}_ms", git, "ms"))
    client = ctx.logged_in(ctx.world.federation_chair_username)
    path = f"/agreements/{_prepared['agreement_id']}/compare?old=1&new=2"
    for _ in range(ctx.warmup):
        client.timed_get(path)
    page_ms = median(client.timed_get(path) for _ in range(rounds))
    side_ms = median(client.timed_get(path + "&view=side") for _ in range(rounds))
    ctx.note(f"texts: the side-by-side page of the 60k pair: {side_ms:.1f} ms")
    if ctx.profile:

        def pages() -> None:
            for _ in range(10):
                client.timed_get(path)
                client.timed_get(path + "&view=side")

        ctx.profiled("the comparison page of the 60k pair, 10 rounds of both views", pages)
    figures.append(Figure("diff_page_60k_ms", page_ms, "ms", PAGE_TARGET_MS))
    figures.append(Figure("diff_page_side_60k_ms", side_ms, "ms", PAGE_TARGET_MS))
    return figures
