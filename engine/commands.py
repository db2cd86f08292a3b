"""Every command word, its arguments, help text and admin flag, and the one parser for them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CommandName = Literal[
    "help",
    "status",
    "skip",
    "done",
    "restart",
    "forget",
    "profile",
    "export",
    "email",
    "accept",
    "more",
]
Arg = Literal["none", "address", "user"]


@dataclass(frozen=True, slots=True)
class Spec:
    """One command: the word people type, the button ids that mean it, and how it is used."""

    name: CommandName
    help: str
    arg: Arg = "none"
    usage: str = ""
    actions: tuple[str, ...] = ()
    admin: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        """The words that type this command."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Command:
    """An explicit command typed by the user or sent by a button."""

    name: CommandName
    arg: str = ""


COMMANDS: tuple[Spec, ...] = (
    Spec("status", "coverage", actions=("status",)),
    Spec("profile", "what I detected", actions=("profile",)),
    Spec("skip", "skip this question", actions=("skip",)),
    Spec("done", "deliver now", actions=("deliver", "done"), aliases=("deliver",)),
    Spec("accept", "accept the assumptions", actions=("accept",)),
    Spec("more", "a few more questions before the files", actions=("more",)),
    Spec("export", "post the latest files again", actions=("export",)),
    Spec("email", "mail the summary", "address", "email you@example.com", ("email",)),
    Spec("restart", "start over in this thread", actions=("restart",)),
    Spec("forget", "delete this thread's data", actions=("forget",)),
    Spec("forget", "delete a person's data; admins only", "user", "forget --user <id>", admin=True),
    Spec("help", "what I understand", actions=("help",)),
)
"""The one table of commands; `forget` has a second row for its admin form."""

ACTIONS: dict[str, CommandName] = {a: s.name for s in COMMANDS for a in s.actions}
"""Button ids (`Inbound.action`) and the command each one means."""

_WORDS = {w: s.name for s in COMMANDS for w in s.words}
_MAX_ARG_WORDS = {"email": 2, "forget": 2}
_COMMAND_RE = re.compile(
    r"^\s*[/!]?(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b[\s:]*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ADDRESS = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_USER = re.compile(r"^--user\s+@?(\S+)$")


def parse(text: str, action: str | None = None) -> Command | None:
    """The command in a message or button press, or None for an ordinary answer.

    Only a short message that *is* the command counts, so "skip the login for guests" and
    "done with paper forms" stay answers.
    """
    if action:
        name = ACTIONS.get(action)
        return Command(name, "") if name else None
    match = _COMMAND_RE.match(text)
    if not match:
        return None
    typed = _WORDS[match.group(1).lower()]
    rest = match.group(2).strip().rstrip(".!?")
    limit = _MAX_ARG_WORDS.get(typed, 0)
    if len(rest.split()) > limit or (rest and typed not in _MAX_ARG_WORDS):
        return None
    return Command(typed, rest)


def address(cmd: Command) -> str | None:
    """The e-mail address an `email` command names, or None."""
    return cmd.arg if _ADDRESS.match(cmd.arg) else None


def target_user(cmd: Command) -> str | None:
    """The user id or name of `forget --user <id>` (a leading @ dropped), or None."""
    match = _USER.match(cmd.arg)
    return match.group(1) if match else None


def is_command(text: str) -> bool:
    """Whether `text` is a command whose argument fits (so it must not start an interview).

    "email marketing for dentists" and "status page for my API" are ideas, not commands.
    """
    cmd = parse(text)
    if cmd is None:
        return False
    if cmd.name == "email":
        return not cmd.arg or address(cmd) is not None
    return True


def help_text() -> str:
    """The command line of the help message, generated from the table."""
    items = []
    for spec in COMMANDS:
        shown = spec.usage or spec.name
        items.append(f"`{shown}` ({spec.help})")
    return "**Commands**: " + ", ".join(items) + "."
