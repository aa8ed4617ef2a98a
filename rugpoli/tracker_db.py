"""Direct, read-mostly access to Rasa's SQL tracker store (the `events` table) for the nurses'
review and the retention job. The database is the one endpoints.yml names, so the same code
works on the embedded SQLite file and on PostgreSQL.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine, URL

from rugpoli.settings import PROJECT_ROOT

# How long a statement waits for another writer (the running assistant) before it fails.
LOCK_TIMEOUT_SECONDS = 30


def _expand(value: Any) -> Any:
    import os

    return os.path.expandvars(value) if isinstance(value, str) else value


def tracker_store_url(endpoints: Path | str | None = None) -> URL:
    """SQLAlchemy URL of the tracker store configured in endpoints.yml (type SQL)."""
    path = Path(endpoints or PROJECT_ROOT / "endpoints.yml")
    config = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("tracker_store") or {}
    if str(config.get("type", "")).upper() != "SQL":
        raise ValueError(f"{path}: the tracker store is not of type SQL, so it cannot be reviewed")
    config = {key: _expand(value) for key, value in config.items()}
    dialect = config.get("dialect") or "sqlite"
    if dialect == "sqlite":
        database = Path(config.get("db") or "rasa.db")
        if not database.is_absolute():
            database = PROJECT_ROOT / database
        return URL.create("sqlite", database=str(database))
    return URL.create(dialect, username=config.get("username"), password=config.get("password"),
                      host=config.get("url"), port=int(config["port"]) if config.get("port") else None,
                      database=config.get("db"))


def connect(url: URL | str) -> Engine:
    url = sa.engine.make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        if url.database and not Path(url.database).exists():
            raise FileNotFoundError(f"no tracker store at {url.database} (no conversation yet?)")
        return sa.create_engine(url, connect_args={"timeout": LOCK_TIMEOUT_SECONDS})
    return sa.create_engine(url, connect_args={"options": f"-c lock_timeout={LOCK_TIMEOUT_SECONDS}s"})


def _events_table(engine: Engine) -> sa.Table:
    return sa.Table("events", sa.MetaData(), autoload_with=engine)


def conversations(engine: Engine) -> Iterator[tuple[str, list[dict]]]:
    """(sender id, events in stored order) for every conversation, oldest activity first."""
    events = _events_table(engine)
    with engine.connect() as connection:
        last_seen = (sa.select(events.c.sender_id, sa.func.max(events.c.timestamp).label("last"))
                     .group_by(events.c.sender_id).order_by("last"))
        senders = [row.sender_id for row in connection.execute(last_seen)]
        for sender in senders:
            rows = connection.execute(sa.select(events.c.data).where(events.c.sender_id == sender)
                                      .order_by(events.c.id))
            yield sender, [json.loads(row.data) for row in rows]


def delete_conversations_older_than(engine: Engine, days: float, now: float | None = None) -> list[str]:
    """Deletes every conversation whose latest event is more than `days` old; returns their ids.

    Each conversation goes in one statement that re-checks its age, so a patient who writes
    again while the job runs keeps the conversation, and the assistant's own writes wait for at
    most one small delete.
    """
    cutoff = (time.time() if now is None else now) - days * 86400
    events = _events_table(engine)
    with engine.connect() as connection:
        stale = [row.sender_id for row in connection.execute(
            sa.select(events.c.sender_id).group_by(events.c.sender_id)
            .having(sa.func.max(events.c.timestamp) < cutoff))]
    deleted = []
    for sender in stale:
        later = events.alias("later")
        recent = sa.exists().where(sa.and_(later.c.sender_id == sender,
                                           later.c.timestamp >= cutoff))
        with engine.begin() as connection:
            result = connection.execute(
                sa.delete(events).where(sa.and_(events.c.sender_id == sender, ~recent)))
        if result.rowcount:
            deleted.append(sender)
    return deleted
