"""The SPARQL files claimkb ships, read in one place.

``kb/query/queries/`` holds the named queries users run by name (``claimkb query --name``), and
one folder per library caller: ``audit/`` (the knowledge-base audit's rules) and ``stats/``.
The export's ``network`` queries live with the store (``kb/store/network_queries/``), whose
search index keeps what they read of each article by running them (:mod:`kb.store.network_rows`,
below this room). A query names the vocabulary graph as ``?vocabulary``, which the loader fills
(:func:`kb.rdf.vocabulary.in_vocabulary_graph`).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from kb.rdf.vocabulary import in_vocabulary_graph


def query_text(name: str, folder: str | None = None) -> str:
    """Return the text of ``queries/[FOLDER/]NAME.rq``."""
    return in_vocabulary_graph(_folder(folder).joinpath(f"{name}.rq").read_text("utf-8"))


@cache
def query_texts(folder: str | None = None) -> dict[str, str]:
    """Return the text of every ``.rq`` file in ``queries/[FOLDER]`` by name, in name order."""
    entries = sorted(_folder(folder).iterdir(), key=lambda entry: entry.name)
    return {
        entry.name.removesuffix(".rq"): in_vocabulary_graph(entry.read_text("utf-8"))
        for entry in entries
        if entry.name.endswith(".rq")
    }


#: Folders of queries kept outside ``kb/query/queries/``: the package and its folder.
_ELSEWHERE = {"network": ("kb.store", "network_queries")}


def _folder(folder: str | None) -> Traversable:
    if folder in _ELSEWHERE:
        package, name = _ELSEWHERE[folder]
        return files(package).joinpath(name)
    root = files("kb.query").joinpath("queries")
    return root.joinpath(folder) if folder else root
