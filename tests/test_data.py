"""Training data, rules, test stories and the held-out set fit together."""
from collections import Counter
from pathlib import Path

import pytest
import yaml

from rugpoli.settings import PROJECT_ROOT
from rugpoli.training_data import (comparable, data_files, examples, faq_answers, near_copies,
                                   near_copy, nlu_examples)

TOPICS = ["imaging", "hernia", "medication", "operation", "lifting", "exercise", "manual_therapy",
          "causes", "course", "lifestyle", "psychology"]
EXTRA_TOPICS = ["clinic"]  # added beyond the contract, listed in the README
HELD_OUT = sorted((PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))
TEST_STORIES = sorted((PROJECT_ROOT / "tests" / "stories").glob("test_*.yml"))


def load(path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", data_files() + HELD_OUT + TEST_STORIES, ids=str)
def test_every_data_file_starts_with_version_3_1(path):
    assert path.read_text(encoding="utf-8").startswith('version: "3.1"')


def test_topic_catalogue_is_complete_with_enough_examples():
    counts = Counter(intent.split("/")[0] for intent, _ in nlu_examples())
    for topic in TOPICS:
        assert counts[topic] >= 60, f"{topic}: {counts[topic]} examples"


def test_every_sub_intent_has_an_answer_and_every_answer_a_sub_intent():
    sub_intents = {intent for intent, _ in nlu_examples() if "/" in intent}
    answered = {name[len("utter_"):] for name in faq_answers()}
    assert sub_intents == answered
    assert {s.split("/")[0] for s in sub_intents} == set(TOPICS + EXTRA_TOPICS)


def test_domain_lists_every_trained_intent():
    domain_intents = set(load(PROJECT_ROOT / "domain.yml")["intents"])
    trained = {intent.split("/")[0] for intent, _ in nlu_examples()}
    assert trained == domain_intents


def test_no_training_example_is_listed_twice():
    duplicates = [t for t, n in Counter(comparable(t) for _, t in nlu_examples()).items() if n > 1]
    assert not duplicates


def _steps(step_list):
    # Test stories may name the sub-intent and sub-answer (imaging/scan_needed); rules cannot.
    return [("intent", s["intent"].split("/")[0]) if "intent" in s
            else ("action", s["action"].split("/")[0])
            for s in step_list if "intent" in s or "action" in s]


def _contains(sequence, part):
    return any(sequence[i:i + len(part)] == part for i in range(len(sequence) - len(part) + 1))


def test_every_rule_has_a_test_story():
    stories = [_steps(story["steps"]) for path in TEST_STORIES for story in load(path)["stories"]]
    rules = [rule for path in data_files(PROJECT_ROOT / "data" / "rules")
             for rule in load(path)["rules"]]
    untested = [rule["rule"] for rule in rules
                if not any(_contains(story, _steps(rule["steps"])) for story in stories)]
    assert not untested


# ---------------------------------------------------------------- held-out NLU set

def held_out_examples():
    return [pair for path in HELD_OUT for pair in examples(path)]


def test_held_out_set_covers_every_topic():
    counts = Counter(intent.split("/")[0] for intent, _ in held_out_examples())
    for topic in TOPICS:
        assert counts[topic] >= 12, f"{topic}: {counts[topic]} held-out examples"


def test_held_out_intents_exist_in_training():
    trained = {intent for intent, _ in nlu_examples()}
    assert {intent for intent, _ in held_out_examples()} <= trained


def test_held_out_set_does_not_overlap_training_data():
    training = [text for _, text in nlu_examples()]
    for _, text in held_out_examples():
        assert near_copy(text, training) is None, f"(near) copy of a training example: {text!r}"


def test_no_evaluation_message_is_a_copy_of_a_training_example():
    """Blind sets, held-out set and the red-flag sets stay out of training (Jaccard of words
    below 0.8 against every training example)."""
    from rugpoli.evaluation.sets import all_evaluation_texts

    texts = all_evaluation_texts()
    assert len(texts) > 1500
    copies = near_copies(texts, [text for _, text in nlu_examples()])
    assert not copies, list(copies.items())[:10]


def test_near_copies_agrees_with_near_copy():
    others = ["mri nodig", "hoe lang duurt spit", "heb ik een mri scan nodig voor mijn rug ?"]
    texts = ["MRI nodig?", "heb ik een mri scan nodig voor mijn rug", "mag ik sporten"]
    assert near_copies(texts, others) == {t: near_copy(t, others) for t in texts
                                          if near_copy(t, others)}


def test_near_copy_check_catches_copies_and_close_rewrites():
    assert near_copy("MRI nodig?", ["mri nodig"]) == "mri nodig"
    assert near_copy("heb ik een mri scan nodig voor mijn rug",
                     ["heb ik een mri scan nodig voor mijn rug ?", "iets anders"]) is not None
    assert near_copy("moet ik een mri laten maken", ["hoe lang duurt spit"]) is None
