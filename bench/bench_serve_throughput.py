"""Time a large, legitimate listing through a real `claimkb serve` (median of 5 GETs).

    uv run python bench/bench_serve_throughput.py KB

Every quad of KB as SELECT results, in JSON and CSV: what streaming the rows through a worker
process costs against building the result in the server (run the same script in a checkout of
an older commit for the baseline).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request


def main() -> None:
    kb = sys.argv[1]
    command = [sys.executable, "-c", "from kb.cli import main; main()", "serve", "--kb", kb]
    server = subprocess.Popen([*command, "--port", "0"], stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    port = re.search(r":(\d+)/ ", server.stderr.readline()).group(1)  # type: ignore[union-attr]
    time.sleep(2)  # the workers start
    query = urllib.parse.urlencode({"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
    try:
        for accept in ("application/sparql-results+json", "text/csv"):
            times, size = [], 0
            for _ in range(5):
                start = time.perf_counter()
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/query?{query}", headers={"Accept": accept}
                )
                with urllib.request.urlopen(request) as response:
                    size = len(response.read())
                times.append(time.perf_counter() - start)
            print(f"{accept}: {size / 1e6:.1f} MB, median {statistics.median(times):.2f} s")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
