"""What the benchmarks of a built knowledge base against an older checkout share: their
arguments and how they print a figure."""

from __future__ import annotations

import argparse
from pathlib import Path


def store_bench_parser(description: str) -> argparse.ArgumentParser:
    """Return a parser with the arguments every such benchmark takes: --kb (an embedded store
    that bench/bench_kb.py built), --baseline-tree (the checkout measured in the same run) and
    --repeats (each figure is their median)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--kb", required=True, help="An embedded store (bench/bench_kb.py).")
    parser.add_argument("--baseline-tree", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    return parser


def figure(value: object) -> str:
    """Return a figure as the results tables print it: seconds to two decimals (with the CPU
    seconds beside them when the figure carries them, as ``cpu``), else as it is."""
    cpu = getattr(value, "cpu", None)
    if isinstance(value, float) and isinstance(cpu, float):
        return f"{value:.2f} ({cpu:.2f} CPU)"
    return f"{value:.2f}" if isinstance(value, float) else str(value)
