"""The audit tests use the bargaining and agreement fixtures."""

from tests.bargaining.conftest import table  # noqa: F401
