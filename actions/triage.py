"""Red-flag triage: alarm symptoms go to the GP with the right urgency, never to a FAQ answer."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from rugpoli.contact import format_emergency_phones, load_directory
from rugpoli.red_flags import Catalogue, Finding, detect, highest_urgency, load_catalogue

RED_FLAG_ENTITY = "red_flag"
# Used when the classifier recognised an alarming message that no catalogue pattern names.
UNNAMED_ALARM_URGENCY = "same_day"


def findings_for(latest_message: Dict[Text, Any], catalogue: Catalogue) -> List[Finding]:
    """Alarm symptoms of the latest message: the detector's entities, else a fresh detection."""
    findings = []
    for entity in latest_message.get("entities") or []:
        if entity.get("entity") != RED_FLAG_ENTITY:
            continue
        flag = catalogue.by_id(str(entity.get("value")))
        if flag and all(f.flag_id != flag.id for f in findings):
            findings.append(Finding(flag.id, flag.urgency, flag.label, ""))
    return findings or detect(latest_message.get("text") or "", catalogue)


def triage(findings: List[Finding]) -> Text:
    return highest_urgency(f.urgency for f in findings) or UNNAMED_ALARM_URGENCY


def describe(findings: List[Finding]) -> Text:
    labels = [f.label for f in findings]
    if not labels:
        return "een klacht die om aandacht van een arts vraagt"
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " en " + labels[-1]


class ActionRedFlag(Action):
    def name(self) -> Text:
        return "action_red_flag"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        findings = findings_for(tracker.latest_message, load_catalogue())
        urgency = triage(findings)
        dispatcher.utter_message(response=f"utter_red_flag_{urgency}", symptoms=describe(findings))
        if urgency in ("emergency", "same_day"):
            dispatcher.utter_message(response="utter_red_flag_emergency_department",
                                     emergency_numbers=format_emergency_phones(load_directory()))
        return [SlotSet("red_flag_urgency", urgency)]
