"""The Slack app manifest parses and asks for what the adapter uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.doctor import SLACK_SCOPES

MANIFEST = Path(__file__).resolve().parents[1] / "slack" / "manifest.yml"


def _manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_scopes_events_command_and_modes() -> None:
    data = _manifest()
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "im:history", "files:write", "commands"} <= scopes
    assert "chat:write.public" in scopes  # /interview in a public channel the bot hasn't joined
    assert not {"im:read", "im:write"} & scopes  # never used: DMs arrive as events
    events = set(data["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels"} <= events
    commands = [c["command"] for c in data["features"]["slash_commands"]]
    assert commands == ["/interview"]
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["settings"]["socket_mode_enabled"] is True


def test_home_tab_and_assistant_view_with_their_events_and_no_unused_scope() -> None:
    data = _manifest()
    home = data["features"]["app_home"]
    assert home["home_tab_enabled"] is True  # the how-to and the user's recent interviews
    assert home["messages_tab_enabled"] is True  # DMs are interviews too
    assert data["features"]["assistant_view"]["assistant_description"]
    events = set(data["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_home_opened", "assistant_thread_started"} <= events
    assert "assistant_thread_context_changed" in events
    # views.publish and chat.getPermalink need no scope; assistant.threads.* need assistant:write
    assert sorted(data["oauth_config"]["scopes"]["bot"]) == sorted(SLACK_SCOPES)
