"""Malformed, unsigned and oversized Slack requests get a 4xx and one short log line."""

from __future__ import annotations

import json
import logging

import pytest

from bot.slack_http import MAX_BODY_BYTES, check_request
from tests.fakes.slack_api import SIGNING_SECRET, sign
from tests.test_slack_app import Bot, bot, slack  # noqa: F401  (fixtures)

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"[]", "application/json", 400),
        (b"null", "application/json", 400),
        (b"{bad json", "application/json", 400),
        (b'"just a string"', "application/json", 400),
        (b"[" * 50_000, "application/json", 400),
        (b"payload=not-json", FORM, 400),
        (b"payload=%5B%5D", FORM, 400),
        (b"payload=%7B%7D&payload=%7B%7D", FORM, 400),
        (b"foo=bar", FORM, 400),
        (b"\xff\xfe\x00binary", "application/json", 400),
        (b"<xml/>", "text/xml", 415),
    ],
)
async def test_signed_but_malformed_bodies_are_400_not_500(
    bot: Bot,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
    status: int,
) -> None:
    caplog.set_level(logging.WARNING)
    got, _ = await bot.send(body, content_type)
    assert got == status
    await bot.settle()
    assert bot.handler.inbounds == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and "\n" not in refused[0].getMessage()


@pytest.mark.parametrize("stamp", ["abc", "", "1e9", "１２３", "9" * 40, "-5"])
async def test_non_numeric_timestamps_are_400(bot: Bot, stamp: str) -> None:  # noqa: F811
    body = json.dumps({"type": "event_callback", "event": {}}).encode()
    headers = {**sign(body), "X-Slack-Request-Timestamp": stamp}
    got, _ = await bot.send(body, "application/json", headers)
    assert got == 400


async def test_big_unsigned_posts_add_bounded_log_lines(
    bot: Bot,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    body = b'{"type": "event_callback", "x": "' + b"A" * 900_000 + b'"}'
    for _ in range(10):
        async with bot.session.post(
            bot.url, data=body, headers={"Content-Type": "application/json"}
        ) as response:
            assert response.status in (401, 413)
    assert len(caplog.text) < 10 * 300


def test_check_request_never_raises_and_accepts_a_good_request() -> None:
    good = json.dumps({"type": "url_verification", "challenge": "c"}).encode()
    headers = {"Content-Type": "application/json", **sign(good)}
    assert check_request(headers, good, SIGNING_SECRET) is None
    assert check_request(headers, b"x" * (MAX_BODY_BYTES + 1), SIGNING_SECRET).status == 413  # type: ignore[union-attr]
    assert check_request({}, good, SIGNING_SECRET).status == 400  # type: ignore[union-attr]
