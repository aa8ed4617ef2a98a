"""The red-flag detector on its own: catalogue, negation, typos, and the two message sets."""
from pathlib import Path

import pytest
import yaml

from rugpoli.patterns import PatternError, parse_pattern
from rugpoli.red_flags import (URGENCY_ORDER, CatalogueError, analyse, detect, load_catalogue,
                                parse_catalogue)

SETS = Path(__file__).parent / "red_flags"


def flag_ids(text):
    return [finding.flag_id for finding in detect(text)]


@pytest.mark.parametrize("text,flag", [
    ("mag ik ibuprofen? ik heb sinds gisteren ook koorts", "fever_or_very_ill"),
    ("ik kan niet meer plassen", "bladder_bowel"),
    ("mijn kruis voelt doof", "saddle_numbness"),
    ("ik ben van de trap gevallen", "fall_or_accident"),
    ("ik ben 67 en heb voor het eerst rugpijn", "first_pain_over_50"),
])
def test_alarm_symptoms_are_found(text, flag):
    assert flag in flag_ids(text)


@pytest.mark.parametrize("text", [
    "geen koorts",
    "ik heb geen koorts maar wel rugpijn",
    "koorts heb ik niet",
    "plassen gaat gewoon goed",
    "ik ben niet gevallen",
    "ik voel me niet ziek",
    "ik heb geen doof gevoel in mijn kruis",
    "heb per ongeluk te veel paracetamol genomen",
    "ik wil afvallen",
])
def test_denied_or_harmless_words_are_not_alarms(text):
    assert flag_ids(text) == []


def test_negation_does_not_reach_past_maar():
    assert flag_ids("ik heb geen rugpijn in bed maar wel koorts") == ["fever_or_very_ill"]


@pytest.mark.parametrize("text", ["kooorts en rugpijn", "ik heb koors", "gevoeloos in mijn bilen"])
def test_typos_are_tolerated(text):
    assert flag_ids(text)


def test_real_words_listed_as_not_typos_do_not_match():
    assert flag_ids("de behandeling is me goed bevallen") == []


def test_findings_are_sorted_by_urgency():
    findings = detect("ik heb vroeger kanker gehad en kan nu niet meer plassen")
    assert [f.urgency for f in findings] == ["emergency", "soon"]


def test_empty_and_odd_input_is_harmless():
    assert detect("") == [] and detect("   ") == [] and detect("🙂🙂") == []
    assert detect("<script>alert('koorts')</script>")  # text content still counts


def test_catalogue_rejects_unknown_urgency_and_bad_patterns():
    with pytest.raises(CatalogueError):
        parse_catalogue({"red_flags": [{"id": "x", "urgency": "later", "label": "x", "patterns": ["a"]}]})
    with pytest.raises(CatalogueError):
        parse_catalogue({"red_flags": [{"id": "x", "urgency": "soon", "label": "x", "patterns": ["Koorts"]}]})
    with pytest.raises(PatternError):
        parse_pattern("kop-staart")


def test_every_catalogue_entry_has_a_label_and_patterns():
    catalogue = load_catalogue()
    assert catalogue.flags and "NHG" in catalogue.source
    assert {flag.urgency for flag in catalogue.flags} == set(URGENCY_ORDER)


def _alarm_set():
    return yaml.safe_load((SETS / "alarm_messages.yml").read_text(encoding="utf-8"))["alarm"]


def _non_alarm_set():
    return yaml.safe_load((SETS / "non_alarm_messages.yml").read_text(encoding="utf-8"))["non_alarm"]


def test_sets_are_large_enough():
    assert len(_alarm_set()) >= 80 and len(_non_alarm_set()) >= 80


@pytest.mark.parametrize("item", _alarm_set(), ids=lambda item: item["text"][:40])
def test_every_alarm_message_is_found_with_at_least_its_urgency(item):
    findings = detect(item["text"])
    assert findings, "missed alarm"
    assert URGENCY_ORDER.index(findings[0].urgency) >= URGENCY_ORDER.index(item["urgency"])


def test_false_alarms_stay_at_most_five_percent():
    false_alarms = [text for text in _non_alarm_set() if detect(text)]
    assert len(false_alarms) / len(_non_alarm_set()) <= 0.05, false_alarms


def test_denied_alarms_are_reported_separately():
    detection = analyse("ik heb geen koorts maar ben wel gevallen")
    assert [f.flag_id for f in detection.findings] == ["fall_or_accident"]
    assert detection.denied == ["fever_or_very_ill"]


def test_no_faq_training_example_names_an_alarm_symptom():
    """At run time such an example would go to triage, so training it as a FAQ teaches nothing."""
    from rugpoli.training_data import nlu_examples

    clashes = [(intent, text) for intent, text in nlu_examples()
               if not intent.startswith("red_flag_") and detect(text)]
    assert not clashes


def test_labels_address_the_patient_with_u():
    import re

    for flag in load_catalogue().flags:
        assert not re.search(r"\b(je|jij|jouw)\b", flag.label), flag.id
