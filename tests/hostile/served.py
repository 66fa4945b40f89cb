"""`claimkb serve` as a user runs it (the CLI in a subprocess), for the hostile tests."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class Server:
    """`claimkb serve` in a subprocess on a free port."""

    def __init__(self, kb: str, *options: str) -> None:
        command = [sys.executable, "-c", "from kb.cli import main; main()", "serve", "--kb", kb]
        self.process = subprocess.Popen(
            [*command, "--port", "0", *options], stderr=subprocess.PIPE, text=True
        )
        assert self.process.stderr is not None
        self.lines = [self.process.stderr.readline()]
        if "--allow-update" in options:
            self.lines.append(self.process.stderr.readline())
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", self.lines[0])
        assert match, self.lines
        self.port = int(match.group(1))
        # The server logs every request: read its log, or it blocks once the pipe is full.
        self.reader = threading.Thread(
            target=self.lines.extend, args=(self.process.stderr,), daemon=True
        )
        self.reader.start()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)  # the log ends with the process
        self.process.stderr.close()

    def processes(self) -> set[int]:
        """Return the server's process and its children (the query workers)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {self.process.pid, *map(int, children.read_text().split())}

    def rss_mb(self) -> float:
        total = 0
        for pid in self.processes():
            status = Path(f"/proc/{pid}/status")
            match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text()) if status.exists() else None
            total += int(match.group(1)) if match else 0
        return total / 1024

    def connection(self, timeout: float = 60) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def get(self, query: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        connection = self.connection()
        try:
            target = "/query?" + urllib.parse.urlencode({"query": query})
            connection.request("GET", target, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        connection = self.connection()
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def count(self) -> int:
        status, body = self.get(COUNT)
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
