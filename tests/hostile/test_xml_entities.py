"""XML that asks the reader to fetch, include or expand: a JATS article never makes claimkb read
a local file, a device or the network, nor grow with an entity's expansion (issue 16).

Each article is written here; a local HTTP server stands in for the network and counts every
request it gets (a DTD or an entity fetched would be one).
"""

from __future__ import annotations

import http.server
import resource
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from tests.hostile import CLI

SECRET = "claimkb-secret-do-not-read"
BODY = "<body><p>Green tea improves memory in adults{use} [1].</p></body>"
ARTICLE = '<article xmlns:xi="http://www.w3.org/2001/XInclude"><front><article-meta>' + (
    "<title-group><article-title>Tea{use}</article-title></title-group></article-meta></front>"
)


@pytest.fixture(scope="module")
def network() -> Iterator[tuple[str, list[str]]]:
    """Yield the base URL of a server that answers any GET with a DTD, and the paths asked."""
    asked: list[str] = []

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = f'<!ENTITY remote "{SECRET}">'.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def _article(subset: str, use: str, extra: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE article [\n{subset}\n]>\n'
        + ARTICLE.format(use=use)
        + extra
        + BODY.format(use=use)
        + "</article>\n"
    )


def _laughs() -> str:
    """Entities of entities: 2**30 characters once expanded."""
    lines = ['<!ENTITY e0 "' + "ha" * 512 + '">']
    lines += [f'<!ENTITY e{n} "&e{n - 1};&e{n - 1};">' for n in range(1, 21)]
    return "\n".join(lines)


CASES = {
    "local-file": lambda secret, url: (f'<!ENTITY x SYSTEM "file://{secret}">', " &x;", ""),
    "device-zero": lambda secret, url: ('<!ENTITY x SYSTEM "/dev/zero">', " &x;", ""),
    "device-random": lambda secret, url: ('<!ENTITY x SYSTEM "/dev/urandom">', " &x;", ""),
    "remote-entity": lambda secret, url: (f'<!ENTITY x SYSTEM "{url}/entity">', " &x;", ""),
    "remote-dtd": lambda secret, url: (f'<!ENTITY % d SYSTEM "{url}/dtd"> %d;', " &remote;", ""),
    "parameter-zero": lambda secret, url: ('<!ENTITY % z SYSTEM "/dev/zero"> %z;', "", ""),
    "billion-laughs": lambda secret, url: (_laughs(), " &e20;", ""),
    "xinclude": lambda secret, url: (
        "",
        "",
        f'<xi:include href="{secret}" parse="text"/><xi:include href="{url}/xi" parse="text"/>',
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["extract", "audit"])
def test_an_article_never_fetches_includes_or_expands(
    tmp_path: Path, network: tuple[str, list[str]], case: str, command: str
) -> None:
    url, asked = network
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    subset, use, extra = CASES[case](str(secret), url)
    article = tmp_path / "article.xml"
    article.write_text(_article(subset, use, extra), encoding="utf-8")
    # In a process of its own, capped: a reader that expanded /dev/zero would fail, not hang.
    result = subprocess.run(
        [*CLI, command, "--format", "json", str(article)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31)),
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert '"format": "jats"' in result.stdout
    if case != "billion-laughs":  # libxml2 stops there, past its amplification bound: a warning
        assert "Green tea improves memory" in result.stdout
    assert SECRET not in result.stdout + result.stderr
    assert "haha" not in result.stdout
    assert asked == []
    assert len(result.stdout) < 100_000  # nothing expanded into it


def test_a_doctype_too_long_to_sniff_is_one_line(tmp_path: Path) -> None:
    """An internal subset of megabytes hides the root element from the format sniffing."""
    article = tmp_path / "article.xml"
    article.write_text(_article('<!ENTITY big "' + "y" * 200_000 + '">', " &big;"))
    result = CliRunner().invoke(main, ["audit", str(article)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "XML with no root element" in result.output
