"""Settings from the environment, with defaults that work from a fresh clone."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def content_dir() -> Path:
    """Folder with the content team's data files (red flags, contact details, sources)."""
    return Path(os.environ.get("RUGPOLI_CONTENT_DIR", PROJECT_ROOT / "content"))


def sources_dir() -> Path:
    """Folder with the source documents the answers rest on (../shared/seeds in this checkout)."""
    default = PROJECT_ROOT.parent / "shared" / "seeds"
    return Path(os.environ.get("RUGPOLI_SOURCES_DIR", default))


def timezone_name() -> str:
    return os.environ.get("RUGPOLI_TIMEZONE", "Europe/Amsterdam")


DEFAULT_ACTION_TIMEOUT_SECONDS = 5.0


def action_timeout_seconds() -> float:
    """How long the Rasa server waits for the action server before it goes on without it."""
    return float(os.environ.get("RUGPOLI_ACTION_TIMEOUT_SECONDS", DEFAULT_ACTION_TIMEOUT_SECONDS))
