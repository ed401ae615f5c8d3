"""
Named fixtures for the clause tests: the cases a person checks first.

The reference case is ruling 1's own example: an ALL IN ONE package bought
on 2026-11-01 at 10:00 Hong Kong time for USD 500, paid by credit card a
minute later. Under DEFAULT_POLICY its window closes at
2026-11-15 23:59:59.999999 HKT.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final, Literal
from zoneinfo import ZoneInfo

import attrs

from ttre_policy import (
    ALL_IN_ONE,
    DEFAULT_POLICY,
    TIKTOK_SHOP_MANAGEMENT,
    TTRE_SUPPORT,
    Activation,
    ActivationKind,
    Money,
    Package,
    PaymentConfirmation,
    PaymentMethod,
    PolicyHistory,
    PriceChange,
    Purchase,
    RefundRecord,
    RefundRequest,
    SupportException,
)

#: A whole case as `ttre_policy.testing.cases` draws it.
Case = tuple[Purchase, list[Activation], RefundRequest]

HK: Final = ZoneInfo("Asia/Hong_Kong")
UTC: Final = ZoneInfo("UTC")
ONE_MICROSECOND: Final = timedelta(microseconds=1)

BOUGHT: Final = datetime(2026, 11, 1, 10, 0, tzinfo=HK)
PAID: Final = datetime(2026, 11, 1, 10, 1, tzinfo=HK)
#: Ruling 1: "a request up to 2026-11-15 23:59:59.999999 HKT is in time".
LAST_INSTANT_IN_TIME: Final = datetime(2026, 11, 15, 23, 59, 59, 999999, tzinfo=HK)
#: Ruling 1: "one at 2026-11-16 00:00 HKT is late".
FIRST_LATE_INSTANT: Final = datetime(2026, 11, 16, 0, 0, tzinfo=HK)


def usd(amount: str) -> Money:
    """Return USD *amount*, written as a decimal string."""
    return Money(Decimal(amount), "USD")


def purchase(
    *,
    purchase_id: str = "P-1",
    package: Package = ALL_IN_ONE,
    price_excl_tax: Money | None = None,
    tax: Money | None = None,
    purchased_at: datetime = BOUGHT,
    payment_method: PaymentMethod = PaymentMethod.CREDIT_CARD,
    paid_at: datetime | None = PAID,
) -> Purchase:
    """Return the reference purchase (USD 500, no tax, paid a minute after purchase), with changes."""
    return Purchase(
        purchase_id=purchase_id,
        package=package,
        price_excl_tax=usd("500.00") if price_excl_tax is None else price_excl_tax,
        tax=usd("0.00") if tax is None else tax,
        purchased_at=purchased_at,
        payment_method=payment_method,
        paid_at=paid_at,
    )


def request(at: datetime, *, purchase_id: str = "P-1", request_id: str = "R-1") -> RefundRequest:
    """Return a request for the reference purchase made at *at*."""
    return RefundRequest(request_id=request_id, purchase_id=purchase_id, requested_at=at)


def event(
    kind: ActivationKind = ActivationKind.ACTIVATED,
    at: datetime = PAID,
    *,
    purchase_id: str = "P-1",
) -> Activation:
    """Return a service event of *kind* at *at* on the reference purchase."""
    return Activation(purchase_id=purchase_id, kind=kind, at=at)


# ------------------------------------------------------- payment terms (issue 3)

#: The reference quote's instant: ten minutes before the reference purchase.
QUOTED: Final = datetime(2026, 11, 1, 9, 50, tzinfo=HK)
#: A price change announced at noon on 2026-10-01 HKT: with the example 30
#: clear days' notice it may take effect from 2026-11-01 00:00 HKT.
ANNOUNCED: Final = datetime(2026, 10, 1, 12, 0, tzinfo=HK)
EARLIEST_CHANGE: Final = datetime(2026, 11, 1, 0, 0, tzinfo=HK)


def confirmation(
    amount: str = "500.00",
    at: datetime = PAID,
    *,
    purchase_id: str = "P-1",
    reference: str = "GW-1",
) -> PaymentConfirmation:
    """Return the gateway's confirmation of USD *amount* for the reference purchase at *at*."""
    return PaymentConfirmation(
        purchase_id=purchase_id, amount=usd(amount), confirmed_at=at, gateway_reference=reference
    )


def price_change(
    new_floor: str = "600.00",
    *,
    package: Package = ALL_IN_ONE,
    announced_at: datetime = ANNOUNCED,
    effective_from: datetime = EARLIEST_CHANGE,
) -> PriceChange:
    """Return a change of *package*'s floor to USD *new_floor*, by default with just enough notice."""
    return PriceChange(
        package=package,
        new_floor=usd(new_floor),
        announced_at=announced_at,
        effective_from=effective_from,
    )


# The support desk (issue 6)

#: When the reference purchase's refunds are made, unless a test says otherwise.
REFUNDED: Final = PAID + timedelta(days=1)


def refund(
    amount: str,
    at: datetime = REFUNDED,
    *,
    request_id: str = "R-0",
    reference: str | None = None,
    purchase_id: str = "P-1",
) -> RefundRecord:
    """Return a refund of USD *amount* on the reference purchase, settling an earlier request R-0."""
    return RefundRecord(
        reference=f"re_{request_id}_{amount}" if reference is None else reference,
        purchase_id=purchase_id,
        request_id=request_id,
        amount=usd(amount),
        refunded_at=at,
    )


def support_exception(
    amount: Money | Literal["full"] = "full",
    at: datetime = FIRST_LATE_INSTANT + timedelta(days=2),
    *,
    case_reference: str = "C-1",
    request_id: str = "R-1",
    purchase_id: str = "P-1",
    approved_by: str = "Mei Chan",
    reason: str = "in hospital until the 16th",
) -> SupportException:
    """Return an exception approved by Mei Chan on case C-1 for request R-1 of the reference purchase."""
    return SupportException(
        case_reference=case_reference,
        purchase_id=purchase_id,
        request_id=request_id,
        approved_by=approved_by,
        reason=reason,
        approved_at=at,
        amount=amount,
    )


# Payment terms under a policy history (task B)

#: An amendment in force from 2026-11-10 00:00 HKT, posted a week before:
#: ALL IN ONE from USD 600, PayPal no longer offered, and the contact of 4(a)
#: moved to billing@ttr-e.com.
REVISED: Final = attrs.evolve(
    DEFAULT_POLICY,
    version_id="2026-11-10",
    effective_from=datetime(2026, 11, 10, tzinfo=HK),
    posted_at=datetime(2026, 11, 3, tzinfo=HK),
    packages=(attrs.evolve(ALL_IN_ONE, floor_price=usd("600.00")), TIKTOK_SHOP_MANAGEMENT),
    fee_schedules=(
        attrs.evolve(
            DEFAULT_POLICY.fee_schedules[0],
            processing=tuple(
                fee
                for fee in DEFAULT_POLICY.fee_schedules[0].processing
                if fee.payment_method is not PaymentMethod.PAYPAL
            ),
        ),
    ),
    support_contact=attrs.evolve(TTRE_SUPPORT, email="billing@ttr-e.com"),
)
#: The published policy, then `REVISED`.
REVISED_HISTORY: Final = PolicyHistory((DEFAULT_POLICY, REVISED))
