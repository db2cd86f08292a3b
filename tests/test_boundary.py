"""The engine never imports platform SDKs or the adapters."""

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
