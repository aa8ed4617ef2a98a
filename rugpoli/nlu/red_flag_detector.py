"""NLU component that routes every message mentioning an alarm symptom to the red_flag intent.

It runs after the classifiers, so whatever they predicted (a FAQ question, a fallback), a message
in which ``rugpoli.red_flags`` finds an alarm symptom leaves the NLU pipeline with intent
``red_flag`` and one ``red_flag`` entity per symptom. The other way round it is careful: when
the catalogue names no symptom, the classifier's red_flag is only set aside if the patient named
alarm symptoms solely to deny them ("geen koorts, ik ben niet gevallen") or the classifier is
less sure than ``classifier_min_confidence``. The catalogue is
read when the model is loaded, so edits to content/red_flags.yml apply after a restart.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (ENTITIES, ENTITY_ATTRIBUTE_CONFIDENCE, ENTITY_ATTRIBUTE_END,
                                       ENTITY_ATTRIBUTE_START, ENTITY_ATTRIBUTE_TYPE,
                                       ENTITY_ATTRIBUTE_VALUE, EXTRACTOR, INTENT,
                                       INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY,
                                       TEXT)
from rasa.shared.nlu.training_data.message import Message

from rugpoli.red_flags import Catalogue, analyse, load_catalogue

RED_FLAG_INTENT = "red_flag"
RED_FLAG_ENTITY = "red_flag"


def _entity(flag_id: Text, text: Text) -> Dict[Text, Any]:
    # The detector works on normalised words, so the span is the whole message.
    return {ENTITY_ATTRIBUTE_TYPE: RED_FLAG_ENTITY, ENTITY_ATTRIBUTE_VALUE: flag_id,
            ENTITY_ATTRIBUTE_START: 0, ENTITY_ATTRIBUTE_END: len(text),
            ENTITY_ATTRIBUTE_CONFIDENCE: 1.0, EXTRACTOR: "RedFlagDetector"}


def _set_intent(message: Message, intent: Dict[Text, Any], ranking: List[Dict[Text, Any]]) -> None:
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def route_to_red_flag(message: Message, catalogue: Catalogue,
                      classifier_min_confidence: float = 0.0) -> bool:
    """Sets intent red_flag and red_flag entities when the message names an alarm symptom.

    The classifier's own red_flag (no symptom in the catalogue) stands when it is at least
    ``classifier_min_confidence`` sure and the patient did not just deny alarm symptoms.
    Returns whether the message leaves with intent red_flag.
    """
    text = message.get(TEXT) or ""
    detection = analyse(text, catalogue)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
               if r.get(INTENT_NAME_KEY) != RED_FLAG_INTENT]
    predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if detection.findings:
        routed = {INTENT_NAME_KEY: RED_FLAG_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        _set_intent(message, routed, [routed] + ranking)
        entities = [e for e in message.get(ENTITIES) or []
                    if e.get(ENTITY_ATTRIBUTE_TYPE) != RED_FLAG_ENTITY]
        message.set(ENTITIES, entities + [_entity(f.flag_id, text) for f in detection.findings],
                    add_to_output=True)
        return True
    if predicted != RED_FLAG_INTENT:
        return False
    confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0
    if (detection.denied or confidence < classifier_min_confidence) and ranking:
        _set_intent(message, ranking[0], ranking)
        return False
    return True


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class RedFlagDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # catalogue None: content/red_flags.yml, or RUGPOLI_CONTENT_DIR/red_flags.yml.
        # classifier_min_confidence: how sure the classifier must be of red_flag when the
        # catalogue names no alarm symptom in the message.
        return {"catalogue": None, "classifier_min_confidence": 0.0}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._catalogue = load_catalogue(config.get("catalogue"))
        self._classifier_min_confidence = float(config.get("classifier_min_confidence") or 0.0)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RedFlagDetector":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            route_to_red_flag(message, self._catalogue, self._classifier_min_confidence)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

    @staticmethod
    def required_packages() -> List[Text]:
        return ["yaml"]
