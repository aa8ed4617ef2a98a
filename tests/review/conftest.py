"""A real SQLite tracker store (Rasa's SQLTrackerStore) filled with conversations."""
from __future__ import annotations

import asyncio
import time

import pytest

DAY = 86400.0


def user(text, intent, confidence, timestamp, answer=None):
    from rasa.shared.core.events import UserUttered

    parse = {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text}
    if answer:
        parse["response_selector"] = {"default": {"response": {"intent_response_key": answer}}}
    return UserUttered(text, intent=parse["intent"], parse_data=parse, timestamp=timestamp)


def bot(text, timestamp):
    from rasa.shared.core.events import BotUttered

    return BotUttered(text, timestamp=timestamp)


def action(name, timestamp):
    from rasa.shared.core.events import ActionExecuted

    return ActionExecuted(name, timestamp=timestamp)


class Store:
    def __init__(self, path):
        from rasa.core.tracker_store import SQLTrackerStore

        self.path = path
        self.store = SQLTrackerStore(dialect="sqlite", db=str(path))
        self.loop = asyncio.new_event_loop()

    def save(self, sender, events):
        from rasa.shared.core.trackers import DialogueStateTracker

        existing = self.loop.run_until_complete(self.store.retrieve(sender))
        tracker = existing or DialogueStateTracker(sender, slots=[])
        for event in events:
            tracker.update(event)
        self.loop.run_until_complete(self.store.save(tracker))

    def events(self, sender):
        tracker = self.loop.run_until_complete(self.store.retrieve(sender))
        return list(tracker.events) if tracker else []

    def endpoints_file(self, folder):
        path = folder / "endpoints.yml"
        path.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.path}"\n')
        return path


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "tracker.db")


@pytest.fixture
def filled_store(store):
    now = time.time()
    old = now - 120 * DAY
    store.save("old-patient", [user("heb ik een mri nodig", "imaging", 0.9, old, "imaging/scan_needed"),
                               bot("Meestal niet. Bron: ...", old + 1)])
    store.save("unsure-patient", [
        user("mijn naam is Jan de Vries, bel me op 06-12345678", "contact", 0.31, now - 50),
        bot("U kunt bellen met ...", now - 49),
        user("wat is een hnp", "hernia", 0.92, now - 40, "hernia/what_is"),
        bot("Een hernia is ...", now - 39),
        user("dat hielp niet", "answer_not_helpful", 0.95, now - 30),
        bot("Wilt u de vraag anders stellen?", now - 29)])
    store.save("alarm-patient", [user("ik kan mijn plas niet ophouden", "red_flag_emergency", 1.0, now - 20),
                                 action("utter_red_flag_emergency", now - 19),
                                 bot("Bel vandaag nog uw huisarts.", now - 18)])
    store.save("fallback-patient", [user("<script>alert(1)</script>", "nlu_fallback", 0.3, now - 10),
                                    action("action_default_fallback", now - 9),
                                    bot("Sorry, dat begreep ik niet.", now - 8)])
    store.save("calm-patient", [user("hallo", "greet", 0.99, now - 5), bot("Goedendag!", now - 4)])
    return store
