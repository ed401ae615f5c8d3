"""
Clause 1.3: Billing and Invoicing.

1.3(b) "Payment is due at the time of purchase"

1.3(c) "and access to our services will be granted only after confirmation
of payment."

Ruling 7 of CLAUSES.md: a purchase whose payment was never confirmed has
nothing to refund and no access; cancelling it is always allowed and returns
nothing. Ruling 6: a service event before the payment was confirmed is an
input error. docs/rulings.md A14 (confirming a payment) and A15 (access).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import (
    BOUGHT,
    FIRST_LATE_INSTANT,
    HK,
    ONE_MICROSECOND,
    PAID,
    UTC,
    confirmation,
    event,
    purchase,
    request,
    usd,
)
from ttre_policy import (
    DEFAULT_POLICY,
    AccessDecision,
    Money,
    Outcome,
    PaymentConfirmation,
    Purchase,
    ReasonCode,
    access_decision,
    confirm_payment,
    evaluate_refund,
)
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    PaymentAlreadyConfirmedError,
    PaymentAmountMismatchError,
    PaymentBeforePurchaseError,
    PurchaseMismatchError,
    ServiceEventBeforePaymentError,
)
from ttre_policy.testing import (
    aware_datetimes,
    payment_confirmations,
    policy_versions,
    purchases,
    refund_requests,
    time_zones,
)


class TestUnpaidPurchases:
    """1.3(c) with ruling 7: "access ... will be granted only after confirmation of payment"."""

    @given(data=st.data())
    def test_cancelling_an_unpaid_purchase_is_always_allowed_and_returns_nothing(
        self, data: st.DataObject
    ) -> None:
        """
        1.3(c) with ruling 7: "cancelling it is always allowed and returns nothing".

        Any unpaid purchase, any request however late: eligible, nothing
        refunded, no fee, the only reason citing 1.3(c).
        """
        unpaid = data.draw(purchases(paid=False))
        the_request = data.draw(refund_requests(unpaid, within=timedelta(days=400)))

        decision = evaluate_refund(unpaid, the_request)

        assert decision.outcome == Outcome.ELIGIBLE
        assert decision.refund.is_zero()
        assert decision.fees.is_zero()
        assert decision.amount_paid.is_zero()
        assert decision.reason_codes == (ReasonCode.PAYMENT_NOT_CONFIRMED,)
        assert decision.clause_ids == ("1.3(c)",)

    def test_a_service_event_on_an_unpaid_purchase_is_refused(self) -> None:
        """1.3(c) with ruling 6: "a service event before the payment was confirmed, is an input error"."""
        with pytest.raises(
            ServiceEventBeforePaymentError,
            match=r"^activations\[0\]\.at: datetime\.datetime\(2026, 11, 1, 10, 1, "
            r"tzinfo=zoneinfo\.ZoneInfo\(key='Asia/Hong_Kong'\)\) is before the payment was "
            r"confirmed; expected a confirmed payment: this purchase was never paid$",
        ):
            evaluate_refund(purchase(paid_at=None), request(PAID), [event(at=PAID)])

    def test_a_service_event_before_the_payment_is_refused(self) -> None:
        """1.3(c) with ruling 6: no service can start before the payment is confirmed."""
        with pytest.raises(
            ServiceEventBeforePaymentError,
            match=r"^activations\[0\]\.at: datetime\.datetime\(2026, 11, 1, 10, 0, "
            r"tzinfo=zoneinfo\.ZoneInfo\(key='Asia/Hong_Kong'\)\) is before the payment was "
            r"confirmed; expected an instant at or after the payment, 2026-11-01T10:01:00\+08:00$",
        ):
            evaluate_refund(purchase(), request(PAID), [event(at=BOUGHT)])

    def test_a_payment_before_the_purchase_is_refused(self) -> None:
        """1.3(b): "Payment is due at the time of purchase": not before it."""
        with pytest.raises(PaymentBeforePurchaseError) as raised:
            purchase(paid_at=BOUGHT - timedelta(microseconds=1))

        assert (
            "paid_at: datetime.datetime(2026, 11, 1, 9, 59, 59, 999999, "
            "tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) is before the purchase; "
            "expected an instant at or after the purchase, 2026-11-01T10:00:00+08:00"
        ) == str(raised.value)


class TestCancelledBeforePayment:
    """1.3(b) with ruling 7, for a case CLAUSES.md does not rule on (docs/rulings.md, A1)."""

    def test_a_request_before_the_payment_was_confirmed_is_refunded(self) -> None:
        """
        1.3(b): "Payment is due at the time of purchase"; ruling 7: cancelling an unpaid purchase "is always allowed".

        The customer asked to cancel before the payment went through, and
        the payment went through later: the cancellation stands and the
        payment is refundable less fees, citing 1.3(b).
        """
        late_payment = purchase(paid_at=FIRST_LATE_INSTANT + timedelta(days=1))

        decision = evaluate_refund(late_payment, request(FIRST_LATE_INSTANT))

        assert decision.eligible
        assert usd("484.70") == decision.refund
        assert decision.reasons[0].code == ReasonCode.CANCELLED_BEFORE_PAYMENT
        assert ReasonCode.OUTSIDE_CANCELLATION_WINDOW not in decision.reason_codes

    def test_a_request_at_the_instant_of_payment_is_not_before_it(self) -> None:
        """
        1.3(b): "Payment is due at the time of purchase": a request at the very instant the payment was confirmed is not before the payment.

        Asked one microsecond before the confirmation, the request cites
        1.3(b); asked at the confirmation's instant, it is an ordinary
        request in the window, and 1.3(b) is not cited.
        """
        just_before = evaluate_refund(purchase(), request(PAID - ONE_MICROSECOND))
        at_payment = evaluate_refund(purchase(), request(PAID))

        assert ReasonCode.CANCELLED_BEFORE_PAYMENT == just_before.reasons[0].code
        assert (
            ReasonCode.WITHIN_CANCELLATION_WINDOW,
            ReasonCode.NO_SERVICE_INITIATED,
            ReasonCode.PROCESSING_FEE_DEDUCTED,
        ) == at_payment.reason_codes

    def test_the_amount_paid_is_the_price_plus_tax_once_confirmed(self) -> None:
        """1.3(b): payment is due at purchase: the amount paid is price plus tax, and nothing before confirmation."""
        assert usd("540.00") == purchase(tax=usd("40.00")).amount_paid
        unpaid: Purchase = purchase(tax=usd("40.00"), paid_at=None)
        assert usd("0.00") == unpaid.amount_paid
        assert usd("540.00") == unpaid.amount_due


_UNPAID = purchase(tax=usd("40.00"), paid_at=None)


class TestPaymentConfirmation:
    """1.3(b): "Payment is due at the time of purchase": the gateway confirms the amount due, once."""

    def test_a_confirmation_of_the_amount_due_pays_the_purchase(self) -> None:
        """
        1.3(b): "Payment is due at the time of purchase": USD 500 plus USD 40 tax is USD 540 due.

        Confirming exactly USD 540 records the instant of confirmation and
        changes nothing else.
        """
        paid = confirm_payment(_UNPAID, confirmation("540.00", PAID))

        assert attrs.evolve(_UNPAID, paid_at=PAID) == paid
        assert usd("540.00") == paid.amount_paid

    @pytest.mark.parametrize("amount", ["539.99", "540.01", "500.00", "0.00"])
    def test_another_amount_is_refused(self, amount: str) -> None:
        """1.3(b): the amount due is the price plus tax, exactly (A14): a part payment or an overpayment is refused."""
        with pytest.raises(PaymentAmountMismatchError) as raised:
            confirm_payment(_UNPAID, confirmation(amount))

        assert str(raised.value) == (
            f"confirmation.amount: Money(amount=Decimal('{amount}'), currency='USD') is not the "
            "amount due; expected exactly USD 540.00, the price plus tax due at purchase "
            "(clause 1.3(b))"
        )

    def test_another_currency_is_refused(self) -> None:
        """Ruling 5: "Amounts of different currencies never mix silently": HKD cannot pay a USD amount due."""
        in_hkd = attrs.evolve(confirmation(), amount=Money(Decimal("4212.00"), "HKD"))

        with pytest.raises(CurrencyMismatchError) as raised:
            confirm_payment(_UNPAID, in_hkd)

        assert str(raised.value) == (
            "confirmation.amount: Money(amount=Decimal('4212.00'), currency='HKD') is in another "
            "currency; expected a payment in USD, the currency of the amount due, USD 540.00"
        )

    def test_a_confirmation_of_another_purchase_is_refused(self) -> None:
        """1.3(c): a confirmation grants access to the purchase it confirms, and to no other."""
        with pytest.raises(
            PurchaseMismatchError, match=r"^confirmation\.purchase_id: 'P-2' .* 'P-1'"
        ):
            confirm_payment(_UNPAID, confirmation("540.00", purchase_id="P-2"))

    def test_a_confirmation_before_the_purchase_is_refused(self) -> None:
        """1.3(b): "Payment is due at the time of purchase": not before it, by a microsecond."""
        too_early = BOUGHT - ONE_MICROSECOND

        with pytest.raises(PaymentBeforePurchaseError) as raised:
            confirm_payment(_UNPAID, confirmation("540.00", too_early))

        assert str(raised.value) == (
            f"confirmation.confirmed_at: {too_early!r} is before the purchase; expected an "
            "instant at or after the purchase, 2026-11-01T10:00:00+08:00"
        )
        assert confirm_payment(_UNPAID, confirmation("540.00", BOUGHT)).paid_at == BOUGHT

    def test_a_second_confirmation_is_refused(self) -> None:
        """1.3(c): access follows "confirmation of payment": a purchase is confirmed once, and a repeat is refused."""
        paid = confirm_payment(_UNPAID, confirmation("540.00", PAID, reference="GW-1"))

        with pytest.raises(
            PaymentAlreadyConfirmedError,
            match=r"^confirmation\.gateway_reference: 'GW-2' confirms a payment that was already "
            r"confirmed; expected one confirmation per purchase: 'P-1' was confirmed at 2026-11-01T10:01:00\+08:00",
        ):
            confirm_payment(paid, confirmation("540.00", PAID, reference="GW-2"))

    def test_the_arguments_are_typed(self) -> None:
        """1.3(b): a purchase is paid by a gateway's confirmation; nothing else stands for one."""
        with pytest.raises(InvalidTypeError) as purchase_raised:
            confirm_payment("P-1", confirmation())  # type: ignore[arg-type]  # the wrong type is the point
        with pytest.raises(InvalidTypeError) as confirmation_raised:
            confirm_payment(_UNPAID, {"amount": "540.00"})  # type: ignore[arg-type]  # the wrong type is the point
        with pytest.raises(
            InvalidTypeError,
            match=r"^policy: 'published' is of the wrong type; "
            r"expected a PolicyVersion or a PolicyHistory$",
        ):
            confirm_payment(_UNPAID, confirmation("540.00"), "published")  # type: ignore[arg-type]  # the wrong type is the point

        assert str(purchase_raised.value) == (
            "purchase: 'P-1' is of the wrong type; expected a Purchase"
        )
        assert str(confirmation_raised.value) == (
            "confirmation: {'amount': '540.00'} is of the wrong type; "
            "expected a PaymentConfirmation"
        )

    @given(data=st.data())
    def test_confirming_the_amount_due_pays_any_unpaid_purchase(self, data: st.DataObject) -> None:
        """
        1.3(b): "Payment is due at the time of purchase".

        For any unpaid purchase under any version, a confirmation of the
        amount due at or after the purchase pays it: the amount paid becomes
        the amount due, and a second confirmation is refused.
        """
        policy = data.draw(policy_versions())
        unpaid = data.draw(purchases(policy, paid=False))
        paid_by = data.draw(payment_confirmations(unpaid))

        paid = confirm_payment(unpaid, paid_by, policy)

        assert (paid_by.confirmed_at, unpaid.amount_due) == (paid.paid_at, paid.amount_paid)
        with pytest.raises(PaymentAlreadyConfirmedError):
            confirm_payment(paid, paid_by, policy)


class TestAccess:
    """1.3(c): "access to our services will be granted only after confirmation of payment"."""

    def test_access_is_granted_from_the_instant_of_confirmation(self) -> None:
        """
        1.3(c): "access to our services will be granted only after confirmation of payment".

        Paid at 10:01:00 HKT: not a microsecond before (reason awaiting the
        confirmation), and from that instant on (reason: payment confirmed
        at 10:01), each citing 1.3(c) and the version's words for it (A15).
        """
        before = access_decision(purchase(), PAID - ONE_MICROSECOND)
        at = access_decision(purchase(), PAID)

        assert not before.granted
        assert before.reason_codes == (ReasonCode.AWAITING_PAYMENT_CONFIRMATION,)
        assert at.granted
        assert at.reason_codes == (ReasonCode.PAYMENT_CONFIRMED,)
        assert at.reasons[0].at == PAID
        assert ("1.3(c)",) == at.clause_ids == before.clause_ids
        assert DEFAULT_POLICY.clause("1.3(c)").sha256 == at.reasons[0].clause_sha256

    def test_an_unpaid_purchase_never_has_access(self) -> None:
        """1.3(c) with ruling 7: "A purchase whose payment was never confirmed has ... no access"."""
        decision = access_decision(purchase(paid_at=None), datetime(2030, 1, 1, tzinfo=HK))

        assert not decision.granted
        assert decision.paid_at is None

    def test_asking_before_the_purchase_is_refused(self) -> None:
        """Ruling 6: "A request before the purchase ... is an input error"; so is asking about access before it, or at a naive instant."""
        too_early = BOUGHT - ONE_MICROSECOND
        naive = datetime(2026, 11, 1, 10, 1)  # noqa: DTZ001  # the naive instant is the point

        with pytest.raises(ChronologyError) as early_raised:
            access_decision(purchase(), too_early)
        with pytest.raises(NaiveDatetimeError) as naive_raised:
            access_decision(purchase(), naive)
        with pytest.raises(InvalidTypeError) as purchase_raised:
            access_decision("P-1", PAID)  # type: ignore[arg-type]  # the wrong type is the point
        with pytest.raises(InvalidTypeError, match=r"^policy: "):
            access_decision(purchase(), PAID, "published")  # type: ignore[arg-type]  # the wrong type is the point

        assert str(early_raised.value) == (
            f"at: {too_early!r} is before the purchase; expected an instant at or after the "
            "purchase, 2026-11-01T10:00:00+08:00"
        )
        assert str(naive_raised.value) == (
            "at: datetime.datetime(2026, 11, 1, 10, 1) has no time zone; expected an aware "
            'datetime, e.g. datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong"))'
        )
        assert str(purchase_raised.value) == (
            "purchase: 'P-1' is of the wrong type; expected a Purchase"
        )

    def test_a_decision_cannot_grant_what_the_payment_does_not(self) -> None:
        """1.3(c): "only after confirmation of payment": a decision rebuilt by hand still grants exactly when paid."""
        denied = access_decision(purchase(), PAID - ONE_MICROSECOND)

        with pytest.raises(InvalidValueError) as raised:
            attrs.evolve(denied, granted=True)
        assert str(raised.value) == (
            "granted: True is not valid here; expected False: access is granted exactly when the "
            "payment was confirmed at or before the instant asked about (clause 1.3(c))"
        )
        with pytest.raises(InvalidValueError, match=r"^granted: False "):
            attrs.evolve(denied, at=PAID)
        with pytest.raises(
            InvalidValueError, match=r"^reasons\[0\]\.policy_version: 'other' .* 'published'"
        ):
            attrs.evolve(
                denied, reasons=(attrs.evolve(denied.reasons[0], policy_version="other"),)
            )

    @given(the_purchase=purchases(), data=st.data())
    def test_access_is_never_granted_before_confirmation_and_always_after(
        self, the_purchase: Purchase, data: st.DataObject
    ) -> None:
        """
        1.3(c): "access to our services will be granted only after confirmation of payment".

        At any instant after any purchase, in any zone, and at the instant of
        confirmation itself: granted exactly when the payment was confirmed
        at or before that instant. The same instant read in UTC gets the same
        answer. (The microsecond either side is pinned above.)
        """
        start = the_purchase.purchased_at
        instants = [
            data.draw(aware_datetimes(min_value=start, max_value=start + timedelta(days=5))),
            *([the_purchase.paid_at] if the_purchase.paid_at else []),
        ]

        for at in instants:
            decision = access_decision(the_purchase, at)
            elsewhere = access_decision(the_purchase, at.astimezone(UTC))

            paid_at = the_purchase.paid_at
            assert decision.granted == (paid_at is not None and paid_at <= at)
            assert decision.granted == elsewhere.granted
            assert isinstance(decision, AccessDecision)

    @given(data=st.data())
    def test_a_confirmed_payment_opens_access_from_its_instant(self, data: st.DataObject) -> None:
        """1.3(c): from unpaid to paid: denied before the confirmation's instant, granted from it on."""
        unpaid = data.draw(purchases(paid=False))
        paid_by: PaymentConfirmation = data.draw(payment_confirmations(unpaid))
        zone = data.draw(time_zones())

        paid = confirm_payment(unpaid, paid_by)

        confirmed = paid_by.confirmed_at.astimezone(UTC)
        assert access_decision(paid, confirmed.astimezone(zone)).granted
        if confirmed - ONE_MICROSECOND >= unpaid.purchased_at:
            assert not access_decision(
                paid, (confirmed - ONE_MICROSECOND).astimezone(zone)
            ).granted
        assert not access_decision(unpaid, confirmed).granted
