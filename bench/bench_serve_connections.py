"""What open connections cost a real `claimkb serve`: threads, and requests answered per second.

    uv run python bench/bench_serve_connections.py KB [IDLE]

Opens IDLE (default 400) keep-alive connections that each had one request answered and then
wait, and reports the server's threads before and with them open; then the requests per second
of 1 and of 32 clients on keep-alive connections (a page that is not there: the HTTP layer
alone) and the median time of an ASK query. Run the same script in a checkout of an older
commit for the baseline.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def idle_connection(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(b"GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while b"endpoint is /query\n" not in answer:
        answer += sock.recv(4096)
    return sock


def per_second(port: int, clients: int, requests: int) -> float:
    def client(_: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(requests):
            connection.request("GET", "/nothing")
            connection.getresponse().read()
        connection.close()

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return clients * requests / (time.perf_counter() - start)


def ask_seconds(port: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    target = "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    times = []
    for _ in range(21):
        start = time.perf_counter()
        connection.request("GET", target)
        connection.getresponse().read()
        times.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(times)


def main() -> None:
    kb = sys.argv[1]
    idle = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    command = [sys.executable, "-c", "from kb.cli import main; main()", "serve", "--kb", kb]
    server = subprocess.Popen(
        [*command, "--port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert server.stderr is not None
    port = int(re.search(r":(\d+)/ ", server.stderr.readline()).group(1))  # type: ignore[union-attr]
    subprocess.Popen(["cat"], stdin=server.stderr, stdout=subprocess.DEVNULL)  # drain the log
    time.sleep(2)  # the workers start
    try:
        before = threads(server.pid)
        sockets = [idle_connection(port) for _ in range(idle)]
        print(f"threads: {before} -> {threads(server.pid)} with {idle} idle connections open")
        print(f"ASK median with them open: {ask_seconds(port) * 1000:.1f} ms")
        for sock in sockets:
            sock.close()
        time.sleep(1)
        for clients in (1, 32):
            print(f"{clients} clients: {per_second(port, clients, 200 // clients * 5):.0f} req/s")
        print(f"ASK median: {ask_seconds(port) * 1000:.1f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
