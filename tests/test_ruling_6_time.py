"""
Ruling 6 of CLAUSES.md: time.

"Every instant must carry a time zone; a naive datetime is an input error. A
request before the purchase, or a service event before the payment was
confirmed, is an input error."
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

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


class _NoOffset(tzinfo):
    """A tzinfo whose utcoffset() is None: attached, yet naive."""

    def utcoffset(self, _dt: datetime | None) -> None:
        return None

    def dst(self, _dt: datetime | None) -> None:
        return None

    def tzname(self, _dt: datetime | None) -> None:
        return None


NAIVE = datetime(2026, 11, 1, 10, 0)  # noqa: DTZ001  # naive on purpose: ruling 6 refuses it


class TestEveryInstantCarriesAZone:
    """Ruling 6: "Every instant must carry a time zone; a naive datetime is an input error"."""

    def test_a_naive_purchase_instant_is_refused(self) -> None:
        """Ruling 6: "a naive datetime is an input error", naming the field and showing an aware example."""
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^purchased_at: datetime\.datetime\(2026, 11, 1, 10, 0\) has no time zone; expected an aware datetime",
        ):
            purchase(purchased_at=NAIVE, paid_at=None)

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
        with pytest.raises(InvalidTypeError, match=r"^requested_at: "):
            RefundRequest(request_id="R-1", purchase_id="P-1", requested_at=value)  # type: ignore[arg-type]  # the wrong type is the point

    def test_fixed_offsets_are_aware_too(self) -> None:
        """Ruling 6: any zone will do, including a fixed offset such as +08:00."""
        plus_eight = timezone(timedelta(hours=8))

        decision = evaluate_refund(
            purchase(), request(datetime(2026, 11, 15, 23, 59, tzinfo=plus_eight))
        )

        assert decision.eligible


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
        ("changes", "error", "field"),
        [
            ({"days": -1}, InvalidValueError, "days"),
            ({"days": 3661}, InvalidValueError, "days"),
            ({"days": 14.0}, InvalidTypeError, "days"),
            ({"days": True}, InvalidTypeError, "days"),
            ({"roll_to_working_day": 1}, InvalidTypeError, "roll_to_working_day"),
            ({"weekend": {6, 7}}, InvalidTypeError, "weekend"),
            ({"weekend": frozenset({0})}, InvalidValueError, "weekend"),
            ({"weekend": frozenset(range(1, 8))}, InvalidValueError, "weekend"),
            ({"holidays": [date(2026, 12, 25)]}, InvalidTypeError, "holidays"),
            (
                {"holidays": frozenset({datetime(2026, 12, 25, tzinfo=HK)})},
                InvalidTypeError,
                "holidays",
            ),
        ],
    )
    def test_a_window_that_cannot_be_counted_is_refused(
        self, changes: dict[str, object], error: type[Exception], field: str
    ) -> None:
        """Ruling 1: a window is a whole number of calendar days; weekends leave a working day."""
        with pytest.raises(error, match=f"^{field}: "):
            RefundWindow(**changes)  # type: ignore[arg-type]  # wrong values are the point

    def test_a_version_posted_after_it_takes_effect_is_refused(self) -> None:
        """3(a): "Any changes will be posted on our website with an updated effective date" — before it."""
        with pytest.raises(
            ChronologyError, match=r"^posted_at: .* is after the version takes effect"
        ):
            attrs.evolve(
                DEFAULT_POLICY, posted_at=DEFAULT_POLICY.effective_from + timedelta(seconds=1)
            )

    def test_a_version_needs_a_named_zone(self) -> None:
        """Ruling 1: the window counts days in a named IANA zone, such as Asia/Hong_Kong."""
        with pytest.raises(InvalidTypeError, match=r"^time_zone: "):
            attrs.evolve(DEFAULT_POLICY, time_zone=timezone(timedelta(hours=8)))  # type: ignore[arg-type]  # the wrong type is the point
        assert isinstance(DEFAULT_POLICY, PolicyVersion)
