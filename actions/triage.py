"""After alarm advice: the emergency-department numbers for patients the hospital treated.

The advice itself (huisarts, huisartsenpost, 112) is a response of the Rasa server
(data/rules/safety.yml), so it never waits on this action server; the numbers come from the
leaflet (content/contact.yml) and so from here.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from rugpoli.contact import format_emergency_phones, load_directory


class ActionEmergencyDepartment(Action):
    def name(self) -> Text:
        return "action_emergency_department"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_red_flag_emergency_department",
                                 emergency_numbers=format_emergency_phones(load_directory()))
        return []
