"""
The demonstration's support-desk section: disputes, exceptions, partial refunds.

Part of the command line's outer layer (issue 6): it builds three named
stories, evaluates them with `evaluate_refund` and prints them.

1. A dispute case (2.4(a), 4(a)): a late request is denied; the customer
   disputes it; the case carries every fact and the support contact; while
   it is open, the request is referred to support.
2. A decision granted by exception (ruling 10): the support team approves an
   exception on that case; the decision says so, names the approver and the
   reason, and keeps the policy's own reasons. An exception for less than
   the policy grants changes nothing.
3. A partial-refund history (Stripe's semantics): a refund paid out in two
   parts, a retried request that yields the same decision, a second request
   judged against what remains (fees retained), a claimed exception referred
   to support and then approved, and a request on a fully refunded purchase.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

import attrs

from ttre_policy._decisions import RefundDecision
from ttre_policy._ledger import FULL, RefundRecord, SupportException
from ttre_policy._money import Money, sum_of
from ttre_policy._packages import ALL_IN_ONE
from ttre_policy._purchases import PaymentMethod, Purchase, RefundRequest
from ttre_policy._refunds import evaluate_refund
from ttre_policy._support import DisputeCase, open_dispute, refund_outstanding
from ttre_policy._versions import DEFAULT_POLICY

if TYPE_CHECKING:
    from typing import TextIO

_HK: Final = ZoneInfo("Asia/Hong_Kong")
_BOUGHT: Final = datetime(2026, 11, 1, 10, 0, tzinfo=_HK)


def _usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def _purchase(purchase_id: str, tax: str = "0.00") -> Purchase:
    return Purchase(
        purchase_id=purchase_id,
        package=ALL_IN_ONE,
        price_excl_tax=_usd("500.00"),
        tax=_usd(tax),
        purchased_at=_BOUGHT,
        payment_method=PaymentMethod.CREDIT_CARD,
        paid_at=_BOUGHT + timedelta(minutes=1),
    )


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=_HK)


def _local(instant: datetime) -> str:
    return instant.astimezone(DEFAULT_POLICY.time_zone).strftime("%Y-%m-%d %H:%M")


def _outcome(decision: RefundDecision) -> str:
    return decision.outcome.value.replace("_", " ")


def _reasons(decision: RefundDecision, *, start: int = 0) -> str:
    return "; ".join(
        f"{reason.code.value} {reason.clause_id}" for reason in decision.reasons[start:]
    )


# --------------------------------------------------------------- the stories


@attrs.frozen
class _Dispute:
    purchase: Purchase
    denied: RefundDecision
    case: DisputeCase
    referred: RefundDecision
    exception: SupportException
    granted: RefundDecision
    small: SupportException
    in_time: RefundDecision


def _dispute() -> _Dispute:
    purchase = _purchase("D-1")
    late = RefundRequest(request_id="R-D1", purchase_id="D-1", requested_at=_at(16, 9))
    denied = evaluate_refund(purchase, late)
    case = open_dispute(
        denied,
        purchase,
        opened_at=_at(16, 9, 30),
        case_reference="C-1001",
        statement="I was in hospital from 10 to 16 November and could not write sooner.",
    )
    exception = SupportException(
        case_reference="C-1001",
        purchase_id="D-1",
        request_id="R-D1",
        approved_by="Mei Chan (support lead)",
        reason="hospital stay documented; asked one day late",
        approved_at=_at(18, 14),
        amount=FULL,
    )
    in_time = RefundRequest(request_id="R-D2", purchase_id="D-2", requested_at=_at(5, 9))
    small = SupportException(
        case_reference="C-1002",
        purchase_id="D-2",
        request_id="R-D2",
        approved_by="Mei Chan (support lead)",
        reason="goodwill for a slow reply",
        approved_at=_at(5, 10),
        amount=_usd("50.00"),
    )
    return _Dispute(
        purchase=purchase,
        denied=denied,
        case=case,
        referred=evaluate_refund(purchase, late, open_disputes=[case]),
        exception=exception,
        granted=evaluate_refund(purchase, late, exception=exception, open_disputes=[case]),
        small=small,
        in_time=evaluate_refund(_purchase("D-2"), in_time, exception=small),
    )


@attrs.frozen
class _Step:
    at: datetime
    what: str
    decision: RefundDecision | None
    outstanding: Money
    #: The reasons the support desk added to the policy's own.
    support: str = ""


def _history() -> tuple[Purchase, tuple[_Step, ...], tuple[RefundRecord, ...]]:
    purchase = _purchase("H-1", tax="40.00")
    first = RefundRequest(request_id="R-H1", purchase_id="H-1", requested_at=_at(3, 10))
    second = RefundRequest(request_id="R-H2", purchase_id="H-1", requested_at=_at(5, 12))
    third = RefundRequest(request_id="R-H3", purchase_id="H-1", requested_at=_at(20, 9))
    ledger: list[RefundRecord] = []
    steps: list[_Step] = []

    def decide(at: datetime, what: str, decision: RefundDecision) -> RefundDecision:
        request = RefundRequest(
            request_id=decision.request_id, purchase_id="H-1", requested_at=decision.requested_at
        )
        alone = evaluate_refund(purchase, request)
        support = _reasons(decision, start=len(alone.reasons))
        steps.append(_Step(at, what, decision, refund_outstanding(decision, ledger), support))
        return decision

    def refund(at: datetime, reference: str, decision: RefundDecision, amount: str) -> None:
        ledger.append(
            RefundRecord(
                reference=reference,
                purchase_id="H-1",
                request_id=decision.request_id,
                amount=_usd(amount),
                refunded_at=at,
            )
        )
        what = f"refund {reference} of USD {amount} paid out for {decision.request_id}"
        steps.append(_Step(at, what, None, refund_outstanding(decision, ledger)))

    cancelled = decide(
        _at(3, 10),
        "R-H1 asks to cancel on day 2, nothing started",
        evaluate_refund(purchase, first),
    )
    refund(_at(3, 10, 5), "re_H1a", cancelled, "300.00")
    refund(_at(4, 9), "re_H1b", cancelled, "224.70")
    retried = evaluate_refund(purchase, first, refunds=ledger)
    decide(_at(4, 9, 10), f"R-H1 again (a retry): same decision: {retried == cancelled}", retried)
    decide(
        _at(5, 12),
        "R-H2 asks for the fees back",
        evaluate_refund(purchase, second, refunds=ledger),
    )
    decide(
        _at(5, 12, 30),
        "R-H2 says support case C-2001 agreed it",
        evaluate_refund(purchase, second, refunds=ledger, claimed_exception="C-2001"),
    )
    approved = SupportException(
        case_reference="C-2001",
        purchase_id="H-1",
        request_id="R-H2",
        approved_by="Ravi Nair (support agent)",
        reason="onboarding call missed twice",
        approved_at=_at(6, 15),
        amount=FULL,
    )
    goodwill = decide(
        _at(6, 15),
        'C-2001 approved ("full") by Ravi Nair',
        evaluate_refund(
            purchase, second, refunds=ledger, exception=approved, claimed_exception="C-2001"
        ),
    )
    refund(_at(6, 15, 5), "re_H2", goodwill, "15.30")
    decide(_at(20, 9), "R-H3 asks again", evaluate_refund(purchase, third, refunds=ledger))
    return purchase, tuple(steps), tuple(ledger)


def decisions() -> tuple[RefundDecision, ...]:
    """Return every decision the section shows, in order."""
    story = _dispute()
    _, steps, _ = _history()
    return (
        story.denied,
        story.referred,
        story.granted,
        story.in_time,
        *(step.decision for step in steps if step.decision is not None),
    )


# ------------------------------------------------------------------ printing


def _show_dispute(out: TextIO, story: _Dispute) -> None:
    case, purchase, decision = story.case, story.purchase, story.denied
    contact = case.support_contact
    out.write("\nA dispute case (2.4(a), 4(a))\n\n")
    out.write(
        f"  case {case.case_reference}, opened {_local(case.opened_at)} on request "
        f"{case.request_id} of purchase {case.purchase_id}\n"
    )
    out.write(f'  statement: "{case.statement}"\n')
    out.write(
        f"  purchase: {purchase.package.name}, {purchase.price_excl_tax} + tax {purchase.tax}, "
        f"bought {_local(purchase.purchased_at)}, paid "
        f"{_local(purchase.paid_at) if purchase.paid_at else 'never'} by "
        f"{purchase.payment_method.value.replace('_', ' ')}\n"
    )
    out.write(
        f"  decision: {_outcome(decision)}, refund {decision.refund}; requested "
        f"{_local(decision.requested_at)}, deadline {_local(decision.deadline)}; "
        f"service events: {len(decision.service_events) or 'none'}\n"
    )
    out.write(f"  reasons: {_reasons(decision)}\n")
    out.write(
        f"  policy version {case.policy_version!r}; words quoted: "
        f"{' '.join(clause.clause_id for clause in case.clauses)}\n"
    )
    out.write(f"  support: {contact.team}, {contact.email}, {contact.address}\n")
    out.write(
        f"  while the case is open, {case.request_id} evaluated again: "
        f"{_outcome(story.referred)} ({_reasons(story.referred, start=len(decision.reasons))})\n"
    )


def _show_exception(out: TextIO, story: _Dispute) -> None:
    exception, granted = story.exception, story.granted
    out.write("\nA decision granted by exception (2.4(a), ruling 10)\n\n")
    out.write(
        f"  exception on case {exception.case_reference}: {exception.amount}, approved by "
        f"{exception.approved_by} on {_local(exception.approved_at)}, "
        f'because "{exception.reason}"\n'
    )
    out.write(
        f"  {granted.request_id}: {_outcome(granted)}, refund {granted.refund}, "
        f"granted by exception: {granted.granted_by_exception}\n"
    )
    out.write(f"  reasons: {_reasons(granted)}\n")
    in_time = story.in_time
    out.write(
        f"  an exception for {story.small.amount} on a cancellation in time "
        f"({in_time.request_id}): {_outcome(in_time)}, refund {in_time.refund} "
        f"({_reasons(in_time, start=-1)}): an exception never lowers a refund\n"
    )


def _show_history(
    out: TextIO, purchase: Purchase, steps: tuple[_Step, ...], ledger: tuple[RefundRecord, ...]
) -> None:
    out.write(
        f"\nA partial-refund history: purchase {purchase.purchase_id}, "
        f"{purchase.price_excl_tax} + tax {purchase.tax} = {purchase.amount_paid} paid\n\n"
    )
    header = (
        "when",
        "what happened",
        "decision",
        "refund",
        "refunded before",
        "outstanding",
        "added by the support desk",
    )
    widths = (16, 46, 16, 10, 15, 11, 25)
    rows = [header, tuple("-" * width for width in widths)]
    for step in steps:
        decision = step.decision
        rows.append(
            (
                _local(step.at),
                step.what,
                "" if decision is None else _outcome(decision),
                "" if decision is None else str(decision.refund),
                "" if decision is None else str(decision.already_refunded),
                str(step.outstanding),
                step.support,
            )
        )
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        out.write(f"  {'  '.join(cells).rstrip()}\n")
    refunded = sum_of((record.amount for record in ledger), purchase.currency)
    out.write(
        f"\n  refunded in all: {refunded} of {purchase.amount_paid} paid, never more; "
        "each request's own refunds are not counted against it, so a retry is safe\n"
    )


def show(out: TextIO) -> None:
    """Print the support desk's stories: a dispute, an exception, a partial-refund history."""
    story = _dispute()
    _show_dispute(out, story)
    _show_exception(out, story)
    _show_history(out, *_history())
