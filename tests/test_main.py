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
from ttre_policy._demo_payment_terms import walkthrough
from ttre_policy._demo_support import decisions as support_decisions
from ttre_policy._samples import SAMPLES


def _decisions() -> list[object]:
    return [evaluate_refund(s.purchase, s.request, s.activations, s.policy) for s in SAMPLES]


def test_the_samples_cover_every_outcome_and_every_reason() -> None:
    """Issue 2: the samples "cover every outcome"; with section 1's walkthrough (issue 3) and the support desk's stories (issue 6), every reason code too."""
    decisions = [evaluate_refund(s.purchase, s.request, s.activations, s.policy) for s in SAMPLES]
    decisions += support_decisions()
    decisions += [decision for _, decision in _demo_amendments.decisions()]  # issue 4
    payment_terms = walkthrough().results

    assert set(Outcome) == {d.outcome for d in decisions}
    shown = {code for d in decisions for code in d.reason_codes}
    assert set(ReasonCode) == shown | {code for r in payment_terms for code in r.reason_codes}


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


def test_the_demo_shows_a_quote_an_invoice_and_a_credit_note() -> None:
    """
    Issue 3: "`python -m ttre_policy` also shows a sample quote, invoice and credit note".

    After the refund table: a price change with its notice, a tax-exclusive
    and a tax-inclusive quote, the payment, access before and after it, the
    invoice with TTR-E's clause 4(a) details, and the credit note whose lines
    sum to the refund.
    """
    out = io.StringIO()

    demo(out)

    text = out.getvalue()
    assert text.index("Sample refund decisions") < text.index("Payment terms (section 1)")
    lines = text.splitlines()
    for expected in (
        "Price change: ALL IN ONE from USD 600.00, announced 2026-10-01 12:00:00, in force from 2026-11-01 00:00:00 (earliest allowed 2026-11-01 00:00:00)  [1.1(b)]",
        "Quote for ALL IN ONE at 2026-11-01 09:50:00, tax-exclusive  [1.1(a) 1.1(b) 1.1(c)]",
        "  floor in force                     USD    600.00",
        "  Sales tax 8%                       USD     52.00",
        "Quote for TikTok Shop management at 2026-11-01 09:50:00, stated tax-inclusive  [1.1(a) 1.1(c)]",
        "  price (excl. tax)                  USD   1100.00",
        "  total                              USD   1188.00",
        "Access at 2026-11-01 10:00:30: not granted (awaiting_payment_confirmation)  [1.3(c)]",
        "Access at 2026-11-01 10:01:00: granted (payment_confirmed)  [1.3(c)]",
        "Invoice INV-2026-0001, issued 2026-11-01 10:02:00  [1.3(a) 5(a)]",
        "  seller TTR-E, partners@ttr-e.com, 367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong",
        "  total                              USD    702.00",
        "Credit note CN-2026-0001 for invoice INV-2026-0001, request R-101, issued 2026-11-03 09:05:00  [1.1(c) 2.2(a) 2.2(b)]",
        "  ALL IN ONE: price credited         USD    650.00",
        "  Processing fee retained           -USD     19.80",
        "  Tax refunded                       USD     52.00",
        "  total refunded                     USD    682.20",
    ):
        assert expected in lines


def test_the_demo_shows_a_dispute_an_exception_and_a_partial_refund_history() -> None:
    """Issue 6: "`python -m ttre_policy` also shows a dispute case, a decision granted by exception, and a partial-refund history"."""
    out = io.StringIO()

    demo(out)

    lines = out.getvalue().splitlines()
    for line in (
        "A dispute case (2.4(a), 4(a))",
        "  case C-1001, opened 2026-11-16 09:30 on request R-D1 of purchase D-1",
        "  reasons: payments_final 2.1(a); outside_cancellation_window 2.2(a); no_service_initiated 2.2(b)",
        "  policy version 'published'; words quoted: 2.1(a) 2.2(a) 2.2(b) 2.4(a) 4(a)",
        "  support: TTR-E support team, partners@ttr-e.com, 367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong",
        "  while the case is open, R-D1 evaluated again: refer to support (dispute_open 2.4(a))",
        "A decision granted by exception (2.4(a), ruling 10)",
        "  R-D1: eligible, refund USD 500.00, granted by exception: True",
        "A partial-refund history: purchase H-1, USD 500.00 + tax USD 40.00 = USD 540.00 paid",
        "  2026-11-04 09:10  R-H1 again (a retry): same decision: True       eligible          USD 524.70  USD 0.00         USD 0.00",
        '  2026-11-06 15:00  C-2001 approved ("full") by Ravi Nair           eligible          USD 15.30   USD 524.70       USD 15.30    previous_refunds_deducted 2.2(b); granted_by_exception 2.4(a)',
        "  2026-11-20 09:00  R-H3 asks again                                 not eligible      USD 0.00    USD 540.00       USD 0.00     fully_refunded 2.2(b)",
    ):
        assert line in lines
    assert any("exception_not_needed 2.4(a)" in line for line in lines)
    assert any(
        line.startswith("  refunded in all: USD 540.00 of USD 540.00 paid") for line in lines
    )
