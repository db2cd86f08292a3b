"""Logs never carry secrets or personal data, tracebacks included."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactingFormatter, configure
from engine.engine import Engine
from engine.messages import Inbound, ThreadKey
from tests.harness import make_chat


def test_formatter_masks_secrets_in_message_and_traceback() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise RuntimeError("bad key sk-proj-ABCDEFGHIJKLMNOPQRSTUV for ann@example.com")
    except RuntimeError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "token xoxb-1234-5678-abcdefghij", None, None
        )
        import sys

        record.exc_info = sys.exc_info()
    text = formatter.format(record)
    assert "RuntimeError" in text
    for secret in (
        "sk-proj-ABCDEFGHIJKLMNOPQRSTUV",
        "ann@example.com",
        "xoxb-1234-5678-abcdefghij",
    ):
        assert secret not in text


def test_configure_is_idempotent() -> None:
    configure("DEBUG")
    configure("INFO")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_meta_agent", False)]
    assert len(ours) == 1
    logging.getLogger().removeHandler(ours[0])


async def test_a_failing_turn_apologises_with_a_reference_and_logs_it(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = make_chat()

    async def boom(*args: object) -> object:
        raise ValueError("internal detail")

    monkeypatch.setattr(Engine, "_turn", boom)
    with caplog.at_level(logging.ERROR):
        reply = await chat.engine.handle(
            Inbound(ThreadKey("t", "w", "c", "1"), "m1", "U1", "Ann", "hello there")
        )
    assert reply.kind == "error"
    assert "ref " in reply.text
    ref = reply.text.split("ref ")[1].split(")")[0]
    assert any(ref in r.getMessage() for r in caplog.records)
    assert "internal detail" not in reply.text
