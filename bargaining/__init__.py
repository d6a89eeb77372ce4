"""Sector bargaining: negotiations, representatives, sessions, offers and settlement."""
