"""The audit tests use the agreement tests' fixtures: the two parties and an agreed negotiation's
agreement."""

from tests.contracts.conftest import agreement, table  # noqa: F401
