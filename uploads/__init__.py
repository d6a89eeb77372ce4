"""Checks every upload passes before anything parses it (an Office file's zip archive)."""
