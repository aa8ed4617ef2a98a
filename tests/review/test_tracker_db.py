"""Retention and reading on a real SQLite tracker store."""
import sqlite3
import threading
import time

import pytest

from rugpoli.tracker_db import (connect, conversations, delete_conversations_older_than,
                                tracker_store_url)

from .conftest import DAY, user


def test_url_comes_from_endpoints_file(filled_store, tmp_path):
    url = tracker_store_url(filled_store.endpoints_file(tmp_path))
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(filled_store.path)


def test_relative_sqlite_path_is_relative_to_the_project(tmp_path):
    path = tmp_path / "endpoints.yml"
    path.write_text('tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "var/tracker.db"\n')
    assert tracker_store_url(path).database.endswith("/var/tracker.db")


def test_non_sql_tracker_store_is_refused_clearly(tmp_path):
    path = tmp_path / "endpoints.yml"
    path.write_text("tracker_store:\n  type: redis\n")
    with pytest.raises(ValueError, match="not of type SQL"):
        tracker_store_url(path)


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no tracker store"):
        connect(f"sqlite:///{tmp_path / 'absent.db'}")


def test_conversations_are_read_in_order(filled_store):
    found = dict(conversations(connect(f"sqlite:///{filled_store.path}")))
    assert set(found) == {"old-patient", "unsure-patient", "alarm-patient", "fallback-patient",
                          "calm-patient"}
    texts = [e.get("text") for e in found["unsure-patient"] if e.get("event") == "user"]
    assert texts == ["mijn naam is Jan de Vries, bel me op 06-12345678", "wat is een hnp",
                     "dat hielp niet"]


def test_retention_deletes_only_conversations_older_than_the_limit(filled_store):
    engine = connect(f"sqlite:///{filled_store.path}")
    deleted = delete_conversations_older_than(engine, days=90)
    assert deleted == ["old-patient"]
    assert filled_store.events("old-patient") == []
    kept = [e.text for e in filled_store.events("unsure-patient") if getattr(e, "text", None)]
    assert len(kept) == 6
    assert delete_conversations_older_than(engine, days=90) == []


def test_a_patient_who_returns_keeps_the_whole_conversation(filled_store):
    filled_store.save("old-patient", [user("ik heb nog een vraag", "help", 0.9, time.time())])
    deleted = delete_conversations_older_than(connect(f"sqlite:///{filled_store.path}"), days=90)
    assert deleted == []
    assert len([e for e in filled_store.events("old-patient") if getattr(e, "text", None)]) == 3


def test_retention_waits_for_another_writer_and_loses_nothing(filled_store):
    """The assistant holds a write lock for a moment; retention waits, then completes."""
    blocker = sqlite3.connect(filled_store.path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("INSERT INTO events (sender_id, type_name, timestamp, data) "
                    "VALUES ('new-patient', 'user', ?, '{\"event\": \"user\", \"text\": \"hoi\"}')",
                    (time.time(),))
    release = threading.Timer(1.0, lambda: blocker.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    deleted = delete_conversations_older_than(connect(f"sqlite:///{filled_store.path}"), days=90)
    release.join()
    assert deleted == ["old-patient"]
    assert time.monotonic() - started >= 0.9
    rows = sqlite3.connect(filled_store.path).execute(
        "SELECT count(*) FROM events WHERE sender_id = 'new-patient'").fetchone()
    assert rows == (1,)


def test_retention_limit_is_in_days(filled_store):
    engine = connect(f"sqlite:///{filled_store.path}")
    now = time.time()
    assert delete_conversations_older_than(engine, days=200, now=now) == []
    assert delete_conversations_older_than(engine, days=119, now=now + DAY) == ["old-patient"]
