"""Which files an ingest takes, and the name each is stored under (``ckb:sourcePath``).

The rule, one for every way of naming articles:

- a **directory** is walked for files whose extension is one ``extract`` reads
  (:data:`claims.reading.EXTENSIONS`, the one list); a file named in capitals (``README.md``,
  ``NOTICE.md``, ``LICENSE.txt``) is about the folder, not an article in it, and hidden files
  and folders are left out: those are listed as skipped;
- a **glob** takes what it matches by the same rule (a matched directory is walked);
- a **file** named on its own is taken whatever its name, if its extension is in the list;
  another extension, a path that does not exist, or one that is no file (a pipe, a device, a
  socket: nothing to store under a name) is a usage error (exit 2) before anything is read or
  any store is opened;
- ``-`` is standard input.

A file is stored under its path relative to the directory it was given in (the directory
named, a glob's directory part, a file's own directory), with ``/`` between parts, so a dump
carries no local path; ``keep_paths`` stores its absolute ``file:`` IRI instead. The commands
that read one file named on its own (``extract``, ``audit FILE``) record it by the same rule
(:func:`recorded`); their messages name the path as typed, where the user finds the file.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from claims.model import Article
from claims.reading import EXTENSIONS
from kb.errors import ArticleNotAFile, ArticlePathMissing, NoArticles, NotAnArticleFormat

#: Why a folder of a directory walked was left out: the start of its line in ``skipped``.
_UNREAD = "cannot be read"

__all__ = ["ArticleFile", "Selection", "recorded", "select_articles", "stored_name"]


@dataclass(frozen=True)
class ArticleFile:
    """One article to ingest: the path it is read from and the name it is stored under."""

    path: str
    name: str


@dataclass
class Selection:
    """The articles an ingest takes, in order, and the files it left out of the folders."""

    files: list[ArticleFile] = field(default_factory=list)
    #: (path, why) of each file of a folder or glob that is not taken.
    skipped: list[tuple[str, str]] = field(default_factory=list)


def select_articles(paths: tuple[str, ...] | list[str], *, keep_paths: bool = False) -> Selection:
    """Return the articles named by files, directories (walked), globs and ``-``.

    Raise ArticlePathMissing for a path that does not exist (or a glob that matches nothing),
    NotAnArticleFormat for a file named on its own in a format ``extract`` does not read, and
    NoArticles for a directory or glob that holds no article.
    """
    selection = Selection()
    for given in paths:
        taken, skipped = len(selection.files), len(selection.skipped)
        if given == "-":
            selection.files.append(ArticleFile("-", "-"))
        elif Path(given).is_dir():
            _walk(Path(given), Path(given), selection, keep_paths)
        elif Path(given).is_file():
            _check_format(given)
            name = stored_name(given, keep_paths=keep_paths)
            selection.files.append(ArticleFile(str(Path(given)), name))
        elif glob.has_magic(given):
            _matches(given, selection, keep_paths)
        elif Path(given).exists():
            raise ArticleNotAFile(
                f"{given}: a pipe, a device or a socket, not a file; save the article to a file, "
                "or give - to read it from standard input"
            )
        else:
            raise ArticlePathMissing(f"{given}: no such file or directory; check the path")
        if len(selection.files) == taken:
            unread = [why for _, why in selection.skipped[skipped:] if why.startswith(_UNREAD)]
            raise NoArticles(
                f"{given}: holds no article file (looked for "
                + ", ".join(sorted(EXTENSIONS))
                + ", not named in capitals)"
                + (f"; {len(unread):,} paths in it {unread[0]}" if unread else "")
            )
    first: dict[str, ArticleFile] = {}
    for article in selection.files:  # a file named twice is taken once, as first named
        first.setdefault(article.path, article)
    selection.files = list(first.values())
    return selection


def _matches(pattern: str, selection: Selection, keep_paths: bool) -> None:
    """Add the articles a glob matches, named relative to its directory part."""
    matches = sorted(set(_globbed(pattern, selection)))
    if not matches:
        raise ArticlePathMissing(f"{pattern}: matches no file; check the pattern")
    base = _glob_base(pattern)
    for match in map(Path, matches):
        if match.is_dir():
            _walk(match, base, selection, keep_paths)
        elif match.is_file():
            _take(match, base, selection, keep_paths)


def _globbed(pattern: str, selection: Selection) -> Iterator[str]:
    """Yield what ``pattern`` matches, as ``glob`` does, but with each ``**`` (any number of
    folders) expanded by :func:`_folders_under`: one pass with a list of folders to visit, so a
    tree nested thousands deep is no recursion, and a symlink to a folder is not followed (a
    link to a parent would repeat the tree); a folder that cannot be read is ``skipped``."""
    parts = pattern.split("/")
    if "**" not in parts:
        yield from glob.glob(pattern)
        return
    at = parts.index("**")
    head, rest = "/".join(parts[:at]), "/".join(parts[at + 1 :])
    head = head or ("/" if pattern.startswith("/") else ".")
    tops = glob.glob(head) if glob.has_magic(head) else [head]
    for top in (Path(each) for each in tops if Path(each).is_dir()):
        if not rest:  # a trailing **: the folder's walk takes everything under it, once
            yield str(top)
            continue
        for folder, _ in _folders_under(top, selection):
            yield from _globbed(f"{glob.escape(str(folder))}/{rest}", selection)


def _walk(directory: Path, base: Path, selection: Selection, keep_paths: bool) -> None:
    """Add the articles under ``directory`` (sorted), named relative to ``base``."""
    found = (file for _, files in _folders_under(directory, selection) for file in files)
    for path in sorted(found):
        _take(path, base, selection, keep_paths)


def _folders_under(top: Path, selection: Selection) -> Iterator[tuple[Path, list[Path]]]:
    """Yield each folder under ``top`` (``top`` first) with the files in it, hidden ones left
    out (``.git``, ``.DS_Store``: not even worth listing). One pass with a list of folders to
    visit, never recursion; a symlink to a folder is not followed (a link to a parent would
    repeat the tree), one to a file is taken; what cannot be read (a folder without permission
    or past the system's longest path, a link in a loop of links) is in ``selection.skipped``
    with why."""
    waiting = [top]
    while waiting:
        folder = waiting.pop()
        files: list[Path] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            waiting.append(folder / entry.name)
                        elif entry.is_file():
                            files.append(folder / entry.name)
                    except OSError as error:  # a link in a loop of links
                        selection.skipped.append((entry.path, f"{_UNREAD} ({error.strerror})"))
        except OSError as error:
            selection.skipped.append((str(folder), f"{_UNREAD} ({error.strerror})"))
            continue
        yield folder, files


def _take(path: Path, base: Path, selection: Selection, keep_paths: bool) -> None:
    """Add one file of a folder or glob, or list it as skipped with why."""
    if path.suffix.lower() not in EXTENSIONS:
        selection.skipped.append((str(path), "not a format claimkb reads"))
    elif _about_the_folder(path):
        selection.skipped.append((str(path), "named in capitals: about the folder, not an article"))
    else:
        selection.files.append(_named(path, base, keep_paths))


def _about_the_folder(path: Path) -> bool:
    """Return whether a file is named in capitals (README, NOTICE, LICENSE, CHANGELOG...)."""
    stem = path.stem
    return any(c.isalpha() for c in stem) and stem.upper() == stem


def _check_format(given: str) -> None:
    if Path(given).suffix.lower() not in EXTENSIONS:
        raise NotAnArticleFormat(
            f"{given}: not in a format claimkb reads (its extension is not one of "
            f"{', '.join(sorted(EXTENSIONS))}); rename it if it is an article"
        )


def stored_name(given: str, *, keep_paths: bool = False) -> str:
    """Return the name the article file ``given`` on its own is recorded under: its path
    relative to its own directory (its file name), or its ``file:`` IRI with ``keep_paths``;
    ``-`` (standard input) is ``-``."""
    if given == "-":
        return given
    return _named(Path(given), Path(given).parent, keep_paths).name


def recorded(article: Article, given: str) -> Article:
    """Return ``article``, read from the file ``given``, recorded under its :func:`stored_name`;
    each of its warnings names ``given``, where the user finds the file."""
    warnings = tuple(w if w.startswith(f"{given}:") else f"{given}: {w}" for w in article.warnings)
    return replace(article, source=stored_name(given), warnings=warnings)


def _named(path: Path, base: Path, keep_paths: bool) -> ArticleFile:
    """Return the article at ``path``, named relative to ``base`` (or by its file: IRI)."""
    if keep_paths:
        return ArticleFile(str(path), path.resolve().as_uri())  # bytes not UTF-8: %XX
    name = Path(os.path.relpath(path, base)).as_posix()
    # A name whose bytes are no UTF-8 (os.fsdecode's surrogates) cannot be JSON or RDF text:
    # its undecodable bytes are recorded as \xNN.
    return ArticleFile(
        str(path), name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    )


def _glob_base(pattern: str) -> Path:
    """Return the directory part of a glob before its first wildcard (``.`` when none)."""
    parts = Path(pattern).parts
    fixed = parts[: next(i for i, part in enumerate(parts) if glob.has_magic(part))]
    return Path(*fixed) if fixed else Path(".")
