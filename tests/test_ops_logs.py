"""JSON log lines, message-text opt-in, redaction, Sentry init and one-line settings errors."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from bot.cli import main
from bot.logs import JsonFormatter, configure, init_sentry, use_json
from bot.metrics import Metrics
from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, ThreadKey
from engine.redact import thread_hash
from engine.settings import get_settings
from engine.store.memory import MemoryStore
from tests.harness import settings

TOKEN = "xoxb-1234567890-abcdefghijklmnop"


def record(message: str, **extra: Any) -> logging.LogRecord:
    rec = logging.LogRecord("meta_agent.turns", logging.INFO, __file__, 1, message, None, None)
    for key, value in extra.items():
        setattr(rec, key, value)
    return rec


def test_json_line_has_time_level_event_thread_hash_and_duration() -> None:
    rec = record("turn question", thread_hash="abc123def456", duration_ms=12.5, kind="question")
    line = json.loads(JsonFormatter().format(rec))
    assert set(line) >= {"time", "level", "event", "thread", "duration_ms"}
    assert line["level"] == "INFO" and line["event"] == "turn question"
    assert line["thread"] == "abc123def456" and line["duration_ms"] == 12.5
    assert line["time"].endswith("+00:00")


def test_message_text_only_when_enabled_and_always_redacted() -> None:
    text = f"our key is {TOKEN}, mail ann@example.com"
    rec = record("turn info", text=text)
    assert "text" not in json.loads(JsonFormatter(message_text=False).format(rec))
    shown = json.loads(JsonFormatter(message_text=True).format(rec))["text"]
    assert TOKEN not in shown and "ann@example.com" not in shown and "our key is" in shown


def test_tokens_redacted_in_event_and_traceback() -> None:
    try:
        raise RuntimeError(f"slack said no to {TOKEN}")
    except RuntimeError:
        rec = record(f"failed with {TOKEN}")
        rec.exc_info = sys.exc_info()
    out = JsonFormatter().format(rec)
    assert TOKEN not in out and "RuntimeError" in json.loads(out)["error"]


def test_auto_format_is_json_when_stderr_is_not_a_terminal() -> None:
    assert use_json("json") and not use_json("text")
    assert use_json("auto") == (not sys.stderr.isatty())
    configure("INFO", "json")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_meta_agent", False)]
    assert len(ours) == 1 and isinstance(ours[0].formatter, JsonFormatter)
    logging.getLogger().removeHandler(ours[0])


def observed_engine(**overrides: object) -> Engine:
    config = settings(**overrides)
    store = MemoryStore.from_settings(config)
    ports = Ports(sessions=store, gate=store, brain=RulesBrain(), observer=Metrics())
    return Engine(config, ports)


async def test_observed_turn_logs_a_thread_hash_never_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler = observed_engine(log_message_text=False)
    key = ThreadKey("slack", "T1", "C1", "171.5")
    with caplog.at_level(logging.INFO, logger="meta_agent.turns"):
        await handler.handle(Inbound(key, "m1", "U1", "Ann", "a booking app for our salon"))
    (rec,) = [r for r in caplog.records if r.name == "meta_agent.turns"]
    line = json.loads(JsonFormatter().format(rec))
    assert line["thread"] == thread_hash(key.slug()) and "171.5" not in json.dumps(line)
    assert line["kind"] == "question" and line["duration_ms"] >= 0
    assert not hasattr(rec, "text")  # user text is not even attached without LOG_MESSAGE_TEXT
    caplog.clear()
    opted_in = observed_engine(log_message_text=True)
    with caplog.at_level(logging.INFO, logger="meta_agent.turns"):
        await opted_in.handle(Inbound(key, "m2", "U1", "Ann", "call me at +1 415 555 0100"))
    (rec,) = [r for r in caplog.records if r.name == "meta_agent.turns"]
    shown = json.loads(JsonFormatter(message_text=True).format(rec))["text"]
    assert shown.startswith("call me at") and "555" not in shown


def test_sentry_is_initialised_only_with_a_dsn(monkeypatch: pytest.MonkeyPatch) -> None:
    import sentry_sdk

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **kw: calls.append(kw))
    assert not init_sentry(None) and not calls
    dsn = "https://public@o1.ingest.sentry.io/1"
    assert init_sentry(dsn)
    (call,) = calls
    assert call["dsn"] == dsn and call["send_default_pii"] is False
    event = call["before_send"]({"message": f"token {TOKEN}"}, {})
    assert TOKEN not in event["message"]


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("fresh_settings")
@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD'"),
        ("PORT", "eighty", "PORT='eighty'"),
        ("SHUTDOWN_GRACE_SECONDS", "-3", "SHUTDOWN_GRACE_SECONDS='-3'"),
        ("EMAIL_MAX_PER_THREAD_PER_DAY", "lots", "EMAIL_MAX_PER_THREAD_PER_DAY"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT='xml'"),
        ("SLACK_BOT_TOKEN", "", ""),
    ],
)
def test_invalid_settings_are_one_line_errors(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
    says: str,
) -> None:
    monkeypatch.setenv(name, value)
    code = main(["stats", "--days", "1"])
    err = capsys.readouterr().err.strip()
    if not says:  # an empty optional secret is simply "not set"
        assert code == 0
        return
    assert code == 2 and err.count("\n") == 0
    assert err.startswith("meta-agent: bad configuration: ") and says in err


@pytest.mark.usefixtures("fresh_settings")
def test_lowercase_level_and_format_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    config = get_settings()
    assert config.log_level == "DEBUG" and config.log_format == "json"
