"""The chat channels patients use (REST and socket.io), guarded so that a patient never gets
silence or an error page: empty and over-long messages get a polite note without being
processed, a turn that produced no reply at all (the action server is down, an exception)
gets the "storing" message with the switchboard number, and malformed REST requests get a clear
4xx. credentials.yml names these classes; the URLs stay those of Rasa's own channels.
"""
from __future__ import annotations

import json
import logging
import os
import re
import uuid
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request

from rugpoli.contact import load_directory
from rugpoli.content_files import load_content_file
from rugpoli import rasa_server
from rugpoli.settings import action_timeout_seconds

logger = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_CHARS = 2000
_SESSION_ID = re.compile(r"[A-Za-z0-9-]{16,128}")
DEFAULT_MAX_BODY_BYTES = 64 * 1024


def max_message_chars() -> int:
    return int(os.environ.get("RUGPOLI_MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS))


def max_body_bytes() -> int:
    return int(os.environ.get("RUGPOLI_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


@dataclass(frozen=True)
class ChannelMessages:
    empty: str
    too_long: str
    unavailable: str


def _templates(data: dict) -> ChannelMessages:
    return ChannelMessages(**{key: str(data[key]) for key in ("empty", "too_long", "unavailable")})


def load_messages(path: Optional[str] = None) -> ChannelMessages:
    """The channel's own replies, with the switchboard number and the length limit filled in."""
    templates = load_content_file(path, "channel_messages.yml", _templates)
    switchboard = load_directory().phones["switchboard"]
    values = {"phone": switchboard.number, "phone_name": switchboard.name,
              "max_chars": max_message_chars()}
    return ChannelMessages(empty=templates.empty.format(**values),
                           too_long=templates.too_long.format(**values),
                           unavailable=templates.unavailable.format(**values))


def rest_request_problem(body: bytes, max_bytes: int) -> Optional[tuple[int, str]]:
    """(HTTP status, reason) when a REST webhook request cannot be a patient's message."""
    if len(body) > max_bytes:
        return 413, f"request body larger than {max_bytes} bytes"
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return 400, "request body is not UTF-8"
    except ValueError:
        return 400, "request body is not valid JSON"
    if not isinstance(payload, dict):
        return 400, "request body must be a JSON object with 'sender' and 'message'"
    sender = payload.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > 255:
        return 400, "'sender' must be a non-empty string (at most 255 characters)"
    if not isinstance(payload.get("message"), str):
        return 400, "'message' must be a string"
    if payload.get("metadata") is not None and not isinstance(payload["metadata"], dict):
        return 400, "'metadata' must be an object"
    return None


class _CountingOutput(OutputChannel):
    """Passes every reply on to the real channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def _counted(method: Text) -> Callable[..., Awaitable[None]]:
    async def send(self: _CountingOutput, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await getattr(self.inner, method)(*args, **kwargs)

    return send


for _method in ("send_text_message", "send_text_with_buttons", "send_quick_replies",
                "send_custom_json", "send_image_url", "send_attachment", "send_elements"):
    setattr(_CountingOutput, _method, _counted(_method))


def guarded(on_new_message: Callable[[UserMessage], Awaitable[Any]]
            ) -> Callable[[UserMessage], Awaitable[None]]:
    async def handle(message: UserMessage) -> None:
        messages = load_messages()
        text = message.text or ""
        output = message.output_channel
        if not text.strip():
            await output.send_text_message(message.sender_id, messages.empty)
            return
        if len(text) > max_message_chars():
            await output.send_text_message(message.sender_id, messages.too_long)
            return
        counting = _CountingOutput(output)
        message.output_channel = counting
        try:
            await on_new_message(message)
        except Exception:  # the patient still gets an answer; the log has the details
            logger.exception("Message of %s could not be handled", message.sender_id)
        if counting.sent == 0:
            logger.error("No reply for %s (action server down?); sent the 'storing' message",
                         message.sender_id)
            await output.send_text_message(message.sender_id, messages.unavailable)

    return handle


class PatientRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rasa_server.configure(action_timeout_seconds())
        webhook = super().blueprint(guarded(on_new_message))

        @webhook.middleware("request")
        async def refuse_malformed(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            problem = rest_request_problem(request.body or b"", max_body_bytes())
            if problem:
                status, reason = problem
                return response.json({"error": reason}, status=status)
            return None

        return webhook


def valid_session_id(value: Any) -> Optional[Text]:
    """The widget's session id if it looks like one (random, 16-128 letters, digits, dashes)."""
    if isinstance(value, str) and _SESSION_ID.fullmatch(value):
        return value
    return None


class PatientSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rasa_server.configure(action_timeout_seconds())
        webhook = super().blueprint(guarded(on_new_message))
        sio = self.sio

        # Replaces Rasa 3.6's handler, which calls AsyncServer.enter_room without await: since
        # python-socketio 5.10 that is a coroutine, so the browser never joined its session's room
        # and got no replies. An id that is no random session id gets a fresh one.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            session_id = valid_session_id((data or {}).get("session_id")) or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        return webhook
