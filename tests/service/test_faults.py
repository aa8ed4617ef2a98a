"""Faults against real processes: the action server dies, the Rasa server restarts, the tracker
store is locked by another writer."""
import sqlite3
import threading
import time

import pytest

from rugpoli.contact import load_directory

pytestmark = pytest.mark.model


def leaflet_numbers():
    return [phone.number for phone in load_directory().phones.values()]


def test_action_server_down_gives_a_polite_message_and_the_conversation_carries_on(assistant):
    switchboard = load_directory().phones["switchboard"].number
    assert "Bron:" in assistant.say("fault-actions", "is een mri nodig bij rugpijn?")
    assistant.stop_actions()
    try:
        reply = assistant.say("fault-actions", "wat is het telefoonnummer van de polikliniek?")
        assert "storing" in reply and switchboard in reply
    finally:
        assistant.start_actions()
    reply = assistant.say("fault-actions", "wat is het telefoonnummer van de polikliniek?")
    assert any(number in reply for number in leaflet_numbers())
    assert "storing" not in reply
    assert assistant.user_texts("fault-actions") == [
        "is een mri nodig bij rugpijn?", "wat is het telefoonnummer van de polikliniek?",
        "wat is het telefoonnummer van de polikliniek?"]


def test_conversation_history_survives_a_restart_of_the_rasa_server(assistant):
    assistant.say("fault-restart", "hoe lang duurt spit meestal?")
    assistant.say("fault-restart", "en bij een hernia?")
    before = assistant.user_texts("fault-restart")
    assistant.stop_rasa()
    assistant.start_rasa()
    assert assistant.user_texts("fault-restart") == before
    assert "Bron:" in assistant.say("fault-restart", "mag ik sporten?")
    assert assistant.user_texts("fault-restart") == before + ["mag ik sporten?"]


def test_locked_tracker_store_makes_the_request_wait_and_nothing_is_lost(assistant):
    assistant.say("fault-lock", "hallo")
    blocker = sqlite3.connect(assistant.database, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    release = threading.Timer(2.0, lambda: blocker.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    reply = assistant.say("fault-lock", "helpt paracetamol bij rugpijn?")
    release.join()
    blocker.close()
    assert "Bron:" in reply
    assert time.monotonic() - started >= 1.5, "the request should have waited for the lock"
    assert assistant.user_texts("fault-lock") == ["hallo", "helpt paracetamol bij rugpijn?"]


def test_http_api_needs_the_auth_token(assistant):
    status, _ = assistant.request("/conversations/fault-lock/tracker", method="GET")
    assert status == 401
    status, _ = assistant.request(f"/conversations/fault-lock/tracker?token={assistant.token}x",
                                  method="GET")
    assert status == 401


def test_new_model_goes_live_through_the_api_without_a_restart(assistant):
    import json

    body = json.dumps({"model_file": assistant.model}).encode()
    assert assistant.request("/model", body, method="PUT")[0] == 401
    assert assistant.request(f"/model?token={assistant.token}", body, method="PUT")[0] == 204
    assert "Bron:" in assistant.say("after-reload", "wat is een hernia?")
