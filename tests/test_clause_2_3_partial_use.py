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

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.helpers import (
    BOUGHT,
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
    DEFAULT_POLICY,
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


class TestTheEventsInTimeOrder:
    """Ruling 2: the service events a decision rests on, in the order they happened."""

    def test_events_given_out_of_order_are_listed_and_cited_in_time_order(self) -> None:
        """
        2.3(a): "If any portion of the service has been activated, utilized, or partially delivered": each event, in time order.

        Events recorded as the operator found them (the use first, the
        activation it followed second) are listed in time order, and each
        barring reason carries its event's instant in that order.
        """
        activated = event(ActivationKind.ACTIVATED, PAID + timedelta(days=1))
        used = event(ActivationKind.USED, PAID + timedelta(days=2))

        decision = evaluate_refund(
            purchase(), request(PAID + timedelta(days=3)), [used, activated]
        )

        assert decision.service_events == (activated, used)
        assert [(r.code, r.at) for r in decision.reasons if r.code in _BARRING_CODES] == [
            (ReasonCode.SERVICE_ACTIVATED, activated.at),
            (ReasonCode.SERVICE_USED, used.at),
        ]


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


class TestTheLastEligibleInstant:
    """2.2(a) with 2.1(b) and 2.3(a): a decision says until when a request would have been eligible: the deadline, or just before the first service event."""

    def test_without_a_service_event_it_is_the_deadline(self) -> None:
        """2.2(a): "please contact us within 14 days of your purchase date": with no service event, a request is eligible until the deadline."""
        decision = evaluate_refund(purchase(), request(PAID))

        assert LAST_INSTANT_IN_TIME == decision.latest_eligible_request_at
        assert decision.deadline == decision.latest_eligible_request_at

    def test_it_is_one_microsecond_before_the_first_event_in_the_deadlines_zone(self) -> None:
        """
        2.1(b): "Once the service has been activated or work has commenced, refunds will not be issued": the last eligible request is just before the first event.

        Activated at 02:00 UTC on 3 November (10:00 in Hong Kong), work
        commenced later: a request was eligible until 09:59:59.999999 in
        Hong Kong, the policy's zone, and is not one microsecond later.
        """
        activated = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
        events = [
            event(ActivationKind.WORK_COMMENCED, activated + timedelta(days=1)),
            event(ActivationKind.ACTIVATED, activated),
        ]

        decision = evaluate_refund(purchase(), request(PAID), events)

        latest = decision.latest_eligible_request_at
        assert latest is not None
        assert "2026-11-03T09:59:59.999999+08:00" == latest.isoformat()
        assert evaluate_refund(purchase(), request(latest), events).eligible
        assert not evaluate_refund(purchase(), request(activated), events).eligible

    def test_an_event_at_the_purchase_leaves_no_eligible_instant(self) -> None:
        """
        2.3(a): "If any portion of the service has been activated ... no refunds will be provided": activated the instant it was bought, no request was ever eligible.

        Paid at the instant of purchase: an event one microsecond later
        leaves the purchase's own instant eligible; an event at that instant
        leaves none.
        """
        paid_at_once = purchase(paid_at=BOUGHT)
        just_after = [event(at=BOUGHT + ONE_MICROSECOND)]

        assert BOUGHT == (
            evaluate_refund(paid_at_once, request(BOUGHT), just_after).latest_eligible_request_at
        )
        assert evaluate_refund(paid_at_once, request(BOUGHT), just_after).eligible
        assert (
            evaluate_refund(
                paid_at_once, request(BOUGHT), [event(at=BOUGHT)]
            ).latest_eligible_request_at
            is None
        )

    def test_it_is_judged_on_instants_in_a_repeated_hour(self) -> None:
        """
        2.1(b) with ruling 6: instants are compared as instants: in the hour a zone repeats, the first event still ends eligibility.

        A policy in Santiago, where 4 April 2026 ends twice (clocks go back
        from midnight to 23:00): the window's last day is that day, and the
        service is activated at the start of the repeated hour. The last
        eligible request is the microsecond before, in the first 23:59, not
        the deadline an hour later in the second.
        """
        santiago = ZoneInfo("America/Santiago")
        version = attrs.evolve(DEFAULT_POLICY, time_zone=santiago)
        bought = datetime(2026, 3, 21, 10, 0, tzinfo=santiago)
        chilean = purchase(purchased_at=bought, paid_at=bought)
        activated = datetime(2026, 4, 5, 3, 0, tzinfo=UTC)  # 23:00 again, on 4 April
        events = [event(at=activated)]

        decision = evaluate_refund(chilean, request(bought), events, version)

        latest = decision.latest_eligible_request_at
        assert latest is not None
        # In UTC: PEP 495 makes an instant in a repeated hour unequal to any other zone's.
        assert datetime(2026, 4, 5, 3, 59, 59, 999999, tzinfo=UTC) == decision.deadline.astimezone(
            UTC
        )
        assert datetime(2026, 4, 5, 2, 59, 59, 999999, tzinfo=UTC) == latest.astimezone(UTC)
        assert evaluate_refund(chilean, request(latest), events, version).eligible
        assert not evaluate_refund(chilean, request(activated), events, version).eligible
