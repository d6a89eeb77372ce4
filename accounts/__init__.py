"""Users, login, roles and the permission checks every view calls."""
