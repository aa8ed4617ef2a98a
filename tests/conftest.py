"""Shared fixtures: tracker factory (as in financial-demo), project paths, and for tests marked
``model`` a trained model (RUGPOLI_MODEL, or trained into a temporary folder), a real action
server on a free port and a Rasa Agent talking to it."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker

from rugpoli.local_service import free_port, wait_until_up
from rugpoli.settings import sources_dir

PROJECT = Path(__file__).resolve().parent.parent


def make_tracker(text: str = "", intent: str = "contact", entities: Iterable[Dict[str, Any]] = (),
                 slots: Optional[Dict[str, Any]] = None) -> Tracker:
    return Tracker(
        sender_id="test-patient",
        slots=dict(slots or {}),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": list(entities)},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def tracker_for():
    return make_tracker


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    folder = sources_dir()
    if not folder.is_dir():
        pytest.skip(f"source documents not found in {folder} (set RUGPOLI_SOURCES_DIR); "
                    "this check needs them and is skipped, not passed")
    return folder


# ------------------------------------------------------------------ model fixtures

@pytest.fixture(scope="session")
def trained_model(tmp_path_factory) -> str:
    reuse = os.environ.get("RUGPOLI_MODEL")
    if reuse and Path(reuse).is_file():
        return reuse
    out = tmp_path_factory.mktemp("model")
    log = out / "train.log"
    with log.open("w") as handle:
        subprocess.run([sys.executable, "-m", "rasa", "train", "--out", str(out),
                        "--fixed-model-name", "rugpoli"], cwd=PROJECT, stdout=handle,
                       stderr=subprocess.STDOUT, check=True,
                       env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return str(out / "rugpoli.tar.gz")


@pytest.fixture(scope="session")
def action_server_url(tmp_path_factory) -> str:
    port = free_port()
    log_path = tmp_path_factory.mktemp("actions") / "actions.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT)
    wait_until_up(f"http://127.0.0.1:{port}/health", process, log_path, timeout=60)
    yield f"http://127.0.0.1:{port}/webhook"
    process.terminate()
    process.wait(timeout=10)
    log.close()


class Conversation:
    """One patient's conversation with the real agent; say() returns the bot's replies."""

    def __init__(self, agent, sender_id: str):
        self._agent = agent
        self.sender_id = sender_id

    def say(self, text: str) -> List[Dict[str, Any]]:
        return asyncio.get_event_loop().run_until_complete(
            self._agent.handle_text(text, sender_id=self.sender_id))

    def texts(self, text: str) -> str:
        return "\n".join(reply.get("text", "") for reply in self.say(text))

    def tracker(self):
        return asyncio.get_event_loop().run_until_complete(
            self._agent.tracker_store.retrieve(self.sender_id))


@pytest.fixture(scope="session")
def agent(trained_model, action_server_url):
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    asyncio.set_event_loop(asyncio.new_event_loop())
    return Agent.load(trained_model, action_endpoint=EndpointConfig(url=action_server_url))


@pytest.fixture
def conversation(agent, request):
    return Conversation(agent, sender_id=f"test-{request.node.name}")
