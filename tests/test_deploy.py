"""Dockerfile, docker-compose.yml, .env.example and docs/DEPLOY.md say what the code does."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.serve import serve
from engine.settings import Settings
from tests.harness import settings
from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[1]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last:]


def exec_form(rest: str) -> list[str]:
    value = json.loads(rest)
    assert isinstance(value, list), "use the exec (JSON) form"
    return [str(v) for v in value]


def test_dockerfile_is_multi_stage_slim_and_non_root() -> None:
    froms = [rest for word, rest in instructions() if word == "FROM"]
    assert len(froms) >= 2 and all("slim" in f for f in froms)
    stage = final_stage()
    users = [rest for word, rest in stage if word == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert any(word == "COPY" and "--from=" in rest for word, rest in stage)


def test_healthcheck_probes_healthz() -> None:
    (check,) = [rest for word, rest in final_stage() if word == "HEALTHCHECK"]
    assert "/healthz" in check and "CMD" in check


def test_image_command_is_the_one_the_readme_documents() -> None:
    stage = final_stage()
    entry = exec_form(next(rest for word, rest in stage if word == "ENTRYPOINT"))
    cmd = exec_form(next(rest for word, rest in stage if word == "CMD"))
    command = " ".join(entry + cmd)
    assert command == "meta-agent serve"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    deploy = readme[readme.index("## Deploy") :]
    deploy = deploy[: deploy.index("\n## ", 3)]
    assert f"runs\n`{command}`" in deploy or f"runs `{command}`" in deploy


async def test_the_dockerfile_healthcheck_command_really_probes_serve() -> None:
    (check,) = [rest for word, rest in final_stage() if word == "HEALTHCHECK"]
    argv = exec_form(check[check.index("CMD") + 3 :].strip())
    assert argv[0] == "python"
    port = free_port()
    env = {"PORT": str(port), "PATH": "/usr/bin:/bin"}

    async def probe() -> int:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, *argv[1:], env=env, stderr=asyncio.subprocess.DEVNULL
        )
        return await proc.wait()

    assert await probe() != 0  # nothing listens yet
    stop, up = asyncio.Event(), asyncio.Event()

    async def ready(_: object) -> None:
        up.set()

    task = asyncio.create_task(serve(settings(host="127.0.0.1", port=port), stop, ready))
    await asyncio.wait_for(up.wait(), 20)
    try:
        assert await probe() == 0
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 20) == 0


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_runs_the_bot_after_a_healthy_persistent_redis() -> None:
    data = compose()
    redis, bot = data["services"]["redis"], data["services"]["bot"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    volume = redis["volumes"][0].split(":")[0]
    assert volume in data["volumes"]  # a named volume, not a bind mount
    assert redis["healthcheck"]["test"] and bot["healthcheck"]["test"]
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"
    assert bot["environment"]["SESSION_STORAGE"] == "redis"
    assert bot["environment"]["REDIS_URL"].startswith("redis://redis:")
    grace = Settings.model_fields["shutdown_grace_seconds"].default
    assert int(str(bot["stop_grace_period"]).rstrip("s")) > grace


def test_compose_config_validates_with_docker() -> None:
    for argv in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(argv[0]) is None:
            continue
        probe = subprocess.run([*argv, "version"], capture_output=True, text=True, check=False)
        if probe.returncode != 0:
            continue
        result = subprocess.run(
            [*argv, "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return
    pytest.skip("no docker compose / docker-compose client on this machine")


def env_example() -> list[str]:
    return (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()


def test_env_example_lists_every_setting_with_a_comment() -> None:
    lines = env_example()
    names: list[str] = []
    for i, line in enumerate(lines):
        match = re.match(r"^#?\s?([A-Z][A-Z0-9_]+)=", line)
        if match:
            names.append(match.group(1))
            above = next(x for x in reversed(lines[:i]) if not re.match(r"^#?\s?[A-Z_]+=", x))
            assert above.startswith("# ") and len(above) > 6, f"{match.group(1)} has no comment"
    aliases = [f.alias or n.upper() for n, f in Settings.model_fields.items()]
    assert sorted(set(names)) == sorted(aliases)
    assert len(names) == len(set(names))


def test_env_example_is_a_valid_configuration(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("\n".join(env_example()), encoding="utf-8")
    config = Settings(_env_file=str(env))  # type: ignore[call-arg]
    assert config.session_storage == "redis" and config.slack_bot_token is None


def test_deploy_doc_covers_compose_systemd_and_replicas() -> None:
    text = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    for needle in ("## Docker Compose", "## A plain VM with systemd", "## Several replicas"):
        assert needle in text
    assert "ExecStart=/opt/meta-agent/venv/bin/meta-agent serve" in text
    assert "TimeoutStopSec=30" in text
