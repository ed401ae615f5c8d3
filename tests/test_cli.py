"""
The `ttre-policy` command: evaluate, audit and clauses, tried as a new user would.

Issue 5: "`ttre-policy evaluate [FILE|-]`: one case ... in JSON; prints the
decision as JSON, or as text with `--explain [--locale L]`. `ttre-policy
audit [LEDGER.jsonl]`: replays a ledger, one case per line, streaming in
constant memory; writes one decision per line (`--output FILE`, written to a
temporary file and renamed so a failed run leaves no half file), then a
summary ... `--jobs N` spreads the work over N processes with the same output
order. A bad line stops the run with its line number and field (exit 2), or
with `--rejects FILE` goes there with the error, so every input line ends up
in exactly one of the two files: nothing is lost ... `ttre-policy clauses`:
lists every clause id, its text, and the rules that cite it. Errors: a clear
one-line message and a non-zero exit, never a traceback, for every bad
input."

The tests that matter most run the program in a fresh process, as a user
does; the others call `main` in-process so that coverage sees them.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import re
import runpy
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs
import jsonschema
import pytest

from tests.helpers import BOUGHT, FIRST_LATE_INSTANT, PAID, event, purchase, request, usd
from ttre_policy import (
    ALL_IN_ONE,
    CLAUSE_IDS,
    DEFAULT_HISTORY,
    DEFAULT_POLICY,
    AccessDecision,
    ActivationKind,
    Case,
    CreditNote,
    Invoice,
    Outcome,
    Quote,
    RefundDecision,
    _cli,
    access_decision,
    evaluate_refund,
    explain,
    from_json,
    issue_credit_note,
    issue_invoice,
    quote,
    to_json,
)
from ttre_policy._cli import main
from ttre_policy._demo_support import decisions as support_decisions
from ttre_policy._samples import SAMPLES

REPOSITORY = Path(__file__).parent.parent
SAMPLE_LEDGER = resources.files("ttre_policy").joinpath("data/sample-ledger.jsonl")
LATE_CASE = Case(purchase=purchase(), request=request(FIRST_LATE_INSTANT))
USED_CASE = Case(
    purchase=purchase(),
    activations=(event(ActivationKind.USED, PAID + timedelta(days=1)),),
    request=request(BOUGHT + timedelta(days=2)),
)


def _run(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m ttre_policy ARGUMENTS` in a fresh process, as a user would."""
    return subprocess.run(  # noqa: S603  # our own interpreter and program
        [sys.executable, "-m", "ttre_policy", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=REPOSITORY,
    )


def _decision_schema() -> jsonschema.Draft202012Validator:
    schema = json.loads((REPOSITORY / "schemas" / "decision.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    """A case document on disk: ruling 1's purchase, asked at the first late instant."""
    path = tmp_path / "case.json"
    path.write_text(to_json(LATE_CASE, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A ledger of six good lines: the first six of the sample ledger."""
    path = tmp_path / "ledger.jsonl"
    path.write_text(
        "".join(SAMPLE_LEDGER.read_text("utf-8").splitlines(keepends=True)[:6]), "utf-8"
    )
    return path


class TestAsANewUserWould:
    """Issue 5, done when: the commands work "tried as a new user would", in a subprocess."""

    def test_audit_with_no_argument_prints_the_summary_of_the_sample_ledger(self) -> None:
        """Issue 5: "`ttre-policy audit` with no argument prints the summary of the sample ledger"."""
        completed = _run("audit")

        assert completed.returncode == 0, completed.stderr
        assert completed.stderr == ""
        lines = completed.stdout.splitlines()
        assert lines[0] == "Audit of the sample ledger (ttre_policy/data/sample-ledger.jsonl)"
        assert lines[1].endswith(" decided, 0 rejected")
        assert any(line.startswith("USD ") for line in lines)

    def test_the_installed_console_script_is_the_same_program(self) -> None:
        """Issue 5: "`python -m ttre_policy` is the same program" as the `ttre-policy` console script."""
        script = Path(sys.executable).with_name("ttre-policy")
        if not script.exists():
            pytest.skip("ttre-policy is not installed beside this interpreter")

        completed = subprocess.run(  # noqa: S603  # the installed program
            [str(script), "audit"], capture_output=True, text=True, check=False
        )

        assert completed.returncode == 0
        assert completed.stdout == _run("audit").stdout

    def test_evaluate_prints_the_decision_as_json(self, case_file: Path) -> None:
        """Issue 5: "prints the decision as JSON": a valid `ttre-policy/decision/1` document."""
        completed = _run("evaluate", str(case_file))

        assert completed.returncode == 0, completed.stderr
        document = json.loads(completed.stdout)
        _decision_schema().validate(document)
        assert evaluate_refund(LATE_CASE.purchase, LATE_CASE.request) == from_json(
            completed.stdout
        )

    @pytest.mark.parametrize(
        ("locale", "first_line"),
        [
            ("en", "Decision: not eligible for a refund (purchase P-1, request R-1)."),
            ("zh_Hant_HK", "決定：不符合退款資格（購買 P-1，申請 R-1）。"),
            ("zh_Hans_CN", "决定：不符合退款条件（购买 P-1，申请 R-1）。"),
        ],
    )
    def test_evaluate_explains_in_each_locale_from_standard_input(
        self, locale: str, first_line: str
    ) -> None:
        """Issue 5: "or as text with `--explain [--locale L]`", in all three locales."""
        completed = _run(
            "evaluate", "-", "--explain", "--locale", locale, stdin=to_json(USED_CASE)
        )

        assert completed.returncode == 0, completed.stderr
        assert first_line == completed.stdout.splitlines()[0]
        assert "2.3(a)" in completed.stdout
        assert "partners@ttr-e.com" in completed.stdout

    def test_clauses_lists_every_clause_its_words_and_its_rules(self) -> None:
        """Issue 5: "`ttre-policy clauses`: lists every clause id, its text, and the rules that cite it"."""
        completed = _run("clauses")

        assert completed.returncode == 0
        for clause_id in CLAUSE_IDS:
            assert f"\n{clause_id}  " in completed.stdout
        assert "ttre_policy._refunds.is_within_window" in completed.stdout
        assert "Email: partners@ttr-e.com" in completed.stdout

    @pytest.mark.parametrize(
        ("arguments", "stdin", "message"),
        [
            (("evaluate", "missing.json"), None, r"cannot read missing\.json: No such file"),
            (("evaluate",), "{not json", r"standard input: \$: .* is not well-formed JSON"),
            (
                ("evaluate",),
                '{"schema": "ttre-policy/case/1"}',
                r"standard input: purchase: a value is missing",
            ),
            (("evaluate", "--locale", "fr"), "{}", r"--locale locale: 'fr' is not a locale"),
            (("audit", "missing.jsonl"), None, r"cannot read missing\.jsonl: No such file"),
            (
                ("audit", "-"),
                '{"schema": "ttre-policy/case/1"}\n',
                r"standard input, line 1: purchase: a value is missing",
            ),
            (("audit", "--jobs", "0"), None, r"argument --jobs: invalid value '0'"),
            (("clauses", "--json"), None, r"unrecognized arguments: --json"),
            (("frobnicate",), None, r"invalid choice: 'frobnicate'"),
        ],
    )
    def test_bad_input_gets_one_line_and_exit_status_2(
        self, arguments: tuple[str, ...], stdin: str | None, message: str
    ) -> None:
        """Issue 5: "bad input in each command yields a one-line error and exit 2", never a traceback."""
        completed = _run(*arguments, stdin=stdin)

        assert completed.returncode == 2
        assert completed.stdout == ""
        assert len(completed.stderr.splitlines()) == 1, completed.stderr
        assert "Traceback" not in completed.stderr
        assert completed.stderr.startswith("ttre-policy")
        assert re.search(message, completed.stderr), completed.stderr


class TestEvaluate:
    """Issue 5: `ttre-policy evaluate [FILE|-]` reads one case and prints its decision."""

    def test_the_json_is_the_decision(
        self, case_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The decision printed is the library's decision on the case, as a document."""
        assert main(["evaluate", str(case_file)]) == 0

        printed = capsys.readouterr().out
        assert (
            to_json(evaluate_refund(LATE_CASE.purchase, LATE_CASE.request), indent=2) + "\n"
            == printed
        )

    def test_locale_alone_implies_explain(
        self, case_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--locale L` without `--explain` still explains: asking for a language asks for words."""
        assert main(["evaluate", str(case_file), "--locale", "zh-Hant-HK"]) == 0

        assert capsys.readouterr().out.startswith("決定：不符合退款資格")

    def test_standard_input_is_read_as_utf_8(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`-` (the default) reads the case from standard input."""
        monkeypatch.setattr(
            sys, "stdin", io.TextIOWrapper(io.BytesIO(to_json(USED_CASE).encode()))
        )

        assert main(["evaluate", "--explain"]) == 0

        assert "used, at Nov 2, 2026, 10:01 HKT" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("document", "message"),
        [
            ('{"schema": "ttre-policy/case/1", "purchase": 5}', r": purchase: 5 is a JSON number"),
            ("[]", r": \$: \[\] is an array"),
        ],
    )
    def test_a_bad_case_is_one_line_with_its_path(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str, message: str
    ) -> None:
        """Issue 5: the error names the file and the JSON path of the bad field."""
        path = tmp_path / "bad.json"
        path.write_text(document, "utf-8")

        assert main(["evaluate", str(path)]) == 2

        error = capsys.readouterr().err
        assert error.startswith(f"ttre-policy evaluate: error: {path}")
        assert re.search(message, error)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                ["--locale", "klingon"],
                "ttre-policy evaluate: error: --locale locale: 'klingon' is not a locale",
            ),
            (
                ["no-such-case.json"],
                "ttre-policy evaluate: error: cannot read no-such-case.json: No such file or directory",
            ),
        ],
    )
    def test_a_bad_locale_or_file_is_refused_before_any_work(
        self, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
    ) -> None:
        """Issue 5: "an unknown locale is a clear error"; so is a file that cannot be read."""
        assert main(["evaluate", *arguments]) == 2

        assert capsys.readouterr().err.startswith(message)

    @pytest.mark.parametrize("jobs", ["0", "-3", "two"])
    def test_jobs_is_a_whole_number_of_processes(
        self, capsys: pytest.CaptureFixture[str], jobs: str
    ) -> None:
        """`--jobs N` takes N from 1 up; anything else is a usage error on one line."""
        with pytest.raises(SystemExit) as exited:
            main(["audit", "--jobs", jobs])

        assert exited.value.code == 2
        error = capsys.readouterr().err
        assert f"argument --jobs: invalid value '{jobs}'" in error
        assert len(error.splitlines()) == 1

    def test_a_case_whose_facts_do_not_fit_together_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ruling 6: "A request before the purchase ... is an input error", named by its path in the case."""
        path = tmp_path / "early.json"
        path.write_text(
            to_json(Case(purchase=purchase(), request=request(BOUGHT - timedelta(hours=1))))
        )

        assert main(["evaluate", str(path)]) == 2

        assert "request.requested_at: " in capsys.readouterr().err


class TestAudit:
    """Issue 5: `ttre-policy audit` replays a ledger, streams, keeps order, and loses nothing."""

    def test_the_sample_ledger_covers_every_outcome_and_reason(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Issue 5: "a sample ledger shipped in the package (a few hundred varied cases covering every outcome)"; and every reason.

        Every reason a refund decision gives, that is: every one the
        demonstration's samples and support-desk stories show (tests/test_main.py
        checks those).
        """
        assert main(["audit"]) == 0

        lines = capsys.readouterr().out.splitlines()
        counts = {
            line.split()[0]: int(line.split()[-1].replace(",", ""))
            for line in lines[3:]
            if line and line.split()[-1].replace(",", "").isdigit()
        }
        assert 200 <= int(lines[1].split()[0].replace(",", "")) <= 1000
        shown = {
            code
            for sample in SAMPLES
            for code in evaluate_refund(
                sample.purchase, sample.request, sample.activations, sample.policy
            ).reason_codes
        } | {code for decision in support_decisions() for code in decision.reason_codes}
        for code in (*Outcome, *shown):
            assert counts[code.value] > 0, code

    def test_the_summary_counts_cases_by_reason_and_money_by_currency(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Issue 5: "a summary: counts by outcome and reason, totals refunded and fees retained, per currency"."""
        twice_used = Case(
            purchase=purchase(),
            activations=(
                event(ActivationKind.USED, PAID + timedelta(hours=1)),
                event(ActivationKind.USED, PAID + timedelta(hours=2)),
            ),
            request=request(PAID + timedelta(days=1)),
        )
        on_time = Case(purchase=purchase(), request=request(PAID))
        path = tmp_path / "two.jsonl"
        path.write_text(to_json(twice_used) + "\n" + to_json(on_time) + "\n", "utf-8")

        assert main(["audit", str(path)]) == 0

        lines = capsys.readouterr().out.splitlines()
        assert "service_used                  2.3(a)       1" in lines
        assert "not_eligible                               1" in lines
        assert "USD              2          1,000.00            484.70             15.30" in lines

    def test_the_sample_ledger_is_the_one_the_script_writes(self) -> None:
        """The sample ledger is generated deterministically by scripts/make_sample_ledger.py; the shipped file is current."""
        generate = runpy.run_path(str(REPOSITORY / "scripts" / "make_sample_ledger.py"))

        assert generate["ledger_text"]() == SAMPLE_LEDGER.read_text("utf-8")

    def test_the_output_has_one_decision_per_line_in_order(
        self, ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Issue 5: "writes one decision per line"; each is the library's decision on that line's case."""
        output = tmp_path / "decisions.jsonl"

        assert main(["audit", str(ledger), "--output", str(output)]) == 0

        cases = [from_json(line, Case) for line in ledger.read_text("utf-8").splitlines()]
        expected = [
            to_json(evaluate_refund(c.purchase, c.request, c.activations, c.policy)) for c in cases
        ]
        assert expected == output.read_text("utf-8").splitlines()
        assert f"Decisions written to {output}." in capsys.readouterr().out
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []

    def test_several_processes_give_the_same_output_in_the_same_order(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Issue 5: "`--jobs N` spreads the work over N processes with the same output order"."""
        monkeypatch.setattr(_cli, "CHUNK_LINES", 16)
        one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"

        assert main(["audit", "--output", str(one)]) == 0
        summary_one = capsys.readouterr().out
        assert main(["audit", "--output", str(two), "--jobs", "2"]) == 0
        summary_two = capsys.readouterr().out

        assert one.read_bytes() == two.read_bytes()
        assert summary_one.replace(str(one), "") == summary_two.replace(str(two), "")

    def test_decisions_can_go_to_standard_output(
        self, ledger: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--output -` writes the decisions to standard output and the summary to standard error."""
        assert main(["audit", str(ledger), "--output", "-"]) == 0

        captured = capsys.readouterr()
        assert len(captured.out.splitlines()) == 6
        assert all(
            json.loads(line)["schema"] == "ttre-policy/decision/1"
            for line in captured.out.splitlines()
        )
        assert captured.err.startswith("Audit of ")

    def test_every_line_ends_in_exactly_one_of_the_two_files(
        self, ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Issue 5: "every input line ends up in exactly one of the two files: nothing is lost"."""
        lines = ledger.read_text("utf-8").splitlines(keepends=True)
        lines[1] = lines[1].replace('"amount":"', '"amount":"5O', 1)
        lines[3] = "\n"
        lines.append(b"\xff not utf-8 \n".decode("latin-1"))
        ledger.write_bytes("".join(lines[:-1]).encode() + b"\xff not utf-8 \n")
        output, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"

        assert (
            main(["audit", str(ledger), "--output", str(output), "--rejects", str(rejects)]) == 0
        )

        decided = output.read_text("utf-8").splitlines()
        refused = [json.loads(line) for line in rejects.read_text("utf-8").splitlines()]
        assert [entry["line"] for entry in refused] == [2, 4, 7]
        assert len(decided) + len(refused) == 7
        assert refused[0]["field"] == "purchase.package.floor_price.amount"
        assert refused[0]["error"].startswith("purchase.package.floor_price.amount: '5O")
        assert lines[1].rstrip("\n") == refused[0]["input"]
        assert refused[2]["input"].encode("utf-8", "surrogateescape") == b"\xff not utf-8 "
        summary = capsys.readouterr().out
        assert "7 lines: 4 decided, 3 rejected" in summary
        assert f"Rejected lines written to {rejects}." in summary

    def test_a_bad_line_stops_the_run_and_leaves_no_half_file(
        self, ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Issue 5: "A bad line stops the run with its line number and field (exit 2)"; "a failed run leaves no half file"."""
        lines = ledger.read_text("utf-8").splitlines(keepends=True)
        lines[4] = '{"schema":"ttre-policy/case/1","purchase":[]}\n'
        ledger.write_text("".join(lines), "utf-8")
        output = tmp_path / "out.jsonl"
        output.write_text("yesterday's decisions\n", "utf-8")

        assert main(["audit", str(ledger), "--output", str(output)]) == 2

        error = capsys.readouterr().err
        assert error.startswith(
            f"ttre-policy audit: error: {ledger}, line 5: purchase: [] is an array"
        )
        assert len(error.splitlines()) == 1
        assert output.read_text("utf-8") == "yesterday's decisions\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.jsonl", "out.jsonl"]

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (("--output", "{ledger}"), "an output file is the ledger itself"),
            (
                ("--output", "{tmp}/same", "--rejects", "{tmp}/same"),
                "--output and --rejects name the same file",
            ),
            (("--rejects", "-"), "--rejects needs a file name"),
            (
                ("--output", "{tmp}/no/such/dir/out.jsonl"),
                "cannot write {tmp}/no/such/dir/out.jsonl: No such file",
            ),
            (("--output", "{tmp}"), "cannot write {tmp}: it is a directory"),
        ],
    )
    def test_output_files_are_checked_before_any_work(
        self,
        ledger: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        arguments: tuple[str, ...],
        message: str,
    ) -> None:
        """Bad output choices are refused on one line, with exit status 2, and the ledger is untouched."""
        before = ledger.read_bytes()
        filled = [a.format(ledger=ledger, tmp=tmp_path) for a in arguments]

        assert main(["audit", str(ledger), *filled]) == 2

        assert message.format(tmp=tmp_path) in capsys.readouterr().err
        assert before == ledger.read_bytes()

    def test_an_output_that_becomes_a_directory_is_one_line_of_error(self, tmp_path: Path) -> None:
        """A file that cannot be put in place is an error naming it, and leaves no temporary file."""
        target = tmp_path / "out.jsonl"
        output = _cli._AtomicFile(target)
        output.file.write("decisions\n")
        (target / "in-the-way").mkdir(parents=True)

        with pytest.raises(_cli._BadInputError, match=f"^cannot write {re.escape(str(target))}: "):
            output.commit()

        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
        assert target.is_dir()

    def test_a_directory_is_not_a_ledger(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A ledger that cannot be read is one line of error."""
        assert main(["audit", str(tmp_path)]) == 2

        assert "cannot read" in capsys.readouterr().err

    def test_the_progress_bar_shows_on_a_terminal(
        self, ledger: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Issue 5: "A progress bar on stderr when stderr is a terminal"."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(_cli, "CHUNK_LINES", 2)

        assert main(["audit", str(ledger)]) == 0

        shown = terminal.getvalue()
        assert "\r[##########                    ]  33%  2 lines" in shown
        assert "\r[##############################] 100%  6 lines" in shown
        assert shown.endswith("lines/s)\n") or "/s)\n" in shown
        assert capsys.readouterr().out.startswith("Audit of ")

    def test_no_progress_bar_otherwise_and_a_count_without_a_size(
        self, monkeypatch: pytest.MonkeyPatch, ledger: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--progress` forces the display; for standard input, whose size is unknown, it counts lines."""
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ledger.read_bytes())))
        monkeypatch.setattr(sys.stdin, "fileno", lambda: _pipe_of(ledger.read_bytes()))

        assert main(["audit", "-", "--progress"]) == 0

        err = capsys.readouterr().err
        assert "\r6 lines" in err


def _pipe_of(data: bytes) -> int:
    """Return the read end of a pipe that holds *data*."""
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    return read


class TestTheProgram:
    """The program around the commands: the demo by default, exits, encodings."""

    def test_no_command_runs_the_demo(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Issue 5: "Keep `python -m ttre_policy` with no command = the demonstration"."""
        assert main([]) == 0

        assert capsys.readouterr().out.startswith("Sample refund decisions")

    def test_an_interrupt_exits_130_without_a_traceback(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ctrl-C during a long audit ends with one line and status 130."""

        def interrupted(_arguments: object) -> int:
            raise KeyboardInterrupt

        monkeypatch.setattr(_cli, "_run_clauses", interrupted)

        assert main(["clauses"]) == 130

        assert capsys.readouterr().err == "ttre-policy clauses: interrupted\n"

    def test_a_closed_pipe_exits_quietly(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`ttre-policy audit --output - | head` stops when head does, without a traceback."""

        def closed(_arguments: object) -> int:
            raise BrokenPipeError

        monkeypatch.setattr(_cli, "_run_clauses", closed)
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
        monkeypatch.setattr(sys.stdout, "fileno", lambda: os.open(os.devnull, os.O_WRONLY))

        assert main(["clauses"]) == 141

    def test_output_is_utf_8_whatever_the_terminal_says(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """JSON and Chinese are written as UTF-8 even under a Latin-1 locale."""
        latin = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
        monkeypatch.setattr(sys, "stdout", latin)

        assert main(["clauses"]) == 0

        assert latin.encoding == "utf-8"

    def test_the_main_module_runs_only_as_the_program(self) -> None:
        """Worker processes import `ttre_policy.__main__` under another name; it must not run the program then."""
        try:
            module = importlib.import_module("ttre_policy.__main__")
        finally:
            # `python -m ttre_policy` (tests/test_main.py) must find it unimported.
            sys.modules.pop("ttre_policy.__main__", None)

        assert module.main is main

    def test_a_decision_read_back_is_the_decision(self) -> None:
        """The JSON the commands write reads back as the same decision (issue 5's round trip, end to end)."""
        decision = evaluate_refund(USED_CASE.purchase, USED_CASE.request, USED_CASE.activations)

        assert decision == from_json(to_json(decision), RefundDecision)


# ------------------------------------------------ ttre-policy explain (task B)

_TAXED = purchase(tax=usd("40.00"))
_INVOICE = issue_invoice(_TAXED, number="INV-1", issued_at=PAID, buyer="C-7")
#: One document of each kind `explain` reads, by the name of its file.
DOCUMENTS: dict[str, RefundDecision | Quote | AccessDecision | Invoice | CreditNote] = {
    "decision": evaluate_refund(LATE_CASE.purchase, LATE_CASE.request),
    "quote": quote(ALL_IN_ONE, usd("500.00"), quoted_at=BOUGHT, tax=Decimal("0.08")),
    "access-decision": access_decision(purchase(), BOUGHT),
    "invoice": _INVOICE,
    "credit-note": issue_credit_note(
        _INVOICE,
        evaluate_refund(_TAXED, request(PAID + timedelta(days=2))),
        number="CN-1",
        issued_at=PAID + timedelta(days=2),
    ),
}


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    """A directory with one JSON file per document `explain` reads, a policy, a history and a case."""
    for name, document in DOCUMENTS.items():
        (tmp_path / f"{name}.json").write_text(to_json(document, indent=2), "utf-8")
    (tmp_path / "policy.json").write_text(to_json(DEFAULT_POLICY), "utf-8")
    (tmp_path / "history.json").write_text(to_json(DEFAULT_HISTORY), "utf-8")
    other = attrs.evolve(DEFAULT_POLICY, version_id="other")
    (tmp_path / "other.json").write_text(to_json(other), "utf-8")
    (tmp_path / "case.json").write_text(to_json(LATE_CASE), "utf-8")
    (tmp_path / "bad.json").write_text('{"schema": "ttre-policy/quote/1", "package": 5}', "utf-8")
    return tmp_path


class TestExplain:
    """Issue 5's `explain` "for quotes and invoices as they land": `ttre-policy explain [FILE|-]`."""

    @pytest.mark.parametrize(
        ("name", "locale"),
        [
            ("decision", "zh_Hant_HK"),
            ("quote", "en"),
            ("access-decision", "zh_Hans_CN"),
            ("invoice", "zh_Hant_HK"),
            ("credit-note", "en_HK"),
        ],
    )
    def test_each_document_is_explained_as_the_library_explains_it(
        self, documents: Path, name: str, locale: str
    ) -> None:
        """1.3(a), 2.2(b), 2.4(a): a decision, quote, access decision, invoice or credit note, read as JSON, in words."""
        completed = _run("explain", str(documents / f"{name}.json"), "--locale", locale)

        assert completed.returncode == 0, completed.stderr
        assert completed.stderr == ""
        assert explain(DOCUMENTS[name], locale) == completed.stdout

    def test_standard_input_and_a_policy_history(
        self, documents: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """4(a): "please reach out to us using the details below": given its policy, an access decision names the contact."""
        text = (documents / "access-decision.json").read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))

        assert main(["explain", "--policy", str(documents / "history.json")]) == 0

        out = capsys.readouterr().out
        assert out == explain(DOCUMENTS["access-decision"], policy=DEFAULT_HISTORY)
        assert "partners@ttr-e.com" in out

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                ["case.json"],
                (
                    r"case\.json: schema: 'ttre-policy/case/1' is not a document this command reads; "
                    r"expected one of ttre-policy/decision/1, .*credit-note/1 \(a case: evaluate --explain\)$"
                ),
            ),
            (
                ["quote.json", "--policy", "quote.json"],
                (
                    r"--policy .*quote\.json: schema: 'ttre-policy/quote/1' is not a document this "
                    r"command reads; expected one of ttre-policy/policy-version/1, "
                    r"ttre-policy/policy-history/1$"
                ),
            ),
            (
                ["quote.json", "--policy", "other.json"],
                (
                    r"quote\.json: policy_version: 'published' is not a version of the policy given; "
                    r"expected one of \['other'\]$"
                ),
            ),
            (["bad.json"], r"bad\.json: package: 5 is a JSON number"),
            (["missing.json"], r"cannot read .*missing\.json: No such file"),
            (["quote.json", "--policy", "missing.json"], r"cannot read .*missing\.json"),
            (["quote.json", "--locale", "fr"], r"--locale locale: 'fr' is not a locale"),
        ],
    )
    def test_bad_input_is_one_line_and_exit_status_2(
        self,
        documents: Path,
        capsys: pytest.CaptureFixture[str],
        arguments: list[str],
        message: str,
    ) -> None:
        """Issue 5: "Errors: a clear one-line message and a non-zero exit, never a traceback, for every bad input"."""
        paths = [
            str(documents / argument) if argument.endswith(".json") else argument
            for argument in arguments
        ]

        assert main(["explain", *paths]) == 2

        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("ttre-policy explain: error: ")
        assert len(captured.err.splitlines()) == 1
        assert re.search(message, captured.err.rstrip("\n")), captured.err

    @pytest.mark.parametrize(
        ("stdin", "message"),
        [
            ("{not json", r"standard input: \$: .* is not well-formed JSON"),
            ('{"schema": "ttre-policy/quote/1"}', r"standard input: package: a value is missing"),
        ],
    )
    def test_bad_json_on_standard_input_in_a_fresh_process(self, stdin: str, message: str) -> None:
        """Issue 5: "bad input in each command yields a one-line error and exit 2 (tests drive the CLI in a subprocess)"."""
        completed = _run("explain", stdin=stdin)

        assert completed.returncode == 2
        assert completed.stdout == ""
        assert len(completed.stderr.splitlines()) == 1, completed.stderr
        assert "Traceback" not in completed.stderr
        assert re.search(message, completed.stderr), completed.stderr
