"""
Hypothesis strategies for property-testing code that embeds ttre_policy.

Install the ``testing`` extra (``pip install ttre-policy[testing]``) to use
them; the core library never imports this module. Every strategy builds its
values through the public constructors, so what it generates passes every
validator (Hypothesis's ``from_type`` reads type hints only and would produce
NaN amounts and naive datetimes). The project's own tests use these
strategies, so they are exercised by the same suite that checks the rules.

Names are plural nouns, as Hypothesis's own guide asks:

>>> from hypothesis import given
>>> from ttre_policy import evaluate_refund
>>> @given(cases())
... def test_refund_never_exceeds_what_was_paid(case):
...     purchase, events, request = case
...     decision = evaluate_refund(purchase, request, events)
...     assert decision.refund <= purchase.amount_paid
>>> test_refund_never_exceeds_what_was_paid()
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from ttre_policy._clauses import PUBLISHED_CLAUSES, ClauseText
from ttre_policy._fees import FeeSchedule, ProcessingFee, TaxRefundMode
from ttre_policy._history import GoverningInstant, PolicyHistory
from ttre_policy._money import _KNOWN_CURRENCIES, MAX_RATE_DECIMALS, Money, RoundingMode
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT, Package
from ttre_policy._purchases import (
    Activation,
    ActivationKind,
    PaymentMethod,
    Purchase,
    RefundRequest,
)
from ttre_policy._time import ONE_MICROSECOND, RefundWindow, utc
from ttre_policy._versions import DEFAULT_POLICY, TTRE_SUPPORT, PolicyVersion

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "FIRST_INSTANT",
    "LAST_INSTANT",
    "activations",
    "amounts",
    "aware_datetimes",
    "cases",
    "currencies",
    "fee_schedules",
    "packages",
    "policy_versions",
    "purchases",
    "rates",
    "refund_requests",
    "refund_windows",
    "requests_around_deadline",
    "time_zones",
]

#: Generated instants lie between these two, far from datetime's limits so
#: that windows and deadlines never overflow.
FIRST_INSTANT: Final = datetime(1990, 1, 1, tzinfo=UTC)
LAST_INSTANT: Final = datetime(2090, 1, 1, tzinfo=UTC)

#: A few zones with unusual calendars: no DST, DST at midnight, half-hour
#: and 45-minute offsets, a skipped day (Apia, 2011-12-30), far east and west.
_NOTABLE_ZONES: Final = (
    "Asia/Hong_Kong",
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",
    "America/Havana",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Pacific/Niue",
)


def currencies() -> st.SearchStrategy[str]:
    """Every ISO 4217 code known to babel's CLDR data, including JPY (0) and KWD (3)."""
    return st.sampled_from(sorted(_KNOWN_CURRENCIES))


def amounts(
    currency: str = "USD",
    *,
    min_value: Decimal = Decimal(0),
    max_value: Decimal = Decimal(10_000_000),
) -> st.SearchStrategy[Money]:
    """
    Amounts of *currency* from *min_value* to *max_value*, on its minor-unit grid.

    The bounds must be on the grid themselves.
    """
    quantum = Money.zero(currency).minor_unit
    low = int(Money(min_value, currency).amount / quantum)
    high = int(Money(max_value, currency).amount / quantum)
    return st.integers(low, high).map(lambda units: Money(units * quantum, currency))


def rates(*, max_value: Decimal = Decimal(1)) -> st.SearchStrategy[Decimal]:
    """Rates from 0 to *max_value* with at most six decimal places, as fees and taxes use."""
    scale = 10**MAX_RATE_DECIMALS
    return st.integers(0, int(max_value * scale)).map(
        lambda millionths: (
            Decimal(millionths).scaleb(-MAX_RATE_DECIMALS).normalize()
            if millionths
            else Decimal(0)
        )
    )


@functools.cache
def time_zones() -> st.SearchStrategy[ZoneInfo]:
    """
    Time zones: notable ones first, then any IANA zone on the system.

    Built once: listing the system's zones reads the disk, and
    ``st.timezones()`` would list them again each time it is built.
    """
    return st.one_of(
        st.sampled_from(_NOTABLE_ZONES),
        st.sampled_from(sorted(zoneinfo.available_timezones())),
    ).map(ZoneInfo)


def aware_datetimes(
    *,
    min_value: datetime = FIRST_INSTANT,
    max_value: datetime = LAST_INSTANT,
    zones: st.SearchStrategy[tzinfo] | None = None,
) -> st.SearchStrategy[datetime]:
    """
    Aware datetimes between two aware instants, in any zone, never imaginary.

    Instants that fall in a repeated hour come with either `fold`.
    """
    zone_strategy: st.SearchStrategy[tzinfo] = time_zones() if zones is None else zones
    return st.datetimes(
        min_value=min_value.astimezone(UTC).replace(tzinfo=None) - timedelta(days=1),
        max_value=max_value.astimezone(UTC).replace(tzinfo=None) + timedelta(days=1),
        timezones=zone_strategy,
        allow_imaginary=False,
    ).filter(lambda instant: min_value <= instant <= max_value)


def _after(
    instant: datetime, *, within: timedelta, zones: st.SearchStrategy[tzinfo] | None = None
) -> st.SearchStrategy[datetime]:
    """
    Instants from *instant* to *instant* + *within*, shown in any zone.

    The offset is added in UTC: adding a timedelta to a datetime in a zone
    with clock changes adds wall-clock time, which is not elapsed time.
    """
    zone_strategy: st.SearchStrategy[tzinfo] = time_zones() if zones is None else zones
    microseconds = int(within / ONE_MICROSECOND)
    start = utc(instant)
    return st.builds(
        lambda offset, zone: (start + offset * ONE_MICROSECOND).astimezone(zone),
        st.integers(0, microseconds),
        zone_strategy,
    )


def packages(policy: PolicyVersion = DEFAULT_POLICY) -> st.SearchStrategy[Package]:
    """The packages *policy* sells."""
    return st.sampled_from(policy.packages)


@st.composite
def purchases(
    draw: st.DrawFn,
    policy: PolicyVersion = DEFAULT_POLICY,
    *,
    paid: bool | None = None,
    taxed: bool | None = None,
) -> Purchase:
    """
    Purchases of *policy*'s packages at or above their floors.

    Args:
        draw: Supplied by Hypothesis.
        policy: The version whose packages, currencies and methods are used.
        paid: True for confirmed payments only, False for unpaid only, None for both.
        taxed: True for a non-zero tax only, False for no tax, None for both.
    """
    package = draw(packages(policy))
    floor = package.floor_price
    price = draw(amounts(floor.currency, min_value=floor.amount, max_value=floor.amount * 20))
    tax_choice = draw(st.booleans()) if taxed is None else taxed
    tax = (
        price.times(draw(rates(max_value=Decimal("0.3"))), RoundingMode.HALF_UP)
        if tax_choice
        else Money.zero(floor.currency)
    )
    if tax_choice and tax.is_zero():
        tax = Money(tax.minor_unit, tax.currency)
    purchased_at = draw(aware_datetimes())
    is_paid = draw(st.booleans()) if paid is None else paid
    paid_at = draw(_after(purchased_at, within=timedelta(days=3))) if is_paid else None
    return Purchase(
        purchase_id=draw(st.sampled_from(("P-1", "P-2", "order 42", "購買-7"))),
        package=package,
        price_excl_tax=price,
        tax=tax,
        purchased_at=purchased_at,
        payment_method=draw(st.sampled_from(sorted(policy.payment_methods, key=str))),
        paid_at=paid_at,
    )


def activations(
    purchase: Purchase, *, within: timedelta = timedelta(days=30), max_size: int = 4
) -> st.SearchStrategy[list[Activation]]:
    """
    Service events on a paid *purchase*, at or after its payment, in any order.

    An unpaid purchase has none (ruling 6).
    """
    if purchase.paid_at is None:
        return st.just([])
    event = st.builds(
        Activation,
        purchase_id=st.just(purchase.purchase_id),
        kind=st.sampled_from(ActivationKind),
        at=_after(purchase.paid_at, within=within),
    )
    return st.lists(event, max_size=max_size)


def refund_requests(
    purchase: Purchase, *, within: timedelta = timedelta(days=40)
) -> st.SearchStrategy[RefundRequest]:
    """Requests for *purchase* from its purchase instant to *within* later."""
    return st.builds(
        RefundRequest,
        request_id=st.sampled_from(("R-1", "R-2")),
        purchase_id=st.just(purchase.purchase_id),
        requested_at=_after(purchase.purchased_at, within=within),
    )


def requests_around_deadline(
    purchase: Purchase,
    policy: PolicyVersion = DEFAULT_POLICY,
    *,
    spread: timedelta = timedelta(hours=36),
) -> st.SearchStrategy[RefundRequest]:
    """
    Requests for *purchase* near its cancellation deadline (up to *spread* either side).

    The deadline itself and one microsecond after it are drawn first.
    """
    deadline = utc(policy.refund_window.deadline(purchase.purchased_at, policy.time_zone))
    earliest = max(deadline - spread, utc(purchase.purchased_at))
    offsets = st.one_of(
        st.sampled_from((timedelta(0), ONE_MICROSECOND)),
        st.integers(
            int((earliest - deadline) / ONE_MICROSECOND), int(spread / ONE_MICROSECOND)
        ).map(lambda n: n * ONE_MICROSECOND),
    )
    return st.builds(
        RefundRequest,
        request_id=st.just("R-1"),
        purchase_id=st.just(purchase.purchase_id),
        requested_at=st.builds(
            lambda offset, zone: (deadline + offset).astimezone(zone), offsets, time_zones()
        ),
    )


@st.composite
def cases(
    draw: st.DrawFn,
    policy: PolicyVersion = DEFAULT_POLICY,
    *,
    paid: bool | None = None,
) -> tuple[Purchase, list[Activation], RefundRequest]:
    """Whole cases under *policy*: a purchase, its service events, and a request for it."""
    purchase = draw(purchases(policy, paid=paid))
    events = draw(activations(purchase))
    request = draw(
        st.one_of(refund_requests(purchase), requests_around_deadline(purchase, policy))
    )
    return purchase, events, request


def refund_windows() -> st.SearchStrategy[RefundWindow]:
    """Cancellation windows from 0 to 60 days, sometimes rolling to a working day."""
    holidays = st.frozensets(
        st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), max_size=20
    )
    weekends = st.frozensets(st.integers(1, 7), max_size=6)
    return st.builds(
        RefundWindow,
        days=st.integers(0, 60),
        roll_to_working_day=st.booleans(),
        weekend=weekends,
        holidays=holidays,
    )


@st.composite
def fee_schedules(
    draw: st.DrawFn,
    currency: str = "USD",
    *,
    methods: Sequence[PaymentMethod] | None = None,
) -> FeeSchedule:
    """Fee schedules in *currency*: cards always, other methods sometimes (clause 1.2)."""
    offered = (
        list(methods)
        if methods is not None
        else [
            PaymentMethod.CREDIT_CARD,
            PaymentMethod.DEBIT_CARD,
            *draw(
                st.lists(
                    st.sampled_from((PaymentMethod.PAYPAL, PaymentMethod.BANK_TRANSFER)),
                    unique=True,
                )
            ),
        ]
    )
    fixed = amounts(currency, max_value=Decimal(100))
    return FeeSchedule(
        currency=currency,
        processing=tuple(
            ProcessingFee(
                payment_method=method,
                rate=draw(rates(max_value=Decimal("0.2"))),
                fixed=draw(fixed),
            )
            for method in offered
        ),
        administrative=draw(amounts(currency, max_value=Decimal(1000))),
    )


@st.composite
def policy_versions(draw: st.DrawFn, *, currency: str = "USD") -> PolicyVersion:
    """
    Policy versions with any valid parameters, selling packages in *currency*.

    The clause texts are the published ones.
    """
    effective_from = draw(aware_datetimes(max_value=datetime(2030, 1, 1, tzinfo=UTC)))
    floors = draw(st.lists(amounts(currency, max_value=Decimal(2000)), min_size=1, max_size=2))
    catalogue: tuple[Package, ...] = tuple(
        Package(code=f"package-{index}", name=f"Package {index}", floor_price=floor)
        for index, floor in enumerate(floors)
    )
    if currency == "USD" and draw(st.booleans()):
        catalogue = (ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT)
    clauses: tuple[ClauseText, ...] = PUBLISHED_CLAUSES
    return PolicyVersion(
        version_id=draw(st.sampled_from(("v1", "v2", "2026-12 amendment"))),
        effective_from=effective_from,
        posted_at=draw(
            aware_datetimes(
                min_value=effective_from - timedelta(days=60), max_value=effective_from
            )
        ),
        time_zone=draw(time_zones()),
        refund_window=draw(refund_windows()),
        fee_schedules=(draw(fee_schedules(currency)),),
        rounding=draw(st.sampled_from(RoundingMode)),
        tax_refund=draw(st.sampled_from(TaxRefundMode)),
        packages=catalogue,
        support_contact=TTRE_SUPPORT,
        clauses=clauses,
    )


# Policy versions and amendments (issue 4)

__all__ += ["AMENDABLE_FIELDS", "amendments", "policy_histories"]

#: The fields of a `PolicyVersion` that `amendments` may change, besides its
#: id and its dates.
AMENDABLE_FIELDS: Final = (
    "time_zone",
    "refund_window",
    "fee_schedules",
    "rounding",
    "tax_refund",
    "packages",
    "support_contact",
    "clauses",
    "description",
)


def _later(instant: datetime, *, at_most: timedelta) -> st.SearchStrategy[datetime]:
    """Instants strictly after *instant*, by one microsecond first, up to *at_most* later."""
    return st.one_of(
        st.just(ONE_MICROSECOND),
        st.integers(1, int(at_most / ONE_MICROSECOND)).map(lambda n: n * ONE_MICROSECOND),
    ).map(lambda offset: utc(instant) + offset)


@st.composite
def amendments(
    draw: st.DrawFn,
    policy: PolicyVersion = DEFAULT_POLICY,
    *,
    changes: Sequence[str] | None = None,
) -> PolicyVersion:
    """
    Versions amending *policy*: some parameters changed, in force after it (clause 3(a)).

    Args:
        draw: Supplied by Hypothesis.
        policy: The version amended.
        changes: The fields of `AMENDABLE_FIELDS` to draw anew (each may
            still come out equal); by default any subset.

    The amendment has another id, takes effect after *policy* (from one
    microsecond to a year later) and was posted up to 60 days before that. A
    changed clause keeps its id and gets other words; new parameters are
    drawn as `policy_versions` draws them, in *policy*'s first currency.
    """
    fields = (
        set(changes) if changes is not None else draw(st.sets(st.sampled_from(AMENDABLE_FIELDS)))
    )
    other = draw(policy_versions(currency=min(policy.accepted_currencies)))
    replaced: dict[str, Any] = {
        field: getattr(other, field)
        for field in fields
        & {"time_zone", "refund_window", "fee_schedules", "rounding", "tax_refund", "packages"}
    }
    if "clauses" in fields:
        index = draw(st.integers(0, len(policy.clauses) - 1))
        clause = policy.clauses[index]
        words = draw(st.sampled_from((" (amended)", " See our website.")))
        replaced["clauses"] = (
            *policy.clauses[:index],
            ClauseText(
                clause_id=clause.clause_id, heading=clause.heading, text=clause.text + words
            ),
            *policy.clauses[index + 1 :],
        )
    if "support_contact" in fields:
        replaced["support_contact"] = attrs.evolve(
            policy.support_contact,
            email=draw(st.sampled_from(("refunds@ttr-e.com", "partners@ttr-e.com"))),
        )
    if "description" in fields:
        replaced["description"] = draw(st.sampled_from(("", "An amendment.", "Fees revised.")))
    effective_from = draw(_later(policy.effective_from, at_most=timedelta(days=366)))
    zone = draw(time_zones())
    return attrs.evolve(
        policy,
        version_id=draw(
            st.sampled_from(("amendment", "2027-01", "v-next")).filter(
                lambda version_id: version_id != policy.version_id
            )
        ),
        effective_from=effective_from.astimezone(zone),
        posted_at=(
            effective_from - draw(st.integers(0, 60 * 86_400)) * timedelta(seconds=1)
        ).astimezone(zone),
        **replaced,
    )


@st.composite
def policy_histories(
    draw: st.DrawFn,
    *,
    min_size: int = 1,
    max_size: int = 4,
    governing: GoverningInstant | None = None,
) -> PolicyHistory:
    """
    Policy histories of *min_size* to *max_size* versions, each amending the one before.

    Versions take effect from one microsecond to a year apart, so boundaries
    a microsecond apart are drawn too; *governing* is drawn when None.
    """
    size = draw(st.integers(min_size, max_size))
    versions = [draw(policy_versions())]
    for _ in range(size - 1):
        amendment = draw(amendments(versions[-1]))
        versions.append(attrs.evolve(amendment, version_id=f"v{len(versions) + 1}"))
    versions[0] = attrs.evolve(versions[0], version_id="v1")
    return PolicyHistory(
        tuple(versions),
        governing=draw(st.sampled_from(GoverningInstant)) if governing is None else governing,
    )
