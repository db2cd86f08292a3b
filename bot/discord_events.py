"""Discord payloads as Inbounds: messages, interactions, and persistent buttons back in."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any, Protocol, cast

import discord

from bot.discord_format import CUSTOM_ID_TEMPLATE, custom_id
from engine.messages import Action, Inbound, ThreadKey

TOKEN_MARGIN = timedelta(minutes=14)  # interaction tokens live 15 minutes
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "default": discord.ButtonStyle.secondary,
}


class Pressed(Protocol):
    """Where a pressed button goes: the adapter of the client that received it."""

    async def on_button(
        self, interaction: discord.Interaction[discord.Client], action: str
    ) -> None:
        """Answer one button press."""
        ...


class ActionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=CUSTOM_ID_TEMPLATE
):
    """A persistent button for one engine action; its custom id survives restarts."""

    def __init__(self, action: Action) -> None:
        """A button labelled for `action`, with the custom id `meta-agent:<action id>`."""
        super().__init__(
            discord.ui.Button(
                label=action.label[:80],
                style=STYLES.get(action.style, discord.ButtonStyle.secondary),
                custom_id=custom_id(action.id),
            )
        )
        self.action = action.id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> ActionButton:
        """Rebuild the button from a pressed custom id (also after a restart)."""
        label = str(getattr(item, "label", None) or match["action"])
        return cls(Action(match["action"], label))

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        """Hand the press to the adapter of the client that received it."""
        adapter = cast(Pressed, cast(Any, interaction.client).meta_agent)
        await adapter.on_button(interaction, self.action)


def actions_view(actions: Sequence[Action]) -> discord.ui.View | None:
    """The buttons of a reply, as a persistent view (no timeout)."""
    if not actions:
        return None
    view = discord.ui.View(timeout=None)
    for action in actions[:25]:
        view.add_item(ActionButton(action))
    return view


def display_name(user: discord.abc.User) -> str:
    """The name people see for a user."""
    return str(getattr(user, "display_name", None) or user.name)


def token_fresh(interaction: discord.Interaction[Any]) -> bool:
    """Whether the interaction token can still edit and follow up (with a safety margin)."""
    return discord.utils.utcnow() - interaction.created_at < TOKEN_MARGIN


def message_inbound(
    key: ThreadKey, message: discord.Message, text: str, addressed: bool
) -> Inbound:
    """A message as an Inbound (`addressed`: a mention, a DM or a reply in our thread)."""
    return Inbound(
        thread=key,
        message_id=str(message.id),
        user_id=str(message.author.id),
        user_name=display_name(message.author),
        text=text,
        addressed=addressed,
    )


def interaction_inbound(
    interaction: discord.Interaction[discord.Client],
    key: ThreadKey,
    text: str,
    delivery: str,
    action: str | None = None,
) -> Inbound:
    """An interaction (slash command or button press) as an Inbound; `delivery` is its id."""
    return Inbound(
        thread=key,
        message_id=delivery,
        user_id=str(interaction.user.id),
        user_name=display_name(interaction.user),
        text=text,
        action=action,
        addressed=True,
    )


@dataclass(frozen=True, slots=True)
class AnswerPlace:
    """Where a turn is answered if the replica running it dies: its channel (a thread, a DM
    or a channel), the user's message to reply to, or the deferred interaction to answer
    (`app`, `token`, `created`; the token lives 15 minutes, then the channel is used)."""

    channel: int
    message: int = 0
    app: int = 0
    token: str = ""
    created: float = 0.0  # when the interaction was made, as a UNIX time

    def ref(self) -> str:
        """The place as the engine records it with the turn."""
        return json.dumps(asdict(self), separators=(",", ":"))

    def token_fresh(self) -> bool:
        """Whether the interaction token can still answer (with token_fresh's margin)."""
        age = discord.utils.utcnow().timestamp() - self.created
        return bool(self.token) and age < TOKEN_MARGIN.total_seconds()


def message_ref(channel_id: int, message: discord.Message | None = None) -> str:
    """Where a turn is answered: a post in `channel_id`, replying to `message` when given."""
    return AnswerPlace(channel_id, message.id if message is not None else 0).ref()


def interaction_ref(interaction: discord.Interaction[Any], channel_id: int) -> str:
    """Where a turn is answered: through its deferred interaction, or in `channel_id` once
    the token expired."""
    created = interaction.created_at.timestamp()
    app = interaction.application_id
    return AnswerPlace(channel_id, 0, app, interaction.token, created).ref()


def answer_place(ref: str) -> AnswerPlace | None:
    """A recorded place back, or None for anything else (another adapter's, damaged)."""
    try:
        data = json.loads(ref)
        place = AnswerPlace(**data) if isinstance(data, dict) else None
    except (ValueError, TypeError):
        return None
    return place if place is not None and place.channel else None
