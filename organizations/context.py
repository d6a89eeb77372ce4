"""The acting user's Viewer for the current request, computed once per request."""

from __future__ import annotations

from flask import g
from flask_login import current_user

from db import get_session
from organizations import services
from organizations.permissions import Viewer


def current_viewer() -> Viewer:
    if "viewer" not in g:
        g.viewer = services.viewer_for(get_session(), current_user)
    return g.viewer
