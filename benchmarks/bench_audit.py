"""
Benchmark: ``ttre-policy audit`` end to end on a generated ledger, and import time.

Issue 7: "the CLI audit's end-to-end throughput on a generated ledger of
1,000,000 lines with `--jobs 1` and `--jobs 2`, and its peak memory (which must
not grow with ledger size)", and "`import ttre_policy` under 150 ms".

The ledger repeats the shipped sample ledger's cases under the default policy
(every outcome and most reasons), each copy with its own purchase and request
ids. Each run is a fresh process, timed from start to exit, with its peak
resident memory (the largest process, workers included). Run from the
repository root, with the project installed:

    python benchmarks/bench_audit.py [--lines 1000000] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

IDS = re.compile(rb'"(L-\d{4})"|"(R-\d{4}(?:-0)?)"')


def write_ledger(path: Path, lines: int) -> None:
    """Write *lines* case documents: the sample ledger's default-policy cases, renumbered."""
    sample = resources.files("ttre_policy").joinpath("data/sample-ledger.jsonl").read_bytes()
    # Cases under the default policy and without support records: a ledger's common line.
    cases = [
        line
        for line in sample.splitlines()
        if b'"policy"' not in line and b'"refunds"' not in line
    ]
    with path.open("wb") as out:
        for number in range(lines):
            suffix = f"-{number // len(cases)}".encode()
            renumbered = IDS.sub(
                lambda match, suffix=suffix: match.group(0)[:-1] + suffix + b'"',
                cases[number % len(cases)],
            )
            out.write(renumbered + b"\n")


def run(command: list[str]) -> tuple[float, int]:
    """Run *command*; return its wall time in seconds and the peak RSS of its processes, in KiB."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603  # our own CLI
    elapsed = time.perf_counter() - started
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def import_time(repeats: int = 15) -> float:
    """Return the median time to import ttre_policy in a fresh interpreter, less its start."""

    def median(code: str) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603  # our interpreter
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    return median("import ttre_policy") - median("pass")


def main() -> int:
    """Generate the ledger, audit it with each number of jobs, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()

    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"machine: {platform.machine()}, {python}, {platform.system()}")
    started = import_time() * 1000
    print(f"import ttre_policy: {started:.0f} ms (median of 15, less the interpreter's start)")
    with tempfile.TemporaryDirectory() as folder:
        ledger = Path(folder) / "ledger.jsonl"
        write_ledger(ledger, options.lines)
        size = ledger.stat().st_size / 2**20
        print(f"ledger: {options.lines:,} lines, {size:,.0f} MiB")
        for jobs in options.jobs:
            output = Path(folder) / f"decisions-{jobs}.jsonl"
            command = [
                sys.executable, "-m", "ttre_policy", "audit", str(ledger),
                "--output", str(output), "--jobs", str(jobs), "--no-progress",
            ]  # fmt: skip
            elapsed, peak = run(command)
            rate = options.lines / elapsed
            print(
                f"--jobs {jobs}: {elapsed:6.1f} s, {rate:8,.0f} decisions/s "
                f"({rate / jobs:,.0f} per process), peak RSS {peak / 1024:,.0f} MiB"
            )
            output.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
