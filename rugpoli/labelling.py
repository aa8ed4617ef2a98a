"""Retraining loop: patient messages from the conversation review go to a labelling file, the
content team fills in the right intent, and the labelled rows are merged into data/nlu/."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from rugpoli.review import FALLBACK, LOW_CONFIDENCE, NEGATIVE_FEEDBACK, ConversationReview
from rugpoli.settings import PROJECT_ROOT
from rugpoli.training_data import comparable, data_files, examples, near_copy, nlu_examples

COLUMNS = ["message", "predicted_intent", "confidence", "reason", "conversation", "intent"]
DELIMITER = ";"  # what Dutch spreadsheet programs expect


def rows_to_label(reviews: Iterable[ConversationReview]) -> list[dict[str, str]]:
    """The patient messages the assistant was unsure of, fell back on, or answered unhelpfully
    (the message before "dat hielp niet"); texts are already masked by the review."""
    rows, seen = [], set()
    for review in reviews:
        patient_turns = [t for t in review.turns if t.speaker == "patient"]
        for index, turn in enumerate(patient_turns):
            reason = next((r for r in (FALLBACK, LOW_CONFIDENCE) if r in turn.reasons), None)
            following = patient_turns[index + 1] if index + 1 < len(patient_turns) else None
            if reason is None and following and NEGATIVE_FEEDBACK in following.reasons:
                reason = NEGATIVE_FEEDBACK
            if reason is None or turn.text.startswith("/") or comparable(turn.text) in seen:
                continue
            seen.add(comparable(turn.text))
            predicted = turn.answer or turn.intent or ""
            confidence = "" if turn.confidence is None else f"{turn.confidence:.2f}"
            rows.append({"message": turn.text, "predicted_intent": predicted,
                         "confidence": confidence, "reason": reason,
                         "conversation": review.conversation, "intent": ""})
    return rows


def write_labelling_file(rows: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=DELIMITER)
        writer.writeheader()
        writer.writerows(rows)


def read_labelling_file(path: Path) -> list[dict[str, str]]:
    """Rows of a labelling file saved by a spreadsheet program (";" or "," separated)."""
    content = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(content.splitlines()[0] if content else "", delimiters=";,\t")
    reader = csv.DictReader(io.StringIO(content), dialect=dialect)
    missing = {"message", "intent"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return [{key: (value or "").strip() for key, value in row.items() if key} for row in reader]


def known_intents(domain: Path | None = None, data: Path | None = None) -> set[str]:
    """Intents a message can be labelled with: every sub-question of an FAQ topic
    (imaging/scan_needed) and every other intent of the domain; a bare FAQ topic is not enough,
    since the answer belongs to a sub-question."""
    domain_intents = yaml.safe_load(Path(domain or PROJECT_ROOT / "domain.yml")
                                    .read_text(encoding="utf-8")).get("intents") or []
    names = {i if isinstance(i, str) else next(iter(i)) for i in domain_intents}
    trained = {intent for intent, _ in nlu_examples(data)}
    topics = {intent.split("/")[0] for intent in trained if "/" in intent}
    return (names - topics) | {intent for intent in trained if "/" in intent}


@dataclass
class MergeResult:
    added: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    held_out: list[str] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    unlabelled: int = 0


def _clean(message: str) -> str:
    return re.sub(r"\s+", " ", message).strip()


def plan_merge(rows: list[dict[str, str]], known: set[str], training: list[str],
               held_out: list[str]) -> MergeResult:
    result = MergeResult()
    seen = {comparable(text) for text in training}
    for row in rows:
        intent, message = row.get("intent", ""), _clean(row.get("message", ""))
        if not intent or not message:
            result.unlabelled += 1
        elif intent not in known:
            result.unknown.append((message, intent))
        elif comparable(message) in seen:
            result.duplicates.append(message)
        elif near_copy(message, held_out) is not None:
            result.held_out.append(message)
        else:
            seen.add(comparable(message))
            result.added.append((intent, message))
    return result


def _intent_block_end(lines: list[str], intent: str) -> tuple[int, str] | None:
    """(index after the last example of intent's block, the examples' indentation)."""
    header = re.compile(r"^(\s*)- intent:\s*" + re.escape(intent) + r"\s*$")
    for index, line in enumerate(lines):
        found = header.match(line)
        if not found:
            continue
        base = len(found.group(1))
        last, indent = None, None
        for position in range(index + 1, len(lines)):
            current = lines[position]
            if current.strip() and len(current) - len(current.lstrip()) <= base:
                break
            if current.lstrip().startswith("- "):
                last, indent = position, current[: len(current) - len(current.lstrip())]
        if last is not None:
            return last + 1, indent
    return None


def apply_merge(added: list[tuple[str, str]], folder: Path | None = None) -> dict[Path, int]:
    """Appends each (intent, message) to the examples of that intent in data/nlu/."""
    files = data_files(Path(folder or PROJECT_ROOT / "data") / "nlu")
    written: dict[Path, int] = {}
    for intent, message in added:
        for path in files:
            lines = path.read_text(encoding="utf-8").splitlines()
            place = _intent_block_end(lines, intent)
            if place is None:
                continue
            position, indent = place
            lines.insert(position, f"{indent}- {message}")
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            written[path] = written.get(path, 0) + 1
            break
        else:
            raise ValueError(f"no examples block for intent {intent} in data/nlu")
    return written


def held_out_texts(folder: Path | None = None) -> list[str]:
    return [text for path in sorted(Path(folder or PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))
            for _, text in examples(path)]
