#!/usr/bin/env python3
"""Print the shape of the picproof package: import cycles, module sizes, long functions.

Usage: ``python3 tools/code_shape.py [--json] [--check]``. Standard library only: it reads the
source with ``ast`` and imports nothing from the package.

- Import cycles: strongly connected components of the graph of imports among ``picproof``
  modules. Imports inside functions count (deferring an import hides a cycle, it does not break
  it); imports under ``if TYPE_CHECKING:`` do not (they are annotations only).
- Module sizes: lines per ``.py`` file (``__init__.py`` files included), the largest, p50 and p90.
- Long functions: functions and methods over 80 lines, counted from ``def`` to the last line.

``--check`` exits 1 when a target of issue #22 is missed (a cycle, a module over 500 lines,
p50 over 150, p90 over 350, more than 5 functions over 80 lines).
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop" / "picproof"

MAX_MODULE_LINES = 500
MAX_P50 = 150
MAX_P90 = 350
LONG_FUNCTION_LINES = 80
MAX_LONG_FUNCTIONS = 5


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import in the module, deferred ones (inside functions) included, except those under
    ``if TYPE_CHECKING:``: an import moved into a function hides a cycle, it does not break it."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped
    ]


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    if not is_package:
                        anchor = anchor[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of size > 1 (iterative, no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
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
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def long_functions(modules: dict[str, Path]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONG_FUNCTION_LINES:
                    found.append((f"{name}.{node.name}", length))
    return sorted(found, key=lambda item: -item[1])


def measure() -> dict[str, object]:
    modules = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules.items()
    }
    counts = sorted(sizes.values())
    deciles = statistics.quantiles(counts, n=10, method="inclusive")
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    return {
        "modules": len(modules),
        "cycles": cycles(import_graph(modules)),
        "over_500": [name for name, size in largest if size > MAX_MODULE_LINES],
        "largest": largest,
        "p50": statistics.median(counts),
        "p90": deciles[8],
        "long_functions": long_functions(modules),
    }


def problems(shape: dict[str, object]) -> list[str]:
    found = []
    if shape["cycles"]:
        found.append(f"import cycles: {shape['cycles']}")
    if shape["over_500"]:
        found.append(f"modules over {MAX_MODULE_LINES} lines: {shape['over_500']}")
    if float(shape["p50"]) > MAX_P50:  # type: ignore[arg-type]
        found.append(f"module p50 {shape['p50']} > {MAX_P50}")
    if float(shape["p90"]) > MAX_P90:  # type: ignore[arg-type]
        found.append(f"module p90 {shape['p90']} > {MAX_P90}")
    longs = shape["long_functions"]
    assert isinstance(longs, list)
    if len(longs) > MAX_LONG_FUNCTIONS:
        found.append(f"{len(longs)} functions over {LONG_FUNCTION_LINES} lines")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    shape = measure()
    if args.json:
        print(json.dumps(shape, indent=2))
    else:
        print(f"modules: {shape['modules']}")
        print(f"import cycles: {len(shape['cycles'])}")  # type: ignore[arg-type]
        for cycle in shape["cycles"]:  # type: ignore[attr-defined]
            print("  " + " <-> ".join(cycle))
        print(f"module lines: p50 {shape['p50']:.0f}, p90 {shape['p90']:.0f}")
        print("largest: " + ", ".join(f"{n} {s}" for n, s in shape["largest"]))  # type: ignore[attr-defined]
        longs = shape["long_functions"]
        print(f"functions over {LONG_FUNCTION_LINES} lines: {len(longs)}")  # type: ignore[arg-type]
        for name, length in longs:  # type: ignore[attr-defined]
            print(f"  {name} {length}")
    found = problems(shape)
    if args.check and found:
        for line in found:
            print("target missed: " + line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
