"""
The fees a refund is reduced by, and how tax comes back: parameters only.

Clause 2.2(b): "In cases where cancellation is requested before the
initiation of any service, a refund may be granted after deducting any
applicable processing or administrative fees."

Ruling 3 of CLAUSES.md: the deduction is the processing fee plus the
administrative fee that the policy version sets: a processing fee as a rate
of the tax-exclusive price plus a fixed amount, which may differ by payment
method, and a fixed administrative fee. Each fee is rounded to the currency's
minor unit with the version's rounding mode. The fees together never exceed
the tax-exclusive price.

Ruling 4: an eligible refund returns the tax in full, or (a parameter) in
proportion to the price refunded.

The published policy states no amounts: the values of `DEFAULT_POLICY` are
examples. This module holds the parameter types; the rules that apply them
are in `_refunds`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ttre_policy._enums import PolicyEnum
from ttre_policy._money import Money, check_currency_code, check_rate
from ttre_policy._purchases import PaymentMethod
from ttre_policy._validators import instance_of, tuple_of
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    InvalidValueError,
    PaymentMethodNotOfferedError,
)


class TaxRefundMode(PolicyEnum):
    """
    How much of the tax an eligible refund returns (ruling 4, a parameter).

    `FULL` returns all of it (the default); `PROPORTIONAL` returns the share
    of the tax that the refunded part of the price bears.
    """

    FULL = "full"
    PROPORTIONAL = "proportional"


def _fee_rate(_instance: object, attribute: attrs.Attribute[Any], rate: object) -> None:
    check_rate(attribute.name, rate, at_most_one=True)


@attrs.frozen(kw_only=True)
class ProcessingFee:
    """
    The processing fee for one payment method (ruling 3).

    Attributes:
        payment_method: The method the fee applies to.
        rate: The share of the tax-exclusive price, e.g. ``Decimal("0.03")``
            for 3 %; from 0 to 1, at most six decimal places.
        fixed: A fixed amount added to the rate's part.
    """

    payment_method: PaymentMethod = attrs.field(
        validator=instance_of(PaymentMethod, "a PaymentMethod")
    )
    rate: Decimal = attrs.field(validator=_fee_rate)
    fixed: Money = attrs.field(validator=instance_of(Money, "Money"))


def _schedule_currency(_instance: object, attribute: attrs.Attribute[Any], code: object) -> None:
    check_currency_code(attribute.name, code)


def _in_schedule_currency(
    instance: FeeSchedule, attribute: attrs.Attribute[Any], amount: Money
) -> None:
    if amount.currency != instance.currency:
        raise CurrencyMismatchError(
            attribute.name, amount, f"an amount in {instance.currency}, the schedule's currency"
        )


def _processing_fees(
    instance: FeeSchedule, attribute: attrs.Attribute[Any], fees: tuple[ProcessingFee, ...]
) -> None:
    """
    Refuse a schedule without both cards, with a method twice, or in another currency.

    Clauses: 1.2(a).
    """
    methods = [fee.payment_method for fee in fees]
    if len(set(methods)) != len(methods):
        raise InvalidValueError(
            attribute.name, methods, "at most one processing fee per payment method"
        )
    # 1.2(a): "We accept payments via major credit and debit cards".
    missing = {PaymentMethod.CREDIT_CARD, PaymentMethod.DEBIT_CARD} - set(methods)
    if missing:
        raise InvalidValueError(
            attribute.name,
            methods,
            "a processing fee for credit and debit cards, which are always accepted "
            "(clause 1.2(a))",
        )
    for index, fee in enumerate(fees):
        if fee.fixed.currency != instance.currency:
            raise CurrencyMismatchError(
                f"{attribute.name}[{index}].fixed",
                fee.fixed,
                f"an amount in {instance.currency}, the schedule's currency",
            )


@attrs.frozen(kw_only=True)
class FeeSchedule:
    """
    The fees deducted from a refund in one currency (clause 2.2(b), ruling 3).

    A policy version accepts a currency exactly when it sets a fee schedule for
    it, and offers a payment method exactly when the schedules set its
    processing fee (1.2(b): PayPal and bank transfer "as available").

    Attributes:
        currency: The ISO 4217 code of every amount in the schedule.
        processing: One `ProcessingFee` per payment method offered; credit and
            debit cards are always among them (1.2(a)).
        administrative: The fixed administrative fee.
    """

    currency: str = attrs.field(validator=_schedule_currency)
    processing: tuple[ProcessingFee, ...] = attrs.field(
        validator=[tuple_of(ProcessingFee, "a ProcessingFee"), _processing_fees]
    )
    administrative: Money = attrs.field(
        validator=[instance_of(Money, "Money"), _in_schedule_currency]
    )

    @property
    def payment_methods(self) -> frozenset[PaymentMethod]:
        """The payment methods this schedule sets a processing fee for."""
        return frozenset(fee.payment_method for fee in self.processing)

    def processing_fee(self, method: PaymentMethod) -> ProcessingFee:
        """Return the processing fee for *method*, or refuse a method not offered."""
        for fee in self.processing:
            if fee.payment_method is method:
                return fee
        raise PaymentMethodNotOfferedError(
            "payment_method",
            method,
            f"one of {sorted(m.value for m in self.payment_methods)} (clause 1.2)",
        )
