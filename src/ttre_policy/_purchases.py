"""
The facts of a case: a purchase, the service events on it, a refund request.

These are plain, validated values. Each checks what it can check alone
(aware instants, one currency, a price at or above its package's floor, a
payment not before the purchase); `evaluate_refund` checks how they relate
(a request or event for another purchase, an event before the payment).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ttre_policy._enums import PolicyEnum
from ttre_policy._money import Money
from ttre_policy._packages import Package, check_price_floor
from ttre_policy._time import utc
from ttre_policy._validators import (
    aware,
    identifier,
    instance_of,
    optional_aware,
)
from ttre_policy.exceptions import CurrencyMismatchError, PaymentBeforePurchaseError


class PaymentMethod(PolicyEnum):
    """
    How a purchase was paid (clause 1.2).

    Cards are always accepted (1.2(a)); PayPal and bank transfer are offered
    "as available" (1.2(b)), which each policy version says. The values are
    stable lower-case strings for the wire format.
    """

    CREDIT_CARD = "credit_card"
    DEBIT_CARD = "debit_card"
    PAYPAL = "paypal"
    BANK_TRANSFER = "bank_transfer"


class ActivationKind(PolicyEnum):
    """
    A service event that bars a refund (clauses 2.1(b) and 2.3(a), ruling 2).

    2.1(b): "Once the service has been activated or work has commenced,
    refunds will not be issued." 2.3(a): "If any portion of the service has
    been activated, utilized, or partially delivered, no refunds will be
    provided."
    """

    ACTIVATED = "activated"
    WORK_COMMENCED = "work_commenced"
    USED = "used"
    PARTIALLY_DELIVERED = "partially_delivered"


def _tax_currency(instance: Purchase, attribute: attrs.Attribute[Any], tax: Money) -> None:
    if tax.currency != instance.price_excl_tax.currency:
        raise CurrencyMismatchError(
            attribute.name,
            tax,
            f"tax in {instance.price_excl_tax.currency}, the currency of the price",
        )


def _price_floor(instance: Purchase, attribute: attrs.Attribute[Any], price: Money) -> None:
    check_price_floor(attribute.name, instance.package, price)


def _paid_after_purchase(
    instance: Purchase, attribute: attrs.Attribute[Any], paid_at: datetime | None
) -> None:
    if paid_at is not None and utc(paid_at) < utc(instance.purchased_at):
        raise PaymentBeforePurchaseError(
            attribute.name,
            paid_at,
            f"an instant at or after the purchase, {instance.purchased_at.isoformat()}",
        )


@attrs.frozen(kw_only=True)
class Purchase:
    """
    A purchase of a service package.

    Attributes:
        purchase_id: The purchase's identifier in the merchant's system.
        package: The package bought.
        price_excl_tax: The price without tax (1.1(c)); at least the package's
            floor (1.1(a), ruling 12).
        tax: The tax charged on top of the price, in the same currency; zero
            when none applies (1.1(c), ruling 4).
        purchased_at: The instant of purchase.
        payment_method: How it was paid (1.2).
        paid_at: The instant the payment was confirmed, or None if it never
            was (1.3(c), ruling 7).

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> purchase = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money.zero("USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD,
    ...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
    >>> purchase.amount_paid
    Money(amount=Decimal('500.00'), currency='USD')
    """

    purchase_id: str = attrs.field(validator=identifier)
    package: Package = attrs.field(validator=instance_of(Package, "a Package"))
    price_excl_tax: Money = attrs.field(validator=[instance_of(Money, "Money"), _price_floor])
    tax: Money = attrs.field(validator=[instance_of(Money, "Money"), _tax_currency])
    purchased_at: datetime = attrs.field(validator=aware)
    payment_method: PaymentMethod = attrs.field(
        validator=instance_of(PaymentMethod, "a PaymentMethod")
    )
    paid_at: datetime | None = attrs.field(
        default=None, validator=[optional_aware, _paid_after_purchase]
    )

    @property
    def currency(self) -> str:
        """The purchase's currency: that of its price and tax."""
        return self.price_excl_tax.currency

    @property
    def amount_due(self) -> Money:
        """The price plus tax: what the customer pays at purchase (1.3(b))."""
        return self.price_excl_tax + self.tax

    @property
    def is_paid(self) -> bool:
        """Whether the payment was confirmed (1.3(c))."""
        return self.paid_at is not None

    @property
    def amount_paid(self) -> Money:
        """What was paid: the amount due once confirmed, nothing before."""
        return self.amount_due if self.is_paid else Money.zero(self.currency)


@attrs.frozen(kw_only=True)
class Activation:
    """
    A recorded service event on a purchase (ruling 2).

    Attributes:
        purchase_id: The purchase the event belongs to.
        kind: What happened: activated, work commenced, used, partially delivered.
        at: When it happened.
    """

    purchase_id: str = attrs.field(validator=identifier)
    kind: ActivationKind = attrs.field(validator=instance_of(ActivationKind, "an ActivationKind"))
    at: datetime = attrs.field(validator=aware)


@attrs.frozen(kw_only=True)
class RefundRequest:
    """
    A customer's request to cancel a purchase and be refunded (clause 2.2(a)).

    Attributes:
        request_id: The request's identifier; evaluating the same request
            twice gives the same decision.
        purchase_id: The purchase the request is for.
        requested_at: When the customer contacted TTR-E.
    """

    request_id: str = attrs.field(validator=identifier)
    purchase_id: str = attrs.field(validator=identifier)
    requested_at: datetime = attrs.field(validator=aware)
