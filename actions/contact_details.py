"""Contact details from the hospital leaflet, chosen by the patient's need and location."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from rugpoli.contact import (Directory, detect_location, detect_need, format_emergency_phones,
                             format_hours, format_line_status, format_location, load_directory,
                             nurse_line_status)
from rugpoli.settings import timezone_name

NEED_SLOT = "contact_need"
LOCATION_SLOT = "location"


def clinic_now() -> datetime:
    return datetime.now(ZoneInfo(timezone_name()))


def _button(title: Text, need: Text, location: Optional[Text] = None) -> Dict[Text, Text]:
    entities = f'"{NEED_SLOT}": "{need}"' + (f', "{LOCATION_SLOT}": "{location}"' if location else "")
    return {"title": title, "payload": f"/contact{{{entities}}}"}


def need_buttons(directory: Directory) -> List[Dict[Text, Text]]:
    return [_button(need.title, need.key) for need in directory.needs]


def location_buttons(directory: Directory, need: Text) -> List[Dict[Text, Text]]:
    return [_button(loc.name, need, loc.name) for loc in directory.locations]


def contact_reply(need: Optional[Text], location: Optional[Text], directory: Directory,
                  now: datetime) -> Dict[Text, Any]:
    """The response to utter (name and template variables) for a need and location."""
    phones = directory.phones
    clinic = {"clinic_name": phones["outpatient_clinic"].name,
              "clinic_phone": phones["outpatient_clinic"].number}
    if need is None:
        return {"response": "utter_ask_contact_need", "buttons": need_buttons(directory)}
    if need == "appointment":
        return {"response": "utter_contact_appointment", **clinic}
    if need == "care_question":
        return {"response": "utter_contact_care_question",
                "nurse_phone": phones["nurse_line"].number,
                "nurse_hours": format_hours(directory),
                "line_status": format_line_status(nurse_line_status(now, directory))}
    if need == "nurse_specialist":
        return {"response": "utter_contact_nurse_specialist",
                "nurse_specialist_email": directory.emails["nurse_specialists"], **clinic}
    if need == "urgent_after_treatment":
        if location is None:
            return {"response": "utter_ask_contact_location",
                    "buttons": location_buttons(directory, need)}
        return {"response": "utter_contact_urgent_after_treatment",
                "emergency_numbers": format_emergency_phones(directory, location)}
    if need == "address":
        chosen = [directory.location(location)] if directory.location(location or "") else directory.locations
        return {"response": "utter_contact_address",
                "addresses": "\n".join(format_location(loc) for loc in chosen)}
    return {"response": "utter_contact_general",
            "switchboard_phone": phones["switchboard"].number,
            "general_email": directory.emails["general"], "website": directory.website}


class ActionContactDetails(Action):
    def __init__(self, now: Callable[[], datetime] = clinic_now) -> None:
        self._now = now

    def name(self) -> Text:
        return "action_contact_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        directory = load_directory()
        text = tracker.latest_message.get("text") or ""
        need = next(tracker.get_latest_entity_values(NEED_SLOT), None) or detect_need(text, directory)
        location = (next(tracker.get_latest_entity_values(LOCATION_SLOT), None)
                    or detect_location(text, directory) or tracker.get_slot(LOCATION_SLOT))
        if need is None and tracker.get_slot(NEED_SLOT) == "urgent_after_treatment" and location:
            need = "urgent_after_treatment"
        dispatcher.utter_message(**contact_reply(need, location, directory, self._now()))
        return [SlotSet(NEED_SLOT, need), SlotSet(LOCATION_SLOT, location)]
