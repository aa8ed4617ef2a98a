"""NLU component that routes every message naming an alarm symptom to a red-flag intent.

There is one intent per urgency (``red_flag_emergency``, ``red_flag_same_day``,
``red_flag_soon``), so that the Rasa server's own rules give the triage advice: it never waits on
the action server. Two finders combine and neither cancels the other's alarm:

- the catalogue (``rugpoli.red_flags``, content/red_flags.yml), with negation and contexts;
- the intent classifier, which learnt the red-flag intents from examples (data/nlu/red_flag.yml):
  its summed probability of the three counts as an alarm from ``classifier_min_confidence``.

The urgency follows the symptom, whoever found it: the highest of the catalogue's findings and,
when the classifier is sure enough, of the classifier's red-flag intents that carry at least
``urgency_share`` of its alarm probability (so "mostly same_day, partly emergency" becomes
emergency, never the lower one). A message in which the patient only denied alarm symptoms
("geen koorts, niet gevallen"), or named them in a context that is no alarm ("tien jaar geleden
gevallen", "bang dat het kanker is"), needs ``denied_min_confidence`` from the classifier. When the
classifier's red flag is set aside, the next non-alarm intent takes its place, or nlu_fallback
below ``fallback_threshold`` (the FallbackClassifier's threshold; it runs before this component so
that an alarm is never turned into a fallback by its ambiguity rule).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

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

from rugpoli.red_flags import (Catalogue, analyse, highest_urgency, load_catalogue, red_flag_intent,
                               urgency_of)

RED_FLAG_ENTITY = "red_flag"
FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class Thresholds:
    classifier_min_confidence: float = 0.5
    denied_min_confidence: float = 0.8
    urgency_share: float = 0.25
    fallback_threshold: float = 0.3


@dataclass(frozen=True)
class Decision:
    urgency: Optional[Text]  # None: no alarm
    confidence: float
    flag_ids: List[Text]


def decide(text: Text, ranking: List[Dict[Text, Any]], catalogue: Catalogue,
           thresholds: Thresholds) -> Decision:
    """Whether a message is an alarm, how urgent, and which catalogue flags it names."""
    detection = analyse(text, catalogue)
    alarm_scores = {urgency_of(r.get(INTENT_NAME_KEY)): float(r.get(PREDICTED_CONFIDENCE_KEY) or 0)
                    for r in ranking if urgency_of(r.get(INTENT_NAME_KEY))}
    alarm_probability = sum(alarm_scores.values())
    needed = (thresholds.denied_min_confidence if detection.denied and not detection.findings
              else thresholds.classifier_min_confidence)
    classifier_urgency = None
    if alarm_scores and alarm_probability >= needed:
        classifier_urgency = highest_urgency(
            u for u, score in alarm_scores.items()
            if score >= thresholds.urgency_share * alarm_probability)
    urgency = highest_urgency([f.urgency for f in detection.findings]
                              + ([classifier_urgency] if classifier_urgency else []))
    confidence = 1.0 if detection.findings else alarm_probability
    return Decision(urgency, confidence if urgency else 0.0,
                    [f.flag_id for f in detection.findings])


def _entity(flag_id: Text, text: Text) -> Dict[Text, Any]:
    # The detector works on normalised words, so the span is the whole message.
    return {ENTITY_ATTRIBUTE_TYPE: RED_FLAG_ENTITY, ENTITY_ATTRIBUTE_VALUE: flag_id,
            ENTITY_ATTRIBUTE_START: 0, ENTITY_ATTRIBUTE_END: len(text),
            ENTITY_ATTRIBUTE_CONFIDENCE: 1.0, EXTRACTOR: "RedFlagDetector"}


def route(message: Message, catalogue: Catalogue, thresholds: Thresholds) -> Optional[Text]:
    """Sets a red-flag intent (and red_flag entities) on an alarm message; returns its urgency."""
    text = message.get(TEXT) or ""
    ranking = list(message.get(INTENT_RANKING_KEY) or [])
    decision = decide(text, ranking, catalogue, thresholds)
    others = [r for r in ranking if not urgency_of(r.get(INTENT_NAME_KEY))
              and r.get(INTENT_NAME_KEY) != FALLBACK_INTENT]
    if decision.urgency:
        routed = {INTENT_NAME_KEY: red_flag_intent(decision.urgency),
                  PREDICTED_CONFIDENCE_KEY: decision.confidence}
        message.set(INTENT, routed, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [routed] + others, add_to_output=True)
        entities = [e for e in message.get(ENTITIES) or []
                    if e.get(ENTITY_ATTRIBUTE_TYPE) != RED_FLAG_ENTITY]
        message.set(ENTITIES, entities + [_entity(f, text) for f in decision.flag_ids],
                    add_to_output=True)
        return decision.urgency
    if urgency_of((message.get(INTENT) or {}).get(INTENT_NAME_KEY)):
        best = others[0] if others else None
        if not best or float(best.get(PREDICTED_CONFIDENCE_KEY) or 0) < thresholds.fallback_threshold:
            best = {INTENT_NAME_KEY: FALLBACK_INTENT,
                    PREDICTED_CONFIDENCE_KEY: thresholds.fallback_threshold}
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [best] + [r for r in others if r is not best],
                    add_to_output=True)
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class RedFlagDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # catalogue None: content/red_flags.yml, or RUGPOLI_CONTENT_DIR/red_flags.yml.
        defaults = Thresholds()
        return {"catalogue": None, **{name: getattr(defaults, name)
                                      for name in Thresholds.__dataclass_fields__}}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._catalogue_path = config.get("catalogue")
        self._thresholds = Thresholds(**{name: float(config[name])
                                         for name in Thresholds.__dataclass_fields__
                                         if config.get(name) is not None})

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RedFlagDetector":
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        # Read per call (cached until the file changes), so an edit applies without a retrain.
        catalogue = load_catalogue(self._catalogue_path)
        for message in messages:
            route(message, catalogue, self._thresholds)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

    @staticmethod
    def required_packages() -> List[Text]:
        return ["yaml"]
