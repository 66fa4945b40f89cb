"""Every `claimkb` example in the README after its set-up commands runs as written.

Each line of the README's ``sh`` blocks that starts with ``claimkb`` runs in bash, in order, in
a folder holding the files the examples name (the repository's examples/ and small articles
written here), with the installed ``claimkb`` on the PATH. A line passes when it exits 0 (1
for an audit, which has findings) and prints no error. Lines that fetch from the network or
talk to a server (``curl``, an ``http://`` address) are not run: nothing here may download, and
no server is started for them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kb_articles import article_text, write_articles

ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.DOTALL | re.MULTILINE)


def readme_examples() -> list[str]:
    """Return the README's ``claimkb ...`` lines, in order, without their trailing comments."""
    lines = []
    for block in _BLOCK.findall((ROOT / "README.md").read_text("utf-8")):
        for line in block.splitlines():
            command = re.sub(r"\s+#\s.*$", "", line).strip()
            remote = "curl " in command or "://" in command
            if command.startswith("claimkb ") and not remote:
                lines.append(command)
    return lines


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with every file the README's examples name."""
    here = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", here / "examples")
    write_articles(here / "articles", 3)
    (here / "articles" / "old.md").write_text(article_text(7), "utf-8")
    (here / "articles" / "tea.md").write_text(article_text(8), "utf-8")
    (here / "more").mkdir()
    (here / "more" / "page.html").write_text(
        "<html><body><h1>Tea</h1><p>Green tea lowers blood pressure [1].</p>"
        "<h2>References</h2><ol><li>Author A. Tea trial. J Tea. 2020.</li></ol></body></html>",
        "utf-8",
    )
    shutil.copy(here / "more" / "page.html", here / "article.html")
    shutil.copy(
        ROOT / "tests" / "fixtures" / "articles" / "classroom-noise-jats.xml", here / "other.xml"
    )
    (here / "my-question.rq").write_text("SELECT ?claim { ?claim a ckb:Claim } LIMIT 3\n")
    return here


@pytest.mark.parametrize("command", readme_examples())
def test_readme_example_runs_as_written(folder: Path, command: str) -> None:
    if re.search(r"\.(svg|png)\b", command) and shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("CLAIMKB_KB", None)
    stdin = article_text(9) if command.endswith(" -") else ""
    done = subprocess.run(
        ["bash", "-c", command], cwd=folder, env=env, input=stdin, capture_output=True, text=True
    )
    allowed = (0, 1) if command.startswith("claimkb audit") else (0,)
    assert done.returncode in allowed, done.stderr
    assert "error:" not in done.stderr and "Traceback" not in done.stderr, done.stderr
