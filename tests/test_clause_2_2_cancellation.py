"""
Clause 2.2: Cancellation and Refund Requests.

2.2(a) "If you wish to cancel your service request, please contact us within
14 days of your purchase date if the service has not yet been activated."

2.2(b) "In cases where cancellation is requested before the initiation of any
service, a refund may be granted after deducting any applicable processing
or administrative fees."

Rulings 1 (the window) and 3 (the fees) of CLAUSES.md.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

from tests.helpers import (
    BOUGHT,
    FIRST_LATE_INSTANT,
    HK,
    LAST_INSTANT_IN_TIME,
    ONE_MICROSECOND,
    PAID,
    UTC,
    Case,
    event,
    purchase,
    request,
    usd,
)
from ttre_policy import (
    DEFAULT_POLICY,
    FeeSchedule,
    Outcome,
    PaymentMethod,
    PolicyVersion,
    ProcessingFee,
    ReasonCode,
    RefundWindow,
    RoundingMode,
    cancellation_deadline,
    evaluate_refund,
)
from ttre_policy.exceptions import InvalidTypeError
from ttre_policy.testing import (
    activations,
    aware_datetimes,
    cases,
    policy_versions,
    purchases,
    refund_windows,
    requests_around_deadline,
    time_zones,
)


class TestTheWindow:
    """2.2(a) with ruling 1: "within 14 days of your purchase date", in calendar days."""

    def test_rulings_example_last_instant_is_in_time(self) -> None:
        """
        2.2(a): "please contact us within 14 days of your purchase date".

        Ruling 1's example: bought 2026-11-01 10:00 HKT, a request up to
        2026-11-15 23:59:59.999999 HKT is in time.
        """
        decision = evaluate_refund(purchase(), request(LAST_INSTANT_IN_TIME))

        assert decision.outcome == Outcome.ELIGIBLE
        assert decision.deadline == LAST_INSTANT_IN_TIME
        assert ReasonCode.WITHIN_CANCELLATION_WINDOW in decision.reason_codes

    def test_rulings_example_midnight_after_is_late(self) -> None:
        """
        2.2(a): "please contact us within 14 days of your purchase date".

        Ruling 1's example: one at 2026-11-16 00:00 HKT is late.
        """
        decision = evaluate_refund(purchase(), request(FIRST_LATE_INSTANT))

        assert decision.outcome == Outcome.NOT_ELIGIBLE
        assert decision.reason_codes == (
            ReasonCode.PAYMENTS_FINAL,
            ReasonCode.OUTSIDE_CANCELLATION_WINDOW,
            ReasonCode.NO_SERVICE_INITIATED,
        )
        assert usd("0.00") == decision.refund

    def test_the_deadline_is_shown_in_the_policy_zone(self) -> None:
        """
        2.2(a) with ruling 1: the deadline is the last instant of (purchase date + 14 days), local time.

        A purchase at 02:00 UTC is 10:00 in Hong Kong: the same deadline.
        """
        bought_in_utc = purchase(
            purchased_at=datetime(2026, 11, 1, 2, 0, tzinfo=UTC), paid_at=None
        )

        assert (
            cancellation_deadline(bought_in_utc).isoformat() == "2026-11-15T23:59:59.999999+08:00"
        )

    def test_the_purchase_date_is_the_date_in_the_policy_zone(self) -> None:
        """
        2.2(a) with ruling 1: "The purchase date is the calendar date of the purchase instant in that zone".

        20:00 UTC on 1 November is already 2 November in Hong Kong, so the
        window runs to the end of 16 November there.
        """
        late_evening_utc = purchase(
            purchased_at=datetime(2026, 11, 1, 20, 0, tzinfo=UTC), paid_at=None
        )

        assert datetime(2026, 11, 16, 23, 59, 59, 999999, tzinfo=HK) == cancellation_deadline(
            late_evening_utc
        )

    def test_the_deadline_is_asked_of_a_purchase(self) -> None:
        """2.2(a): "within 14 days of your purchase date": the deadline belongs to a purchase."""
        with pytest.raises(
            InvalidTypeError, match=r"^purchase: 'P-1' is of the wrong type; expected a Purchase$"
        ):
            cancellation_deadline("P-1")  # type: ignore[arg-type]  # the wrong type is the point

    def test_a_request_at_the_instant_of_purchase_is_in_time(self) -> None:
        """2.2(a): a request at the very instant of purchase is within the window."""
        decision = evaluate_refund(purchase(paid_at=BOUGHT), request(BOUGHT))

        assert decision.eligible

    @given(data=st.data(), window=refund_windows(), zone=time_zones())
    @example(data=None, window=RefundWindow(), zone=HK).via("ruling 1's example")
    @example(data=None, window=RefundWindow(days=0), zone=HK).via("a same-day window")
    @example(data=None, window=RefundWindow(), zone=ZoneInfo("America/Havana")).via(
        "a zone whose clocks change at midnight"
    )
    @example(data=None, window=RefundWindow(), zone=ZoneInfo("Pacific/Apia")).via(
        "a zone that skipped 2011-12-30"
    )
    def test_one_microsecond_after_the_deadline_is_always_late(
        self, data: st.DataObject | None, window: RefundWindow, zone: ZoneInfo
    ) -> None:
        """
        2.2(a) with ruling 1: "the deadline is the last instant of (purchase date + 14 days), local time".

        For any purchase, window and zone, a request at the deadline is in
        time and a request one microsecond later is late.
        """
        bought = (
            BOUGHT
            if data is None
            else data.draw(aware_datetimes(max_value=datetime(2080, 1, 1, tzinfo=UTC)))
        )
        version = attrs.evolve(DEFAULT_POLICY, refund_window=window, time_zone=zone)
        paid = purchase(purchased_at=bought, paid_at=bought)
        deadline = cancellation_deadline(paid, version)
        note(f"deadline {deadline.isoformat()}")

        at_deadline = evaluate_refund(paid, request(deadline), policy=version)
        one_microsecond_later = (deadline.astimezone(UTC) + ONE_MICROSECOND).astimezone(zone)
        just_after = evaluate_refund(paid, request(one_microsecond_later), policy=version)

        assert at_deadline.eligible
        assert ReasonCode.OUTSIDE_CANCELLATION_WINDOW in just_after.reason_codes
        assert not just_after.eligible

    @given(data=st.data(), window=refund_windows(), zone=time_zones())
    @example(data=None, window=RefundWindow(), zone=ZoneInfo("America/Havana"))
    def test_in_time_exactly_when_the_local_request_date_is_at_most_the_last_day(
        self, data: st.DataObject | None, window: RefundWindow, zone: ZoneInfo
    ) -> None:
        """
        2.2(a) with ruling 1: "the request is in time when the calendar date of the request instant in that zone is at most the purchase date plus 14 days".

        The instant comparison the library makes agrees with the ruling's
        calendar-date wording, for any zone (including clocks that change at
        midnight) and any window.
        """
        bought = (
            datetime(2026, 3, 7, 23, 30, tzinfo=zone)
            if data is None
            else data.draw(aware_datetimes(max_value=datetime(2080, 1, 1, tzinfo=UTC)))
        )
        version = attrs.evolve(DEFAULT_POLICY, refund_window=window, time_zone=zone)
        paid = purchase(purchased_at=bought, paid_at=bought)
        deadline = cancellation_deadline(paid, version)
        last_day = window.last_day(bought.astimezone(zone).date())
        offsets = st.integers(-3 * 86_400, 3 * 86_400).map(lambda s: timedelta(seconds=s))
        # Shift in UTC: a timedelta added to a zoned datetime is wall-clock time.
        shift = timedelta(hours=1) if data is None else data.draw(offsets)
        asked = max(bought.astimezone(UTC), deadline.astimezone(UTC) + shift).astimezone(zone)

        decision = evaluate_refund(paid, request(asked), policy=version)

        assert (asked.astimezone(zone).date() <= last_day) == (
            ReasonCode.WITHIN_CANCELLATION_WINDOW in decision.reason_codes
        )

    @given(case=cases(), zone=time_zones())
    def test_the_zone_of_the_input_instants_never_changes_the_outcome(
        self, case: Case, zone: ZoneInfo
    ) -> None:
        """
        2.2(a) with ruling 1: the window counts days "in the policy's time zone", not the input's.

        Writing every input instant in another zone (the same instants)
        changes neither the outcome, the amounts, the deadline nor the reasons.
        """
        the_purchase, events, the_request = case
        moved_purchase = attrs.evolve(
            the_purchase,
            purchased_at=the_purchase.purchased_at.astimezone(zone),
            paid_at=None
            if the_purchase.paid_at is None
            else the_purchase.paid_at.astimezone(zone),
        )
        moved_events = [attrs.evolve(e, at=e.at.astimezone(zone)) for e in events]
        moved_request = attrs.evolve(
            the_request, requested_at=the_request.requested_at.astimezone(zone)
        )

        original = evaluate_refund(the_purchase, the_request, events)
        moved = evaluate_refund(moved_purchase, moved_request, moved_events)

        assert original.outcome == moved.outcome
        assert original.refund == moved.refund
        assert original.fees == moved.fees
        assert original.deadline.astimezone(UTC) == moved.deadline.astimezone(UTC)
        # Compare instants in UTC: PEP 495 makes a datetime inside a repeated
        # hour unequal to every datetime in another zone, even the same instant.
        assert [(r.code, r.at and r.at.astimezone(UTC)) for r in original.reasons] == [
            (r.code, r.at and r.at.astimezone(UTC)) for r in moved.reasons
        ]

    @given(data=st.data())
    def test_an_earlier_request_is_never_worse_off(self, data: st.DataObject) -> None:
        """
        2.2(a): "please contact us within 14 days of your purchase date".

        Of two requests on the same purchase and service events, the earlier
        is eligible whenever the later is, and is refunded at least as much.
        """
        the_purchase = data.draw(purchases())
        events = data.draw(activations(the_purchase))
        first = data.draw(requests_around_deadline(the_purchase))
        second = data.draw(requests_around_deadline(the_purchase))
        earlier, later = sorted((first, second), key=lambda r: r.requested_at.astimezone(UTC))

        earlier_decision = evaluate_refund(the_purchase, earlier, events)
        later_decision = evaluate_refund(the_purchase, later, events)

        assert later_decision.eligible <= earlier_decision.eligible
        assert later_decision.refund <= earlier_decision.refund

    @given(version=policy_versions())
    def test_a_longer_window_never_moves_the_deadline_earlier(
        self, version: PolicyVersion
    ) -> None:
        """
        2.2(a): "within 14 days of your purchase date"; the length is a parameter (ruling 1).

        One more day in the window moves the deadline one day later; when
        the last day rolls to a working day, it may roll to the same day.
        """
        longer = attrs.evolve(
            version,
            refund_window=attrs.evolve(version.refund_window, days=version.refund_window.days + 1),
        )
        before = cancellation_deadline(purchase(), version)
        after = cancellation_deadline(purchase(), longer)

        if version.refund_window.roll_to_working_day:
            assert before.astimezone(UTC) <= after.astimezone(UTC)
        else:
            assert before.date() + timedelta(days=1) == after.date()


class TestTheLatestEligibleRequest:
    """The decision's `latest_eligible_request_at` (A9): the last instant a request would have succeeded."""

    @given(case=cases(paid=True))
    @example(
        case=(
            purchase(paid_at=FIRST_LATE_INSTANT + timedelta(days=2)),
            [],
            request(FIRST_LATE_INSTANT + timedelta(days=3)),
        )
    ).via("ruling A1: paid two days after the window closed")
    @example(case=(purchase(), [event(at=PAID)], request(LAST_INSTANT_IN_TIME))).via(
        "activated at the instant of payment: no request after it could succeed"
    )
    @example(case=(purchase(), [], request(FIRST_LATE_INSTANT))).via("the plain deadline")
    def test_a_request_then_succeeds_and_one_microsecond_later_fails(self, case: Case) -> None:
        """
        2.2(a): "please contact us within 14 days of your purchase date if the service has not yet been activated".

        With 1.3(b) and ruling A1 (a request before the payment was confirmed
        cancels the purchase): a request at the decision's latest eligible
        instant is eligible, one a microsecond later is not, and when there is
        no such instant even a request at the instant of purchase fails.
        """
        the_purchase, events, the_request = case
        latest = evaluate_refund(the_purchase, the_request, events).latest_eligible_request_at

        def eligible_at(at: datetime) -> bool:
            return evaluate_refund(
                the_purchase, attrs.evolve(the_request, requested_at=at), events
            ).eligible

        if latest is None:
            assert not eligible_at(the_purchase.purchased_at)
        else:
            note(f"latest eligible request {latest.isoformat()}")
            assert eligible_at(latest)
            assert not eligible_at(latest + ONE_MICROSECOND)


class TestRollingToAWorkingDay:
    """2.2(a) with ruling 1, and the optional extension an amendment may switch on (issue 4)."""

    def test_off_in_the_published_policy(self) -> None:
        """2.2(a): the published window ends on day 14 even when that day is a Saturday."""
        bought_on_a_saturday = purchase(
            purchased_at=datetime(2026, 11, 7, 10, 0, tzinfo=HK), paid_at=None
        )

        assert date(2026, 11, 21) == cancellation_deadline(bought_on_a_saturday).date()

    def test_a_last_day_on_a_weekend_rolls_to_monday(self) -> None:
        """2.2(a) as EU Regulation 1182/71 art. 3(4) counts: a Saturday last day moves to Monday."""
        rolling = attrs.evolve(
            DEFAULT_POLICY, refund_window=RefundWindow(roll_to_working_day=True)
        )
        bought_on_a_saturday = purchase(
            purchased_at=datetime(2026, 11, 7, 10, 0, tzinfo=HK), paid_at=None
        )

        assert date(2026, 11, 23) == cancellation_deadline(bought_on_a_saturday, rolling).date()

    def test_a_holiday_after_a_weekend_rolls_further(self) -> None:
        """2.2(a), rolling: Saturday, Sunday, then a holiday Monday: the window ends on Tuesday."""
        rolling = attrs.evolve(
            DEFAULT_POLICY,
            refund_window=RefundWindow(
                roll_to_working_day=True, holidays=frozenset({date(2026, 11, 23)})
            ),
        )
        bought_on_a_saturday = purchase(
            purchased_at=datetime(2026, 11, 7, 10, 0, tzinfo=HK), paid_at=None
        )

        assert date(2026, 11, 24) == cancellation_deadline(bought_on_a_saturday, rolling).date()

    @given(
        window=refund_windows(),
        bought=st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 1, 1)),
    )
    def test_the_last_day_is_a_working_day_at_or_after_the_plain_one(
        self, window: RefundWindow, bought: date
    ) -> None:
        """
        2.2(a), rolling: the last day is never before purchase date + length, and is a working day when rolling.

        Without rolling it is exactly purchase date + length.
        """
        plain = bought + timedelta(days=window.days)
        last = window.last_day(bought)

        assert plain <= last
        if window.roll_to_working_day:
            assert window.is_working_day(last)
            assert all(
                not window.is_working_day(plain + timedelta(days=n))
                for n in range((last - plain).days)
            )
        else:
            assert plain == last


class TestTheFees:
    """2.2(b) with ruling 3: "after deducting any applicable processing or administrative fees"."""

    def test_a_card_refund_is_the_price_less_the_processing_fee(self) -> None:
        """
        2.2(b): "a refund may be granted after deducting any applicable processing or administrative fees".

        USD 500 by credit card under the example fees (3 % + USD 0.30, no
        administrative fee): USD 15.30 deducted, USD 484.70 refunded.
        """
        decision = evaluate_refund(purchase(), request(PAID))

        assert usd("15.30") == decision.processing_fee
        assert usd("0.00") == decision.administrative_fee
        assert usd("484.70") == decision.refund
        assert ReasonCode.PROCESSING_FEE_DEDUCTED in decision.reason_codes
        assert ReasonCode.ADMINISTRATIVE_FEE_DEDUCTED not in decision.reason_codes

    def test_a_zero_rate_written_with_a_sign_deducts_nothing(self) -> None:
        """
        2.2(b): "after deducting any applicable processing ... fees": a rate of -0 is a rate of 0.

        Ruling 5: amounts are exact and never negative. Decimal("-0") is a
        valid rate; the fee it gives is zero, not minus zero, and the refund
        is the whole price.
        """
        schedule = attrs.evolve(
            DEFAULT_POLICY.fee_schedules[0],
            processing=tuple(
                ProcessingFee(payment_method=method, rate=Decimal("-0"), fixed=usd("0.00"))
                for method in (PaymentMethod.CREDIT_CARD, PaymentMethod.DEBIT_CARD)
            ),
        )
        version = attrs.evolve(DEFAULT_POLICY, fee_schedules=(schedule,))

        decision = evaluate_refund(purchase(), request(PAID), policy=version)

        assert str(decision.processing_fee) == "USD 0.00"
        assert not decision.processing_fee.amount.is_signed()
        assert usd("500.00") == decision.refund
        assert ReasonCode.PROCESSING_FEE_DEDUCTED not in decision.reason_codes

    def test_an_administrative_fee_is_deducted_and_cited(self) -> None:
        """2.2(b): "after deducting any applicable ... administrative fees"; ruling 3: a fixed fee."""
        schedule = attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("25.00"))
        decision = evaluate_refund(
            purchase(),
            request(PAID),
            policy=attrs.evolve(DEFAULT_POLICY, fee_schedules=(schedule,)),
        )

        assert usd("25.00") == decision.administrative_fee
        assert usd("459.70") == decision.refund
        assert ReasonCode.ADMINISTRATIVE_FEE_DEDUCTED in decision.reason_codes

    @pytest.mark.parametrize(
        ("rounding", "expected"),
        [
            (RoundingMode.HALF_UP, "0.29"),
            (RoundingMode.HALF_EVEN, "0.28"),
            (RoundingMode.DOWN, "0.28"),
            (RoundingMode.UP, "0.29"),
        ],
    )
    def test_a_fee_on_a_tie_rounds_as_the_version_says(
        self, rounding: RoundingMode, expected: str
    ) -> None:
        """
        2.2(b) with ruling 3: "Each fee is rounded to the currency's minor unit with ROUND_HALF_UP (parameter)".

        1.9 % of USD 15.00 is exactly 0.285: half-up gives 0.29, half-even 0.28.
        """
        rate_only = ProcessingFee(
            payment_method=PaymentMethod.CREDIT_CARD, rate=Decimal("0.019"), fixed=usd("0")
        )
        debit = ProcessingFee(
            payment_method=PaymentMethod.DEBIT_CARD, rate=Decimal(0), fixed=usd("0")
        )
        schedule = FeeSchedule(
            currency="USD", processing=(rate_only, debit), administrative=usd("0")
        )
        cheap = attrs.evolve(DEFAULT_POLICY.packages[0], floor_price=usd("0"))
        version = attrs.evolve(
            DEFAULT_POLICY, fee_schedules=(schedule,), rounding=rounding, packages=(cheap,)
        )

        decision = evaluate_refund(
            purchase(package=cheap, price_excl_tax=usd("15.00")), request(PAID), policy=version
        )

        assert usd(expected) == decision.processing_fee

    def test_fees_never_exceed_the_price(self) -> None:
        """
        2.2(b) with ruling 3: "The fees together never exceed the tax-exclusive price: a refund is never negative".

        A USD 600 administrative fee on a USD 500 price: the processing fee
        is kept, the administrative fee cut to what is left, nothing refunded
        of the price, and the cap is cited.
        """
        schedule = attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("600.00"))
        decision = evaluate_refund(
            purchase(tax=usd("40.00")),
            request(PAID),
            policy=attrs.evolve(DEFAULT_POLICY, fee_schedules=(schedule,)),
        )

        assert usd("15.30") == decision.processing_fee
        assert usd("484.70") == decision.administrative_fee
        assert usd("0.00") == decision.refunded_price
        assert usd("40.00") == decision.refund
        assert ReasonCode.FEES_CAPPED_AT_PRICE in decision.reason_codes

    def test_fees_exactly_equal_to_the_price_are_not_capped(self) -> None:
        """
        2.2(b) with ruling 3: "The fees together never exceed the tax-exclusive price": fees equal to it do not exceed it.

        A USD 484.70 administrative fee and the USD 15.30 processing fee on
        a USD 500 price: both are deducted whole, nothing of the price is
        refunded, and no cap is cited, as none was applied.
        """
        schedule = attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("484.70"))
        decision = evaluate_refund(
            purchase(),
            request(PAID),
            policy=attrs.evolve(DEFAULT_POLICY, fee_schedules=(schedule,)),
        )

        assert (usd("15.30"), usd("484.70")) == (
            decision.processing_fee,
            decision.administrative_fee,
        )
        assert usd("0.00") == decision.refund
        assert (
            ReasonCode.WITHIN_CANCELLATION_WINDOW,
            ReasonCode.NO_SERVICE_INITIATED,
            ReasonCode.PROCESSING_FEE_DEDUCTED,
            ReasonCode.ADMINISTRATIVE_FEE_DEDUCTED,
        ) == decision.reason_codes

    def test_a_processing_fee_above_the_price_is_cut_to_the_price(self) -> None:
        """2.2(b) with ruling 3: the fees together never exceed the price, even the processing fee alone."""
        bank = ProcessingFee(
            payment_method=PaymentMethod.BANK_TRANSFER, rate=Decimal(0), fixed=usd("900.00")
        )
        schedule = attrs.evolve(
            DEFAULT_POLICY.fee_schedules[0],
            processing=(*DEFAULT_POLICY.fee_schedules[0].processing[:3], bank),
            administrative=usd("10.00"),
        )
        decision = evaluate_refund(
            purchase(payment_method=PaymentMethod.BANK_TRANSFER),
            request(PAID),
            policy=attrs.evolve(DEFAULT_POLICY, fee_schedules=(schedule,)),
        )

        assert usd("500.00") == decision.processing_fee
        assert usd("0.00") == decision.administrative_fee
        assert usd("0.00") == decision.refund

    @given(data=st.data(), version=policy_versions())
    def test_refund_plus_fees_is_price_plus_tax_refunded(
        self, data: st.DataObject, version: PolicyVersion
    ) -> None:
        """
        2.2(b) with ruling 3: "The deduction is the processing fee plus the administrative fee".

        For every decision under any version: refund + fees = tax-exclusive
        price + tax refunded, exactly, when eligible; the fees never exceed
        the price; the refund never exceeds what was paid.
        """
        the_purchase, events, the_request = data.draw(cases(version, paid=True))

        decision = evaluate_refund(the_purchase, the_request, events, version)

        if decision.eligible:
            assert (
                the_purchase.price_excl_tax + decision.tax_refund
                == decision.refund + decision.fees
            )
        assert decision.fees <= the_purchase.price_excl_tax
        assert decision.refund <= the_purchase.amount_paid

    @given(case=cases(paid=True))
    def test_fees_are_computed_on_the_tax_exclusive_price(self, case: Case) -> None:
        """
        2.2(b) with ruling 4: "Fees are computed on the tax-exclusive price".

        Changing the tax never changes the fees.
        """
        the_purchase, events, the_request = case
        untaxed = attrs.evolve(the_purchase, tax=usd("0"))
        taxed = attrs.evolve(the_purchase, tax=usd("123.45"))

        assert (
            evaluate_refund(untaxed, the_request, events).fees
            == evaluate_refund(taxed, the_request, events).fees
        )
