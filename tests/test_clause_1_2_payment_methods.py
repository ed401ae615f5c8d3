"""
Clause 1.2: Payment Methods.

1.2(a) "We accept payments via major credit and debit cards"

1.2(b) "and may offer additional payment options (e.g., PayPal, bank
transfers) as available on our website."

1.2(c) "All transactions are processed securely through our designated
payment gateway."

A policy version offers a payment method exactly when its fee schedule sets
that method's processing fee; cards are always among them. Paying by a
method the version does not offer is refused when the payment is confirmed.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import confirmation, purchase, usd
from ttre_policy import (
    DEFAULT_POLICY,
    FeeSchedule,
    Money,
    Package,
    PaymentMethod,
    ProcessingFee,
    confirm_payment,
)
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    CurrencyNotAcceptedError,
    InvalidTypeError,
    InvalidValueError,
    PaymentMethodNotOfferedError,
)
from ttre_policy.testing import fee_schedules, payment_confirmations, purchases

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

    with pytest.raises(InvalidValueError) as raised:
        attrs.evolve(_SCHEDULE, processing=without)

    assert (
        f"processing: {[fee.payment_method for fee in without]!r} is not valid here; "
        "expected a processing fee for credit and debit cards, which are always accepted "
        "(clause 1.2(a))"
    ) == str(raised.value)


def test_paypal_and_bank_transfer_may_be_withdrawn() -> None:
    """1.2(b): other options are offered "as available": a version may offer cards only."""
    cards_only = attrs.evolve(_SCHEDULE, processing=(_CREDIT, _DEBIT))

    assert (
        frozenset({PaymentMethod.CREDIT_CARD, PaymentMethod.DEBIT_CARD})
        == cards_only.payment_methods
    )


def test_one_fee_per_method() -> None:
    """1.2: a method has one processing fee; two for the same method are refused."""
    with pytest.raises(InvalidValueError) as raised:
        attrs.evolve(_SCHEDULE, processing=(*_SCHEDULE.processing, _PAYPAL))

    assert (
        "processing: [PaymentMethod.CREDIT_CARD, PaymentMethod.DEBIT_CARD, PaymentMethod.PAYPAL, "
        "PaymentMethod.BANK_TRANSFER, PaymentMethod.PAYPAL] is not valid here; "
        "expected at most one processing fee per payment method"
    ) == str(raised.value)


def test_every_amount_of_a_schedule_is_in_its_currency() -> None:
    """Ruling 5: "Amounts of different currencies never mix silently", within a fee schedule too."""
    hkd = Money(Decimal("2.00"), "HKD")

    with pytest.raises(CurrencyMismatchError) as fixed:
        attrs.evolve(_SCHEDULE, processing=(attrs.evolve(_CREDIT, fixed=hkd), _DEBIT))
    with pytest.raises(CurrencyMismatchError) as administrative:
        attrs.evolve(_SCHEDULE, administrative=hkd)

    assert [
        (
            "processing[0].fixed: Money(amount=Decimal('2.00'), currency='HKD') is in another "
            "currency; expected an amount in USD, the schedule's currency"
        ),
        (
            "administrative: Money(amount=Decimal('2.00'), currency='HKD') is in another "
            "currency; expected an amount in USD, the schedule's currency"
        ),
    ] == [str(fixed.value), str(administrative.value)]


def test_every_currency_offers_the_same_methods() -> None:
    """1.2: a version offers one set of methods, whatever the currency of the purchase."""
    hkd = Money(Decimal("2.00"), "HKD")
    hkd_cards_only = FeeSchedule(
        currency="HKD",
        processing=(attrs.evolve(_CREDIT, fixed=hkd), attrs.evolve(_DEBIT, fixed=hkd)),
        administrative=Money.zero("HKD"),
    )

    with pytest.raises(InvalidValueError) as other_methods:
        attrs.evolve(DEFAULT_POLICY, fee_schedules=(_SCHEDULE, hkd_cards_only))
    with pytest.raises(InvalidValueError) as twice:
        attrs.evolve(DEFAULT_POLICY, fee_schedules=(_SCHEDULE, _SCHEDULE))
    with pytest.raises(InvalidValueError) as none:
        attrs.evolve(DEFAULT_POLICY, fee_schedules=())

    assert [
        (
            "fee_schedules: ['USD', 'HKD'] is not valid here; "
            "expected schedules that offer the same payment methods in every currency"
        ),
        (
            "fee_schedules: ['USD', 'USD'] is not valid here; "
            "expected one fee schedule per accepted currency, at least one"
        ),
        (
            "fee_schedules: [] is not valid here; "
            "expected one fee schedule per accepted currency, at least one"
        ),
    ] == [str(other_methods.value), str(twice.value), str(none.value)]


def test_a_schedule_currency_must_be_a_currency() -> None:
    """Ruling 5: a fee schedule names a real ISO 4217 currency, as a string."""
    with pytest.raises(InvalidTypeError, match=r"^currency: 840"):
        attrs.evolve(_SCHEDULE, currency=840)  # type: ignore[arg-type]  # the wrong type is the point


class TestPayingByAMethodOffered:
    """1.2: a payment is confirmed only by a method the version offers, in a currency it accepts."""

    @pytest.mark.parametrize("method", [PaymentMethod.PAYPAL, PaymentMethod.BANK_TRANSFER])
    def test_a_method_the_version_does_not_offer_is_refused(self, method: PaymentMethod) -> None:
        """1.2(b): PayPal and bank transfers are offered "as available": where a version does not offer one, paying by it is refused."""
        cards_only = attrs.evolve(
            DEFAULT_POLICY,
            fee_schedules=(attrs.evolve(_SCHEDULE, processing=(_CREDIT, _DEBIT)),),
        )
        unpaid = purchase(payment_method=method, paid_at=None)

        with pytest.raises(
            PaymentMethodNotOfferedError,
            match=rf"^purchase\.payment_method: PaymentMethod\.{method.name} is not a payment method "
            r"this policy version offers; expected one of \['credit_card', 'debit_card'\]",
        ):
            confirm_payment(unpaid, confirmation(), cards_only)
        assert confirm_payment(unpaid, confirmation()).is_paid

    def test_a_currency_the_version_does_not_accept_is_refused(self) -> None:
        """1.1(c) with ruling 5: accepted currencies are a parameter (default: USD only); a HKD payment is refused."""
        hkd = Money(Decimal("3900.00"), "HKD")
        package = Package(code="hk-pack", name="HK package", floor_price=hkd)
        unpaid = purchase(package=package, price_excl_tax=hkd, tax=Money.zero("HKD"), paid_at=None)
        paid_in_hkd = attrs.evolve(confirmation(), amount=hkd)

        with pytest.raises(CurrencyNotAcceptedError, match=r"^purchase\.currency: 'HKD' "):
            confirm_payment(unpaid, paid_in_hkd)

    @given(data=st.data())
    def test_a_payment_is_confirmed_exactly_when_its_method_is_offered(
        self, data: st.DataObject
    ) -> None:
        """
        1.2(a): "We accept payments via major credit and debit cards"; 1.2(b): other options "as available".

        Whatever methods a version offers, cards are among them, and a
        payment by any method is confirmed exactly when the version offers it.
        """
        schedule = data.draw(fee_schedules())
        version = attrs.evolve(DEFAULT_POLICY, fee_schedules=(schedule,))
        unpaid = data.draw(purchases(paid=False))
        paid_by = data.draw(payment_confirmations(unpaid))

        offered = unpaid.payment_method in version.payment_methods
        if offered:
            assert confirm_payment(unpaid, paid_by, version).paid_at == paid_by.confirmed_at
        else:
            with pytest.raises(PaymentMethodNotOfferedError):
                confirm_payment(unpaid, paid_by, version)
        assert {PaymentMethod.CREDIT_CARD, PaymentMethod.DEBIT_CARD} <= version.payment_methods

    def test_the_gateway_reference_is_recorded_on_the_confirmation(self) -> None:
        """1.2(c): "processed securely through our designated payment gateway": a confirmation names the gateway's transaction."""
        assert confirmation(reference="ch_3Nq8").gateway_reference == "ch_3Nq8"
        with pytest.raises(InvalidValueError, match=r"^gateway_reference: '' "):
            confirmation(reference="")
