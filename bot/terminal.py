"""Terminal adapter: lines in (with line editing when interactive), replies and files out."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TextIO

from rich.console import Console
from rich.markdown import Markdown
from rich.rule import Rule
from rich.table import Table

from engine.messages import Inbound, Progress, Reply, ThreadKey

QUIT_WORDS = frozenset({"quit", "exit", ":q"})
CONVERSATION_FILE = ".conversation"
INTERRUPT_HINT = "(Ctrl-C again, Ctrl-D or 'quit' to leave)"


class Handler(Protocol):
    """What the terminal talks to (the Engine)."""

    async def handle(self, inbound: Inbound) -> Reply:
        """Answer one message."""
        ...


class LineSource(Protocol):
    """Where typed lines come from: a prompt with line editing, or a plain stream."""

    async def read(self) -> str | None:
        """The next line; None at the end of input; raises KeyboardInterrupt on Ctrl-C."""
        ...


def new_conversation_id(now: datetime | None = None) -> str:
    """A fresh id per chat, so message ids never collide with an earlier chat's."""
    at = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{at}-{secrets.token_hex(3)}"


def conversation_id(out: Path, resume: bool) -> str:
    """The chat's conversation id: the last one written in `out` when resuming, else new."""
    marker = out / CONVERSATION_FILE
    if resume and marker.is_file():
        previous = marker.read_text(encoding="utf-8").strip()
        if previous:
            return previous
    return new_conversation_id()


def remember_conversation(out: Path, conversation: str) -> None:
    """Record the conversation id in `out` so `chat --resume` can continue it."""
    out.mkdir(parents=True, exist_ok=True)
    (out / CONVERSATION_FILE).write_text(conversation + "\n", encoding="utf-8")


def to_inbound(thread: ThreadKey, seq: int, line: str, user: str = "you") -> Inbound:
    """A terminal line as the engine's Inbound; ids are unique per conversation."""
    return Inbound(
        thread=thread,
        message_id=f"term-{thread.thread}-{seq}",
        user_id=user,
        user_name=user,
        text=line,
    )


def write_files(reply: Reply, out: Path) -> list[Path]:
    """Write a reply's attachments into `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for attachment in reply.attachments:
        path = out / Path(attachment.filename).name
        path.write_bytes(attachment.content)
        paths.append(path)
    return paths


def progress_table(progress: Progress) -> Table:
    """Coverage per stage as a small table: stated topics filled, assumed ones shaded."""
    table = Table(show_header=False, box=None, padding=(0, 1))
    for stage in progress.stages:
        stated = round(10 * stage.stated / stage.total)
        assumed = round(10 * (stage.stated + stage.assumed) / stage.total) - stated
        rest = 10 - stated - assumed
        bar = f"[green]{'█' * stated}[/][yellow]{'▒' * assumed}[/][dim]{'░' * rest}[/]"
        table.add_row(stage.label, bar, f"{stage.stated}/{stage.total}")
    return table


def progress_line(progress: Progress) -> str:
    """Coverage in words: stated topics, assumed ones apart."""
    return (
        f"Coverage {progress.percent}%: {progress.stated} stated, {progress.assumed} assumed, "
        f"{progress.total - progress.stated - progress.assumed} open"
    )


class Terminal:
    """A chat loop; rich output on a terminal, plain unpadded text when piped."""

    def __init__(
        self,
        handler: Handler,
        out: Path,
        console: Console | None = None,
        *,
        conversation: str | None = None,
        interactive: bool = False,
    ) -> None:
        self._handler = handler
        self._out = out
        self._interactive = interactive
        self._console = console or Console(highlight=False)
        self._conversation = conversation or new_conversation_id()
        self._thread = ThreadKey("terminal", "local", "cli", self._conversation)
        self._seq = 0
        self._written: dict[str, Path] = {}

    @property
    def conversation(self) -> str:
        """This chat's conversation id."""
        return self._conversation

    def _plain(self, text: str) -> None:
        self._console.file.write(text.rstrip() + "\n")
        self._console.file.flush()

    def show(self, reply: Reply) -> None:
        """Render one reply: text, progress, buttons as hints, written files."""
        if reply.kind in ("duplicate", "ignored") or not reply.text:
            return
        rich = self._interactive
        self._console.print(Markdown(reply.text)) if rich else self._plain(reply.text)
        if reply.progress is not None and reply.kind in ("question", "deliverables"):
            line = progress_line(reply.progress)
            if rich:
                self._console.print(f"[dim]{line}[/]")
                self._console.print(progress_table(reply.progress))
            else:
                self._plain(line)
        if reply.attachments:
            self._files(write_files(reply, self._out))
        if reply.actions:
            hints = ", ".join(f"'{a.id}'" for a in reply.actions)
            hint = f"(type {hints}, or answer in your own words)"
            self._console.print(f"[dim]{hint}[/]") if rich else self._plain(hint)
        if rich:
            self._console.print(Rule(style="dim"))

    def _files(self, paths: list[Path]) -> None:
        for path in paths:
            self._written[path.name] = path
        if self._interactive:
            self._console.print(f"[bold green]Wrote {len(paths)} files to {self._out}/[/]")
            for path in paths:
                uri = path.resolve().as_uri()
                self._console.print(f"  [link={uri}]{path}[/link]")
        else:
            self._plain(f"Wrote {len(paths)} files to {self._out}/")
            for path in paths:
                self._plain(f"  {path}")

    async def send(self, line: str) -> Reply:
        """Send one line to the engine (a spinner runs meanwhile) and show the answer."""
        self._seq += 1
        inbound = to_inbound(self._thread, self._seq, line)
        if self._interactive:
            with self._console.status("thinking…", spinner="dots"):
                reply = await self._handler.handle(inbound)
        else:
            reply = await self._handler.handle(inbound)
        self.show(reply)
        return reply

    def _say(self, markup: str, plain: str) -> None:
        self._console.print(markup) if self._interactive else self._plain(plain)

    async def run(self, source: LineSource) -> None:
        """Chat until the input ends, the user types quit, or presses Ctrl-C twice."""
        self._say(
            "[bold]Meta-Agent[/] — tell me what you want to build. "
            "Type [bold]help[/] for commands, [bold]quit[/] to leave.",
            "Meta-Agent — tell me what you want to build. Type help for commands, quit to leave.",
        )
        interrupted = False
        while True:
            try:
                line = await source.read()
            except KeyboardInterrupt:
                if interrupted:
                    break
                interrupted = True
                self._say(f"[dim]{INTERRUPT_HINT}[/]", INTERRUPT_HINT)
                continue
            interrupted = False
            if line is None or line.strip().lower() in QUIT_WORDS:
                break
            if not line.strip():
                continue
            if not self._interactive:
                self._plain(f"> {line}")
            await self.send(line)
        self._goodbye()

    def _goodbye(self) -> None:
        if not self._written:
            return
        self._say("[bold]Your files:[/]", "Your files:")
        for path in self._written.values():
            uri = path.resolve().as_uri()
            if self._interactive:
                self._console.print(f"  [link={uri}]{uri}[/link]")
            else:
                self._plain(f"  {uri}")


class StreamLines:
    """Lines from a text stream (piped stdin); invalid bytes were already replaced."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)

    async def read(self) -> str | None:
        """The next line without its newline, or None at the end."""
        line = next(self._lines, None)
        return None if line is None else line.rstrip("\r\n")


class PromptLines:
    """Lines typed at a prompt with line editing and history (prompt_toolkit)."""

    def __init__(self, history: Path | None = None) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        store = FileHistory(str(history)) if history is not None else InMemoryHistory()
        self._session: PromptSession[str] = PromptSession(history=store)

    async def read(self) -> str | None:
        """The next typed line; None on Ctrl-D; KeyboardInterrupt on Ctrl-C."""
        try:
            return await self._session.prompt_async("> ")
        except EOFError:
            return None


def input_lines(stream: TextIO | None = None) -> Iterable[str]:
    """Lines from a stream (standard input by default) with undecodable bytes replaced."""
    source = stream if stream is not None else sys.stdin
    if hasattr(source, "reconfigure"):
        source.reconfigure(errors="replace")
    yield from source
