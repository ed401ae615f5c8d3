"""
Price changes with prior notice, and the floor in force at an instant.

Clause 1.1(b): "These fees are clearly outlined at the time of purchase and
are subject to change with prior notice."

Ruling 11 of CLAUSES.md: a price change takes effect only after its notice
period (a parameter); a purchase keeps the price shown at the time of
purchase. Ruling 12: floors belong to the policy version.

A `PriceChange` announces a new floor for one of the version's packages. The
notice is `PolicyVersion.price_change_notice_days` clear calendar days in the
version's time zone (docs/rulings.md, A11): neither the day of the
announcement nor the day the change takes effect counts, so a change takes
effect at the earliest at the start of the local day after the last day of
notice. A change with less notice is refused, never applied late.

The floor in force at an instant is the version's floor for the package,
replaced by the change for that package that took effect last, at or before
the instant. A quote keeps the floor and the price of its own instant
(`_quotes`), which is how a purchase keeps the price shown (ruling 11).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import attrs

from ttre_policy._history import PolicyHistory, version_in_force
from ttre_policy._money import Money
from ttre_policy._packages import Package
from ttre_policy._time import local_date, start_of_local_day, utc
from ttre_policy._validators import aware, check_aware, check_iterable, instance_of
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyMismatchError,
    InsufficientNoticeError,
    InvalidTypeError,
    InvalidValueError,
    PackageNotOfferedError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable


def _in_floor_currency(
    instance: PriceChange, attribute: attrs.Attribute[Any], floor: Money
) -> None:
    currency = instance.package.floor_price.currency
    if floor.currency != currency:
        raise CurrencyMismatchError(
            attribute.name,
            floor,
            f"a floor in {currency}, the currency of {instance.package.name}'s floor",
        )


def _after_announcement(
    instance: PriceChange, attribute: attrs.Attribute[Any], effective_from: datetime
) -> None:
    if utc(effective_from) <= utc(instance.announced_at):
        raise ChronologyError(
            attribute.name,
            effective_from,
            f"an instant after the announcement, {instance.announced_at.isoformat()}: "
            "a change is announced before it takes effect (clause 1.1(b))",
            "is not after the announcement",
        )


@attrs.frozen(kw_only=True)
class PriceChange:
    """
    A new floor for a package, announced ahead of the instant it takes effect (1.1(b)).

    Attributes:
        package: The package whose floor changes, one the policy version
            sells (matched by its code).
        new_floor: The tax-exclusive price the package starts from once the
            change is in force, in the currency of its present floor.
        announced_at: When the change was announced to customers.
        effective_from: The first instant the new floor applies; after the
            announcement, and at least the version's notice later
            (`earliest_price_change_at`).

    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> change = PriceChange(
    ...     package=ALL_IN_ONE, new_floor=Money(Decimal("600"), "USD"),
    ...     announced_at=datetime(2026, 11, 1, 15, 0, tzinfo=hk),
    ...     effective_from=datetime(2026, 12, 2, tzinfo=hk))
    >>> str(change.new_floor)
    'USD 600.00'
    """

    package: Package = attrs.field(validator=instance_of(Package, "a Package"))
    new_floor: Money = attrs.field(validator=[instance_of(Money, "Money"), _in_floor_currency])
    announced_at: datetime = attrs.field(validator=aware)
    effective_from: datetime = attrs.field(validator=[aware, _after_announcement])


def earliest_price_change_at(
    announced_at: datetime, policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY
) -> datetime:
    """
    Return the first instant at which a price change announced at *announced_at* may apply.

    Clauses: 1.1(b).

    Clause 1.1(b): fees "are subject to change with prior notice"; ruling 11:
    "A price change takes effect only after its notice period". The notice
    runs for `PolicyVersion.price_change_notice_days` clear calendar days of
    the version's time zone, after the day of the announcement; the change
    may apply from the start of the next local day (docs/rulings.md, A11).

    Args:
        announced_at: When the change was announced; an aware datetime.
        policy: The version whose notice period and time zone apply, or a
            history: then the version in force at the announcement.

    Returns:
        The start of the first local day after the notice, in the version's zone.

    >>> from zoneinfo import ZoneInfo
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> earliest_price_change_at(datetime(2026, 11, 1, 15, 0, tzinfo=hk)).isoformat()
    '2026-12-02T00:00:00+08:00'
    """
    check_aware("announced_at", announced_at)
    policy = version_in_force(policy, announced_at, "announced_at")
    zone = policy.time_zone
    # The announcement day and the notice days pass; the change applies the day after.
    first_day = local_date(announced_at, zone) + timedelta(
        days=policy.price_change_notice_days + 1
    )
    return start_of_local_day(first_day, zone).astimezone(zone)


def offered_package(package: object, policy: PolicyVersion, field: str = "package") -> Package:
    """
    Return the version's own package with *package*'s code; refuse one it does not sell.

    Clauses: 1.1(a).
    """
    if not isinstance(package, Package):
        raise InvalidTypeError(field, package, "a Package")
    for offered in policy.packages:
        if offered.code == package.code:
            return offered
    raise PackageNotOfferedError(
        f"{field}.code",
        package.code,
        f"one of {[offered.code for offered in policy.packages]} under policy version "
        f"{policy.version_id!r} (ruling 12)",
    )


def _checked_change(field: str, change: object, policy: PolicyVersion) -> PriceChange:
    """
    Refuse a change for a package the version does not sell, or with too little notice.

    Clauses: 1.1(b).
    """
    if not isinstance(change, PriceChange):
        raise InvalidTypeError(field, change, "a PriceChange")
    offered = offered_package(change.package, policy, f"{field}.package")
    if change.new_floor.currency != offered.floor_price.currency:
        raise CurrencyMismatchError(
            f"{field}.new_floor",
            change.new_floor,
            f"a floor in {offered.floor_price.currency}, the currency of {offered.name}'s "
            f"floor under policy version {policy.version_id!r}",
        )
    earliest = earliest_price_change_at(change.announced_at, policy)
    if utc(change.effective_from) < utc(earliest):
        raise InsufficientNoticeError(
            f"{field}.effective_from",
            change.effective_from,
            f"at or after {earliest.isoformat()}: {policy.price_change_notice_days} clear "
            f"days' notice after the announcement of {change.announced_at.isoformat()} "
            "(clause 1.1(b), ruling 11)",
        )
    return change


def floor_and_change(
    package: Package, at: datetime, changes: Iterable[PriceChange], policy: PolicyVersion
) -> tuple[Package, Money, PriceChange | None]:
    """
    Return the version's package, its floor in force at *at*, and the change that set it.

    Clauses: 1.1(a), 1.1(b).
    """
    if not isinstance(policy, PolicyVersion):
        raise InvalidTypeError("policy", policy, "a PolicyVersion")
    offered = offered_package(package, policy)
    check_aware("at", at)
    checked = [
        _checked_change(f"changes[{i}]", change, policy)
        for i, change in enumerate(check_iterable("changes", changes, "PriceChange"))
    ]
    own = sorted(
        (change for change in checked if change.package.code == offered.code),
        key=lambda change: utc(change.effective_from),
    )
    for earlier, later in pairwise(own):
        if utc(earlier.effective_from) == utc(later.effective_from) and (
            earlier.new_floor != later.new_floor
        ):
            raise InvalidValueError(
                "changes",
                (earlier, later),
                f"one new floor for {offered.name} at each instant a change takes effect",
            )
    in_force = [change for change in own if utc(change.effective_from) <= utc(at)]
    if not in_force:
        return offered, offered.floor_price, None
    return offered, in_force[-1].new_floor, in_force[-1]


def floor_in_force(
    package: Package,
    at: datetime,
    changes: Iterable[PriceChange] = (),
    policy: PolicyVersion = DEFAULT_POLICY,
) -> Money:
    """
    Return the tax-exclusive price *package* starts from at the instant *at*.

    Clauses: 1.1(a), 1.1(b).

    Clause 1.1(a): "Our service packages start from $500 for the ALL IN ONE
    solution, and from $1,000 for TikTok Shop management"; 1.1(b): "subject
    to change with prior notice". Ruling 12: floors belong to the policy
    version. Ruling 11: a change applies only once its notice has run.

    Args:
        package: A package the version sells, matched by its code.
        at: The instant asked about.
        changes: Announced price changes, in any order, for any package;
            every one is checked, not only those in force.
        policy: The version whose floors and notice period apply.

    Returns:
        The version's floor, or the new floor of the change for this package
        that took effect last at or before *at*.

    Raises:
        PolicyInputError: For a package the version does not sell, a change
            with less notice than the version requires, or two changes that
            set different floors for the same package at the same instant.

    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> rise = PriceChange(
    ...     package=ALL_IN_ONE, new_floor=Money(Decimal("600"), "USD"),
    ...     announced_at=datetime(2026, 11, 1, 15, 0, tzinfo=hk),
    ...     effective_from=datetime(2026, 12, 2, tzinfo=hk))
    >>> str(floor_in_force(ALL_IN_ONE, datetime(2026, 12, 1, 23, 59, tzinfo=hk), [rise]))
    'USD 500.00'
    >>> str(floor_in_force(ALL_IN_ONE, datetime(2026, 12, 2, 0, 0, tzinfo=hk), [rise]))
    'USD 600.00'
    """
    return floor_and_change(package, at, changes, policy)[1]
