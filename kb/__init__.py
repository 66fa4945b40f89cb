"""kb: RDF graphs, the store, SPARQL, audit, export and the command line."""

from kb.version import __version__

__all__ = ["KnowledgeBase", "__version__"]


def __getattr__(name: str) -> object:
    # Lazy, so that `import kb` (and `claimkb --help`) does not load the store.
    if name == "KnowledgeBase":
        from kb.knowledgebase import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
