"""The house rules of kb/ (ARCHITECTURE.md): rooms import only downwards, no import circles.

The rooms and their order are read from ARCHITECTURE.md, the one place they are written; the
import graph comes from scripts/code_shape.py, which also prints the figures.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _code_shape():
    spec = importlib.util.spec_from_file_location("code_shape", ROOT / "scripts" / "code_shape.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


shape = _code_shape()


def _where(edge) -> str:
    return f"{edge.path.relative_to(ROOT)}:{edge.line}: {edge.importer} imports {edge.imported}"


def test_no_import_circles() -> None:
    assert shape.circles(ROOT) == []


def test_no_upward_imports() -> None:
    assert [_where(edge) for edge in shape.upward(ROOT)] == []


def test_nothing_below_kb_imports_kb() -> None:
    below = [e for e in shape.imports(ROOT) if e.importer.split(".")[0] in shape.BELOW_KB]
    assert [_where(e) for e in below if e.imported.split(".")[0] == "kb"] == []


def test_every_kb_module_is_in_a_room() -> None:
    ordered = shape.rooms(ROOT)
    strays = [name for name in shape.modules(ROOT) if name.startswith("kb") and name != "kb"]
    assert [name for name in strays if shape.rank(name, ordered) is None] == []


@pytest.mark.parametrize("room", sorted(p.parent.name for p in (ROOT / "kb").glob("*/__init__.py")))
def test_each_room_says_what_it_is_for_and_may_import(room: str) -> None:
    docstring = ast.get_docstring(ast.parse((ROOT / "kb" / room / "__init__.py").read_text()))
    assert docstring and "May import" in docstring


def _group(module: str) -> str:
    """Return what a room's docstring calls ``module``: its package, its room, or room 0."""
    parts = module.split(".")
    if parts[0] != "kb":
        return parts[0]
    if len(parts) > 1 and (ROOT / "kb" / parts[1]).is_dir():
        return f"kb.{parts[1]}"
    return "room 0"


@pytest.mark.parametrize("room", sorted(p.parent.name for p in (ROOT / "kb").glob("*/__init__.py")))
def test_each_room_imports_only_what_its_docstring_names(room: str) -> None:
    """A room whose docstring lists what it may import (not "the rooms before it", which the
    upward check covers, nor "anything") imports nothing else."""
    docstring = ast.get_docstring(ast.parse((ROOT / "kb" / room / "__init__.py").read_text()))
    allowed = (docstring or "").partition("May import")[2]
    if "rooms before it" in allowed or "anything" in allowed:
        return
    own = f"kb.{room}"
    used = {_group(e.imported) for e in shape.imports(ROOT) if _group(e.importer) == own}
    assert sorted(g for g in used - {own} if not re.search(rf"\b{re.escape(g)}\b", allowed)) == []


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path: Path) -> None:
    (tmp_path / "ARCHITECTURE.md").write_text("## 1. `kb/low/`\n## 2. `kb/high/`\n")
    for package in shape.PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for room in ("low", "high"):
        (tmp_path / "kb" / room).mkdir()
        (tmp_path / "kb" / room / "__init__.py").write_text('"""May import: below."""\n')
    (tmp_path / "kb" / "low" / "a.py").write_text("def f():\n    from kb.high import b\n")
    (tmp_path / "kb" / "high" / "b.py").write_text("from ..low import a\n")
    (tmp_path / "claims" / "c.py").write_text("import kb.low.a\n")
    assert shape.circles(tmp_path) == [["kb.high.b", "kb.low.a"]]
    assert [(e.importer, e.imported, e.line) for e in shape.upward(tmp_path)] == [
        ("claims.c", "kb.low.a", 1),
        ("kb.low.a", "kb.high.b", 2),
    ]


def test_every_exception_is_a_named_fact_in_its_package_errors_py() -> None:
    """claims, sources and kb each keep their exceptions in errors.py, and nothing raises the
    bare base class: each error a user can meet has a name saying what happened."""
    bare, stray = [], []
    for name, path in shape.modules(ROOT).items():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            call = node.exc if isinstance(node, ast.Raise) else None
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "ClaimkbError":
                bare.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.ClassDef) and path.name != "errors.py":
                bases = [getattr(base, "id", getattr(base, "attr", "")) for base in node.bases]
                if any(base.endswith(("Error", "Exception")) for base in bases):
                    stray.append(f"{name}.{node.name}")
    assert bare == []
    assert stray == []
    assert all((ROOT / package / "errors.py").is_file() for package in ("claims", "sources", "kb"))


#: The rooms' modules that are about the embedded store alone: the query worker opens it in its
#: own process, and ``serve`` serves it (a SPARQL server needs no claimkb in front of it).
EMBEDDED_ONLY = {"kb.query.worker_process", "kb.query.worker_pool", "kb.serve.server"}


def test_code_above_the_store_never_asks_which_backend_it_holds() -> None:
    """Above kb/store, a store is a Store: what differs between backends is a Store method or
    attribute (ARCHITECTURE.md, room 3), never an import of a backend or a look at the URL."""
    backends = {"kb.store.embedded", "kb.store.remote", "kb.store.virtuoso"}
    backends.add("kb.store.oxigraph_server")
    asking = sorted(
        _where(edge)
        for edge in shape.imports(ROOT)
        if edge.imported in backends
        and not edge.importer.startswith("kb.store")
        and edge.importer not in EMBEDDED_ONLY
    )
    looking = [
        name
        for name, path in shape.modules(ROOT).items()
        if not name.startswith("kb.store")
        and name not in EMBEDDED_ONLY
        and "is_url(" in path.read_text("utf-8")
    ]
    assert asking == [] and looking == []
