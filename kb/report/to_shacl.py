"""The SHACL validation report of audited articles as Turtle, written a part at a time.

An article's graph is checked in parts (:mod:`kb.rdf.parts`); its report is one
``sh:ValidationReport`` whose ``sh:result`` statements are written part by part as the audit
checks each part (:class:`ShaclReports`, into a spool file), so no part is checked twice and a
19 MB page's report (hundreds of MB) is never held whole. Turtle lets a node's statements be
spread over the document, so the report reads as the graph the parts' reports make together:

- each article's report is a blank node of its own (``_:report1``, ``_:report2``...), typed
  first, its results written part by part (inline ``[ ... ]``: a result's blank node is its
  part's alone);
- a blank node of the shapes graph a result names (a SPARQL constraint, a property path) is one
  node in every part, as in the shapes: it is written under one label, its statements once;
  any other blank node a part's report holds more than once gets a label of that part;
- ``sh:conforms`` is known only when every part is checked, so it comes last: a report cut
  short (a killed run, a full disk) has none, and no reader takes it for a conforming one.
"""

from __future__ import annotations

import codecs
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kb.rdf.ntriples import STRING_ESCAPES, tagged
from kb.scratch import unnamed_file, user_directory
from ontology import PREFIXES

__all__ = ["ShaclReports"]

Triple = tuple[Node, Node, Node]

#: A local name written after a prefix: a safe subset of Turtle's PN_LOCAL.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: What an IRI in angle brackets may not hold as itself (IRIREF), written as \\uXXXX.
_IRI_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x21), *map(ord, '<>"{}|^`\\')]}
#: A long string's escapes: a short one's but the line feed.
_LONG_ESCAPES = {c: e for c, e in STRING_ESCAPES.items() if c != ord("\n")}
#: Literals written bare when their text is the datatype's plain form.
_BARE = {XSD.boolean: re.compile(r"true|false"), XSD.integer: re.compile(r"[+-]?\d+")}
_RESULTS_JOIN = ",\n    "


class ShaclReports:
    """The SHACL reports of the articles one ``claimkb audit`` checks, as Turtle: each part's
    written to an unnamed spool file (:mod:`kb.scratch`) while the audit checks it
    (``audit_path``'s ``on_report``), so no part is checked twice and no report held whole.
    The articles' reports come in the order they were audited. Close it (a context manager)
    when done."""

    def __init__(self) -> None:
        self._spool = unnamed_file(user_directory(), Path(tempfile.gettempdir()))
        self._writer = _Writer()
        self._articles: list[_Article] = []

    def __enter__(self) -> ShaclReports:
        return self

    def __exit__(self, *_: object) -> None:
        self._spool.close()

    def reader(self) -> Callable[[Graph, Graph], None]:
        """Start the next article's report; return what writes each of its parts' reports."""
        self._end_article()
        article = _Article(self._writer, len(self._articles) + 1)
        self._articles.append(article)
        self._write(article.head())
        return lambda report, shapes: self._write(article.part(report, shapes))

    def pieces(self) -> Iterator[str]:
        """Yield the whole Turtle document: the prefixes, then what the spool holds."""
        self._end_article()
        yield _head()
        self._spool.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        while block := self._spool.read(_SPOOL_READ):
            yield decoder.decode(block)
        yield decoder.decode(b"", final=True)

    def _end_article(self) -> None:
        if self._articles and not self._articles[-1].ended:
            self._write(self._articles[-1].tail())

    def _write(self, text: str) -> None:
        try:
            self._spool.write(text.encode("utf-8"))
        except OSError as error:  # a full disk: the CLI names the file and says what to do
            raise OSError(error.errno, error.strerror, _SPOOL_NAME) from error


#: Bytes of the spool read at a time.
_SPOOL_READ = 1 << 20
#: How an error writing the spool names it (it has no name of its own).
_SPOOL_NAME = "the SHACL report's temporary file (in ~/.cache/claimkb/scratch)"


def _head() -> str:
    return "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in PREFIXES.items()) + "\n"


class _Article:
    """One article's report: its root ``_:reportN``, and whether every part so far conforms."""

    def __init__(self, writer: _Writer, number: int) -> None:
        self.writer, self.root = writer, f"_:report{number}"
        self.conforms, self.ended = True, False

    def head(self) -> str:
        return f"{self.root} a sh:ValidationReport .\n\n"

    def part(self, report: Graph, shapes: Graph) -> str:
        """Return one part's report as Turtle statements about the root."""
        text, conforms = self.writer.part(report, shapes, self.root)
        self.conforms = self.conforms and conforms
        return text

    def tail(self) -> str:
        """Return ``sh:conforms``: known only when every part is checked, so written last."""
        self.ended = True
        return f"{self.root} sh:conforms {'true' if self.conforms else 'false'} .\n"


class _Writer:
    """Turtle for each part's report; remembers what of the shapes graph is written already."""

    def __init__(self) -> None:
        #: statements about blank nodes of the shapes graph written so far (bounded by the shapes)
        self.shared_written: set[Triple] = set()
        self.parts = 0

    def part(self, report: Graph, shapes: Graph, root: str) -> tuple[str, bool]:
        """Return one part's report as Turtle statements about ``root``, and whether it
        conforms."""
        self.parts += 1
        roots = set(report.subjects(RDF.type, SH.ValidationReport))
        conforms = all(o == Literal(True) for r in roots for o in report.objects(r, SH.conforms))
        part = _Part(self, report, shapes, roots)
        results = sorted(part.node(o) for r in roots for o in report.objects(r, SH.result))
        lines = [f"{root} sh:result {_RESULTS_JOIN.join(results)} .\n"] if results else []
        lines += part.rest()
        return "".join(line + "\n" for line in lines), conforms


class _Part:
    """The Turtle of one part's report: its blank nodes inline, labelled or shared."""

    def __init__(self, writer: _Writer, report: Graph, shapes: Graph, roots: set[Node]) -> None:
        self.writer, self.report, self.shapes = writer, report, shapes
        #: how often each blank node is named: a node named once is written inline where it is
        self.references = Counter(o for _, _, o in report if isinstance(o, BNode))
        self.written: set[Node] = set(roots)

    def node(self, term: Node) -> str:
        """Return ``term`` as an object: a blank node of this part's own named once, inline."""
        if (
            isinstance(term, BNode)
            and term not in self.written
            and self.references[term] <= 1
            and not self._shared(term)
            and (term, None, None) in self.report
        ):
            self.written.add(term)
            return f"[ {self._properties(self._triples(term), '        ')} ]"
        return self._term(term)

    def rest(self) -> list[str]:
        """Return the statements of the nodes no result holds inline, each labelled; of a
        shapes graph's node, only those not written before."""
        lines = []
        for subject in dict.fromkeys(self.report.subjects()):
            if subject in self.written:
                continue
            self.written.add(subject)
            triples = self._triples(subject)
            if triples:
                lines.append(f"{self._term(subject)} {self._properties(triples, '    ')} .")
        return lines

    def _triples(self, subject: Node) -> list[Triple]:
        """Return the statements about ``subject`` to write (a shapes graph's node's once)."""
        triples = list(self.report.triples((subject, None, None)))
        if self._shared(subject):
            triples = [t for t in triples if t not in self.writer.shared_written]
            self.writer.shared_written.update(triples)
        return triples

    def _properties(self, triples: list[Triple], indent: str) -> str:
        """Return the predicate-object list of ``triples`` (of one subject), sorted."""
        by_verb: dict[str, list[str]] = {}
        for _, p, o in triples:
            verb = "a" if p == RDF.type else self._term(p)
            by_verb.setdefault(verb, []).append(self.node(o))
        ordered = sorted(by_verb.items(), key=lambda item: (item[0] != "a", item[0]))
        return f" ;\n{indent}".join(f"{verb} {', '.join(sorted(objs))}" for verb, objs in ordered)

    def _shared(self, term: Node) -> bool:
        """Return whether ``term`` is a blank node of the shapes graph (one node in every part)."""
        return isinstance(term, BNode) and (term, None, None) in self.shapes

    def _term(self, term: Node) -> str:
        if isinstance(term, BNode):
            if self._shared(term):
                return f"_:s{_label(term)}"
            return f"_:p{self.writer.parts}x{_label(term)}"
        if isinstance(term, Literal):
            return _literal(term)
        return _iri(str(term))


def _iri(iri: str) -> str:
    """Return an IRI as a prefixed name when it has a plain local name, else in brackets."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri.translate(_IRI_ESCAPES)}>"


def _label(node: BNode) -> str:
    """Return a blank node's name as the tail of a Turtle label (letters, digits, _)."""
    name = str(node)
    return name if re.fullmatch(r"\w+", name, re.ASCII) else name.encode().hex()


def _literal(literal: Literal) -> str:
    """Return a literal in Turtle: bare for a plain boolean or integer, a long string when it
    has line breaks (a SPARQL constraint's query), else a short one."""
    text = str(literal)
    bare = _BARE.get(literal.datatype) if literal.datatype is not None else None
    if bare is not None and bare.fullmatch(text):
        return text
    quoted = (
        f'"""{text.translate(_LONG_ESCAPES)}"""'
        if "\n" in text
        else f'"{text.translate(STRING_ESCAPES)}"'
    )
    return tagged(quoted, literal, _iri)
