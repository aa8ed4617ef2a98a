"""The two Rasa server settings applied when the channels start."""
import pytest
from jsonschema import ValidationError

import rasa.core.actions.action as rasa_actions
from rugpoli import rasa_server


@pytest.fixture
def configured():
    timeout = rasa_actions.DEFAULT_REQUEST_TIMEOUT
    validate = rasa_actions.RemoteAction._validate_action_result
    rasa_server.configure(4.0)
    yield
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = timeout
    rasa_actions.RemoteAction._validate_action_result = validate


def test_action_wait_is_bounded(configured):
    assert rasa_actions.DEFAULT_REQUEST_TIMEOUT == 4.0


def test_action_replies_are_still_checked_against_rasa_schema(configured):
    action = rasa_actions.RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "hallo"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
