"""The pipeline keeps the choices the README and issue promise."""
from pathlib import Path

import yaml

CONFIG = yaml.safe_load((Path(__file__).resolve().parent.parent / "config.yml").read_text("utf-8"))


def component(name):
    return [c for c in CONFIG["pipeline"] if c["name"] == name]


def test_dutch_spacy_pipeline():
    assert CONFIG["language"] == "nl"
    assert component("SpacyNLP")[0]["model"] == "nl_core_news_sm"


def test_trained_components_have_fixed_seeds_so_retraining_gives_the_same_model():
    for name in ("rugpoli.nlu.linear_intent_classifier.LinearIntentClassifier", "ResponseSelector"):
        assert isinstance(component(name)[0].get("random_seed"), int), name


def test_word_and_character_features():
    vectorizers = component("CountVectorsFeaturizer")
    assert any(v.get("analyzer") == "char_wb" for v in vectorizers)
    assert any(v.get("use_lemma", True) and v.get("analyzer", "word") == "word" for v in vectorizers)


def test_red_flag_detector_runs_last():
    assert CONFIG["pipeline"][-1]["name"].endswith("RedFlagDetector")


def test_fallback_threshold_is_set():
    assert 0 < component("FallbackClassifier")[0]["threshold"] < 1
