"""
Sample cases for the command line's demonstration: one of every outcome and reason.

Each sample is a named, realistic case under a policy version: a purchase,
its service events and a refund request. The demonstration evaluates them
and prints the decisions; the tests check that together they cover every
outcome and every reason code.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final
from zoneinfo import ZoneInfo

import attrs

from ttre_policy._fees import TaxRefundMode
from ttre_policy._money import Money
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT, Package
from ttre_policy._purchases import (
    Activation,
    ActivationKind,
    PaymentMethod,
    Purchase,
    RefundRequest,
)
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion

_HK: Final = ZoneInfo("Asia/Hong_Kong")
_BOUGHT: Final = datetime(2026, 11, 1, 10, 0, tzinfo=_HK)


@attrs.frozen(kw_only=True)
class Sample:
    """A named case: what the demonstration evaluates."""

    label: str
    purchase: Purchase
    request: RefundRequest
    activations: tuple[Activation, ...] = ()
    policy: PolicyVersion = DEFAULT_POLICY


def _usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def _purchase(
    purchase_id: str,
    *,
    package: Package = ALL_IN_ONE,
    price: str = "500.00",
    tax: str = "0.00",
    payment_method: PaymentMethod = PaymentMethod.CREDIT_CARD,
    paid_at: datetime | None = _BOUGHT + timedelta(minutes=1),
) -> Purchase:
    return Purchase(
        purchase_id=purchase_id,
        package=package,
        price_excl_tax=_usd(price),
        tax=_usd(tax),
        purchased_at=_BOUGHT,
        payment_method=payment_method,
        paid_at=paid_at,
    )


def _request(purchase_id: str, at: datetime) -> RefundRequest:
    return RefundRequest(request_id=f"R-{purchase_id}", purchase_id=purchase_id, requested_at=at)


def _event(purchase_id: str, kind: ActivationKind, at: datetime) -> Activation:
    return Activation(purchase_id=purchase_id, kind=kind, at=at)


_WITH_ADMIN_FEE: Final = attrs.evolve(
    DEFAULT_POLICY,
    version_id="example-admin-fee",
    fee_schedules=(attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=_usd("490.00")),),
    tax_refund=TaxRefundMode.PROPORTIONAL,
)

#: The demonstration's cases, in the order they are shown.
SAMPLES: Final = (
    Sample(
        label="asked on day 14, nothing started",
        purchase=_purchase("S-01"),
        request=_request("S-01", datetime(2026, 11, 15, 18, 30, tzinfo=_HK)),
    ),
    Sample(
        label="asked at the last microsecond",
        purchase=_purchase("S-02", tax="40.00", payment_method=PaymentMethod.PAYPAL),
        request=_request("S-02", datetime(2026, 11, 15, 23, 59, 59, 999999, tzinfo=_HK)),
    ),
    Sample(
        label="asked at midnight after day 14",
        purchase=_purchase("S-03"),
        request=_request("S-03", datetime(2026, 11, 16, 0, 0, tzinfo=_HK)),
    ),
    Sample(
        label="activated before the request",
        purchase=_purchase("S-04", package=TIKTOK_SHOP_MANAGEMENT, price="1200.00"),
        activations=(_event("S-04", ActivationKind.ACTIVATED, _BOUGHT + timedelta(hours=2)),),
        request=_request("S-04", _BOUGHT + timedelta(days=3)),
    ),
    Sample(
        label="work commenced, then used",
        purchase=_purchase("S-05", payment_method=PaymentMethod.DEBIT_CARD),
        activations=(
            _event("S-05", ActivationKind.WORK_COMMENCED, _BOUGHT + timedelta(days=1)),
            _event("S-05", ActivationKind.USED, _BOUGHT + timedelta(days=2)),
        ),
        request=_request("S-05", _BOUGHT + timedelta(days=20)),
    ),
    Sample(
        label="partly delivered at the instant asked",
        purchase=_purchase("S-06"),
        activations=(
            _event("S-06", ActivationKind.PARTIALLY_DELIVERED, _BOUGHT + timedelta(days=5)),
        ),
        request=_request("S-06", _BOUGHT + timedelta(days=5)),
    ),
    Sample(
        label="activated after the request",
        purchase=_purchase("S-07", payment_method=PaymentMethod.BANK_TRANSFER),
        activations=(_event("S-07", ActivationKind.ACTIVATED, _BOUGHT + timedelta(days=2)),),
        request=_request("S-07", _BOUGHT + timedelta(days=1)),
    ),
    Sample(
        label="never paid, asked a month later",
        purchase=_purchase("S-08", paid_at=None),
        request=_request("S-08", _BOUGHT + timedelta(days=30)),
    ),
    Sample(
        label="cancelled before payment cleared",
        purchase=_purchase("S-09", paid_at=_BOUGHT + timedelta(days=16)),
        request=_request("S-09", _BOUGHT + timedelta(days=15)),
    ),
    Sample(
        label="fees capped at the price",
        purchase=_purchase("S-10", tax="50.00"),
        request=_request("S-10", _BOUGHT + timedelta(days=2)),
        policy=_WITH_ADMIN_FEE,
    ),
)
