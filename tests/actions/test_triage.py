"""After the alarm advice (a response of the Rasa server), the action adds the leaflet's
emergency-department numbers for patients the hospital treated."""
import asyncio

import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import ActionEmergencyDepartment
from rugpoli.settings import PROJECT_ROOT


def run_action(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionEmergencyDepartment().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_name_is_listed_in_the_domain_and_used_by_the_safety_rules():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    rules = (PROJECT_ROOT / "data" / "rules" / "safety.yml").read_text(encoding="utf-8")
    name = ActionEmergencyDepartment().name()
    assert name in domain["actions"] and f"action: {name}" in rules


def test_emergency_department_numbers_come_from_the_leaflet(tracker_for):
    messages, events = run_action(tracker_for("ik kan niet meer plassen", intent="red_flag_emergency"))
    assert events == []
    assert [m["response"] for m in messages] == ["utter_red_flag_emergency_department"]
    assert "(023) 224 6880" in messages[0]["emergency_numbers"]
    assert "(023) 224 4880" in messages[0]["emergency_numbers"]


def test_the_advice_itself_needs_no_action_server():
    """Every alarm intent is answered by a response of the domain before any custom action."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((PROJECT_ROOT / "data" / "rules" / "safety.yml").read_text("utf-8"))
    for urgency in ("emergency", "same_day", "soon"):
        rule = next(r for r in rules["rules"] if r["steps"][0] == {"intent": f"red_flag_{urgency}"})
        assert rule["steps"][1] == {"action": f"utter_red_flag_{urgency}"}
        text = domain["responses"][f"utter_red_flag_{urgency}"][0]["text"]
        assert "huisarts" in text and "Bron: NHG-Standaard Lage rugpijn" in text
    assert "112" in domain["responses"]["utter_red_flag_emergency"][0]["text"]
