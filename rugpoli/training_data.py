"""Read-only access to the Rasa training data files: FAQ answers and NLU examples."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import yaml

from rugpoli.settings import PROJECT_ROOT


def data_files(folder: Path | None = None) -> list[Path]:
    return sorted(Path(folder or PROJECT_ROOT / "data").rglob("*.yml"))


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def faq_answers(folder: Path | None = None) -> dict[str, str]:
    """utter_<intent>/<sub_intent> -> answer text, for every retrieval answer in data/nlu."""
    answers = {}
    for path in data_files(Path(folder or PROJECT_ROOT / "data") / "nlu"):
        for name, variations in (_load(path).get("responses") or {}).items():
            answers[name] = variations[0]["text"]
    return answers


def examples(path: Path) -> Iterator[tuple[str, str]]:
    """(intent, example text) pairs of an NLU file, entity annotations removed."""
    import re

    annotation = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")
    for item in _load(path).get("nlu") or []:
        if "intent" not in item:
            continue
        for line in item["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield item["intent"], annotation.sub(lambda m: m.group(1) or m.group(2), line[2:])


def nlu_examples(folder: Path | None = None) -> list[tuple[str, str]]:
    return [pair for path in data_files(Path(folder or PROJECT_ROOT / "data") / "nlu")
            for pair in examples(path)]
