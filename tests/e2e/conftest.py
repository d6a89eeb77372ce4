"""Browser fixtures: the demo world served on 127.0.0.1 from a thread, and headless Chromium.

The served app has its own SQLite file, migrated and seeded once for the session: the browser's
requests run in the server's thread and commit, so they cannot share the rolled-back session of
the other tests (nor their TEST_DATABASE_URL database, which those tests expect to stay empty).

Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH); Playwright's own download is not
used. Without it the tests skip, except in CI (CI=true), where a missing browser is a failure.
Screenshots of each step go to E2E_ARTIFACTS if set, else to a pytest temporary folder.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from app import create_app
from db import alembic_config, session_scope
from demo import seed_demo

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app the browser talks to, on a SQLite file migrated and seeded with the demo world."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.sqlite3'}"
    outbox = tmp_path_factory.mktemp("e2e-outbox")
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "e2e",
            "SESSION_COOKIE_SECURE": False,
            "MAIL_OUTBOX": str(outbox),
        }
    )
    engine = app.extensions["database"].engine
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with session_scope(engine) as session:
        seed_demo(session)
    yield app
    engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The base URL of the app, with the demo world, served by werkzeug in a daemon thread."""
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, live_app, threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server: str) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (no cookies) with the given viewport."""
    contexts: list[BrowserContext] = []

    def _open(width: int = 1280, height: int = 800) -> Page:
        context = browser.new_context(
            base_url=live_server, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("E2E_ARTIFACTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("e2e-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def snap(screenshot_dir: Path, request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """Save a full-page screenshot named after the test and the step."""
    steps = iter(range(1, 100))

    def _snap(page: Page, step: str) -> Path:
        path = screenshot_dir / f"{request.node.name}-{next(steps):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _snap
