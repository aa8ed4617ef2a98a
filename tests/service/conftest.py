"""The running assistant the service tests talk to (rugpoli/local_service.py)."""
import pytest

from rugpoli.local_service import Assistant


@pytest.fixture(scope="module")
def assistant(trained_model, tmp_path_factory):
    service = Assistant(trained_model, tmp_path_factory.mktemp("assistant"))
    service.start_actions()
    try:
        service.start_rasa()
        yield service
    finally:
        service.stop_rasa()
        service.stop_actions()
