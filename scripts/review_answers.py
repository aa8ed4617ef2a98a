"""Answer review book for nurses: every FAQ answer, its cited source passage, example questions
and whether it was reviewed (content/reviews.yml). Writes reports/review/answers.html.

  --mark imaging/scan_needed --by "naam"   records a review of one answer.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from rugpoli.answer_review import (CHANGED, REVIEWED, UNREVIEWED, AnswerEntry,  # noqa: E402
                                   answer_entries, mark_reviewed)
from rugpoli.html_page import badge, page, text  # noqa: E402

STATUS_STYLE = {REVIEWED: "ok", CHANGED: "alarm", UNREVIEWED: "warn"}


def render(entries: list[AnswerEntry]) -> str:
    counts = Counter(entry.status for entry in entries)
    summary = ", ".join(f"{status}: {counts.get(status, 0)}" for status in (UNREVIEWED, CHANGED, REVIEWED))
    parts = [f"<p>{text(len(entries))} antwoorden ({text(summary)}). Elk antwoord met de passage uit "
             "de bron waarop het rust en voorbeeldvragen die ertoe leiden.</p>"]
    topic = None
    for entry in entries:
        if entry.topic != topic:
            topic = entry.topic
            parts.append(f"<h2>{text(topic)}</h2>")
        status = entry.status
        if entry.reviewed_by:
            status += f" (door {entry.reviewed_by}, {entry.reviewed_on})"
        citations = "".join(
            f"<p class=\"meta\">Bron: {text(c.source)} — {text(c.section)}</p>"
            + (f"<blockquote>{text(c.passage)}</blockquote>" if c.passage
               else f"<p class=\"alarm\">{text(c.problem)}</p>")
            for c in entry.citations) or '<p class="alarm">Geen bron genoemd.</p>'
        examples = "".join(f"<li>{text(e)}</li>" for e in entry.examples)
        parts.append(f'<section id="{text(entry.name)}"><h3>{text(entry.name)} '
                     f"{badge(status, STATUS_STYLE[entry.status])}</h3>"
                     f'<p class="answer">{text(entry.body)}</p>{citations}'
                     f"<p>Voorbeeldvragen:</p><ul>{examples}</ul></section>")
    return page("Antwoorden van de rugpoli-assistent: controleboek", "".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(PROJECT / "reports" / "review" / "answers.html"))
    parser.add_argument("--mark", metavar="ANSWER", help="record a review of this answer")
    parser.add_argument("--by", default="", help="who reviewed it (with --mark)")
    args = parser.parse_args()
    if args.mark:
        try:
            entry = mark_reviewed(args.mark, args.by)
        except (KeyError, ValueError) as error:
            print(f"Not recorded: {error.args[0]}")
            return 1
        print(f"Recorded: {args.mark} reviewed by {entry['reviewed_by']} on {entry['date']}.")
        return 0
    entries = answer_entries()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(entries), encoding="utf-8")
    counts = Counter(entry.status for entry in entries)
    print(f"{len(entries)} answers: {counts.get(UNREVIEWED, 0)} not reviewed, "
          f"{counts.get(CHANGED, 0)} changed since review, {counts.get(REVIEWED, 0)} reviewed. Open {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
