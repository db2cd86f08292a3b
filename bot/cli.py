"""`meta-agent` command: chat, replay, analyze, render, serve, doctor, stats, discord-sync."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.logs import configure
from bot.runtime import open_runtime, serve_adapters
from engine.deliverables.files import render_all
from engine.messages import Inbound, ThreadKey
from engine.profile import read_profile
from engine.session import SessionError, from_json, to_json
from engine.settings import Settings, get_settings
from engine.signals import detect_signal
from engine.store.base import StoreError
from engine.store.factory import make_store


class UsageError(Exception):
    """A bad command line or input file; printed without a traceback."""


async def _chat(args: argparse.Namespace) -> int:
    from bot.terminal import Terminal, input_lines

    runtime = await open_runtime(get_settings(), rate_limits=False)
    try:
        await Terminal(runtime.engine, Path(args.out)).run(input_lines(), sys.stdin.isatty())
    finally:
        await runtime.close()
    return 0


def _messages(path: Path) -> list[tuple[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not valid JSON ({exc})") from exc
    items = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise UsageError(f'{path}: expected {{"messages": ["...", ...]}} with at least one message')
    out: list[tuple[str, str]] = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            out.append(("user", item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append((str(item.get("user") or "user"), item["text"]))
        else:
            raise UsageError(f'{path}: message {i} must be a string or {{"user", "text"}}')
    return out


async def replay(path: Path, out: Path, settings: Settings) -> dict[str, Any]:
    """Run a scripted conversation through the engine and write its files into `out`."""
    from bot.terminal import write_files

    messages = _messages(path)
    runtime = await open_runtime(settings, rate_limits=False)
    engine, store = runtime.engine, runtime.store
    thread = ThreadKey("replay", "local", "replay", path.stem)
    await store.delete(thread)  # a replay always starts from a clean thread
    transcript: list[dict[str, str]] = []
    written: list[str] = []
    for seq, (user, text) in enumerate(messages, start=1):
        inbound = Inbound(thread, f"replay-{seq}", user, user, text)
        reply = await engine.handle(inbound)
        transcript.append({"role": "user", "user": user, "text": text})
        transcript.append({"role": "bot", "user": "meta-agent", "text": reply.text})
        written += [p.name for p in write_files(reply, out)]
    session = await store.load(thread)
    await runtime.close()
    _write_record(out, transcript, to_json(session) if session else None)
    return {"messages": len(messages), "files": sorted(set(written))}


def _write_record(out: Path, transcript: list[dict[str, str]], session: bytes | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "transcript.json").write_text(json.dumps(transcript, indent=2, ensure_ascii=False))
    if session is not None:
        (out / "session.json").write_bytes(session)


async def _replay(args: argparse.Namespace) -> int:
    result = await replay(Path(args.file), Path(args.out), get_settings())
    print(
        f"Replayed {result['messages']} messages; wrote {len(result['files'])} deliverable "
        f"files, transcript.json and session.json to {args.out}/"
    )
    return 0


def analyze_line(text: str) -> dict[str, Any]:
    """The profile and signal of one message, as `meta-agent analyze` prints them."""
    reading = read_profile(text)
    signal = detect_signal(text)
    return {
        "industry": reading.industry,
        "industry_confidence": round(reading.industry_confidence, 3),
        "role": reading.role,
        "sophistication": reading.sophistication,
        "sophistication_score": round(reading.sophistication_score, 3),
        "signal": signal.kind,
        "signal_confidence": round(signal.confidence, 3),
    }


def _analyze(args: argparse.Namespace) -> int:
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(analyze_line(line.rstrip("\n"))), flush=True)
    return 0


def _render(args: argparse.Namespace) -> int:
    from bot.terminal import write_files

    path = Path(args.session)
    try:
        session = from_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file") from exc
    except SessionError as exc:
        raise UsageError(f"{path}: {exc}") from exc
    if session.deliverable_version == 0:
        session = session.model_copy(update={"deliverable_version": 1})
    files = render_all(session)
    from engine.messages import Reply

    paths = write_files(Reply("", files.attachments), Path(args.out))
    print(f"Wrote {len(paths)} files (v{session.deliverable_version}) to {args.out}/")
    return 0


async def _doctor(args: argparse.Namespace) -> int:
    from engine.brain.openai import check_openai
    from engine.store.factory import check

    settings = get_settings()
    problems = 0
    print(f"Python {sys.version.split()[0]}")
    health = await check(settings)
    mark = "ok" if health.ok else "FAIL"
    print(
        f"[{mark}] sessions: {health.backend} at {health.where} ({health.latency_ms} ms)"
        + (f" — {health.detail}" if health.detail else "")
    )
    problems += not health.ok
    if settings.openai_api_key is None:
        print("[ok] brain: offline rules (set OPENAI_API_KEY for the OpenAI brain)")
    else:
        ok, message = await check_openai(settings)
        print(f"[{'ok' if ok else 'FAIL'}] brain: {message}")
        problems += not ok
    slack = "configured" if settings.slack_bot_token else "not configured (SLACK_BOT_TOKEN)"
    print(f"[ok] slack: {slack}")
    if settings.discord_bot_token is None:
        print("[ok] discord: not configured (DISCORD_BOT_TOKEN)")
    else:
        from bot.discord_client import check_discord

        ok, message = await check_discord(settings)
        print(f"[{'ok' if ok else 'FAIL'}] discord: {message}")
        problems += not ok
    return 1 if problems else 0


async def _serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    if settings.slack_bot_token is None and settings.discord_bot_token is None:
        raise UsageError(
            "nothing to serve: set SLACK_BOT_TOKEN and/or DISCORD_BOT_TOKEN "
            "(see docs/SLACK.md, docs/DISCORD.md)"
        )
    runtime = await open_runtime(settings)
    try:
        await serve_adapters(settings, runtime.engine)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        await runtime.close()
    return 0


async def _discord_sync(args: argparse.Namespace) -> int:
    from bot.discord_client import sync_commands

    settings = get_settings()
    try:
        names = await sync_commands(settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    where = f"guild {settings.discord_guild_id}" if settings.discord_guild_id else "globally"
    print(f"Registered /{', /'.join(names)} {where}")
    return 0


async def _stats(args: argparse.Namespace) -> int:
    store = make_store(get_settings())
    try:
        day = args.day or datetime.now(UTC).strftime("%Y-%m-%d")
        print(json.dumps(await store.read(args.workspace, day), indent=2, sort_keys=True))
    finally:
        await store.close()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meta-agent", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="interview in the terminal")
    chat.add_argument("--out", default="out/chat", help="where deliverables are written")
    rep = sub.add_parser("replay", help="run a scripted conversation from a JSON file")
    rep.add_argument("file")
    rep.add_argument("--out", required=True)
    sub.add_parser("analyze", help="profile and signal of each stdin line, as JSON lines")
    ren = sub.add_parser("render", help="re-render deliverables from a saved session.json")
    ren.add_argument("session")
    ren.add_argument("--out", required=True)
    sub.add_parser("serve", help="run the Slack (and Discord) bots")
    sub.add_parser("doctor", help="check configuration and connections")
    sub.add_parser(
        "discord-sync", help="register /interview with Discord (DISCORD_GUILD_ID, else global)"
    )
    stats = sub.add_parser("stats", help="today's counters of a workspace")
    stats.add_argument("--workspace", default="local")
    stats.add_argument("--day", default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `meta-agent` console script."""
    args = _parser().parse_args(argv)
    try:
        configure(get_settings().log_level if args.command == "serve" else "WARNING")
        if args.command == "chat":
            return asyncio.run(_chat(args))
        if args.command == "replay":
            return asyncio.run(_replay(args))
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "render":
            return _render(args)
        if args.command == "doctor":
            return asyncio.run(_doctor(args))
        if args.command == "stats":
            return asyncio.run(_stats(args))
        if args.command == "discord-sync":
            return asyncio.run(_discord_sync(args))
        return asyncio.run(_serve(args))
    except UsageError as exc:
        print(f"meta-agent: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"meta-agent: session storage is unavailable: {exc}", file=sys.stderr)
        return 3
    except ValidationError as exc:
        print(
            f"meta-agent: bad configuration: {exc.error_count()} problem(s)\n{exc}", file=sys.stderr
        )
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
