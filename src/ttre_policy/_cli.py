"""
The ``ttre-policy`` command line (``python -m ttre_policy`` is the same program).

This is the library's outer layer: it reads and writes files, prints, reads
the clock for its progress display and starts processes; the rules it calls
never do. The commands:

- ``demo`` (the default): the sample cases evaluated and printed as a table.
- ``evaluate [FILE|-]``: one case document in, its decision out, as JSON or
  (``--explain``) as text in English or Chinese.
- ``audit [LEDGER.jsonl]``: replay a ledger of cases, one JSON document per
  line, in constant memory, on one or more processes, and summarise the
  decisions; with no ledger, the sample ledger shipped in the package.
- ``clauses``: every clause id, its words, and the rules that cite it.
- ``explain [FILE|-]``: one decision, quote, access decision, invoice or
  credit note document in, explained in words in English or Chinese.

Bad input of any kind ends with one line on stderr and exit status 2, never
a traceback.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import multiprocessing
import os
import sys
import textwrap
import time
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, NoReturn, TextIO

from ttre_policy import __version__, _demo_amendments, _demo_support
from ttre_policy._cases import Case
from ttre_policy._decisions import Outcome, ReasonCode, RefundDecision
from ttre_policy._demo_payment_terms import show as show_payment_terms
from ttre_policy._history import PolicyHistory
from ttre_policy._invoices import CreditNote, Invoice
from ttre_policy._payments import AccessDecision
from ttre_policy._quotes import Quote
from ttre_policy._refunds import evaluate_refund
from ttre_policy._register import citations
from ttre_policy._samples import SAMPLES
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion
from ttre_policy.exceptions import PolicyInputError
from ttre_policy.explanations import LOCALES, catalog_locale, explain
from ttre_policy.wire import from_json, schema_tag, to_json

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime
    from multiprocessing.pool import AsyncResult

    from ttre_policy._samples import Sample

#: Exit status for bad input (usage, files, JSON, values), as argparse uses.
EXIT_BAD_INPUT: Final = 2
#: Exit status when interrupted with Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED: Final = 130
#: Exit status when the reader of the output went away (128 + SIGPIPE).
EXIT_BROKEN_PIPE: Final = 141

#: The sample ledger shipped in the package (made by scripts/make_sample_ledger.py).
SAMPLE_LEDGER: Final = "data/sample-ledger.jsonl"

#: Ledger lines per unit of work, and units in flight per process: enough to
#: keep every process busy, few enough to keep memory constant.
CHUNK_LINES: Final = 256
CHUNKS_IN_FLIGHT_PER_JOB: Final = 4

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


class _BadInputError(Exception):
    """Input a command cannot use: reported on one line, with exit status 2."""


# ------------------------------------------------------------------ demo


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
    show_payment_terms(out)
    _demo_amendments.show(out)
    _demo_support.show(out)


def _run_demo(_arguments: argparse.Namespace) -> int:
    demo(sys.stdout)
    return 0


# -------------------------------------------------------------- evaluate


def _decide(case: Case) -> RefundDecision:
    return case.evaluate()


def _check_locale(locale: str | None) -> None:
    """Refuse a locale no catalog serves, before any work."""
    if locale is not None:
        try:
            catalog_locale(locale)
        except PolicyInputError as error:
            raise _BadInputError(f"--locale {error}") from None


def _read(name: str) -> tuple[str, bytes]:
    """Return the name for people and the bytes of a file, or of standard input for ``-``."""
    if name == "-":
        return "standard input", sys.stdin.buffer.read()
    try:
        return name, Path(name).read_bytes()
    except OSError as error:
        raise _BadInputError(f"cannot read {name}: {error.strerror}") from None


def _run_evaluate(arguments: argparse.Namespace) -> int:
    locale: str | None = arguments.locale
    _check_locale(locale)
    source, text = _read(arguments.file)
    try:
        decision = _decide(from_json(text, Case))
    except PolicyInputError as error:
        raise _BadInputError(f"{source}: {error}") from None
    if arguments.explain or locale is not None:
        sys.stdout.write(explain(decision, locale or "en"))
    else:
        sys.stdout.write(to_json(decision, indent=2) + "\n")
    return 0


# ----------------------------------------------------------------- audit

#: A ledger line decided: its number, the decision's JSON, and the figures
#: the summary needs (outcome, reason codes, currency, paid, refunded, fees).
_Decided = tuple[int, str, str, tuple[str, ...], str, str, str, str]
#: A ledger line refused: its number, the error, the JSON path of the bad field.
_Refused = tuple[int, str, str]
_Chunk = list[tuple[int, bytes]]


def _audit_chunk(chunk: _Chunk) -> list[_Decided | _Refused]:
    """Decide each ledger line of *chunk*: parse it once, evaluate it, write the decision."""
    results: list[_Decided | _Refused] = []
    for number, line in chunk:
        try:
            decision = _decide(from_json(line, Case))
        except PolicyInputError as error:
            results.append((number, str(error), error.field))
            continue
        results.append(
            (
                number,
                to_json(decision),
                decision.outcome.value,
                # Each code once: the summary counts the cases a reason applies to.
                tuple(dict.fromkeys(reason.code.value for reason in decision.reasons)),
                decision.amount_paid.currency,
                str(decision.amount_paid.amount),
                str(decision.refund.amount),
                str(decision.fees.amount),
            )
        )
    return results


def _chunks(lines: Iterator[bytes], progress: _Progress) -> Iterator[_Chunk]:
    chunk: _Chunk = []
    for number, line in enumerate(lines, start=1):
        progress.read(len(line))
        chunk.append((number, line))
        if len(chunk) == CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _decided_chunks(
    lines: Iterator[bytes], jobs: int, progress: _Progress
) -> Iterator[tuple[_Chunk, list[_Decided | _Refused]]]:
    """Yield each chunk of lines with its results, in the ledger's order."""
    if jobs == 1:
        for chunk in _chunks(lines, progress):
            yield chunk, _audit_chunk(chunk)
        return
    # Workers are started afresh ("spawn"): portable, and safe whatever
    # threads the parent runs. At most jobs * CHUNKS_IN_FLIGHT_PER_JOB chunks
    # are in flight, so memory stays constant however long the ledger.
    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs) as pool:
        pending: collections.deque[tuple[_Chunk, AsyncResult[list[_Decided | _Refused]]]] = (
            collections.deque()
        )
        for chunk in _chunks(lines, progress):
            pending.append((chunk, pool.apply_async(_audit_chunk, (chunk,))))
            if len(pending) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()


class _Progress:
    """A progress bar on stderr, when stderr is a terminal; silent otherwise."""

    WIDTH: Final = 30

    def __init__(self, stream: TextIO | None, total_bytes: int | None) -> None:
        self.stream = stream
        self.total = total_bytes
        self.position = 0
        self.lines = 0
        self.started = time.monotonic()

    def read(self, size: int) -> None:
        self.position += size

    def decided(self, lines: int) -> None:
        self.lines += lines
        if self.stream is None:
            return
        if self.total:
            share = min(self.position / self.total, 1.0)
            bar = "#" * round(share * self.WIDTH)
            self.stream.write(f"\r[{bar:<{self.WIDTH}}] {share:4.0%}  {self.lines:,} lines")
        else:
            self.stream.write(f"\r{self.lines:,} lines")
        self.stream.flush()

    def finish(self) -> None:
        if self.stream is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.lines / elapsed
        self.stream.write(f"\r\033[K{self.lines:,} lines in {elapsed:.2f} s ({rate:,.0f}/s)\n")
        self.stream.flush()


class _AtomicFile:
    """
    A text file written under a temporary name and renamed when complete.

    A run that fails or is interrupted leaves no half-written file: the
    temporary file is removed, and any file already at the path is untouched.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
        if path.is_dir():
            raise _BadInputError(f"cannot write {path}: it is a directory")
        try:
            self.file: IO[str] = self.temporary.open("x", encoding="utf-8", newline="\n")
        except OSError as error:
            raise _BadInputError(f"cannot write {path}: {error.strerror}") from None

    def commit(self) -> None:
        self.file.close()
        try:
            self.temporary.replace(self.path)
        except OSError as error:
            self.temporary.unlink(missing_ok=True)
            raise _BadInputError(f"cannot write {self.path}: {error.strerror}") from None

    def discard(self) -> None:
        self.file.close()
        self.temporary.unlink(missing_ok=True)


class _Summary:
    """What the audit found: counts by outcome and reason, money by currency."""

    def __init__(self) -> None:
        self.lines = 0
        self.rejected = 0
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.reasons: collections.Counter[str] = collections.Counter()
        # currency -> [cases, paid, refunded, fees retained]
        self.money: dict[str, list[Decimal]] = {}

    def add(self, result: _Decided) -> None:
        _, _, outcome, reasons, currency, paid, refunded, fees = result
        self.lines += 1
        self.outcomes[outcome] += 1
        self.reasons.update(reasons)
        totals = self.money.setdefault(currency, [Decimal(0)] * 4)
        for index, amount in enumerate(
            (Decimal(1), Decimal(paid), Decimal(refunded), Decimal(fees))
        ):
            totals[index] += amount

    def reject(self) -> None:
        self.lines += 1
        self.rejected += 1

    def write(self, out: TextIO, source: str, files: Sequence[str]) -> None:
        """Print the summary: counts by outcome and reason, then money by currency."""
        decided = self.lines - self.rejected
        lines = [
            f"Audit of {source}",
            f"{self.lines:,} lines: {decided:,} decided, {self.rejected:,} rejected",
            "",
            f"{'Outcome':<36}{'Cases':>8}",
            *(f"{o.value:<36}{self.outcomes[o.value]:>8,}" for o in Outcome),
            "",
            f"{'Reason':<30}{'Clause':<8}{'Cases':>6}",
            # The reasons that some decision gave, in the codes' order.
            *(
                f"{c.value:<30}{c.clause_id:<8}{self.reasons[c.value]:>6,}"
                for c in ReasonCode
                if self.reasons[c.value]
            ),
            "",
            f"{'Currency':<10}{'Cases':>8}{'Paid':>18}{'Refunded':>18}{'Fees retained':>18}",
        ]
        for currency, (cases, paid, refunded, fees) in sorted(self.money.items()):
            lines.append(f"{currency:<10}{cases:>8,}{paid:>18,f}{refunded:>18,f}{fees:>18,f}")
        for note in files:
            lines += ["", note]
        out.write("\n".join(lines) + "\n")


def _ledger(name: str | None) -> tuple[str, contextlib.AbstractContextManager[Path | None]]:
    """Return the ledger's name for people, and its path (None: standard input)."""
    if name is None:
        traversable = resources.files("ttre_policy").joinpath(SAMPLE_LEDGER)
        return f"the sample ledger (ttre_policy/{SAMPLE_LEDGER})", resources.as_file(traversable)
    if name == "-":
        return "standard input", contextlib.nullcontext(None)
    return name, contextlib.nullcontext(Path(name))


def _open_ledger(path: Path | None, source: str) -> tuple[IO[bytes], int | None]:
    """Open the ledger for reading bytes; return it and its size, if known."""
    if path is None:
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb"), None
    try:
        return path.open("rb"), path.stat().st_size if path.is_file() else None
    except OSError as error:
        raise _BadInputError(f"cannot read {source}: {error.strerror}") from None


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or first.samefile(second)
    except OSError:
        return False


def _run_audit(arguments: argparse.Namespace) -> int:
    source, ledger = _ledger(arguments.ledger)
    output: str | None = arguments.output
    rejects: str | None = arguments.rejects
    if rejects == "-":
        raise _BadInputError("--rejects needs a file name: the rejected lines are data")
    named = [Path(name) for name in (output, rejects) if name not in (None, "-")]
    if len(named) == 2 and _same_file(*named):  # noqa: PLR2004  # the two output files
        raise _BadInputError("--output and --rejects name the same file")
    show_progress = sys.stderr.isatty() if arguments.progress is None else arguments.progress
    with ledger as path:
        if path is not None and any(_same_file(path, target) for target in named):
            raise _BadInputError(f"an output file is the ledger itself: {path}")
        handle, size = _open_ledger(path, source)
        with handle:
            summary = _audit(
                handle,
                source,
                output=output,
                rejects=rejects,
                jobs=arguments.jobs,
                progress=_Progress(sys.stderr if show_progress else None, size),
            )
    files = []
    if output not in (None, "-"):
        files.append(f"Decisions written to {output}.")
    if rejects is not None:
        files.append(f"Rejected lines written to {rejects}.")
    summary.write(sys.stderr if output == "-" else sys.stdout, source, files)
    return 0


def _audit(
    handle: IO[bytes],
    source: str,
    *,
    output: str | None,
    rejects: str | None,
    jobs: int,
    progress: _Progress,
) -> _Summary:
    """Replay the ledger in *handle*; write decisions and rejected lines; return the summary."""
    summary = _Summary()
    with contextlib.ExitStack() as stack:
        files: list[_AtomicFile] = []

        def open_atomic(name: str) -> IO[str]:
            target = _AtomicFile(Path(name))
            files.append(target)
            stack.callback(target.discard)
            return target.file

        decisions = (
            sys.stdout if output == "-" else open_atomic(output) if output is not None else None
        )
        refused = open_atomic(rejects) if rejects is not None else None
        try:
            for chunk, results in _decided_chunks(handle, jobs, progress):
                raw = dict(chunk)
                for result in results:
                    if len(result) == 3:  # noqa: PLR2004  # a _Refused triple
                        number, error, field = result
                        if refused is None:
                            raise _BadInputError(f"{source}, line {number}: {error}")
                        summary.reject()
                        refused.write(_rejected_line(number, error, field, raw[number]))
                    else:
                        summary.add(result)
                        if decisions is not None:
                            decisions.write(result[1] + "\n")
                progress.decided(len(chunk))
        finally:
            progress.finish()
        for target in files:
            target.commit()
    return summary


def _rejected_line(number: int, error: str, field: str, line: bytes) -> str:
    text = line.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
    # ASCII escapes keep even bytes that are not UTF-8, so nothing is lost.
    return json.dumps({"line": number, "error": error, "field": field, "input": text}) + "\n"


# --------------------------------------------------------------- clauses


def _run_clauses(_arguments: argparse.Namespace) -> int:
    register = citations()
    out = sys.stdout
    out.write(f"Clauses of the Payment & Refund Policy (version {DEFAULT_POLICY.version_id!r})\n")
    for clause in DEFAULT_POLICY.clauses:
        out.write(f"\n{clause.clause_id}  {clause.heading}\n")
        for paragraph in clause.text.split("\n"):
            for line in textwrap.wrap(paragraph, width=88) or [""]:
                out.write(f"    {line}".rstrip() + "\n")
        rules = register.get(clause.clause_id, ())
        out.write(f"    cited by: {', '.join(rules) if rules else 'no rule'}\n")
    return 0


# --------------------------------------------------------------- explain

#: The documents `explain` reads: what the library decides or issues.
_EXPLAINABLE: Final = (RefundDecision, Quote, AccessDecision, Invoice, CreditNote)


def _document(source: str, text: bytes, kinds: tuple[type, ...], hint: str = "") -> object:
    """Read one document of one of *kinds*, or refuse it on one line naming *source*."""
    try:
        document = from_json(text)
    except PolicyInputError as error:
        raise _BadInputError(f"{source}: {error}") from None
    if not isinstance(document, kinds):
        expected = "one of " + ", ".join(schema_tag(kind) for kind in kinds)
        raise _BadInputError(
            f"{source}: schema: {schema_tag(type(document))!r} is not a document this command "
            f"reads; expected {expected}{hint}"
        )
    return document


def _run_explain(arguments: argparse.Namespace) -> int:
    locale: str = arguments.locale
    _check_locale(locale)
    policy = None
    if arguments.policy is not None:
        source, text = _read(arguments.policy)
        policy = _document(f"--policy {source}", text, (PolicyVersion, PolicyHistory))
    source, text = _read(arguments.file)
    # A case is decided before it is explained: `evaluate --explain` does both.
    document = _document(source, text, _EXPLAINABLE, " (a case: evaluate --explain)")
    try:
        words = explain(document, locale, policy=policy)  # type: ignore[arg-type]  # _document checked both types
    except PolicyInputError as error:
        raise _BadInputError(f"{source}: {error}") from None
    sys.stdout.write(words)
    return 0


# ----------------------------------------------------------- the program


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors take one line."""

    def error(self, message: str) -> NoReturn:
        """Report a usage error on one line and exit with status 2."""
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        message = f"invalid value {text!r}: give a whole number of processes, 1 or more"
        raise argparse.ArgumentTypeError(message)
    return jobs


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ttre-policy",
        description="TTR-E's Payment & Refund Policy as executable, auditable rules.",
        epilog="With no command, runs the demonstration. Bad input exits with status 2.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.add_parser(
        "demo", help="evaluate the sample cases and print a table (the default)"
    ).set_defaults(run=_run_demo)

    evaluate = commands.add_parser(
        "evaluate",
        help="decide one case given as JSON; print the decision as JSON or explained",
        description=(
            "Read one case document (ttre-policy/case/1: purchase, activations, request and "
            "optionally the policy) and print its decision as a ttre-policy/decision/1 "
            "document, or explained in words."
        ),
    )
    evaluate.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="the case document; - (the default) reads standard input",
    )
    evaluate.add_argument(
        "--explain", action="store_true", help="print the decision explained in words"
    )
    evaluate.add_argument(
        "--locale",
        metavar="L",
        help=f"the language of --explain (implies it): {', '.join(LOCALES)}, "
        "or another locale of the same language and script, such as en_HK or zh_TW",
    )
    evaluate.set_defaults(run=_run_evaluate)

    audit = commands.add_parser(
        "audit",
        help="replay a ledger of cases (JSON Lines) and summarise the decisions",
        description=(
            "Decide every case of a ledger, one case document per line, streaming in "
            "constant memory, and print a summary: counts by outcome and by reason, and "
            "the money paid, refunded and retained as fees, per currency. With no ledger, "
            "audits the sample ledger shipped in the package."
        ),
    )
    audit.add_argument(
        "ledger",
        nargs="?",
        metavar="LEDGER.jsonl",
        help="the ledger; - reads standard input (default: the sample ledger)",
    )
    audit.add_argument(
        "--output",
        metavar="FILE",
        help="write one decision per line to FILE, renamed into place when complete; "
        "- writes them to standard output (the summary then goes to standard error)",
    )
    audit.add_argument(
        "--rejects",
        metavar="FILE",
        help="write each bad line there with its error and go on, instead of stopping at it",
    )
    audit.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="decide on N processes; the output keeps the ledger's order (default: 1)",
    )
    audit.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on standard error (default: when it is a terminal)",
    )
    audit.set_defaults(run=_run_audit)

    commands.add_parser(
        "clauses", help="list every clause id, its words, and the rules that cite it"
    ).set_defaults(run=_run_clauses)

    explainer = commands.add_parser(
        "explain",
        help="explain a decision, quote, access decision, invoice or credit note given as JSON",
        description=(
            "Read one document the library decides or issues (a refund decision, quote, "
            "access decision, invoice or credit note; its schema tag says which) and print "
            "it explained in words."
        ),
    )
    explainer.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="the document; - (the default) reads standard input",
    )
    explainer.add_argument(
        "--locale",
        metavar="L",
        default="en",
        help=f"the language: {', '.join(LOCALES)} (default: en), or another locale of the "
        "same language and script, such as en_HK or zh_TW",
    )
    explainer.add_argument(
        "--policy",
        metavar="FILE",
        help="the policy version the document names, or a policy history holding it: "
        "times are then shown in its zone, with its contact (4(a))",
    )
    explainer.set_defaults(run=_run_explain)
    parser.set_defaults(run=_run_demo)
    return parser


def _utf8(stream: TextIO) -> None:
    """Write UTF-8 whatever the terminal's locale says: JSON and Chinese need it."""
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in ("utf-8", "utf8"):
        stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: the process's); return the exit status."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    parser = _parser()
    arguments = parser.parse_args(argv)
    command = f"{parser.prog} {arguments.command or 'demo'}"
    try:
        status: int = arguments.run(arguments)
        sys.stdout.flush()
    except _BadInputError as error:
        sys.stderr.write(f"{command}: error: {' '.join(str(error).split())}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write(f"{command}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing more to it.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return status
