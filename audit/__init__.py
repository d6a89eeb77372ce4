"""The audit trail: append-only rows of who did what to which object, and when."""
