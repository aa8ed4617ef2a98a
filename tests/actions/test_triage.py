import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import ActionRedFlag, describe, findings_for, triage
from rugpoli.red_flags import load_catalogue


def run_action(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionRedFlag().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def red_flag_entity(flag_id):
    return {"entity": "red_flag", "value": flag_id, "start": 0, "end": 1}


def test_name_matches_domain():
    assert ActionRedFlag().name() == "action_red_flag"


def test_emergency_symptom_gets_emergency_advice_and_emergency_department(tracker_for):
    tracker = tracker_for("ik kan niet meer plassen", intent="red_flag",
                          entities=[red_flag_entity("bladder_bowel")])
    messages, events = run_action(tracker)
    assert events == [SlotSet("red_flag_urgency", "emergency")]
    assert messages[0]["response"] == "utter_red_flag_emergency"
    assert "plassen" in messages[0]["symptoms"]
    assert messages[1]["response"] == "utter_red_flag_emergency_department"
    assert "(023) 224 6880" in messages[1]["emergency_numbers"]
    assert "(023) 224 4880" in messages[1]["emergency_numbers"]


def test_highest_urgency_wins_and_all_symptoms_are_named(tracker_for):
    tracker = tracker_for("", intent="red_flag",
                          entities=[red_flag_entity("weight_loss"), red_flag_entity("fever_or_very_ill")])
    messages, events = run_action(tracker)
    assert events == [SlotSet("red_flag_urgency", "same_day")]
    assert messages[0]["response"] == "utter_red_flag_same_day"
    assert "koorts" in messages[0]["symptoms"] and "afvallen" in messages[0]["symptoms"]


def test_soon_urgency_gives_no_emergency_department_numbers(tracker_for):
    tracker = tracker_for("", intent="red_flag", entities=[red_flag_entity("cancer_history")])
    messages, events = run_action(tracker)
    assert events == [SlotSet("red_flag_urgency", "soon")]
    assert [m["response"] for m in messages] == ["utter_red_flag_soon"]


def test_without_entities_the_text_is_checked_again(tracker_for):
    tracker = tracker_for("mag ik ibuprofen? ik heb sinds gisteren ook koorts", intent="red_flag")
    _, events = run_action(tracker)
    assert events == [SlotSet("red_flag_urgency", "same_day")]


def test_classifier_alarm_without_named_symptom_asks_for_same_day_contact(tracker_for):
    tracker = tracker_for("er is iets heel erg mis met mij", intent="red_flag")
    messages, events = run_action(tracker)
    assert events == [SlotSet("red_flag_urgency", "same_day")]
    assert messages[0]["symptoms"] == describe([])


def test_unknown_entity_values_are_ignored():
    assert findings_for({"text": "", "entities": [{"entity": "red_flag", "value": "nonsense"}]},
                        load_catalogue()) == []


@pytest.mark.parametrize("urgencies,expected", [
    (["soon"], "soon"), (["soon", "emergency"], "emergency"), (["same_day", "soon"], "same_day"),
])
def test_triage_takes_the_highest_urgency(urgencies, expected):
    from rugpoli.red_flags import Finding
    assert triage([Finding(str(i), u, "x", "") for i, u in enumerate(urgencies)]) == expected


def test_describe_joins_labels_in_dutch():
    from rugpoli.red_flags import Finding
    findings = [Finding("a", "soon", "een", ""), Finding("b", "soon", "twee", ""),
                Finding("c", "soon", "drie", "")]
    assert describe(findings) == "een, twee en drie"
