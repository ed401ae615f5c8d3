"""
What the support desk records: refunds made and exceptions approved.

Clause 2.4(a): "In the event of a dispute regarding billing or a refund
request, we encourage you to contact our support team. We are committed to
reviewing each case on its merits and will make every effort to address your
concerns in a fair and timely manner."

Ruling 10 of CLAUSES.md: "A support agent's exception (goodwill refund) is an
explicit, recorded input with who approved it and why; a decision granted by
exception says so and cites 2.4(a)."

Two plain, validated values live here, because a decision carries them:

- `RefundRecord`, one line of a purchase's refund ledger: a refund actually
  made, for how much, when, under which payment-gateway reference, and the
  request it settled. Refunds may be partial, as with Stripe: a purchase may
  have several, and together they never exceed what was paid.
- `SupportException`, an exception a support agent approved: the support
  case it was approved on, the purchase and request it answers, who approved
  it, why, when, and how much it grants (an amount, or ``"full"``: everything
  paid, less what was already refunded).

Each checks what it can check alone. How they relate to a purchase and a
request (the same purchase, after the payment or request, within what was
paid) is checked where they are used: `evaluate_refund` and `RefundDecision`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

import attrs

from ttre_policy._money import Money
from ttre_policy._validators import aware, identifier, instance_of
from ttre_policy.exceptions import (
    ExceptionNotRecordedError,
    InvalidTypeError,
    InvalidValueError,
)

#: How much an exception grants when it grants everything: the amount paid,
#: less what was already refunded.
FULL: Final = "full"


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: Money) -> None:
    if value.is_zero():
        raise InvalidValueError(attribute.name, value, "an amount above zero")


@attrs.frozen(kw_only=True)
class RefundRecord:
    """
    A refund made on a purchase: one line of its refund ledger.

    Attributes:
        reference: The refund's reference in the payment gateway (1.2(c)),
            unique in the ledger, such as ``"re_3PxL2"``.
        purchase_id: The purchase refunded.
        request_id: The refund request this refund settled (in part or in
            full). Evaluating that request again does not count it against
            the request itself, so a retry yields the same decision.
        amount: How much was returned: above zero, in the purchase's currency.
        refunded_at: When the refund was made.

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> RefundRecord(reference="re_1", purchase_id="P-1", request_id="R-1",
    ...     amount=Money(Decimal("100"), "USD"),
    ...     refunded_at=datetime(2026, 11, 3, 9, 0, tzinfo=ZoneInfo("UTC"))).amount
    Money(amount=Decimal('100.00'), currency='USD')
    """

    reference: str = attrs.field(validator=identifier)
    purchase_id: str = attrs.field(validator=identifier)
    request_id: str = attrs.field(validator=identifier)
    amount: Money = attrs.field(validator=[instance_of(Money, "Money"), _positive])
    refunded_at: datetime = attrs.field(validator=aware)


def _recorded(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse an exception that does not say who approved it, or why (ruling 10)."""
    if not isinstance(value, str):
        raise InvalidTypeError(attribute.name, value, "a string")
    if not value.strip():
        expected = (
            "the name of the support agent who approved the exception (ruling 10)"
            if attribute.name == "approved_by"
            else "why the exception was approved, in words (ruling 10)"
        )
        raise ExceptionNotRecordedError(attribute.name, value, expected)


def _amount_or_full(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, str) and value == FULL:
        return
    if not isinstance(value, Money):
        raise InvalidTypeError(attribute.name, value, f"Money above zero, or {FULL!r}")
    _positive(_instance, attribute, value)


@attrs.frozen(kw_only=True)
class SupportException:
    """
    A refund a support agent approved beyond the policy (2.4(a), ruling 10).

    Passed to `evaluate_refund` with the request it answers, it yields a
    decision granted by exception, unless the policy alone grants at least as
    much: an exception never lowers a refund.

    Attributes:
        case_reference: The support case it was approved on; it answers an
            open dispute, or a claimed exception, with the same reference.
        purchase_id: The purchase it is for.
        request_id: The refund request it answers. An exception grants its
            amount once, to that request: it cannot be reused for another.
        approved_by: Who approved it: a support agent's name or id.
        reason: Why it was approved, in words.
        approved_at: When it was approved: at or after the request.
        amount: What it grants: Money above zero, or ``"full"`` for
            everything paid, less what was already refunded.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> SupportException(case_reference="C-7", purchase_id="P-1", request_id="R-1",
    ...     approved_by="", reason="onboarding was late", amount="full",
    ...     approved_at=datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("UTC")))
    Traceback (most recent call last):
    ...
    ttre_policy.exceptions.ExceptionNotRecordedError: approved_by: '' does not say who \
approved the exception or why; expected the name of the support agent who approved the \
exception (ruling 10)
    """

    case_reference: str = attrs.field(validator=identifier)
    purchase_id: str = attrs.field(validator=identifier)
    request_id: str = attrs.field(validator=identifier)
    approved_by: str = attrs.field(validator=_recorded)
    reason: str = attrs.field(validator=_recorded)
    approved_at: datetime = attrs.field(validator=aware)
    amount: Money | Literal["full"] = attrs.field(validator=_amount_or_full)
