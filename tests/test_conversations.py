"""End to end: the trained model, the real action server, real Dutch replies."""
import asyncio
import time

import pytest

pytestmark = pytest.mark.model


def test_imaging_question_gets_a_grounded_answer(conversation):
    reply = conversation.texts("moet er een mri van mijn rug gemaakt worden?")
    assert "scan" in reply.lower()
    assert "Bron: " in reply and "Diagnose" in reply


def test_follow_up_about_hernia_is_understood(conversation):
    conversation.texts("heb ik een mri nodig?")
    reply = conversation.texts("en bij een hernia?")
    assert "hernia" in reply.lower() and "Bron: " in reply


def test_red_flag_buried_in_a_medication_question_goes_to_the_gp(conversation):
    reply = conversation.texts("mag ik ibuprofen? ik heb sinds gisteren ook koorts")
    assert "huisarts" in reply and "vandaag" in reply
    assert "NSAID" not in reply, "no FAQ answer next to the triage"
    assert conversation.tracker().get_slot("red_flag_urgency") == "same_day"


def test_emergency_symptom_gets_emergency_advice_and_numbers(conversation):
    reply = conversation.texts("sinds vanochtend kan ik niet meer plassen")
    assert "112" in reply and "huisartsenpost" in reply
    assert "(023) 224 6880" in reply and "(023) 224 4880" in reply
    assert conversation.tracker().get_slot("red_flag_urgency") == "emergency"


def test_denied_alarm_words_get_the_faq_answer(conversation):
    reply = conversation.texts("ik heb geen koorts en ben niet gevallen, mag ik gewoon blijven bewegen?")
    assert "huisartsenpost" not in reply
    assert "Bron: " in reply
    assert conversation.tracker().get_slot("red_flag_urgency") is None


def test_contact_by_need(conversation):
    assert "(023) 224 0130" in conversation.texts("ik wil mijn afspraak verzetten")


def test_contact_by_location(conversation):
    reply = conversation.texts("wat is het nummer van de spoedeisende hulp in hoofddorp")
    assert "(023) 224 6880" in reply and "(023) 224 4880" not in reply


def test_wish_for_a_person_is_answered_with_choices(conversation):
    replies = conversation.say("ik wil een mens spreken")
    assert replies[0]["text"].startswith("Waarvoor wilt u contact")
    assert len(replies[0]["buttons"]) >= 5


def test_answer_not_helpful_offers_rephrase_or_phone(conversation):
    conversation.texts("hoe lang duurt rugpijn")
    replies = conversation.say("dat helpt me niet")
    assert [b["payload"] for b in replies[0]["buttons"]] == ["/rephrase", "/contact"]


@pytest.mark.parametrize("text,expected", [
    ("hallo", "digitale assistent"),
    ("ben je een robot?", "computerprogramma"),
    ("wat kun je?", "Ik beantwoord vragen over lage rugpijn"),
    ("qwxz vbnm plork", "Sorry, dat begreep ik niet goed"),
])
def test_conversation_basics(conversation, text, expected):
    assert expected in conversation.texts(text)


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "<script>alert('x')</script>", "rug " * 2000,
                                  "What is the weather like today?"])
def test_odd_input_gets_a_polite_reply(conversation, text):
    replies = conversation.say(text)
    assert replies and all("<script>" not in r.get("text", "") for r in replies)


def test_conversation_survives_a_restart(trained_model, action_server_url, tmp_path):
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import EndpointConfig

    def agent_with_store():
        store = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))
        return Agent.load(trained_model, tracker_store=store,
                          action_endpoint=EndpointConfig(url=action_server_url))

    loop = asyncio.get_event_loop()
    first = agent_with_store()
    loop.run_until_complete(first.handle_text("heb ik een mri nodig?", sender_id="patient-1"))
    restarted = agent_with_store()
    tracker = loop.run_until_complete(restarted.tracker_store.retrieve("patient-1"))
    said = [event.text for event in tracker.events if getattr(event, "text", None)]
    assert "heb ik een mri nodig?" in said


def test_nurses_review_and_retention_on_real_conversations(trained_model, action_server_url, tmp_path):
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import EndpointConfig

    from rugpoli.review import NEGATIVE_FEEDBACK, RED_FLAG, pseudonym, review_conversation
    from rugpoli.tracker_db import connect, conversations, delete_conversations_older_than

    database = tmp_path / "tracker.db"
    agent = Agent.load(trained_model, tracker_store=SQLTrackerStore(dialect="sqlite", db=str(database)),
                       action_endpoint=EndpointConfig(url=action_server_url))
    loop = asyncio.get_event_loop()
    for sender, text in [("patient-a", "mijn naam is Jan de Vries, heb ik een mri nodig?"),
                         ("patient-a", "dat hielp me niet"),
                         ("patient-b", "ik kan sinds gisteren mijn plas niet meer ophouden")]:
        loop.run_until_complete(agent.handle_text(text, sender_id=sender))

    engine = connect(f"sqlite:///{database}")
    reviews = {r.conversation: r for r in (review_conversation(s, e) for s, e in conversations(engine))}
    first = reviews[pseudonym("patient-a")]
    assert NEGATIVE_FEEDBACK in first.reasons
    assert first.turns[0].text == "mijn naam is [naam], heb ik een mri nodig?"
    assert first.turns[0].intent == "imaging"
    assert any("Bron:" in t.text for t in first.turns if t.speaker == "assistant")
    assert reviews[pseudonym("patient-b")].reasons == [RED_FLAG]

    deleted = delete_conversations_older_than(engine, days=1, now=time.time() + 2 * 86400)
    assert sorted(deleted) == ["patient-a", "patient-b"]
    assert list(conversations(engine)) == []


@pytest.mark.parametrize("message, expected", [
    ("heb ik een mri nodig? en hoe lang duurt rugpijn meestal?",
     ["utter_imaging/scan_needed", "utter_course/duration"]),
    ("Mag ik paracetamol nemen en moet ik in bed blijven liggen?",
     ["utter_medication/paracetamol", "utter_exercise/keep_moving"]),
])
def test_two_questions_in_one_message_get_two_answers(conversation, message, expected):
    from rugpoli.training_data import faq_answers

    reply = conversation.texts(message)
    for name in expected:
        assert faq_answers()[name][:60] in reply, name
    assert "U stelde ook een andere vraag" in reply
