"""
Time: instants, local calendar days and the cancellation window.

Clause 2.2(a): "If you wish to cancel your service request, please contact us
within 14 days of your purchase date if the service has not yet been
activated."

Ruling 1 of CLAUSES.md reads it so:

    "Within 14 days of your purchase date" counts calendar days in the
    policy's time zone. The purchase date is the calendar date of the
    purchase instant in that zone; the request is in time when the calendar
    date of the request instant in that zone is at most the purchase date
    plus 14 days. So the deadline is the last instant of (purchase date + 14
    days), local time.

`RefundWindow` is that calculus as an explicit value: the length in calendar
days, the purchase day not counted, the window ending at the end of its last
local day, and one optional extension an amendment may switch on (issue 4):
a last day on a weekend or holiday rolls to the next working day, as EU
Regulation 1182/71 art. 3(4) counts periods. Holidays are data the operator
passes in; the library reads no calendar.

Ruling 6: every instant must carry a time zone. Instants are compared in UTC
only: Python compares two datetimes that share a tzinfo by wall clock,
ignoring `fold`, which is wrong inside a repeated hour.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final

import attrs

from ttre_policy._validators import instance_of
from ttre_policy.exceptions import InvalidTypeError, InvalidValueError

ONE_DAY: Final = timedelta(days=1)
ONE_MICROSECOND: Final = timedelta(microseconds=1)
#: The longest window a policy version may set (ten years of days).
MAX_WINDOW_DAYS: Final = 3660
#: ISO weekday numbers: Monday is 1, Sunday is 7.
ISO_WEEKDAYS: Final = frozenset(range(1, 8))
SATURDAY_AND_SUNDAY: Final = frozenset({6, 7})


def utc(instant: datetime) -> datetime:
    """Return the same instant in UTC, the only zone in which instants are compared."""
    return instant if instant.tzinfo is UTC else instant.astimezone(UTC)


def local_date(instant: datetime, zone: tzinfo) -> date:
    """
    Return the calendar date of *instant* in *zone*.

    >>> from zoneinfo import ZoneInfo
    >>> local_date(datetime(2026, 11, 1, 17, 0, tzinfo=UTC), ZoneInfo("Asia/Hong_Kong"))
    datetime.date(2026, 11, 2)
    """
    return instant.astimezone(zone).date()


def start_of_local_day(day: date, zone: tzinfo) -> datetime:
    """
    Return the first instant of *day* in *zone*, in UTC.

    Where local midnight does not exist (a clock change at 00:00), PEP 495
    reads the missing time with the offset before the change, which is
    exactly the instant of the change: the first instant the day has.
    """
    return utc(datetime.combine(day, time(0), tzinfo=zone))


def end_of_local_day(day: date, zone: tzinfo) -> datetime:
    """
    Return the last instant (to the microsecond) of *day* in *zone*, in that zone.

    >>> from zoneinfo import ZoneInfo
    >>> end_of_local_day(date(2026, 11, 15), ZoneInfo("Asia/Hong_Kong")).isoformat()
    '2026-11-15T23:59:59.999999+08:00'

    Computed once per day and zone (purchases of one local day share their
    deadline): a pure function of immutable values, cached.
    """
    return (start_of_local_day(day + ONE_DAY, zone) - ONE_MICROSECOND).astimezone(zone)


# Cached by assignment rather than by decorator, so that mutation testing
# reaches the function (mutmut leaves decorated functions alone).
end_of_local_day = functools.lru_cache(maxsize=4096)(end_of_local_day)


#: English names of the ISO weekdays, Monday first.
WEEKDAY_NAMES: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def weekday_names(weekdays: frozenset[int]) -> str:
    """
    Return ISO weekday numbers as English names, in week order.

    >>> weekday_names(frozenset({7, 6}))
    'Saturday, Sunday'
    """
    return ", ".join(WEEKDAY_NAMES[day - 1] for day in sorted(weekdays))


def _weekend(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, frozenset):
        raise InvalidTypeError(
            attribute.name, value, "a frozenset of ISO weekday numbers (1 = Monday)"
        )
    if not value <= ISO_WEEKDAYS or value == ISO_WEEKDAYS:
        raise InvalidValueError(
            attribute.name,
            value,
            "ISO weekday numbers from 1 (Monday) to 7 (Sunday), leaving a working day",
        )


def _holidays(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, frozenset):
        raise InvalidTypeError(attribute.name, value, "a frozenset of datetime.date")
    for day in value:
        # A datetime is a date too, but a holiday is a whole calendar day.
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InvalidTypeError(attribute.name, day, "a datetime.date (not a datetime)")


def day_count(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    """Refuse a number of days below 0 or above `MAX_WINDOW_DAYS` (a window, a notice)."""
    if not 0 <= value <= MAX_WINDOW_DAYS:
        raise InvalidValueError(
            attribute.name, value, f"a whole number of days from 0 to {MAX_WINDOW_DAYS}"
        )


@attrs.frozen
class RefundWindow:
    """
    The cancellation window of clause 2.2(a), counted as ruling 1 says.

    The unit is the calendar day of the policy's time zone. The purchase day
    itself is not counted; the window ends at the end of the last local day.

    Attributes:
        days: The window's length in calendar days (14 in the published policy).
        roll_to_working_day: Whether a last day that falls on a weekend day or
            a holiday moves to the next working day (off in the published
            policy; an amendment may switch it on).
        weekend: ISO weekday numbers (1 = Monday ... 7 = Sunday) that are not
            working days, used only when rolling.
        holidays: Calendar dates that are not working days, used only when
            rolling. The operator supplies them.

    >>> RefundWindow().last_day(date(2026, 11, 1))
    datetime.date(2026, 11, 15)
    >>> RefundWindow(roll_to_working_day=True).last_day(date(2026, 11, 7))
    datetime.date(2026, 11, 23)
    """

    days: int = attrs.field(
        default=14,
        validator=[instance_of(int, "a whole number of days"), day_count],
    )
    roll_to_working_day: bool = attrs.field(
        default=False, validator=instance_of(bool, "True or False")
    )
    weekend: frozenset[int] = attrs.field(default=SATURDAY_AND_SUNDAY, validator=_weekend)
    holidays: frozenset[date] = attrs.field(default=frozenset(), validator=_holidays)

    # The fixed parts of the calculus (ruling 1), named so that code and
    # auditors can read them rather than infer them from `deadline`.

    @property
    def unit(self) -> str:
        """The unit of `days`: the calendar day of the policy's time zone (ruling 1)."""
        return "calendar day"

    @property
    def counts_purchase_day(self) -> bool:
        """Whether the purchase day counts as day 1: never (ruling 1; EU 1182/71 art. 3(1))."""
        return False

    @property
    def ends_at(self) -> str:
        """When the window closes: at the end of its last local day (ruling 1; art. 3(2)(b))."""
        return "end of the last local day"

    @property
    def terms(self) -> str:
        """
        The whole calculus in words, as a notice would state it.

        >>> RefundWindow().terms
        '14 calendar days after the purchase date (not counted), to the end of the last day'
        >>> RefundWindow(days=7, roll_to_working_day=True).terms  # doctest: +NORMALIZE_WHITESPACE
        '7 calendar days after the purchase date (not counted), to the end of the last day;
        a last day on Saturday, Sunday or a holiday rolls to the next working day'
        """
        unit = self.unit if self.days == 1 else f"{self.unit}s"
        words = (
            f"{self.days} {unit} after the purchase date (not counted), to the end of the last day"
        )
        if self.roll_to_working_day:
            words += (
                f"; a last day on {weekday_names(self.weekend)}{' or ' if self.weekend else ''}"
                "a holiday rolls to the next working day"
            )
        return words

    def is_working_day(self, day: date) -> bool:
        """Return whether *day* is neither a weekend day nor a holiday."""
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def last_day(self, purchase_date: date) -> date:
        """
        Return the last local calendar day on which a request is in time.

        That is the purchase date plus `days` (the purchase day is not
        counted), rolled forward to a working day when `roll_to_working_day`.
        """
        day = purchase_date + timedelta(days=self.days)
        if self.roll_to_working_day:
            while not self.is_working_day(day):
                day += ONE_DAY
        return day

    def deadline(self, purchased_at: datetime, zone: tzinfo) -> datetime:
        """
        Return the last instant at which a request is in time, in *zone*.

        A request is in time exactly when it is at or before this instant
        (instants have microsecond resolution, so this is the same as being
        before the start of the next local day).

        >>> from zoneinfo import ZoneInfo
        >>> hk = ZoneInfo("Asia/Hong_Kong")
        >>> RefundWindow().deadline(datetime(2026, 11, 1, 10, 0, tzinfo=hk), hk).isoformat()
        '2026-11-15T23:59:59.999999+08:00'
        """
        return end_of_local_day(self.last_day(local_date(purchased_at, zone)), zone)
