"""Both directions of the boundary: the engine never imports platform SDKs or the adapters;
adapters import only the engine's public API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("slack_bolt", "slack_sdk", "discord", "bot")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


ENGINE_FILES = sorted((ROOT / "engine").rglob("*.py"))


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_engine_module_imports_no_platform_sdk(path: Path) -> None:
    bad = {n for n in _imports(path) if n.split(".")[0] in FORBIDDEN}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_guard_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import slack_sdk\nfrom bot.cli import main\nimport discord.ext\n")
    assert {n.split(".")[0] for n in _imports(sample)} == {"slack_sdk", "bot", "discord"}


def test_no_utils_module() -> None:
    for top in ("engine", "bot", "tests", "bench"):
        assert not list((ROOT / top).glob("**/utils.py"))


def test_boundary_types_are_frozen_builtins() -> None:
    import dataclasses

    from engine.messages import Inbound, ThreadKey

    inbound = Inbound(ThreadKey("slack", "T1", "C1", "1.0"), "E1", "U1", "Ann", "hi")
    with pytest.raises(dataclasses.FrozenInstanceError):
        inbound.text = "changed"  # type: ignore[misc]


# ---------------------------------------------------------------- bot -> engine

PUBLIC_API = frozenset(
    {"engine.messages", "engine.engine", "engine.settings", "engine.commands", "engine.redact"}
)
"""What adapters may import from the engine (docs/DESIGN.md, "Public API")."""
COMPOSITION_ROOT = frozenset(
    {"runtime.py", "cli.py", "serve.py", "doctor.py", "stats.py", "metrics.py"}
)
"""The bot's wiring and operator tools: they also build or inspect the engine's parts."""
WIRING = frozenset(
    {
        "engine.brain.base",
        "engine.brain.openai",
        "engine.mail",
        "engine.types",
        "engine.store.redis",
        "engine.store.keys",
        "engine.deliverables.fonts",
        "engine.brain.rules",
        "engine.store.base",
        "engine.store.factory",
        "engine.turns",
        "engine.spend",
        "engine.deliverables.files",
        "engine.session",
        "engine.profile",
        "engine.signals",
    }
)
"""Engine parts the composition root wires or the operator CLI inspects (render, replay)."""
BOT_FILES = sorted((ROOT / "bot").rglob("*.py"))


def _engine_imports(path: Path) -> set[str]:
    return {n for n in _imports(path) if n == "engine" or n.startswith("engine.")}


@pytest.mark.parametrize("path", BOT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_bot_imports_only_the_engines_public_api(path: Path) -> None:
    allowed = PUBLIC_API | (WIRING if path.name in COMPOSITION_ROOT else frozenset())
    internal = _engine_imports(path) - allowed
    assert not internal, f"{path.name} imports engine internals {sorted(internal)}"


def test_public_api_guard_catches_an_internal_import(tmp_path: Path) -> None:
    sample = tmp_path / "adapter.py"
    sample.write_text("from engine.messages import Inbound\nfrom engine.store.redis import X\n")
    assert _engine_imports(sample) - PUBLIC_API == {"engine.store.redis"}


def test_the_public_api_exists() -> None:
    for name in PUBLIC_API | WIRING:
        assert (ROOT / (name.replace(".", "/") + ".py")).is_file(), name
