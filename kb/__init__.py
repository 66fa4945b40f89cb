"""kb: RDF graphs, the store, SPARQL, audit, export and the command line (see ARCHITECTURE.md)."""

from kb.starting import quiet_start

quiet_start()  # first: Ctrl-C while `claimkb` starts is one line (kb.starting)

__all__ = ["KnowledgeBase", "__version__"]


def __getattr__(name: str) -> object:
    # Lazy, so that `import kb` (and `claimkb --help`) loads neither the store nor the metadata.
    if name == "KnowledgeBase":
        from kb.knowledgebase import KnowledgeBase

        return KnowledgeBase
    if name == "__version__":
        from kb.version import __version__

        return __version__
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
