"""The guarded chat channels: request checks, the channel's own replies, session ids."""
import asyncio
import json

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from rugpoli.channels import guarded, load_messages, rest_request_problem, valid_session_id


@pytest.mark.parametrize("body, status", [
    (b"x" * 70_000, 413),
    (b"\xff\xfe", 400),
    (b"{", 400),
    (b"[1]", 400),
    (json.dumps({"message": "hoi"}).encode(), 400),
    (json.dumps({"sender": " ", "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "a" * 256, "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "a", "message": None}).encode(), 400),
])
def test_malformed_rest_requests_are_refused_with_a_reason(body, status):
    found, reason = rest_request_problem(body, 65_536)
    assert found == status and reason


def test_a_proper_rest_request_passes():
    body = json.dumps({"sender": "patient-1", "message": "heb ik een mri nodig?", "metadata": {}})
    assert rest_request_problem(body.encode(), 65_536) is None


def test_channel_replies_name_the_switchboard_from_the_leaflet():
    from rugpoli.contact import load_directory

    messages = load_messages()
    assert load_directory().phones["switchboard"].number in messages.unavailable
    assert "112" in messages.unavailable and "2000" in messages.too_long


def run_guarded(text, handler):
    collector = CollectingOutputChannel()
    asyncio.run(guarded(handler)(UserMessage(text, collector, "patient-1")))
    return [m.get("text") for m in collector.messages]


async def answer(message):
    await message.output_channel.send_text_message(message.sender_id, "Een antwoord.")


async def silence(message):
    return None


async def crash(message):
    raise RuntimeError("action server unreachable")


def test_a_normal_turn_passes_through():
    assert run_guarded("heb ik een mri nodig?", answer) == ["Een antwoord."]


@pytest.mark.parametrize("handler", [silence, crash])
def test_a_turn_without_reply_gets_the_storing_message(handler):
    assert run_guarded("heb ik een mri nodig?", handler) == [load_messages().unavailable]


def test_empty_and_over_long_messages_get_a_note_and_are_not_processed():
    assert run_guarded("   ", crash) == [load_messages().empty]
    assert run_guarded("a" * 2001, crash) == [load_messages().too_long]


def test_session_ids_must_look_random():
    assert valid_session_id("3f2b8c1e-9a7d-4c55-8e21-0b6f4a9d2c17") is not None
    for value in ["", "abc", "x" * 200, "<script>", None, 42, "../../etc/passwd-xxxxxxxx"]:
        assert valid_session_id(value) is None
