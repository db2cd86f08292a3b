"""The README documents every command and every environment variable."""

from __future__ import annotations

from pathlib import Path

from engine.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default() -> None:
    missing = []
    for name, field in Settings.model_fields.items():
        alias = field.alias or name.upper()
        if f"`{alias}`" not in README:
            missing.append(alias)
    assert not missing, f"README lacks {missing}"


def test_two_commands_come_first() -> None:
    assert README.index("make demo") < README.index("## Commands")
    assert README.index("make test") < README.index("## Commands")


def test_every_cli_command_is_documented() -> None:
    from bot.cli import _parser

    sub = next(a for a in _parser()._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"meta-agent {name}" in README, name
