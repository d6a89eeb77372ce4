"""Deadlines: statutory periods (R26) and, in time, jurisdiction profiles and reminders."""
