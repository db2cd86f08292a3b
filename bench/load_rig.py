"""The load bench's rig: one redis-server, two `bot.cli serve` replicas, fake Slack and OpenAI."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from tests.fakes import openai_server
from tests.fakes.openai_server import FakeOpenAI, Reply
from tests.fakes.slack_api import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from tests.redis_server import RedisServer, free_port

ROOT = Path(__file__).resolve().parents[1]
READY_SECONDS = 30.0
STOP_SECONDS = 10.0
FAKE_KEY = "sk-load-bench"


@dataclass(frozen=True)
class RigOptions:
    """How the rig is configured."""

    brain: str = "offline"  # "offline" or "model"
    model_latency: float = 0.2
    model_failure_share: float = 0.0
    model_timeout: float = 2.0
    lease_seconds: float = 30.0
    replicas: int = 2
    seed: int = 12


@dataclass
class Replica:
    """One `python -m bot.cli serve` child in its own process group."""

    name: str
    port: int
    log: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    killed_at: float | None = None

    @property
    def url(self) -> str:
        """Where Slack posts events to this replica."""
        return f"http://127.0.0.1:{self.port}/slack/events"

    @property
    def alive(self) -> bool:
        """Whether the child runs."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the child; its stdout and stderr go to `log`."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    async def ready(self, within: float = READY_SECONDS) -> None:
        """Wait until the child accepts TCP connections on its port."""
        deadline = time.monotonic() + within
        while not _accepts(self.port):
            if not self.alive or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"replica {self.name} did not start: {tail}")
            await asyncio.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL the whole process group (a crash) and reap it."""
        if self.process is not None and self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_SECONDS)
            self.killed_at = time.monotonic()

    def freeze(self) -> None:
        """SIGSTOP the process group: nothing it does can land between two reads of the audit."""
        if self.process is not None and self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGSTOP)

    def stop(self) -> None:
        """SIGTERM the process group (woken if frozen), SIGKILL it if it lingers."""
        if self.process is None or not self.alive:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
            os.killpg(self.process.pid, signal.SIGCONT)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_SECONDS)

    def problems(self) -> dict[str, int]:
        """Tracebacks and error lines this replica logged."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return {
            "tracebacks": text.count("Traceback (most recent call last)"),
            "error_lines": sum("ERROR" in line for line in text.splitlines()),
            "log_bytes": len(text.encode()),
        }


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state is field 0)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a live process and its live children (the render workers)
    have used so far (Linux /proc), else None."""
    fields = _stat(pid)
    if fields is None:
        return None
    ticks = int(fields[11]) + int(fields[12])
    for entry in Path("/proc").iterdir():
        child = _stat(int(entry.name)) if entry.name.isdigit() else None
        if child is not None and child[1] == str(pid):
            ticks += int(child[11]) + int(child[12])
    return round(ticks / os.sysconf("SC_CLK_TCK"), 1)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def failure_chooser(share: float, timeout: float, seed: int) -> Callable[[], Reply]:
    """Seeded model replies: `share` of them fail as 429, 500, a timeout or malformed output."""
    rng = random.Random(seed)
    kinds: list[Callable[[], Reply]] = [
        openai_server.rate_limited,
        openai_server.server_error,
        lambda: openai_server.slow(timeout + 1.0),
        openai_server.malformed,
    ]
    counter = iter(range(10**9))

    def choose() -> Reply:
        if rng.random() >= share:
            return Reply()
        return kinds[next(counter) % len(kinds)]()

    return choose


@dataclass
class Rig:
    """Everything the bench talks to; started by `async with`, torn down on any exit."""

    directory: Path
    options: RigOptions
    redis: RedisServer | None = None
    slack: FakeSlack = field(default_factory=FakeSlack)
    model: FakeOpenAI | None = None
    replicas: list[Replica] = field(default_factory=list)
    chat_calls: int = 0
    bench_cpu_start: float = field(default_factory=time.process_time)
    cpu_at_ready: dict[str, float | None] = field(default_factory=dict)
    _trimmer: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Rig:
        try:
            await self._start()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _start(self) -> None:
        self.redis = RedisServer(self.directory / "redis", appendonly=True)
        self.redis.start()
        await self.slack.start()
        if self.options.brain == "model":
            self.model = FakeOpenAI(api_key=FAKE_KEY, delay=self.options.model_latency)
            if self.options.model_failure_share:
                self.model.chooser = failure_chooser(
                    self.options.model_failure_share, self.options.model_timeout, self.options.seed
                )
            await self.model.start()
            self._trimmer = asyncio.get_running_loop().create_task(self._trim())
        for i in range(self.options.replicas):
            name = "ab"[i] if i < 2 else str(i)
            port = free_port()
            replica = Replica(name, port, self.directory / f"replica-{name}.log", self._env(port))
            replica.start()
            self.replicas.append(replica)
        for replica in self.replicas:
            await replica.ready()
        self.cpu_at_ready = self.cpu()

    def _env(self, port: int) -> dict[str, str]:
        assert self.redis is not None
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
        env.update(
            PYTHONUNBUFFERED="1",
            SESSION_STORAGE="redis",
            REDIS_URL=self.redis.url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=self.slack.api_url,
            PORT=str(port),
            LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
            LOCK_LEASE_SECONDS=str(self.options.lease_seconds),
        )
        if self.model is not None:
            env.update(
                OPENAI_API_KEY=FAKE_KEY,
                OPENAI_BASE_URL=self.model.base_url,
                OPENAI_TIMEOUT_SECONDS=str(self.options.model_timeout),
            )
        return env

    async def _trim(self) -> None:
        """Keep the fake model's request log small (it records every prompt)."""
        assert self.model is not None
        while True:
            await asyncio.sleep(1.0)
            self.chat_calls += len(self.model.chat_requests)
            self.model.requests.clear()
            self.model.responses.clear()
            del self.model._prompts[:-16]

    def live(self) -> list[Replica]:
        """Replicas that run now."""
        return [r for r in self.replicas if r.alive]

    def cpu_since_ready(self) -> dict[str, float | None]:
        """CPU seconds each process used since the replicas were ready (start-up left out)."""
        now, then = self.cpu(), self.cpu_at_ready
        return {
            name: round(used - (then.get(name) or 0.0), 1) if used is not None else None
            for name, used in now.items()
        }

    def cpu(self) -> dict[str, float | None]:
        """CPU seconds used so far by each replica, Redis and this (the bench) process."""
        used: dict[str, float | None] = {
            r.name: cpu_seconds(r.process.pid) if r.alive and r.process else None
            for r in self.replicas
        }
        if self.redis is not None and self.redis.process is not None:
            used["redis"] = cpu_seconds(self.redis.process.pid)
        used["bench"] = round(time.process_time() - self.bench_cpu_start, 1)
        return used

    def redis_pid(self) -> int:
        """The redis-server's process id."""
        assert self.redis is not None and self.redis.process is not None
        return self.redis.process.pid

    async def close(self) -> None:
        """Stop every child and server; never raises."""
        if self._trimmer is not None:
            self._trimmer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._trimmer
            self._trimmer = None
        for replica in self.replicas:
            with contextlib.suppress(Exception):
                replica.stop()
        if self.redis is not None:
            with contextlib.suppress(Exception):
                if self.redis.process is not None:
                    os.kill(self.redis.process.pid, signal.SIGCONT)
                self.redis.stop()
        with contextlib.suppress(Exception):
            await self.slack.stop()
        if self.model is not None:
            with contextlib.suppress(Exception):
                await self.model.stop()
