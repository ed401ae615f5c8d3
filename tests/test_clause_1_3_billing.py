"""
Clause 1.3: Billing and Invoicing.

1.3(b) "Payment is due at the time of purchase"

1.3(c) "and access to our services will be granted only after confirmation
of payment."

Ruling 7 of CLAUSES.md: a purchase whose payment was never confirmed has
nothing to refund and no access; cancelling it is always allowed and returns
nothing. Ruling 6: a service event before the payment was confirmed is an
input error.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import BOUGHT, FIRST_LATE_INSTANT, PAID, event, purchase, request, usd
from ttre_policy import Outcome, Purchase, ReasonCode, evaluate_refund
from ttre_policy.exceptions import PaymentBeforePurchaseError, ServiceEventBeforePaymentError
from ttre_policy.testing import purchases, refund_requests


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
            ServiceEventBeforePaymentError, match=r"activations\[0\]\.at: .* never paid"
        ):
            evaluate_refund(purchase(paid_at=None), request(PAID), [event(at=PAID)])

    def test_a_service_event_before_the_payment_is_refused(self) -> None:
        """1.3(c) with ruling 6: no service can start before the payment is confirmed."""
        with pytest.raises(ServiceEventBeforePaymentError, match=r"activations\[0\]\.at"):
            evaluate_refund(purchase(), request(PAID), [event(at=BOUGHT)])

    def test_a_payment_before_the_purchase_is_refused(self) -> None:
        """1.3(b): "Payment is due at the time of purchase": not before it."""
        with pytest.raises(PaymentBeforePurchaseError, match="paid_at"):
            purchase(paid_at=BOUGHT - timedelta(microseconds=1))


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

    def test_the_amount_paid_is_the_price_plus_tax_once_confirmed(self) -> None:
        """1.3(b): payment is due at purchase: the amount paid is price plus tax, and nothing before confirmation."""
        assert usd("540.00") == purchase(tax=usd("40.00")).amount_paid
        unpaid: Purchase = purchase(tax=usd("40.00"), paid_at=None)
        assert usd("0.00") == unpaid.amount_paid
        assert usd("540.00") == unpaid.amount_due
