"""One scikit-learn classifier for the top-level intent, the FAQ sub-answer, and the separate
questions of a message that asks more than one.

Why one flat classifier over every label (``imaging/scan_needed``, ``greet``, ``red_flag_soon``,
...) instead of DIET plus Rasa's TensorFlow ResponseSelector: on the held-out set it scored higher
on both levels (intent accuracy 0.94 against 0.90, sub-answer 0.90 against 0.86), it trains in
seconds instead of minutes, the same data always gives the same model on any machine (the
TensorFlow selector did not, so the quality gate flipped), and the model file is a few MB.

The intent is the label group with the highest summed probability; the sub-answer is the best
label inside that intent, so intent and answer never disagree. The output fills
``response_selector`` as Rasa's ResponseSelector does (a ``default`` entry, here also under the
chosen intent's name), so ``utter_<intent>`` (ActionRetrieveResponse), ``rasa test`` and the
review tools work unchanged. ``questions`` lists the sub-answers of the other questions in a
message that asks two or three (``action_answer_other_questions`` gives those answers).
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY,
                                       INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rugpoli.text import normalise

logger = logging.getLogger(__name__)

# Keys of Rasa's response selector output (rasa.nlu.selectors.response_selector).
RESPONSE_SELECTOR = "response_selector"
QUESTIONS = "questions"

_QUESTION_START = (r"hoe|wat|welke|waarom|wanneer|waar|wie|moet|mag|kan|kun|kunt|helpt|help|is|"
                   r"zijn|heb|ben|wordt|word|zal|zou|doet|gaat|werkt|maakt")
# A part ends at . ? ! ; or where "en"/"of"/"maar"/"ook" starts a new question.
_SPLIT = re.compile(r"[?!.;]+\s*|,?\s+(?:en|of|maar|ook)\s+(?=(?:" + _QUESTION_START + r")\b)",
                    re.IGNORECASE)


def split_questions(text: Text, min_words: int = 3) -> List[Text]:
    parts = [p.strip(" ,") for p in _SPLIT.split(text or "")]
    return [p for p in parts if len(p.split()) >= min_words]


def build_classifier(config: Dict[Text, Any]):
    """TF-IDF over character n-grams inside words (robust to typos, compounds and Flemish
    spellings) and word n-grams (phrases), then one-vs-rest logistic regression (liblinear:
    seconds to train, deterministic). n-grams seen only once (min_df) are left out: they add
    nothing on the blind sets and would double the model file."""
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    def vectorizer(**kwargs: Any) -> Any:
        return TfidfVectorizer(sublinear_tf=True, preprocessor=normalise, dtype=numpy.float32,
                               min_df=config["min_df"], **kwargs)

    features = make_union(vectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"])),
                          vectorizer(ngram_range=tuple(config["word_ngrams"])))
    return make_pipeline(features, LogisticRegression(
        C=config["regularisation_inverse"], solver="liblinear",
        random_state=config["random_seed"]))


def fit_compact(classifier: Any, texts: List[Text], labels: List[Text]) -> Any:
    """Fits, then keeps only what prediction needs, in single precision: the model file stays a
    few MB (the n-grams min_df dropped are kept by scikit-learn only for inspection)."""
    import numpy

    classifier.fit(texts, labels)
    for _, vectorizer in classifier.steps[0][1].transformer_list:
        vectorizer.stop_words_ = None
    model = classifier.steps[-1][1]
    model.coef_ = model.coef_.astype(numpy.float32)
    model.intercept_ = model.intercept_.astype(numpy.float32)
    return classifier


def intent_of(label: Text) -> Text:
    return label.split("/", 1)[0]


def group_by_intent(labels: Sequence[Text], row: Sequence[float]
                    ) -> List[Tuple[Text, float, List[Tuple[Text, float]]]]:
    """(intent, summed probability, its labels best first), most likely intent first."""
    groups: Dict[Text, List[Tuple[Text, float]]] = defaultdict(list)
    for label, probability in zip(labels, row):
        groups[intent_of(label)].append((label, float(probability)))
    ranked = [(intent, sum(p for _, p in members), sorted(members, key=lambda m: -m[1]))
              for intent, members in groups.items()]
    return sorted(ranked, key=lambda group: -group[1])


def selector_entry(members: List[Tuple[Text, float]], responses: Dict[Text, Any],
                   ranking_length: int) -> Dict[Text, Any]:
    """One response selector entry, shaped like Rasa's ResponseSelector output."""
    label, confidence = members[0]
    return {
        "response": {"responses": responses.get(f"utter_{label}"), "confidence": confidence,
                     INTENT_RESPONSE_KEY: label, "utter_action": f"utter_{label}"},
        "ranking": [{"confidence": p, INTENT_RESPONSE_KEY: name}
                    for name, p in members[:ranking_length]],
    }


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentAndAnswerClassifier(GraphComponent):
    model_file = "intent_and_answer_classifier.joblib"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # question_min_confidence: how sure a part's sub-answer must be to count as a question
        # of its own; max_questions: at most this many answers to one message.
        return {"char_ngrams": [3, 5], "word_ngrams": [1, 2], "min_df": 2,
                "regularisation_inverse": 20.0, "random_seed": 2024, "ranking_length": 10,
                "answer_ranking_length": 3, "question_min_confidence": 0.4,
                "max_questions": 3}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Dict[Text, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        model = model or {}
        self._classifier = model.get("classifier")
        self._responses: Dict[Text, Any] = model.get("responses") or {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentAndAnswerClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "IntentAndAnswerClassifier":
        try:
            with model_storage.read_from(resource) as model_dir:
                model = joblib.load(model_dir / cls.model_file)
        except ValueError:
            logger.warning("%s has no trained model; it will predict nothing.", cls.__name__)
            model = None
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        labels = [e.get(INTENT_RESPONSE_KEY) or e.get(INTENT) for e in examples]
        self._classifier = fit_compact(build_classifier(self._config),
                                       [e.get(TEXT) for e in examples], labels)
        self._responses = {name: variations for name, variations in training_data.responses.items()}
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump({"classifier": self._classifier, "responses": self._responses},
                        model_dir / self.model_file)
        return self._resource

    def _annotate(self, message: Message, row: Sequence[float], knows_a_word: bool) -> None:
        groups = group_by_intent(self._classifier.classes_, row)
        length = int(self._config["ranking_length"])
        # A message without a single word the training data knows ("qwxz vbnm") gets confidence
        # 0, so the FallbackClassifier asks to rephrase instead of guessing from letter groups.
        scale = 1.0 if knows_a_word else 0.0
        ranking = [{INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: total * scale}
                   for intent, total, _ in groups[:length]]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        retrieval = {intent: members for intent, _, members in groups if "/" in members[0][0]}
        if not retrieval:
            return
        # The entry of the predicted FAQ intent (or the likeliest one) as "default" and under its
        # own name, with a short ranking: every parse result is stored with the conversation.
        chosen = next(intent for intent, _, _ in groups if intent in retrieval)
        entry = selector_entry(retrieval[chosen], self._responses,
                               int(self._config["answer_ranking_length"]))
        message.set(RESPONSE_SELECTOR, {"all_retrieval_intents": sorted(retrieval),
                                        chosen: entry, "default": entry}, add_to_output=True)

    def questions(self, text: Text) -> List[Dict[Text, Any]]:
        """The FAQ questions of a message that asks at least two different ones."""
        parts = split_questions(text)
        if self._classifier is None or len(parts) < 2:
            return []
        found: Dict[Text, Dict[Text, Any]] = {}
        for part, row in zip(parts, self._classifier.predict_proba(parts)):
            best = int(row.argmax())
            answer, confidence = self._classifier.classes_[best], float(row[best])
            if ("/" in answer and confidence >= self._config["question_min_confidence"]
                    and answer not in found):
                found[answer] = {"text": part, "answer": answer, "confidence": confidence}
        return list(found.values())[: self._config["max_questions"]] if len(found) >= 2 else []

    def process(self, messages: List[Message]) -> List[Message]:
        if self._classifier is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        words = self._classifier.steps[0][1].transformer_list[1][1]
        known = words.transform(texts).getnnz(axis=1) > 0
        for message, row, knows_a_word in zip(messages, self._classifier.predict_proba(texts),
                                              known):
            self._annotate(message, row, bool(knows_a_word))
            questions = self.questions(message.get(TEXT) or "")
            if questions:
                message.set(QUESTIONS, questions, add_to_output=True)
        return messages

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "joblib"]
