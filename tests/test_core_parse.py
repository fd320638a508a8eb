"""The core's shape: netmd's modules import in no circle, and each imports on its own."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "netmd"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The netmd modules `name` imports anywhere in it: at the top, in a function, or only
    for the type checker (a circle there is a circle for the reader all the same)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports in `graph`, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other)) is not None:
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)) is not None:
            return found
    return None


def test_the_circle_finder_finds_a_circle():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None


def test_netmd_modules_import_in_no_circle():
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    assert "netmd.rules" in graph["netmd.engine"] and len(graph) > 50  # the walk sees the imports
    assert _circle(graph) is None


def test_the_config_does_not_import_the_rules():
    """The rule catalogue is passed in: config sits below the rules that read it."""
    assert not {m for m in _imports("netmd.config", MODULES["netmd.config"]) if m.startswith("netmd.rules")}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_imports_on_its_own(name):
    """In a fresh interpreter, each module first: no import order hides a circle."""
    if name == "netmd.__main__":
        importlib.util.find_spec(name)  # running it would run the CLI
        return
    done = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
