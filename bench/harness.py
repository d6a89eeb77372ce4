"""The live server, a cookie-keeping HTTP client without `requests`, and the timing helpers.

Pages are timed from the client's side of a real socket (connect, request, whole body read), so
that a page and /healthz carry the same HTTP overhead and their ratio is the app's own cost.
The server also notes, per request, its own time and the time spent in SQL, to tell a slow query
from slow rendering.
"""

from __future__ import annotations

import cProfile
import http.client
import io
import pstats
import re
import statistics
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import Engine, event
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from bench.generate import World

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class ServerSample:
    """One request as the server saw it. `statements` are kept so that their cost can be
    measured apart (see BenchContext.sql_ms): the time inside cursor.execute alone misses the
    rows a SQLite scan finds only while they are fetched."""

    path: str
    server_ms: float
    statements: list[tuple[str, Any]]


class Instrumented:
    """WSGI middleware: per-request server and SQL time while recording; cProfile on demand."""

    def __init__(self, app: Flask, engine: Engine) -> None:
        self.wsgi_app = app.wsgi_app
        self.recording = False
        self.samples: list[ServerSample] = []
        self.profile: cProfile.Profile | None = None
        self._statements: list[tuple[str, Any]] | None = None  # while serving a request
        event.listen(engine, "before_cursor_execute", self._note_statement)

    def _note_statement(
        self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any
    ) -> None:
        if self._statements is not None:
            self._statements.append((statement, parameters))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        statements: list[tuple[str, Any]] = []
        self._statements = statements
        started = time.perf_counter()
        if self.profile is not None:
            body = self.profile.runcall(self._call_and_read, environ, start_response)
        else:
            body = self._call_and_read(environ, start_response)
        if self.recording:
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"]
            self.samples.append(
                ServerSample(
                    path=path,
                    server_ms=(time.perf_counter() - started) * 1000,
                    statements=statements,
                )
            )
        self._statements = None
        return body

    def _call_and_read(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        body = self.wsgi_app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()


class LiveServer:
    """The app on 127.0.0.1 behind werkzeug's server, in a background thread, one request at
    a time (the client sends one at a time, so a threaded server would only add noise)."""

    def __init__(self, app: Flask, engine: Engine) -> None:
        self.instrumented = Instrumented(app, engine)
        self.server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, self.instrumented, request_handler=_QuietHandler
        )
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_port

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class HttpClient:
    """One browser's worth of state (cookies) over http.client: a new connection per request,
    as werkzeug's HTTP/1.0 server closes each one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[Response, float]:
        """The response and the seconds from connecting to the last byte of the body."""
        headers = {"Accept-Language": "zh-CN,zh;q=0.9"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            data = raw.read()
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return Response(raw.status, dict(raw.headers.items()), data), elapsed

    def get(self, path: str) -> Response:
        return self.request("GET", path)[0]

    def timed_get(self, path: str, *, expect: int = 200) -> float:
        """Milliseconds for one GET; a wrong status stops the run rather than timing an error."""
        response, seconds = self.request("GET", path)
        if response.status != expect:
            raise RuntimeError(f"GET {path}: {response.status}, expected {expect}")
        return seconds * 1000

    def log_in(self, username: str, password: str) -> HttpClient:
        """Through the real form, CSRF token and all."""
        page = self.get("/login")
        match = CSRF_FIELD.search(page.text)
        if match is None:
            raise RuntimeError("no CSRF token on the login page")
        response, _ = self.request(
            "POST",
            "/login",
            {"username": username, "password": password, "csrf_token": match.group(1)},
        )
        if response.status != 302 or response.headers.get("Location", "").endswith("/login"):
            raise RuntimeError(f"logging in as {username} failed: {response.status}")
        return self


@dataclass
class BenchContext:
    """What a part gets: the app, its engine, the live server, the world and the run settings."""

    app: Flask
    engine: Engine
    server: LiveServer
    world: World
    samples: int
    warmup: int
    profile: bool
    notes: list[str] = field(default_factory=list)

    def client(self) -> HttpClient:
        return HttpClient(self.server.port)

    def logged_in(self, username: str) -> HttpClient:
        return self.client().log_in(username, self.world.password)

    def note(self, line: str = "") -> None:
        """A line for the report printed after the figures (breakdowns, profiles)."""
        self.notes.append(line)

    @contextmanager
    def recording(self) -> Iterator[list[ServerSample]]:
        """Server-side samples (server time, SQL time) of the requests made inside the block."""
        instrumented = self.server.instrumented
        instrumented.samples = []
        instrumented.recording = True
        try:
            yield instrumented.samples
        finally:
            instrumented.recording = False

    def sql_ms(self, statements: list[tuple[str, Any]], *, repeat: int = 7) -> float:
        """Milliseconds to run these queries again and fetch every row (median of runs).
        Only reads are replayed: BEGIN and the like belong to the replaying connection."""
        reads = [
            (statement, parameters)
            for statement, parameters in statements
            if statement.lstrip().upper().startswith(("SELECT", "WITH"))
        ]
        runs = []
        with self.engine.connect() as conn:
            for _ in range(repeat):
                started = time.perf_counter()
                for statement, parameters in reads:
                    conn.exec_driver_sql(statement, parameters).fetchall()
                runs.append((time.perf_counter() - started) * 1000)
            conn.rollback()
        return median(runs)

    def profiled(self, title: str, requests: Callable[[], None], *, top: int = 25) -> None:
        """Run `requests` with cProfile on the server and note the heaviest functions."""
        instrumented = self.server.instrumented
        instrumented.profile = cProfile.Profile()
        try:
            requests()
        finally:
            profile, instrumented.profile = instrumented.profile, None
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.strip_dirs().sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        self.note(f"--- cProfile, server side: {title} ---")
        for line in out.getvalue().splitlines():
            if line.strip():
                self.note(line)


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: Iterable[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
