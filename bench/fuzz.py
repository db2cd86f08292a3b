"""Fuzz at volume: hypothesis-generated hostile messages (10,000 by default) through the engine,
the real Slack Bolt app over signed HTTP (fake Slack Web API) and every CLI entry point that
reads messages (`analyze`, `chat` with piped stdin, `replay`, then `render` of its session).

Counts crashes, tracebacks and lost session data (all must be 0), plus apologies and live
mentions. Fixed seed by default (reproducible); `--profile explore` draws new examples.

    python bench/fuzz.py                     # 10,000 messages, fixed seed
    python bench/fuzz.py --total 500 --only engine,slack
    python bench/fuzz.py --profile explore
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bot.cli import analyze_line, main  # noqa: E402
from bot.slack_app import SlackAdapter  # noqa: E402
from bot.slack_server import start_http  # noqa: E402
from engine.brain.rules import RulesBrain  # noqa: E402
from engine.engine import Engine, Ports  # noqa: E402
from engine.messages import ThreadKey  # noqa: E402
from engine.session import SessionError, from_json, to_json  # noqa: E402
from engine.store.memory import MemoryStore  # noqa: E402
from tests.fakes.slack_api import (  # noqa: E402
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    FakeSlack,
    app_mention,
    event_callback,
    message,
    sign,
)
from tests.fuzz_inputs import messages  # noqa: E402
from tests.harness import make_chat  # noqa: E402
from tests.harness import settings as test_settings  # noqa: E402

PER_CONVERSATION = 10
TARGETS = ("engine", "slack", "cli")
FAILED = "something went wrong on my side"
LIVE = ("<!channel>", "<!here", "<!everyone>")
STORED = ("question", "deliverables")  # reply kinds that say the turn was saved


def conversations(total: int, explore: bool = False) -> list[list[str]]:
    """`total` messages in conversations of PER_CONVERSATION, drawn by hypothesis (fixed
    seed unless `explore`)."""
    drawn: list[list[str]] = []

    @settings(
        max_examples=max(1, -(-total // PER_CONVERSATION)),
        derandomize=not explore,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(messages, min_size=PER_CONVERSATION, max_size=PER_CONVERSATION))
    def collect(texts: list[str]) -> None:
        drawn.append(texts)

    collect()
    out, left = [], total
    for texts in drawn:
        if left <= 0:
            break
        out.append(texts[:left])
        left -= len(out[-1])
    return out


class Tracebacks(logging.Handler):
    """Counts log records that carry a traceback (and keeps the first few)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or "Traceback (most recent call last)" in record.getMessage():
            self.count += 1
            if len(self.first) < 3:
                self.first.append(self.format(record)[-600:])


@contextlib.contextmanager
def watching() -> Iterator[Tracebacks]:
    """Every traceback logged anywhere while the block runs."""
    handler = Tracebacks()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def _kept(session: Any) -> bool:
    """The session survives a JSON round trip unchanged."""
    try:
        return from_json(to_json(session)) == session
    except SessionError:
        return False


async def run_engine(convs: list[list[str]], counts: Counter[str]) -> None:
    """Each conversation in its own thread of an engine (offline brain, MemoryStore)."""
    for texts in convs:
        chat = make_chat()
        turns = 0
        for text in texts:
            counts["messages"] += 1
            try:
                reply = await chat.say(text)
            except Exception:
                counts["crashes"] += 1
                continue
            counts["apologies"] += FAILED in reply.text
            counts[f"replies_{reply.kind}"] += 1
            if reply.kind not in STORED:
                continue
            stored = await chat.store.load(chat.thread)
            if stored is None or stored.counters.turns < turns or not _kept(stored):
                counts["lost_session_data"] += 1
            turns = stored.counters.turns if stored is not None else turns


@contextlib.asynccontextmanager
async def slack_app() -> AsyncIterator[tuple[str, SlackAdapter, MemoryStore, FakeSlack]]:
    """The real Bolt app and engine over HTTP on 127.0.0.1, talking to a fake Slack."""
    async with FakeSlack() as fake:
        config = test_settings(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            RATE_LIMIT_USER_PER_MINUTE=1_000_000,
        )
        store = MemoryStore.from_settings(config)
        ports = Ports(sessions=store, gate=store, brain=RulesBrain(), threads=store, arrivals=store)
        adapter = SlackAdapter.build(config, Engine(config, ports))
        runner = await start_http(adapter.web_app(), "127.0.0.1", 0)
        try:
            yield f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events", adapter, store, fake
        finally:
            await adapter.drain()
            await runner.cleanup()


async def _post(http: aiohttp.ClientSession, url: str, event: dict[str, Any], eid: str) -> int:
    body = json.dumps(event_callback(event, eid)).encode()
    headers = {"Content-Type": "application/json", **sign(body)}
    async with http.post(url, data=body, headers=headers) as response:
        return response.status


async def run_slack(convs: list[list[str]], counts: Counter[str]) -> None:
    """Each conversation an @mention and thread replies, signed, to the real Bolt app."""
    async with slack_app() as (url, adapter, store, fake), aiohttp.ClientSession() as http:
        for n, texts in enumerate(convs):
            root = f"{1_700_000_000 + n}.000100"
            for k, text in enumerate(texts):
                counts["messages"] += 1
                ts = root if k == 0 else f"{1_700_000_000 + n}.{100 + k:06d}"
                event = (
                    app_mention(f"<@{BOT_USER_ID}> {text}", ts)
                    if k == 0
                    else message(text, ts, thread_ts=root)
                )
                if await _post(http, url, event, f"Ev{n}-{k}") != 200:
                    counts["crashes"] += 1
                if k and f"<@{BOT_USER_ID}>" in text:  # Slack sends the app_mention twin too
                    twin = app_mention(text, ts, thread_ts=root)
                    counts["crashes"] += await _post(http, url, twin, f"Ev{n}-{k}m") != 200
            await adapter.drain()  # Bolt acks after the listeners started the turns
            await _check_thread(store, fake, ThreadKey("slack", TEAM_ID, "C0CHAN", root), counts)
            fake.calls.clear()


async def _check_thread(
    store: MemoryStore, fake: FakeSlack, key: ThreadKey, counts: Counter[str]
) -> None:
    """What Slack showed for one thread, and whether its saved session survived."""
    texts = [
        str(c.args.get("text", ""))
        for c in fake.calls
        if c.method in ("chat.postMessage", "chat.update")
    ]
    counts["answers_shown"] += sum(t != "_thinking…_" for t in texts)
    counts["apologies"] += sum(FAILED in t for t in texts)
    counts["live_mentions"] += sum(any(m in t for m in LIVE) for t in texts)
    questions = sum("ma_deliver" in str(c.args.get("blocks", "")) for c in fake.calls)
    try:
        stored = await store.load(key)
    except SessionError:
        counts["lost_session_data"] += 1
        return
    if questions and (stored is None or not _kept(stored)):
        counts["lost_session_data"] += 1


@contextlib.contextmanager
def _stdio(stdin: bytes) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """Run with `stdin` as a byte stream (decoded as UTF-8 by the command) and captured
    stdout/stderr, like a pipe."""
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def _cli(argv: list[str], stdin: bytes, counts: Counter[str]) -> str:
    """One CLI run in this process; a non-zero exit or an exception is a crash."""
    try:
        with _stdio(stdin) as (out, err):
            code = main(argv)
    except BaseException:
        counts["crashes"] += 1
        return ""
    counts["crashes"] += code != 0
    counts["tracebacks"] += err.getvalue().count("Traceback (most recent call last)")
    return out.getvalue()


def run_cli(convs: list[list[str]], counts: Counter[str], work: Path) -> None:
    """analyze and chat read the messages as stdin bytes (lone surrogates become invalid
    UTF-8); replay reads them from a JSON file; render redraws replay's saved session."""
    for n, texts in enumerate(convs):
        counts["messages"] += len(texts)
        lines = [t.replace("\r", " ").replace("\n", " ").replace("\u2028", " ") for t in texts]
        stdin = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"
        printed = _cli(["analyze"], stdin, counts)
        if len(printed.splitlines()) != sum(bool(line.strip()) for line in lines):
            counts["analyze_lines_missing"] += 1
        _cli(["chat", "--out", str(work / f"chat{n}")], stdin, counts)
        source = work / f"c{n}.json"
        source.write_text(json.dumps({"messages": texts}), encoding="utf-8")
        out = work / f"replay{n}"
        _cli(["replay", str(source), "--out", str(out)], b"", counts)
        if (out / "session.json").exists():
            try:
                from_json((out / "session.json").read_bytes())
            except SessionError:
                counts["lost_session_data"] += 1
            _cli(["render", str(out / "session.json"), "--out", str(work / f"r{n}")], b"", counts)
        for text in texts:
            json.dumps(analyze_line(text))


def machine() -> dict[str, Any]:
    """nproc, CPU model and load average, for the record."""
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    load = os.getloadavg()[0]
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "load": load}


def fuzz(total: int, targets: tuple[str, ...], explore: bool = False) -> dict[str, Any]:
    """Run the fuzz over the chosen targets; per target: counts and seconds."""
    convs = conversations(total, explore)
    report: dict[str, Any] = {"machine": machine(), "total": sum(map(len, convs))}
    logging.getLogger().setLevel(logging.WARNING)
    for target in targets:
        counts: Counter[str] = Counter(crashes=0, tracebacks=0, lost_session_data=0)
        start = time.perf_counter()
        with watching() as logged, tempfile.TemporaryDirectory(prefix="ma-fuzz-") as tmp:
            if target == "engine":
                asyncio.run(run_engine(convs, counts))
            elif target == "slack":
                asyncio.run(run_slack(convs, counts))
            else:
                run_cli(convs, counts, Path(tmp))
        counts["tracebacks"] += logged.count
        report[target] = {**counts, "seconds": round(time.perf_counter() - start, 1)}
        if logged.first:
            report[target]["first_tracebacks"] = logged.first
    return report


def bad(report: dict[str, Any]) -> list[str]:
    """Targets where a count that must be 0 is not."""
    must = ("crashes", "tracebacks", "lost_session_data")
    return [t for t in TARGETS if t in report and any(report[t].get(k) for k in must)]


def main_args(argv: list[str] | None = None) -> int:
    """Entry point: print the report as JSON; exit 1 if a must-be-zero count is not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--only", default=",".join(TARGETS), help="engine,slack,cli")
    parser.add_argument("--profile", choices=("ci", "explore"), default="ci")
    args = parser.parse_args(argv)
    targets = tuple(t for t in args.only.split(",") if t in TARGETS)
    report = fuzz(args.total, targets, args.profile == "explore")
    print(json.dumps(report, indent=1))
    return 1 if bad(report) else 0


if __name__ == "__main__":
    raise SystemExit(main_args())
