"""Top-level intent classifier: TF-IDF over word and character n-grams, logistic regression.

Why not DIET: on ~1,800 short patient messages over 24 intents, DIET scored below this plain
linear model on the held-out set (intent macro-F1 0.880 against 0.929) and took four minutes
to train, against seconds. Character n-grams inside words make it robust to typos, compounds and
Flemish spellings; word n-grams carry the phrases. Text is normalised like the red-flag matcher
does (lower case, accents and repeated letters folded). The sub-answers of the FAQ intents are
still chosen by Rasa's ResponseSelector.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY,
                                       PREDICTED_CONFIDENCE_KEY, TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rugpoli.text import normalise

logger = logging.getLogger(__name__)

def build_classifier(config: Dict[Text, Any]):
    """The scikit-learn pipeline, also used by scripts/evaluate.py for cross-validation."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]),
                        sublinear_tf=True, preprocessor=normalise),
        TfidfVectorizer(ngram_range=tuple(config["word_ngrams"]), sublinear_tf=True,
                        preprocessor=normalise))
    return make_pipeline(features, LogisticRegression(
        C=config["regularisation_inverse"], max_iter=config["max_iter"],
        random_state=config["random_seed"]))


def ranking(classifier, texts: List[Text], length: int) -> List[List[Dict[Text, Any]]]:
    """Per text the intents with their probabilities, most likely first."""
    probabilities = classifier.predict_proba(texts)
    names = list(classifier.classes_)
    rankings = []
    for row in probabilities:
        ranked = sorted(zip(names, row), key=lambda pair: -pair[1])[:length]
        rankings.append([{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: float(p)}
                         for name, p in ranked])
    return rankings


class TextClassifierComponent(GraphComponent):
    """A trainable component around one scikit-learn text classifier (build_classifier), saved
    with joblib in the model; subclasses say which labels it learns and what it adds."""

    model_file = "text_classifier.joblib"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"char_ngrams": [2, 5], "word_ngrams": [1, 2], "regularisation_inverse": 10.0,
                "max_iter": 3000, "random_seed": 2024, "ranking_length": 10}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 classifier: Optional[Any] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TextClassifierComponent":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TextClassifierComponent":
        try:
            with model_storage.read_from(resource) as model_dir:
                classifier = joblib.load(model_dir / cls.model_file)
        except ValueError:
            logger.warning("%s has no trained model; it will predict nothing.", cls.__name__)
            classifier = None
        return cls(config, model_storage, resource, classifier)

    def fit_and_persist(self, texts: List[Text], labels: List[Text]) -> Resource:
        if not texts:
            return self._resource
        self._classifier = build_classifier(self._config).fit(texts, labels)
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump(self._classifier, model_dir / self.model_file)
        return self._resource

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "joblib"]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(TextClassifierComponent):
    model_file = "linear_intent_classifier.joblib"

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        return self.fit_and_persist([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples])

    def process(self, messages: List[Message]) -> List[Message]:
        if self._classifier is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        for message, ranked in zip(messages, ranking(self._classifier, texts,
                                                     int(self._config["ranking_length"]))):
            message.set(INTENT, ranked[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranked, add_to_output=True)
        return messages
