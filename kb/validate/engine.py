"""The SHACL engine, chosen once for every command: pySHACL, the reference, or pyshacl-turbo.

pyshacl-turbo (a Rust engine, about 40x faster; the ``turbo`` extra) gives the same results
(tests/test_shacl_engines.py checks every fixture). ``CLAIMKB_SHACL_ENGINE`` (``auto``,
``pyshacl`` or ``turbo``) chooses; ``auto``, the default, takes pyshacl-turbo when it is
installed. When turbo fails on some data, pySHACL checks it instead.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from claims.errors import ClaimkbError
from kb.errors import ShaclEngineFailed, ShaclEngineUnavailable

if TYPE_CHECKING:
    from pyshacl_turbo import CompiledShapes
    from rdflib import Graph

#: The SHACL engines ``validate_structure`` runs; ``auto`` is turbo when installed, else pyshacl.
ENGINES = ("auto", "pyshacl", "turbo")
#: The environment variable that chooses the engine when the caller does not.
ENGINE_VARIABLE = "CLAIMKB_SHACL_ENGINE"
_T = TypeVar("_T")


def with_fallback(run: Callable[[str], _T], engine: str, what: str = "the graph") -> _T:
    """Return ``run(engine)``; when pyshacl-turbo fails on the data, ``run("pyshacl")``.

    pySHACL, the reference, reads what rdflib reads, which is more than Oxigraph's strict
    parser takes: one odd IRI in a file the user gave must not cost them the whole check.
    When the reference fails too, raise ShaclEngineFailed saying which engine and why.
    """
    try:
        return run(engine)
    except ClaimkbError:
        raise
    except Exception as error:
        if engine == "turbo":
            try:
                return run("pyshacl")
            except Exception:
                pass
        reason = " ".join(str(error).split()) or type(error).__name__
        raise ShaclEngineFailed(
            f"the SHACL engine {engine} could not check {what}: {reason}; this is a bug in "
            "claimkb: please report it with the input"
            + (f" (set {ENGINE_VARIABLE}=pyshacl to get round it)" if engine == "turbo" else "")
        ) from error


def shacl_engine(engine: str | None = None) -> str:
    """Return the engine to run, "pyshacl" or "turbo", for a choice among ENGINES.

    None takes the choice from ``CLAIMKB_SHACL_ENGINE``, else ``auto``.
    """
    choice = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if choice not in ENGINES:
        raise ShaclEngineUnavailable(
            f"unknown SHACL engine {choice!r}; set {ENGINE_VARIABLE} to one of {', '.join(ENGINES)}"
        )
    installed = _turbo_installed()
    if choice == "turbo" and not installed:
        raise ShaclEngineUnavailable(
            "the SHACL engine 'turbo' needs pyshacl-turbo, which is not installed; "
            f"install claimkb[turbo], or set {ENGINE_VARIABLE}=pyshacl"
        )
    if choice == "auto":
        return "turbo" if installed else "pyshacl"
    return choice


def shacl_validate(
    graph: Graph,
    shapes: Graph,
    engine: str,
    compiled: Callable[[], CompiledShapes] | None = None,
) -> tuple[bool, Graph]:
    """Return (conforms, report graph) from ``engine`` ("pyshacl" or "turbo"), no inference.

    ``compiled`` gives the shapes already compiled for turbo, when the caller keeps them.
    When turbo fails on the data, pySHACL checks it (``with_fallback``).
    """
    return with_fallback(lambda chosen: shacl_run(graph, shapes, chosen, compiled), engine)


def shacl_run(
    graph: Graph,
    shapes: Graph,
    engine: str,
    compiled: Callable[[], CompiledShapes] | None,
    focus: list[str] | None = None,
) -> tuple[bool, Graph]:
    """Return (conforms, report graph) from ``engine`` itself, no fallback, no inference.

    ``focus`` (not empty) checks only those of the shapes' focus nodes.
    """
    if engine == "turbo":
        from pyshacl_turbo import compile_shapes

        program = compiled() if compiled is not None else compile_shapes(shapes)
        conforms, report, _ = program.validate(graph, inference="none", focus_nodes=focus)
    else:
        from pyshacl import validate

        conforms, report, _ = validate(
            graph, shacl_graph=shapes, inference="none", focus_nodes=focus
        )
    return bool(conforms), report


@cache
def _turbo_installed() -> bool:
    return importlib.util.find_spec("pyshacl_turbo") is not None
