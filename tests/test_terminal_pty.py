"""The terminal under a real pseudo-terminal: line editing, Ctrl-C, and what gets stored."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
import redis

from engine.store.keys import session_key
from tests.redis_server import RedisServer, redis_binary, redis_server

ROOT = Path(__file__).resolve().parent.parent
LEFT = "\x1b[D"
CTRL_C = "\x03"

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="no redis-server binary")


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    with redis_server() as running:
        yield running


def _spawn(out: Path, server: RedisServer) -> pexpect.spawn:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(out.parent),
        "TERM": "xterm",
        "SESSION_STORAGE": "redis",
        "REDIS_URL": server.url,
        "PYTHONPATH": str(ROOT),
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot.cli", "chat", "--out", str(out)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    child.expect("tell me what you want to build")
    return child


def _transcript(server: RedisServer, out: Path) -> list[str]:
    conversation = (out / ".conversation").read_text().strip()
    client = redis.Redis.from_url(server.url)
    try:
        raw = client.get(session_key(f"terminal:local:cli:{conversation}"))
    finally:
        client.close()
    assert raw is not None
    return [t["text"] for t in json.loads(raw)["transcript"] if t["role"] == "user"]


def test_arrow_keys_edit_the_line_and_ctrl_c_cancels_then_leaves(
    tmp_path: Path, server: RedisServer
) -> None:
    out = tmp_path / "chat"
    child = _spawn(out, server)
    child.send("a booking app for our vet clinc")
    child.send(LEFT)
    child.send("i")
    child.send("\r")
    child.expect(r"\?")  # the first question
    child.send("this line is abandoned")
    child.send(CTRL_C)
    child.expect("Ctrl-C again")
    child.send("the front desk staff\r")
    child.expect(r"\?")
    child.send(CTRL_C)
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert _transcript(server, out) == ["a booking app for our vet clinic", "the front desk staff"]


def test_ctrl_d_leaves_cleanly(tmp_path: Path, server: RedisServer) -> None:
    child = _spawn(tmp_path / "chat", server)
    child.send("\x04")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
