"""The app's shared objects, as the request being served sees them: the loaded model and the
store. Every feature reads them here; create_app puts them in ``app.extensions``."""

from __future__ import annotations

from flask import current_app

from credibility.model import Model
from credibility.webapp.store import Store


def model() -> Model:
    return current_app.extensions["credibility_model"]


def store() -> Store:
    return current_app.extensions["credibility_store"]
