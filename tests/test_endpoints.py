"""endpoints.yml as Rasa reads it: a reachable action server URL and the SQLite tracker store."""
from pathlib import Path

from rasa.core.utils import AvailableEndpoints

ENDPOINTS = Path(__file__).resolve().parent.parent / "endpoints.yml"


def test_action_endpoint_is_a_plain_local_url():
    endpoints = AvailableEndpoints.read_endpoints(str(ENDPOINTS))
    assert endpoints.action.url == "http://localhost:5055/webhook"


def test_tracker_store_is_embedded_sqlite_under_var():
    store = AvailableEndpoints.read_endpoints(str(ENDPOINTS)).tracker_store
    assert store.type == "SQL"
    assert store.kwargs["dialect"] == "sqlite" and store.kwargs["db"].startswith("var/")
