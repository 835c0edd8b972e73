"""A chat's incoming webhook for the tests: a real HTTP server on 127.0.0.1 (a free port) in
a thread, which records every post and answers as told (`status`, `delay`)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from kasane.notices.models import ChatStyle, ChatWebhook
from kasane.organizations.models import Organization

TOKEN = "T0KEN-secret-abcdef123456"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class ChatServer:
    port: int = 0
    status: int = 200
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def url(self, path: str = f"/hooks/{TOKEN}") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(server: ChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            server.received.append(Received(self.path, dict(self.headers), body))
            if server.delay:
                time.sleep(server.delay)
            self.send_response(server.status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    server = ChatServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()


def webhook(
    url: str, style: str = ChatStyle.SLACK, organization: Organization | None = None
) -> ChatWebhook:
    return ChatWebhook.objects.create(
        organization=organization or Organization.objects.get(name="こども家庭センター"),
        name=f"緊急連絡（{style}）",
        style=style,
        url=url,
        kinds=["urgent_consultation", "urgent_referral_overdue"],
    )
