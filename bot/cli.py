"""`meta-agent` command: chat, replay, analyze, render, serve, doctor, stats."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.logs import configure, init_sentry
from bot.runtime import open_runtime, secret
from engine.deliverables.files import render_all
from engine.messages import Inbound, ThreadKey
from engine.profile import read_profile
from engine.session import SessionError, from_json, to_json
from engine.settings import Settings, get_settings
from engine.signals import detect_signal
from engine.store.base import StoreError


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
    from bot.doctor import run_doctor

    return await run_doctor(get_settings(), print)


async def _serve(args: argparse.Namespace) -> int:
    from bot.serve import ServeError, serve

    try:
        return await serve(get_settings())
    except ServeError as exc:
        raise UsageError(str(exc)) from exc


async def _stats(args: argparse.Namespace) -> int:
    from bot.stats import StatsError, run_stats

    try:
        return await run_stats(
            get_settings(), args.workspace, args.days, args.png, print, args.until
        )
    except StatsError as exc:
        raise UsageError(str(exc)) from exc


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
    stats = sub.add_parser("stats", help="interview funnel, emails, tokens and cost per workspace")
    stats.add_argument("--workspace", default=None, help="one workspace (default: all)")
    stats.add_argument("--days", default="7", help="how many days back, today included")
    stats.add_argument("--until", default=None, help="last day, YYYY-MM-DD (default: today)")
    stats.add_argument("--png", default=None, help="write a chart of the daily funnel here")
    return parser


def settings_problems(exc: ValidationError) -> str:
    """Every invalid setting on one line: `LOG_LEVEL='LOUD': Input should be ...`."""
    parts = []
    for error in exc.errors():
        name = ".".join(str(p) for p in error.get("loc", ())) or "settings"
        value = error.get("input")
        shown = (
            "" if isinstance(value, dict) or "KEY" in name or "SECRET" in name else f"={value!r}"
        )
        parts.append(f"{name}{shown}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `meta-agent` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
        serving = args.command == "serve"
        configure(
            settings.log_level if serving else "WARNING",
            settings.log_format,
            settings.log_message_text,
        )
        if serving:
            try:
                init_sentry(secret(settings.sentry_dsn))
            except ValueError as exc:
                raise UsageError(str(exc)) from exc
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
        return asyncio.run(_serve(args))
    except UsageError as exc:
        print(f"meta-agent: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"meta-agent: session storage is unavailable: {exc}", file=sys.stderr)
        return 3
    except ValidationError as exc:
        print(f"meta-agent: bad configuration: {settings_problems(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
