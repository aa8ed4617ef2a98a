"""The NLU component: catalogue and classifier combine, neither cancels the other's alarm, and
the urgency follows the symptom whoever found it."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from rugpoli.nlu.red_flag_detector import RedFlagDetector, Thresholds, decide, route
from rugpoli.red_flags import urgency_of
from rugpoli.red_flags import load_catalogue

THRESHOLDS = Thresholds(classifier_min_confidence=0.5, denied_min_confidence=0.8,
                        urgency_share=0.25, fallback_threshold=0.3)


def classified(text, ranking=(("medication", 0.93),)):
    message = Message(data={"text": text})
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", ranked[0], add_to_output=True)
    message.set("intent_ranking", ranked, add_to_output=True)
    message.set("entities", [{"entity": "location", "value": "Hoofddorp", "start": 0, "end": 3}],
                add_to_output=True)
    return message


def routed(text, ranking=(("medication", 0.93),)):
    message = classified(text, ranking)
    route(message, load_catalogue(), THRESHOLDS)
    return message


def test_buried_alarm_overrides_the_faq_intent_and_keeps_other_entities():
    message = routed("mag ik ibuprofen? ik heb sinds gisteren ook koorts")
    assert message.get("intent")["name"] == "red_flag_same_day"
    assert [r["name"] for r in message.get("intent_ranking")] == ["red_flag_same_day", "medication"]
    red_flags = [e["value"] for e in message.get("entities") if e["entity"] == "red_flag"]
    assert red_flags == ["fever_or_very_ill"]
    assert any(e["entity"] == "location" for e in message.get("entities"))


def test_plain_faq_question_is_left_alone():
    message = routed("mag ik ibuprofen nemen")
    assert message.get("intent")["name"] == "medication"
    assert not [e for e in message.get("entities") if e["entity"] == "red_flag"]


def test_classifier_alarm_counts_without_any_catalogue_pattern():
    message = routed("er klopt iets helemaal niet met mijn lijf",
                     (("red_flag_same_day", 0.45), ("red_flag_emergency", 0.1), ("course", 0.2)))
    assert message.get("intent")["name"] == "red_flag_same_day"
    assert message.get("intent")["confidence"] == pytest.approx(0.55)


def test_urgency_is_the_highest_with_a_real_share_of_the_alarm_probability():
    ranking = (("red_flag_same_day", 0.4), ("red_flag_emergency", 0.3), ("red_flag_soon", 0.05))
    assert routed("iets met mijn lijf", ranking).get("intent")["name"] == "red_flag_emergency"
    ranking = (("red_flag_same_day", 0.7), ("red_flag_emergency", 0.1), ("course", 0.2))
    assert routed("iets met mijn lijf", ranking).get("intent")["name"] == "red_flag_same_day"


def test_catalogue_urgency_is_not_lowered_by_the_classifier():
    message = routed("ik kan sinds vanochtend niet meer plassen",
                     (("red_flag_soon", 0.9), ("course", 0.1)))
    assert message.get("intent")["name"] == "red_flag_emergency"


def test_classifier_raises_the_catalogue_urgency_when_it_is_sure():
    # The catalogue finds a cancer history (soon); the classifier reads an emergency in the rest.
    decision = decide("ik heb vroeger kanker gehad en nu iets heel raars",
                      [{"name": "red_flag_emergency", "confidence": 0.8}], load_catalogue(),
                      THRESHOLDS)
    assert decision.urgency == "emergency" and decision.flag_ids == ["cancer_history"]


def test_unsure_classifier_alarm_gives_way_to_the_next_intent():
    message = routed("ik heb spit sinds gisteren", (("red_flag_same_day", 0.4), ("course", 0.35)))
    assert message.get("intent")["name"] == "course"


def test_unsure_classifier_alarm_with_nothing_else_likely_becomes_a_fallback():
    message = routed("hmm", (("red_flag_same_day", 0.35), ("course", 0.1), ("greet", 0.1)))
    assert message.get("intent")["name"] == "nlu_fallback"


def test_only_denied_alarms_need_a_surer_classifier():
    text = "geen koorts en ik ben niet gevallen, mag ik sporten"
    assert routed(text, (("red_flag_same_day", 0.7), ("exercise", 0.3))).get("intent")["name"] == "exercise"
    assert routed(text, (("red_flag_same_day", 0.9), ("exercise", 0.1))).get("intent")["name"] == "red_flag_same_day"


def test_fallback_from_the_fallback_classifier_does_not_hide_an_alarm():
    message = routed("mijn voet sleept sinds een week", (("nlu_fallback", 0.3), ("course", 0.2)))
    assert message.get("intent")["name"] == "red_flag_same_day"
    assert "nlu_fallback" not in [r["name"] for r in message.get("intent_ranking")]


def test_component_processes_a_batch_with_its_configured_thresholds():
    detector = RedFlagDetector.create({**RedFlagDetector.get_default_config(),
                                       "classifier_min_confidence": 0.9}, None, None, None)
    messages = detector.process([classified("geen koorts"), classified("ik ben gevallen"),
                                 classified("raar", (("red_flag_soon", 0.6), ("course", 0.4)))])
    assert [m.get("intent")["name"] for m in messages] == ["medication", "red_flag_same_day", "course"]


@pytest.mark.parametrize("intent,urgency", [("red_flag_emergency", "emergency"),
                                            ("red_flag_soon", "soon"), ("red_flag", None),
                                            ("red_flag_later", None), ("imaging", None), (None, None)])
def test_urgency_of_intent(intent, urgency):
    assert urgency_of(intent) == urgency
