"""
Clause 1.2: Payment Methods.

1.2(a) "We accept payments via major credit and debit cards"

1.2(b) "and may offer additional payment options (e.g., PayPal, bank
transfers) as available on our website."

A policy version offers a payment method exactly when its fee schedule sets
that method's processing fee; cards are always among them.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from tests.helpers import usd
from ttre_policy import DEFAULT_POLICY, FeeSchedule, Money, PaymentMethod, ProcessingFee
from ttre_policy.exceptions import CurrencyMismatchError, InvalidTypeError, InvalidValueError

_SCHEDULE = DEFAULT_POLICY.fee_schedules[0]
_CREDIT, _DEBIT, _PAYPAL, _BANK = _SCHEDULE.processing


def test_the_default_offers_cards_paypal_and_bank_transfer() -> None:
    """1.2(a) and 1.2(b): cards, and PayPal and bank transfer "as available" (all four in the default)."""
    assert frozenset(PaymentMethod) == DEFAULT_POLICY.payment_methods
    assert [m.value for m in PaymentMethod] == [
        "credit_card",
        "debit_card",
        "paypal",
        "bank_transfer",
    ]


def test_the_example_fees_are_pinned() -> None:
    """
    2.2(b) with ruling 3: the example fees of DEFAULT_POLICY, pinned as a table.

    The published policy states no amounts; these are the documented examples.
    """
    assert [
        ("credit_card", Decimal("0.03"), usd("0.30")),
        ("debit_card", Decimal("0.015"), usd("0.30")),
        ("paypal", Decimal("0.0349"), usd("0.49")),
        ("bank_transfer", Decimal(0), usd("15.00")),
    ] == [(fee.payment_method.value, fee.rate, fee.fixed) for fee in _SCHEDULE.processing]
    assert usd("0.00") == _SCHEDULE.administrative


@pytest.mark.parametrize("missing", [_CREDIT, _DEBIT], ids=["credit", "debit"])
def test_a_schedule_without_both_cards_is_refused(missing: ProcessingFee) -> None:
    """1.2(a): "We accept payments via major credit and debit cards": a version cannot drop either."""
    without = tuple(fee for fee in _SCHEDULE.processing if fee is not missing)

    with pytest.raises(InvalidValueError, match=r"^processing: .* credit and debit cards"):
        attrs.evolve(_SCHEDULE, processing=without)


def test_paypal_and_bank_transfer_may_be_withdrawn() -> None:
    """1.2(b): other options are offered "as available": a version may offer cards only."""
    cards_only = attrs.evolve(_SCHEDULE, processing=(_CREDIT, _DEBIT))

    assert (
        frozenset({PaymentMethod.CREDIT_CARD, PaymentMethod.DEBIT_CARD})
        == cards_only.payment_methods
    )


def test_one_fee_per_method() -> None:
    """1.2: a method has one processing fee; two for the same method are refused."""
    with pytest.raises(InvalidValueError, match="at most one processing fee per payment method"):
        attrs.evolve(_SCHEDULE, processing=(*_SCHEDULE.processing, _PAYPAL))


def test_every_amount_of_a_schedule_is_in_its_currency() -> None:
    """Ruling 5: "Amounts of different currencies never mix silently", within a fee schedule too."""
    hkd = Money(Decimal("2.00"), "HKD")

    with pytest.raises(CurrencyMismatchError, match=r"^processing\[0\]\.fixed: "):
        attrs.evolve(_SCHEDULE, processing=(attrs.evolve(_CREDIT, fixed=hkd), _DEBIT))
    with pytest.raises(CurrencyMismatchError, match=r"^administrative: "):
        attrs.evolve(_SCHEDULE, administrative=hkd)


def test_every_currency_offers_the_same_methods() -> None:
    """1.2: a version offers one set of methods, whatever the currency of the purchase."""
    hkd = Money(Decimal("2.00"), "HKD")
    hkd_cards_only = FeeSchedule(
        currency="HKD",
        processing=(attrs.evolve(_CREDIT, fixed=hkd), attrs.evolve(_DEBIT, fixed=hkd)),
        administrative=Money.zero("HKD"),
    )

    with pytest.raises(InvalidValueError, match="the same payment methods in every currency"):
        attrs.evolve(DEFAULT_POLICY, fee_schedules=(_SCHEDULE, hkd_cards_only))
    with pytest.raises(InvalidValueError, match="one fee schedule per accepted currency"):
        attrs.evolve(DEFAULT_POLICY, fee_schedules=(_SCHEDULE, _SCHEDULE))


def test_a_schedule_currency_must_be_a_currency() -> None:
    """Ruling 5: a fee schedule names a real ISO 4217 currency, as a string."""
    with pytest.raises(InvalidTypeError, match=r"^currency: 840"):
        attrs.evolve(_SCHEDULE, currency=840)  # type: ignore[arg-type]  # the wrong type is the point
