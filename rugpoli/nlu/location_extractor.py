"""Entity extractor for the hospital location a patient names ("adres in hoofddorp").

The locations and the words that name them live in content/contact.yml, the same list the
contact action uses, so there is one place to edit them and the entity value is always the
location's canonical name. Like the red-flag detector it matches normalised words (typos
tolerated), so the entity spans the whole message.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (ENTITIES, ENTITY_ATTRIBUTE_CONFIDENCE, ENTITY_ATTRIBUTE_END,
                                       ENTITY_ATTRIBUTE_START, ENTITY_ATTRIBUTE_TYPE,
                                       ENTITY_ATTRIBUTE_VALUE, EXTRACTOR, TEXT)
from rasa.shared.nlu.training_data.message import Message

from rugpoli.contact import Directory, detect_location, load_directory

LOCATION_ENTITY = "location"


def add_location(message: Message, directory: Directory) -> None:
    text = message.get(TEXT) or ""
    location = detect_location(text, directory)
    if location is None:
        return
    entities = [e for e in message.get(ENTITIES) or []
                if e.get(ENTITY_ATTRIBUTE_TYPE) != LOCATION_ENTITY]
    entities.append({ENTITY_ATTRIBUTE_TYPE: LOCATION_ENTITY, ENTITY_ATTRIBUTE_VALUE: location,
                     ENTITY_ATTRIBUTE_START: 0, ENTITY_ATTRIBUTE_END: len(text),
                     ENTITY_ATTRIBUTE_CONFIDENCE: 1.0, EXTRACTOR: "LocationExtractor"})
    message.set(ENTITIES, entities, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LocationExtractor(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # directory None: content/contact.yml, or RUGPOLI_CONTENT_DIR/contact.yml.
        return {"directory": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._directory = load_directory(config.get("directory"))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LocationExtractor":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            add_location(message, self._directory)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

    @staticmethod
    def required_packages() -> List[Text]:
        return ["yaml"]
