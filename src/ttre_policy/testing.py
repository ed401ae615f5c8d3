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
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from ttre_policy._clauses import PUBLISHED_CLAUSES, ClauseText
from ttre_policy._fees import FeeSchedule, ProcessingFee, TaxRefundMode
from ttre_policy._ledger import FULL, RefundRecord, SupportException
from ttre_policy._money import _KNOWN_CURRENCIES, MAX_RATE_DECIMALS, Money, RoundingMode
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT, Package
from ttre_policy._purchases import (
    Activation,
    ActivationKind,
    PaymentMethod,
    Purchase,
    RefundRequest,
)
from ttre_policy._support import DisputeCase, open_dispute
from ttre_policy._time import ONE_MICROSECOND, RefundWindow, utc
from ttre_policy._versions import DEFAULT_POLICY, TTRE_SUPPORT, PolicyVersion

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ttre_policy._decisions import RefundDecision

__all__ = [  # noqa: RUF022  # one block per issue, appended, so that parallel branches merge
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
    # The support desk (issue 6)
    "dispute_cases",
    "refund_ledgers",
    "support_exceptions",
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


# ----------------------------------------------------- the support desk (issue 6)

_AGENTS: Final = ("Mei Chan", "Ravi Nair", "agent 17")
_WHY: Final = ("onboarding was late", "asked a day late from hospital", "goodwill")


@st.composite
def refund_ledgers(
    draw: st.DrawFn,
    purchase: Purchase,
    *,
    request_ids: Sequence[str] = ("R-0", "R-9"),
    after: datetime | None = None,
    budget: Money | None = None,
    max_size: int = 4,
) -> tuple[RefundRecord, ...]:
    """
    Refund ledgers of *purchase*: partial refunds adding up to at most *budget*.

    The budget defaults to what was paid; a ledger sometimes fills it exactly
    (a purchase refunded in full). Each refund settles one of *request_ids*
    and is made at or after the payment and *after*, within 60 days. An
    unpaid purchase has none. References are unique per request id, so two
    ledgers for different request ids can be joined.

    Args:
        draw: Supplied by Hypothesis.
        purchase: The purchase refunded.
        request_ids: The requests the refunds settle.
        after: The earliest instant of a refund, if later than the payment.
        budget: The most the refunds add up to (default: the amount paid).
        max_size: The most refunds in the ledger.
    """
    if purchase.paid_at is None:
        return ()
    left = purchase.amount_paid if budget is None else budget
    quantum = left.minor_unit
    earliest = max(purchase.paid_at, after or purchase.paid_at, key=utc)
    records: list[RefundRecord] = []
    for index in range(draw(st.integers(0, max_size))):
        units = int(left.amount / quantum)
        if not units:
            break
        # Often everything left, so that ledgers that fill the payment are common.
        taken = draw(st.one_of(st.just(units), st.integers(1, units)))
        amount = Money(taken * quantum, left.currency)
        left -= amount
        request_id = draw(st.sampled_from(request_ids))
        records.append(
            RefundRecord(
                reference=f"re_{request_id}_{index}",
                purchase_id=purchase.purchase_id,
                request_id=request_id,
                amount=amount,
                refunded_at=draw(_after(earliest, within=timedelta(days=60))),
            )
        )
    return tuple(records)


def support_exceptions(
    purchase: Purchase,
    request: RefundRequest,
    *,
    case_references: Sequence[str] = ("C-1", "C-2"),
) -> st.SearchStrategy[SupportException]:
    """
    Support exceptions answering *request*: for an amount up to what was paid, or "full".

    Approved at or after the request, within 30 days, by a named agent, for
    a stated reason (ruling 10).
    """
    paid = purchase.amount_paid
    grants: st.SearchStrategy[Money | str] = st.just(FULL)
    if not paid.is_zero():
        grants = st.one_of(
            st.just(FULL), amounts(paid.currency, min_value=paid.minor_unit, max_value=paid.amount)
        )
    return st.builds(
        SupportException,
        case_reference=st.sampled_from(case_references),
        purchase_id=st.just(purchase.purchase_id),
        request_id=st.just(request.request_id),
        approved_by=st.sampled_from(_AGENTS),
        reason=st.sampled_from(_WHY),
        approved_at=_after(request.requested_at, within=timedelta(days=30)),
        amount=grants,
    )


def dispute_cases(
    decision: RefundDecision,
    purchase: Purchase,
    policy: PolicyVersion = DEFAULT_POLICY,
    *,
    case_references: Sequence[str] = ("C-1", "C-2"),
) -> st.SearchStrategy[DisputeCase]:
    """Disputes of *decision*, opened at or after its request, within 60 days (2.4(a))."""
    return st.builds(
        lambda opened_at, statement, case_reference: open_dispute(
            decision,
            purchase,
            opened_at=opened_at,
            statement=statement,
            case_reference=case_reference,
            policy=policy,
        ),
        _after(decision.requested_at, within=timedelta(days=60)),
        st.sampled_from(("I never used the service.", "The fee is wrong.", "退款太少")),
        st.sampled_from(case_references),
    )
