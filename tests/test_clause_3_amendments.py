"""
Clause 3: Amendments and Updates.

3(a) "TTR-E reserves the right to modify or update this Payment & Refund
Policy at any time. Any changes will be posted on our website with an
updated effective date."

Issue 4: a policy history with the version in force at any instant; what
changed between two versions (`diff`); which decisions an amendment changes
(`amendment_impact`); and the deadline calculus of ruling 1 as parameters an
amendment may change.
"""

from __future__ import annotations

import decimal
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

from tests.helpers import BOUGHT, HK, ONE_MICROSECOND, PAID, UTC, purchase, request, usd
from ttre_policy import (
    ALL_IN_ONE,
    DEFAULT_HISTORY,
    DEFAULT_POLICY,
    PUBLISHED_CLAUSES,
    TTRE_SUPPORT,
    AmendmentImpact,
    ClauseText,
    FeeSchedule,
    ImpactExample,
    ImpactKind,
    Money,
    Package,
    PaymentMethod,
    PolicyChange,
    PolicyHistory,
    PolicyVersion,
    ProcessingFee,
    RefundDecision,
    RefundWindow,
    RoundingMode,
    TaxRefundMode,
    _amendments,
    _demo_amendments,
    amendment_impact,
    cancellation_deadline,
    diff,
    earliest_price_change_at,
    evaluate_refund,
)
from ttre_policy._amendments import ZONE_SEARCH_DAYS
from ttre_policy._cli import demo
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyNotAcceptedError,
    DuplicateVersionError,
    EmptyHistoryError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    NoPolicyInForceError,
    PaymentMethodNotOfferedError,
    SimultaneousVersionsError,
    UnknownVersionError,
    VersionOrderError,
)
from ttre_policy.testing import (
    AMENDABLE_FIELDS,
    amendments,
    aware_datetimes,
    cases,
    policy_histories,
    policy_versions,
    refund_windows,
)

if TYPE_CHECKING:
    from collections.abc import Callable

#: The issue's example amendment: a 7-day window, clause 2.2(a) saying so, a USD 25 administrative fee.
AMENDMENT = _demo_amendments.AMENDMENT


#: Moscow: UTC+4 from March 2011, back to UTC+3 on 26 October 2014.
MOSCOW = ZoneInfo("Europe/Moscow")


#: The published fee schedule, in euros: a second currency to accept or withdraw.
EUROS = attrs.evolve(
    DEFAULT_POLICY.fee_schedules[0],
    currency="EUR",
    processing=tuple(
        attrs.evolve(fee, fixed=Money(fee.fixed.amount, "EUR"))
        for fee in DEFAULT_POLICY.fee_schedules[0].processing
    ),
    administrative=Money.zero("EUR"),
)


def _later(version: PolicyVersion, version_id: str, **changes: Any) -> PolicyVersion:  # noqa: ANN401  # any field of a version, as attrs.evolve takes
    """Return *version* with *changes*, as an amendment in force a day after it."""
    effective = version.effective_from + timedelta(days=1)
    return attrs.evolve(
        version, version_id=version_id, effective_from=effective, posted_at=effective, **changes
    )


def _schedule(version: PolicyVersion, **changes: Any) -> tuple[FeeSchedule, ...]:  # noqa: ANN401  # as above
    """Return *version*'s single fee schedule with *changes*."""
    return (attrs.evolve(version.fee_schedules[0], **changes),)


def _without_rates(version: PolicyVersion, fixed: Money | None = None) -> PolicyVersion:
    """Return *version* whose processing fees have no rate, and the fixed part *fixed* if given."""
    return attrs.evolve(
        version,
        fee_schedules=_schedule(
            version,
            processing=tuple(
                attrs.evolve(fee, rate=Decimal(0), fixed=fee.fixed if fixed is None else fixed)
                for fee in version.fee_schedules[0].processing
            ),
        ),
    )


def _without_paypal(version: PolicyVersion) -> tuple[FeeSchedule, ...]:
    """Return *version*'s single fee schedule with PayPal no longer offered."""
    return _schedule(
        version,
        processing=tuple(
            fee
            for fee in version.fee_schedules[0].processing
            if fee.payment_method is not PaymentMethod.PAYPAL
        ),
    )


# ------------------------------------------------------------------ the history


class TestThePolicyHistory:
    """3(a): "Any changes will be posted on our website with an updated effective date"."""

    def test_the_published_policy_is_the_first_version(self) -> None:
        """3(a): the history begins with the policy as published, `DEFAULT_POLICY`."""
        assert DEFAULT_HISTORY.versions == (DEFAULT_POLICY,)
        assert DEFAULT_HISTORY.in_force_at(BOUGHT) is DEFAULT_POLICY
        assert DEFAULT_HISTORY.version("published") is DEFAULT_POLICY

    def test_a_version_is_in_force_from_its_effective_instant_included(self) -> None:
        """3(a): "with an updated effective date": the amendment applies from that instant on, not a microsecond before."""
        history = PolicyHistory((DEFAULT_POLICY, AMENDMENT))
        effective = AMENDMENT.effective_from.astimezone(UTC)

        assert history.in_force_at(effective - ONE_MICROSECOND) is DEFAULT_POLICY
        assert history.in_force_at(effective) is AMENDMENT
        assert history.in_force_at(effective.astimezone(ZoneInfo("America/New_York"))) is AMENDMENT

    def test_the_deadline_shown_at_checkout_is_the_agreed_versions(self) -> None:
        """
        5(a): "By making a payment for TTR-E’s services, you agree to the terms": the deadline shown is the agreed version's.

        Ruling 9 with 3(a): under a history, `cancellation_deadline` uses the
        window of the version in force at the payment (at the purchase, if
        not paid yet): 14 days before the amendment, 7 days after it.
        """
        history = PolicyHistory((DEFAULT_POLICY, AMENDMENT))
        effective = AMENDMENT.effective_from
        paid_before = purchase(
            purchased_at=effective - timedelta(hours=1),
            paid_at=effective - ONE_MICROSECOND,
        )
        paid_after = attrs.evolve(paid_before, paid_at=effective)
        unpaid_after = purchase(purchased_at=effective, paid_at=None)

        assert cancellation_deadline(paid_before, history).isoformat() == (
            "2027-01-14T23:59:59.999999+08:00"
        )
        assert cancellation_deadline(paid_after, history).isoformat() == (
            "2027-01-07T23:59:59.999999+08:00"
        )
        assert cancellation_deadline(unpaid_after, history).isoformat() == (
            "2027-01-08T23:59:59.999999+08:00"
        )

    def test_the_notice_of_a_price_change_is_the_announcements_version(self) -> None:
        """
        1.1(b): "These fees ... are subject to change with prior notice": the notice of the version in force when announced.

        3(a): under a history, `earliest_price_change_at` counts the notice
        of the version in force at the announcement.
        """
        one_day = attrs.evolve(AMENDMENT, price_change_notice_days=1)
        history = PolicyHistory((DEFAULT_POLICY, one_day))
        effective = one_day.effective_from

        before = earliest_price_change_at(effective - timedelta(days=1), history)
        after = earliest_price_change_at(effective, history)

        assert before.isoformat() == "2027-01-31T00:00:00+08:00"
        assert after.isoformat() == "2027-01-03T00:00:00+08:00"

    def test_a_deadline_or_a_notice_before_the_first_version_names_its_instant(self) -> None:
        """
        3(a): "with an updated effective date": before the first version took effect, no window or notice applies.

        The error names the instant that chose the version: the payment, the
        purchase (not yet paid) or the announcement.
        """
        history = PolicyHistory((AMENDMENT,))
        refused: dict[str, Callable[[], datetime]] = {
            "purchase.paid_at": lambda: cancellation_deadline(purchase(), history),
            "purchase.purchased_at": lambda: cancellation_deadline(
                purchase(paid_at=None), history
            ),
            "announced_at": lambda: earliest_price_change_at(BOUGHT, history),
        }

        for field, call in refused.items():
            with pytest.raises(NoPolicyInForceError) as raised:
                call()
            assert raised.value.field == field
            assert str(raised.value).endswith(
                "is before the first version of the policy took effect; expected an instant "
                "at or after 2027-01-01T00:00:00+08:00, when the first version, '2027-01', "
                "took effect (clause 3(a))"
            )

    def test_a_deadline_or_a_notice_needs_a_version_or_a_history(self) -> None:
        """3(a): the rules read a policy version, or the history of versions "posted on our website"."""
        with pytest.raises(InvalidTypeError) as raised:
            cancellation_deadline(purchase(), "published")  # type: ignore[arg-type]  # the wrong type is the point
        assert str(raised.value) == (
            "policy: 'published' is of the wrong type; expected a PolicyVersion or a PolicyHistory"
        )
        with pytest.raises(InvalidTypeError, match=r"^policy: None is of the wrong type"):
            earliest_price_change_at(BOUGHT, None)  # type: ignore[arg-type]  # the wrong type is the point

    @given(history=policy_histories(), data=st.data())
    def test_exactly_one_version_is_in_force_at_any_instant_after_the_first(
        self, history: PolicyHistory, data: st.DataObject
    ) -> None:
        """
        3(a): each version is in force from its effective instant until the next one's: no gap, no overlap.

        For any instant at or after the first effective instant, exactly one
        version's half-open interval [effective_from, next effective_from)
        holds it, and `in_force_at` returns that version: the latest not
        after the instant. An instant before the first raises.
        """
        starts = [version.effective_from.astimezone(UTC) for version in history.versions]
        ends = [*starts[1:], None]
        boundary = data.draw(st.sampled_from(starts))
        instant = data.draw(
            st.one_of(
                st.sampled_from(
                    (boundary, boundary - ONE_MICROSECOND, boundary + ONE_MICROSECOND)
                ),
                aware_datetimes(min_value=starts[0] - timedelta(days=30)),
            )
        )
        note(f"instant {instant.isoformat()}")

        if instant.astimezone(UTC) < starts[0]:
            with pytest.raises(NoPolicyInForceError, match=r"^instant: .* before the first"):
                history.in_force_at(instant)
            return
        holding = [
            version
            for version, start, end in zip(history.versions, starts, ends, strict=True)
            if start <= instant.astimezone(UTC) and (end is None or instant.astimezone(UTC) < end)
        ]
        latest = max(
            (v for v in history.versions if v.effective_from <= instant),
            key=lambda v: v.effective_from.astimezone(UTC),
        )
        assert len(holding) == 1
        assert history.in_force_at(instant) is holding[0] is latest

    def test_an_instant_before_the_first_version_is_an_error_not_a_default(self) -> None:
        """3(a): no version was posted for an instant before the first took effect; none is assumed."""
        with pytest.raises(NoPolicyInForceError) as raised:
            DEFAULT_HISTORY.in_force_at(datetime(2024, 12, 31, 15, 59, 59, tzinfo=UTC))
        assert str(raised.value) == (
            "instant: datetime.datetime(2024, 12, 31, 15, 59, 59, tzinfo=zoneinfo.ZoneInfo("
            "key='UTC')) is before the first version of the policy took effect; expected an "
            "instant at or after 2025-01-01T00:00:00+08:00, when the first version, "
            "'published', took effect (clause 3(a))"
        )

    def test_a_naive_instant_is_refused(self) -> None:
        """Ruling 6: "every instant must carry a time zone", also when asking which version is in force."""
        with pytest.raises(NaiveDatetimeError, match=r"^instant: "):
            DEFAULT_HISTORY.in_force_at(datetime(2026, 11, 1))  # noqa: DTZ001  # naive on purpose

    @pytest.mark.parametrize(
        ("versions", "error", "message"),
        [
            (
                (),
                EmptyHistoryError,
                (
                    r"^versions: \(\) holds no policy version; "
                    r"expected at least one PolicyVersion, such as \(DEFAULT_POLICY,\)$"
                ),
            ),
            (
                (DEFAULT_POLICY, attrs.evolve(AMENDMENT, version_id="published")),
                DuplicateVersionError,
                (
                    r"^versions\[1\]\.version_id: 'published' names a version id twice; "
                    r"expected an id that versions\[0\] does not use$"
                ),
            ),
            (
                (
                    DEFAULT_POLICY,
                    attrs.evolve(
                        AMENDMENT,
                        effective_from=datetime(2024, 12, 31, 16, 0, tzinfo=UTC),
                        posted_at=datetime(2024, 12, 1, tzinfo=UTC),
                    ),
                ),
                SimultaneousVersionsError,
                (
                    r"^versions\[1\]\.effective_from: datetime\.datetime\(2024, 12, 31, 16, 0, "
                    r"tzinfo=zoneinfo\.ZoneInfo\(key='UTC'\)\) takes effect at the same instant as "
                    r"another version; expected an instant at which no other version takes effect: "
                    r"versions\[0\] takes effect then$"
                ),
            ),
            (
                (AMENDMENT, DEFAULT_POLICY),
                VersionOrderError,
                (
                    r"^versions\[1\]\.effective_from: datetime\.datetime\(2025, 1, 1, 0, 0, "
                    r"tzinfo=zoneinfo\.ZoneInfo\(key='Asia/Hong_Kong'\)\) takes effect before the "
                    r"version listed before it; expected versions in the order they take effect: "
                    r"after 2027-01-01T00:00:00\+08:00, when '2027-01' does$"
                ),
            ),
            ([DEFAULT_POLICY], InvalidTypeError, r"^versions: \[.*a tuple of a PolicyVersion"),
        ],
        ids=["empty", "duplicate id", "same instant", "out of order", "not a tuple"],
    )
    def test_a_history_that_cannot_say_which_version_is_in_force_is_refused(
        self, versions: tuple[PolicyVersion, ...], error: type[Exception], message: str
    ) -> None:
        """3(a): one version in force at each instant: no empty history, no twin ids or instants, in effective order."""
        with pytest.raises(error, match=message):
            PolicyHistory(versions)

    def test_a_version_effective_before_it_was_posted_cannot_enter_a_history(self) -> None:
        """3(a): "Any changes will be posted ... with an updated effective date": posted first, then in force."""
        with pytest.raises(
            ChronologyError, match=r"^posted_at: .* after the version takes effect"
        ):
            PolicyHistory(
                (
                    DEFAULT_POLICY,
                    attrs.evolve(AMENDMENT, posted_at=datetime(2027, 1, 2, tzinfo=HK)),
                )
            )

    def test_the_governing_rule_is_typed(self) -> None:
        """Ruling 9: the governing instant is a parameter with two values, payment or request."""
        with pytest.raises(InvalidTypeError, match=r"^governing: 'payment' "):
            PolicyHistory((DEFAULT_POLICY,), governing="payment")  # type: ignore[arg-type]  # the wrong type is the point

    def test_a_version_is_found_by_the_id_a_decision_cites(self) -> None:
        """3(a): an auditor finds the words and parameters a decision rested on from its version id."""
        history = PolicyHistory((DEFAULT_POLICY, AMENDMENT))

        assert history.version("2027-01") is AMENDMENT
        with pytest.raises(UnknownVersionError, match=r"^version_id: '2026-01' .*'published'"):
            history.version("2026-01")


# ----------------------------------------------------------------- what changed


def _meaning(version: PolicyVersion, field: str) -> object:
    """What a field means for the policy: instants as instants, collections by key."""
    value = getattr(version, field)
    if field in {"effective_from", "posted_at"}:
        return value.astimezone(UTC)
    if field == "time_zone":
        return value.key
    if field == "fee_schedules":
        return {
            s.currency: (
                s.administrative,
                {f.payment_method: (f.rate, f.fixed) for f in s.processing},
            )
            for s in value
        }
    if field == "packages":
        return {p.code: (p.name, p.floor_price) for p in value}
    if field == "clauses":
        return {c.clause_id: (c.heading, c.text) for c in value}
    return value


_FIELDS = [field.name for field in attrs.fields(PolicyVersion) if field.init]


class TestWhatChanged:
    """3(a): "Any changes will be posted on our website": `diff` lists them for the notice."""

    def test_the_issues_amendment_in_plain_terms(self) -> None:
        """3(a): the notice of a 7-day window and a USD 25 administrative fee, in plain, stable words."""
        changes = diff(DEFAULT_POLICY, AMENDMENT)

        assert [(change.path, str(change)) for change in changes] == [
            ("version_id", "version: published -> 2027-01"),
            (
                "effective_from",
                "effective from: 2025-01-01T00:00:00+08:00 -> 2027-01-01T00:00:00+08:00",
            ),
            ("posted_at", "posted: 2025-01-01T00:00:00+08:00 -> 2026-12-01T00:00:00+08:00"),
            ("refund_window.days", "refund window: 14 -> 7 days"),
            (
                "fee_schedules[USD].administrative",
                "administrative fee (USD): USD 0.00 -> USD 25.00",
            ),
            ("clauses[2.2(a)].text", "clause 2.2(a): text changed"),
            ("description", "description: changed"),
        ]
        assert (changes[3].old, changes[3].new) == ("14", "7")
        assert changes[5].new == AMENDMENT.clause("2.2(a)").sha256

    def test_a_change_of_the_notice_of_price_changes_is_posted(self) -> None:
        """
        3(a): "Any changes will be posted on our website": so is a shorter notice of price changes (1.1(b)).

        1.1(b): "These fees ... are subject to change with prior notice": the
        notice is a parameter of the version, and an amendment that shortens
        it is a change the customer must be told of.
        """
        shorter = attrs.evolve(DEFAULT_POLICY, price_change_notice_days=1)

        assert [(c.path, c.old, c.new, str(c)) for c in diff(DEFAULT_POLICY, shorter)] == [
            (
                "price_change_notice_days",
                "30",
                "1",
                "notice of a price change: 30 -> 1 day",
            )
        ]

    def test_a_changed_clause_is_named_with_the_hashes_of_both_texts(self) -> None:
        """3(a): "Any changes will be posted": a clause whose words changed is named, its hashes given."""
        index = [clause.clause_id for clause in PUBLISHED_CLAUSES].index("2.2(a)")
        shorter_words = PUBLISHED_CLAUSES[index].text.replace("14 days", "7 days")
        amended = attrs.evolve(
            DEFAULT_POLICY,
            clauses=(
                *PUBLISHED_CLAUSES[:index],
                attrs.evolve(PUBLISHED_CLAUSES[index], text=shorter_words),
                *PUBLISHED_CLAUSES[index + 1 :],
            ),
        )

        (change,) = diff(DEFAULT_POLICY, amended)

        assert (change.path, str(change)) == (
            "clauses[2.2(a)].text",
            "clause 2.2(a): text changed",
        )
        assert change.old == PUBLISHED_CLAUSES[index].sha256
        assert change.new == amended.clause("2.2(a)").sha256

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            (
                {"time_zone": ZoneInfo("Europe/Berlin")},
                [("time_zone", "time zone: Asia/Hong_Kong -> Europe/Berlin")],
            ),
            (
                {
                    "refund_window": RefundWindow(
                        days=1,
                        roll_to_working_day=True,
                        weekend=frozenset({7}),
                        holidays=frozenset({date(2027, 1, 1)}),
                    )
                },
                [
                    ("refund_window.days", "refund window: 14 -> 1 day"),
                    (
                        "refund_window.roll_to_working_day",
                        "refund window, last day off work rolls to the next working day: no -> yes",
                    ),
                    (
                        "refund_window.weekend",
                        "refund window, weekend: Saturday, Sunday -> Sunday",
                    ),
                    ("refund_window.holidays", "refund window, holidays: added 2027-01-01"),
                ],
            ),
            (
                {"refund_window": RefundWindow(weekend=frozenset())},
                [("refund_window.weekend", "refund window, weekend: Saturday, Sunday -> none")],
            ),
            (
                {"rounding": RoundingMode.HALF_EVEN, "tax_refund": TaxRefundMode.PROPORTIONAL},
                [
                    ("rounding", "rounding of fees: half-up -> half-even"),
                    ("tax_refund", "tax refunded: in full -> in proportion to the price refunded"),
                ],
            ),
            (
                {
                    "fee_schedules": _schedule(
                        DEFAULT_POLICY,
                        processing=(
                            ProcessingFee(
                                payment_method=PaymentMethod.CREDIT_CARD,
                                rate=Decimal("0.029"),
                                fixed=usd("0.35"),
                            ),
                            DEFAULT_POLICY.fee_schedules[0].processing[1],
                            DEFAULT_POLICY.fee_schedules[0].processing[3],
                        ),
                    )
                },
                [
                    (
                        "fee_schedules[USD].processing[credit_card].rate",
                        "processing fee by credit card (USD), rate: 3 % -> 2.9 %",
                    ),
                    (
                        "fee_schedules[USD].processing[credit_card].fixed",
                        "processing fee by credit card (USD), fixed part: USD 0.30 -> USD 0.35",
                    ),
                    (
                        "fee_schedules[USD].processing[paypal]",
                        "payment by PayPal (USD): no longer offered",
                    ),
                ],
            ),
            (
                {
                    "fee_schedules": (
                        *DEFAULT_POLICY.fee_schedules,
                        FeeSchedule(
                            currency="EUR",
                            processing=tuple(
                                ProcessingFee(
                                    payment_method=m, rate=Decimal(0), fixed=Money.zero("EUR")
                                )
                                for m in (
                                    PaymentMethod.CREDIT_CARD,
                                    PaymentMethod.DEBIT_CARD,
                                    PaymentMethod.PAYPAL,
                                    PaymentMethod.BANK_TRANSFER,
                                )
                            ),
                            administrative=Money.zero("EUR"),
                        ),
                    )
                },
                [
                    (
                        "fee_schedules[EUR]",
                        "currency EUR: now accepted, administrative fee EUR 0.00; processing fee by credit card 0 % + EUR 0.00, by debit card 0 % + EUR 0.00, by PayPal 0 % + EUR 0.00, by bank transfer 0 % + EUR 0.00",
                    )
                ],
            ),
            (
                {
                    "packages": (
                        attrs.evolve(ALL_IN_ONE, name="All-in-one", floor_price=usd("600")),
                        Package(code="audit", name="Audit", floor_price=usd("100")),
                    )
                },
                [
                    (
                        "packages[all-in-one].name",
                        "name of package all-in-one: ALL IN ONE -> All-in-one",
                    ),
                    (
                        "packages[all-in-one].floor_price",
                        "floor price of All-in-one: USD 500.00 -> USD 600.00",
                    ),
                    (
                        "packages[tiktok-shop-management]",
                        "package TikTok Shop management: no longer sold",
                    ),
                    ("packages[audit]", "package Audit: now sold, from USD 100.00"),
                ],
            ),
            (
                {"support_contact": attrs.evolve(TTRE_SUPPORT, email="refunds@ttr-e.com")},
                [
                    (
                        "support_contact.email",
                        "support email: partners@ttr-e.com -> refunds@ttr-e.com",
                    )
                ],
            ),
            (
                {
                    "clauses": (
                        attrs.evolve(PUBLISHED_CLAUSES[0], heading="Prices"),
                        *PUBLISHED_CLAUSES[1:],
                        ClauseText(
                            clause_id="6(a)",
                            heading="Governing law",
                            text="Hong Kong law governs.",
                        ),
                    )
                },
                [
                    (
                        "clauses[1.1(a)].heading",
                        "clause 1.1(a), heading: Pricing and Fees -> Prices",
                    ),
                    ("clauses[6(a)]", "clause 6(a): added"),
                ],
            ),
        ],
        ids=[
            "zone",
            "window",
            "weekend",
            "rounding and tax",
            "processing fees",
            "currency",
            "packages",
            "support",
            "clauses",
        ],
    )
    def test_every_kind_of_parameter_is_named_in_plain_terms(
        self, changes: dict[str, Any], expected: list[tuple[str, str]]
    ) -> None:
        """3(a): every parameter that differs is in the notice, with a stable path and plain words."""
        amended = attrs.evolve(DEFAULT_POLICY, **changes)

        assert [(c.path, str(c)) for c in diff(DEFAULT_POLICY, amended)] == expected
        assert sorted((c.path, c.old, c.new) for c in diff(amended, DEFAULT_POLICY)) == sorted(
            (c.path, c.new, c.old) for c in diff(DEFAULT_POLICY, amended)
        )

    @pytest.mark.parametrize(
        ("before", "after", "expected"),
        [
            (
                (),
                (date(2027, 2, 1), date(2027, 1, 1)),
                (
                    "none",
                    "2027-01-01, 2027-02-01",
                    "refund window, holidays: added 2027-01-01, 2027-02-01",
                ),
            ),
            (
                (date(2027, 1, 1), date(2027, 2, 1)),
                (),
                (
                    "2027-01-01, 2027-02-01",
                    "none",
                    "refund window, holidays: removed 2027-01-01, 2027-02-01",
                ),
            ),
            (
                (date(2027, 1, 1),),
                (date(2027, 12, 25), date(2027, 2, 1)),
                (
                    "2027-01-01",
                    "2027-02-01, 2027-12-25",
                    "refund window, holidays: added 2027-02-01, 2027-12-25; removed 2027-01-01",
                ),
            ),
        ],
        ids=["added", "removed", "both"],
    )
    def test_holidays_are_listed_by_date_as_added_and_removed(
        self, before: tuple[date, ...], after: tuple[date, ...], expected: tuple[str, str, str]
    ) -> None:
        """3(a): "Any changes will be posted": each holiday added or removed is named, dates in order."""
        old, new = (
            attrs.evolve(
                DEFAULT_POLICY,
                refund_window=RefundWindow(roll_to_working_day=True, holidays=frozenset(days)),
            )
            for days in (before, after)
        )

        (change,) = diff(old, new)

        assert change.path == "refund_window.holidays"
        assert (change.old, change.new, str(change)) == expected

    def test_a_currency_accepted_or_withdrawn_hides_no_other_change(self) -> None:
        """
        3(a) and ruling 5: a currency now accepted (or no longer) is one change among others.

        Euros come before dollars: the euro schedule added, or withdrawn,
        does not end the list before the dollar's new administrative fee.
        """
        schedule = DEFAULT_POLICY.fee_schedules[0]
        new = attrs.evolve(
            DEFAULT_POLICY,
            fee_schedules=(attrs.evolve(schedule, administrative=usd("25.00")), EUROS),
        )
        euro_fees = (
            "administrative fee EUR 0.00; processing fee by credit card 3 % + EUR 0.30, "
            "by debit card 1.5 % + EUR 0.30, by PayPal 3.49 % + EUR 0.49, "
            "by bank transfer 0 % + EUR 15.00"
        )

        assert [str(change) for change in diff(DEFAULT_POLICY, new)] == [
            f"currency EUR: now accepted, {euro_fees}",
            "administrative fee (USD): USD 0.00 -> USD 25.00",
        ]
        assert [str(change) for change in diff(new, DEFAULT_POLICY)] == [
            "currency EUR: no longer accepted",
            "administrative fee (USD): USD 25.00 -> USD 0.00",
        ]

    def test_a_payment_method_offered_again_is_named_with_its_fee(self) -> None:
        """3(a) and 1.2(b): a payment method the new version offers is posted with its processing fee."""
        no_paypal = attrs.evolve(DEFAULT_POLICY, fee_schedules=_without_paypal(DEFAULT_POLICY))

        (change,) = diff(no_paypal, DEFAULT_POLICY)

        assert (change.path, change.old, change.new, str(change)) == (
            "fee_schedules[USD].processing[paypal]",
            None,
            "3.49 % + USD 0.49",
            "payment by PayPal (USD): now offered, processing fee 3.49 % + USD 0.49",
        )

    def test_removals_are_named_too(self) -> None:
        """3(a): a currency no longer accepted and a clause withdrawn are changes the notice states."""
        with_eur = attrs.evolve(
            DEFAULT_POLICY,
            fee_schedules=(
                *DEFAULT_POLICY.fee_schedules,
                EUROS,
            ),
            clauses=(
                *PUBLISHED_CLAUSES,
                ClauseText(
                    clause_id="6(a)", heading="Governing law", text="Hong Kong law governs."
                ),
            ),
            description="With euros.",
        )

        assert [str(change) for change in diff(with_eur, DEFAULT_POLICY)] == [
            "currency EUR: no longer accepted",
            "clause 6(a): removed",
            "description: changed",
        ]

    def test_the_same_instant_written_in_another_zone_is_no_change(self) -> None:
        """3(a): the "effective date" is an instant; writing it in UTC changes nothing."""
        in_utc = attrs.evolve(
            DEFAULT_POLICY,
            effective_from=DEFAULT_POLICY.effective_from.astimezone(UTC),
            posted_at=DEFAULT_POLICY.posted_at.astimezone(UTC),
        )

        assert diff(DEFAULT_POLICY, in_utc) == ()

    @given(version=policy_versions())
    def test_a_version_differs_from_itself_in_nothing(self, version: PolicyVersion) -> None:
        """3(a): with no change there is nothing to post: diff(a, a) is empty."""
        assert diff(version, version) == ()
        assert diff(version, attrs.evolve(version)) == ()

    @given(data=st.data())
    @example(data=None).via("the issue's amendment")
    def test_diff_names_exactly_the_fields_that_differ(self, data: st.DataObject | None) -> None:
        """
        3(a): "Any changes will be posted": every field that differs is named, and no other.

        The fields named by the changes' paths are exactly the fields whose
        meaning differs (instants compared as instants, collections by key);
        the diff the other way round has the same paths with old and new
        swapped (in the old version's order, so perhaps in another order).
        """
        old = DEFAULT_POLICY if data is None else data.draw(policy_versions())
        new = AMENDMENT if data is None else data.draw(amendments(old))
        changes = diff(old, new)

        named = {change.path.split(".")[0].split("[")[0] for change in changes}
        differing = {f for f in _FIELDS if _meaning(old, f) != _meaning(new, f)}
        assert named == differing
        assert len({change.path for change in changes}) == len(changes)
        assert sorted((c.path, c.new, c.old) for c in diff(new, old)) == sorted(
            (c.path, c.old, c.new) for c in changes
        )

    def test_a_change_changes_something(self) -> None:
        """3(a): a change record with equal old and new values would post a change that is none."""
        with pytest.raises(
            InvalidValueError, match=r"^new: '14' .* other than the old one"
        ) as same:
            PolicyChange(path="refund_window.days", old="14", new="14", description="x")
        with pytest.raises(InvalidTypeError, match=r"^old: 14 ") as mistyped:
            PolicyChange(path="refund_window.days", old=14, new="7", description="x")  # type: ignore[arg-type]  # the wrong type is the point

        assert str(same.value) == (
            "new: '14' is not valid here; expected a value other than the old one, '14'"
        )
        assert str(mistyped.value) == "old: 14 is of the wrong type; expected a string, or None"

    def test_diff_compares_versions(self) -> None:
        """3(a): a diff is between two versions of the policy; the refusal names which one is not."""
        with pytest.raises(InvalidTypeError, match=r"^new: 'published' .* a PolicyVersion") as new:
            diff(DEFAULT_POLICY, "published")  # type: ignore[arg-type]  # the wrong type is the point
        with pytest.raises(InvalidTypeError, match=r"^old: None ") as old:
            diff(None, DEFAULT_POLICY)  # type: ignore[arg-type]  # the wrong type is the point

        assert str(new.value) == (
            "new: 'published' is of the wrong type; expected a PolicyVersion"
        )
        assert str(old.value) == "old: None is of the wrong type; expected a PolicyVersion"


# -------------------------------------------------- which decisions it changes


def _decided(version: PolicyVersion, example: ImpactExample) -> RefundDecision | None:
    """Decide the example afresh under *version*; None where the version refuses it."""
    try:
        return evaluate_refund(example.purchase, example.request, (), version)
    except (CurrencyNotAcceptedError, PaymentMethodNotOfferedError):
        return None


def _alike(first: RefundDecision | None, second: RefundDecision | None) -> bool:
    if first is None or second is None:
        return first is second
    return (first.outcome, first.refund) == (second.outcome, second.refund)


def _deadline(version: PolicyVersion, example: ImpactExample) -> datetime:
    return version.refund_window.deadline(example.purchase.purchased_at, version.time_zone)


#: A package sold from USD 0, so that any price may be tried.
_FREE_PACKAGE = attrs.evolve(ALL_IN_ONE, floor_price=usd("0"))


class TestWhichDecisionsChange:
    """3(a): the policy "may be modified at any time": `amendment_impact` shows which decisions move."""

    def test_the_issues_amendment_changes_the_window_and_the_fee(self) -> None:
        """
        3(a) with 2.2(a) and 2.2(b): a 7-day window and a USD 25 administrative fee.

        One example each, at the boundary: a purchase at the amendment's
        effective instant asked one microsecond after the new, earlier
        deadline; and the cheapest package cancelled at once, USD 25 less.
        Each is explained in one line: the instants in the version's zone,
        both deadlines, and how each version decides.
        """
        impact = amendment_impact(DEFAULT_POLICY, AMENDMENT)
        window, fee = impact.examples

        assert impact.kinds == (ImpactKind.WINDOW, ImpactKind.ADMINISTRATIVE_FEE)
        assert not impact.no_decision_can_change
        assert impact.purchased_from.isoformat() == "2027-01-01T00:00:00+08:00"
        assert window.explanation == (
            "bought 2027-01-01T00:00:00+08:00, asked 2027-01-09T00:00:00+08:00 "
            "(the window closes 2027-01-15T23:59:59.999999+08:00 under published, "
            "2027-01-08T23:59:59.999999+08:00 under 2027-01): "
            "published: eligible, refund USD 484.70; 2027-01: not eligible, refund USD 0.00"
        )
        assert window.purchase.purchased_at == AMENDMENT.effective_from
        assert window.request.requested_at == datetime(2027, 1, 9, tzinfo=HK)
        assert window.request.requested_at == _deadline(AMENDMENT, window) + ONE_MICROSECOND
        assert window.old_decision is not None
        assert window.new_decision is not None
        assert (window.old_decision.eligible, window.new_decision.eligible) == (True, False)
        assert fee.old_decision is not None
        assert fee.new_decision is not None
        assert (fee.old_decision.refund, fee.new_decision.refund) == (usd("484.70"), usd("459.70"))
        assert fee.explanation == (
            "USD 500.00 paid by credit card, cancelled at once: "
            "published: eligible, refund USD 484.70; 2027-01: eligible, refund USD 459.70"
        )

    @given(version=policy_versions())
    def test_identical_versions_have_no_impact(self, version: PolicyVersion) -> None:
        """3(a): an "update" that changes no parameter changes no decision: none is reported."""
        impact = amendment_impact(version, attrs.evolve(version, version_id="same-again"))

        assert impact.examples == ()
        assert impact.without_example == ()
        assert impact.no_decision_can_change

    @given(data=st.data())
    def test_every_reported_example_really_decides_differently(self, data: st.DataObject) -> None:
        """
        3(a): an example is evidence: decided afresh, the two versions disagree on it.

        For any amendment, every example is decided again under the old and
        the new version; the decisions are those reported and differ in
        outcome or refund. Each kind is reported once, and never both with
        and without an example.
        """
        old = data.draw(policy_versions())
        new = data.draw(amendments(old))
        impact = amendment_impact(old, new)

        for found in impact.examples:
            note(found.explanation)
            before, after = _decided(old, found), _decided(new, found)
            assert _alike(before, found.old_decision)
            assert _alike(after, found.new_decision)
            assert not _alike(before, after)
        assert len(set(impact.kinds)) == len(impact.kinds)
        assert not set(impact.kinds) & set(impact.without_example)

    @given(data=st.data())
    def test_when_no_decision_can_change_none_does(self, data: st.DataObject) -> None:
        """
        3(a): "no decision can change" is a promise: any case under the old version is decided alike under the new.

        Amendments of any fields, often only of words, support or packages;
        whenever the impact says no decision can change, a drawn case gets
        the same outcome and refund under both versions.
        """
        old = data.draw(policy_versions())
        fields = data.draw(
            st.one_of(
                st.sets(
                    st.sampled_from(("packages", "support_contact", "clauses", "description"))
                ),
                st.sets(st.sampled_from(AMENDABLE_FIELDS)),
            )
        )
        new = data.draw(amendments(old, changes=sorted(fields)))
        the_purchase, events, the_request = data.draw(cases(old))

        impact = amendment_impact(old, new)

        if impact.no_decision_can_change:
            assert _alike(
                evaluate_refund(the_purchase, the_request, events, old),
                evaluate_refund(the_purchase, the_request, events, new),
            )

    @given(old=policy_versions(), data=st.data())
    def test_a_longer_window_makes_no_request_worse_off(
        self, old: PolicyVersion, data: st.DataObject
    ) -> None:
        """
        3(a) with 2.2(a): lengthening "within 14 days" never turns an eligible request down nor refunds it less.

        For any case, the decision under the longer window is eligible
        whenever the shorter one's is, with at least the same refund; and
        every impact example is a request that only the longer window allows.
        """
        window = old.refund_window
        longer = _later(
            old,
            "longer",
            refund_window=attrs.evolve(
                window, days=window.days + data.draw(st.integers(1, 30), label="more days")
            ),
        )
        the_purchase, events, the_request = data.draw(cases(old))

        shorter_decision = evaluate_refund(the_purchase, the_request, events, old)
        longer_decision = evaluate_refund(the_purchase, the_request, events, longer)

        assert shorter_decision.eligible <= longer_decision.eligible
        assert shorter_decision.refund <= longer_decision.refund
        for found in amendment_impact(old, longer).examples:
            assert found.old_decision is not None
            assert found.new_decision is not None
            assert (found.old_decision.eligible, found.new_decision.eligible) == (False, True)

    @given(old=policy_versions(), window=refund_windows())
    @example(old=DEFAULT_POLICY, window=RefundWindow(days=7)).via("the issue's 7-day window")
    @example(old=DEFAULT_POLICY, window=RefundWindow(roll_to_working_day=True)).via(
        "rolling switched on"
    )
    def test_a_moved_window_is_shown_at_its_deadline(
        self, old: PolicyVersion, window: RefundWindow
    ) -> None:
        """
        2.2(a) with ruling 1: a window of another length, or rolling switched, shows one request 1 µs after a deadline.

        By construction, not by luck: when the length differs, or rolling is
        switched with a weekend to roll past, the example is found, and its
        request is one microsecond after the deadline of one of the versions.
        """
        new = _later(old, "moved", refund_window=window)
        impact = amendment_impact(old, new)
        before = old.refund_window

        if window.days != before.days or (
            window.roll_to_working_day != before.roll_to_working_day
            and (window.weekend if window.roll_to_working_day else before.weekend)
        ):
            assert ImpactKind.WINDOW in impact.kinds
        for found in impact.examples:
            asked = found.request.requested_at.astimezone(UTC)
            deadlines = {_deadline(v, found).astimezone(UTC) for v in (old, new)}
            assert asked - ONE_MICROSECOND in deadlines

    def test_a_holiday_the_window_rolls_past_is_found(self) -> None:
        """2.2(a), rolling: a new holiday moves the deadline only of purchases whose last day meets it; one is found."""
        rolling = attrs.evolve(
            DEFAULT_POLICY, refund_window=RefundWindow(roll_to_working_day=True)
        )
        holiday = date(2028, 5, 3)  # a Wednesday, far from the first purchase date
        with_holiday = _later(
            rolling,
            "may-holiday",
            refund_window=attrs.evolve(rolling.refund_window, holidays=frozenset({holiday})),
        )

        (found,) = amendment_impact(rolling, with_holiday).examples

        assert found.purchase.purchased_at.date() == holiday - timedelta(days=14)
        assert found.request.requested_at == datetime(2028, 5, 4, tzinfo=HK)

    def test_a_holiday_after_a_weekend_is_found_from_the_first_last_day_it_moves(self) -> None:
        """
        2.2(a), rolling: a last day on the weekend before a Monday holiday rolls past the holiday too.

        Monday 1 May 2028 becomes a holiday. A last day on Saturday 29 April
        used to roll to that Monday and now rolls to Tuesday: the first
        purchase moved is the one of Saturday 15 April, asked at Tuesday's
        first instant, when only the new window is still open.
        """
        rolling = attrs.evolve(
            DEFAULT_POLICY, refund_window=RefundWindow(roll_to_working_day=True)
        )
        holiday = date(2028, 5, 1)
        with_holiday = _later(
            rolling,
            "may-day",
            refund_window=attrs.evolve(rolling.refund_window, holidays=frozenset({holiday})),
        )

        (found,) = amendment_impact(rolling, with_holiday).examples

        assert found.purchase.purchased_at == datetime(2028, 4, 15, tzinfo=HK)
        assert found.request.requested_at == datetime(2028, 5, 2, tzinfo=HK)

    @pytest.mark.parametrize(
        ("weekend", "purchased_from", "bought", "new_weekend"),
        [
            (
                frozenset({6, 7}),
                datetime(2025, 1, 3, tzinfo=HK),
                datetime(2025, 1, 4, tzinfo=HK),
                frozenset({7}),
            ),
            (
                frozenset(),
                datetime(2979, 12, 10, tzinfo=HK),
                datetime(2979, 12, 16, tzinfo=HK),
                frozenset({4}),
            ),
        ],
        ids=["Saturday no longer off", "the last searched date"],
    )
    def test_a_change_of_weekend_is_found_on_the_first_purchase_it_moves(
        self,
        weekend: frozenset[int],
        purchased_from: datetime,
        bought: datetime,
        new_weekend: frozenset[int],
    ) -> None:
        """
        2.2(a), rolling: only a last day on a changed weekday moves.

        Saturday no longer off (Sunday the only day off): from Friday 3
        January 2025 on, the first purchase whose last day is a Saturday is
        bought the next day; asked on the Sunday after its last day, it is
        late under the new weekend only. Thursday newly off: purchases are
        searched up to the last date whose window and request stay within the
        instants accepted (A70), Thursday 16 December 2979; from the Friday
        before, that date is the first purchase moved.
        """
        old = attrs.evolve(
            DEFAULT_POLICY,
            refund_window=RefundWindow(roll_to_working_day=True, weekend=weekend),
        )
        amended = _later(
            old, "new weekend", refund_window=attrs.evolve(old.refund_window, weekend=new_weekend)
        )

        (found,) = amendment_impact(old, amended, purchased_from=purchased_from).examples

        deadlines = {_deadline(old, found), _deadline(amended, found)}
        assert found.purchase.purchased_at == bought
        assert len(deadlines) == len((old, amended))
        assert found.request.requested_at == min(deadlines) + ONE_MICROSECOND

    def test_a_holiday_on_the_first_purchases_last_day_is_found_at_once(self) -> None:
        """2.2(a), rolling: a holiday on the last day of a purchase made at the amendment's effective instant."""
        rolling = attrs.evolve(
            DEFAULT_POLICY, refund_window=RefundWindow(roll_to_working_day=True)
        )
        holiday = date(2025, 1, 16)  # the Thursday 14 days after the amendment's first day
        with_holiday = _later(
            rolling,
            "new-year-holiday",
            refund_window=attrs.evolve(rolling.refund_window, holidays=frozenset({holiday})),
        )

        (found,) = amendment_impact(rolling, with_holiday).examples

        assert found.purchase.purchased_at == with_holiday.effective_from
        assert found.request.requested_at == datetime(2025, 1, 17, tzinfo=HK)

    def test_a_holiday_on_a_weekend_day_or_without_rolling_changes_nothing(self) -> None:
        """2.2(a), rolling: a holiday on a Saturday, or any holiday when the window does not roll, moves no deadline."""
        saturday = frozenset({date(2027, 1, 2)})
        rolling = RefundWindow(roll_to_working_day=True)

        for window, holidays in (
            (rolling, saturday),
            (RefundWindow(), frozenset({date(2027, 1, 4)})),
        ):
            old = attrs.evolve(DEFAULT_POLICY, refund_window=window)
            new = _later(old, "holidays", refund_window=attrs.evolve(window, holidays=holidays))
            assert amendment_impact(old, new).no_decision_can_change

    def test_far_future_holidays_stay_within_the_calendar(self) -> None:
        """2.2(a), rolling: holidays in the year 9999 are data like any other; the search stops before the calendar ends."""
        rolling = attrs.evolve(
            DEFAULT_POLICY, refund_window=RefundWindow(roll_to_working_day=True)
        )
        far = _later(
            rolling,
            "far",
            refund_window=attrs.evolve(
                rolling.refund_window, holidays=frozenset({date(9999, 12, 29), date(1, 1, 1)})
            ),
        )

        impact = amendment_impact(rolling, far)

        assert impact.without_example == (ImpactKind.WINDOW,)

    def test_a_new_time_zone_moves_the_purchase_date_and_the_deadline(self) -> None:
        """
        Ruling 1: "The purchase date is the calendar date of the purchase instant in that zone".

        Bought at midnight in Hong Kong, which is still the day before in
        Berlin: under Berlin time the window closes 17 hours earlier, and a
        request one microsecond after that is late there, in time in Hong Kong.
        """
        berlin = _later(DEFAULT_POLICY, "berlin", time_zone=ZoneInfo("Europe/Berlin"))

        (found,) = amendment_impact(DEFAULT_POLICY, berlin).examples

        assert found.kind is ImpactKind.TIME_ZONE
        assert found.boundary == (
            "bought 2025-01-01T17:00:00+01:00, asked 2025-01-16T00:00:00+01:00 "
            "(the window closes 2025-01-16T23:59:59.999999+08:00 under published, "
            "2025-01-15T23:59:59.999999+01:00 under berlin)"
        )
        assert found.purchase.purchased_at == datetime(2025, 1, 2, tzinfo=HK)
        assert found.request.requested_at == datetime(
            2025, 1, 16, tzinfo=ZoneInfo("Europe/Berlin")
        )
        assert found.request.requested_at == _deadline(berlin, found) + ONE_MICROSECOND
        assert _deadline(DEFAULT_POLICY, found) - _deadline(berlin, found) == timedelta(hours=17)
        assert found.old_decision is not None
        assert found.new_decision is not None
        assert (found.old_decision.eligible, found.new_decision.eligible) == (True, False)

    def test_a_zone_with_the_same_clocks_changes_no_decision_within_the_searched_year(
        self,
    ) -> None:
        """
        Ruling 1: another name for Hong Kong's clocks moves no deadline, so no example is found.

        The parameter differs, so the impact does not claim that no decision
        can change: the kind is listed as without example, searched over
        ZONE_SEARCH_DAYS days of purchases.
        """
        alias = _later(DEFAULT_POLICY, "alias", time_zone=ZoneInfo("Hongkong"))

        impact = amendment_impact(DEFAULT_POLICY, alias)

        assert ZONE_SEARCH_DAYS >= 365
        assert impact.examples == ()
        assert impact.without_example == (ImpactKind.TIME_ZONE,)
        assert not impact.no_decision_can_change

    @pytest.mark.parametrize(
        ("purchased_from", "found"),
        [
            (datetime(2013, 10, 11, tzinfo=MOSCOW), True),
            (datetime(2013, 10, 10, tzinfo=MOSCOW), False),
        ],
        ids=["the searched year's last day", "a day too far"],
    )
    def test_a_zone_change_is_searched_for_exactly_zone_search_days_days(
        self, purchased_from: datetime, *, found: bool
    ) -> None:
        """
        Ruling 1: purchases are searched for a change of zone over `ZONE_SEARCH_DAYS` days from the first.

        Moscow kept UTC+4 from 2011 until 26 October 2014, when it went back
        to UTC+3. Against a fixed UTC+4 the first purchase decided
        differently is bought on 12 October 2014, its last day being the
        26th: 366 days after 11 October 2013 it is found, 367 days after the
        10th it lies beyond the search.
        """
        fixed = attrs.evolve(DEFAULT_POLICY, time_zone=ZoneInfo("Etc/GMT-4"))
        moscow = _later(fixed, "moscow", time_zone=MOSCOW)

        impact = amendment_impact(fixed, moscow, purchased_from=purchased_from)

        assert (date(2014, 10, 12) - date(2013, 10, 11)).days == ZONE_SEARCH_DAYS
        if found:
            (example,) = impact.examples
            assert example.purchase.purchased_at == datetime(2014, 10, 12, tzinfo=MOSCOW)
            assert example.request.requested_at == datetime(2014, 10, 26, 23, tzinfo=MOSCOW)
        else:
            assert (impact.examples, impact.without_example) == ((), (ImpactKind.TIME_ZONE,))

    def test_a_window_example_is_a_purchase_whose_two_deadlines_differ(self) -> None:
        """
        2.2(a) with ruling 1: the window's example shows the window closing at two instants.

        London on summer time against UTC with a day more: bought at
        London's midnight on 20 October 2025 (still the 19th in UTC), both
        windows close at the end of 3 November; together with a new
        administrative fee the versions decide that purchase differently,
        but not because of the window. The example is the next purchase,
        at midnight UTC, whose windows close a day apart.
        """
        london = attrs.evolve(DEFAULT_POLICY, time_zone=ZoneInfo("Europe/London"))
        in_utc = _later(
            london,
            "utc",
            time_zone=UTC,
            refund_window=RefundWindow(days=15),
            fee_schedules=_schedule(london, administrative=usd("25.00")),
        )

        impact = amendment_impact(
            london, in_utc, purchased_from=datetime(2025, 10, 20, tzinfo=london.time_zone)
        )
        window = impact.examples[0]

        assert window.kind is ImpactKind.WINDOW
        assert _deadline(london, window) != _deadline(in_utc, window)
        assert window.purchase.purchased_at == datetime(2025, 10, 20, tzinfo=UTC)
        assert window.request.requested_at == datetime(2025, 11, 4, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("old_mode", "new_mode", "price"),
        [
            (RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, "501.50"),
            (RoundingMode.HALF_UP, RoundingMode.HALF_DOWN, "500.50"),
            (RoundingMode.HALF_UP, RoundingMode.UP, "500.67"),
            (RoundingMode.HALF_UP, RoundingMode.DOWN, "500.33"),
            (RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN, "500.50"),
        ],
    )
    def test_a_rounding_change_is_shown_at_a_tie_or_next_to_one(
        self, old_mode: RoundingMode, new_mode: RoundingMode, price: str
    ) -> None:
        """
        2.2(b) with ruling 3: "Each fee is rounded to the currency's minor unit with ROUND_HALF_UP (parameter)".

        3 % of USD 501.50 is USD 15.045, a tie; of USD 500.50, 15.015; of
        USD 500.67, 15.0201 (just above a cent); of USD 500.33, 15.0099 (just
        below). The cheapest such price from the package floor is found.
        """
        old = attrs.evolve(DEFAULT_POLICY, rounding=old_mode)

        (found,) = amendment_impact(old, _later(old, "rounded", rounding=new_mode)).examples

        assert found.kind is ImpactKind.ROUNDING
        assert usd(price) == found.purchase.price_excl_tax

    @pytest.mark.parametrize(
        ("card_rate", "floor", "old_mode", "new_mode", "price"),
        [
            ("0.03", "0.00", RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, "1.50"),
            ("0.03", "0.00", RoundingMode.HALF_UP, RoundingMode.HALF_DOWN, "0.50"),
            ("0.025", "0.61", RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN, "1.40"),
        ],
        ids=["even tie", "odd tie", "odd tie of 2.5 %"],
    )
    def test_a_rounding_change_is_shown_at_the_cheapest_tie(
        self,
        card_rate: str,
        floor: str,
        old_mode: RoundingMode,
        new_mode: RoundingMode,
        price: str,
    ) -> None:
        """
        2.2(b) with ruling 3: "Each fee is rounded to the currency's minor unit with ROUND_HALF_UP (parameter)".

        Half-even and half-up part only on a fee of an even number of cents
        and a half: 3 % of USD 1.50 is 4.5 cents. Half-down parts from both
        on an odd one: 3 % of USD 0.50 is 1.5 cents, 2.5 % of USD 1.40 is
        3.5 cents (2.5 % of USD 0.60, 1.5 cents, is below the floor). From
        the package floor, every cheaper price is decided alike.
        """
        schedule = DEFAULT_POLICY.fee_schedules[0]
        old = attrs.evolve(
            DEFAULT_POLICY,
            rounding=old_mode,
            packages=(attrs.evolve(ALL_IN_ONE, floor_price=usd(floor)),),
            fee_schedules=_schedule(
                DEFAULT_POLICY,
                processing=(
                    attrs.evolve(schedule.processing[0], rate=Decimal(card_rate)),
                    *schedule.processing[1:],
                ),
            ),
        )
        new = _later(old, "rounded", rounding=new_mode)

        (found,) = amendment_impact(old, new).examples

        assert found.kind is ImpactKind.ROUNDING
        assert usd(price) == found.purchase.price_excl_tax
        for cents in range(int(Decimal(floor) * 100), int(Decimal(price) * 100)):
            cheaper = purchase(
                package=old.packages[0],
                price_excl_tax=Money(Decimal(cents) / 100, "USD"),
                purchased_at=PAID,
            )
            assert _alike(
                evaluate_refund(cheaper, request(PAID), (), old),
                evaluate_refund(cheaper, request(PAID), (), new),
            )

    def test_a_new_rate_is_shown_no_later_than_where_the_fees_are_two_cents_apart(self) -> None:
        """
        2.2(b) with ruling 3: where two rates' fees are two cents apart, no rounding makes them equal.

        No fees at all, then a card rate of 0.0065 %: its fee reaches two
        cents at USD 307.70 (0.0200005), which rounds to a fee the old
        version does not charge. The example is found there or before.
        """
        schedule = DEFAULT_POLICY.fee_schedules[0]
        no_fees = attrs.evolve(
            DEFAULT_POLICY,
            packages=(attrs.evolve(ALL_IN_ONE, floor_price=usd("0")),),
            fee_schedules=_schedule(
                DEFAULT_POLICY,
                processing=tuple(
                    attrs.evolve(fee, rate=Decimal(0), fixed=usd("0"))
                    for fee in schedule.processing
                ),
            ),
        )
        card, *others = no_fees.fee_schedules[0].processing
        new = _later(
            no_fees,
            "rate",
            fee_schedules=_schedule(
                no_fees, processing=(attrs.evolve(card, rate=Decimal("0.000065")), *others)
            ),
        )

        (found,) = amendment_impact(no_fees, new).examples

        assert found.kind is ImpactKind.PROCESSING_FEE
        assert found.purchase.price_excl_tax <= usd("307.70")

    def test_the_first_price_the_fees_leave_something_of_is_found_exactly(self) -> None:
        """
        2.2(b) with ruling 3: "The fees together never exceed the tax-exclusive price": the cheapest price one version refunds and the other does not.

        A card rate of 60 % rounded up (CEILING): USD 3.80 + USD 66.23 of
        fixed fees take the whole of any price below USD 175.10 (at USD
        175.09 the fees are 105.06 + 70.03 = 175.09), and an amendment with
        USD 1.87 + USD 89.91 takes the whole price far longer. The first
        purchase the administrative fee's change decides differently is the
        one at USD 175.10, where the old version refunds a cent (a search
        around fixed / (1 - rate) alone reported USD 229.43).
        """
        schedule = DEFAULT_POLICY.fee_schedules[0]

        def fees(fixed: str, administrative: str) -> tuple[FeeSchedule, ...]:
            return _schedule(
                DEFAULT_POLICY,
                processing=tuple(
                    attrs.evolve(fee, rate=Decimal("0.6"), fixed=usd(fixed))
                    for fee in schedule.processing
                ),
                administrative=usd(administrative),
            )

        old = attrs.evolve(
            DEFAULT_POLICY,
            rounding=RoundingMode.CEILING,
            packages=(attrs.evolve(ALL_IN_ONE, floor_price=usd("0")),),
            fee_schedules=fees("3.80", "66.23"),
        )
        new = _later(old, "fees", fee_schedules=fees("1.87", "89.91"))

        (found,) = (
            example
            for example in amendment_impact(old, new).examples
            if example.kind is ImpactKind.ADMINISTRATIVE_FEE
        )
        before, after = (evaluate_refund(found.purchase, found.request, (), v) for v in (old, new))

        assert found.purchase.price_excl_tax == usd("175.10")
        assert found.purchase.tax == usd("0.00")
        assert (before.refund, after.refund) == (usd("0.01"), usd("0.00"))

    @given(
        rate=st.integers(0, 999_999).map(lambda units: Decimal(units).scaleb(-6)),
        fixed=st.integers(0, 100_000).map(lambda cents: Decimal(cents).scaleb(-2)),
        administrative=st.integers(0, 100_000).map(lambda cents: Decimal(cents).scaleb(-2)),
        rounding=st.sampled_from(RoundingMode),
    )
    @example(
        rate=Decimal("0.6"),
        fixed=Decimal("3.80"),
        administrative=Decimal("66.23"),
        rounding=RoundingMode.CEILING,
    ).via("USD 175.10: a rate of 60 % rounded up")
    @example(
        rate=Decimal(0), fixed=Decimal(0), administrative=Decimal(0), rounding=RoundingMode.HALF_UP
    ).via("no fees: one cent is refunded in full")
    def test_the_search_starts_at_the_first_price_the_fees_leave_something_of(
        self, rate: Decimal, fixed: Decimal, administrative: Decimal, rounding: RoundingMode
    ) -> None:
        """
        2.2(b) with ruling 3: "The fees together never exceed the tax-exclusive price": below some price they take all of it.

        The price `amendment_impact` searches from is exactly the first at
        which `evaluate_refund` refunds something of a purchase cancelled at
        once (no tax): a cent less, and the fees take the whole price.
        """
        schedule = DEFAULT_POLICY.fee_schedules[0]
        version = attrs.evolve(
            DEFAULT_POLICY,
            rounding=rounding,
            fee_schedules=_schedule(
                DEFAULT_POLICY,
                processing=tuple(
                    attrs.evolve(fee, rate=rate, fixed=usd(str(fixed)))
                    for fee in schedule.processing
                ),
                administrative=usd(str(administrative)),
            ),
        )

        first = _amendments._first_price_refunded(version, "USD", PaymentMethod.CREDIT_CARD)

        def refund_at(price: Decimal) -> Money:
            bought = purchase(price_excl_tax=Money(price, "USD"), package=_FREE_PACKAGE)
            return evaluate_refund(bought, request(PAID), (), version).refund

        assert first is not None
        assert not refund_at(first).is_zero()
        assert refund_at(first - Decimal("0.01")).is_zero()

    def test_fees_that_take_every_possible_price_show_no_example(self) -> None:
        """
        2.2(b) with ruling 3: "The fees together never exceed the tax-exclusive price": fees that take the whole of any price refund nothing, before and after.

        A card rate of 99.9999 % and a USD 1,000,000,000 administrative fee
        leave nothing of any price below ruling 5's largest amount; doubling
        the fee changes no decision, and the search says so without error.
        """
        schedule = DEFAULT_POLICY.fee_schedules[0]

        def fees(administrative: str) -> tuple[FeeSchedule, ...]:
            return _schedule(
                DEFAULT_POLICY,
                processing=tuple(
                    attrs.evolve(fee, rate=Decimal("0.999999")) for fee in schedule.processing
                ),
                administrative=usd(administrative),
            )

        old = attrs.evolve(DEFAULT_POLICY, fee_schedules=fees("1000000000.00"))
        new = _later(old, "fees", fee_schedules=fees("2000000000.00"))

        assert amendment_impact(old, new).examples == ()

    def test_packages_priced_near_the_largest_amount_are_searched_without_error(self) -> None:
        """
        2.2(b) and ruling 5: a price with as much tax again stays a sum of money; such purchases are searched too.

        Ruling 5's amounts stay below 10^15. A package at 4 x 10^14 shows a
        new administrative fee at its own price; one a cent under half the
        largest amount has its rounding change reported, with or without an
        example, and no sum of money beyond the largest is ever built.
        """
        large, largest = (
            attrs.evolve(
                DEFAULT_POLICY, packages=(attrs.evolve(ALL_IN_ONE, floor_price=usd(floor)),)
            )
            for floor in ("400000000000000.00", "499999999999999.99")
        )
        admin = _later(large, "admin", fee_schedules=_schedule(large, administrative=usd("25.00")))
        rounded = _later(largest, "rounded", rounding=RoundingMode.HALF_EVEN)

        (found,) = amendment_impact(large, admin).examples
        impact = amendment_impact(largest, rounded)

        assert found.purchase.price_excl_tax == usd("400000000000000.00")
        assert ImpactKind.ROUNDING in (*impact.kinds, *impact.without_example)

    def test_the_callers_decimal_context_changes_no_example(self) -> None:
        """3(a): the impact is a pure function of the two versions; a caller's decimal precision or rounding is not read."""
        expected = amendment_impact(DEFAULT_POLICY, AMENDMENT)

        with decimal.localcontext(prec=3, rounding=decimal.ROUND_FLOOR):
            assert amendment_impact(DEFAULT_POLICY, AMENDMENT) == expected

    @pytest.mark.parametrize(
        ("old_mode", "new_mode"),
        [(RoundingMode.UP, RoundingMode.CEILING), (RoundingMode.DOWN, RoundingMode.FLOOR)],
    )
    def test_rounding_modes_that_agree_on_amounts_change_nothing(
        self, old_mode: RoundingMode, new_mode: RoundingMode
    ) -> None:
        """Ruling 3: amounts are never negative, so ceiling rounds as up does and floor as down does."""
        old = attrs.evolve(DEFAULT_POLICY, rounding=old_mode)

        assert amendment_impact(old, _later(old, "same", rounding=new_mode)).no_decision_can_change

    def test_rounding_without_any_rate_changes_nothing(self) -> None:
        """Ruling 3: with fixed fees only and the tax refunded in full, nothing is ever rounded."""
        fixed_only = _without_rates(DEFAULT_POLICY)
        new = _later(fixed_only, "rounded", rounding=RoundingMode.DOWN)

        assert amendment_impact(fixed_only, new).no_decision_can_change

    def test_rounding_of_a_tax_refunded_in_proportion_is_never_declared_harmless(self) -> None:
        """
        Ruling 3 and ruling 4: with no rate, the tax refunded in proportion is still rounded.

        USD 500 with USD 0.01 of tax, a USD 0.30 card fee kept: the tax
        refunded is 0.01 x 499.70 / 500 = 0.009994, one cent rounded half up
        and nothing rounded down. So the impact never says that no decision
        can change.
        """
        fixed_only = _without_rates(
            attrs.evolve(DEFAULT_POLICY, tax_refund=TaxRefundMode.PROPORTIONAL)
        )
        new = _later(fixed_only, "rounded", rounding=RoundingMode.DOWN)
        taxed = purchase(tax=usd("0.01"), purchased_at=PAID)

        assert evaluate_refund(taxed, request(PAID), (), fixed_only).refund == usd("499.71")
        assert evaluate_refund(taxed, request(PAID), (), new).refund == usd("499.70")
        assert not amendment_impact(fixed_only, new).no_decision_can_change

    @pytest.mark.parametrize(
        ("fixed", "kinds", "without_example"),
        [
            ("0.30", (ImpactKind.TAX_REFUND,), ()),
            ("0.00", (), ()),
        ],
        ids=["a fixed card fee", "no fee at all"],
    )
    def test_a_tax_refunded_in_proportion_differs_only_where_a_fee_is_kept(
        self, fixed: str, kinds: tuple[ImpactKind, ...], without_example: tuple[ImpactKind, ...]
    ) -> None:
        """
        1.1(c) with ruling 4: the tax refunded "in proportion to the price refunded" is all of it when no fee is kept.

        With a fixed fee only (no rate, no administrative fee) the share
        refunded is less than the whole and the tax change is shown; with no
        fee at all every refund is whole, and no decision can change.
        """
        fees = _without_rates(DEFAULT_POLICY, usd(fixed))
        new = _later(fees, "in-proportion", tax_refund=TaxRefundMode.PROPORTIONAL)

        impact = amendment_impact(fees, new)

        assert (impact.kinds, impact.without_example) == (kinds, without_example)
        assert impact.no_decision_can_change == (not kinds)

    def test_a_paypal_fee_change_is_shown_on_a_purchase_paid_by_paypal(self) -> None:
        """2.2(b): "payment processing fees" are those of the method used; a PayPal fee change shows on a PayPal payment."""
        schedule = DEFAULT_POLICY.fee_schedules[0]
        new = _later(
            DEFAULT_POLICY,
            "paypal",
            fee_schedules=_schedule(
                DEFAULT_POLICY,
                processing=tuple(
                    attrs.evolve(fee, fixed=usd("0.59"))
                    if fee.payment_method is PaymentMethod.PAYPAL
                    else fee
                    for fee in schedule.processing
                ),
            ),
        )

        (found,) = amendment_impact(DEFAULT_POLICY, new).examples

        assert found.kind is ImpactKind.PROCESSING_FEE
        assert found.purchase.payment_method is PaymentMethod.PAYPAL
        assert found.explanation == (
            "USD 500.00 paid by PayPal, cancelled at once: "
            "published: eligible, refund USD 482.06; paypal: eligible, refund USD 481.96"
        )

    def test_each_kind_is_shown_apart_from_the_others(self) -> None:
        """
        2.2(b), 1.1(c), rulings 3 and 4: several changes at once, one example each, each showing its own change.

        A rounding tie and a proportional tax: the rounding example is not
        the tax's example again, it is a price whose fee is a tie.
        """
        new = _later(
            DEFAULT_POLICY,
            "several",
            rounding=RoundingMode.HALF_EVEN,
            tax_refund=TaxRefundMode.PROPORTIONAL,
            fee_schedules=_schedule(
                DEFAULT_POLICY,
                processing=(
                    attrs.evolve(DEFAULT_POLICY.fee_schedules[0].processing[0], fixed=usd("0.50")),
                    *DEFAULT_POLICY.fee_schedules[0].processing[1:],
                ),
            ),
        )

        processing, rounding, tax = (
            found.purchase for found in amendment_impact(DEFAULT_POLICY, new).examples
        )

        assert (rounding.price_excl_tax, rounding.tax) == (usd("501.50"), usd("0.00"))
        assert (processing.price_excl_tax, processing.tax) == (usd("500.00"), usd("0.00"))
        assert (tax.price_excl_tax, tax.tax) == (usd("500.00"), usd("50.00"))

    @pytest.mark.parametrize(
        ("old_fee", "new_fee", "price"),
        [("50.00", "60.00", "51.87"), ("50.30", "60.30", "52.18"), ("50.15", "60.15", "52.02")],
        ids=["above the cap", "just above the cap", "at the cap"],
    )
    def test_a_fee_change_hidden_by_the_cap_is_shown_where_the_cap_lets_go(
        self, old_fee: str, new_fee: str, price: str
    ) -> None:
        """
        2.2(b) with ruling 3: "The fees together never exceed the tax-exclusive price".

        A free package and a USD 50 administrative fee raised to USD 60: below
        about USD 51.87 both versions keep the whole price, so the change
        first shows where the old fees stop reaching the price: one cent
        refunded under the old version, nothing under the new. That is the
        cheapest such price, wherever the 3 % card fee rounds:

        - 3 % of 51.87 is 1.56, + 0.30 + 50.00 = 51.86 (51.86 keeps it all);
        - 3 % of 52.18 is 1.57, + 0.30 + 50.30 = 52.17 (52.17 keeps it all:
          USD 50.60 is 97 % of USD 52.1649..., just under half a cent above 52.16);
        - 3 % of 52.02 is 1.56, + 0.30 + 50.15 = 52.01, at 97 % of 52.0103...
        """
        free = attrs.evolve(ALL_IN_ONE, floor_price=usd("0"))
        old = attrs.evolve(
            DEFAULT_POLICY,
            packages=(free,),
            fee_schedules=_schedule(DEFAULT_POLICY, administrative=usd(old_fee)),
        )
        new = _later(old, "admin", fee_schedules=_schedule(old, administrative=usd(new_fee)))

        (found,) = amendment_impact(old, new).examples
        cheaper = purchase(
            package=free, price_excl_tax=usd(price) - usd("0.01"), purchased_at=PAID
        )

        assert found.kind is ImpactKind.ADMINISTRATIVE_FEE
        assert usd(price) == found.purchase.price_excl_tax
        assert found.old_decision is not None
        assert found.new_decision is not None
        assert (found.old_decision.refund, found.new_decision.refund) == (usd("0.01"), usd("0"))
        assert _alike(
            evaluate_refund(cheaper, request(PAID), (), old),
            evaluate_refund(cheaper, request(PAID), (), new),
        )

    def test_fees_of_the_whole_price_leave_no_fee_change_to_show(self) -> None:
        """
        2.2(b) with ruling 3: a card fee of 100 % already keeps the whole price; a higher administrative fee keeps no more.

        The parameter changed, so the impact does not claim that no decision
        can change; no case decides differently, so none is shown.
        """
        schedule = DEFAULT_POLICY.fee_schedules[0]
        whole = attrs.evolve(
            DEFAULT_POLICY,
            fee_schedules=_schedule(
                DEFAULT_POLICY,
                processing=tuple(
                    attrs.evolve(fee, rate=Decimal(1)) for fee in schedule.processing
                ),
            ),
        )
        new = _later(whole, "admin", fee_schedules=_schedule(whole, administrative=usd("25.00")))

        impact = amendment_impact(whole, new)

        assert impact.examples == ()
        assert impact.without_example == (ImpactKind.ADMINISTRATIVE_FEE,)

    def test_a_fee_change_next_to_a_new_currency_is_shown_in_the_old_one(self) -> None:
        """Ruling 5 and 2.2(b): a new currency and a new administrative fee; the fee is shown in the currency both accept."""
        schedule = DEFAULT_POLICY.fee_schedules[0]
        new = _later(
            DEFAULT_POLICY,
            "euros-too",
            fee_schedules=(attrs.evolve(schedule, administrative=usd("25.00")), EUROS),
        )

        fee, accepted = amendment_impact(DEFAULT_POLICY, new).examples

        assert (fee.kind, fee.purchase.currency) == (ImpactKind.ADMINISTRATIVE_FEE, "USD")
        assert (accepted.kind, accepted.purchase.currency) == (ImpactKind.ACCEPTANCE, "EUR")

    def test_a_processing_rate_change_is_told_apart_at_a_large_enough_price(self) -> None:
        """2.2(b) with ruling 3: two rates a millionth apart differ on a price of two cents' worth of millionths."""
        schedule = DEFAULT_POLICY.fee_schedules[0]
        card = schedule.processing[0]
        new = _later(
            DEFAULT_POLICY,
            "rate",
            fee_schedules=_schedule(
                DEFAULT_POLICY,
                processing=(
                    attrs.evolve(card, rate=Decimal("0.030001")),
                    *schedule.processing[1:],
                ),
            ),
        )

        (found,) = amendment_impact(DEFAULT_POLICY, new).examples

        assert found.kind is ImpactKind.PROCESSING_FEE
        assert found.old_decision is not None
        assert found.new_decision is not None
        assert found.new_decision.refund < found.old_decision.refund

    def test_a_method_or_currency_accepted_by_one_version_only_is_shown_as_refused(self) -> None:
        """Ruling 5 and 1.2(b): a payment option withdrawn leaves its purchases decided by one version only."""
        no_paypal = _later(
            DEFAULT_POLICY, "no-paypal", fee_schedules=_without_paypal(DEFAULT_POLICY)
        )
        euros_only = _later(DEFAULT_POLICY, "euros", fee_schedules=(EUROS,))

        (withdrawn,) = amendment_impact(DEFAULT_POLICY, no_paypal).examples
        impact = amendment_impact(DEFAULT_POLICY, euros_only)

        assert withdrawn.kind is ImpactKind.ACCEPTANCE
        assert withdrawn.purchase.payment_method is PaymentMethod.PAYPAL
        assert withdrawn.new_decision is None
        assert (
            "no-paypal: refused: currency or payment method not accepted" in withdrawn.explanation
        )
        assert withdrawn.boundary == "a purchase paid by PayPal, cancelled at once"
        assert impact.kinds == (ImpactKind.ACCEPTANCE,)
        assert impact.examples[0].boundary == "a purchase in EUR, cancelled at once"
        assert impact.examples[0].purchase.currency == "EUR"
        assert impact.examples[0].old_decision is None

    def test_a_currency_with_no_package_sold_in_it_is_shown_on_a_free_example_package(
        self,
    ) -> None:
        """
        Ruling 5 and 1.1(a): no package is priced in euros, so the euro case is bought as a free example package.

        The example names that package plainly, so that no reader takes it
        for one that TTR-E sells.
        """
        euros_only = _later(DEFAULT_POLICY, "euros", fee_schedules=(EUROS,))

        (accepted,) = amendment_impact(DEFAULT_POLICY, euros_only).examples

        assert accepted.purchase.package == Package(
            code="example", name="Example package", floor_price=Money.zero("EUR")
        )

    def test_with_no_currency_in_common_the_window_has_no_example(self) -> None:
        """Ruling 5: no purchase is decided under two versions that share no currency; the window's change cannot be shown."""
        new = _later(
            DEFAULT_POLICY, "euros", fee_schedules=(EUROS,), refund_window=RefundWindow(days=7)
        )

        impact = amendment_impact(DEFAULT_POLICY, new)

        assert impact.kinds == (ImpactKind.ACCEPTANCE,)
        assert impact.without_example == (ImpactKind.WINDOW,)

    def test_the_examples_start_at_a_given_purchase_instant(self) -> None:
        """3(a): an operator may ask about purchases from any instant, e.g. the day the notice is posted."""
        posted = datetime(2026, 12, 1, tzinfo=HK)

        impact = amendment_impact(DEFAULT_POLICY, AMENDMENT, purchased_from=posted)

        assert impact.purchased_from == posted
        assert impact.examples[0].purchase.purchased_at == posted
        with pytest.raises(NaiveDatetimeError, match=r"^purchased_from: "):
            amendment_impact(DEFAULT_POLICY, AMENDMENT, purchased_from=datetime(2026, 12, 1))  # noqa: DTZ001  # naive on purpose
        with pytest.raises(InvalidTypeError, match=r"^old: None ") as old:
            amendment_impact(None, AMENDMENT)  # type: ignore[arg-type]  # the wrong type is the point
        with pytest.raises(InvalidTypeError, match=r"^new: 'published' ") as new:
            amendment_impact(DEFAULT_POLICY, "published")  # type: ignore[arg-type]  # the wrong type is the point
        assert str(old.value) == "old: None is of the wrong type; expected a PolicyVersion"
        assert str(new.value) == (
            "new: 'published' is of the wrong type; expected a PolicyVersion"
        )

    def test_an_example_that_decides_alike_is_refused(self) -> None:
        """3(a): an impact example is evidence of a change; two equal decisions are none."""
        decision = evaluate_refund(purchase(), request(PAID))
        evidence = ImpactExample(
            kind=ImpactKind.WINDOW,
            boundary="nowhere",
            purchase=purchase(),
            request=request(PAID),
            old_version="published",
            new_version="published",
            old_decision=decision,
            new_decision=None,
        )

        with pytest.raises(
            InvalidValueError, match=r"^new_decision: .* differs from old_decision"
        ) as alike:
            attrs.evolve(evidence, new_decision=decision)
        with pytest.raises(InvalidTypeError, match=r"^old_decision: 'eligible' ") as mistyped:
            attrs.evolve(evidence, old_decision="eligible")  # type: ignore[arg-type]  # the wrong type is the point

        assert (alike.value.field, alike.value.value, alike.value.expected) == (
            "new_decision",
            decision,
            "a decision that differs from old_decision in its outcome or refund",
        )
        assert str(mistyped.value) == (
            "old_decision: 'eligible' is of the wrong type; "
            "expected a RefundDecision, or None for a refusal"
        )
        assert isinstance(amendment_impact(DEFAULT_POLICY, DEFAULT_POLICY), AmendmentImpact)


# ------------------------------------------------------ the deadline calculus


class TestTheDeadlineCalculus:
    """2.2(a) with ruling 1: the window as an explicit value that an amendment may change (issue 4)."""

    def test_the_fixed_parts_of_the_calculus_are_named(self) -> None:
        """Ruling 1: "counts calendar days in the policy's time zone ... the deadline is the last instant of (purchase date + 14 days)"."""
        window = DEFAULT_POLICY.refund_window

        assert (window.days, window.unit, window.counts_purchase_day) == (
            14,
            "calendar day",
            False,
        )
        assert window.ends_at == "end of the last local day"
        assert not window.roll_to_working_day
        assert window.holidays == frozenset()
        assert window.terms == (
            "14 calendar days after the purchase date (not counted), to the end of the last day"
        )

    def test_the_rolling_extension_is_stated_with_the_days_it_rolls_past(self) -> None:
        """2.2(a), as EU Regulation 1182/71 art. 3(4) counts: the amendment's rule in words."""
        assert RefundWindow(days=1, roll_to_working_day=True, weekend=frozenset()).terms == (
            "1 calendar day after the purchase date (not counted), to the end of the last day; "
            "a last day on a holiday rolls to the next working day"
        )

    @given(window=refund_windows(), bought=aware_datetimes())
    def test_the_purchase_day_does_not_count_and_the_last_day_ends_at_local_midnight(
        self, window: RefundWindow, bought: datetime
    ) -> None:
        """
        Ruling 1: "the request is in time when the calendar date of the request instant in that zone is at most the purchase date plus 14 days".

        For any window and purchase: the deadline falls on a local date at
        least `days` after the purchase date (never fewer: the purchase day
        is not counted), and one microsecond later it is the next local day.
        """
        zone = HK
        deadline = window.deadline(bought, zone)
        purchase_date = bought.astimezone(zone).date()

        assert deadline.date() >= purchase_date + timedelta(days=window.days)
        assert (deadline.astimezone(UTC) + ONE_MICROSECOND).astimezone(
            zone
        ).date() == deadline.date() + timedelta(days=1)


class TestTheDemonstration:
    """Issue 4: "`python -m ttre_policy` shows an amendment ..., its diff, its impact examples, and a decision under each governing rule"."""

    def test_the_demo_shows_the_amendment_its_diff_impact_and_governing_rules(self) -> None:
        """3(a), 5(a) and ruling 9: the main job prints the example amendment and its consequences."""
        out = io.StringIO()

        demo(out)

        lines = out.getvalue().splitlines()
        assert (
            "An amendment (clause 3(a)): version 2027-01, posted 2026-12-01 00:00 HKT, "
            "in force from 2027-01-01 00:00 HKT"
        ) in lines
        assert "  refund_window.days                  refund window: 14 -> 7 days" in lines
        assert "  clauses[2.2(a)].text                clause 2.2(a): text changed" in lines
        assert (
            "  fee_schedules[USD].administrative   administrative fee (USD): USD 0.00 -> USD 25.00"
            in lines
        )
        assert "    2027-01    not eligible  refund USD 0.00" in lines
        assert "    2027-01    eligible      refund USD 459.70" in lines
        assert (
            "  paid; the payment governs (default)  published  eligible      refund USD 484.70  "
            "agreed_by_paying 5(a)"
        ) in lines
        assert (
            "  paid; the request governs            2027-01    not eligible  refund USD 0.00    "
            "in_force_at_request 3(a)"
        ) in lines
        assert (
            "  never paid; the payment governs      published  eligible      refund USD 0.00    "
            "in_force_when_payment_was_due 1.3(b)"
        ) in lines
