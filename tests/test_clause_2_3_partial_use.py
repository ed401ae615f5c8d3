"""
Clause 2.3: Service Activation and Partial Use.

2.3(a) "If any portion of the service has been activated, utilized, or
partially delivered, no refunds will be provided."

Ruling 2 of CLAUSES.md (with 2.1(b) and 2.2(b)): any recorded service event
(activated, work commenced, used, partially delivered) at or before the
instant of the request bars the refund. An event strictly after the request
does not: the customer asked first. Any portion of a purchase counts for the
whole purchase.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.helpers import (
    LAST_INSTANT_IN_TIME,
    ONE_MICROSECOND,
    PAID,
    UTC,
    Case,
    event,
    purchase,
    request,
)
from ttre_policy import (
    Activation,
    ActivationKind,
    Outcome,
    ReasonCode,
    evaluate_refund,
)
from ttre_policy.testing import activations, cases, purchases, refund_requests

_BARRING_CODES = {
    ReasonCode.SERVICE_ACTIVATED,
    ReasonCode.WORK_COMMENCED,
    ReasonCode.SERVICE_USED,
    ReasonCode.SERVICE_PARTIALLY_DELIVERED,
}


class TestAnyPortion:
    """2.3(a): "If any portion of the service has been activated, utilized, or partially delivered, no refunds will be provided"."""

    @pytest.mark.parametrize(
        ("kind", "code"),
        [
            (ActivationKind.USED, ReasonCode.SERVICE_USED),
            (ActivationKind.PARTIALLY_DELIVERED, ReasonCode.SERVICE_PARTIALLY_DELIVERED),
        ],
    )
    def test_use_or_partial_delivery_bars_the_refund(
        self, kind: ActivationKind, code: ReasonCode
    ) -> None:
        """
        2.3(a): "If any portion of the service has been activated, utilized, or partially delivered, no refunds will be provided".

        Used (or partially delivered) on the purchase day, asked the same
        day: no refund, citing 2.3(a).
        """
        decision = evaluate_refund(
            purchase(), request(PAID + timedelta(hours=2)), [event(kind, PAID)]
        )

        assert decision.outcome == Outcome.NOT_ELIGIBLE
        assert [
            (reason.clause_id, reason.at) for reason in decision.reasons if reason.code is code
        ] == [("2.3(a)", PAID)]

    def test_every_barring_event_is_a_reason_in_time_order(self) -> None:
        """
        2.3(a) with ruling 2: a decision lists every reason that applies, not just the first.

        Two events before the request, given out of order: both are cited,
        earliest first; the event after the request is recorded but not cited.
        """
        used = event(ActivationKind.USED, PAID + timedelta(hours=3))
        activated = event(ActivationKind.ACTIVATED, PAID + timedelta(hours=1))
        after = event(ActivationKind.PARTIALLY_DELIVERED, PAID + timedelta(days=2))

        decision = evaluate_refund(
            purchase(), request(PAID + timedelta(days=1)), [after, used, activated]
        )

        assert [reason.code for reason in decision.reasons if reason.code in _BARRING_CODES] == [
            ReasonCode.SERVICE_ACTIVATED,
            ReasonCode.SERVICE_USED,
        ]
        assert (activated, used, after) == decision.service_events

    def test_an_event_at_the_instant_of_the_request_bars(self) -> None:
        """2.3(a) with ruling 2: an event "at or before the instant of the request bars the refund"."""
        asked = PAID + timedelta(days=3)

        decision = evaluate_refund(
            purchase(), request(asked), [event(ActivationKind.ACTIVATED, asked)]
        )

        assert not decision.eligible

    def test_an_event_one_microsecond_after_the_request_does_not_bar(self) -> None:
        """2.3(a) with ruling 2: "An event strictly after the request does not: the customer asked first"."""
        asked = PAID + timedelta(days=3)

        decision = evaluate_refund(
            purchase(), request(asked), [event(ActivationKind.ACTIVATED, asked + ONE_MICROSECOND)]
        )

        assert decision.eligible
        assert ReasonCode.NO_SERVICE_INITIATED in decision.reason_codes


class TestWhateverElseHolds:
    """2.3(a) with ruling 2, stated as properties over every case."""

    @given(data=st.data(), kind=st.sampled_from(ActivationKind))
    @example(data=None, kind=ActivationKind.ACTIVATED).via(
        "activated at the payment instant, asked at the last instant"
    )
    def test_any_event_at_or_before_the_request_always_bars_the_refund(
        self, data: st.DataObject | None, kind: ActivationKind
    ) -> None:
        """
        2.3(a): "If any portion of the service has been activated, utilized, or partially delivered, no refunds will be provided".

        Whatever the purchase, the other events and the request time, one
        service event at or before the request makes the decision not
        eligible, with a reason citing 2.1(b) or 2.3(a) at the event's instant.
        """
        if data is None:
            the_purchase, others, the_request = purchase(), [], request(LAST_INSTANT_IN_TIME)
            at = PAID
        else:
            the_purchase = data.draw(purchases(paid=True))
            others = data.draw(activations(the_purchase))
            the_request = data.draw(
                refund_requests(the_purchase).filter(
                    lambda r: (
                        the_purchase.paid_at is not None and r.requested_at >= the_purchase.paid_at
                    )
                )
            )
            assert the_purchase.paid_at is not None
            paid = the_purchase.paid_at.astimezone(UTC)
            span = int((the_request.requested_at - paid) / ONE_MICROSECOND)
            # Shift in UTC: a timedelta added to a zoned datetime is wall-clock time.
            at = paid + data.draw(st.integers(0, span)) * ONE_MICROSECOND
        barring = Activation(purchase_id=the_purchase.purchase_id, kind=kind, at=at)

        decision = evaluate_refund(the_purchase, the_request, [*others, barring])

        assert not decision.eligible
        assert any(
            reason.code in _BARRING_CODES
            and reason.at == at
            and reason.clause_id in {"2.1(b)", "2.3(a)"}
            for reason in decision.reasons
        )

    @given(case=cases(paid=True))
    def test_events_after_the_request_never_change_the_decision(self, case: Case) -> None:
        """
        2.3(a) with ruling 2: "An event strictly after the request does not [bar the refund]".

        Dropping the events that came after the request changes neither the
        outcome nor the amounts.
        """
        the_purchase, events, the_request = case
        asked = the_request.requested_at
        before = [e for e in events if e.at <= asked]

        with_all = evaluate_refund(the_purchase, the_request, events)
        without_later = evaluate_refund(the_purchase, the_request, before)

        assert with_all.outcome == without_later.outcome
        assert with_all.refund == without_later.refund
        assert with_all.reasons == without_later.reasons
