"""The red-flag detector on its own: catalogue, everyday wordings, negation scope and the contexts
in which a mentioned alarm word is no alarm (ConText-style), typos, and the team's message sets."""
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
    # everyday wordings the catalogue's concepts cover
    ("plassen gaat al de hele dag niet", "bladder_bowel"),
    ("de aandrang voel ik niet meer", "bladder_bowel"),
    ("mijn onderbroek was vochtig en ik had niets gevoeld", "bladder_bowel"),
    ("van onderen voel ik niks", "saddle_numbness"),
    ("het toiletpapier voel ik niet", "saddle_numbness"),
    ("mijn voet sleept", "progressive_leg_weakness"),
    ("ik struikel over elke drempel", "progressive_leg_weakness"),
    ("van de ladder gekukeld", "fall_or_accident"),
    ("koortsig en rillerig", "fever_or_very_ill"),
    ("de weegschaal zegt 7 kilo minder en ik eet als altijd", "weight_loss"),
    ("ik slik al jaren medrol", "steroids_or_immunosuppression"),
    ("mijn vader kan niet meer plassen", "bladder_bowel"),
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


# ---------------------------------------------------------------- everyday wordings, contexts



def test_zonder_denies_only_what_it_governs():
    assert flag_ids("zonder reden 10 kilo afgevallen") == ["weight_loss"]
    assert flag_ids("zonder moeite 7 kilo afgevallen") == ["weight_loss"]
    assert flag_ids("ik heb rugpijn zonder koorts") == []
    assert flag_ids("nu weer rugpijn, zonder val of ongeluk") == []


def test_pseudo_negation_uit_het_niets_denies_nothing():
    assert "tearing_back_abdominal_pain" in flag_ids("uit het niets een scheurende pijn in mijn buik")


def test_a_general_question_is_no_alarm_but_a_statement_without_subject_is():
    assert flag_ids("kan een val een hernia geven?") == []
    assert "sudden_leg_weakness" in flag_ids("kan sinds vanochtend niet meer staan.")
    assert flag_ids("is het normaal dat je been ineens slap wordt? zo gaat het nu bij mij")


def test_events_long_past_and_relatives_history_are_no_alarm():
    assert flag_ids("tien jaar geleden van de trap gevallen, nu weer pijn") == []
    assert flag_ids("mijn moeder had borstkanker, ik heb nu rugpijn") == []
    # ... but a relative's own complaint is.
    assert flag_ids("mijn vader heeft kanker gehad en hij heeft nu veel rugpijn") == ["cancer_history"]


def test_what_was_read_or_feared_is_no_alarm():
    assert flag_ids("op een website las ik dat je bij een hernia niet meer kunt plassen") == []
    assert flag_ids("ik ben bang dat ik verlamd raak") == []
    assert "sudden_leg_weakness" in flag_ids("ik ben bang, mijn been is ineens helemaal slap")


def test_weight_lost_on_purpose_is_no_alarm_wherever_the_purpose_is_told():
    assert flag_ids("ik moest afvallen voor mijn rug, ik ben nu 7 kilo lichter") == []
    assert flag_ids("zeven kilo kwijt zonder dieet, en rugpijn") == ["weight_loss"]


def test_weakness_within_hours_is_an_emergency():
    findings = detect("vanochtend liep ik nog normaal, nu na de lunch struikel ik over mijn eigen "
                      "voet en krijg ik mijn tenen niet meer omhoog")
    assert findings[0].urgency == "emergency"


def test_real_words_are_not_read_as_typos():
    assert flag_ids("wat kan ik leden van de wandelclub met rugpijn adviseren") == []
    assert flag_ids("hoe lang moet ik wachten voor ik bij jullie terecht kan") == []


def test_exempted_mentions_are_reported_as_denied():
    assert analyse("tien jaar geleden van de trap gevallen").denied == ["fall_or_accident"]
