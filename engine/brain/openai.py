"""The OpenAI brain: one structured-output call a turn and a fallback chain that always answers."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import httpx2
import openai
from openai import AsyncOpenAI
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletionMessageParam, ParsedChatCompletion
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
)

from engine.brain.base import Brain
from engine.brain.prompt import MAX_TRIM, build_messages, clip, repair_messages
from engine.breaker import Breaker
from engine.messages import Inbound, ThreadKey
from engine.redact import redact
from engine.session import Session, new_session
from engine.settings import Settings
from engine.types import (
    ChartKind,
    ComponentKind,
    Industry,
    Platform,
    ProfileReading,
    Question,
    RegionName,
    Role,
    Signal,
    SignalKind,
    Sophistication,
    TopicCorrection,
    TopicFact,
    TopicId,
    TurnPlan,
    WireframeSpec,
)
from engine.usage import PriceTable, Usage, call_usage, one_call, sum_usage

log = logging.getLogger(__name__)

MODERATION_MODEL = "omni-moderation-latest"
MAX_COMPLETION_TOKENS = 3000
MAX_CALLS_PER_MODEL = 4


# --- the wire model: strict-schema compatible, every field required, bounded on validation ---


def _clipper(limit: int) -> Callable[[str], str]:
    def _clip(value: str) -> str:
        return clip(value, limit)

    return _clip


def _clamp01(value: float) -> float:
    return min(1.0, max(0.0, value))


def _short_list(limit: int) -> Callable[[list[Any]], list[Any]]:
    def _cut(value: list[Any]) -> list[Any]:
        return value[:limit]

    return _cut


Text = Annotated[str, AfterValidator(_clipper(600))]
ShortText = Annotated[str, AfterValidator(_clipper(300))]
Label = Annotated[str, AfterValidator(_clipper(120))]
Unit = Annotated[
    float,
    AfterValidator(_clamp01),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WireReading(_Wire):
    """What the message says about the person (all fields required)."""

    industry: Industry
    industry_confidence: Unit
    role: Role
    role_confidence: Unit
    sophistication: Sophistication
    sophistication_score: Unit
    sophistication_confidence: Unit
    industry_correction: bool


class WireSignal(_Wire):
    """An escape or correction signal; topic/value/previous are null when not applicable."""

    kind: SignalKind
    confidence: Unit
    topic: TopicId | None
    value: ShortText | None
    previous: ShortText | None


class WireFact(_Wire):
    """One fact for one topic; negative=true when the person rules the value out."""

    topic: TopicId
    value: Text
    negative: bool = False


class WireCorrection(_Wire):
    """A correction of an earlier value, naming the topic it is about."""

    topic: TopicId
    remove: Annotated[list[ShortText], AfterValidator(_short_list(5))]
    values: Annotated[list[ShortText], AfterValidator(_short_list(5))]


class WireQuestion(_Wire):
    """The proposed next question."""

    topic: TopicId
    text: Text
    why: ShortText


class WireComponent(_Wire):
    """A wireframe component."""

    kind: ComponentKind
    label: Label
    items: list[Label]
    columns: list[Label]
    rows: list[list[Label]]
    chart: ChartKind | None
    primary: bool
    refs: list[Annotated[str, AfterValidator(_clipper(12))]]


class WireRegion(_Wire):
    """A wireframe region."""

    name: RegionName
    components: list[WireComponent]


class WireLink(_Wire):
    """A link from one screen to another."""

    label: Label
    target: Label


class WireScreen(_Wire):
    """A wireframe screen."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
    name: Label
    purpose: ShortText
    platform: Platform
    regions: list[WireRegion]
    links: list[WireLink]


class WireWireframe(_Wire):
    """Screens of the product, validated again by WireframeSpec before use."""

    title: Label
    screens: list[WireScreen]


def _lenient(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """An invalid wireframe becomes null instead of failing the turn."""
    try:
        return handler(value)
    except ValidationError:
        return None


class WirePlan(_Wire):
    """The model's answer for one turn."""

    reading: WireReading
    signal: WireSignal
    facts: Annotated[
        list[WireFact], AfterValidator(_short_list(14)), Field(json_schema_extra={"maxItems": 14})
    ]
    question: WireQuestion | None
    finish: bool
    wireframe: Annotated[WireWireframe | None, WrapValidator(_lenient)]
    notes: Annotated[list[ShortText], AfterValidator(_short_list(5))] = []
    corrections: Annotated[list[WireCorrection], AfterValidator(_short_list(5))] = []
    product_name: ShortText | None = None

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The JSON schema; the default form is built once (the SDK asks on every call and
        edits the copy it gets)."""
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        if cls not in _SCHEMAS:
            _SCHEMAS[cls] = super().model_json_schema()
        return copy.deepcopy(_SCHEMAS[cls])


_SCHEMAS: dict[type[BaseModel], dict[str, Any]] = {}


# --- converting the wire answer into the engine's TurnPlan ---


def to_plan(wire: WirePlan, usage: Usage, secrets: Sequence[str] = ()) -> TurnPlan:
    """The engine's plan from a validated wire answer; text is redacted of secrets."""
    facts = tuple(
        TopicFact(
            topic=f.topic, value=redact(f.value, secrets, personal=False), negative=f.negative
        )
        for f in wire.facts
        if f.value.strip()
    )
    return TurnPlan(
        notes=tuple(redact(n, secrets, personal=False) for n in wire.notes if n.strip()),
        corrections=_corrections(wire.corrections, secrets),
        product_name=redact(wire.product_name, secrets, personal=False)
        if wire.product_name
        else None,
        reading=ProfileReading(**wire.reading.model_dump()),
        signal=_signal(wire.signal, secrets),
        facts=facts,
        question=None if wire.finish else _question(wire.question, secrets),
        finish=wire.finish,
        wireframe=to_spec(wire.wireframe) if wire.finish else None,
        source="openai",
        usage=usage,
    )


def _corrections(
    wires: list[WireCorrection], secrets: Sequence[str]
) -> tuple[TopicCorrection, ...]:
    """Corrections that name their topic; one with nothing to remove or add is dropped."""
    out = []
    for wire in wires:
        values = tuple(redact(v, secrets) for v in wire.values if v.strip())
        remove = tuple(redact(r, secrets) for r in wire.remove if r.strip())
        if values or remove:
            wording = ", ".join(values)[:600]
            out.append(
                TopicCorrection(topic=wire.topic, remove=remove, values=values, wording=wording)
            )
    return tuple(out)


def _signal(wire: WireSignal, secrets: Sequence[str]) -> Signal:
    def text(value: str | None) -> str | None:
        return redact(value, secrets, personal=False) if value else None

    return Signal(
        kind=wire.kind,
        confidence=wire.confidence,
        topic=wire.topic,
        value=text(wire.value),
        previous=text(wire.previous),
    )


def _question(wire: WireQuestion | None, secrets: Sequence[str]) -> Question | None:
    if wire is None or not wire.text.strip():
        return None
    return Question(
        topic=wire.topic,
        text=redact(wire.text, secrets, personal=False),
        why=redact(wire.why, secrets, personal=False),
    )


def to_spec(wire: WireWireframe | None) -> WireframeSpec | None:
    """The renderer's WireframeSpec, or None when the model's wireframe does not validate."""
    if wire is None:
        return None
    data = wire.model_dump()
    for screen in data["screens"]:
        screen["links"] = [(link["label"], link["target"]) for link in screen["links"]]
    try:
        return WireframeSpec.model_validate(data)
    except ValidationError as exc:
        log.info("model wireframe dropped: %d problem(s)", exc.error_count())
        return None


# --- one call and its outcome ---

Failure = Literal[
    "rate_limited", "server_error", "timeout", "unreachable", "rejected", "refused", "invalid"
]
REASONS: dict[str, str] = {
    "rate_limited": "the model service is rate-limiting us",
    "server_error": "the model service had an error",
    "timeout": "the model service did not answer in time",
    "unreachable": "the model service could not be reached",
    "rejected": "the model service rejected the request",
    "refused": "the model declined to answer",
    "invalid": "the model's answer was not usable",
    "too_long": "the conversation is too long for the model",
    "error": "an unexpected error in the model brain",
}


@dataclass(frozen=True, slots=True)
class _Invalid:
    content: str
    problems: str


@dataclass(frozen=True, slots=True)
class _Failed:
    kind: Failure | Literal["too_long"]


Outcome = WirePlan | _Invalid | _Failed


@dataclass
class _TurnState:
    """Mutable bookkeeping of one turn across its calls."""

    calls: list[Usage] = field(default_factory=list)
    trim: int = 0
    repaired: bool = False
    failure: str = "error"


BREAKER_COOLDOWN_SECONDS = 60.0


class OpenAIBrain:
    """Plans a turn with one OpenAI call; on trouble: fallback model, then the offline brain."""

    def __init__(
        self,
        client: AsyncOpenAI,
        fallback: Brain,
        *,
        primary: str,
        fallback_model: str | None = None,
        timeout: float = 20.0,
        prices: PriceTable | None = None,
        secrets: Sequence[str] = (),
    ) -> None:
        """Use `client` (built with max_retries=0); `fallback` answers when no model can."""
        self._client = client
        self._fallback = fallback
        self._models = tuple(dict.fromkeys(m for m in (primary, fallback_model) if m))
        self._timeout = timeout
        self._prices = prices or PriceTable()
        self._secrets = tuple(s for s in secrets if s)
        self.breakers = {m: Breaker(BREAKER_COOLDOWN_SECONDS) for m in self._models}

    @classmethod
    def from_settings(cls, settings: Settings, fallback: Brain) -> OpenAIBrain:
        """Build the client and brain from settings; requires OPENAI_API_KEY."""
        if settings.openai_api_key is None:
            raise ValueError("OPENAI_API_KEY is not set")
        return cls(
            make_client(settings),
            fallback,
            primary=settings.openai_model_primary,
            fallback_model=settings.openai_model_fallback,
            timeout=settings.openai_timeout_seconds,
            prices=PriceTable.from_setting(settings.openai_prices),
            secrets=settings_secrets(settings),
        )

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()

    async def warm_up(self) -> bool:
        """Run one turn offline through the SDK (in-memory transport) and open a connection
        with a free models.list, so the first real turn is as fast as the rest.

        Returns True when the API answered; never raises."""
        try:
            await _dry_run(self._models[0])
            await self._client.models.list(timeout=self._timeout)
        except Exception as exc:
            log.warning("openai warm-up failed: %s", type(exc).__name__)
            return False
        return True

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        """Plan the turn; never raises (the offline brain answers when the model cannot)."""
        try:
            return await self._turn(session, inbound)
        except Exception as exc:  # the brain must always answer
            log.error("openai brain failed unexpectedly: %s", type(exc).__name__)
            return await self._offline(session, inbound, "error", [])

    def moderator(self) -> OpenAIModerator:
        """A moderator on this brain's client (the engine calls it before planning)."""
        return OpenAIModerator(self._client, self._timeout)

    async def _turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        state = _TurnState()
        plan = await self._chain(session, inbound, state)
        if plan is None:
            plan = await self._offline(session, inbound, state.failure, state.calls)
        return plan

    async def _offline(
        self, session: Session, inbound: Inbound, failure: str, calls: list[Usage]
    ) -> TurnPlan:
        plan = await self._fallback.turn(session, inbound)
        usage = sum_usage(calls, calls[-1].model) if calls else plan.usage
        reason = REASONS.get(failure, REASONS["error"])
        log.warning("offline brain answered: %s", failure)
        return plan.model_copy(update={"degraded": plan.degraded or reason, "usage": usage})

    async def _chain(
        self, session: Session, inbound: Inbound, state: _TurnState
    ) -> TurnPlan | None:
        for model in self._models:
            breaker = self.breakers[model]
            if not breaker.allow():
                state.failure = "timeout" if state.failure == "error" else state.failure
                continue  # cooling down after a hang: go straight to the next in the chain
            wire = await self._try_model(model, session, inbound, state)
            if wire is not None:
                breaker.success()
                return to_plan(wire, sum_usage(state.calls, model), self._secrets)
            breaker.failure(state.failure)
        return None

    async def _try_model(
        self, model: str, session: Session, inbound: Inbound, state: _TurnState
    ) -> WirePlan | None:
        extra: list[ChatCompletionMessageParam] = []
        for _ in range(MAX_CALLS_PER_MODEL):
            messages = build_messages(session, inbound, trim=state.trim, secrets=self._secrets)
            outcome = await self._call(model, [*messages, *extra], state)
            if isinstance(outcome, WirePlan):
                return outcome
            if isinstance(outcome, _Invalid) and not state.repaired:
                state.repaired = True
                extra = repair_messages(
                    redact(outcome.content, self._secrets, personal=False), outcome.problems
                )
                continue
            too_long = isinstance(outcome, _Failed) and outcome.kind == "too_long"
            if too_long and state.trim < MAX_TRIM:
                state.trim += 1
                continue
            state.failure = outcome.kind if isinstance(outcome, _Failed) else "invalid"
            log.warning("model %s failed: %s", model, state.failure)
            return None
        return None

    async def _call(
        self, model: str, messages: list[ChatCompletionMessageParam], state: _TurnState
    ) -> Outcome:
        try:
            raw = await self._client.chat.completions.with_raw_response.parse(
                model=model,
                messages=messages,
                response_format=WirePlan,
                max_completion_tokens=MAX_COMPLETION_TOKENS,
                timeout=self._timeout,
            )
        except openai.APIError as exc:
            state.calls.append(one_call(model))
            return _Failed(classify(exc))
        return self._read(model, raw.text, raw.parse, state)

    def _read(
        self,
        model: str,
        text: str,
        parse: Callable[[], ParsedChatCompletion[WirePlan]],
        state: _TurnState,
    ) -> Outcome:
        try:
            completion = parse()
        except (openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError) as exc:
            state.calls.append(self._usage(model, exc.completion))
            filtered = isinstance(exc, openai.ContentFilterFinishReasonError)
            return _Failed("refused") if filtered else _Invalid("", "the answer was cut off")
        except (ValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
            body = _json_object(text)
            state.calls.append(self._usage_from_dict(model, body))
            return _Invalid(_content_of(body), _problems(exc))
        state.calls.append(self._usage(model, completion))
        return _outcome(completion)

    def _usage(self, model: str, completion: Any) -> Usage:
        usage: CompletionUsage | None = getattr(completion, "usage", None)
        if usage is None:
            return one_call(model)
        details = usage.prompt_tokens_details
        cached = (details.cached_tokens or 0) if details else 0
        response_model = str(getattr(completion, "model", "") or "")
        return call_usage(
            self._prices,
            model,
            response_model,
            usage.prompt_tokens,
            usage.completion_tokens,
            cached,
        )

    def _usage_from_dict(self, model: str, body: dict[str, Any]) -> Usage:
        usage = body.get("usage")
        if not isinstance(usage, dict):
            return one_call(model)
        try:
            parsed = CompletionUsage.model_validate(usage)
        except ValidationError:
            return one_call(model)
        return self._usage(model, _UsageCarrier(str(body.get("model") or ""), parsed))


class OpenAIModerator:
    """OpenAI's moderation endpoint as the engine's Moderator; any error fails open."""

    def __init__(self, client: AsyncOpenAI, timeout: float) -> None:
        """Share `client` with the brain."""
        self._client = client
        self._timeout = timeout

    async def flagged(self, text: str) -> bool:
        """True when moderation flags the text; any moderation error fails open."""
        try:
            result = await self._client.moderations.create(
                input=text, model=MODERATION_MODEL, timeout=self._timeout
            )
        except Exception as exc:
            log.warning("moderation failed open: %s", type(exc).__name__)
            return False
        return any(r.flagged for r in result.results)


_WARM_PLAN: dict[str, Any] = {
    "reading": {
        "industry": "other",
        "industry_confidence": 0,
        "role": "unknown",
        "role_confidence": 0,
        "sophistication": "intermediate",
        "sophistication_score": 0.5,
        "sophistication_confidence": 0,
        "industry_correction": False,
    },
    "signal": {"kind": "none", "confidence": 0, "topic": None, "value": None, "previous": None},
    "facts": [],
    "question": {"topic": "target_users", "text": "Who is it for?", "why": ""},
    "finish": False,
    "wireframe": None,
}


def _canned(request: httpx2.Request) -> httpx2.Response:
    message = {"role": "assistant", "content": json.dumps(_WARM_PLAN), "refusal": None}
    body = {
        "id": "warm-up",
        "object": "chat.completion",
        "created": 0,
        "model": "warm-up",
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }
    return httpx2.Response(200, json=body)


class _Idle:
    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        return TurnPlan()


async def _dry_run(model: str) -> None:
    """One full turn through the SDK against an in-memory transport: no network, no cost."""
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(_canned))
    client = AsyncOpenAI(
        api_key="warm-up", base_url="http://warm-up.invalid/v1", max_retries=0, http_client=http
    )
    thread = ThreadKey("warm-up", "warm-up", "warm-up", "warm-up")
    try:
        brain = OpenAIBrain(client, _Idle(), primary=model)
        await brain.turn(new_session(thread), Inbound(thread, "0", "0", "warm-up", "hello"))
    finally:
        await client.close()
        await http.aclose()


@dataclass(frozen=True, slots=True)
class _UsageCarrier:
    model: str
    usage: CompletionUsage


def _outcome(completion: ParsedChatCompletion[WirePlan]) -> Outcome:
    if not completion.choices:
        return _Invalid("", "no choices")
    message = completion.choices[0].message
    if message.refusal:
        return _Failed("refused")
    if message.parsed is None:
        return _Invalid(message.content or "", "empty answer")
    return message.parsed


def classify(exc: openai.APIError) -> Failure | Literal["too_long"]:
    """The failure kind of an SDK error."""
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "unreachable"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.BadRequestError) and exc.code == "context_length_exceeded":
        return "too_long"
    if isinstance(exc, openai.APIStatusError) and exc.status_code >= 500:
        return "server_error"
    return "rejected"


def _json_object(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _content_of(body: dict[str, Any]) -> str:
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return ""
    return content if isinstance(content, str) else ""


def _problems(exc: Exception) -> str:
    """A short description of why the answer was invalid, without echoing its content."""
    if not isinstance(exc, ValidationError):
        return type(exc).__name__
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err["loc"]) or "root"
        parts.append(f"{loc}: {err['type']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


# --- construction, factory and doctor check ---


def settings_secrets(settings: Settings) -> tuple[str, ...]:
    """Every secret in settings, so prompts and plans can be scrubbed of them."""
    values = (
        settings.openai_api_key,
        settings.slack_bot_token,
        settings.slack_signing_secret,
        settings.slack_app_token,
        settings.resend_api_key,
    )
    found = [v.get_secret_value() for v in values if v is not None]
    redis_url = settings.redis_url.get_secret_value()
    if "@" in redis_url:  # only a URL with credentials is a secret
        found.append(redis_url)
    return tuple(s for s in found if len(s) >= 8)


def make_client(settings: Settings, timeout: float | None = None) -> AsyncOpenAI:
    """An AsyncOpenAI client that never retries on its own (the brain owns the chain)."""
    key = settings.openai_api_key
    return AsyncOpenAI(
        api_key=key.get_secret_value() if key else None,
        base_url=settings.openai_base_url or None,
        timeout=timeout or settings.openai_timeout_seconds,
        max_retries=0,
    )


def make_brain(settings: Settings, fallback: Brain) -> Brain:
    """The OpenAI brain when OPENAI_API_KEY is set, else the offline `fallback` brain."""
    if settings.openai_api_key is None or not settings.openai_api_key.get_secret_value():
        return fallback
    return OpenAIBrain.from_settings(settings, fallback)


async def check_openai(settings: Settings, wait_seconds: float = 5.0) -> tuple[bool, str]:
    """A cheap reachability check for `meta-agent doctor`; the message never holds a secret."""
    if settings.openai_api_key is None:
        return False, "OPENAI_API_KEY is not set; the offline brain answers"
    model = settings.openai_model_primary
    where = _host(settings.openai_base_url)
    client = make_client(settings, timeout=min(wait_seconds, settings.openai_timeout_seconds))
    try:
        await client.models.retrieve(model)
    except openai.APIError as exc:
        message = _doctor_failure(exc, model, where)
        return False, redact(message, settings_secrets(settings), personal=False)
    finally:
        await client.close()
    return True, f"OpenAI reachable at {where}; model {model} is available"


def _doctor_failure(exc: openai.APIError, model: str, where: str) -> str:
    if isinstance(exc, openai.AuthenticationError):
        return f"OpenAI at {where} rejected the API key (401)"
    if isinstance(exc, openai.NotFoundError):
        return f"OpenAI at {where} does not know model {model} (404)"
    kind = classify(exc)
    return f"OpenAI at {where}: {REASONS.get(kind, kind)}"


def _host(base_url: str | None) -> str:
    """scheme://host[:port] of the API, without any credentials or path."""
    if not base_url:
        return "api.openai.com"
    parts = urlsplit(base_url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"
