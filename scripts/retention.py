"""Deletes conversations whose latest message is older than a number of days (default 90, or
RUGPOLI_RETENTION_DAYS) from the tracker store that endpoints.yml names. Safe to run while the
assistant serves patients: each conversation goes in one short statement that re-checks its age.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from rugpoli.tracker_db import connect, delete_conversations_older_than, tracker_store_url  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=float,
                        default=float(os.environ.get("RUGPOLI_RETENTION_DAYS", "90")))
    parser.add_argument("--endpoints", default=None, help="endpoints.yml naming the tracker store")
    args = parser.parse_args()
    if args.days <= 0:
        parser.error("--days must be more than 0")
    try:
        engine = connect(tracker_store_url(args.endpoints))
    except FileNotFoundError as error:
        print(f"Nothing to delete: {error}")
        return 0
    deleted = delete_conversations_older_than(engine, args.days)
    print(f"Deleted {len(deleted)} conversations older than {args.days:g} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
