"""The shape of the code, measured: import circles, upward imports, function length, docstrings.

    uv run --frozen python scripts/code_shape.py [ROOT]

Rooms and their order come from ARCHITECTURE.md (its numbered ``## N. `kb/ROOM/``` headings);
tests/test_architecture.py asserts the same facts. An import counts wherever it is written (at
the top, inside a function, under ``TYPE_CHECKING``): each is a dependency a reader must follow.
"""

from __future__ import annotations

import ast
import re
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("claims", "sources", "ontology", "shapes", "kb")
BELOW_KB = ("claims", "sources", "ontology", "shapes")
_HEADING = re.compile(r"^## (\d+)\. (.*)$")
_PATH = re.compile(r"`(kb/[\w./]*)`")


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, and where it is written."""

    importer: str
    imported: str
    path: Path
    line: int


def modules(root: Path) -> dict[str, Path]:
    """Return every module of our packages by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(root: Path) -> list[Import]:
    """Return every import from one of our modules of another one."""
    known = modules(root)
    found = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            for target in _targets(node, package, known):
                if target != name:
                    found.append(Import(name, target, path, node.lineno))
    return found


def _targets(node: ast.AST, package: str, known: dict[str, Path]) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield from _known(alias.name, known)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parent = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parent, *([base] if base else [])])
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            yield from _known(submodule if submodule in known else base, known)


def _known(name: str, known: dict[str, Path]) -> Iterator[str]:
    while name and name not in known:
        name = name.rpartition(".")[0]
    if name:
        yield name


def rooms(root: Path) -> list[tuple[int, str]]:
    """Return ARCHITECTURE.md's rooms as (rank, dotted module prefix), in their order."""
    found = []
    for line in (root / "ARCHITECTURE.md").read_text("utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            for path in _PATH.findall(heading[2]):
                dotted = path.removesuffix("/").removesuffix(".py").replace("/", ".")
                found.append((int(heading[1]), dotted.removesuffix(".__init__")))
    return found


def rank(module: str, ordered: list[tuple[int, str]]) -> int | None:
    """Return the rank of a module's room (-1 below kb), None for a kb module in no room."""
    if module.split(".")[0] in BELOW_KB:
        return -1
    owners = [
        (len(prefix), number)
        for number, prefix in ordered
        if module == prefix or (module.startswith(prefix + ".") and prefix != "kb")
    ]
    return max(owners)[1] if owners else None


def upward(root: Path) -> list[Import]:
    """Return the imports of a module in a higher room, or of kb from below kb."""
    ordered = rooms(root)
    found = []
    for edge in imports(root):
        source, target = rank(edge.importer, ordered), rank(edge.imported, ordered)
        if source is not None and target is not None and target > source:
            found.append(edge)
    return found


def circles(root: Path) -> list[list[str]]:
    """Return the import circles: groups of modules that each reach the others, sorted."""
    import networkx as nx

    graph = nx.DiGraph((edge.importer, edge.imported) for edge in imports(root))
    groups = [sorted(group) for group in nx.strongly_connected_components(graph)]
    return sorted(group for group in groups if len(group) > 1)


def functions(root: Path) -> list[tuple[int, bool, bool]]:
    """Return (lines, public, has docstring) for every function and method of our packages."""
    found = []
    for path in modules(root).values():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                public = not node.name.startswith("_")
                found.append((lines, public, ast.get_docstring(node) is not None))
    return found


def main() -> None:
    """Print the figures for the tree at ROOT (default: this checkout)."""
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    measured = functions(root)
    lengths = sorted(lines for lines, _, _ in measured)
    public = [documented for _, is_public, documented in measured if is_public]
    print(f"modules               {len(modules(root))}")
    print(f"import circles        {len(circles(root))}  {circles(root)}")
    if (root / "ARCHITECTURE.md").exists():
        print(f"upward imports        {len(upward(root))}")
    print(f"functions             {len(lengths)}")
    print(f"median lines          {statistics.median(lengths)}")
    print(f"p90 lines             {lengths[int(0.9 * (len(lengths) - 1))]}")
    print(f"public with docstring {sum(public) / len(public):.1%} of {len(public)}")
    print(f"mypy --strict errors  {mypy_errors(root)}")


def mypy_errors(root: Path) -> int | str:
    """Return how many errors mypy finds with the project's settings ([tool.mypy])."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=root, capture_output=True, text=True, check=False
    )
    found = re.search(r"Found (\d+) errors?", done.stdout)
    if found:
        return int(found[1])
    return 0 if done.returncode == 0 else done.stdout.strip() or done.stderr.strip()


if __name__ == "__main__":
    main()
