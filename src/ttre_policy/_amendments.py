"""
Amendments: what changed between two policy versions, and which decisions it changes.

Clause 3(a): "TTR-E reserves the right to modify or update this Payment &
Refund Policy at any time. Any changes will be posted on our website with an
updated effective date."

`diff` lists every parameter and clause text that differs, in plain and
stable terms, for the notice an operator posts with the new effective date.
Each `PolicyChange` also carries a machine-readable path
(``refund_window.days``, ``fee_schedules[USD].administrative``,
``clauses[2.2(a)].text``).

`amendment_impact` finds concrete purchases and requests that the two
versions decide differently (a different outcome or refund amount), one
minimal example for each kind of change. It does not sample at random: it
builds the cases at the boundaries the parameters define (the deadlines and
one microsecond after them, the start of every local day in either zone,
the prices at which the fees reach the price, the prices whose fee is a
rounding tie) and keeps the first that decides differently, checked by
deciding it under both versions. Where the versions agree on every parameter
a decision reads, it says that no decision can change.
"""

from __future__ import annotations

import decimal
import functools
import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from ttre_policy._clauses import CLAUSE_IDS
from ttre_policy._decisions import RefundDecision
from ttre_policy._enums import PolicyEnum
from ttre_policy._fees import TaxRefundMode
from ttre_policy._money import (
    MAX_AMOUNT,
    MAX_RATE_DECIMALS,
    Money,
    RoundingMode,
    minor_unit,
    rounded_product,
)
from ttre_policy._packages import Package
from ttre_policy._purchases import PaymentMethod, Purchase, RefundRequest
from ttre_policy._refunds import evaluate_refund
from ttre_policy._time import (
    MAX_WINDOW_DAYS,
    ONE_DAY,
    ONE_MICROSECOND,
    WEEKDAY_NAMES,
    RefundWindow,
    local_date,
    start_of_local_day,
    utc,
    weekday_names,
)
from ttre_policy._validators import (
    LATEST_INSTANT,
    aware,
    check_aware,
    identifier,
    instance_of,
    text,
    tuple_of,
)
from ttre_policy._versions import PolicyVersion
from ttre_policy.exceptions import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ttre_policy._fees import FeeSchedule

    #: A constructed case: the purchase, the request, and where it sits, in words.
    Case = tuple[Purchase, RefundRequest, str]

#: How far past the first purchase instant a change of time zone is searched:
#: a year covers every seasonal clock change.
ZONE_SEARCH_DAYS: Final = 366

_ARROW: Final = "->"
_DIVISION: Final = decimal.Context(prec=60)
_RATE_SCALE: Final = 10**MAX_RATE_DECIMALS
#: Rounding modes that agree on every amount of money, which is never
#: negative: CEILING rounds as UP does, FLOOR as DOWN does.
_SAME_ON_AMOUNTS: Final = {
    RoundingMode.CEILING: RoundingMode.UP,
    RoundingMode.FLOOR: RoundingMode.DOWN,
}


# ---------------------------------------------------------------- what changed


def _optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidTypeError(attribute.name, value, "a string, or None")


def _a_change(instance: PolicyChange) -> None:
    if instance.old == instance.new:
        raise InvalidValueError(
            "new", instance.new, f"a value other than the old one, {instance.old!r}"
        )


@attrs.frozen(kw_only=True)
class PolicyChange:
    """
    One difference between two policy versions (clause 3(a)).

    Attributes:
        path: Where the difference lies, stable and machine-readable:
            ``refund_window.days``, ``fee_schedules[USD].administrative``,
            ``fee_schedules[USD].processing[paypal].rate``,
            ``clauses[2.2(a)].text``.
        old: The old value as text; None when the new version adds it.
            A clause's text is given by its SHA-256.
        new: The new value as text; None when the new version removes it.
        description: The change in plain words, as a notice would state it:
            ``refund window: 14 -> 7 days``.
    """

    path: str = attrs.field(validator=text)
    old: str | None = attrs.field(validator=_optional_text)
    new: str | None = attrs.field(validator=_optional_text)
    description: str = attrs.field(validator=text)

    def __attrs_post_init__(self) -> None:
        """Refuse a change that changes nothing."""
        _a_change(self)

    def __str__(self) -> str:
        """Return the change in plain words."""
        return self.description


class _Changes:
    """Collects the changes between two versions, in the order of PolicyVersion's fields."""

    def __init__(self) -> None:
        self.found: list[PolicyChange] = []

    def value(self, path: str, subject: str, old: str, new: str, unit: str = "") -> None:
        if old != new:
            self.found.append(
                PolicyChange(
                    path=path,
                    old=old,
                    new=new,
                    description=f"{subject}: {old} {_ARROW} {new}{unit}",
                )
            )

    def text(self, path: str, subject: str, old: str, new: str) -> None:
        """A long text: the description says that it changed; old and new hold it."""
        if old != new:
            self.found.append(
                PolicyChange(path=path, old=old, new=new, description=f"{subject}: changed")
            )

    def added(self, path: str, new: str, description: str) -> None:
        self.found.append(PolicyChange(path=path, old=None, new=new, description=description))

    def removed(self, path: str, old: str, description: str) -> None:
        self.found.append(PolicyChange(path=path, old=old, new=None, description=description))


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def _instant(instant: datetime, version: PolicyVersion) -> str:
    return instant.astimezone(version.time_zone).isoformat()


def _method(method: PaymentMethod) -> str:
    return {PaymentMethod.PAYPAL: "PayPal"}.get(method, method.value.replace("_", " "))


def _processing(schedule: FeeSchedule, method: PaymentMethod) -> str:
    fee = schedule.processing_fee(method)
    return f"{_percent(fee.rate)} + {fee.fixed}"


def _schedule(schedule: FeeSchedule) -> str:
    methods = sorted(schedule.payment_methods, key=list(PaymentMethod).index)
    processing = ", ".join(f"by {_method(m)} {_processing(schedule, m)}" for m in methods)
    return f"administrative fee {schedule.administrative}; processing fee {processing}"


def _dates(days: frozenset[date]) -> str:
    return ", ".join(day.isoformat() for day in sorted(days)) or "none"


def _days(count: int) -> str:
    return " day" if count == 1 else " days"


def _window(changes: _Changes, old: RefundWindow, new: RefundWindow) -> None:
    changes.value(
        "refund_window.days", "refund window", str(old.days), str(new.days), _days(new.days)
    )
    changes.value(
        "refund_window.roll_to_working_day",
        "refund window, last day off work rolls to the next working day",
        "no" if not old.roll_to_working_day else "yes",
        "no" if not new.roll_to_working_day else "yes",
    )
    changes.value(
        "refund_window.weekend",
        "refund window, weekend",
        weekday_names(old.weekend) or "none",
        weekday_names(new.weekend) or "none",
    )
    if old.holidays != new.holidays:
        added, removed = new.holidays - old.holidays, old.holidays - new.holidays
        parts = [
            f"added {_dates(added)}" if added else "",
            f"removed {_dates(removed)}" if removed else "",
        ]
        changes.found.append(
            PolicyChange(
                path="refund_window.holidays",
                old=_dates(old.holidays),
                new=_dates(new.holidays),
                description=f"refund window, holidays: {'; '.join(p for p in parts if p)}",
            )
        )


def _fees(changes: _Changes, old: PolicyVersion, new: PolicyVersion) -> None:
    currencies = sorted(old.accepted_currencies | new.accepted_currencies)
    for currency in currencies:
        path = f"fee_schedules[{currency}]"
        if currency not in new.accepted_currencies:
            changes.removed(
                path,
                _schedule(old.fee_schedule(currency)),
                f"currency {currency}: no longer accepted",
            )
            continue
        after = new.fee_schedule(currency)
        if currency not in old.accepted_currencies:
            schedule = _schedule(after)
            changes.added(path, schedule, f"currency {currency}: now accepted, {schedule}")
            continue
        before = old.fee_schedule(currency)
        changes.value(
            f"{path}.administrative",
            f"administrative fee ({currency})",
            str(before.administrative),
            str(after.administrative),
        )
        for method in PaymentMethod:
            where = f"{path}.processing[{method.value}]"
            offered = (method in before.payment_methods, method in after.payment_methods)
            if offered == (True, True):
                subject = f"processing fee by {_method(method)} ({currency})"
                old_fee, new_fee = before.processing_fee(method), after.processing_fee(method)
                changes.value(
                    f"{where}.rate",
                    f"{subject}, rate",
                    _percent(old_fee.rate),
                    _percent(new_fee.rate),
                )
                changes.value(
                    f"{where}.fixed",
                    f"{subject}, fixed part",
                    str(old_fee.fixed),
                    str(new_fee.fixed),
                )
            elif offered == (True, False):
                changes.removed(
                    where,
                    _processing(before, method),
                    f"payment by {_method(method)} ({currency}): no longer offered",
                )
            elif offered == (False, True):
                fee = _processing(after, method)
                now = f"now offered, processing fee {fee}"
                changes.added(where, fee, f"payment by {_method(method)} ({currency}): {now}")


def _packages(changes: _Changes, old: PolicyVersion, new: PolicyVersion) -> None:
    before = {package.code: package for package in old.packages}
    after = {package.code: package for package in new.packages}
    for code in [*before, *(code for code in after if code not in before)]:
        path = f"packages[{code}]"
        if code not in after:
            changes.removed(
                path, str(before[code].floor_price), f"package {before[code].name}: no longer sold"
            )
        elif code not in before:
            package = after[code]
            changes.added(
                path,
                str(package.floor_price),
                f"package {package.name}: now sold, from {package.floor_price}",
            )
        else:
            changes.value(
                f"{path}.name", f"name of package {code}", before[code].name, after[code].name
            )
            changes.value(
                f"{path}.floor_price",
                f"floor price of {after[code].name}",
                str(before[code].floor_price),
                str(after[code].floor_price),
            )


def _clauses(changes: _Changes, old: PolicyVersion, new: PolicyVersion) -> None:
    before = {clause.clause_id: clause for clause in old.clauses}
    after = {clause.clause_id: clause for clause in new.clauses}
    extra = sorted((before.keys() | after.keys()) - set(CLAUSE_IDS))
    for clause_id in (*CLAUSE_IDS, *extra):
        path = f"clauses[{clause_id}]"
        if clause_id not in after:
            changes.removed(path, before[clause_id].sha256, f"clause {clause_id}: removed")
        elif clause_id not in before:
            changes.added(path, after[clause_id].sha256, f"clause {clause_id}: added")
        else:
            changes.value(
                f"{path}.heading",
                f"clause {clause_id}, heading",
                before[clause_id].heading,
                after[clause_id].heading,
            )
            if before[clause_id].sha256 != after[clause_id].sha256:
                changes.found.append(
                    PolicyChange(
                        path=f"{path}.text",
                        old=before[clause_id].sha256,
                        new=after[clause_id].sha256,
                        description=f"clause {clause_id}: text changed",
                    )
                )


def _version(field: str, version: object) -> PolicyVersion:
    if not isinstance(version, PolicyVersion):
        raise InvalidTypeError(field, version, "a PolicyVersion")
    return version


def diff(old: PolicyVersion, new: PolicyVersion) -> tuple[PolicyChange, ...]:
    """
    List every parameter and clause text in which *new* differs from *old* (clause 3(a)).

    Clauses: 3(a).

    "Any changes will be posted on our website with an updated effective
    date": this is the list such a notice states, in the order of the
    version's fields, each in plain words with a stable path. Instants are
    compared as instants (the zone they are written in is no change); the
    order of fee schedules, payment methods, packages and clauses is no
    change either. ``diff(a, a)`` is empty.

    >>> import attrs
    >>> from ttre_policy import DEFAULT_POLICY, RefundWindow
    >>> shorter = attrs.evolve(DEFAULT_POLICY, refund_window=RefundWindow(days=7))
    >>> [str(change) for change in diff(DEFAULT_POLICY, shorter)]
    ['refund window: 14 -> 7 days']
    >>> diff(DEFAULT_POLICY, shorter)[0].path
    'refund_window.days'
    """
    old, new = _version("old", old), _version("new", new)
    changes = _Changes()
    changes.value("version_id", "version", old.version_id, new.version_id)
    for field, subject in (("effective_from", "effective from"), ("posted_at", "posted")):
        before, after = getattr(old, field), getattr(new, field)
        if utc(before) != utc(after):
            changes.value(field, subject, _instant(before, old), _instant(after, new))
    changes.value("time_zone", "time zone", old.time_zone.key, new.time_zone.key)
    _window(changes, old.refund_window, new.refund_window)
    _fees(changes, old, new)
    changes.value("rounding", "rounding of fees", _rounding(old.rounding), _rounding(new.rounding))
    changes.value("tax_refund", "tax refunded", _tax(old), _tax(new))
    _packages(changes, old, new)
    notice = old.price_change_notice_days, new.price_change_notice_days
    changes.value(
        "price_change_notice_days",
        "notice of a price change",
        str(notice[0]),
        str(notice[1]),
        _days(notice[1]),
    )
    for field in ("team", "email", "address"):
        changes.value(
            f"support_contact.{field}",
            f"support {field}",
            getattr(old.support_contact, field),
            getattr(new.support_contact, field),
        )
    _clauses(changes, old, new)
    changes.text("description", "description", old.description, new.description)
    return tuple(changes.found)


def _rounding(mode: RoundingMode) -> str:
    return mode.value.replace("_", "-")


def _tax(version: PolicyVersion) -> str:
    if version.tax_refund is TaxRefundMode.FULL:
        return "in full"
    return "in proportion to the price refunded"


# ------------------------------------------------- which decisions it changes


class ImpactKind(PolicyEnum):
    """
    A kind of change that can alter a refund decision. Values are stable wire codes.

    Each is named by the parameters it covers.
    """

    #: The window's last instant moved: its length, rolling, weekend or
    #: holidays (2.2(a), ruling 1).
    WINDOW = "window"
    #: The zone whose calendar days the window counts changed (ruling 1).
    TIME_ZONE = "time_zone"
    #: A processing fee's rate or fixed part changed (2.2(b), ruling 3).
    PROCESSING_FEE = "processing_fee"
    #: The administrative fee changed (2.2(b), ruling 3).
    ADMINISTRATIVE_FEE = "administrative_fee"
    #: The rounding of fees and taxes changed (ruling 3).
    ROUNDING = "rounding"
    #: How much tax an eligible refund returns changed (1.1(c), ruling 4).
    TAX_REFUND = "tax_refund"
    #: A currency or payment method is accepted by one version only: its
    #: purchases are decided under one and refused under the other (ruling 5, 1.2).
    ACCEPTANCE = "acceptance"


def _optional_decision(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, RefundDecision):
        raise InvalidTypeError(attribute.name, value, "a RefundDecision, or None for a refusal")


def _result(decision: RefundDecision | None) -> tuple[object, ...] | None:
    return None if decision is None else (decision.outcome, decision.refund)


def _in_words(decision: RefundDecision | None) -> str:
    if decision is None:
        return "refused: currency or payment method not accepted"
    return f"{decision.outcome.value.replace('_', ' ')}, refund {decision.refund}"


def _decides_differently(instance: ImpactExample) -> None:
    if _result(instance.old_decision) == _result(instance.new_decision):
        raise InvalidValueError(
            "new_decision",
            instance.new_decision,
            "a decision that differs from old_decision in its outcome or refund",
        )


@attrs.frozen(kw_only=True)
class ImpactExample:
    """
    A case that two versions decide differently: the evidence of one kind of change.

    Attributes:
        kind: The kind of change it shows.
        boundary: Where the case sits, in words: the deadlines it falls
            between, or the price and tax it is built on.
        purchase: The purchase: paid at the instant of purchase, with no
            service event, so that only the parameters decide.
        request: The refund request.
        old_version: The id of the old version.
        new_version: The id of the new version.
        old_decision: The decision under the old version; None when the old
            version refuses the case (a currency or payment method it does
            not accept).
        new_decision: The decision under the new version, or None likewise.
            It always differs from `old_decision` in outcome or refund.
    """

    kind: ImpactKind = attrs.field(validator=instance_of(ImpactKind, "an ImpactKind"))
    boundary: str = attrs.field(validator=text)
    purchase: Purchase = attrs.field(validator=instance_of(Purchase, "a Purchase"))
    request: RefundRequest = attrs.field(validator=instance_of(RefundRequest, "a RefundRequest"))
    old_version: str = attrs.field(validator=identifier)
    new_version: str = attrs.field(validator=identifier)
    old_decision: RefundDecision | None = attrs.field(validator=_optional_decision)
    new_decision: RefundDecision | None = attrs.field(validator=_optional_decision)

    def __attrs_post_init__(self) -> None:
        """Refuse an example that both versions decide alike."""
        _decides_differently(self)

    @property
    def explanation(self) -> str:
        """The case and how each version decides it, in one line of plain words."""
        return (
            f"{self.boundary}: {self.old_version}: {_in_words(self.old_decision)}; "
            f"{self.new_version}: {_in_words(self.new_decision)}"
        )


@attrs.frozen(kw_only=True)
class AmendmentImpact:
    """
    Which decisions an amendment changes: one example per kind of change.

    Attributes:
        old_version: The id of the version amended.
        new_version: The id of the amending version.
        purchased_from: The earliest purchase instant the examples use.
        examples: One minimal example for each kind of change that alters a
            decision, in the order of `ImpactKind`.
        without_example: Kinds whose parameters differ but for which no case
            built at their boundaries decides differently (for instance two
            names of zones with the same clocks, within `ZONE_SEARCH_DAYS`).
    """

    old_version: str = attrs.field(validator=identifier)
    new_version: str = attrs.field(validator=identifier)
    purchased_from: datetime = attrs.field(validator=aware)
    examples: tuple[ImpactExample, ...] = attrs.field(
        validator=tuple_of(ImpactExample, "an ImpactExample")
    )
    without_example: tuple[ImpactKind, ...] = attrs.field(
        validator=tuple_of(ImpactKind, "an ImpactKind")
    )

    @property
    def no_decision_can_change(self) -> bool:
        """Whether the versions agree on every parameter a decision's outcome or refund reads."""
        return not self.examples and not self.without_example

    @property
    def kinds(self) -> tuple[ImpactKind, ...]:
        """The kinds of change that the examples show."""
        return tuple(example.kind for example in self.examples)


@attrs.frozen
class _Setting:
    """What every constructed case shares: the versions, the first instant, a currency."""

    old: PolicyVersion
    new: PolicyVersion
    start: datetime
    currency: str | None

    @property
    def versions(self) -> tuple[PolicyVersion, PolicyVersion]:
        return self.old, self.new

    def methods(self) -> list[PaymentMethod]:
        common = self.old.payment_methods & self.new.payment_methods
        return [method for method in PaymentMethod if method in common]


def _package(setting: _Setting, currency: str) -> Package:
    """The cheapest package either version sells in *currency*, or a free example package."""
    sold = [
        package
        for version in (setting.new, setting.old)
        for package in version.packages
        if package.floor_price.currency == currency
    ]
    if sold:
        return min(sold, key=lambda package: package.floor_price.amount)
    return Package(code="example", name="Example package", floor_price=Money.zero(currency))


def _case(
    kind: ImpactKind,
    currency: str,
    package: Package,
    *,
    at: datetime,
    price: Money | None = None,
    tax: Money | None = None,
    method: PaymentMethod = PaymentMethod.CREDIT_CARD,
    asked: datetime | None = None,
) -> tuple[Purchase, RefundRequest]:
    case_id = f"impact-{kind.value}"
    purchase = Purchase(
        purchase_id=case_id,
        package=package,
        price_excl_tax=package.floor_price if price is None else price,
        tax=Money.zero(currency) if tax is None else tax,
        purchased_at=at,
        payment_method=method,
        paid_at=at,
    )
    return purchase, RefundRequest(
        request_id=case_id, purchase_id=case_id, requested_at=at if asked is None else asked
    )


def _decide(
    version: PolicyVersion, purchase: Purchase, request: RefundRequest
) -> RefundDecision | None:
    """Decide under *version*, or None where it does not accept the currency or method."""
    accepted = (
        purchase.currency in version.accepted_currencies
        and purchase.payment_method in version.payment_methods
    )
    return evaluate_refund(purchase, request, (), version) if accepted else None


def _first_difference(
    kind: ImpactKind, setting: _Setting, baseline: PolicyVersion | None, cases: Iterable[Case]
) -> ImpactExample | None:
    """
    Return the first case that the versions decide differently because of *kind*.

    The old and the new version must decide it differently, and so must the
    new version and *baseline*, the new version with this kind's parameters
    put back as they were: so the example shows this change, not another one
    made at the same time.
    """
    for purchase, request, where in cases:
        before, after = (_decide(version, purchase, request) for version in setting.versions)
        if _result(before) != _result(after) and (
            baseline is None or _result(_decide(baseline, purchase, request)) != _result(after)
        ):
            return ImpactExample(
                kind=kind,
                boundary=where,
                purchase=purchase,
                request=request,
                old_version=setting.old.version_id,
                new_version=setting.new.version_id,
                old_decision=before,
                new_decision=after,
            )
    return None


# ---------------------------------------------------- boundaries of the window


def _deadline(version: PolicyVersion, purchased_at: datetime) -> datetime:
    return utc(version.refund_window.deadline(purchased_at, version.time_zone))


#: The last purchase date whose window, rolled, and the request after it stay
#: within the instants the library accepts (A70).
_LAST_SEARCHED_DATE: Final = LATEST_INSTANT.date() - timedelta(days=2 * MAX_WINDOW_DAYS)


def _days_off_runs(window: RefundWindow) -> Iterator[tuple[date, date]]:
    """Each holiday with the first day of the run of days off it ends (rolling windows only)."""
    if window.roll_to_working_day:
        for holiday in sorted(window.holidays):
            first = holiday
            while first > date.min and not window.is_working_day(first - ONE_DAY):
                first -= ONE_DAY
            yield first, holiday


def _window_dates(setting: _Setting, first: date) -> list[date]:
    """
    Purchase dates at which the window's last day may differ, from *first* on.

    A last day depends on the purchase date's weekday, except where a holiday
    moves it: a plain last day in a run of days off that ends on a holiday
    rolls past it. So: every purchase date whose plain last day lies in such
    a run (under either version), and enough dates to show each weekday once
    away from any holiday.
    """
    last = _LAST_SEARCHED_DATE.toordinal()
    dates: set[date] = set()
    for version in setting.versions:
        days = version.refund_window.days
        for run_start, holiday in _days_off_runs(version.refund_window):
            low = max(run_start.toordinal() - days, first.toordinal())
            high = min(holiday.toordinal() - days, last)
            dates.update(date.fromordinal(ordinal) for ordinal in range(low, high + 1))
    weekdays: set[int] = set()
    ordinal = first.toordinal()
    while len(weekdays) < len(WEEKDAY_NAMES) and ordinal <= last:
        day = date.fromordinal(ordinal)
        if day not in dates:
            weekdays.add(day.isoweekday())
            dates.add(day)
        ordinal += 1
    return sorted(dates)


def _zone_dates(first: date) -> list[date]:
    """A year of purchase dates from *first* on: every seasonal clock change in either zone."""
    last = min(first.toordinal() + ZONE_SEARCH_DAYS, _LAST_SEARCHED_DATE.toordinal())
    return [date.fromordinal(ordinal) for ordinal in range(first.toordinal(), last + 1)]


def _deadline_cases(
    kind: ImpactKind, setting: _Setting, baseline: PolicyVersion, currency: str
) -> Iterator[Case]:
    """
    Purchases whose deadlines differ, each asked 1 µs after one of its deadlines.

    The deadline changes only where the purchase's local date changes in
    either zone, so the candidates are the first purchase instant and the
    start of each candidate date in either zone after it. At each instant
    where the old and new deadlines differ, and the change of this kind
    alone moves the new one, a request 1 µs after each deadline.
    """
    first = min(local_date(setting.start, version.time_zone) for version in setting.versions)
    dates = _window_dates(setting, first) if kind is ImpactKind.WINDOW else _zone_dates(first)
    starts = (
        sorted({start_of_local_day(day, v.time_zone) for v in setting.versions}) for day in dates
    )
    package = _package(setting, currency)
    old, new = setting.versions
    for instant in (setting.start, *(s for day in starts for s in day if s > setting.start)):
        deadlines = [_deadline(version, instant) for version in (old, new, baseline)]
        if deadlines[0] == deadlines[1] or deadlines[1] == deadlines[2]:
            continue
        bought = instant.astimezone(new.time_zone)
        closes = (
            f"the window closes {deadlines[0].astimezone(old.time_zone).isoformat()} under "
            f"{old.version_id}, {deadlines[1].astimezone(new.time_zone).isoformat()} under "
            f"{new.version_id}"
        )
        for deadline in sorted(set(deadlines)):
            asked = (deadline + ONE_MICROSECOND).astimezone(new.time_zone)
            purchase, request = _case(kind, currency, package, at=bought, asked=asked)
            where = f"bought {bought.isoformat()}, asked {asked.isoformat()} ({closes})"
            yield purchase, request, where


# ------------------------------------------------------ boundaries of the fees


def _first_price_refunded(
    version: PolicyVersion, currency: str, method: PaymentMethod
) -> Decimal | None:
    """
    Return the cheapest price whose fees leave part of it to refund, if below MAX_AMOUNT.

    Ruling 3 caps the fees at the price: below this price they take all of
    it. The fees grow by at most one minor unit when the price does (a rate
    of at most 1, rounded), so the refund never falls as the price rises,
    and the price is found by bisection with the version's own rounding.
    """
    schedule = version.fee_schedule(currency)
    fee = schedule.processing_fee(method)
    if fee.rate == 1:
        return None  # the processing fee alone is the whole price, at every price
    quantum = minor_unit(currency)
    fixed = (fee.fixed + schedule.administrative).amount
    # Rounding adds less than a minor unit to the fee, so from this price on
    # the price exceeds the fees: bound * (1 - rate) >= fixed + one minor unit.
    bound = _grid_up(_DIVISION.divide(fixed + quantum, 1 - fee.rate), quantum)
    if bound >= MAX_AMOUNT:
        return None

    def refunded(units: int) -> bool:
        price = Money(units * quantum, currency)
        return rounded_product(price, fee.rate, version.rounding).amount + fixed < price.amount

    # A price of 0 leaves nothing; refunded(high) holds: find the least such price.
    low, high = 1, int(bound / quantum)
    while low < high:
        middle = (low + high) // 2
        if refunded(middle):
            high = middle
        else:
            low = middle + 1
    return high * quantum


def _grid_up(amount: Decimal, quantum: Decimal) -> Decimal:
    return amount.quantize(quantum, rounding=decimal.ROUND_CEILING, context=_DIVISION)


def _smallest_multiplier(rate_units: int, target: int, modulus: int, at_least: int) -> int | None:
    """Return the smallest k >= *at_least* with rate_units * k = target (mod modulus), if any."""
    common = math.gcd(rate_units, modulus)
    if target % common:
        return None
    step = modulus // common
    k = (target // common) * pow(rate_units // common, -1, step) % step
    return k + max(0, -(-(at_least - k) // step)) * step


def _prices(
    setting: _Setting, currency: str, method: PaymentMethod, floor: Decimal
) -> list[Decimal]:
    """
    Prices at which the fees of the two versions may differ, cheapest first.

    The package floor; where each version's fees stop taking the whole
    price (ruling 3's cap); the cheapest uncapped prices whose processing
    fee is a rounding tie (even and odd), just above and just below a
    minor unit; and, for two rates, prices far enough apart to tell them.
    """
    quantum = minor_unit(currency)
    prices = {floor}
    uncapped = floor
    rates = []
    for version in setting.versions:
        rates.append(version.fee_schedule(currency).processing_fee(method).rate)
        threshold = _first_price_refunded(version, currency, method)
        if threshold is not None:
            prices.add(threshold)
            uncapped = max(uncapped, threshold)
    prices.add(uncapped)
    lowest = int(_grid_up(uncapped, quantum) / quantum)
    scale = _RATE_SCALE
    for rate in rates:
        units = int(rate * scale)
        if units:
            step = math.gcd(units, scale)
            for target, modulus in (
                (scale // 2, 2 * scale),
                (3 * scale // 2, 2 * scale),
                (step, scale),
                (scale - step, scale),
            ):
                k = _smallest_multiplier(units, target, modulus, lowest)
                if k is not None:
                    prices.add(k * quantum)
    if rates[0] != rates[1]:
        apart = _grid_up(_DIVISION.divide(2 * quantum, abs(rates[0] - rates[1])), quantum)
        prices.update((max(uncapped, apart), max(uncapped, 10 * apart)))
    return sorted(price for price in prices if floor <= price < MAX_AMOUNT / 2)


def _money_cases(
    kind: ImpactKind, setting: _Setting, pairs: Iterable[tuple[str, PaymentMethod]]
) -> Iterator[Case]:
    for currency, method in pairs:
        package = _package(setting, currency)
        for price in _prices(setting, currency, method, package.floor_price.amount):
            amount = Money(price, currency)
            tenth = amount.times(Decimal("0.1"), RoundingMode.HALF_UP)
            for tax in dict.fromkeys((Money.zero(currency), tenth, amount)):
                purchase, request = _case(
                    kind, currency, package, at=setting.start, price=amount, tax=tax, method=method
                )
                taxed = f" + tax {tax}" if not tax.is_zero() else ""
                yield (
                    purchase,
                    request,
                    f"{amount}{taxed} paid by {_method(method)}, cancelled at once",
                )


# ----------------------------------------------------------------- the kinds


def _fee(version: PolicyVersion, currency: str, method: PaymentMethod) -> tuple[object, ...]:
    schedule = version.fee_schedule(currency)
    fee = schedule.processing_fee(method)
    return fee.rate, fee.fixed


def _money_kinds(setting: _Setting) -> list[tuple[ImpactKind, list[tuple[str, PaymentMethod]]]]:
    """The kinds of money change between the versions, each with the cases' currency and method."""
    old, new = setting.versions
    currencies = sorted(old.accepted_currencies & new.accepted_currencies)
    pairs = [(c, m) for c in currencies for m in setting.methods()]
    admin = [
        (c, PaymentMethod.CREDIT_CARD)
        for c in currencies
        if old.fee_schedule(c).administrative != new.fee_schedule(c).administrative
    ]
    processing = [(c, m) for c, m in pairs if _fee(old, c, m) != _fee(new, c, m)]
    charges = any(
        fee.rate or not fee.fixed.is_zero() or not schedule.administrative.is_zero()
        for version in setting.versions
        for schedule in version.fee_schedules
        for fee in schedule.processing
    )
    any_rate = any(
        fee.rate
        for version in setting.versions
        for s in version.fee_schedules
        for fee in s.processing
    )
    proportional = any(v.tax_refund is TaxRefundMode.PROPORTIONAL for v in setting.versions)
    kinds = []
    if processing:
        kinds.append((ImpactKind.PROCESSING_FEE, processing))
    if admin:
        kinds.append((ImpactKind.ADMINISTRATIVE_FEE, admin))
    rounding = [_SAME_ON_AMOUNTS.get(v.rounding, v.rounding) for v in setting.versions]
    if rounding[0] != rounding[1] and (any_rate or proportional):
        kinds.append((ImpactKind.ROUNDING, pairs))
    if old.tax_refund != new.tax_refund and charges:
        kinds.append((ImpactKind.TAX_REFUND, pairs))
    return kinds


def _acceptance_cases(setting: _Setting) -> Iterator[Case]:
    """A purchase in a currency, or by a method, that only one of the versions accepts."""
    old, new = setting.versions
    if old.accepted_currencies != new.accepted_currencies:
        currency = min(old.accepted_currencies ^ new.accepted_currencies)
        method = PaymentMethod.CREDIT_CARD
        where = f"a purchase in {currency}"
    else:
        currency = min(old.accepted_currencies)
        method = min(old.payment_methods ^ new.payment_methods, key=list(PaymentMethod).index)
        where = f"a purchase paid by {_method(method)}"
    purchase, request = _case(
        ImpactKind.ACCEPTANCE,
        currency,
        _package(setting, currency),
        at=setting.start,
        method=method,
    )
    yield purchase, request, f"{where}, cancelled at once"


def _reverted_fees(kind: ImpactKind, old: PolicyVersion, new: PolicyVersion) -> PolicyVersion:
    """*new* with its administrative or processing fees put back as *old* sets them."""
    return attrs.evolve(
        new,
        fee_schedules=tuple(_reverted_schedule(kind, old, after) for after in new.fee_schedules),
    )


def _reverted_schedule(kind: ImpactKind, old: PolicyVersion, after: FeeSchedule) -> FeeSchedule:
    if after.currency not in old.accepted_currencies:
        return after
    before = old.fee_schedule(after.currency)
    if kind is ImpactKind.ADMINISTRATIVE_FEE:
        return attrs.evolve(after, administrative=before.administrative)
    return attrs.evolve(
        after,
        processing=tuple(
            before.processing_fee(fee.payment_method)
            if fee.payment_method in before.payment_methods
            else fee
            for fee in after.processing
        ),
    )


#: For each kind: the new version with that kind's parameters put back as in the old one.
_REVERTED: Final[dict[ImpactKind, Callable[[PolicyVersion, PolicyVersion], PolicyVersion]]] = {
    ImpactKind.WINDOW: lambda old, new: attrs.evolve(new, refund_window=old.refund_window),
    ImpactKind.TIME_ZONE: lambda old, new: attrs.evolve(new, time_zone=old.time_zone),
    ImpactKind.PROCESSING_FEE: functools.partial(_reverted_fees, ImpactKind.PROCESSING_FEE),
    ImpactKind.ADMINISTRATIVE_FEE: functools.partial(
        _reverted_fees, ImpactKind.ADMINISTRATIVE_FEE
    ),
    ImpactKind.ROUNDING: lambda old, new: attrs.evolve(new, rounding=old.rounding),
    ImpactKind.TAX_REFUND: lambda old, new: attrs.evolve(new, tax_refund=old.tax_refund),
}


def _window_rule(window: RefundWindow) -> tuple[object, ...]:
    """
    What of *window* a deadline reads: the length; the weekend and holidays only when rolling.

    A holiday on a weekend day changes nothing either: that day is off anyway.
    """
    if not window.roll_to_working_day:
        return (window.days,)
    holidays = frozenset(day for day in window.holidays if day.isoweekday() not in window.weekend)
    return window.days, window.weekend, holidays


def _searches(
    setting: _Setting,
) -> Iterator[tuple[ImpactKind, PolicyVersion | None, Iterable[Case]]]:
    """Every kind of change between the versions: its baseline and its (lazy) cases."""
    old, new = setting.versions
    currency = setting.currency
    for kind, changed in (
        (ImpactKind.WINDOW, _window_rule(old.refund_window) != _window_rule(new.refund_window)),
        (ImpactKind.TIME_ZONE, old.time_zone.key != new.time_zone.key),
    ):
        if changed:
            baseline = _REVERTED[kind](old, new)
            # With no currency accepted by both, no purchase is decided under both.
            cases = () if currency is None else _deadline_cases(kind, setting, baseline, currency)
            yield kind, baseline, cases
    for kind, pairs in _money_kinds(setting):
        yield kind, _REVERTED[kind](old, new), _money_cases(kind, setting, pairs)
    if (old.accepted_currencies, old.payment_methods) != (
        new.accepted_currencies,
        new.payment_methods,
    ):
        yield ImpactKind.ACCEPTANCE, None, _acceptance_cases(setting)


def amendment_impact(
    old: PolicyVersion, new: PolicyVersion, *, purchased_from: datetime | None = None
) -> AmendmentImpact:
    """
    Find the decisions that *new* makes differently from *old*: one example per kind of change.

    Clauses: 3(a), 2.2(a), 2.2(b), 1.1(c).

    Clause 3(a): the policy "may be modified at any time". For each kind of
    change between the versions (the window, the time zone, a processing
    fee, the administrative fee, the rounding, the tax refunded, a currency
    or payment method accepted by one only), it builds cases at the
    boundaries the parameters define and keeps the first that the two
    versions decide differently, in outcome or refund amount:

    - the window (2.2(a)) and the zone: a purchase at the start of a local
      day in either zone (or near a holiday the window rolls past), paid at
      once, and a request one microsecond after the earlier of the two
      deadlines;
    - the fees and rounding (2.2(b)) and the tax (1.1(c)): a purchase at the
      package floor, where the fees stop exceeding the price, at a fee that
      is a rounding tie, or at prices that tell two rates apart; with no
      tax, a tenth, or as much tax as price; paid and cancelled at once.

    Every example is decided under both versions and differs (the
    `ImpactExample` type refuses one that does not). When the versions agree
    on every parameter a decision's outcome and refund read,
    `AmendmentImpact.no_decision_can_change` is True. Clause texts, the
    support contact, packages and descriptions change the decision record,
    not its outcome or refund: `diff` lists them.

    Args:
        old: The version amended.
        new: The amending version.
        purchased_from: The earliest purchase instant to use; by default the
            later of the two versions' effective instants.

    >>> import attrs
    >>> from ttre_policy import DEFAULT_POLICY, RefundWindow
    >>> shorter = attrs.evolve(DEFAULT_POLICY, version_id="7-days",
    ...                        refund_window=RefundWindow(days=7))
    >>> impact = amendment_impact(DEFAULT_POLICY, shorter)
    >>> [kind.value for kind in impact.kinds]
    ['window']
    >>> example = impact.examples[0]
    >>> example.request.requested_at.isoformat()
    '2025-01-09T00:00:00+08:00'
    >>> example.old_decision.eligible, example.new_decision.eligible
    (True, False)
    >>> amendment_impact(DEFAULT_POLICY, DEFAULT_POLICY).no_decision_can_change
    True
    """
    old, new = _version("old", old), _version("new", new)
    start = (
        max(utc(old.effective_from), utc(new.effective_from))
        if purchased_from is None
        else utc(check_aware("purchased_from", purchased_from))
    )
    common = sorted(old.accepted_currencies & new.accepted_currencies)
    setting = _Setting(old, new, start, common[0] if common else None)
    examples, without = [], []
    for kind, baseline, cases in _searches(setting):
        example = _first_difference(kind, setting, baseline, cases)
        if example is None:
            without.append(kind)
        else:
            examples.append(example)
    return AmendmentImpact(
        old_version=old.version_id,
        new_version=new.version_id,
        purchased_from=start.astimezone(new.time_zone),
        examples=tuple(examples),
        without_example=tuple(without),
    )
