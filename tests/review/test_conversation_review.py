"""The nurses' conversation review over a real SQLite tracker store."""
import importlib.util

from rugpoli.review import (FALLBACK, LOW_CONFIDENCE, NEGATIVE_FEEDBACK, RED_FLAG, pseudonym,
                            review_conversation, worth_a_look)
from rugpoli.settings import PROJECT_ROOT
from rugpoli.tracker_db import connect, conversations


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reviews_of(store):
    engine = connect(f"sqlite:///{store.path}")
    return {r.conversation: r for r in worth_a_look(
        review_conversation(sender, events) for sender, events in conversations(engine))}


def test_only_conversations_worth_a_look_are_listed(filled_store):
    reviews = reviews_of(filled_store)
    assert set(reviews) == {pseudonym("unsure-patient"), pseudonym("alarm-patient"),
                            pseudonym("fallback-patient")}
    assert reviews[pseudonym("alarm-patient")].reasons == [RED_FLAG]
    assert reviews[pseudonym("fallback-patient")].reasons == [FALLBACK]
    assert reviews[pseudonym("unsure-patient")].reasons == [NEGATIVE_FEEDBACK, LOW_CONFIDENCE]


def test_turns_show_masked_messages_intents_confidences_answers_and_times(filled_store):
    review = reviews_of(filled_store)[pseudonym("unsure-patient")]
    first, _, second = review.turns[:3]
    assert first.text == "mijn naam is [naam], bel me op [telefoonnummer]"
    assert (first.intent, round(first.confidence, 2), first.reasons) == ("contact", 0.31, (LOW_CONFIDENCE,))
    assert second.answer == "hernia/what_is"
    assert review.turns[1].speaker == "assistant" and review.turns[1].text == "U kunt bellen met ..."
    assert len(first.time) == len("2026-01-01 10:00:00")


def test_most_recent_conversation_first(filled_store):
    order = list(reviews_of(filled_store))
    assert order[0] == pseudonym("fallback-patient")


def test_html_page_escapes_messages_and_hides_personal_data(filled_store, tmp_path):
    script = load_script("review_conversations")
    html = script.render(script.load_reviews(str(filled_store.endpoints_file(tmp_path)), 0.5))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "06-12345678" not in html and "Jan de Vries" not in html
    assert "unsure-patient" not in html
    assert "Bel vandaag nog uw huisarts." in html
