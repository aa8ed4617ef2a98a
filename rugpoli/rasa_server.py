"""Two settings of the Rasa server that Rasa 3.6 does not expose, applied when the patients'
channels start (rugpoli.channels), so they hold wherever the server runs.

- How long it waits for the action server. Rasa 3.6 waits up to 300 s for every custom action
  (DEFAULT_REQUEST_TIMEOUT; configurable only in later releases), so a hanging action server
  kept a patient waiting that long. RemoteAction reads the module's constant at each call; the
  processor logs the timeout and the turn goes on with what was already said (the alarm advice
  is a response of the server itself and comes before any action).
- Checking the action server's replies. RemoteAction validates every reply with
  jsonschema.validate, which checks the whole schema again on each call (about 25 ms, the
  largest share of a reply's work); the same check with a validator built once takes 0.03 ms.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text


@lru_cache(maxsize=1)
def _reply_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result, with the validator built once: the same error,
    message and docs link when a reply does not fit the schema."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_reply_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions")
        raise error
    return True


def configure(action_timeout_seconds: float) -> None:
    import rasa.core.actions.action as rasa_actions

    rasa_actions.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds  # type: ignore[attr-defined]
    rasa_actions.RemoteAction._validate_action_result = _validate_action_result  # type: ignore
