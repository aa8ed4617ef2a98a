"""Which stored conversations nurses should look at, and what they see of them (masked)."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable

from rugpoli.privacy import PrivacyRules, load_rules, mask
from rugpoli.red_flags import urgency_of

LOW_CONFIDENCE = "onzeker"
FALLBACK = "niet begrepen"
NEGATIVE_FEEDBACK = "antwoord hielp niet"
RED_FLAG = "alarmsymptoom"
REASONS = (RED_FLAG, NEGATIVE_FEEDBACK, FALLBACK, LOW_CONFIDENCE)

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = {"action_default_fallback", "utter_default"}
NOT_HELPFUL_INTENT = "answer_not_helpful"


@dataclass(frozen=True)
class Turn:
    timestamp: float
    speaker: str  # "patient" or "assistant"
    text: str
    intent: str | None = None
    confidence: float | None = None
    answer: str | None = None  # the FAQ sub-answer chosen, e.g. imaging/scan_needed
    reasons: tuple[str, ...] = ()

    @property
    def time(self) -> str:
        return format_time(self.timestamp)


@dataclass
class ConversationReview:
    conversation: str  # a pseudonym of the sender id, stable across runs
    turns: list[Turn] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        found = {reason for turn in self.turns for reason in turn.reasons}
        return [reason for reason in REASONS if reason in found]

    @property
    def started(self) -> str:
        return self.turns[0].time if self.turns else ""

    @property
    def last(self) -> float:
        return self.turns[-1].timestamp if self.turns else 0.0


def format_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def pseudonym(sender_id: str) -> str:
    """Sender ids may be guessable or personal (a phone number on another channel)."""
    return "gesprek-" + hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:10]


def _patient_turn(event: dict, low_confidence: float, rules: PrivacyRules) -> Turn:
    parse = event.get("parse_data") or {}
    intent = (parse.get("intent") or {}).get("name")
    confidence = (parse.get("intent") or {}).get("confidence")
    selector = ((parse.get("response_selector") or {}).get("default") or {}).get("response") or {}
    reasons = []
    if urgency_of(intent):
        reasons.append(RED_FLAG)
    if intent == NOT_HELPFUL_INTENT:
        reasons.append(NEGATIVE_FEEDBACK)
    if intent == FALLBACK_INTENT:
        reasons.append(FALLBACK)
    elif confidence is not None and confidence < low_confidence:
        reasons.append(LOW_CONFIDENCE)
    key = selector.get("intent_response_key")
    answer = key if key and intent and key.startswith(intent + "/") else None
    return Turn(timestamp=event.get("timestamp") or 0.0, speaker="patient",
                text=mask(event.get("text") or "", rules), intent=intent,
                confidence=confidence, answer=answer, reasons=tuple(reasons))


def review_conversation(sender_id: str, events: Iterable[dict], low_confidence: float = 0.5,
                        rules: PrivacyRules | None = None) -> ConversationReview:
    """The patient's messages (masked) with intents and confidences, and the assistant's replies."""
    rules = rules or load_rules()
    review = ConversationReview(conversation=pseudonym(sender_id))
    for event in events:
        kind = event.get("event")
        if kind == "user":
            review.turns.append(_patient_turn(event, low_confidence, rules))
        elif kind == "bot" and (event.get("text") or "").strip():
            review.turns.append(Turn(timestamp=event.get("timestamp") or 0.0, speaker="assistant",
                                     text=event["text"]))
        elif kind == "action" and event.get("name") in FALLBACK_ACTIONS and review.turns:
            last = review.turns[-1]
            if FALLBACK not in last.reasons:
                review.turns[-1] = dataclasses.replace(last, reasons=last.reasons + (FALLBACK,))
    return review


def worth_a_look(reviews: Iterable[ConversationReview]) -> list[ConversationReview]:
    """Conversations with at least one reason, most recent first."""
    return sorted((r for r in reviews if r.reasons), key=lambda r: r.last, reverse=True)
