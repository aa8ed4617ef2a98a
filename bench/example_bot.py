"""Rasa's example bot (`rasa init --no-prompt`), built in a scratch folder and served like the
assistant: one `rasa run` process, REST channel, SQLite tracker store, HTTP API with a token.
Its stories and rules use only responses, so it needs no action server."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rugpoli.local_service import Assistant

# Six turns the example bot understands (greet, mood_unhappy, affirm, bot_challenge, mood_great,
# goodbye); each gets at least one reply.
CONVERSATION = [
    "hello there",
    "I am feeling very sad",
    "yes",
    "are you a bot?",
    "I am great now",
    "goodbye",
]
PARSE_MESSAGES = CONVERSATION + ["good morning", "no way", "am I talking to a human?",
                                 "I am very happy today"]


def create(folder: Path, environment: dict[str, str], timeout: float = 900) -> Path:
    """`rasa init --no-prompt` into folder/example-bot (it trains a model too); returns the folder."""
    project = folder / "example-bot"
    project.mkdir(parents=True, exist_ok=True)
    log = folder / "example-init.log"
    with log.open("w") as handle:
        subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
                       cwd=project, stdout=handle, stderr=subprocess.STDOUT, env=environment,
                       check=True, timeout=timeout)
    return project


class ExampleBot(Assistant):
    """The example bot's Rasa server: its own endpoints.yml (SQLite tracker store, no action
    server) and credentials.yml (Rasa's stock REST channel) in folder."""

    def __init__(self, model: str, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        endpoints = folder / "endpoints.yml"
        endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n'
                             f'  db: "{folder / "tracker.db"}"\n')
        super().__init__(model, folder, endpoints=endpoints)
        self.credentials.write_text("rest:\n")
