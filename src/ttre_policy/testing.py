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
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from ttre_policy._cases import Case
from ttre_policy._clauses import CLAUSE_IDS, PUBLISHED_CLAUSES, ClauseText
from ttre_policy._fees import FeeSchedule, ProcessingFee, TaxRefundMode
from ttre_policy._history import GoverningInstant, PolicyHistory
from ttre_policy._invoices import CreditNote, Invoice, issue_credit_note, issue_invoice
from ttre_policy._ledger import FULL, RefundRecord, SupportException
from ttre_policy._money import _KNOWN_CURRENCIES, MAX_RATE_DECIMALS, Money, RoundingMode
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT, Package
from ttre_policy._payments import AccessDecision, PaymentConfirmation, access_decision
from ttre_policy._prices import PriceChange, earliest_price_change_at, floor_in_force
from ttre_policy._purchases import (
    Activation,
    ActivationKind,
    PaymentMethod,
    Purchase,
    RefundRequest,
)
from ttre_policy._quotes import Quote, quote
from ttre_policy._refunds import evaluate_refund
from ttre_policy._support import DisputeCase, open_dispute
from ttre_policy._time import ONE_MICROSECOND, RefundWindow, utc
from ttre_policy._versions import DEFAULT_POLICY, TTRE_SUPPORT, PolicyVersion, SupportContact

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ttre_policy._decisions import Reason, RefundDecision

__all__ = [
    "AMENDABLE_FIELDS",
    "FIRST_INSTANT",
    "LAST_INSTANT",
    "access_decisions",
    "activations",
    "amendments",
    "amounts",
    "aware_datetimes",
    "cases",
    "clause_texts",
    "credit_notes",
    "currencies",
    "dispute_cases",
    "fee_schedules",
    "invoices",
    "packages",
    "payment_confirmations",
    "policy_histories",
    "policy_versions",
    "price_changes",
    "processing_fees",
    "purchases",
    "purchases_under",
    "quotes",
    "rates",
    "reasons",
    "refund_cases",
    "refund_decisions",
    "refund_ledgers",
    "refund_requests",
    "refund_windows",
    "requests_around_deadline",
    "support_contacts",
    "support_exceptions",
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
    ).filter(lambda instant: utc(min_value) <= utc(instant) <= utc(max_value))


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
        price_change_notice_days=draw(st.integers(0, 90)),
    )


# ------------------------------------------------------- payment terms (issue 3)


def payment_confirmations(
    purchase: Purchase, *, within: timedelta = timedelta(days=3)
) -> st.SearchStrategy[PaymentConfirmation]:
    """The gateway's confirmations of *purchase*: the amount due, up to *within* after it."""
    return st.builds(
        PaymentConfirmation,
        purchase_id=st.just(purchase.purchase_id),
        amount=st.just(purchase.amount_due),
        confirmed_at=_after(purchase.purchased_at, within=within),
        gateway_reference=st.sampled_from(("GW-1", "ch_3Nq8", "PAYID-M7Q")),
    )


@st.composite
def price_changes(
    draw: st.DrawFn,
    policy: PolicyVersion = DEFAULT_POLICY,
    *,
    package: Package | None = None,
    max_notice: timedelta = timedelta(days=120),
) -> PriceChange:
    """
    Price changes of *policy*'s packages (or of *package*) with at least the notice it requires.

    The new floor is anywhere from zero to twice the present one; the change
    takes effect from the earliest instant allowed to *max_notice* later.
    """
    changed = draw(packages(policy)) if package is None else package
    floor = changed.floor_price
    announced_at = draw(aware_datetimes(max_value=datetime(2080, 1, 1, tzinfo=UTC)))
    earliest = earliest_price_change_at(announced_at, policy)
    return PriceChange(
        package=changed,
        new_floor=draw(amounts(floor.currency, max_value=floor.amount * 2)),
        announced_at=announced_at,
        effective_from=draw(_after(earliest, within=max_notice)),
    )


@st.composite
def quotes(
    draw: st.DrawFn,
    policy: PolicyVersion = DEFAULT_POLICY,
    *,
    changes: Sequence[PriceChange] = (),
) -> Quote:
    """
    Quotes under *policy*: prices at or above the floor in force, any tax, either way stated.

    A tax-inclusive price is drawn high enough for its tax-exclusive part to
    reach the floor, whatever the rounding.
    """
    package = draw(packages(policy))
    quoted_at = draw(aware_datetimes())
    floor = floor_in_force(package, quoted_at, changes, policy)
    unit = floor.minor_unit
    rate = draw(rates())
    kind = draw(st.sampled_from(("none", "amount", "rate")))
    included = kind != "none" and draw(st.booleans())
    least = floor.amount
    if included and kind == "rate":
        # Rounding moves the split by at most one unit, so (floor + 1 unit) x (1 + rate) suffices.
        least = ((floor.amount + unit) * (1 + rate)).quantize(unit, rounding=ROUND_CEILING)
    price = draw(amounts(floor.currency, min_value=least, max_value=least * 3 + 1))
    tax: Money | Decimal | None = None
    if kind == "rate":
        tax = rate
    elif kind == "amount":
        # A tax-inclusive price keeps at least the floor once the tax is taken out.
        most = price.amount - floor.amount if included else price.amount
        tax = draw(amounts(floor.currency, max_value=most))
    return quote(
        package,
        price,
        quoted_at=quoted_at,
        tax=tax,
        price_includes_tax=included,
        changes=changes,
        policy=policy,
    )


def access_decisions(policy: PolicyVersion = DEFAULT_POLICY) -> st.SearchStrategy[AccessDecision]:
    """Access decisions (1.3(c)) on paid and unpaid purchases, at instants up to 3 days after."""
    return purchases(policy).flatmap(
        lambda bought: _after(bought.purchased_at, within=timedelta(days=3)).map(
            lambda at: access_decision(bought, at, policy)
        )
    )


def _invoiced(draw: st.DrawFn, policy: PolicyVersion) -> tuple[Purchase, Invoice]:
    """Draw a paid purchase and its invoice, issued up to a day after the payment."""
    bought = draw(purchases(policy, paid=True))
    assert bought.paid_at is not None  # noqa: S101  # drawn paid: narrows the type for mypy
    invoice = issue_invoice(
        bought,
        number=draw(st.sampled_from(("INV-1", "INV-2026-0001", "2026/11/7"))),
        issued_at=draw(_after(bought.paid_at, within=timedelta(days=1))),
        buyer=draw(st.sampled_from(("C-7", "buyer 42", "客戶-9"))),
        policy=policy,
    )
    return bought, invoice


@st.composite
def invoices(draw: st.DrawFn, policy: PolicyVersion = DEFAULT_POLICY) -> Invoice:
    """Electronic invoices (1.3(a)) of paid purchases, issued up to a day after the payment."""
    return _invoiced(draw, policy)[1]


@st.composite
def credit_notes(draw: st.DrawFn, policy: PolicyVersion = DEFAULT_POLICY) -> CreditNote:
    """
    Credit notes (2.2(b)) for eligible refunds: a request in the window, before any service.

    The request comes between the purchase and its deadline; the note is
    issued at or after both the invoice and the request.
    """
    bought, invoice = _invoiced(draw, policy)
    deadline = utc(policy.refund_window.deadline(bought.purchased_at, policy.time_zone))
    request = RefundRequest(
        request_id="R-1",
        purchase_id=bought.purchase_id,
        requested_at=draw(_after(bought.purchased_at, within=deadline - utc(bought.purchased_at))),
    )
    decision = evaluate_refund(bought, request, (), policy)
    issued_after = max(utc(invoice.issued_at), utc(request.requested_at))
    return issue_credit_note(
        invoice,
        decision,
        number=draw(st.sampled_from(("CN-1", "CN-2026-0001"))),
        issued_at=draw(_after(issued_after, within=timedelta(days=2))),
    )


# The wire format and the explanations (issue 5): a strategy for every
# public value type, so that every one can be round-tripped through JSON.


def _texts() -> st.SearchStrategy[str]:
    """Non-empty text in any script, as headings, names and addresses may be."""
    return st.text(min_size=1, max_size=40).filter(str.strip)


def processing_fees(currency: str = "USD") -> st.SearchStrategy[ProcessingFee]:
    """Processing fees for any payment method: a rate up to 20 % and a fixed part."""
    return st.builds(
        ProcessingFee,
        payment_method=st.sampled_from(PaymentMethod),
        rate=rates(max_value=Decimal("0.2")),
        fixed=amounts(currency, max_value=Decimal(100)),
    )


def support_contacts() -> st.SearchStrategy[SupportContact]:
    """Support contacts: a team, an e-mail address and a postal address (2.4(a), 4(a))."""
    return st.builds(
        SupportContact,
        team=_texts(),
        email=st.sampled_from(("partners@ttr-e.com", "support@example.hk", "客服@例子.中国")),
        address=_texts(),
    )


def clause_texts() -> st.SearchStrategy[ClauseText]:
    """Clause texts: any clause id, with any heading and words (the hash follows)."""
    return st.builds(
        ClauseText,
        clause_id=st.sampled_from(CLAUSE_IDS),
        heading=_texts(),
        text=_texts(),
    )


@st.composite
def refund_cases(draw: st.DrawFn, *, policies: bool = True) -> Case:
    """
    Whole cases as one value: the published policy, or (if *policies*) any version.

    Each case's facts are drawn for its policy, as `cases` draws them.
    """
    policy = draw(
        st.one_of(st.just(DEFAULT_POLICY), policy_versions())
        if policies
        else st.just(DEFAULT_POLICY)
    )
    purchase, events, request = draw(cases(policy))
    return Case(purchase=purchase, activations=tuple(events), request=request, policy=policy)


def refund_decisions(*, policies: bool = True) -> st.SearchStrategy[RefundDecision]:
    """Decisions that `evaluate_refund` gives on `refund_cases`: every outcome and reason."""
    return refund_cases(policies=policies).map(
        lambda case: evaluate_refund(case.purchase, case.request, case.activations, case.policy)
    )


def reasons() -> st.SearchStrategy[Reason]:
    """Reasons of decisions, with and without the instant they are about."""
    return refund_decisions().flatmap(lambda decision: st.sampled_from(decision.reasons))


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


# Policy versions and amendments (issue 4)


#: The fields of a `PolicyVersion` that `amendments` may change, besides its
#: id and its dates.
AMENDABLE_FIELDS: Final = (
    "time_zone",
    "refund_window",
    "fee_schedules",
    "rounding",
    "tax_refund",
    "packages",
    "price_change_notice_days",
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
    # Parameters are drawn whole; the contact, clauses and description are edited below.
    edited = {"support_contact", "clauses", "description"}
    replaced: dict[str, Any] = {
        field: getattr(other, field) for field in fields if field not in edited
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


# Payment terms under a policy history (task B)


@st.composite
def purchases_under(
    draw: st.DrawFn, history: PolicyHistory, *, paid: bool | None = None
) -> tuple[PolicyVersion, Purchase]:
    """
    Purchases under *history*, each with the version in force when it was paid.

    A version is drawn, then a purchase of its packages by its methods (as
    `purchases` draws them), moved so that its payment, or for an unpaid
    purchase the purchase itself, falls while that version is in force:
    from its effective instant (included, and drawn first) to one
    microsecond before the next version's (drawn too), or up to 30 days into
    the last. A payment follows its purchase by up to 3 days (5(a), 3(a)).
    """
    index = draw(st.integers(0, len(history.versions) - 1))
    version = history.versions[index]
    bought = draw(purchases(version, paid=paid))
    start = utc(version.effective_from)
    end = (
        utc(history.versions[index + 1].effective_from)
        if index + 1 < len(history.versions)
        else start + timedelta(days=30)
    )
    last = int((end - start) / ONE_MICROSECOND) - 1
    offset = draw(st.one_of(st.sampled_from((0, last)), st.integers(0, last)))
    anchor = start + offset * ONE_MICROSECOND
    zone = draw(time_zones())
    if bought.paid_at is None:
        return version, attrs.evolve(bought, purchased_at=anchor.astimezone(zone))
    before = draw(st.integers(0, int(timedelta(days=3) / ONE_MICROSECOND))) * ONE_MICROSECOND
    return version, attrs.evolve(
        bought, purchased_at=(anchor - before).astimezone(zone), paid_at=anchor.astimezone(zone)
    )
