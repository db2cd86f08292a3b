"""Every link and file reference in the README and docs/ resolves inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_CODE_PATH = re.compile(r"`((?:\.\./)*(?:docs|slack|bench|tests|engine|bot|shared)/[\w./-]+\.\w+)`")


def _targets(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    links = [t for t in _LINK.findall(text) if not re.match(r"^(?:https?|mailto|file):", t)]
    return links + _CODE_PATH.findall(text)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_links_resolve_inside_the_repository(doc: Path) -> None:
    broken = []
    for target in _targets(doc):
        path = target.split("#", 1)[0]
        if not path:
            continue
        top = ("docs/", "slack/", "bench/", "engine/", "bot/", "tests/")
        base = ROOT if path.startswith(top) else doc.parent
        resolved = (base / path).resolve()
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            broken.append(target)
    assert not broken, f"{doc.name}: {broken}"
