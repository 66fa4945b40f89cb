"""Start a real OpenLink Virtuoso (Debian's ``virtuoso-opensource``) on free 127.0.0.1 ports.

A fresh database in a temporary directory, its HTTP endpoint and SQL port on free ports, the
SPARQL user allowed to write (as a site that takes updates on ``/sparql`` is set up), stopped
afterwards. Only a machine without the package skips; scripts/test installs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.oxigraph_server import free_port, wait_for_sparql

#: Seconds a fresh database may take to be created and answer (about 15 s on 2 cores).
START_SECONDS = 180
_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


def virtuoso_commands() -> tuple[str, str]:
    """Return the paths of ``virtuoso-t`` and ``isql-vt``, or skip saying what to install."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        pytest.skip(
            "OpenLink Virtuoso is not installed: apt-get install virtuoso-opensource-7-bin "
            "(scripts/test does)"
        )
    return server, isql


@dataclass(frozen=True)
class VirtuosoServer:
    """A running Virtuoso: its SPARQL URL, its SQL port for ``isql-vt``, its process id."""

    url: str
    isql: str
    sql_port: int
    pid: int

    def sql(self, statements: str) -> str:
        """Run SQL statements as dba; return isql's output; fail on an error."""
        return isql_run(self.isql, self.sql_port, statements)

    def number(self, select: str) -> int:
        """Return the one number a SQL ``SELECT`` (a ``COUNT(*)``, say) gives."""
        out = self.sql(select)
        numbers = re.findall(r"^\s*(\d+)\s*$", out, re.MULTILINE)
        if len(numbers) != 1:
            raise RuntimeError(f"isql-vt gave no single number for {select}: {out}")
        return int(numbers[0])

    def shards_not_loaded(self) -> int:
        """Return how many files of the bulk loader's list are not loaded (state 2) or failed."""
        return self.number(
            "SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_state <> 2 OR ll_error IS NOT NULL;"
        )


def write_config(
    folder: Path, http_port: int, sql_port: int, buffers: int, dirs: Sequence[Path] = ()
) -> Path:
    """Write a virtuoso.ini for a database in ``folder``, with ``buffers`` 8 KB pages of memory
    and the bulk loader allowed to read ``dirs``; return its path."""
    ini = folder / "virtuoso.ini"
    ini.write_text(
        f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {", ".join(str(d) for d in (folder, *dirs))}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 0
MaxQueryExecutionTime = 0
"""
    )
    return ini


@contextmanager
def virtuoso_server(
    folder: Path, *, buffers: int = 20_000, dirs: Sequence[Path] = ()
) -> Iterator[VirtuosoServer]:
    """Run Virtuoso on a new database in ``folder``; yield it; stop it afterwards.

    ``buffers``: its memory in 8 KB pages (20,000: 160 MB); ``dirs``: folders its bulk loader
    may read.
    """
    server, isql = virtuoso_commands()
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = write_config(folder, http_port, sql_port, buffers, dirs)
    process = subprocess.Popen(
        [server, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_for_sparql(
            url,
            process,
            START_SECONDS,
            lambda: (
                f"virtuoso-t exited with {process.returncode}: "
                + (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            ),
        )
        isql_run(isql, sql_port, _GRANTS)
        yield VirtuosoServer(url, isql, sql_port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def isql_run(isql: str, sql_port: int, statements: str) -> str:
    """Run SQL statements as dba through ``isql-vt``; return its output; fail on an error."""
    done = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statements}"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql-vt failed: {done.stdout}{done.stderr}")
    return done.stdout
