"""The NLU component routes alarm messages to red_flag, whatever the classifier said."""
from rasa.shared.nlu.training_data.message import Message

from rugpoli.nlu.red_flag_detector import RedFlagDetector, route_to_red_flag
from rugpoli.red_flags import load_catalogue


def classified(text, intent="medication", confidence=0.93):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}], add_to_output=True)
    message.set("entities", [{"entity": "location", "value": "Hoofddorp", "start": 0, "end": 3}],
                add_to_output=True)
    return message


def test_buried_alarm_overrides_the_faq_intent():
    message = classified("mag ik ibuprofen? ik heb sinds gisteren ook koorts")
    assert route_to_red_flag(message, load_catalogue())
    assert message.get("intent")["name"] == "red_flag"
    assert [r["name"] for r in message.get("intent_ranking")] == ["red_flag", "medication"]
    red_flags = [e for e in message.get("entities") if e["entity"] == "red_flag"]
    assert [e["value"] for e in red_flags] == ["fever_or_very_ill"]
    assert any(e["entity"] == "location" for e in message.get("entities")), "other entities kept"


def test_plain_faq_question_is_left_alone():
    message = classified("mag ik ibuprofen nemen")
    assert not route_to_red_flag(message, load_catalogue())
    assert message.get("intent")["name"] == "medication"


def test_component_processes_a_batch():
    detector = RedFlagDetector(RedFlagDetector.get_default_config())
    messages = detector.process([classified("geen koorts"), classified("ik ben gevallen")])
    assert [m.get("intent")["name"] for m in messages] == ["medication", "red_flag"]


def test_classifier_red_flag_is_kept_for_unlisted_alarm_wording():
    message = classified("er klopt iets helemaal niet met mijn lijf", intent="red_flag", confidence=0.8)
    assert route_to_red_flag(message, load_catalogue())
    assert message.get("intent")["name"] == "red_flag"


def test_classifier_red_flag_is_set_aside_when_alarms_are_only_denied():
    message = classified("geen koorts en ik ben niet gevallen, mag ik sporten", intent="red_flag")
    message.set("intent_ranking", [{"name": "red_flag", "confidence": 0.6},
                                   {"name": "exercise", "confidence": 0.3}], add_to_output=True)
    assert not route_to_red_flag(message, load_catalogue())
    assert message.get("intent")["name"] == "exercise"


def test_unsure_classifier_red_flag_without_named_symptom_falls_back_to_next_intent():
    message = classified("ik heb spit sinds gisteren", intent="red_flag", confidence=0.55)
    message.set("intent_ranking", [{"name": "red_flag", "confidence": 0.55},
                                   {"name": "course", "confidence": 0.4}], add_to_output=True)
    assert not route_to_red_flag(message, load_catalogue(), classifier_min_confidence=0.8)
    assert message.get("intent")["name"] == "course"


def test_named_symptom_routes_whatever_the_confidence_threshold():
    message = classified("ik ben gevallen", intent="course", confidence=0.99)
    assert route_to_red_flag(message, load_catalogue(), classifier_min_confidence=0.99)
