"""Every example in the README after its two set-up commands runs as written.

The examples run in bash, in README order, in a folder holding the files they name (the
repository's examples/ and small articles written here), with the installed ``claimkb`` on the
PATH; an example passes when it exits 0 (1 for an audit, which has findings) and prints no
error. An example is each ``claimkb`` line of an ``sh`` block (or a ``$ claimkb`` line of a
``console`` block), and a shell script as a whole: the lines of an ``sh`` block between its
comments that mix ``claimkb`` with other commands (a loop, a pipe into files). The ``python``
block runs as one script. The commands the prose shows whole run too (``claimkb --version``,
``claimkb list --kb my-kb | head -1``, the shell completion line), after the examples, and so
does the quick start's audit in the checkout (its ``pip install uv`` excepted: it downloads).
Not run: what fetches from the network or talks to a server (``curl``, an ``http://``
address, ``claimkb serve``), and the Virtuoso loader's ``isql-vt`` lines, which need a
Virtuoso set up with the README's folder: nothing here may download, and no server is started.
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
_BLOCK = re.compile(r"^```(sh|console|python)\n(.*?)^```", re.DOTALL | re.MULTILINE)
#: The README's first two ``sh`` blocks set up (install uv, run the tests): not examples.
SET_UP = 2


def _blocks(language: str) -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return [body for lang, body in _BLOCK.findall(text) if lang == language]


def _runs(line: str) -> bool:
    return not ("curl " in line or "://" in line)


#: A command in the README's prose: ``claimkb ...`` between backticks, maybe over a line break.
_INLINE = re.compile(r"`((?:claimkb|eval \"\$\(_CLAIMKB)[^`]*)`")


def inline_commands() -> list[str]:
    """Return the commands the README's prose shows whole: those that name the knowledge base
    of the examples (``--kb my-kb``) or no subcommand (``claimkb --version``), and the shell
    completion line; not a name or part of one (``claimkb audit``, ``--format json``), nor one
    with a placeholder (``ARTICLE``, ``...``), an address or a server (``claimkb serve``)."""
    text = (ROOT / "README.md").read_text("utf-8")
    commands = [" ".join(span.split()) for span in _INLINE.findall(text)]
    return [
        command
        for command in dict.fromkeys(commands)
        if _runs(command)
        and "..." not in command
        and not re.search(r"\b[A-Z]{2,}\b", command)
        and not command.startswith("claimkb serve")
        and ("--kb my-kb" in command or command.startswith(("claimkb --", "eval ")))
    ]


def readme_examples() -> list[str]:
    """Return the README's examples, in order: ``claimkb ...`` lines without their trailing
    comments, and whole scripts (see the module's docstring)."""
    examples = []
    for block in _blocks("sh")[SET_UP:]:
        paragraphs = re.split(r"\n(?:\s*#[^\n]*\n|\s*\n)+", "\n" + block)
        for paragraph in paragraphs:
            lines = [line for line in paragraph.splitlines() if line.strip()]
            commands = [re.sub(r"\s+#\s.*$", "", line).strip() for line in lines]
            runnable = [command for command in commands if _runs(command)]
            if all(command.startswith("claimkb ") for command in runnable):
                examples += runnable
            elif "claimkb " in paragraph and runnable == commands:
                examples.append("\n".join(lines))
    for block in _blocks("console"):
        examples += [line[2:] for line in block.splitlines() if line.startswith("$ claimkb ")]
    return examples


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


def _bash(command: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in bash in ``cwd``, this environment's ``claimkb`` first on the PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environ = {**os.environ, "PATH": path, **env}
    environ.pop("CLAIMKB_KB", None)
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=environ, input=stdin, capture_output=True, text=True
    )


def _assert_ran(command: str, done: subprocess.CompletedProcess[str]) -> None:
    """An example runs when it exits 0 (1 for an audit, which has findings), with no error."""
    allowed = (0, 1) if command.startswith("claimkb audit") else (0,)
    assert done.returncode in allowed, done.stderr
    assert "error:" not in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("command", readme_examples())
def test_readme_example_runs_as_written(folder: Path, command: str) -> None:
    if re.search(r"\.(svg|png)\b", command) and shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed")
    stdin = article_text(9) if command.endswith(" -") else ""
    _assert_ran(command, _bash(command, folder, stdin))


def test_readme_examples_hold_a_script_and_the_console_example() -> None:
    examples = readme_examples()
    assert any("\n" in example and "claimkb ingest" in example for example in examples)
    assert "claimkb audit --shapes examples/my-rules.ttl examples/green-tea-memory.txt" in examples


def test_readme_python_runs_as_written(folder: Path) -> None:
    """The Python block (a notebook's session) runs as one script, after the shell examples
    (pandas, for its ``to_dataframe()``, is a development dependency)."""
    (block,) = _blocks("python")
    done = subprocess.run(
        [sys.executable, "-c", block], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def with_kb(folder: Path) -> Path:
    """Return the examples' folder holding the knowledge base ``my-kb`` their commands make."""
    if not (folder / "my-kb").is_dir():
        done = _bash("claimkb ingest --quiet --kb my-kb articles/", folder)
        assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("command", inline_commands())
def test_a_command_the_prose_shows_runs_as_written(with_kb: Path, command: str) -> None:
    _assert_ran(command, _bash(command, with_kb))


def test_the_prose_shows_whole_commands() -> None:
    commands = inline_commands()
    assert "claimkb --version" in commands
    assert "claimkb list --kb my-kb | head -1" in commands
    assert any(command.startswith("eval ") for command in commands)
    assert not any("serve" in command or "ARTICLE" in command for command in commands)


def test_the_quick_start_audit_runs_as_written_in_the_checkout() -> None:
    """The quick start after ``python3 -m pip install --quiet uv`` (which downloads), in the
    checkout, offline: the locked environment is what it runs."""
    install, audit = _blocks("sh")[0].strip().split(" && ")
    assert install == "python3 -m pip install --quiet uv"
    if shutil.which("uv") is None:
        pytest.skip("uv is not installed")
    done = _bash(audit, ROOT, UV_OFFLINE="1", NO_COLOR="1")
    assert done.returncode == 1, done.stderr  # the example has overclaims
    assert "Summary:" in done.stdout and "overclaim" in done.stdout
