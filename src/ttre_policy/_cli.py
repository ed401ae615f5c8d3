"""
The ``ttre-policy`` command line (``python -m ttre_policy`` is the same program).

This is the library's outer layer: it may read files and print; the rules it
calls never do. With no command it runs the demonstration: the sample cases
evaluated and printed as a table.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from ttre_policy import __version__, _demo_amendments
from ttre_policy._refunds import evaluate_refund
from ttre_policy._samples import SAMPLES

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from ttre_policy._decisions import RefundDecision
    from ttre_policy._samples import Sample

_COLUMNS = (
    ("purchase", 8),
    ("case", 37),
    ("requested (policy zone)", 23),
    ("deadline", 16),
    ("decision", 12),
    ("fees", 12),
    ("refund", 12),
    ("clauses", 0),
)


def _local(instant: datetime, sample: Sample) -> str:
    return instant.astimezone(sample.policy.time_zone).strftime("%Y-%m-%d %H:%M:%S.%f")[:23]


def _row(sample: Sample, decision: RefundDecision) -> tuple[str, ...]:
    return (
        sample.purchase.purchase_id,
        sample.label,
        _local(decision.requested_at, sample),
        _local(decision.deadline, sample)[:16],
        decision.outcome.value.replace("_", " "),
        str(decision.fees),
        str(decision.refund),
        " ".join(decision.clause_ids),
    )


def _format(cells: Sequence[str]) -> str:
    return "  ".join(
        cell.ljust(width) if width else cell
        for cell, (_, width) in zip(cells, _COLUMNS, strict=True)
    ).rstrip()


def demo(out: TextIO) -> None:
    """Evaluate the sample cases and print a table of the decisions."""
    out.write("Sample refund decisions under the published policy (example fees)\n\n")
    out.write(_format([title for title, _ in _COLUMNS]) + "\n")
    out.write(_format(["-" * (width or 20) for _, width in _COLUMNS]) + "\n")
    for sample in SAMPLES:
        decision = evaluate_refund(
            sample.purchase, sample.request, sample.activations, sample.policy
        )
        out.write(_format(_row(sample, decision)) + "\n")
    out.write(
        "\nDeadlines are the last instant of the window (ruling 1), shown to the minute;"
        "\nany decision can be disputed with the TTR-E support team,"
        " partners@ttr-e.com (2.4(a)).\n"
    )
    _demo_amendments.show(out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ttre-policy",
        description="TTR-E's Payment & Refund Policy as executable, auditable rules.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("demo", help="evaluate the sample cases and print a table (the default)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: the process's); return the exit code."""
    _parser().parse_args(argv)
    demo(sys.stdout)
    return 0
