"""
Payment methods, payment confirmation and access to the services.

    1.2(a) We accept payments via major credit and debit cards
    1.2(b) and may offer additional payment options (e.g., PayPal, bank
           transfers) as available on our website.
    1.2(c) All transactions are processed securely through our designated
           payment gateway.
    1.3(b) Payment is due at the time of purchase
    1.3(c) and access to our services will be granted only after
           confirmation of payment.

A policy version offers the payment methods its fee schedules set a
processing fee for: cards always (1.2(a)), the others "as available"
(1.2(b)). The gateway's confirmation (1.2(c)) is a `PaymentConfirmation`;
`confirm_payment` records it on the purchase only when it is for exactly the
amount due (1.3(b)), in its currency, for this purchase, not before it, by a
method the version offers, and only once. `access_decision` answers whether
access may be granted at an instant: exactly when the payment was confirmed
at or before it (1.3(c), docs/rulings.md A15).

Both accept the policy's history as well as a version (docs/rulings.md A50):
a payment is checked against the version in force when it is confirmed, the
terms the customer agrees to by paying (5(a)); access is decided under the
version the purchase is under at the instant asked about: the one agreed to
by paying once the payment is confirmed, before that the one in force at the
purchase, when payment was due (1.3(b), A20).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ttre_policy._decisions import Cited, Reason, ReasonCode, reason_for, reasons_of_own_version
from ttre_policy._history import PolicyHistory, version_in_force
from ttre_policy._money import Money
from ttre_policy._purchases import Purchase
from ttre_policy._time import utc
from ttre_policy._validators import (
    aware,
    check_aware,
    identifier,
    instance_of,
    optional_aware,
    tuple_of,
)
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    PaymentAlreadyConfirmedError,
    PaymentAmountMismatchError,
    PaymentBeforePurchaseError,
    PolicyInputError,
    PurchaseMismatchError,
)


@attrs.frozen(kw_only=True)
class PaymentConfirmation:
    """
    The payment gateway's confirmation that a purchase was paid (1.2(c), 1.3(c)).

    Attributes:
        purchase_id: The purchase the payment is for.
        amount: The amount the gateway confirms was paid.
        confirmed_at: When the gateway confirmed the payment.
        gateway_reference: The gateway's own identifier for the transaction
            (1.2(c): "processed securely through our designated payment
            gateway").
    """

    purchase_id: str = attrs.field(validator=identifier)
    amount: Money = attrs.field(validator=instance_of(Money, "Money"))
    confirmed_at: datetime = attrs.field(validator=aware)
    gateway_reference: str = attrs.field(validator=identifier)


def check_payment_terms(purchase: Purchase, policy: PolicyVersion) -> None:
    """
    Refuse a purchase in a currency the version does not accept, or by a method it lacks.

    Clauses: 1.2(a), 1.2(b).

    Clause 1.2(a): cards are always accepted; 1.2(b): other methods "as
    available", which the version says. Ruling 5: accepted currencies are a
    parameter. The error names the purchase's field. Its callers have found
    the version (`version_in_force`), which refuses any other type.
    """
    try:
        policy.fee_schedule(purchase.currency).processing_fee(purchase.payment_method)
    except PolicyInputError as error:
        raise error.within("purchase") from None


def confirm_payment(
    purchase: Purchase,
    confirmation: PaymentConfirmation,
    policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY,
) -> Purchase:
    """
    Return *purchase* paid, as *confirmation* says: with `Purchase.paid_at` set.

    Clauses: 1.2(c), 1.3(b), 1.3(c).

    Clause 1.3(b): "Payment is due at the time of purchase": the amount due
    is the price plus tax, exactly, in the purchase's currency. Clause 1.2:
    by a method the version offers, confirmed by the designated payment
    gateway (1.2(c)). Clause 1.3(c): the confirmation is what
    grants access, so a purchase is confirmed once.

    Args:
        purchase: The purchase, not yet paid.
        confirmation: The gateway's confirmation for it.
        policy: The version the customer pays under, or the policy's
            history: then the version in force at the confirmation, which
            the customer agrees to by paying (5(a); docs/rulings.md A50).

    Returns:
        The same purchase with ``paid_at`` set to the confirmation's instant.

    Raises:
        PolicyInputError: For a confirmation of another purchase, of a
            purchase already paid, of another amount or currency than the
            amount due, or from before the purchase; or a purchase in a
            currency the version does not accept or by a method it does not
            offer; with a history, a confirmation before its first version
            (`NoPolicyInForceError`).

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, PaymentMethod
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> unpaid = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money(Decimal("40"), "USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD)
    >>> paid = confirm_payment(unpaid, PaymentConfirmation(
    ...     purchase_id="P-1", amount=Money(Decimal("540"), "USD"),
    ...     confirmed_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk), gateway_reference="GW-1"))
    >>> paid.paid_at.isoformat()
    '2026-11-01T10:01:00+08:00'
    >>> confirm_payment(unpaid, PaymentConfirmation(
    ...     purchase_id="P-1", amount=Money(Decimal("500"), "USD"),
    ...     confirmed_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk), gateway_reference="GW-1"))
    Traceback (most recent call last):
    ...
    ttre_policy.exceptions.PaymentAmountMismatchError: confirmation.amount: \
Money(amount=Decimal('500.00'), currency='USD') is not the amount due; expected exactly \
USD 540.00, the price plus tax due at purchase (clause 1.3(b))
    """
    if not isinstance(purchase, Purchase):
        raise InvalidTypeError("purchase", purchase, "a Purchase")
    if not isinstance(confirmation, PaymentConfirmation):
        raise InvalidTypeError("confirmation", confirmation, "a PaymentConfirmation")
    if confirmation.purchase_id != purchase.purchase_id:
        raise PurchaseMismatchError(
            "confirmation.purchase_id",
            confirmation.purchase_id,
            f"the id of the purchase paid, {purchase.purchase_id!r}",
        )
    if purchase.paid_at is not None:
        raise PaymentAlreadyConfirmedError(
            "confirmation.gateway_reference",
            confirmation.gateway_reference,
            f"one confirmation per purchase: {purchase.purchase_id!r} was confirmed at "
            f"{purchase.paid_at.isoformat()} (clause 1.3(c))",
        )
    version = version_in_force(policy, confirmation.confirmed_at, "confirmation.confirmed_at")
    check_payment_terms(purchase, version)
    due = purchase.amount_due
    if confirmation.amount.currency != due.currency:
        raise CurrencyMismatchError(
            "confirmation.amount",
            confirmation.amount,
            f"a payment in {due.currency}, the currency of the amount due, {due}",
        )
    # 1.3(b): the amount due, exactly: no part payment, no overpayment.
    if confirmation.amount != due:
        raise PaymentAmountMismatchError(
            "confirmation.amount",
            confirmation.amount,
            f"exactly {due}, the price plus tax due at purchase (clause 1.3(b))",
        )
    if utc(confirmation.confirmed_at) < utc(purchase.purchased_at):
        raise PaymentBeforePurchaseError(
            "confirmation.confirmed_at",
            confirmation.confirmed_at,
            f"an instant at or after the purchase, {purchase.purchased_at.isoformat()}",
        )
    return attrs.evolve(purchase, paid_at=confirmation.confirmed_at)


def _granted_when_paid(instance: AccessDecision) -> None:
    paid_at = instance.paid_at
    confirmed = paid_at is not None and utc(paid_at) <= utc(instance.at)
    if instance.granted is not confirmed:
        raise InvalidValueError(
            "granted",
            instance.granted,
            f"{confirmed}: access is granted exactly when the payment was confirmed "
            "at or before the instant asked about (clause 1.3(c))",
        )


@attrs.frozen(kw_only=True)
class AccessDecision(Cited):
    """
    Whether access to the services may be granted at an instant, and why (1.3(c)).

    Attributes:
        purchase_id: The purchase asked about.
        at: The instant asked about.
        granted: Whether access may be granted at `at`: exactly when the
            payment was confirmed at or before it.
        paid_at: When the payment was confirmed, or None if it has not been.
        policy_version: The version applied.
        reasons: Why, citing 1.3(c).
    """

    purchase_id: str = attrs.field(validator=identifier)
    at: datetime = attrs.field(validator=aware)
    granted: bool = attrs.field(validator=instance_of(bool, "True or False"))
    paid_at: datetime | None = attrs.field(validator=optional_aware)
    policy_version: str = attrs.field(validator=identifier)
    reasons: tuple[Reason, ...] = attrs.field(
        validator=[tuple_of(Reason, "a Reason"), reasons_of_own_version]
    )

    def __attrs_post_init__(self) -> None:
        """Check that access is granted exactly when the payment was confirmed."""
        _granted_when_paid(self)


def access_decision(
    purchase: Purchase, at: datetime, policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY
) -> AccessDecision:
    """
    Decide whether access to *purchase*'s services may be granted at the instant *at*.

    Clauses: 1.3(c).

    Clause 1.3(c): "access to our services will be granted only after
    confirmation of payment". Granted exactly when the payment was confirmed
    at or before *at* (the instant of confirmation included); never before.

    Args:
        purchase: The purchase; ``paid_at`` is its confirmation, if any.
        at: The instant asked about; not before the purchase.
        policy: The version whose words the reason cites, or the policy's
            history: then the version the purchase is under at *at*, the
            one in force at the payment if it was confirmed by then (5(a)),
            otherwise the one in force at the purchase (1.3(b), A20;
            docs/rulings.md A50).

    Returns:
        The decision, citing 1.3(c) with `ReasonCode.PAYMENT_CONFIRMED` (at
        the instant of confirmation) or `ReasonCode.AWAITING_PAYMENT_CONFIRMATION`.

    Raises:
        PolicyInputError: For an instant before the purchase or a naive one;
            with a history, a payment or purchase before its first version
            (`NoPolicyInForceError`).

    >>> from datetime import datetime, timedelta
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, PaymentMethod
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> paid = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money.zero("USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD,
    ...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
    >>> before = access_decision(paid, datetime(2026, 11, 1, 10, 0, 59, tzinfo=hk))
    >>> before.granted, [reason.code.value for reason in before.reasons]
    (False, ['awaiting_payment_confirmation'])
    >>> access_decision(paid, paid.paid_at).granted
    True
    """
    if not isinstance(purchase, Purchase):
        raise InvalidTypeError("purchase", purchase, "a Purchase")
    check_aware("at", at)
    if utc(at) < utc(purchase.purchased_at):
        raise ChronologyError(
            "at",
            at,
            f"an instant at or after the purchase, {purchase.purchased_at.isoformat()}",
            "is before the purchase",
        )
    paid_at = purchase.paid_at
    if paid_at is not None and utc(paid_at) <= utc(at):
        # 5(a): by paying, the customer agreed to the version then in force.
        version = version_in_force(policy, paid_at, "purchase.paid_at")
        reason = reason_for(version, ReasonCode.PAYMENT_CONFIRMED, paid_at)
    else:
        # 1.3(b), A20: not paid yet, so the version in force when payment was due.
        version = version_in_force(policy, purchase.purchased_at, "purchase.purchased_at")
        reason = reason_for(version, ReasonCode.AWAITING_PAYMENT_CONFIRMATION)
    return AccessDecision(
        purchase_id=purchase.purchase_id,
        at=at,
        granted=reason.code is ReasonCode.PAYMENT_CONFIRMED,
        paid_at=paid_at,
        policy_version=version.version_id,
        reasons=(reason,),
    )
