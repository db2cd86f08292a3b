"""No import cycles in engine/: neither between modules nor between its folders."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
Graph = dict[str, set[str]]


def module_name(path: Path, root: Path) -> str:
    """`engine/brain/rules.py` -> `engine.brain.rules`; a package's `__init__` is the package."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, known: set[str]) -> set[str]:
    """The known modules a source imports, anywhere in the file (functions and
    TYPE_CHECKING blocks too: a deferred import is still a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found & known


def import_graph(root: Path, package: str = "engine") -> Graph:
    """Module -> the modules of `package` it imports."""
    paths = {module_name(p, root): p for p in (root / package).rglob("*.py")}
    known = set(paths)
    return {
        name: imports_of(path.read_text(encoding="utf-8"), known) - {name}
        for name, path in paths.items()
    }


def collapse(graph: Graph, node_of: Callable[[str], str]) -> Graph:
    """The graph with modules merged into nodes (e.g. one node per folder)."""
    out: Graph = {}
    for name, deps in graph.items():
        node = node_of(name)
        out.setdefault(node, set()).update(node_of(d) for d in deps if node_of(d) != node)
    return out


def folder(name: str) -> str:
    """A subpackage's modules as one node (`engine.brain`); top-level modules stay apart."""
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else name


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = []
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work.append((start, iter(sorted(graph.get(start, ())))))
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_cycle_between_engine_modules() -> None:
    graph = import_graph(ROOT)
    assert len(graph) > 40
    assert cycles(graph) == []


def test_no_cycle_between_engine_folders() -> None:
    assert cycles(collapse(import_graph(ROOT), folder)) == []


def test_shared_types_and_usage_are_the_bottom_layer() -> None:
    graph = import_graph(ROOT)
    assert graph["engine.usage"] == set()
    assert graph["engine.types"] == {"engine.usage"}


def test_the_checker_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "engine"
    (package / "brain").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "brain" / "__init__.py").write_text("")
    (package / "a.py").write_text("from engine.brain import b\n")
    (package / "brain" / "b.py").write_text("def f() -> None:\n    from engine.c import x\n")
    (package / "c.py").write_text("from engine import a\nx = 1\n")
    (package / "d.py").write_text("from engine.brain.b import f\n")
    graph = import_graph(tmp_path)
    assert cycles(graph) == [["engine.a", "engine.brain.b", "engine.c"]]
    (package / "c.py").write_text("x = 1\n")
    (package / "brain" / "e.py").write_text("from engine.d import f\n")
    graph = import_graph(tmp_path)
    assert cycles(graph) == []
    assert cycles(collapse(graph, folder)) == [["engine.brain", "engine.d"]]
