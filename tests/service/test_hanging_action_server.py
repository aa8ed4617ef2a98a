"""Alarm advice never waits on the action server: with an action server that accepts connections
and never answers, and with none at all, an alarm message gets its triage advice in time."""
import socket
import threading
import time

import pytest

from rugpoli.local_service import Assistant

pytestmark = pytest.mark.model

ALARMS = {
    "ik kan sinds vanochtend niet meer plassen": ("huisartsenpost", "112"),
    "ik ben gisteren van de trap gevallen en mijn rug doet zeer": ("vandaag", "huisartsenpost"),
    "ik heb vroeger borstkanker gehad en nu rugpijn": ("afspraak", "huisarts"),
}


class SilentServer:
    """Accepts TCP connections on a port and never replies: a hanging action server."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        self.sock.settimeout(0.5)
        self.connections: list[socket.socket] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                self.connections.append(self.sock.accept()[0])
            except OSError:
                continue

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.sock.close()


@pytest.fixture(scope="module")
def assistant_without_actions(trained_model, tmp_path_factory):
    service = Assistant(trained_model, tmp_path_factory.mktemp("hanging"),
                        environment={"RUGPOLI_ACTION_TIMEOUT_SECONDS": "3"})
    silent = SilentServer(service.actions_port)
    try:
        service.start_rasa()
        yield service, silent
    finally:
        service.stop_rasa()
        silent.close()


@pytest.mark.parametrize("text,expected", ALARMS.items())
def test_alarm_advice_arrives_within_ten_seconds_while_the_action_server_hangs(
        assistant_without_actions, text, expected):
    service, _ = assistant_without_actions
    started = time.monotonic()
    reply = service.say(f"hang-{abs(hash(text))}", text)
    elapsed = time.monotonic() - started
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert "Bron: NHG-Standaard Lage rugpijn" in reply
    for word in expected:
        assert word in reply


def test_alarm_advice_arrives_when_no_action_server_listens(assistant_without_actions):
    service, silent = assistant_without_actions
    silent.close()
    started = time.monotonic()
    reply = service.say("no-actions", "mijn billen en mijn kruis voelen doof")
    assert time.monotonic() - started < 10
    assert "huisartsenpost" in reply and "112" in reply
