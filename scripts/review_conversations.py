"""Conversation review for nurses: the stored conversations worth a look, personal data masked.

Lists every conversation with an alarm symptom, negative feedback, a fallback or an unsure
prediction (confidence below --low-confidence), with the patient's messages (masked), the
predicted intents and confidences, the answers given and the times. Writes
reports/review/conversations.html and prints a summary.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from rugpoli.html_page import badge, page, table, text  # noqa: E402
from rugpoli.review import (REASONS, RED_FLAG, ConversationReview, review_conversation,  # noqa: E402
                            worth_a_look)
from rugpoli.tracker_db import connect, conversations, tracker_store_url  # noqa: E402


def load_reviews(endpoints: str | None, low_confidence: float) -> list[ConversationReview]:
    engine = connect(tracker_store_url(endpoints))
    return worth_a_look(review_conversation(sender, events, low_confidence)
                        for sender, events in conversations(engine))


def render(reviews: list[ConversationReview]) -> str:
    counts = {reason: sum(reason in r.reasons for r in reviews) for reason in REASONS}
    summary = table(["Reden", "Gesprekken"], [[text(k), text(v)] for k, v in counts.items()])
    sections = []
    for review in reviews:
        reasons = "".join(badge(r, "alarm" if r == RED_FLAG else "warn") for r in review.reasons)
        rows = []
        for turn in review.turns:
            prediction = ""
            if turn.speaker == "patient":
                confidence = "" if turn.confidence is None else f" ({turn.confidence:.2f})"
                prediction = text(f"{turn.intent}{confidence}")
                if turn.answer:
                    prediction += "<br>" + text(f"antwoord: {turn.answer}")
            rows.append([text(turn.time), text("patiënt" if turn.speaker == "patient" else "assistent"),
                         f'<div class="answer">{text(turn.text)}</div>', prediction,
                         "".join(badge(r, "alarm" if r == RED_FLAG else "warn") for r in turn.reasons)])
        sections.append(f"<section><h2>{text(review.conversation)}</h2>"
                        f'<p class="meta">Begonnen {text(review.started)} {reasons}</p>'
                        + table(["Tijd", "Wie", "Bericht", "Herkend (zekerheid)", "Let op"], rows)
                        + "</section>")
    intro = ("<p>Persoonsgegevens (telefoonnummers, e-mailadressen, BSN, geboortedata, postcodes, "
             "namen) zijn vervangen door [telefoonnummer], [naam] enzovoort.</p>")
    body = intro + summary + ("".join(sections) or "<p>Geen gesprekken om na te kijken.</p>")
    return page(f"Gesprekken om na te kijken ({len(reviews)})", body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoints", default=None, help="endpoints.yml naming the tracker store")
    parser.add_argument("--low-confidence", type=float, default=0.5)
    parser.add_argument("--out", default=str(PROJECT / "reports" / "review" / "conversations.html"))
    args = parser.parse_args()
    try:
        reviews = load_reviews(args.endpoints, args.low_confidence)
    except FileNotFoundError as error:
        print(f"Nothing to review: {error}")
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(reviews), encoding="utf-8")
    counts = ", ".join(f"{reason}: {sum(reason in r.reasons for r in reviews)}" for reason in REASONS)
    print(f"{len(reviews)} conversations worth a look ({counts}). Open {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
