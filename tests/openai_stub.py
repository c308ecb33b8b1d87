"""A real HTTP server speaking the OpenAI chat-completions protocol, for tests.

The server runs in a thread on 127.0.0.1 (port 0, so the OS picks one) for the whole
session; each test gets it reset, queues the replies it wants (``enqueue_json``,
``enqueue_content``, ``enqueue_tool_call``, ``enqueue_error``, or ``enqueue_script``: a
reply worked out from the request, as a model that reads its tool results would) and
reads back what the client sent (``requests``). A request with nothing queued gets HTTP 500, so a test that
asks more often than it planned fails loudly.

Fixtures (import them into a test module): ``openai_stub_server`` (session),
``openai_stub`` (reset per test, env ``OPENAI_BASE_URL`` pointing at it) and
``loopback_only`` (any socket connection to anything but loopback raises).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass(frozen=True)
class _Reply:
    status: int
    payload: dict[str, Any]
    script: Callable[[dict[str, Any]], Any] | None = None


@dataclass
class OpenAIStub:
    """Queued replies and recorded requests; the handler reads and writes these."""

    host: str = "127.0.0.1"
    port: int = 0
    requests: list[RecordedRequest] = field(default_factory=list)
    _queue: deque[_Reply] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._queue.clear()

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    # --- scripting -----------------------------------------------------------------

    def enqueue_content(self, content: str, *, model: str = "test-model") -> None:
        """A reply whose assistant message content is ``content`` (JSON or not)."""
        message = {"role": "assistant", "content": content}
        self._push(200, _completion(message, model))

    def enqueue_json(self, obj: Any, *, model: str = "test-model") -> None:
        self.enqueue_content(json.dumps(obj, ensure_ascii=False), model=model)

    def enqueue_tool_call(self, name: str, args: Any, *, model: str = "test-model") -> None:
        """A tool call; ``args`` as a str is sent as is (malformed arguments)."""
        raw = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)
        message = {"role": "assistant", "content": None, "tool_calls": [{
            "id": f"call_{len(self.requests)}", "type": "function",
            "function": {"name": name, "arguments": raw}}]}
        self._push(200, _completion(message, model, finish_reason="tool_calls"))

    def enqueue_tool_calls(self, calls: list[tuple[str, Any]], *, model: str = "test-model") -> None:
        """Several tool calls in one reply: ``[(name, args), ...]``."""
        self._push(200, _completion(_tool_message(calls, len(self.requests)), model,
                                    finish_reason="tool_calls"))

    def enqueue_script(self, script: Callable[[dict[str, Any]], Any], *,
                       model: str = "test-model") -> None:
        """A reply made from the request body when it arrives: ``script(body)`` returns the
        content (a str) or tool calls (a list of ``(name, args)``)."""
        self._push(200, {"model": model}, script)

    def enqueue_error(self, status: int, message: str = "stub error") -> None:
        self._push(status, {"error": {"message": message, "type": "invalid_request_error",
                                      "code": None, "param": None}})

    def _push(self, status: int, payload: dict[str, Any],
              script: Callable[[dict[str, Any]], Any] | None = None) -> None:
        with self._lock:
            self._queue.append(_Reply(status, payload, script))

    def _next(self, request: RecordedRequest) -> _Reply:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        return _Reply(500, {"error": {"message": "openai stub: no reply queued",
                                      "type": "server_error", "code": None, "param": None}})


def _tool_message(calls: list[tuple[str, Any]], n: int) -> dict[str, Any]:
    return {"role": "assistant", "content": None, "tool_calls": [{
        "id": f"call_{n}_{i}", "type": "function",
        "function": {"name": name, "arguments": args if isinstance(args, str)
                     else json.dumps(args, ensure_ascii=False)}} for i, (name, args) in enumerate(calls)]}


def _scripted(reply: _Reply, body: dict[str, Any], n: int) -> _Reply:
    """The reply a script makes from the request body."""
    assert reply.script is not None
    out = reply.script(body)
    model = reply.payload.get("model", "test-model")
    if isinstance(out, str):
        return _Reply(200, _completion({"role": "assistant", "content": out}, model))
    return _Reply(200, _completion(_tool_message(list(out), n), model, finish_reason="tool_calls"))


def _completion(message: dict[str, Any], model: str,
                finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "id": f"chatcmpl-stub-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message,
                     "logprobs": None}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _handler_for(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {"_unparsed": raw.decode("utf-8", "replace")}
            request = RecordedRequest("POST", self.path, dict(self.headers.items()), body)
            if self.path.rstrip("/") != "/v1/chat/completions":
                with stub._lock:
                    stub.requests.append(request)
                reply = _Reply(404, {"error": {"message": f"no route {self.path}"}})
            else:
                reply = stub._next(request)
                if reply.script is not None:
                    reply = _scripted(reply, body, len(stub.requests))
            data = json.dumps(reply.payload, ensure_ascii=False).encode("utf-8")
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    return Handler


@pytest.fixture(scope="session")
def openai_stub_server() -> Iterator[OpenAIStub]:
    stub = OpenAIStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(stub))
    server.daemon_threads = True
    stub.port = server.server_address[1]
    started = threading.Event()

    def serve() -> None:
        started.set()
        server.serve_forever(poll_interval=0.05)

    thread = threading.Thread(target=serve, name="openai-stub", daemon=True)
    thread.start()
    assert started.wait(5), "openai stub did not start"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def openai_stub(openai_stub_server: OpenAIStub,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIStub]:
    """The session server, emptied, with the environment pointing the client at it."""
    openai_stub_server.reset()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    yield openai_stub_server
    openai_stub_server.reset()


def _is_loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # a unix socket path
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every socket connection is recorded; one to a non-loopback address raises."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(address: Any) -> None:
        attempts.append(address)
        if not _is_loopback(address):
            raise ConnectionRefusedError(f"test network guard: {address!r} is not loopback")

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield attempts
