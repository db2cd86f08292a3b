"""Size limits of the source: modules of at most 600 code lines, functions of at most 80 lines."""

from __future__ import annotations

import ast
import json
import tomllib
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest

from engine.vocabulary import load

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "engine" / "data"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def code_lines(source: str) -> int:
    """Lines that are neither blank nor comments (docstrings count: they are code to read)."""
    return sum(
        1 for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def long_functions(source: str, limit: int) -> list[tuple[str, int]]:
    """(name, lines) of every function or method, nested ones too, longer than `limit`."""
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > limit
    ]


def _sources(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def test_code_lines_skip_blanks_and_comments() -> None:
    source = '"""Doc."""\n\n# a comment\n    # indented comment\nx = 1  # trailing\n'
    assert code_lines(source) == 2


def test_long_functions_finds_nested_and_methods() -> None:
    body = "\n".join(f"        x{i} = {i}" for i in range(3))
    source = f"class A:\n    def f(self):\n        def g():\n            pass\n{body}\n"
    assert long_functions(source, 4) == [("f", 6)]
    assert long_functions(source, 6) == []


def test_no_engine_module_over_600_code_lines() -> None:
    sizes = {
        str(p.relative_to(ROOT)): code_lines(p.read_text(encoding="utf-8"))
        for p in _sources("engine")
    }
    assert sizes, "no engine modules found"
    too_big = {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES}
    assert too_big == {}


def test_no_engine_or_bot_function_over_80_lines() -> None:
    too_long = {
        f"{p.relative_to(ROOT)}:{name}": n
        for p in _sources("engine", "bot")
        for name, n in long_functions(p.read_text(encoding="utf-8"), MAX_FUNCTION_LINES)
    }
    assert too_long == {}


@pytest.mark.parametrize(
    "path", sorted(DATA.rglob("*.json")), ids=lambda p: str(p.relative_to(DATA))
)
def test_every_data_file_loads(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data
    if path.parent == DATA:
        assert load(path.name) == data


def test_data_files_ship_in_the_package() -> None:
    """A non-editable install carries engine/data: every JSON file matches a package-data glob."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["engine"]
    for path in DATA.rglob("*.json"):
        relative = PurePosixPath(path.relative_to(ROOT / "engine").as_posix())
        assert any(_matches(relative, glob) for glob in globs), relative


def _matches(relative: PurePosixPath, glob: str) -> bool:
    """Setuptools' package-data glob: `*` never crosses a folder."""
    parts = PurePosixPath(glob).parts
    return len(parts) == len(relative.parts) and all(map(fnmatch, relative.parts, parts))
