"""`meta-agent` command: chat, replay, analyze, render, serve, doctor, stats, discord-sync."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Heavy modules (pydantic models, renderers, SDKs) load inside the commands that use them,
# so `--help` and `--version` answer at once.
if TYPE_CHECKING:
    from engine.settings import Settings

VERSION_PACKAGE = "meta-agent"


class UsageError(Exception):
    """A bad command line or input file; printed as one line without a traceback."""


def get_settings() -> Settings:
    """The process settings (engine.settings loads lazily, with pydantic)."""
    from engine.settings import get_settings as load

    return load()


def _input_file(path: Path) -> bytes:
    """The bytes of an input file, or a clear UsageError."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, expected a file")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file") from exc
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from exc


def _output_dir(path: Path) -> Path:
    """An output folder that exists (created when missing), or a clear UsageError."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot create it ({exc.strerror or exc})") from exc
    return path


async def _chat(args: argparse.Namespace) -> int:
    from bot.runtime import open_runtime
    from bot.terminal import (
        PromptLines,
        StreamLines,
        Terminal,
        conversation_id,
        input_lines,
        remember_conversation,
    )

    out = _output_dir(Path(args.out))
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    conversation = conversation_id(out, args.resume)
    remember_conversation(out, conversation)
    source = PromptLines(out / ".history") if interactive else StreamLines(input_lines())
    runtime = await open_runtime(get_settings(), rate_limits=False)
    try:
        terminal = Terminal(runtime.engine, out, conversation=conversation, interactive=interactive)
        await terminal.run(source)
    finally:
        await runtime.close()
    return 0


def _messages(path: Path) -> list[tuple[str, str]]:
    raw = _input_file(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise UsageError(f"{path}: not valid JSON (nested too deeply)") from exc
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
    from bot.runtime import open_runtime
    from bot.terminal import write_files
    from engine.messages import Inbound, ThreadKey
    from engine.session import to_json

    messages = _messages(path)
    _output_dir(out)
    runtime = await open_runtime(settings, rate_limits=False)
    engine, store = runtime.engine, runtime.store
    thread = ThreadKey("replay", "local", "replay", path.stem)
    await store.delete(thread)  # a replay always starts from a clean thread
    transcript: list[dict[str, str]] = []
    written: list[str] = []
    for seq, (user, text) in enumerate(messages, start=1):
        inbound = Inbound(thread, f"replay-{seq}", user, user, text)
        reply = await engine.handle(inbound)
        transcript.append({"role": "user", "user": inbound.user_name, "text": inbound.text})
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
    from engine.messages import sanitize
    from engine.profile import read_profile
    from engine.signals import detect_signal

    text = sanitize(text)
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
    from bot.terminal import input_lines

    for line in input_lines():
        if line.strip():
            print(json.dumps(analyze_line(line.rstrip("\n"))), flush=True)
    return 0


def _render(args: argparse.Namespace) -> int:
    from bot.terminal import write_files
    from engine.deliverables.files import render_all
    from engine.messages import Reply
    from engine.session import SessionError, from_json

    path = Path(args.session)
    raw = _input_file(path)
    out = _output_dir(Path(args.out))
    try:
        session = from_json(raw)
    except SessionError as exc:
        raise UsageError(f"{path}: {exc}") from exc
    if session.deliverable_version == 0:
        session = session.model_copy(update={"deliverable_version": 1})
    files = render_all(session)
    paths = write_files(Reply("", files.attachments), out)
    print(f"Wrote {len(paths)} files (v{session.deliverable_version}) to {args.out}/")
    for missing in files.missing:
        error = missing.detail.rstrip().splitlines()[-1]
        print(f"{missing.filename} is missing: {missing.renderer} failed: {error}", file=sys.stderr)
    return 1 if files.missing else 0


async def _doctor(args: argparse.Namespace) -> int:
    from bot.doctor import run_doctor

    return await run_doctor(get_settings(), print)


async def _serve(args: argparse.Namespace) -> int:
    from bot.serve import ServeError, serve

    try:
        return await serve(get_settings())
    except ServeError as exc:
        raise UsageError(str(exc)) from exc


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
    from bot.stats import StatsError, run_stats

    try:
        return await run_stats(
            get_settings(), args.workspace, args.days, args.png, print, args.until
        )
    except StatsError as exc:
        raise UsageError(str(exc)) from exc


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2."""

    def error(self, message: str) -> Any:  # argparse's signature is NoReturn
        """Print one line and exit 2."""
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(VERSION_PACKAGE)
    except PackageNotFoundError:
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="meta-agent", description=__doc__)
    parser.add_argument("--version", action="version", version=f"meta-agent {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    chat = sub.add_parser("chat", help="interview in the terminal")
    chat.add_argument("--out", default="out/chat", help="folder for deliverables (created)")
    chat.add_argument(
        "--resume", action="store_true", help="continue the last chat written to --out"
    )
    rep = sub.add_parser("replay", help="run a scripted conversation from a JSON file")
    rep.add_argument("file", help='JSON file: {"messages": ["...", {"user": "bo", "text": "..."}]}')
    rep.add_argument("--out", required=True, help="folder for transcript, session and files")
    sub.add_parser("analyze", help="profile and signal of each stdin line, as JSON lines")
    ren = sub.add_parser("render", help="re-render deliverables from a saved session.json")
    ren.add_argument("session", help="a session.json written by replay or exported")
    ren.add_argument("--out", required=True, help="folder for the rendered files (created)")
    sub.add_parser("serve", help="run the configured chat adapters (Slack, Discord)")
    sub.add_parser("doctor", help="check configuration and connections")
    sub.add_parser(
        "discord-sync", help="register /interview with Discord (DISCORD_GUILD_ID, else global)"
    )
    stats = sub.add_parser("stats", help="interview funnel, emails, tokens and cost per workspace")
    stats.add_argument("--workspace", default=None, help="one workspace (default: all)")
    stats.add_argument("--days", default="7", help="how many days back, today included")
    stats.add_argument("--until", default=None, help="last day, YYYY-MM-DD (default: today)")
    stats.add_argument("--png", default=None, help="write a chart of the daily funnel here")
    return parser


def _run(args: argparse.Namespace) -> int:
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


def _failure(exc: Exception) -> int:
    """One clear line on stderr and an exit status for a failure we know."""
    from pydantic import ValidationError

    from engine.store.base import StoreError

    if isinstance(exc, UsageError):
        print(f"meta-agent: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, StoreError):
        print(f"meta-agent: session storage is unavailable: {exc}", file=sys.stderr)
        return 3
    if isinstance(exc, ValidationError):
        print(f"meta-agent: bad configuration: {settings_problems(exc)}", file=sys.stderr)
        return 2
    raise exc


def settings_problems(exc: Any) -> str:
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
        from bot.logs import configure, init_sentry
        from engine.settings import plain

        settings = get_settings()
        serving = args.command == "serve"
        configure(
            settings.log_level if serving else "WARNING",
            settings.log_format,
            settings.log_message_text,
        )
        if serving:
            try:
                init_sentry(plain(settings.sentry_dsn))
            except ValueError as exc:
                raise UsageError(str(exc)) from exc
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return _failure(exc)


if __name__ == "__main__":
    raise SystemExit(main())
