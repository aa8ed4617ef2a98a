"""Finds the separate FAQ questions in a message that asks more than one ("heb ik een mri nodig?
en hoe lang duurt het meestal?") and which sub-answer each one needs.

Rasa's ResponseSelector chooses one sub-answer for the whole message; it cannot look at parts of
a message, because the featurizers before it only see whole messages. This component therefore
keeps its own small classifier over the FAQ sub-answers (the same TF-IDF + logistic regression
as the intent classifier), splits the message into question parts and adds the output
``questions``: [{text, answer, confidence}], only when at least two parts need different answers.
``action_answer_other_questions`` gives the answers the ResponseSelector did not.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rugpoli.nlu.linear_intent_classifier import LinearIntentClassifier, build_classifier

QUESTIONS = "questions"
MODEL_FILE = "question_splitter.joblib"

_QUESTION_START = (r"hoe|wat|welke|waarom|wanneer|waar|wie|moet|mag|kan|kun|kunt|helpt|help|is|"
                   r"zijn|heb|ben|wordt|word|zal|zou|doet|gaat|werkt|maakt")
# A part ends at . ? ! ; or where "en"/"of"/"maar" starts a new question.
_SPLIT = re.compile(r"[?!.;]+\s*|,?\s+(?:en|of|maar|ook)\s+(?=(?:" + _QUESTION_START + r")\b)",
                    re.IGNORECASE)


def split_questions(text: Text, min_words: int = 3) -> List[Text]:
    parts = [p.strip(" ,") for p in _SPLIT.split(text or "")]
    return [p for p in parts if len(p.split()) >= min_words]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class QuestionSplitter(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # min_confidence: how sure the part's sub-answer must be to count as a question of its own.
        return {**LinearIntentClassifier.get_default_config(), "min_confidence": 0.4,
                "max_questions": 3}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 classifier: Optional[Any] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "QuestionSplitter":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "QuestionSplitter":
        try:
            with model_storage.read_from(resource) as model_dir:
                classifier = joblib.load(model_dir / MODEL_FILE)
        except ValueError:
            classifier = None
        return cls(config, model_storage, resource, classifier)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        # Every intent is a label, so that a part that is no FAQ question ("ik heb al twee weken
        # last") is recognised as such instead of being forced onto a sub-answer.
        labels = [e.get(INTENT_RESPONSE_KEY) or e.get("intent") for e in examples]
        if not examples:
            return self._resource
        classifier = build_classifier(self._config)
        classifier.fit([e.get(TEXT) for e in examples], labels)
        self._classifier = classifier
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump(classifier, model_dir / MODEL_FILE)
        return self._resource

    def questions(self, text: Text) -> List[Dict[Text, Any]]:
        parts = split_questions(text)
        if self._classifier is None or len(parts) < 2:
            return []
        found: Dict[Text, Dict[Text, Any]] = {}
        for part, row in zip(parts, self._classifier.predict_proba(parts)):
            best = int(row.argmax())
            answer, confidence = self._classifier.classes_[best], float(row[best])
            if "/" in answer and confidence >= self._config["min_confidence"] and answer not in found:
                found[answer] = {"text": part, "answer": answer, "confidence": confidence}
        return list(found.values())[: self._config["max_questions"]] if len(found) >= 2 else []

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            questions = self.questions(message.get(TEXT) or "")
            if questions:
                message.set(QUESTIONS, questions, add_to_output=True)
        return messages

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "joblib"]
