"""Odd and malformed input over HTTP against the running assistant: no 5xx, no crash, a clear
4xx for malformed requests, a polite Dutch reply for odd but valid messages."""
import concurrent.futures
import json

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def earlier_conversation(assistant):
    reply = assistant.say("before-bad-input", "heb ik een mri nodig?")
    assert "Bron:" in reply
    return assistant.user_texts("before-bad-input")


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_message_gets_a_polite_note(assistant, text):
    reply = assistant.say("empty-sender", text)
    assert "leeg bericht" in reply


def test_ten_thousand_characters_get_a_note_about_the_length(assistant):
    reply = assistant.say("long-sender", "rugpijn " * 1250)
    assert "te lang" in reply and "2000" in reply


@pytest.mark.parametrize("body, status", [
    (b"x" * 1_000_000, 413),
    (bytes(range(256)), 400),
    (b'{"sender": "a", "message": "\xff\xfe caf\xe9"}', 400),
    (b'{"sender": "a", "message": ', 400),
    (b"[1, 2, 3]", 400),
    (json.dumps({"message": "heb ik een mri nodig?"}).encode(), 400),
    (json.dumps({"sender": "", "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "a", "message": 42}).encode(), 400),
    (json.dumps({"sender": "a", "message": "hoi", "metadata": "x"}).encode(), 400),
])
def test_malformed_requests_get_a_clear_4xx(assistant, body, status):
    got, reply = assistant.post_rest(body)
    assert got == status
    assert isinstance(reply, dict) and reply["error"]


@pytest.mark.parametrize("text", [
    "😀😀😀",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "'; DROP TABLE events; --",
    "What are the opening hours of the clinic?",
    "مرحبا، عندي ألم في الظهر",
])
def test_odd_but_valid_messages_get_a_polite_reply(assistant, text):
    status, replies = assistant.post_rest({"sender": "odd-sender", "message": text})
    assert status == 200
    assert replies and all(r.get("text") or r.get("buttons") for r in replies)
    assert not any("<script" in (r.get("text") or "") for r in replies)


def test_twenty_messages_in_one_second_from_one_sender_are_all_answered_and_stored(assistant):
    questions = [f"vraag {i}: helpt bewegen bij rugpijn?" for i in range(20)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda q: assistant.post_rest({"sender": "burst", "message": q}),
                                questions))
    assert all(status == 200 and replies for status, replies in results)
    assert sorted(assistant.user_texts("burst")) == sorted(questions)


def test_still_answers_normally_and_nothing_stored_was_lost(assistant, earlier_conversation):
    for body in [b"x" * 1_000_000, b"{", json.dumps({"sender": "s", "message": "'; DROP TABLE events; --"}).encode()]:
        assistant.post_rest(body)
    reply = assistant.say("after-bad-input", "wat kan ik zelf doen tegen rugpijn?")
    assert "Bron:" in reply
    assert assistant.user_texts("before-bad-input") == earlier_conversation
