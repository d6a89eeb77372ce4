"""Sector labour standards, minimum wages, wage guidelines, and the comparison engine."""
