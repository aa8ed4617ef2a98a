"""Read-only access to the Rasa training data files: FAQ answers and NLU examples."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

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


NEAR_COPY_JACCARD = 0.8


def comparable(text: str) -> str:
    """Lower-case words only, so "MRI nodig?" and "mri nodig" compare equal."""
    return " ".join(re.findall(r"\w+", text.lower()))


def near_copies(texts: Iterable[str], others: Iterable[str],
                threshold: float = NEAR_COPY_JACCARD) -> dict[str, str]:
    """text -> the first of others that near_copy would name, for many texts at once. Prefix
    filtering: two word sets with Jaccard >= threshold share one of the rarest
    len - ceil(threshold * len) + 1 words of either, so only others holding one are compared."""
    import math
    from collections import defaultdict

    others = list(others)
    word_sets = [set(comparable(other).split()) for other in others]
    index: dict[str, list[int]] = defaultdict(list)
    for position, words in enumerate(word_sets):
        for word in words:
            index[word].append(position)
    found = {}
    for text in texts:
        words = set(comparable(text).split())
        rarest = sorted(words, key=lambda word: (len(index.get(word, ())), word))
        prefix = rarest[:len(words) - math.ceil(threshold * len(words)) + 1]
        candidates = sorted({p for word in prefix for p in index.get(word, ())})
        for position in candidates:
            union = words | word_sets[position]
            if comparable(others[position]) == comparable(text) or (
                    union and len(words & word_sets[position]) / len(union) >= threshold):
                found[text] = others[position]
                break
    return found


def near_copy(text: str, others: Iterable[str], threshold: float = NEAR_COPY_JACCARD) -> str | None:
    """The first of others that equals text or shares at least threshold of its words
    (Jaccard), else None. Keeps held-out messages from leaking into training data."""
    words = set(comparable(text).split())
    for other in others:
        other_words = set(comparable(other).split())
        union = words | other_words
        if comparable(other) == comparable(text) or (
                union and len(words & other_words) / len(union) >= threshold):
            return other
    return None
