"""The message sets the model is judged on, none of them ever trained on.

- ``tests/nlu/*.yml``: held-out FAQ questions (Rasa NLU format), written apart from the training
  data by the same team;
- ``tests/red_flags/``: the team's own alarm and non-alarm messages;
- ``tests/blind/topics_v*.yml`` and ``tests/blind/alarms_v*.yml``: blind sets, written by writers
  who saw the sources and the kinds of message but never the training data or a prediction.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import yaml

from rugpoli.settings import PROJECT_ROOT
from rugpoli.training_data import examples

TESTS = PROJECT_ROOT / "tests"


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str  # topic/sub_answer, another intent, or an urgency for alarm messages


@dataclass(frozen=True)
class AlarmSet:
    name: str
    alarms: List[Labelled]  # label: the lowest urgency that is right
    calm: List[Labelled]  # label: the kind of non-alarm message


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def held_out(folder: Optional[Path] = None) -> List[Labelled]:
    return [Labelled(text, intent) for path in sorted((folder or TESTS / "nlu").glob("*.yml"))
            for intent, text in examples(path)]


def topic_sets(folder: Optional[Path] = None) -> dict[str, List[Labelled]]:
    """name -> messages of every blind topic set (topics_v1, topics_v2, ...)."""
    return {path.stem: [Labelled(m["text"], m["label"]) for m in _load(path)["messages"]]
            for path in sorted((folder or TESTS / "blind").glob("topics_v*.yml"))}


def _alarm_set(name: str, data: dict) -> AlarmSet:
    calm = [Labelled(item, "non_alarm") if isinstance(item, str)
            else Labelled(item["text"], item.get("kind", "non_alarm"))
            for item in data.get("non_alarm", [])]
    return AlarmSet(name, [Labelled(a["text"], a["urgency"]) for a in data.get("alarm", [])], calm)


def alarm_sets(blind_folder: Optional[Path] = None, own_folder: Optional[Path] = None
               ) -> List[AlarmSet]:
    """The team's own red-flag set, then every blind alarm set (alarms_v1, alarms_v2, ...)."""
    own = own_folder or TESTS / "red_flags"
    sets = [_alarm_set("own", {**_load(own / "alarm_messages.yml"),
                               **_load(own / "non_alarm_messages.yml")})]
    return sets + [_alarm_set(path.stem, _load(path))
                   for path in sorted((blind_folder or TESTS / "blind").glob("alarms_v*.yml"))]


def all_evaluation_texts() -> List[str]:
    """Every message of every evaluation set, for the overlap check against training data."""
    texts = [m.text for m in held_out()]
    texts += [m.text for messages in topic_sets().values() for m in messages]
    for alarm_set in alarm_sets():
        texts += [m.text for m in alarm_set.alarms + alarm_set.calm]
    return texts
