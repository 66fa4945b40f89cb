"""Cited works as IRIs every article shares, and a reference entry's authors as an ordered list.

A reference entry (``ckb:Source``) points to the work it cites with ``biro:references``. The
work's IRI is made from what the entry says, the same in every article: its DOI
(``https://doi.org/`` and the DOI in lower case, as DOIs are case-insensitive), else its PMID
(``https://pubmed.ncbi.nlm.nih.gov/N``), else a hash of its normalised title and year
(``https://w3id.org/claimkb/id/work/{16 hex}``). An entry that gives none of these cites no
work IRI. Of the work itself an article graph says how its entries cite it (kb.rdf.graph:
citing claims, levels, hash), and that an entry giving both a DOI and a PMID makes the
DOI's work the PMID's (``<https://doi.org/d> owl:sameAs
<https://pubmed.ncbi.nlm.nih.gov/N>``), so an article citing the work by its PMID alone joins
the others (``most-cited-sources`` counts them as one work). No identifier is looked up or
guessed: only what an entry prints is linked. What an entry says of the work (title, authors)
stays on the entry, as articles cite one work in different words.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

from rdflib import OWL, RDF, Literal, URIRef

from claims.model import ReferenceData
from kb.rdf.iri import web_iri, work_hash
from ontology import BIRO, DATA, SCHEMA

__all__ = [
    "DOI_FORM",
    "PMID_FORM",
    "author_triples",
    "person_name",
    "work_hash",
    "work_iri",
    "work_triples",
]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: The forms of a DOI and a PMID (shapes/structure.ttl); a value of another form is no identifier.
DOI_FORM = re.compile(r"10\.[0-9]{4,9}/\S+")
PMID_FORM = re.compile(r"[0-9]+")
_WORD = re.compile(r"[^\W_]+")
#: "Surname Initials" as references are read ("Moreau A", "van der Berg JA").
_INITIALS = re.compile(r"(?P<family>.+?)\s+(?P<given>[A-Z]{1,4})")
#: A title shorter than this (normalised) names too little to tell one work from another.
_MIN_TITLE = 10


def work_triples(entry: URIRef, data: ReferenceData) -> Iterator[Triple]:
    """Yield ``entry biro:references`` its work, and the work's PMID IRI when it has a DOI too."""
    work = work_iri(data)
    if work is None:
        return
    yield entry, BIRO.references, work
    pubmed = _pubmed_iri(data)
    if pubmed is not None and pubmed != work:
        yield work, OWL.sameAs, pubmed


def work_iri(data: ReferenceData) -> URIRef | None:
    """Return the IRI of the work an entry cites: from its DOI, else PMID, else title and year."""
    doi = (data.doi or "").strip()
    if DOI_FORM.fullmatch(doi):
        iri = web_iri(f"https://doi.org/{doi.lower()}")
        if iri is not None:
            return URIRef(iri)
    pubmed = _pubmed_iri(data)
    if pubmed is not None:
        return pubmed
    title = normalised_title(data.title or "")
    if len(title) < _MIN_TITLE or " " not in title:
        return None
    year = (data.year or "")[:4] if (data.year or "")[:4].isdigit() else ""
    digest = hashlib.sha256(f"{title}|{year}".encode()).hexdigest()[:16]
    return DATA[f"work/{digest}"]


def _pubmed_iri(data: ReferenceData) -> URIRef | None:
    """Return the PubMed IRI of an entry's PMID, or None when it gives none of that form."""
    pmid = (data.pmid or "").strip()
    if PMID_FORM.fullmatch(pmid) and int(pmid):
        return URIRef(f"https://pubmed.ncbi.nlm.nih.gov/{int(pmid)}")
    return None


def normalised_title(title: str) -> str:
    """Return a title's words in lower case without accents: "Café  Use," -> "cafe use"."""
    decomposed = unicodedata.normalize("NFKD", title)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_WORD.findall(plain))


def person_name(author: str) -> tuple[str, str | None]:
    """Return (family name, given names) of "Surname Initials"; (the name, None) otherwise."""
    match = _INITIALS.fullmatch(author.strip())
    if match is None:
        return author.strip(), None
    return match["family"], match["given"]


def author_triples(entry: URIRef, authors: tuple[str, ...]) -> Iterator[Triple]:
    """Yield ``entry schema:author`` an RDF list of its authors, in the entry's order.

    The list's cells are ``{entry}/authors/{n}`` and each author ``{entry}/author/{n}`` (never
    a blank node), with ``schema:name`` as printed and, for "Surname Initials",
    ``schema:familyName`` and ``schema:givenName`` (a ``schema:Person``).
    """
    if not authors:
        return
    yield entry, SCHEMA.author, URIRef(f"{entry}/authors/0")
    for n, author in enumerate(authors):
        cell, person = URIRef(f"{entry}/authors/{n}"), URIRef(f"{entry}/author/{n}")
        yield cell, RDF.first, person
        last = n == len(authors) - 1
        yield cell, RDF.rest, RDF.nil if last else URIRef(f"{entry}/authors/{n + 1}")
        yield person, SCHEMA.name, Literal(author)
        family, given = person_name(author)
        if given is not None:
            yield person, RDF.type, SCHEMA.Person
            yield person, SCHEMA.familyName, Literal(family)
            yield person, SCHEMA.givenName, Literal(given)
