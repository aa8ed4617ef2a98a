"""Retraining loop for the content team.

  export  writes the messages from the conversation review (unsure, not understood, answer did
          not help; personal data masked) to a labelling file (CSV, opens in a spreadsheet).
  merge   adds the rows whose "intent" column is filled in to data/nlu/: unknown intents stop
          the merge, duplicates and (near) copies of the held-out test set are skipped.
Then: make validate gate (see docs/CONTENT.md).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from rugpoli.labelling import (apply_merge, held_out_texts, known_intents, plan_merge,  # noqa: E402
                               read_labelling_file, rows_to_label, write_labelling_file)
from rugpoli.review import review_conversation, worth_a_look  # noqa: E402
from rugpoli.tracker_db import connect, conversations, tracker_store_url  # noqa: E402
from rugpoli.training_data import nlu_examples  # noqa: E402

DEFAULT_FILE = PROJECT / "reports" / "labelling.csv"


def export(args: argparse.Namespace) -> int:
    try:
        engine = connect(tracker_store_url(args.endpoints))
    except FileNotFoundError as error:
        print(f"Nothing to export: {error}")
        return 0
    reviews = worth_a_look(review_conversation(sender, events, args.low_confidence)
                           for sender, events in conversations(engine))
    rows = rows_to_label(reviews)
    write_labelling_file(rows, Path(args.file))
    print(f"{len(rows)} messages to label in {args.file}: fill in the column 'intent' "
          "(e.g. imaging/scan_needed, contact, out_of_scope), then run: make labels-merge")
    return 0


def merge(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        print(f"No labelling file at {path}; run: make labels-export")
        return 1
    try:
        rows = read_labelling_file(path)
    except ValueError as error:
        print(f"Cannot read {path}: {error}")
        return 1
    known = known_intents()
    result = plan_merge(rows, known, [t for _, t in nlu_examples()], held_out_texts())
    if result.unknown:
        print("Nothing merged: these rows name an intent that does not exist "
              "(an FAQ topic needs its sub-question, e.g. imaging/scan_needed):")
        for message, intent in result.unknown:
            print(f"  {intent!r}: {message}")
        return 1
    written = apply_merge(result.added)
    print(f"Added {len(result.added)} examples "
          f"({', '.join(f'{p.name}: {n}' for p, n in sorted(written.items())) or 'none'}); "
          f"skipped {len(result.duplicates)} already in the training data, "
          f"{len(result.held_out)} (near) copies of the held-out test set, "
          f"{result.unlabelled} rows without an intent.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write the labelling file")
    out.add_argument("--file", default=str(DEFAULT_FILE))
    out.add_argument("--endpoints", default=None)
    out.add_argument("--low-confidence", type=float, default=0.5)
    into = commands.add_parser("merge", help="merge a filled-in labelling file into data/nlu")
    into.add_argument("--file", default=str(DEFAULT_FILE))
    args = parser.parse_args()
    return export(args) if args.command == "export" else merge(args)


if __name__ == "__main__":
    sys.exit(main())
