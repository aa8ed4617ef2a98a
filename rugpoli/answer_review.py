"""The nurses' answer review book: every FAQ answer with its source passage, example questions
and review status (content/reviews.yml)."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from rugpoli.settings import content_dir
from rugpoli.sources import Source, SourceError, load_sources, passage, source_by_short, split_citation
from rugpoli.training_data import faq_answers, nlu_examples

UNREVIEWED = "niet nagekeken"
REVIEWED = "nagekeken"
CHANGED = "gewijzigd na controle"


def fingerprint(answer: str) -> str:
    return hashlib.sha256(answer.strip().encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Citation:
    source: str
    section: str
    passage: str  # empty when the source text is not available
    problem: str | None = None


@dataclass(frozen=True)
class AnswerEntry:
    name: str  # imaging/scan_needed
    body: str
    citations: tuple[Citation, ...]
    examples: tuple[str, ...]
    status: str
    reviewed_by: str | None
    reviewed_on: str | None

    @property
    def topic(self) -> str:
        return self.name.split("/")[0]


def reviews_path() -> Path:
    return content_dir() / "reviews.yml"


def load_reviews(path: Path | None = None) -> dict[str, dict]:
    data = yaml.safe_load(Path(path or reviews_path()).read_text(encoding="utf-8")) or {}
    return data.get("reviews") or {}


def _citation(short: str, section: str, sources: dict[str, Source], folder: Path | None) -> Citation:
    source = source_by_short(sources, short)
    if source is None:
        return Citation(short, section, "", f"bron {short!r} staat niet in content/sources.yml")
    try:
        return Citation(source.title, section, passage(source, section, folder).strip())
    except (SourceError, OSError) as error:
        return Citation(source.title, section, "", f"passage niet te lezen: {error}")


def review_status(answer: str, review: dict | None) -> str:
    if not review:
        return UNREVIEWED
    return REVIEWED if review.get("answer_hash") == fingerprint(answer) else CHANGED


def answer_entries(folder: Path | None = None, reviews: dict[str, dict] | None = None,
                   examples_per_answer: int = 3) -> list[AnswerEntry]:
    sources = load_sources()
    reviews = load_reviews() if reviews is None else reviews
    examples: dict[str, list[str]] = {}
    for intent, text in nlu_examples():
        examples.setdefault(intent, []).append(text)
    entries = []
    for response, answer in sorted(faq_answers().items()):
        name = response[len("utter_"):]
        body, citations = split_citation(answer)
        review = reviews.get(name)
        entries.append(AnswerEntry(
            name=name, body=body,
            citations=tuple(_citation(short, section, sources, folder) for short, section in citations),
            examples=tuple(examples.get(name, [])[:examples_per_answer]),
            status=review_status(answer, review),
            reviewed_by=(review or {}).get("reviewed_by"),
            reviewed_on=str((review or {}).get("date")) if review else None))
    return entries


def mark_reviewed(name: str, reviewer: str, path: Path | None = None,
                  today: dt.date | None = None) -> dict:
    """Records that `reviewer` checked answer `name` today, with the answer's fingerprint."""
    answers = faq_answers()
    if f"utter_{name}" not in answers:
        raise KeyError(f"no answer {name!r}; answers look like imaging/scan_needed")
    if not reviewer.strip():
        raise ValueError("say who reviewed the answer")
    path = Path(path or reviews_path())
    text = path.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    reviews = load_reviews(path)
    entry = {"reviewed_by": reviewer.strip(), "date": (today or dt.date.today()).isoformat(),
             "answer_hash": fingerprint(answers[f"utter_{name}"])}
    reviews[name] = entry
    body = yaml.safe_dump({"reviews": dict(sorted(reviews.items()))}, allow_unicode=True,
                          sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")
    return entry
