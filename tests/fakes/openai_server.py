"""A loopback fake of the OpenAI HTTP API: chat completions, models and moderations."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

DEFAULT_MODELS = ("gpt-4o-mini", "gpt-4.1-mini", "gpt-4o", "omni-moderation-latest")
FLAG_WORD = "FLAGME"
_MIN_CACHED = 1024
_CACHE_BLOCK = 128


@dataclass(frozen=True)
class Reply:
    """One scripted answer of the fake; errors use OpenAI's error shape."""

    status: int = 200
    content: str | None = None  # the assistant message content (None: use the default plan)
    refusal: str | None = None
    finish_reason: str = "stop"
    error_type: str | None = None
    error_code: str | None = None
    error_message: str = "error"
    delay: float = 0.0  # seconds before answering
    cached_tokens: int | None = None  # override the emulated prompt cache
    flagged: bool | None = None  # moderation replies only


def plan(obj: dict[str, Any], **kw: Any) -> Reply:
    """A reply whose content is `obj` as JSON."""
    return Reply(content=json.dumps(obj), **kw)


def malformed(text: str = '{"reading": {"industry": "fintech"') -> Reply:
    """A reply whose content is not valid for the schema."""
    return Reply(content=text)


def refusal(text: str = "I'm sorry, I can't help with that.") -> Reply:
    """A refusal, as the API sends it with structured outputs."""
    return Reply(refusal=text)


def error(status: int, code: str | None = None, kind: str | None = None, msg: str = "") -> Reply:
    """An error response in OpenAI's shape."""
    defaults = {
        400: "invalid_request_error",
        401: "invalid_request_error",
        404: "invalid_request_error",
        429: "requests",
    }
    return Reply(
        status=status,
        error_type=kind or defaults.get(status, "server_error"),
        error_code=code,
        error_message=msg or f"fake error {status}",
    )


def rate_limited() -> Reply:
    """HTTP 429 rate limit."""
    return error(429, "rate_limit_exceeded", msg="Rate limit reached for requests")


def server_error() -> Reply:
    """HTTP 500."""
    return error(500, None, "server_error", "The server had an error while processing")


def context_too_long() -> Reply:
    """HTTP 400 context_length_exceeded."""
    return error(400, "context_length_exceeded", msg="This model's maximum context length is 8k")


def slow(seconds: float) -> Reply:
    """A valid default plan after `seconds` (use a longer delay than the client timeout)."""
    return Reply(delay=seconds)


def count_tokens(text: str) -> int:
    """Roughly how a tokenizer counts: one token per four characters."""
    return math.ceil(len(text) / 4)


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    raw: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def model(self) -> str:
        """The requested model."""
        return str(self.body.get("model", ""))

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages."""
        return list(self.body.get("messages", []))

    @property
    def has_response_format(self) -> bool:
        """True when a strict json_schema response format was requested."""
        fmt = self.body.get("response_format") or {}
        return fmt.get("type") == "json_schema" and fmt.get("json_schema", {}).get("strict") is True


@dataclass
class FakeOpenAI:
    """An aiohttp server on 127.0.0.1 speaking the OpenAI wire protocol.

    Chat replies come from `script(...)` in order; when the script is empty the fake plans a
    sensible turn itself (next open topic, or finish). `delay` applies to every chat reply.
    """

    api_key: str | None = None
    delay: float = 0.0
    models: tuple[str, ...] = DEFAULT_MODELS
    default: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    # replies for chat calls once the script is empty (e.g. a seeded share of failures)
    chooser: Callable[[], Reply] | None = None
    requests: list[Recorded] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    _script: deque[Reply] = field(default_factory=deque)
    _moderation_script: deque[Reply] = field(default_factory=deque)
    _prompts: list[str] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _closing: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0

    @property
    def base_url(self) -> str:
        """The OpenAI base URL of this fake."""
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue chat replies, answered in order."""
        self._script.extend(replies)

    def script_moderation(self, *replies: Reply) -> None:
        """Queue moderation replies (`flagged` or an error)."""
        self._moderation_script.extend(replies)

    @property
    def chat_requests(self) -> list[Recorded]:
        """Only the chat completion requests."""
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    async def start(self) -> FakeOpenAI:
        """Listen on a free loopback port."""
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/moderations", self._moderations)
        app.router.add_get("/v1/models", self._list_models)
        app.router.add_get("/v1/models/{model}", self._get_model)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Wake sleeping handlers and shut the server down."""
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOpenAI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- handlers ---

    async def _record(self, request: web.Request) -> Recorded:
        raw = await request.text() if request.can_read_body else ""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        rec = Recorded(request.method, request.path, raw, body, dict(request.headers))
        self.requests.append(rec)
        return rec

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        if self.api_key is None:
            return None
        if request.headers.get("Authorization") == f"Bearer {self.api_key}":
            return None
        return _error_response(error(401, "invalid_api_key", msg="Incorrect API key provided."))

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), seconds)

    async def _chat(self, request: web.Request) -> web.Response:
        rec = await self._record(request)
        denied = self._unauthorized(request)
        if denied is not None:
            return denied
        if self._script:
            reply = self._script.popleft()
        else:
            reply = self.chooser() if self.chooser is not None else Reply()
        await self._sleep(self.delay + reply.delay)
        if reply.status != 200:
            return _error_response(reply)
        body = self._completion(rec.body, reply)
        self.responses.append(body)
        return web.json_response(body)

    def _completion(self, req: dict[str, Any], reply: Reply) -> dict[str, Any]:
        content = reply.content
        if content is None and reply.refusal is None:
            content = json.dumps((self.default or default_plan)(req))
        prompt_text = _prompt_text(req)
        prompt = count_tokens(prompt_text) + 3 * len(req.get("messages", []))
        cached = reply.cached_tokens
        if cached is None:
            cached = self._cached(prompt_text, prompt)
        self._prompts.append(prompt_text)
        completion = count_tokens(content or reply.refusal or "")
        return {
            "id": f"chatcmpl-fake{len(self.responses) + 1}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": f"{req.get('model', 'gpt-4o-mini')}-2024-07-18",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": reply.refusal},
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
                "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
            },
            "system_fingerprint": "fp_fake",
        }

    def _cached(self, prompt_text: str, prompt_tokens: int) -> int:
        """Emulate prefix caching: the shared prefix with an earlier prompt, in 128-token blocks."""
        if prompt_tokens < _MIN_CACHED or not self._prompts:
            return 0
        best = max(_common_prefix(prompt_text, p) for p in self._prompts[-16:])
        tokens = (best // 4) // _CACHE_BLOCK * _CACHE_BLOCK
        return tokens if tokens >= _MIN_CACHED else 0

    async def _moderations(self, request: web.Request) -> web.Response:
        rec = await self._record(request)
        denied = self._unauthorized(request)
        if denied is not None:
            return denied
        reply = self._moderation_script.popleft() if self._moderation_script else Reply()
        if reply.status != 200:
            return _error_response(reply)
        inputs = rec.body.get("input", "")
        texts = inputs if isinstance(inputs, list) else [inputs]
        results = [
            _moderation_result(
                reply.flagged if reply.flagged is not None else FLAG_WORD in str(text)
            )
            for text in texts
        ]
        model = rec.body.get("model") or "omni-moderation-latest"
        return web.json_response({"id": "modr-fake", "model": model, "results": results})

    async def _list_models(self, request: web.Request) -> web.Response:
        await self._record(request)
        denied = self._unauthorized(request)
        if denied is not None:
            return denied
        return web.json_response({"object": "list", "data": [_model(m) for m in self.models]})

    async def _get_model(self, request: web.Request) -> web.Response:
        await self._record(request)
        denied = self._unauthorized(request)
        if denied is not None:
            return denied
        name = request.match_info["model"]
        if name not in self.models:
            return _error_response(
                error(404, "model_not_found", msg=f"The model `{name}` does not exist")
            )
        return web.json_response(_model(name))


def _error_response(reply: Reply) -> web.Response:
    body = {
        "error": {
            "message": reply.error_message,
            "type": reply.error_type,
            "param": "messages" if reply.error_code == "context_length_exceeded" else None,
            "code": reply.error_code,
        }
    }
    return web.json_response(body, status=reply.status)


def _model(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 1_700_000_000, "owned_by": "system"}


_CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)


def _moderation_result(flagged: bool) -> dict[str, Any]:
    categories = {c: (flagged and c == "harassment") for c in _CATEGORIES}
    scores = {c: (0.97 if categories[c] else 0.001) for c in _CATEGORIES}
    applied = {c: ["text"] for c in _CATEGORIES}
    return {
        "flagged": flagged,
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
    }


def _prompt_text(req: dict[str, Any]) -> str:
    """What the model reads: the response schema, then every message's content."""
    parts = [json.dumps(req.get("response_format") or {}, separators=(",", ":"))]
    for message in req.get("messages", []):
        content = message.get("content")
        parts.append(content if isinstance(content, str) else json.dumps(content))
    return "\n".join(parts)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix (binary search over C-speed slice comparisons)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


# --- the fake's own planner, used when nothing is scripted ---


def session_state(req: dict[str, Any]) -> dict[str, Any]:
    """The JSON state inside <session> of the request's last user message ({} if none)."""
    for message in reversed(req.get("messages", [])):
        content = message.get("content")
        if message.get("role") == "user" and isinstance(content, str) and "<session>" in content:
            body = content.split("<session>", 1)[1].rsplit("</session>", 1)[0]
            try:
                data = json.loads(body)
            except ValueError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def default_plan(req: dict[str, Any]) -> dict[str, Any]:
    """A valid plan: a fact for the current topic and a question on the next open topic."""
    state = session_state(req)
    asked = set(state.get("asked_topics", []))
    current = state.get("current_topic")
    text = str(state.get("newest_message", {}).get("text", ""))[:200]
    facts = [{"topic": current, "value": text}] if current and text else []
    open_topics = [
        topic
        for stage in state.get("coverage", {}).values()
        for topic, status in stage.items()
        if status == "open" and topic not in asked and topic != current
    ]
    if not open_topics:
        return plan_body(facts=facts, question=None, finish=True, wireframe=small_wireframe())
    topic = open_topics[0]
    question = {"topic": topic, "text": f"Tell me about {topic.replace('_', ' ')}?", "why": "x"}
    return plan_body(facts=facts, question=question)


def plan_body(
    *,
    facts: list[dict[str, Any]] | None = None,
    question: dict[str, Any] | None = None,
    finish: bool = False,
    wireframe: dict[str, Any] | None = None,
    signal: dict[str, Any] | None = None,
    reading: dict[str, Any] | None = None,
    notes: list[str] | None = None,
    corrections: list[dict[str, Any]] | None = None,
    product_name: str | None = None,
) -> dict[str, Any]:
    """A complete wire plan with every field present (as strict structured outputs send it)."""
    return {
        "reading": reading
        or {
            "industry": "healthcare",
            "industry_confidence": 0.8,
            "role": "business",
            "role_confidence": 0.6,
            "sophistication": "intermediate",
            "sophistication_score": 0.5,
            "sophistication_confidence": 0.4,
            "industry_correction": False,
        },
        "signal": signal
        or {"kind": "none", "confidence": 0.0, "topic": None, "value": None, "previous": None},
        "facts": facts or [],
        "question": question,
        "finish": finish,
        "wireframe": wireframe,
        "notes": notes or [],
        "corrections": corrections or [],
        "product_name": product_name,
    }


def small_wireframe() -> dict[str, Any]:
    """A valid two-screen wireframe in the wire shape."""

    def comp(kind: str, label: str, **kw: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "kind": kind,
            "label": label,
            "items": [],
            "columns": [],
            "rows": [],
            "chart": None,
            "primary": False,
            "refs": [],
        }
        base.update(kw)
        return base

    home = {
        "id": "dashboard",
        "name": "Dashboard",
        "purpose": "See today's shifts",
        "platform": "desktop",
        "regions": [
            {"name": "header", "components": [comp("navbar", "ShiftCare", items=["Home"])]},
            {"name": "main", "components": [comp("table", "Shifts", columns=["Nurse", "Ward"])]},
        ],
        "links": [{"label": "Open shift", "target": "shift"}],
    }
    detail = {
        "id": "shift",
        "name": "Shift detail",
        "purpose": "Swap a shift",
        "platform": "mobile",
        "regions": [{"name": "main", "components": [comp("button", "Swap", primary=True)]}],
        "links": [],
    }
    return {"title": "ShiftCare", "screens": [home, detail]}
