"""The pipeline keeps the choices the README and issue promise."""
from pathlib import Path

import yaml

CONFIG = yaml.safe_load((Path(__file__).resolve().parent.parent / "config.yml").read_text("utf-8"))


def component(name):
    return [c for c in CONFIG["pipeline"] if c["name"] == name]


def test_dutch_spacy_pipeline():
    assert CONFIG["language"] == "nl"
    assert component("SpacyNLP")[0]["model"] == "nl_core_news_sm"


CLASSIFIER = "rugpoli.nlu.intent_and_answer_classifier.IntentAndAnswerClassifier"


def test_no_tensorflow_component_so_training_is_fast_and_the_same_on_any_machine():
    tensorflow_components = {"DIETClassifier", "ResponseSelector", "TEDPolicy",
                             "UnexpecTEDIntentPolicy", "SpacyFeaturizer"}
    names = {c["name"] for c in CONFIG["pipeline"] + CONFIG["policies"]}
    assert not names & tensorflow_components
    assert isinstance(component(CLASSIFIER)[0].get("random_seed"), int)


def test_red_flag_detector_knows_the_fallback_threshold():
    detector = CONFIG["pipeline"][-1]
    assert detector["fallback_threshold"] == component("FallbackClassifier")[0]["threshold"]


def test_red_flag_detector_runs_last():
    assert CONFIG["pipeline"][-1]["name"].endswith("RedFlagDetector")


def test_fallback_threshold_is_set():
    assert 0 < component("FallbackClassifier")[0]["threshold"] < 1
