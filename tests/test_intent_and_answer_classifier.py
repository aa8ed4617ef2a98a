"""The classifier component on a small data set: one model for intent and sub-answer, a parse
result shaped like Rasa's ResponseSelector output, and the same model from the same data."""
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rugpoli.nlu.intent_and_answer_classifier import (IntentAndAnswerClassifier, group_by_intent,
                                                      split_questions)

EXAMPLES = {
    "imaging/scan_needed": ["heb ik een mri nodig", "moet er een scan komen", "foto van mijn rug",
                            "is een ct scan nodig", "wil een mri laten maken"],
    "imaging/wear_on_scan": ["slijtage op de foto", "artrose gezien op de mri",
                             "de scan toont slijtage", "degeneratie op mijn foto"],
    "course/duration": ["hoe lang duurt rugpijn", "wanneer is het over", "hoeveel weken duurt spit",
                        "gaat het vanzelf over", "duurt het lang"],
    "greet": ["hallo", "goedemorgen", "hoi", "goedemiddag", "dag"],
}


def training_data():
    messages = []
    for label, texts in EXAMPLES.items():
        intent, _, answer = label.partition("/")
        for text in texts:
            data = {"text": text, "intent": intent}
            if answer:
                data["intent_response_key"] = label
            messages.append(Message(data=data))
    return TrainingData(messages, responses={f"utter_{k}": [{"text": f"antwoord {k}"}]
                                             for k in EXAMPLES if "/" in k})


@pytest.fixture
def trained(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    config = {**IntentAndAnswerClassifier.get_default_config(), "min_df": 1}
    component = IntentAndAnswerClassifier(config, storage, resource)
    component.train(training_data())
    loaded = IntentAndAnswerClassifier.load(config, storage, resource, None)
    return component, loaded


def parsed(component, text):
    message = Message(data={"text": text})
    component.process([message])
    return message


def test_intent_and_answer_agree_and_fill_the_response_selector_as_rasa_does(trained):
    _, loaded = trained
    message = parsed(loaded, "moet er een mri gemaakt worden")
    assert message.get("intent")["name"] == "imaging"
    selector = message.get("response_selector")
    assert selector["default"]["response"]["intent_response_key"] == "imaging/scan_needed"
    assert selector["default"]["response"]["utter_action"] == "utter_imaging/scan_needed"
    assert selector["imaging"] == selector["default"]
    assert selector["default"]["response"]["responses"] == [{"text": "antwoord imaging/scan_needed"}]
    assert selector["all_retrieval_intents"] == ["course", "imaging"]
    ranking = message.get("intent_ranking")
    assert abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6


def test_the_same_data_gives_the_same_model(trained, tmp_path):
    first, loaded = trained
    again = IntentAndAnswerClassifier({**IntentAndAnswerClassifier.get_default_config(),
                                       "min_df": 1}, LocalModelStorage(tmp_path),
                                      Resource("b"))
    again.train(training_data())
    for text in ["hoe lang duurt het", "hallo daar", "slijtage gezien"]:
        assert parsed(again, text).get("intent_ranking") == parsed(loaded, text).get("intent_ranking")


def test_a_message_with_two_questions_lists_both_answers(trained):
    _, loaded = trained
    message = parsed(loaded, "heb ik een mri nodig? en hoe lang duurt rugpijn meestal?")
    assert [q["answer"] for q in message.get("questions")] == ["imaging/scan_needed",
                                                                "course/duration"]


def test_greeting_gets_no_answer_selected_as_default_of_another_intent(trained):
    _, loaded = trained
    message = parsed(loaded, "goedemorgen")
    assert message.get("intent")["name"] == "greet"


def test_group_by_intent_sums_probabilities_of_the_sub_answers():
    groups = group_by_intent(["a/x", "a/y", "b"], [0.3, 0.3, 0.4])
    assert [g[0] for g in groups] == ["a", "b"] and groups[0][1] == pytest.approx(0.6)


def test_split_questions():
    assert split_questions("heb ik een mri nodig? en hoe lang duurt het?") == [
        "heb ik een mri nodig", "en hoe lang duurt het"]


def test_a_message_of_unknown_words_gets_no_confidence(trained):
    _, loaded = trained
    message = parsed(loaded, "qwxz vbnm plork")
    assert message.get("intent")["confidence"] == 0.0
    assert parsed(loaded, "hoe lang duurt dat").get("intent")["confidence"] > 0
