"""
The main job: ``python -m ttre_policy`` prints the sample decisions.

Issue 2: "`python -m ttre_policy` evaluates a built-in set of sample purchases
and refund requests (cover every outcome) and prints a readable table:
purchase, request time, deadline, eligible or not, fees, refund, clause ids."
"""

from __future__ import annotations

import io
import runpy
import subprocess
import sys

import pytest

from ttre_policy import Outcome, ReasonCode, _demo_amendments, evaluate_refund
from ttre_policy._cli import demo, main
from ttre_policy._samples import SAMPLES


def _decisions() -> list[object]:
    return [evaluate_refund(s.purchase, s.request, s.activations, s.policy) for s in SAMPLES]


def test_the_samples_cover_every_outcome_and_every_reason() -> None:
    """Issue 2: the samples "cover every outcome"; here every reason code too, so each is shown once."""
    decisions = [evaluate_refund(s.purchase, s.request, s.activations, s.policy) for s in SAMPLES]
    decisions += [decision for _, decision in _demo_amendments.decisions()]  # issue 4

    assert set(Outcome) == {d.outcome for d in decisions}
    assert set(ReasonCode) == {code for d in decisions for code in d.reason_codes}


def test_the_table_shows_every_sample_with_its_decision() -> None:
    """Issue 2: a readable table of purchase, request time, deadline, eligibility, fees, refund and clause ids."""
    out = io.StringIO()

    demo(out)

    lines = out.getvalue().splitlines()
    header = next(line for line in lines if line.startswith("purchase"))
    for column in ("requested", "deadline", "decision", "fees", "refund", "clauses"):
        assert column in header
    assert (
        "S-01      asked on day 14, nothing started       2026-11-15 18:30:00.000  2026-11-15 23:59  eligible      USD 15.30     USD 484.70    2.2(a) 2.2(b)"
        in lines
    )
    assert sum(line.startswith("S-") for line in lines) == len(SAMPLES)


def test_main_runs_the_demo_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 2: the main job runs with no arguments and succeeds."""
    assert main([]) == 0
    assert "S-10" in capsys.readouterr().out
    assert main(["demo"]) == 0


def test_python_dash_m_is_the_same_program(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 5: "`python -m ttre_policy` is the same program" as ttre-policy."""
    monkeypatch.setattr(sys, "argv", ["ttre_policy"])

    with pytest.raises(SystemExit) as exited:
        runpy.run_module("ttre_policy", run_name="__main__")

    assert exited.value.code == 0
    assert "Sample refund decisions" in capsys.readouterr().out


def test_the_installed_program_runs_in_a_fresh_process() -> None:
    """Issue 2: "`python -m ttre_policy` prints the sample table", as a user runs it."""
    completed = subprocess.run(  # our own interpreter
        [sys.executable, "-m", "ttre_policy"], capture_output=True, text=True, check=False
    )

    assert completed.returncode == 0
    assert completed.stderr == ""
    assert "S-09" in completed.stdout
