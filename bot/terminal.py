"""Terminal adapter: lines in, rich-rendered replies and files on disk out."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, TextIO

from rich.console import Console
from rich.markdown import Markdown
from rich.rule import Rule
from rich.table import Table

from engine.messages import Inbound, Progress, Reply, ThreadKey


class Handler(Protocol):
    """What the terminal talks to (the Engine)."""

    async def handle(self, inbound: Inbound) -> Reply:
        """Answer one message."""
        ...


def to_inbound(thread: ThreadKey, seq: int, line: str, user: str = "you") -> Inbound:
    """A terminal line as the engine's Inbound."""
    return Inbound(thread=thread, message_id=f"term-{seq}", user_id=user, user_name=user, text=line)


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
    """Coverage per stage as a small table."""
    table = Table(show_header=False, box=None, padding=(0, 1))
    for stage in progress.stages:
        filled = round(10 * stage.covered / stage.total)
        bar = "[green]" + "█" * filled + "[/][dim]" + "░" * (10 - filled) + "[/]"
        table.add_row(stage.label, bar, f"{stage.covered}/{stage.total}")
    return table


class Terminal:
    """A chat loop over any text stream; works interactively and with piped stdin."""

    def __init__(self, handler: Handler, out: Path, console: Console | None = None) -> None:
        self._handler = handler
        self._out = out
        self._console = console or Console(highlight=False)
        self._thread = ThreadKey("terminal", "local", "cli", "chat")
        self._seq = 0

    def show(self, reply: Reply) -> None:
        """Render one reply: Markdown text, progress, buttons as hints, written files."""
        if reply.kind == "duplicate" or not reply.text:
            return
        self._console.print(Markdown(reply.text))
        if reply.progress is not None and reply.kind in ("question", "deliverables"):
            self._console.print(f"[dim]Coverage {reply.progress.percent}%[/]")
            self._console.print(progress_table(reply.progress))
        if reply.attachments:
            paths = write_files(reply, self._out)
            self._console.print(f"[bold green]Wrote {len(paths)} files to {self._out}/[/]")
            for path in paths:
                self._console.print(f"  {path}")
        if reply.actions:
            hints = ", ".join(f"'{a.id}'" for a in reply.actions)
            self._console.print(f"[dim](type {hints}, or answer in your own words)[/]")
        self._console.print(Rule(style="dim"))

    async def send(self, line: str) -> Reply:
        """Send one line to the engine and show the answer."""
        self._seq += 1
        reply = await self._handler.handle(to_inbound(self._thread, self._seq, line))
        self.show(reply)
        return reply

    async def run(self, lines: Iterable[str], interactive: bool) -> None:
        """Chat until the input ends or the user types quit."""
        self._console.print(
            "[bold]Meta-Agent[/] — tell me what you want to build. "
            "Type [bold]help[/] for commands, [bold]quit[/] to leave."
        )
        if interactive:
            self._console.print("[bold cyan]> [/]", end="")
        for raw in lines:
            line = raw.rstrip("\n")
            if line.strip().lower() in ("quit", "exit", ":q"):
                break
            if not interactive:
                self._console.print(f"[bold cyan]> {line}[/]")
            await self.send(line)
            if interactive:
                self._console.print("[bold cyan]> [/]", end="")


def input_lines(stream: TextIO | None = None) -> Iterable[str]:
    """Lines from a stream (standard input by default); stops cleanly on end of input."""
    yield from stream if stream is not None else sys.stdin
