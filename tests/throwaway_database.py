"""A separate, empty database on the tests' backend, for tests that migrate or seed from nothing.

SQLite: a file in the test's temporary directory. PostgreSQL (TEST_DATABASE_URL): a database
created beside the test database and dropped afterwards, so the session's schema is left alone.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from config import normalise_database_url


@contextmanager
def throwaway_database(tmp_path: Path, purpose: str = "migr") -> Iterator[str]:
    """Yield the URL of a new, empty database; remove it afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / f'{purpose}.sqlite3'}"
        return
    server_url = make_url(normalise_database_url(base))
    if server_url.get_backend_name() != "postgresql":
        raise NotImplementedError(f"no throwaway databases on {server_url.get_backend_name()}")
    name = f"{server_url.database}_{purpose}_{secrets.token_hex(4)}"
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server_url.set(database=name).render_as_string(hide_password=False)
        finally:
            with server.connect() as conn:
                version = conn.dialect.server_version_info or ()
                force = " WITH (FORCE)" if version >= (13,) else ""
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"{force}'))
    finally:
        server.dispose()
