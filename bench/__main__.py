"""`python -m bench`: build the world in a fresh database, serve it, run the parts, report."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from app import create_app
from bench.database import (
    UnsafeDatabase,
    analyze,
    check_disposable,
    database_url,
    fresh_engine,
)
from bench.generate import Sizes, generate
from bench.harness import BenchContext, LiveServer
from bench.registry import Figure, Part, discover


def parse_args(argv: list[str] | None, parts: dict[str, Part]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time the app's pages against its bare /healthz endpoint on a large world.",
        epilog="Parts: " + "; ".join(f"{p.name} ({p.description})" for p in parts.values()),
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(parts),
        metavar="NAME",
        help="run this part only (repeatable); default: every part",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="PostgreSQL URL to use (it is EMPTIED first); default: BENCH_DATABASE_URL, "
        "else a SQLite file in a temporary folder",
    )
    parser.add_argument(
        "--force-reset",
        action="store_true",
        help="empty the database even if its name contains neither 'bench' nor 'test'",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the SQLite database in this folder (default: a temporary one, removed)",
    )
    parser.add_argument("--samples", type=int, default=300, help="timed rounds (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="untimed rounds (default 30)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="world size factor, e.g. 0.1 for a quick look"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the world")
    parser.add_argument(
        "--profile", action="store_true", help="also profile the pages on the server (cProfile)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a figure misses its target"
    )
    return parser.parse_args(argv)


def format_table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "unit", "target", "ok?")]
    for f in figures:
        target = "" if f.target is None else f"{'≤' if f.better == 'lower' else '≥'} {f.target:g}"
        ok = {None: "-", True: "yes", False: "NO"}[f.ok]
        rows.append((f.name, f"{f.value:.2f}", f.unit, target, ok))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1])]
        cells += [cell.ljust(width) for cell, width in zip(row[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parts = discover()
    args = parse_args(argv, parts)
    selected = [parts[name] for name in (args.only or parts)]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        url = database_url(args.database_url, workdir)
        try:
            check_disposable(url, force=args.force_reset)
        except UnsafeDatabase as error:
            log(f"bench: {error}")
            return 2
        started = time.perf_counter()
        engine = fresh_engine(url)
        world = generate(engine, Sizes().scaled(args.scale), seed=args.seed)
        for part in selected:
            if part.prepare is not None:
                part.prepare(engine, world)
        analyze(engine)  # after the parts' own rows too
        engine.dispose()
        counts = ", ".join(f"{n:,} {what}" for what, n in world.counts.items())
        log(f"bench: {engine.dialect.name} world in {time.perf_counter() - started:.1f}s: {counts}")

        load = os.getloadavg()[0]
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
        app_engine = app.extensions["database"].engine
        figures: list[Figure] = []
        notes: list[str] = []
        with LiveServer(app, app_engine) as server:
            for part in selected:
                log(f"bench: running {part.name} ({args.samples} rounds after {args.warmup})")
                ctx = BenchContext(
                    app=app,
                    engine=app_engine,
                    server=server,
                    world=world,
                    samples=args.samples,
                    warmup=args.warmup,
                    profile=args.profile,
                )
                figures += part.run(ctx)
                notes += ctx.notes
        app_engine.dispose()
    notes.append(
        f"machine: {os.cpu_count()} CPUs, load average {load:.2f} before the run and "
        f"{os.getloadavg()[0]:.2f} after (other work on the machine inflates and scatters times)"
    )

    names = [f.name for f in figures]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"figures reported twice: {sorted(duplicates)}")
    if notes:
        print("\n".join(notes) + "\n")
    print(format_table(figures))
    if args.json:
        payload = {"figures": {f.name: f.as_json() for f in figures}}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    missed = [f.name for f in figures if f.ok is False]
    if missed:
        log(f"bench: missed targets: {', '.join(missed)}")
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
