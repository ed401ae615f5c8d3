"""
The demonstration of an amendment (clauses 3(a) and 5(a), ruling 9), for the command line.

An example amendment of the published policy, posted on 2026-12-01 and in
force from 2027-01-01 00:00 Hong Kong time: a 7-day window and a USD 25
administrative fee. The demonstration prints what changed (`diff`), the
decisions it changes (`amendment_impact`), and one request decided under
each governing rule of ruling 9.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

import attrs

from ttre_policy._amendments import amendment_impact, diff
from ttre_policy._history import GoverningInstant, PolicyHistory
from ttre_policy._money import Money
from ttre_policy._packages import ALL_IN_ONE
from ttre_policy._purchases import PaymentMethod, Purchase, RefundRequest
from ttre_policy._refunds import evaluate_refund
from ttre_policy._time import RefundWindow
from ttre_policy._versions import DEFAULT_POLICY

if TYPE_CHECKING:
    from typing import TextIO

    from ttre_policy._decisions import RefundDecision

_HK: Final = ZoneInfo("Asia/Hong_Kong")

#: The example amendment: a 7-day window (and clause 2.2(a) saying so) and a USD 25
#: administrative fee.
AMENDMENT: Final = attrs.evolve(
    DEFAULT_POLICY,
    version_id="2027-01",
    effective_from=datetime(2027, 1, 1, tzinfo=_HK),
    posted_at=datetime(2026, 12, 1, tzinfo=_HK),
    refund_window=RefundWindow(days=7),
    fee_schedules=(
        attrs.evolve(
            DEFAULT_POLICY.fee_schedules[0], administrative=Money(Decimal("25.00"), "USD")
        ),
    ),
    clauses=tuple(
        attrs.evolve(clause, text=clause.text.replace("within 14 days", "within 7 days"))
        if clause.clause_id == "2.2(a)"
        else clause
        for clause in DEFAULT_POLICY.clauses
    ),
    description="Example amendment: a 7-day window and a USD 25.00 administrative fee.",
)

#: The published policy, then the amendment; the payment governs (ruling 9).
HISTORY: Final = PolicyHistory((DEFAULT_POLICY, AMENDMENT))

_PAID: Final = datetime(2026, 12, 28, 10, 0, tzinfo=_HK)

#: Paid before the amendment took effect, asked nine days later, after it.
PURCHASE: Final = Purchase(
    purchase_id="A-1",
    package=ALL_IN_ONE,
    price_excl_tax=Money(Decimal("500.00"), "USD"),
    tax=Money.zero("USD"),
    purchased_at=_PAID,
    payment_method=PaymentMethod.CREDIT_CARD,
    paid_at=_PAID,
)
REQUEST: Final = RefundRequest(
    request_id="R-A-1", purchase_id="A-1", requested_at=_PAID + timedelta(days=9)
)


def decisions() -> list[tuple[str, RefundDecision]]:
    """Return the request decided under each governing rule, and a purchase never paid."""
    unpaid = attrs.evolve(PURCHASE, purchase_id="A-2", paid_at=None)
    return [
        ("paid; the payment governs (default)", evaluate_refund(PURCHASE, REQUEST, (), HISTORY)),
        (
            "paid; the request governs",
            evaluate_refund(
                PURCHASE,
                REQUEST,
                (),
                attrs.evolve(HISTORY, governing=GoverningInstant.REQUEST),
            ),
        ),
        (
            "never paid; the payment governs",
            evaluate_refund(unpaid, attrs.evolve(REQUEST, purchase_id="A-2"), (), HISTORY),
        ),
    ]


def _local(instant: datetime) -> str:
    return instant.astimezone(_HK).strftime("%Y-%m-%d %H:%M HKT")


def _outcome(decision: RefundDecision) -> str:
    return decision.outcome.value.replace("_", " ")


def show(out: TextIO) -> None:
    """Print the amendment, its diff, its impact examples and a decision under each rule."""
    out.write(
        f"\nAn amendment (clause 3(a)): version {AMENDMENT.version_id}, posted "
        f"{_local(AMENDMENT.posted_at)}, in force from {_local(AMENDMENT.effective_from)}\n"
    )
    out.write(f"\nWhat changed, diff({DEFAULT_POLICY.version_id}, {AMENDMENT.version_id}):\n")
    out.writelines(
        f"  {change.path:<34}  {change}\n" for change in diff(DEFAULT_POLICY, AMENDMENT)
    )
    impact = amendment_impact(DEFAULT_POLICY, AMENDMENT)
    out.write("\nWhich decisions it changes, amendment_impact (one example per kind):\n")
    for example in impact.examples:
        out.write(f"  {example.kind.value}: {example.boundary}\n")
        for version, decision in (
            (example.old_version, example.old_decision),
            (example.new_version, example.new_decision),
        ):
            assert decision is not None  # noqa: S101  # both versions accept USD by card
            out.write(f"    {version:<10} {_outcome(decision):<13} refund {decision.refund}\n")
    out.write(
        f"\nWhich version governs (ruling 9): {PURCHASE.purchase_id} paid "
        f"{_local(_PAID)}, before the amendment; asked {_local(REQUEST.requested_at)}\n"
    )
    for label, decision in decisions():
        why = decision.reasons[0]
        out.write(
            f"  {label:<36} {decision.policy_version:<10} {_outcome(decision):<13} "
            f"refund {decision.refund!s:<11} {why.code.value} {why.clause_id}\n"
        )
