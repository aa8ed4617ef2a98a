"""A real assistant on this machine for service tests and benchmarks: the action server and the
Rasa server (channels from credentials.yml, HTTP API with an auth token, SQLite tracker store in a
folder of its own) as separate processes that can be stopped and started again."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from rugpoli.settings import PROJECT_ROOT as PROJECT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{url}: process exited; last lines of {log}:\n"
                                   + "\n".join(log.read_text(errors="replace").splitlines()[-20:]))
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"{url} not up within {timeout:.0f} s; see {log}")


class Assistant:
    def __init__(self, model: str, folder: Path, endpoints: Path | None = None,
                 environment: dict[str, str] | None = None, cors: list[str] | None = None) -> None:
        """Without endpoints: its own SQLite tracker store in folder. With endpoints (e.g.
        deploy/endpoints.production.yml): those, with RUGPOLI_ACTION_ENDPOINT_URL set to this
        instance's action server and the other values from environment."""
        self.model, self.folder, self.cors = model, folder, cors or []
        folder.mkdir(parents=True, exist_ok=True)
        self.actions_port, self.rasa_port = free_port(), free_port()
        self.token = secrets.token_hex(12)
        self.database = folder / "tracker.db"
        self.environment = {**os.environ, **(environment or {}),
                            "RUGPOLI_ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.actions_port}/webhook"}
        self.endpoints = endpoints or folder / "endpoints.yml"
        if endpoints is None:
            self.endpoints.write_text(
                f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
                f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.database}"\n')
        self.credentials = folder / "credentials.yml"
        shutil.copy(PROJECT / "credentials.yml", self.credentials)
        self.actions: subprocess.Popen | None = None
        self.rasa: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.rasa_port}"

    def start_actions(self) -> None:
        log = self.folder / "actions.log"
        self.actions = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            cwd=PROJECT, stdout=log.open("a"), stderr=subprocess.STDOUT, env=self.environment)
        wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", self.actions, log, 60)

    def stop_actions(self) -> None:
        if self.actions and self.actions.poll() is None:
            self.actions.kill()
            self.actions.wait(timeout=10)

    def start_rasa(self) -> None:
        log = self.folder / "rasa.log"
        self.rasa = subprocess.Popen(
            [sys.executable, "-m", "rasa", "run", "--model", self.model, "--port", str(self.rasa_port),
             "--endpoints", str(self.endpoints), "--credentials", str(self.credentials),
             "--enable-api", "--auth-token", self.token]
            + (["--cors", *self.cors] if self.cors else []),
            cwd=PROJECT, stdout=log.open("a"), stderr=subprocess.STDOUT, env=self.environment)
        wait_until_up(f"{self.url}/", self.rasa, log, 180)

    def stop_rasa(self) -> None:
        if self.rasa and self.rasa.poll() is None:
            self.rasa.terminate()
            try:
                self.rasa.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.rasa.kill()
                self.rasa.wait(timeout=10)

    def request(self, path: str, body: bytes | None = None, method: str = "POST",
                timeout: float = 60) -> tuple[int, Any]:
        request = urllib.request.Request(f"{self.url}{path}", data=body, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                status, raw = reply.status, reply.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw or b"null")
        except ValueError:
            return status, raw.decode("utf-8", "replace")

    def post_rest(self, payload: Any) -> tuple[int, Any]:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        return self.request("/webhooks/rest/webhook", body)

    def say(self, sender: str, text: str) -> str:
        status, replies = self.post_rest({"sender": sender, "message": text})
        assert status == 200, (status, replies)
        return "\n".join(reply.get("text", "") for reply in replies)

    def user_texts(self, sender: str) -> list[str]:
        status, tracker = self.request(f"/conversations/{sender}/tracker?token={self.token}",
                                       method="GET")
        assert status == 200, (status, tracker)
        return [event.get("text") for event in tracker["events"] if event["event"] == "user"]
