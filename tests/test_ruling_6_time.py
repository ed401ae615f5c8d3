"""
Ruling 6 of CLAUSES.md: time.

"Every instant must carry a time zone; a naive datetime is an input error. A
request before the purchase, or a service event before the payment was
confirmed, is an input error."
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import attrs
import pytest

from tests.helpers import BOUGHT, HK, PAID, event, purchase, request
from ttre_policy import (
    DEFAULT_POLICY,
    Activation,
    ActivationKind,
    PolicyVersion,
    RefundRequest,
    RefundWindow,
    _time,
    evaluate_refund,
)
from ttre_policy.exceptions import (
    ChronologyError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    PurchaseMismatchError,
    RequestBeforePurchaseError,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


class _NoOffset(tzinfo):
    """A tzinfo whose utcoffset() is None: attached, yet naive."""

    def utcoffset(self, _dt: datetime | None) -> None:
        return None

    def dst(self, _dt: datetime | None) -> None:
        return None

    def tzname(self, _dt: datetime | None) -> None:
        return None


NEW_YORK = ZoneInfo("America/New_York")
NAIVE = datetime(2026, 11, 1, 10, 0)  # noqa: DTZ001  # naive on purpose: ruling 6 refuses it


class TestEveryInstantCarriesAZone:
    """Ruling 6: "Every instant must carry a time zone; a naive datetime is an input error"."""

    def test_a_naive_purchase_instant_is_refused(self) -> None:
        """Ruling 6: "a naive datetime is an input error", naming the field and showing an aware example."""
        with pytest.raises(NaiveDatetimeError) as raised:
            purchase(purchased_at=NAIVE, paid_at=None)

        assert (
            "purchased_at: datetime.datetime(2026, 11, 1, 10, 0) has no time zone; "
            "expected an aware datetime, "
            'e.g. datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong"))'
        ) == str(raised.value)

    def test_a_naive_payment_instant_is_refused(self) -> None:
        """Ruling 6: "a naive datetime is an input error"."""
        with pytest.raises(NaiveDatetimeError, match=r"^paid_at: "):
            purchase(paid_at=NAIVE)

    def test_a_naive_request_instant_is_refused(self) -> None:
        """Ruling 6: "a naive datetime is an input error"."""
        with pytest.raises(NaiveDatetimeError, match=r"^requested_at: "):
            RefundRequest(request_id="R-1", purchase_id="P-1", requested_at=NAIVE)

    def test_a_naive_event_instant_is_refused(self) -> None:
        """Ruling 6: "a naive datetime is an input error"."""
        with pytest.raises(NaiveDatetimeError, match=r"^at: "):
            Activation(purchase_id="P-1", kind=ActivationKind.USED, at=NAIVE)

    def test_a_zone_that_gives_no_offset_is_naive(self) -> None:
        """Ruling 6: a tzinfo whose utcoffset() is None leaves the instant naive."""
        with pytest.raises(NaiveDatetimeError):
            RefundRequest(
                request_id="R-1", purchase_id="P-1", requested_at=NAIVE.replace(tzinfo=_NoOffset())
            )

    @pytest.mark.parametrize("value", ["2026-11-01T10:00+08:00", date(2026, 11, 1), 1_793_000_000])
    def test_anything_but_a_datetime_is_refused(self, value: object) -> None:
        """Ruling 6: an instant is an aware datetime, not a string, a date or a timestamp."""
        with pytest.raises(InvalidTypeError) as raised:
            RefundRequest(request_id="R-1", purchase_id="P-1", requested_at=value)  # type: ignore[arg-type]  # the wrong type is the point

        assert (
            f"requested_at: {value!r} is of the wrong type; expected an aware datetime.datetime"
            == str(raised.value)
        )

    def test_fixed_offsets_are_aware_too(self) -> None:
        """Ruling 6: any zone will do, including a fixed offset such as +08:00."""
        plus_eight = timezone(timedelta(hours=8))

        decision = evaluate_refund(
            purchase(), request(datetime(2026, 11, 15, 23, 59, tzinfo=plus_eight))
        )

        assert decision.eligible


class TestTheRangeOfInstants:
    """Ruling A70: instants from 1900 to 2999 (UTC), so that no rule's arithmetic leaves datetime's range."""

    RANGE = (
        "expected an instant from 1900-01-01T00:00:00+00:00 to 2999-12-31T23:59:59.999999+00:00"
    )

    @pytest.mark.parametrize(
        "instant",
        [
            datetime(1899, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
            datetime(1900, 1, 1, 7, 59, tzinfo=timezone(timedelta(hours=8))),
            datetime(3000, 1, 1, tzinfo=UTC),
            datetime(2999, 12, 31, 20, tzinfo=timezone(timedelta(hours=-5))),
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
            datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
        ],
    )
    def test_an_instant_outside_the_range_is_refused(self, instant: datetime) -> None:
        """
        Ruling A70: an instant outside 1900-01-01 to 2999-12-31 (UTC) is an input error, never an OverflowError.

        Year 1 east of UTC and year 9999 west of it are instants datetime
        cannot even express in UTC.
        """
        with pytest.raises(InvalidValueError) as raised:
            purchase(purchased_at=instant, paid_at=None)

        assert str(raised.value) == (
            f"purchased_at: {instant!r} is outside the instants this library accepts; {self.RANGE}"
        )

    @pytest.mark.parametrize(
        "instant",
        [
            datetime(1900, 1, 1, tzinfo=UTC),
            datetime(1900, 1, 1, 8, tzinfo=timezone(timedelta(hours=8))),
            datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
            datetime(2999, 12, 31, 18, 59, tzinfo=timezone(timedelta(hours=-5))),
        ],
    )
    def test_the_first_and_last_instants_are_decided(self, instant: datetime) -> None:
        """
        Ruling A70: the range's ends are accepted, and a case there is decided like any other.

        2.2(a): "within 14 days of your purchase date": the last purchase
        instant's deadline lies in the year 3000, and the decision still comes.
        """
        bought = purchase(purchased_at=instant, paid_at=instant)

        decision = evaluate_refund(bought, request(instant))

        assert decision.eligible
        assert decision.deadline > instant


class TestOrder:
    """Ruling 6: "A request before the purchase, or a service event before the payment was confirmed, is an input error"."""

    def test_a_request_before_the_purchase_is_refused(self) -> None:
        """Ruling 6: "A request before the purchase ... is an input error", one microsecond is enough."""
        with pytest.raises(
            RequestBeforePurchaseError,
            match=r"^request\.requested_at: datetime\.datetime\(2026, 11, 1, 9, 59, 59, 999999, "
            r"tzinfo=zoneinfo\.ZoneInfo\(key='Asia/Hong_Kong'\)\) is before the purchase; "
            r"expected an instant at or after the purchase, 2026-11-01T10:00:00\+08:00$",
        ):
            evaluate_refund(purchase(), request(BOUGHT - timedelta(microseconds=1)))

    def test_order_is_judged_on_instants_not_wall_clocks(self) -> None:
        """Ruling 6: 03:00 UTC is after 10:00 in Hong Kong on the same day (02:00 UTC)."""
        decision = evaluate_refund(
            purchase(paid_at=BOUGHT), request(datetime(2026, 11, 1, 3, 0, tzinfo=UTC))
        )

        assert decision.eligible

    def test_a_request_for_another_purchase_is_refused(self) -> None:
        """Ruling 6: the facts must describe one case: a request names the purchase it is for."""
        with pytest.raises(
            PurchaseMismatchError, match=r"^request\.purchase_id: 'P-2' names another purchase"
        ):
            evaluate_refund(purchase(), request(PAID, purchase_id="P-2"))

    def test_an_event_for_another_purchase_is_refused(self) -> None:
        """Ruling 6: the facts must describe one case: an event names the purchase it is for."""
        with pytest.raises(PurchaseMismatchError, match=r"^activations\[1\]\.purchase_id: 'P-9'"):
            evaluate_refund(purchase(), request(PAID), [event(), event(purchase_id="P-9")])

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("P-1", request(PAID)), "purchase: 'P-1' is of the wrong type; expected a Purchase"),
            (
                (purchase(), "R-1"),
                "request: 'R-1' is of the wrong type; expected a RefundRequest",
            ),
            (
                (purchase(), request(PAID), ["activated"]),
                "activations[0]: 'activated' is of the wrong type; expected an Activation",
            ),
            (
                (purchase(), request(PAID), (), "published"),
                (
                    "policy: 'published' is of the wrong type; "
                    "expected a PolicyVersion or a PolicyHistory"
                ),
            ),
        ],
    )
    def test_arguments_of_the_wrong_type_are_refused(
        self, args: tuple[object, ...], message: str
    ) -> None:
        """Ruling 6: evaluate_refund refuses anything that is not the value it names."""
        with pytest.raises(InvalidTypeError) as raised:
            evaluate_refund(*args)  # type: ignore[arg-type]  # the wrong type is the point
        assert message == str(raised.value)


class TestWindowParameters:
    """Ruling 1: the window's parameters are validated like any other input."""

    @pytest.mark.parametrize(
        ("changes", "error", "message"),
        [
            (
                {"days": -1},
                InvalidValueError,
                "days: -1 is not valid here; expected a whole number of days from 0 to 3660",
            ),
            (
                {"days": 3661},
                InvalidValueError,
                "days: 3661 is not valid here; expected a whole number of days from 0 to 3660",
            ),
            (
                {"days": 14.0},
                InvalidTypeError,
                "days: 14.0 is of the wrong type; expected a whole number of days",
            ),
            (
                {"days": True},
                InvalidTypeError,
                "days: True is of the wrong type; expected a whole number of days",
            ),
            (
                {"roll_to_working_day": 1},
                InvalidTypeError,
                "roll_to_working_day: 1 is of the wrong type; expected True or False",
            ),
            (
                {"weekend": {6, 7}},
                InvalidTypeError,
                (
                    "weekend: {6, 7} is of the wrong type; "
                    "expected a frozenset of ISO weekday numbers (1 = Monday)"
                ),
            ),
            (
                {"weekend": frozenset({0})},
                InvalidValueError,
                (
                    "weekend: frozenset({0}) is not valid here; expected ISO weekday numbers "
                    "from 1 (Monday) to 7 (Sunday), leaving a working day"
                ),
            ),
            (
                {"weekend": frozenset(range(1, 8))},
                InvalidValueError,
                (
                    "weekend: frozenset({1, 2, 3, 4, 5, 6, 7}) is not valid here; expected ISO "
                    "weekday numbers from 1 (Monday) to 7 (Sunday), leaving a working day"
                ),
            ),
            (
                {"holidays": [date(2026, 12, 25)]},
                InvalidTypeError,
                (
                    "holidays: [datetime.date(2026, 12, 25)] is of the wrong type; "
                    "expected a frozenset of datetime.date"
                ),
            ),
            (
                {"holidays": frozenset({datetime(2026, 12, 25, tzinfo=HK)})},
                InvalidTypeError,
                (
                    "holidays: datetime.datetime(2026, 12, 25, 0, 0, "
                    "tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) is of the wrong type; "
                    "expected a datetime.date (not a datetime)"
                ),
            ),
        ],
    )
    def test_a_window_that_cannot_be_counted_is_refused(
        self, changes: dict[str, object], error: type[Exception], message: str
    ) -> None:
        """Ruling 1: a window is a whole number of calendar days; weekends leave a working day."""
        with pytest.raises(error) as raised:
            RefundWindow(**changes)  # type: ignore[arg-type]  # wrong values are the point

        assert message == str(raised.value)

    def test_the_longest_window_and_notice_are_allowed(self) -> None:
        """Ruling 1 and ruling 11: the window length and the notice period are parameters, up to ten years of days (3660) each."""
        longest = RefundWindow(days=3660)
        version = attrs.evolve(DEFAULT_POLICY, price_change_notice_days=3660)

        assert date(2036, 11, 8) == longest.last_day(date(2026, 11, 1))
        assert 3660 == version.price_change_notice_days

    def test_a_version_posted_after_it_takes_effect_is_refused(self) -> None:
        """3(a): "Any changes will be posted on our website with an updated effective date" — before it."""
        with pytest.raises(ChronologyError) as raised:
            attrs.evolve(
                DEFAULT_POLICY, posted_at=DEFAULT_POLICY.effective_from + timedelta(seconds=1)
            )

        assert (
            "posted_at: datetime.datetime(2025, 1, 1, 0, 0, 1, "
            "tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) is after the version takes effect; "
            "expected an instant at or before effective_from: a change is posted before it "
            "takes effect (clause 3(a))"
        ) == str(raised.value)

    def test_a_version_needs_a_named_zone(self) -> None:
        """Ruling 1: the window counts days in a named IANA zone, such as Asia/Hong_Kong."""
        with pytest.raises(InvalidTypeError, match=r"^time_zone: "):
            attrs.evolve(DEFAULT_POLICY, time_zone=timezone(timedelta(hours=8)))  # type: ignore[arg-type]  # the wrong type is the point
        assert isinstance(DEFAULT_POLICY, PolicyVersion)


@pytest.fixture
def cold_day_ends() -> None:
    """
    Forget the ends of local days computed so far.

    `end_of_local_day` remembers each day it computed (a pure function of
    immutable values); a test of the computation itself must not read a day
    an earlier test remembered.
    """
    # The module rebinds the function to its lru_cache wrapper under the plain signature.
    _time.end_of_local_day.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture
def machine_in_new_york() -> Iterator[None]:
    """Set the machine's own time zone (TZ) to New York for one test, then restore it."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


class TestLocalDays:
    """Ruling 1: "the deadline is the last instant of (purchase date + 14 days), local time"."""

    @pytest.mark.parametrize(
        ("zone", "bought", "deadline"),
        [
            (HK, datetime(2026, 11, 1, 10, 0, tzinfo=HK), "2026-11-15T23:59:59.999999+08:00"),
            # New York's clocks fall back on 2026-11-01 and spring forward on 2027-03-14:
            # the deadline carries the offset in force at the end of its own day.
            (
                NEW_YORK,
                datetime(2026, 10, 18, 12, 0, tzinfo=NEW_YORK),
                "2026-11-01T23:59:59.999999-05:00",
            ),
            (
                NEW_YORK,
                datetime(2027, 2, 28, 12, 0, tzinfo=NEW_YORK),
                "2027-03-14T23:59:59.999999-04:00",
            ),
        ],
        ids=["hong-kong", "new-york-fall-back", "new-york-spring-forward"],
    )
    @pytest.mark.usefixtures("cold_day_ends")
    def test_the_deadline_is_the_last_local_instant_of_the_last_day(
        self, zone: ZoneInfo, bought: datetime, deadline: str
    ) -> None:
        """
        Ruling 1: "So the deadline is the last instant of (purchase date + 14 days), local time".

        The deadline is 23:59:59.999999 of the last day, written in the
        policy's zone; one microsecond later is the first instant of the next
        local day.
        """
        window = RefundWindow()

        last_instant = window.deadline(bought, zone)

        assert deadline == last_instant.isoformat()
        assert last_instant.tzinfo is zone
        next_instant = (last_instant.astimezone(UTC) + timedelta(microseconds=1)).astimezone(zone)
        assert (0, 0, 0, 0) == (
            next_instant.hour,
            next_instant.minute,
            next_instant.second,
            next_instant.microsecond,
        )

    @pytest.mark.usefixtures("machine_in_new_york")
    def test_instants_are_compared_in_utc_whatever_the_machines_own_zone(self) -> None:
        """
        Ruling 6: "Every instant must carry a time zone": the library compares instants in UTC, never in the zone of the machine it runs on.

        The library reads no environment: with the machine set to New York
        time, an instant read in Hong Kong is still brought to UTC.
        """
        in_utc = _time.utc(BOUGHT)

        assert BOUGHT == in_utc
        assert timedelta(0) == in_utc.utcoffset()
        assert "2026-11-01T02:00:00+00:00" == in_utc.isoformat()
