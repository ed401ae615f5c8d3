"""
Policy versions: the policy's parameters as data, with an effective date.

Clause 3(a): "TTR-E reserves the right to modify or update this Payment &
Refund Policy at any time. Any changes will be posted on our website with an
updated effective date."

Following OpenFisca, the rules are functions of parameters and the
parameters are data: a `PolicyVersion` holds every number and choice that
CLAUSES.md marks as a *parameter* (window length, time zone, fees, rounding,
tax refund mode, accepted currencies, the packages and their floors, the
notice a price change needs), the support contact of clause 4(a), and the
verbatim words of every clause it encodes. The rules never embed 14 or a fee
as a literal.

`DEFAULT_POLICY` is the published policy. Its fee amounts and its
price-change notice are EXAMPLES: the published text states none, so
integrators set their own (see the README).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar
from zoneinfo import ZoneInfo

import attrs

from ttre_policy._clauses import CLAUSE_IDS, PUBLISHED_CLAUSES, ClauseText
from ttre_policy._fees import FeeSchedule, ProcessingFee, TaxRefundMode
from ttre_policy._money import Money, RoundingMode
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT, Package
from ttre_policy._purchases import PaymentMethod
from ttre_policy._time import RefundWindow, day_count, utc
from ttre_policy._validators import aware, identifier, instance_of, text, tuple_of
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyNotAcceptedError,
    InvalidValueError,
)

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


def _email(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    # One "@" between a local part and a domain of at least two non-empty
    # labels ("ttr-e.com"), and no spaces: the address a customer writes to.
    local, at, domain = value.partition("@")
    if (
        not (local and at)
        or "@" in domain
        or "." not in domain
        or not all(domain.split("."))
        or any(c.isspace() for c in value)
    ):
        raise InvalidValueError(attribute.name, value, "an e-mail address")


@attrs.frozen(kw_only=True)
class SupportContact:
    """
    Where a customer turns with a question or a dispute (clauses 2.4(a), 4(a)).

    Attributes:
        team: Who reviews disputes: "our support team" (2.4(a)).
        email: The contact e-mail address of clause 4(a).
        address: The postal address of clause 4(a).
    """

    team: str = attrs.field(validator=text)
    email: str = attrs.field(validator=[text, _email])
    address: str = attrs.field(validator=text)


#: The contact details published in clause 4(a).
TTRE_SUPPORT: Final = SupportContact(
    team="TTR-E support team",
    email="partners@ttr-e.com",
    address="367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong",
)


def _posted_not_after_effective(
    instance: PolicyVersion, attribute: attrs.Attribute[Any], posted_at: datetime
) -> None:
    if utc(posted_at) > utc(instance.effective_from):
        raise ChronologyError(
            attribute.name,
            posted_at,
            "an instant at or before effective_from: a change is posted before it "
            "takes effect (clause 3(a))",
            "is after the version takes effect",
        )


def _fee_schedules(
    _instance: object, attribute: attrs.Attribute[Any], schedules: tuple[FeeSchedule, ...]
) -> None:
    currencies = [schedule.currency for schedule in schedules]
    if not schedules or len(set(currencies)) != len(currencies):
        raise InvalidValueError(
            attribute.name, currencies, "one fee schedule per accepted currency, at least one"
        )
    methods = {schedule.payment_methods for schedule in schedules}
    if len(methods) != 1:
        raise InvalidValueError(
            attribute.name,
            currencies,
            "schedules that offer the same payment methods in every currency",
        )


def _packages(
    _instance: object, attribute: attrs.Attribute[Any], packages: tuple[Package, ...]
) -> None:
    codes = [package.code for package in packages]
    if not packages or len(set(codes)) != len(codes):
        raise InvalidValueError(
            attribute.name, codes, "at least one package, each code listed once"
        )


def _clauses(
    _instance: object, attribute: attrs.Attribute[Any], clauses: tuple[ClauseText, ...]
) -> None:
    ids = [clause.clause_id for clause in clauses]
    if len(set(ids)) != len(ids) or not set(CLAUSE_IDS) <= set(ids):
        raise InvalidValueError(
            attribute.name,
            ids,
            f"the text of every clause the rules cite, each once: {', '.join(CLAUSE_IDS)}",
        )


@attrs.frozen(kw_only=True)
class PolicyVersion:
    """
    One version of the Payment & Refund Policy: its parameters and its words.

    Attributes:
        version_id: A stable name for the version, cited by every decision.
        effective_from: The instant from which the version applies (3(a)).
        posted_at: When the version was posted on the website; at or before
            `effective_from`. Defaults to `effective_from`.
        time_zone: The zone whose calendar days the window counts (ruling 1).
        refund_window: The cancellation window (clause 2.2(a), ruling 1).
        fee_schedules: The fees, one schedule per accepted currency (ruling 3,
            ruling 5).
        rounding: How a fee computed from a rate is rounded (ruling 3).
        tax_refund: How much tax an eligible refund returns (ruling 4).
        packages: The packages sold and their floor prices (1.1(a), ruling 12).
        price_change_notice_days: The notice a price change needs (1.1(b),
            ruling 11), in clear calendar days of `time_zone`: neither the day
            of the announcement nor the day the change takes effect counts.
            The default, 30, is an EXAMPLE: the published text names no period.
        support_contact: Where disputes go (2.4(a), 4(a)).
        clauses: The verbatim text of every clause, with its hash.
        description: What the version is, for people.
    """

    version_id: str = attrs.field(validator=identifier)
    effective_from: datetime = attrs.field(validator=aware)
    posted_at: datetime = attrs.field(validator=[aware, _posted_not_after_effective])
    time_zone: ZoneInfo = attrs.field(
        validator=instance_of(ZoneInfo, 'a zoneinfo.ZoneInfo, e.g. ZoneInfo("Asia/Hong_Kong")')
    )
    refund_window: RefundWindow = attrs.field(
        factory=RefundWindow, validator=instance_of(RefundWindow, "a RefundWindow")
    )
    fee_schedules: tuple[FeeSchedule, ...] = attrs.field(
        validator=[tuple_of(FeeSchedule, "a FeeSchedule"), _fee_schedules]
    )
    rounding: RoundingMode = attrs.field(
        default=RoundingMode.HALF_UP, validator=instance_of(RoundingMode, "a RoundingMode")
    )
    tax_refund: TaxRefundMode = attrs.field(
        default=TaxRefundMode.FULL, validator=instance_of(TaxRefundMode, "a TaxRefundMode")
    )
    packages: tuple[Package, ...] = attrs.field(
        default=(ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT),
        validator=[tuple_of(Package, "a Package"), _packages],
    )
    price_change_notice_days: int = attrs.field(
        default=30, validator=[instance_of(int, "a whole number of days"), day_count]
    )
    support_contact: SupportContact = attrs.field(
        default=TTRE_SUPPORT, validator=instance_of(SupportContact, "a SupportContact")
    )
    clauses: tuple[ClauseText, ...] = attrs.field(
        default=PUBLISHED_CLAUSES, validator=[tuple_of(ClauseText, "a ClauseText"), _clauses]
    )
    description: str = attrs.field(default="", validator=instance_of(str, "a string"))
    _clause_index: dict[str, ClauseText] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
    _memo: dict[object, Any] = attrs.field(
        init=False, eq=False, hash=False, repr=False, factory=dict
    )

    @posted_at.default
    def _posted_when_effective(self) -> datetime:
        return self.effective_from

    @_clause_index.default
    def _index_clauses(self) -> dict[str, ClauseText]:
        return {clause.clause_id: clause for clause in self.clauses}

    @property
    def accepted_currencies(self) -> frozenset[str]:
        """The currencies this version accepts: those it sets fees in (ruling 5)."""
        return frozenset(schedule.currency for schedule in self.fee_schedules)

    @property
    def payment_methods(self) -> frozenset[PaymentMethod]:
        """The payment methods this version offers (clause 1.2)."""
        return self.fee_schedules[0].payment_methods

    def fee_schedule(self, currency: str) -> FeeSchedule:
        """
        Return the fee schedule for *currency*, or refuse a currency not accepted.

        Clauses: 1.1(c).

        Clause 1.1(c): "All listed prices are in USD"; ruling 5 makes the
        accepted currencies a parameter (default: USD only).
        """
        for schedule in self.fee_schedules:
            if schedule.currency == currency:
                return schedule
        raise CurrencyNotAcceptedError(
            "currency",
            currency,
            f"one of {sorted(self.accepted_currencies)} under policy version "
            f"{self.version_id!r} (ruling 5)",
        )

    def memo(self, key: object, build: Callable[[], T]) -> T:
        """
        Return the value derived from this version under *key*, built once by *build*.

        For values derived from the version alone (the reasons it gives,
        `_decisions.reason_for`): the version is immutable, so each is the
        same every time. Not part of the version's value: not compared, not
        hashed, not written.
        """
        try:
            value: T = self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
        return value

    def clause(self, clause_id: str) -> ClauseText:
        """Return this version's text of *clause_id*."""
        return self._clause_index[clause_id]


_HONG_KONG: Final = ZoneInfo("Asia/Hong_Kong")
_USD = "USD"


def _usd(amount: str) -> Money:
    return Money(Decimal(amount), _USD)


#: The published Payment & Refund Policy as a policy version.
#:
#: Window 14 calendar days in Hong Kong time; fees rounded half-up; tax
#: refunded in full; USD only; the two packages of clause 1.1(a).
#:
#: The fee amounts are EXAMPLES, since the policy states none: processing
#: 3.0 % + USD 0.30 by credit card, 1.5 % + USD 0.30 by debit card,
#: 3.49 % + USD 0.49 by PayPal, USD 15.00 by bank transfer; administrative
#: fee USD 0.00. The published text carries no effective date either; this
#: version assumes 2025-01-01 00:00 Hong Kong time. The notice a price change
#: needs is an EXAMPLE too: 30 clear days (1.1(b) says only "prior notice").
#: Set your own with ``attrs.evolve(DEFAULT_POLICY, ...)``.
DEFAULT_POLICY: Final = PolicyVersion(
    version_id="published",
    effective_from=datetime(2025, 1, 1, tzinfo=_HONG_KONG),
    time_zone=_HONG_KONG,
    refund_window=RefundWindow(days=14),
    fee_schedules=(
        FeeSchedule(
            currency=_USD,
            processing=(
                ProcessingFee(
                    payment_method=PaymentMethod.CREDIT_CARD,
                    rate=Decimal("0.03"),
                    fixed=_usd("0.30"),
                ),
                ProcessingFee(
                    payment_method=PaymentMethod.DEBIT_CARD,
                    rate=Decimal("0.015"),
                    fixed=_usd("0.30"),
                ),
                ProcessingFee(
                    payment_method=PaymentMethod.PAYPAL,
                    rate=Decimal("0.0349"),
                    fixed=_usd("0.49"),
                ),
                ProcessingFee(
                    payment_method=PaymentMethod.BANK_TRANSFER,
                    rate=Decimal(0),
                    fixed=_usd("15.00"),
                ),
            ),
            administrative=_usd("0.00"),
        ),
    ),
    rounding=RoundingMode.HALF_UP,
    tax_refund=TaxRefundMode.FULL,
    price_change_notice_days=30,
    description=(
        "The Payment & Refund Policy as published. Fee amounts, the "
        "effective date and the price-change notice are examples: the "
        "published text states none of them."
    ),
)
