"""
Write the sample ledger that ``ttre-policy audit`` replays when given no ledger.

The ledger is ``src/ttre_policy/data/sample-ledger.jsonl``: a few hundred
case documents (``ttre-policy/case/1``), one per line, that together cover
every outcome and every reason code, both packages, every payment method,
taxed and untaxed purchases, unpaid ones, requests from the instant of
purchase to two months after it (the deadline's last microsecond and the
first late instant among them), every kind of service event before, at and
after the request, instants written in several zones (one in the repeated
hour of a DST change), three further policy versions (an administrative
fee with tax refunded in proportion, Hong Kong dollars, and a window that
rolls to the next working day in Berlin), and the support desk's records
(refunds already made, recorded exceptions, an open dispute and an exception
claimed but not yet approved; issue 6).

The cases are enumerated, not drawn at random, so the file is the same on
every run and every machine; ``tests/test_cli.py`` fails when the committed
file differs from what this script writes.

Run from the repository root:  python scripts/make_sample_ledger.py
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal
from zoneinfo import ZoneInfo

import attrs

from ttre_policy import (
    ALL_IN_ONE,
    DEFAULT_POLICY,
    TIKTOK_SHOP_MANAGEMENT,
    Activation,
    ActivationKind,
    Case,
    FeeSchedule,
    Money,
    Package,
    PaymentMethod,
    PolicyVersion,
    ProcessingFee,
    Purchase,
    RefundRecord,
    RefundRequest,
    RefundWindow,
    SupportException,
    TaxRefundMode,
    evaluate_refund,
    open_dispute,
)
from ttre_policy.wire import to_json

LEDGER: Final = (
    Path(__file__).parent.parent / "src" / "ttre_policy" / "data" / "sample-ledger.jsonl"
)

HONG_KONG: Final = ZoneInfo("Asia/Hong_Kong")
BERLIN: Final = ZoneInfo("Europe/Berlin")
#: Zones the instants of a case are written in, in turn.
ZONES: Final = (HONG_KONG, ZoneInfo("UTC"), BERLIN, ZoneInfo("America/New_York"))
MINUTE: Final = timedelta(minutes=1)
HOUR: Final = timedelta(hours=1)
DAY: Final = timedelta(days=1)
MICROSECOND: Final = timedelta(microseconds=1)


def usd(amount: str) -> Money:
    """Return USD *amount*."""
    return Money(Decimal(amount), "USD")


def hkd(amount: str) -> Money:
    """Return HKD *amount*."""
    return Money(Decimal(amount), "HKD")


ADMIN_FEE: Final = attrs.evolve(
    DEFAULT_POLICY,
    version_id="example-admin-fee",
    fee_schedules=(attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("490.00")),),
    tax_refund=TaxRefundMode.PROPORTIONAL,
    description="Example: an administrative fee of USD 490, tax refunded in proportion.",
)
ALL_IN_ONE_HKD: Final = Package(code="all-in-one-hkd", name="ALL IN ONE", floor_price=hkd("3900"))
TIKTOK_HKD: Final = Package(
    code="tiktok-shop-management-hkd", name="TikTok Shop management", floor_price=hkd("7800")
)
HONG_KONG_DOLLARS: Final = attrs.evolve(
    DEFAULT_POLICY,
    version_id="example-hkd",
    fee_schedules=(
        FeeSchedule(
            currency="HKD",
            processing=(
                ProcessingFee(
                    payment_method=PaymentMethod.CREDIT_CARD,
                    rate=Decimal("0.03"),
                    fixed=hkd("2.30"),
                ),
                ProcessingFee(
                    payment_method=PaymentMethod.DEBIT_CARD,
                    rate=Decimal("0.015"),
                    fixed=hkd("2.30"),
                ),
            ),
            administrative=hkd("50.00"),
        ),
    ),
    packages=(ALL_IN_ONE_HKD, TIKTOK_HKD),
    description="Example: the policy in Hong Kong dollars, cards only, HKD 50 administrative fee.",
)
ROLLING_IN_BERLIN: Final = attrs.evolve(
    DEFAULT_POLICY,
    version_id="example-berlin-working-days",
    time_zone=BERLIN,
    refund_window=RefundWindow(
        days=14, roll_to_working_day=True, holidays=frozenset({date(2026, 12, 25)})
    ),
    description="Example: days counted in Berlin; a last day off work rolls to the next one.",
)

#: When the request comes, after the purchase (the deadline ones are exact).
TIMINGS: Final = (
    "at once",
    "day 1",
    "day 7",
    "day 14",
    "last instant",
    "first late",
    "day 20",
    "day 60",
)
#: The service events recorded, by kind and days after the payment.
EVENTS: Final[tuple[tuple[tuple[ActivationKind, timedelta], ...], ...]] = (
    (),
    ((ActivationKind.ACTIVATED, timedelta(hours=2)),),
    ((ActivationKind.WORK_COMMENCED, DAY), (ActivationKind.USED, 2 * DAY)),
    ((ActivationKind.PARTIALLY_DELIVERED, 5 * DAY),),
    ((ActivationKind.ACTIVATED, 30 * DAY),),
)
PACKAGES: Final = (ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT)


def request_time(timing: str, bought: datetime, policy: PolicyVersion) -> datetime:
    """Return the instant of a request *timing* after a purchase at *bought*."""
    deadline = policy.refund_window.deadline(bought, policy.time_zone)
    instants = {
        "at once": bought,
        "day 1": bought + DAY,
        "day 7": bought + 7 * DAY,
        "day 14": deadline - timedelta(hours=5, minutes=29, microseconds=999_999),
        "last instant": deadline,
        "first late": deadline + MICROSECOND,
        "day 20": bought + 20 * DAY,
        "day 60": bought + 60 * DAY,
    }
    return instants[timing]


def case(
    number: int,
    *,
    bought: datetime,
    package: Package,
    price: Money,
    tax: Money,
    method: PaymentMethod,
    paid_after: timedelta | None,
    events: tuple[tuple[ActivationKind, timedelta], ...],
    timing: str | timedelta,
    policy: PolicyVersion = DEFAULT_POLICY,
) -> Case:
    """Return the case numbered *number*, its instants shown in a zone chosen by the number."""
    zone = ZONES[number % len(ZONES)]
    purchase_id = f"L-{number:04d}"
    paid_at = None if paid_after is None else bought + paid_after
    asked = (
        bought + timing if isinstance(timing, timedelta) else request_time(timing, bought, policy)
    )
    return Case(
        purchase=Purchase(
            purchase_id=purchase_id,
            package=package,
            price_excl_tax=price,
            tax=tax,
            purchased_at=bought.astimezone(zone),
            payment_method=method,
            paid_at=None if paid_at is None else paid_at.astimezone(zone),
        ),
        activations=tuple(
            Activation(purchase_id=purchase_id, kind=kind, at=(paid_at + after).astimezone(zone))
            for kind, after in events
            if paid_at is not None
        ),
        request=RefundRequest(
            request_id=f"R-{number:04d}",
            purchase_id=purchase_id,
            requested_at=asked.astimezone(zone),
        ),
        policy=policy,
    )


def cases() -> list[Case]:
    """Return every case of the sample ledger, in order."""
    result: list[Case] = []
    # Paid purchases: every timing with every set of events, across packages,
    # payment methods and taxes, bought on a different day each time.
    variants = itertools.cycle(itertools.product(PACKAGES, PaymentMethod, (False, True)))
    start = datetime(2026, 1, 5, 9, 30, tzinfo=HONG_KONG)
    for (timing, events), copy in itertools.product(itertools.product(TIMINGS, EVENTS), range(7)):
        package, method, taxed = next(variants)
        number = len(result) + 1
        price = package.floor_price.amount + Decimal(37 * number % 900) + Decimal("0.45")
        result.append(
            case(
                number,
                bought=(start + number * timedelta(days=1, hours=3, minutes=7)).astimezone(UTC),
                package=package,
                price=usd(str(price)),
                tax=usd(str((price * Decimal("0.08")).quantize(Decimal("0.01"))))
                if taxed
                else usd("0"),
                method=method,
                paid_after=MINUTE * (1 + copy),
                events=events,
                timing=timing,
            )
        )
    # Never paid, and paid only after asking to cancel (rulings 7 and A1).
    for index, timing in enumerate(TIMINGS):
        for paid_after in (None, 16 * DAY + MINUTE * index):
            number = len(result) + 1
            result.append(
                case(
                    number,
                    bought=datetime(2026, 3, 2 + index, 15, 0, tzinfo=HONG_KONG),
                    package=ALL_IN_ONE,
                    price=usd("650.00"),
                    tax=usd("52.00"),
                    method=PaymentMethod.BANK_TRANSFER,
                    paid_after=paid_after,
                    events=(),
                    timing=timing,
                )
            )
    # An instant in Berlin's repeated hour (2026-10-25, 02:30 the second time).
    repeated = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    for index, timing in enumerate(("at once", "day 7", "first late")):
        number = len(result) + 1
        result.append(
            case(
                number,
                bought=repeated + index * MINUTE,
                package=ALL_IN_ONE,
                price=usd("500.00"),
                tax=usd("0.00"),
                method=PaymentMethod.PAYPAL,
                paid_after=timedelta(0),
                events=(),
                timing=timing,
            )
        )
    # Three more policy versions, each with its own cases.
    for policy, packages, money in (
        (ADMIN_FEE, PACKAGES, usd),
        (HONG_KONG_DOLLARS, (ALL_IN_ONE_HKD, TIKTOK_HKD), hkd),
        (ROLLING_IN_BERLIN, PACKAGES, usd),
    ):
        for index, (timing, events) in enumerate(
            itertools.product(("day 1", "last instant", "first late"), EVENTS[:3])
        ):
            package = packages[index % 2]
            number = len(result) + 1
            result.append(
                case(
                    number,
                    # Berlin's window ends on Saturday 2026-12-19 and rolls to Monday the 21st.
                    bought=datetime(2026, 12, 5, 11, 0, tzinfo=BERLIN),
                    package=package,
                    price=money(str(package.floor_price.amount + index * 10)),
                    tax=money(str(index * 4)),
                    method=(PaymentMethod.CREDIT_CARD, PaymentMethod.DEBIT_CARD)[index % 2],
                    paid_after=MINUTE,
                    events=events,
                    timing=timing,
                    policy=policy,
                )
            )
    result.extend(support_desk_cases(len(result) + 1))
    return result


def refund(earlier: RefundRequest, amount: Money) -> RefundRecord:
    """Return the refund of *amount* made a day after the *earlier* request it settled."""
    return RefundRecord(
        reference=f"re_{earlier.purchase_id}",
        purchase_id=earlier.purchase_id,
        request_id=earlier.request_id,
        amount=amount,
        refunded_at=earlier.requested_at + DAY,
    )


def exception(
    request: RefundRequest, number: int, amount: Money | Literal["full"]
) -> SupportException:
    """Return a support exception granting *amount* for *request*, approved an hour later."""
    return SupportException(
        case_reference=f"C-{number:04d}",
        purchase_id=request.purchase_id,
        request_id=request.request_id,
        approved_by="Mei Chan",
        reason="onboarding started late on our side",
        approved_at=request.requested_at + HOUR,
        amount=amount,
    )


def support_desk_cases(first: int) -> list[Case]:
    """
    Return cases with the support desk's records (issue 6), numbered from *first*.

    A partial refund already made, a purchase refunded in full, an exception
    granting a late request, one the policy outdoes, an open dispute, and an
    exception claimed but not yet approved.
    """
    bought = datetime(2026, 6, 1, 10, 0, tzinfo=HONG_KONG)
    stories = []
    for index, (timing, story) in enumerate(
        (
            ("day 7", "partial refund made"),
            ("day 7", "refunded in full"),
            ("day 20", "exception granted"),
            ("day 1", "exception outdone"),
            ("day 20", "dispute open"),
            ("day 20", "exception claimed"),
        )
    ):
        number = first + index
        base = case(
            number,
            bought=bought + index * DAY,
            package=ALL_IN_ONE,
            price=usd("800.00"),
            tax=usd("64.00"),
            method=PaymentMethod.CREDIT_CARD,
            paid_after=MINUTE,
            events=(),
            timing=timing,
        )
        purchase, request = base.purchase, base.request
        assert purchase.paid_at is not None  # noqa: S101  # paid above
        earlier = RefundRequest(
            request_id=f"R-{number:04d}-0",
            purchase_id=purchase.purchase_id,
            requested_at=purchase.paid_at + HOUR,
        )

        if story == "partial refund made":
            stories.append(attrs.evolve(base, refunds=(refund(earlier, usd("100.00")),)))
        elif story == "refunded in full":
            stories.append(attrs.evolve(base, refunds=(refund(earlier, purchase.amount_paid),)))
        elif story == "exception granted":
            stories.append(attrs.evolve(base, exception=exception(request, number, "full")))
        elif story == "exception outdone":
            stories.append(attrs.evolve(base, exception=exception(request, number, usd("50.00"))))
        elif story == "dispute open":
            disputed = evaluate_refund(purchase, earlier)
            dispute = open_dispute(
                disputed,
                purchase,
                opened_at=earlier.requested_at + DAY,
                statement="Support promised me a refund on the phone.",
                case_reference=f"C-{number:04d}",
            )
            stories.append(attrs.evolve(base, open_disputes=(dispute,)))
        else:
            stories.append(attrs.evolve(base, claimed_exception=f"C-{number:04d}"))
    return stories


def ledger_text() -> str:
    """Return the sample ledger: one case document per line."""
    return "".join(to_json(each) + "\n" for each in cases())


def main() -> None:
    """Write the sample ledger into the package."""
    text = ledger_text()
    LEDGER.parent.mkdir(parents=True, exist_ok=True)
    LEDGER.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} cases to {LEDGER}")


if __name__ == "__main__":
    main()
