"""`meta-agent stats`: numbers from scripted interviews through the engine on a real Redis."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from PIL import Image

from bot.cli import main
from bot.runtime import Runtime, open_runtime
from bot.stats import run_stats
from engine.messages import Inbound, ThreadKey
from engine.session import Session
from tests.fakes.resend_api import API_KEY, FakeResend
from tests.harness import settings
from tests.redis_server import RedisServer

IDEAS = {
    "vet": "we're a vet clinic, pet owners should book visits online and get vaccine reminders",
    "gym": "app for our 2 gyms - members book classes, trainers see who's coming, stripe payments",
    "farm": "farmers log milk yield per cow on a phone in the barn, vet sees trends",
}


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path / "redis").start()
    yield running
    running.stop()


@pytest.fixture
async def world(redis: RedisServer) -> AsyncIterator[tuple[Runtime, dict[str, object]]]:
    async with FakeResend() as mail:
        config = {
            "session_storage": "redis",
            "redis_url": redis.url,
            "resend_api_key": API_KEY,
            "resend_api_url": mail.url,
        }
        runtime = await open_runtime(settings(**config), rate_limits=False)
        yield runtime, config
        await runtime.close()


class Thread:
    def __init__(self, runtime: Runtime, workspace: str, name: str) -> None:
        self.runtime = runtime
        self.key = ThreadKey("slack", workspace, "C1", name)
        self.n = 0

    async def say(self, text: str, user: str = "U1", action: str | None = None) -> str:
        self.n += 1
        inbound = Inbound(self.key, f"{self.key.thread}-{self.n}", user, user, text, action)
        return (await self.runtime.engine.handle(inbound)).text

    async def session(self) -> Session:
        stored = await self.runtime.store.load(self.key)
        assert stored is not None
        return stored


async def script(runtime: Runtime) -> list[Thread]:
    """Five interviews in two workspaces: 3 completed, 2 emails, skips and a correction."""
    vet, gym, farm = (Thread(runtime, "W1", n) for n in ("vet", "gym", "farm"))
    await vet.say(IDEAS["vet"])
    await vet.say("front desk staff + owners, mostly on phones")
    await vet.say("actually it's not a vet clinic, it's a dog grooming salon")
    await vet.say("skip")
    await vet.say("done")
    await vet.say("email pm@clinic.example.com")
    await gym.say(IDEAS["gym"])
    await gym.say("idk, members mostly")
    await gym.say("ugh this is taking forever, just give me the doc already")
    await gym.say("done")
    await gym.say("email owner@gym.example.com")
    await gym.say("email owner@gym.example.com")  # a retry: not a second email
    await farm.say(IDEAS["farm"])  # started, never finished
    w2a, w2b = Thread(runtime, "W2", "shop"), Thread(runtime, "W2", "crm")
    await w2a.say("online shop for our bakery, preorders for cakes, pickup times")
    await w2a.say("done")
    await w2b.say("a tiny crm for 4 sales reps")
    return [vet, gym, farm, w2a, w2b]


def value(lines: list[str], label: str) -> str:
    row = next(x for x in lines if x.strip().startswith(label))
    return row.strip()[len(label) :].split()[0]


async def test_stats_numbers_match_the_scripted_interviews(
    world: tuple[Runtime, dict[str, object]], tmp_path: Path
) -> None:
    runtime, config = world
    threads = await script(runtime)
    sessions = [await t.session() for t in threads]
    lines: list[str] = []
    png = tmp_path / "funnel.png"
    assert await run_stats(settings(**config), None, "7", str(png), lines.append) == 0
    w1 = lines[lines.index(next(x for x in lines if x.startswith("workspace W1"))) :][:9]
    w2 = lines[lines.index(next(x for x in lines if x.startswith("workspace W2"))) :][:9]
    assert value(w1, "interviews started") == "3" and value(w2, "interviews started") == "2"
    assert value(w1, "interviews completed") == "2" and "(67%)" in w1[2]
    assert value(w2, "interviews completed") == "1" and "(50%)" in w2[2]
    assert value(w1, "emails sent") == "2" and value(w2, "emails sent") == "0"
    w1_sessions = sessions[:3]
    escapes = sum(s.counters.escapes for s in w1_sessions)
    assert value(w1, "escapes (skip / deliver early)") == str(escapes) and escapes >= 1
    done = [s for s in w1_sessions if s.deliverable_version]
    avg = sum(s.counters.questions_asked for s in done) / len(done)
    assert value(w1, "avg questions before deliverables") == f"{avg:.1f}"
    corrections = sum(s.counters.corrections for s in w1_sessions)
    assert value(w1, "corrections") == str(corrections) and corrections >= 1
    assert value(w1, "model tokens") == "0" and value(w1, "model cost") == "$0.00"
    one: list[str] = []
    await run_stats(settings(**config), "W2", "1", None, one.append)
    assert one[0].startswith("workspace W2") and not any("W1" in x for x in one)
    old: list[str] = []
    await run_stats(settings(**config), None, "3", None, old.append, "2020-01-05")
    assert old == ["stats: no counters yet (2020-01-03 … 2020-01-05)"]
    image = Image.open(io.BytesIO(png.read_bytes()))
    image.load()
    assert image.format == "PNG" and image.size[0] >= 640
    colours = {image.getpixel((x, y)) for x in range(0, image.size[0], 3) for y in range(0, 300, 3)}
    assert (0x4C, 0x6E, 0xF5) in colours and (0xF0, 0x8C, 0x00) in colours  # bars drawn


async def test_memory_store_says_counters_live_in_the_process() -> None:
    lines: list[str] = []
    assert await run_stats(settings(), None, "7", None, lines.append) == 0
    assert "only inside a running process" in lines[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--days", "abc"], "--days must be a whole number"),
        (["--days", "0"], "--days must be from 1"),
        (["--days", "9999"], "--days must be from 1"),
        (["--until", "2025-13-40"], "--until must be a date"),
        (["--until", "2999-01-01"], "is in the future"),
        (["--png", "/nonexistent-dir/x.png"], "--png needs"),
        (["--png", "chart.jpg"], "--png needs"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert says in err and "\n" not in err and err.startswith("meta-agent: ")
