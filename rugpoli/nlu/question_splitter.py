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
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rugpoli.nlu.linear_intent_classifier import TextClassifierComponent

QUESTIONS = "questions"

_QUESTION_START = (r"hoe|wat|welke|waarom|wanneer|waar|wie|moet|mag|kan|kun|kunt|helpt|help|is|"
                   r"zijn|heb|ben|wordt|word|zal|zou|doet|gaat|werkt|maakt")
# A part ends at . ? ! ; or where "en"/"of"/"maar" starts a new question.
_SPLIT = re.compile(r"[?!.;]+\s*|,?\s+(?:en|of|maar|ook)\s+(?=(?:" + _QUESTION_START + r")\b)",
                    re.IGNORECASE)


def split_questions(text: Text, min_words: int = 3) -> List[Text]:
    parts = [p.strip(" ,") for p in _SPLIT.split(text or "")]
    return [p for p in parts if len(p.split()) >= min_words]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class QuestionSplitter(TextClassifierComponent):
    model_file = "question_splitter.joblib"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # min_confidence: how sure the part's sub-answer must be to count as a question of its own.
        return {**TextClassifierComponent.get_default_config(), "min_confidence": 0.4,
                "max_questions": 3}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        # Every intent is a label, so that a part that is no FAQ question ("ik heb al twee weken
        # last") is recognised as such instead of being forced onto a sub-answer.
        return self.fit_and_persist([e.get(TEXT) for e in examples],
                                    [e.get(INTENT_RESPONSE_KEY) or e.get("intent") for e in examples])

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
