import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.contact_details import ActionContactDetails, contact_reply
from rugpoli.contact import detect_location, detect_need, load_directory, nurse_line_status

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime(2026, 11, 23, tzinfo=AMSTERDAM)  # a Monday


def at(day_offset: int, hour: int, minute: int) -> datetime:
    return MONDAY.replace(day=MONDAY.day + day_offset, hour=hour, minute=minute)


@pytest.fixture(scope="module")
def directory():
    return load_directory()


def run_action(tracker, now=at(0, 9, 0)):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionContactDetails(now=lambda: now).run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_name_matches_domain():
    assert ActionContactDetails().name() == "action_contact_details"


# ---------------------------------------------------------------- nurse line clock

def test_monday_1315_is_open(directory):
    status = nurse_line_status(at(0, 13, 15), directory)
    assert status.open_now and status.hours.closes == "13.30"


def test_monday_1345_is_closed_and_next_opens_tuesday(directory):
    status = nurse_line_status(at(0, 13, 45), directory)
    assert not status.open_now
    assert (status.hours.day, status.hours.opens, status.today) == ("dinsdag", "13.00", False)


def test_wednesday_0959_opens_at_ten_today(directory):
    status = nurse_line_status(at(2, 9, 59), directory)
    assert not status.open_now
    assert (status.hours.day, status.hours.opens, status.today) == ("woensdag", "10.00", True)


def test_thursday_next_opening_is_monday(directory):
    status = nurse_line_status(at(3, 11, 0), directory)
    assert not status.open_now
    assert (status.hours.day, status.hours.opens) == ("maandag", "13.00")


def test_closing_minute_is_closed(directory):
    assert not nurse_line_status(at(0, 13, 30), directory).open_now


# ---------------------------------------------------------------- recognising need and location

@pytest.mark.parametrize("text,need", [
    ("ik wil mijn afspraak verzetten", "appointment"),
    ("ik heb een herhaalrecept nodig", "appointment"),
    ("ik heb een vraag over de verzorging van mijn wond", "care_question"),
    ("hoe bereik ik de verpleegkundig specialist", "nurse_specialist"),
    ("kan ik jullie mailen", "nurse_specialist"),
    ("ik heb vannacht een dringend probleem na mijn operatie", "urgent_after_treatment"),
    ("wat is het adres in hoofddorp", "address"),
    ("waar zitten jullie", "address"),
    ("ik wil een mens spreken", None),
])
def test_need_is_recognised(directory, text, need):
    assert detect_need(text, directory) == need


@pytest.mark.parametrize("text,location", [
    ("spoedeisende hulp hoofddorp", "Hoofddorp"),
    ("ik ben geopereerd in haarlem zuid", "Haarlem Zuid"),
    ("adres vondelweg", "Haarlem Noord"),
    ("ik woon in haarlem", None),
])
def test_location_is_recognised(directory, text, location):
    assert detect_location(text, directory) == location


# ---------------------------------------------------------------- every branch of the reply

def test_appointment_gives_outpatient_clinic(directory):
    reply = contact_reply("appointment", None, directory, at(0, 9, 0))
    assert reply["response"] == "utter_contact_appointment"
    assert reply["clinic_phone"] == "(023) 224 0130"


def test_care_question_gives_nurse_line_with_hours_and_status(directory):
    reply = contact_reply("care_question", None, directory, at(0, 13, 15))
    assert reply["nurse_phone"] == "(023) 224 6491"
    assert "maandag 13.00 – 13.30 uur" in reply["nurse_hours"]
    assert "nu open, tot 13.30 uur" in reply["line_status"]


def test_care_question_when_closed_says_when_it_opens(directory):
    reply = contact_reply("care_question", None, directory, at(2, 9, 59))
    assert "vandaag van 10.00 tot 12.00 uur" in reply["line_status"]


def test_nurse_specialist_gives_email_and_clinic(directory):
    reply = contact_reply("nurse_specialist", None, directory, at(0, 9, 0))
    assert reply["nurse_specialist_email"] == "NP-orthopedie@spaarnegasthuis.nl"
    assert reply["clinic_phone"] == "(023) 224 0130"


def test_urgent_without_location_asks_with_buttons(directory):
    reply = contact_reply("urgent_after_treatment", None, directory, at(0, 22, 0))
    assert reply["response"] == "utter_ask_contact_location"
    assert [b["title"] for b in reply["buttons"]] == ["Haarlem Zuid", "Haarlem Noord", "Hoofddorp"]
    assert reply["buttons"][2]["payload"] == (
        '/contact{"contact_need": "urgent_after_treatment", "location": "Hoofddorp"}')


@pytest.mark.parametrize("location,present,absent", [
    ("Hoofddorp", "(023) 224 6880", "(023) 224 4880"),
    ("Haarlem Zuid", "(023) 224 4880", "(023) 224 6880"),
])
def test_urgent_with_location_gives_that_emergency_department(directory, location, present, absent):
    reply = contact_reply("urgent_after_treatment", location, directory, at(0, 22, 0))
    assert present in reply["emergency_numbers"] and absent not in reply["emergency_numbers"]


def test_urgent_in_haarlem_noord_lists_both_departments_from_the_leaflet(directory):
    reply = contact_reply("urgent_after_treatment", "Haarlem Noord", directory, at(0, 22, 0))
    assert "(023) 224 6880" in reply["emergency_numbers"]
    assert "(023) 224 4880" in reply["emergency_numbers"]


def test_address_for_one_location_and_for_all(directory):
    one = contact_reply("address", "Hoofddorp", directory, at(0, 9, 0))["addresses"]
    assert one == "Hoofddorp: Spaarnepoort 1, 2134 TM  Hoofddorp"
    everything = contact_reply("address", None, directory, at(0, 9, 0))["addresses"]
    assert everything.count("\n") == 2 and "Boerhaavelaan 22" in everything


def test_general_gives_switchboard(directory):
    reply = contact_reply("general", None, directory, at(0, 9, 0))
    assert reply["switchboard_phone"] == "(023) 224 0000"
    assert reply["general_email"] == "info@spaarnegasthuis.nl"


def test_unknown_need_asks_with_a_button_per_need(directory):
    reply = contact_reply(None, None, directory, at(0, 9, 0))
    assert reply["response"] == "utter_ask_contact_need"
    assert len(reply["buttons"]) == len(directory.needs)


# ---------------------------------------------------------------- the action end to end

def test_action_reads_need_and_location_from_the_message(tracker_for):
    messages, events = run_action(tracker_for("spoed na mijn operatie in hoofddorp"))
    assert messages[0]["response"] == "utter_contact_urgent_after_treatment"
    assert events == [SlotSet("contact_need", "urgent_after_treatment"), SlotSet("location", "Hoofddorp")]


def test_action_prefers_button_entities(tracker_for):
    entities = [{"entity": "contact_need", "value": "care_question"}]
    messages, _ = run_action(tracker_for("/contact", entities=entities), now=at(0, 13, 15))
    assert messages[0]["response"] == "utter_contact_care_question"


def test_location_answer_completes_an_urgent_request(tracker_for):
    tracker = tracker_for("Haarlem Zuid", entities=[{"entity": "location", "value": "Haarlem Zuid"}],
                          slots={"contact_need": "urgent_after_treatment"})
    messages, _ = run_action(tracker)
    assert messages[0]["response"] == "utter_contact_urgent_after_treatment"
    assert messages[0]["emergency_numbers"] == "Haarlem Zuid (023) 224 4880"


def test_human_request_asks_what_for(tracker_for):
    messages, events = run_action(tracker_for("ik wil een mens spreken"))
    assert messages[0]["response"] == "utter_ask_contact_need"
    assert events[0] == SlotSet("contact_need", None)
