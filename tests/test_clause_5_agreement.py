"""
Clause 5: the closing paragraph, agreement by payment.

5(a) "By making a payment for TTR-E’s services, you agree to the terms set
forth in this Payment & Refund Policy."

Ruling 9 of CLAUSES.md: "The customer agreed to the version in force at the
instant of payment; that version governs the purchase's refund, even when a
later amendment has come into force by the time of the request (*parameter*:
purchase-time or request-time)." With 3(a): "Any changes will be posted on
our website with an updated effective date."
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

from tests.helpers import (
    BOUGHT,
    HK,
    ONE_MICROSECOND,
    PAID,
    REVISED,
    REVISED_HISTORY,
    UTC,
    Case,
    confirmation,
    purchase,
    request,
    usd,
)
from ttre_policy import (
    DEFAULT_HISTORY,
    DEFAULT_POLICY,
    PUBLISHED_CLAUSES,
    Activation,
    GoverningInstant,
    PaymentMethod,
    PolicyHistory,
    PolicyVersion,
    ReasonCode,
    RefundDecision,
    RefundWindow,
    access_decision,
    confirm_payment,
    evaluate_refund,
)
from ttre_policy.exceptions import (
    InvalidTypeError,
    NoPolicyInForceError,
    PaymentMethodNotOfferedError,
)
from ttre_policy.testing import amendments, cases, policy_histories, purchases_under

#: In force from 2026-11-10 00:00 HKT, posted a week before: a 7-day window and a USD 25 fee.
AMENDMENT = attrs.evolve(
    DEFAULT_POLICY,
    version_id="2026-11-10",
    effective_from=datetime(2026, 11, 10, tzinfo=HK),
    posted_at=datetime(2026, 11, 3, tzinfo=HK),
    refund_window=RefundWindow(days=7),
    fee_schedules=(attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("25.00")),),
)
HISTORY = PolicyHistory((DEFAULT_POLICY, AMENDMENT))
#: Day 12 after the reference purchase (paid 2026-11-01), after the amendment took effect.
DAY_12 = datetime(2026, 11, 13, 10, 0, tzinfo=HK)


def _without_governance(decision: RefundDecision) -> RefundDecision:
    """The decision without its first reason, the one naming the governing version."""
    return attrs.evolve(decision, reasons=decision.reasons[1:])


def _the_version_at(history: PolicyHistory, instant: datetime) -> PolicyVersion:
    """The version in force at *instant*, found without `in_force_at`: the last one not after it."""
    return [v for v in history.versions if v.effective_from.astimezone(UTC) <= instant][-1]


class TestTheVersionAgreedToByPaying:
    """5(a) with ruling 9: "The customer agreed to the version in force at the instant of payment"."""

    def test_the_version_in_force_at_the_payment_governs_a_later_request(self) -> None:
        """
        5(a): "By making a payment ... you agree to the terms set forth in this Payment & Refund Policy".

        Paid on 2026-11-01 under the published policy; asked on day 12, after
        a 7-day amendment took effect: the 14-day window the customer agreed
        to governs, and the decision says why first.
        """
        decision = evaluate_refund(purchase(), request(DAY_12), policy=HISTORY)

        assert decision.eligible
        assert usd("484.70") == decision.refund
        assert decision.policy_version == "published"
        why = decision.reasons[0]
        assert (why.code, why.clause_id, why.at) == (ReasonCode.AGREED_BY_PAYING, "5(a)", PAID)
        assert why.clause_sha256 == DEFAULT_POLICY.clause("5(a)").sha256
        assert decision.clause_ids == ("2.2(a)", "2.2(b)", "5(a)")

    def test_a_purchase_paid_under_the_amendment_is_governed_by_it(self) -> None:
        """5(a) with ruling 9: paid one microsecond after the amendment took effect, its terms were agreed to."""
        paid_then = AMENDMENT.effective_from
        bought = purchase(purchased_at=paid_then - timedelta(hours=1), paid_at=paid_then)

        decision = evaluate_refund(bought, request(paid_then), policy=HISTORY)

        assert decision.policy_version == "2026-11-10"
        assert usd("459.70") == decision.refund
        assert decision.reason_codes[0] is ReasonCode.AGREED_BY_PAYING

    def test_paid_a_microsecond_before_the_amendment_the_old_terms_govern(self) -> None:
        """5(a) with 3(a): a version is in force from its effective instant; a microsecond earlier it is not yet."""
        paid_then = (AMENDMENT.effective_from.astimezone(UTC) - ONE_MICROSECOND).astimezone(HK)
        bought = purchase(purchased_at=paid_then - timedelta(hours=1), paid_at=paid_then)

        decision = evaluate_refund(bought, request(paid_then), policy=HISTORY)

        assert decision.policy_version == "published"

    @given(data=st.data())
    @example(data=None).via("the reference purchase asked on day 12")
    def test_an_amendment_in_force_after_the_payment_never_changes_the_decision(
        self, data: st.DataObject | None
    ) -> None:
        """
        5(a) with ruling 9: "that version governs the purchase's refund, even when a later amendment has come into force by the time of the request".

        For any case and any amendment taking effect after the payment, the
        decision under the history is the decision under the version in force
        at the payment, with one more reason first: agreed by paying.
        """
        events: list[Activation] = []
        if data is None:
            the_purchase, the_request, first, later = (
                purchase(),
                request(DAY_12),
                DEFAULT_POLICY,
                AMENDMENT,
            )
        else:
            the_purchase, events, the_request = data.draw(cases(paid=True))
            assert the_purchase.paid_at is not None
            first = attrs.evolve(
                data.draw(amendments(DEFAULT_POLICY, changes=["refund_window"])),
                version_id="before",
                effective_from=the_purchase.paid_at,
                posted_at=the_purchase.paid_at,
            )
            later = data.draw(amendments(first))
        history = PolicyHistory((first, later))

        decision = evaluate_refund(the_purchase, the_request, events, history)

        assert decision.reasons[0].code is ReasonCode.AGREED_BY_PAYING
        assert _without_governance(decision) == evaluate_refund(
            the_purchase, the_request, events, first
        )

    @given(history=policy_histories(governing=GoverningInstant.PAYMENT), data=st.data())
    def test_the_governing_version_is_the_one_in_force_at_the_payment(
        self, history: PolicyHistory, data: st.DataObject
    ) -> None:
        """
        5(a) with ruling 9: for any history, the decision is the one the version in force at the payment makes.

        Purchases are paid in some version's interval, often at its very
        first instant; every reason cites that version and the hash of its
        words for the clause.
        """
        start = data.draw(st.sampled_from(history.versions)).effective_from.astimezone(UTC)
        offset = data.draw(st.sampled_from((timedelta(0), timedelta(days=1))), label="paid after")
        governing = _the_version_at(history, start + offset)
        case: Case = data.draw(cases(governing, paid=True))
        the_purchase, events, the_request = case
        assert the_purchase.paid_at is not None
        shift = start + offset - the_purchase.paid_at.astimezone(UTC)
        moved = attrs.evolve(
            the_purchase,
            purchased_at=the_purchase.purchased_at.astimezone(UTC) + shift,
            paid_at=start + offset,
        )
        events = [attrs.evolve(e, at=e.at.astimezone(UTC) + shift) for e in events]
        the_request = attrs.evolve(
            the_request, requested_at=the_request.requested_at.astimezone(UTC) + shift
        )
        note(f"paid {moved.paid_at}, governed by {governing.version_id}")

        decision = evaluate_refund(moved, the_request, events, history)

        assert decision.policy_version == governing.version_id
        assert history.governing_version(moved, the_request) is governing
        assert _without_governance(decision) == evaluate_refund(
            moved, the_request, events, governing
        )
        for reason in decision.reasons:
            words = governing.clause(reason.clause_id).text
            assert reason.clause_sha256 == hashlib.sha256(words.encode("utf-8")).hexdigest()

    def test_a_payment_before_the_first_version_has_no_policy_to_agree_to(self) -> None:
        """5(a) with 3(a): no version was in force at the payment; the library refuses to guess one."""
        early = purchase(
            purchased_at=datetime(2024, 12, 31, 23, 0, tzinfo=HK),
            paid_at=datetime(2024, 12, 31, 23, 30, tzinfo=HK),
        )

        with pytest.raises(NoPolicyInForceError, match=r"^purchase\.paid_at: .* before the first"):
            evaluate_refund(
                early, request(datetime(2025, 1, 2, tzinfo=HK)), policy=DEFAULT_HISTORY
            )

    def test_a_purchase_never_paid_before_the_first_version_has_no_policy_either(self) -> None:
        """
        5(a) with 1.3(b): "Payment is due at the time of purchase": unpaid, the purchase's instant picks the version.

        Bought before the first version took effect and never paid: no
        version was in force when payment was due, and the error names that
        instant, the purchase's.
        """
        early = purchase(purchased_at=datetime(2024, 12, 31, 23, 0, tzinfo=HK), paid_at=None)

        with pytest.raises(NoPolicyInForceError) as raised:
            evaluate_refund(
                early, request(datetime(2025, 1, 2, tzinfo=HK)), policy=DEFAULT_HISTORY
            )
        assert str(raised.value) == (
            "purchase.purchased_at: datetime.datetime(2024, 12, 31, 23, 0, tzinfo=zoneinfo."
            "ZoneInfo(key='Asia/Hong_Kong')) is before the first version of the policy took "
            "effect; expected an instant at or after 2025-01-01T00:00:00+08:00, when the first "
            "version, 'published', took effect (clause 3(a))"
        )

    def test_cancelled_before_paying_under_the_amendment_the_payment_still_governs(self) -> None:
        """
        5(a) with ruling 9 and docs/rulings.md A1: asked on day 8, paid on day 10, after the amendment.

        The payment governs: the amendment in force when the customer paid.
        The cancellation made before the payment stands (A1), and the
        amendment's USD 25 fee is deducted from the refund of that payment.
        """
        bought = purchase(paid_at=datetime(2026, 11, 11, tzinfo=HK))

        decision = evaluate_refund(
            bought, request(datetime(2026, 11, 9, tzinfo=HK)), policy=HISTORY
        )

        assert decision.policy_version == "2026-11-10"
        assert decision.reason_codes[:2] == (
            ReasonCode.AGREED_BY_PAYING,
            ReasonCode.CANCELLED_BEFORE_PAYMENT,
        )
        assert usd("459.70") == decision.refund


class TestAPurchaseNeverPaid:
    """1.3(b) with ruling 9: "Payment is due at the time of purchase"."""

    def test_the_version_in_force_when_payment_was_due_governs(self) -> None:
        """
        1.3(b): "Payment is due at the time of purchase": with no payment, the version in force at the purchase governs.

        Bought before the amendment, never paid, asked after it: nothing to
        refund (ruling 7), under the published version, which says why.
        """
        unpaid = purchase(paid_at=None)

        decision = evaluate_refund(unpaid, request(DAY_12), policy=HISTORY)

        assert decision.policy_version == "published"
        assert decision.reason_codes == (
            ReasonCode.IN_FORCE_WHEN_PAYMENT_WAS_DUE,
            ReasonCode.PAYMENT_NOT_CONFIRMED,
        )
        assert decision.reasons[0].at == BOUGHT
        assert decision.clause_ids == ("1.3(b)", "1.3(c)")
        assert decision.deadline == datetime(2026, 11, 15, 23, 59, 59, 999999, tzinfo=HK)


class TestTheVersionInForceAtTheRequest:
    """3(a) with ruling 9's parameter: the request's instant may govern instead."""

    def test_the_request_governs_when_the_history_says_so(self) -> None:
        """
        3(a): "Any changes will be posted on our website with an updated effective date": in force for requests from then on.

        The same request on day 12, with the history's parameter set to the
        request: the 7-day amendment governs and the request is late.
        """
        by_request = attrs.evolve(HISTORY, governing=GoverningInstant.REQUEST)

        decision = evaluate_refund(purchase(), request(DAY_12), policy=by_request)

        assert not decision.eligible
        assert decision.policy_version == "2026-11-10"
        why = decision.reasons[0]
        assert (why.code, why.clause_id, why.at) == (
            ReasonCode.IN_FORCE_AT_REQUEST,
            "3(a)",
            DAY_12,
        )
        assert why.clause_sha256 == AMENDMENT.clause("3(a)").sha256

    @given(history=policy_histories(governing=GoverningInstant.REQUEST), data=st.data())
    def test_the_version_in_force_at_the_request_governs_any_case(
        self, history: PolicyHistory, data: st.DataObject
    ) -> None:
        """
        3(a) with ruling 9's parameter: for any history and case, the version in force at the request decides it.

        A purchase paid by a method that the version in force at the request
        no longer offers is refused, not decided under another version.
        """
        the_purchase, events, the_request = data.draw(cases(history.versions[-1]))
        asked = the_request.requested_at.astimezone(UTC)
        if asked < history.versions[0].effective_from.astimezone(UTC):
            with pytest.raises(NoPolicyInForceError, match=r"^request\.requested_at: "):
                evaluate_refund(the_purchase, the_request, events, history)
            return
        governing = _the_version_at(history, asked)
        if the_purchase.payment_method not in governing.payment_methods:
            with pytest.raises(PaymentMethodNotOfferedError, match=r"^payment_method: "):
                evaluate_refund(the_purchase, the_request, events, history)
            return

        decision = evaluate_refund(the_purchase, the_request, events, history)

        assert decision.reasons[0].code is ReasonCode.IN_FORCE_AT_REQUEST
        assert _without_governance(decision) == evaluate_refund(
            the_purchase, the_request, events, governing
        )


class TestTheWordsADecisionApplied:
    """5(a): "you agree to the terms set forth": a decision proves which words it applied."""

    def test_reasons_cite_the_hash_of_the_governing_versions_words(self) -> None:
        """
        5(a) with 3(a): an amendment that rewords 2.2(a) is cited with the hash of its own words.

        The request is decided under the amendment (the request governs);
        its 2.2(a) reason carries the hash of "within 7 days", not of the
        published "within 14 days".
        """
        index = [clause.clause_id for clause in PUBLISHED_CLAUSES].index("2.2(a)")
        reworded = attrs.evolve(
            PUBLISHED_CLAUSES[index],
            text=PUBLISHED_CLAUSES[index].text.replace("14 days", "7 days"),
        )
        amended = attrs.evolve(
            AMENDMENT,
            clauses=(*PUBLISHED_CLAUSES[:index], reworded, *PUBLISHED_CLAUSES[index + 1 :]),
        )
        history = PolicyHistory((DEFAULT_POLICY, amended), governing=GoverningInstant.REQUEST)

        decision = evaluate_refund(purchase(), request(DAY_12), policy=history)

        window = next(r for r in decision.reasons if r.clause_id == "2.2(a)")
        assert window.code is ReasonCode.OUTSIDE_CANCELLATION_WINDOW
        assert window.clause_sha256 == hashlib.sha256(reworded.text.encode("utf-8")).hexdigest()
        assert window.clause_sha256 != PUBLISHED_CLAUSES[index].sha256

    @pytest.mark.parametrize(
        ("the_purchase", "the_request", "message"),
        [
            (
                "P-1",
                request(PAID),
                "purchase: 'P-1' is of the wrong type; expected a Purchase",
            ),
            (
                purchase(),
                "R-1",
                "request: 'R-1' is of the wrong type; expected a RefundRequest",
            ),
        ],
    )
    @pytest.mark.parametrize("policy", [HISTORY, DEFAULT_POLICY], ids=["history", "version"])
    def test_a_history_decides_only_a_purchase_and_a_request(
        self,
        the_purchase: object,
        the_request: object,
        message: str,
        policy: PolicyVersion | PolicyHistory,
    ) -> None:
        """5(a): the version governing a purchase is found from the purchase and the request themselves."""
        with pytest.raises(InvalidTypeError) as raised:
            evaluate_refund(the_purchase, the_request, policy=policy)  # type: ignore[arg-type]  # the wrong type is the point
        assert message == str(raised.value)
        with pytest.raises(InvalidTypeError) as raised:
            HISTORY.governing_version(the_purchase, the_request)  # type: ignore[arg-type]  # the wrong type is the point
        assert message == str(raised.value)

    def test_a_policy_that_is_neither_a_version_nor_a_history_is_refused(self) -> None:
        """3(a): a decision applies a version of the policy, given or found in its history."""
        with pytest.raises(InvalidTypeError) as raised:
            evaluate_refund(purchase(), request(PAID), policy="published")  # type: ignore[arg-type]  # the wrong type is the point
        assert (
            "policy: 'published' is of the wrong type; expected a PolicyVersion or a PolicyHistory"
            == str(raised.value)
        )


#: Bought an hour before the revision of 2026-11-10 00:00 HKT takes effect, by PayPal, not yet paid.
_BEFORE_REVISION = purchase(
    purchased_at=datetime(2026, 11, 9, 23, 0, tzinfo=HK),
    payment_method=PaymentMethod.PAYPAL,
    paid_at=None,
)
_JUST_BEFORE_REVISION = (REVISED.effective_from.astimezone(UTC) - ONE_MICROSECOND).astimezone(HK)


class TestTheTermsOfThePayment:
    """5(a): "By making a payment ... you agree to the terms": the payment and access under a history (docs/rulings.md A50)."""

    def test_a_payment_is_checked_against_the_version_in_force_when_it_is_confirmed(
        self,
    ) -> None:
        """
        5(a) with 1.2(b): PayPal "as available": confirmed a microsecond before the revision withdrew it, the payment stands; at the revision, it is refused.

        The customer pays under the version in force at the confirmation,
        not the one in force at the purchase.
        """
        paid = confirm_payment(
            _BEFORE_REVISION, confirmation(at=_JUST_BEFORE_REVISION), REVISED_HISTORY
        )

        assert paid.paid_at == _JUST_BEFORE_REVISION
        with pytest.raises(
            PaymentMethodNotOfferedError,
            match=r"^purchase\.payment_method: PaymentMethod\.PAYPAL ",
        ):
            confirm_payment(
                _BEFORE_REVISION, confirmation(at=REVISED.effective_from), REVISED_HISTORY
            )

    def test_a_confirmation_before_the_first_version_is_refused(self) -> None:
        """5(a) with 3(a): no version was in force when the customer paid; the library refuses to guess one."""
        early = purchase(purchased_at=datetime(2024, 12, 31, 22, 0, tzinfo=HK), paid_at=None)

        with pytest.raises(
            NoPolicyInForceError, match=r"^confirmation\.confirmed_at: .* before the first version"
        ):
            confirm_payment(
                early, confirmation(at=datetime(2024, 12, 31, 23, 0, tzinfo=HK)), DEFAULT_HISTORY
            )

    def test_access_is_decided_under_the_version_the_purchase_is_under(self) -> None:
        """
        5(a) with 1.3(c): access "only after confirmation of payment", under the terms agreed to by paying.

        Bought under the published terms and paid at the revision's first
        instant: asked before the payment, the published terms (in force when
        payment was due, A20) deny access; from the payment, the revision
        grants it. The reference purchase, paid on 2026-11-01 and asked about
        after the revision, stays under the published terms.
        """
        by_card = attrs.evolve(
            _BEFORE_REVISION,
            payment_method=PaymentMethod.CREDIT_CARD,
            paid_at=REVISED.effective_from,
        )

        waiting = access_decision(by_card, _JUST_BEFORE_REVISION, REVISED_HISTORY)
        granted = access_decision(by_card, REVISED.effective_from, REVISED_HISTORY)
        later = access_decision(purchase(), datetime(2026, 11, 20, tzinfo=HK), REVISED_HISTORY)

        assert (False, "published") == (waiting.granted, waiting.policy_version)
        assert (True, "2026-11-10") == (granted.granted, granted.policy_version)
        assert (True, "published") == (later.granted, later.policy_version)

    def test_access_to_a_purchase_before_the_first_version_is_refused(self) -> None:
        """
        1.3(b) with 3(a): payment was due at a purchase made before any version took effect.

        Unpaid, the purchase's instant names no version; paid before the
        first version too, neither does the payment's (5(a)): each refusal
        names the instant that has no version in force.
        """
        early = purchase(purchased_at=datetime(2024, 12, 31, 22, 0, tzinfo=HK), paid_at=None)
        paid_early = attrs.evolve(early, paid_at=datetime(2024, 12, 31, 23, 0, tzinfo=HK))
        first_version = (
            "is before the first version of the policy took effect; expected an instant at or "
            "after 2025-01-01T00:00:00+08:00, when the first version, 'published', took effect "
            "(clause 3(a))"
        )

        with pytest.raises(NoPolicyInForceError) as unpaid_raised:
            access_decision(early, datetime(2025, 1, 2, tzinfo=HK), DEFAULT_HISTORY)
        with pytest.raises(NoPolicyInForceError) as paid_raised:
            access_decision(paid_early, datetime(2025, 1, 2, tzinfo=HK), DEFAULT_HISTORY)

        assert str(unpaid_raised.value) == (
            f"purchase.purchased_at: {early.purchased_at!r} {first_version}"
        )
        assert (
            str(paid_raised.value) == f"purchase.paid_at: {paid_early.paid_at!r} {first_version}"
        )

    @given(history=policy_histories(), data=st.data())
    def test_access_under_a_history_is_the_decision_of_the_version_agreed_to(
        self, history: PolicyHistory, data: st.DataObject
    ) -> None:
        """
        5(a) with 1.3(c): for any history, access is decided under the version in force at the payment once it is confirmed, and at the purchase before.

        The instant asked about is drawn from the purchase to three days
        after it, so it falls before and after the payment.
        """
        version, bought = data.draw(purchases_under(history))
        step = data.draw(st.integers(0, 3 * 86_400 * 10**6), label="microseconds after")
        at = bought.purchased_at.astimezone(UTC) + step * ONE_MICROSECOND
        paid = bought.paid_at is not None and bought.paid_at.astimezone(UTC) <= at
        due = [
            v
            for v in history.versions
            if v.effective_from.astimezone(UTC) <= bought.purchased_at.astimezone(UTC)
        ]
        if not paid and not due:
            with pytest.raises(NoPolicyInForceError):
                access_decision(bought, at, history)
            return
        expected = version if paid else due[-1]

        decision = access_decision(bought, at, history)

        assert decision == access_decision(bought, at, expected)
        assert decision.policy_version == expected.version_id
