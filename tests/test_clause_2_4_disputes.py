"""
Clause 2.4: Dispute Resolution, with clause 4: Contact Information.

2.4(a) "In the event of a dispute regarding billing or a refund request, we
encourage you to contact our support team."

4(a) "Email: partners@ttr-e.com / Address: 367 – 375 Queen's Road Central,
Sheung Wan, Hong Kong."

Ruling 10: a denial is never the last word: every decision names the route
to the support team. A support agent's exception (goodwill refund) is an
explicit, recorded input with who approved it and why; a decision granted by
exception says so and cites 2.4(a).

Issue 6: a dispute carries every fact the decision rested on; a decision can
be "refer to support" when the policy alone cannot decide (an open dispute,
an exception claimed but not yet approved); an exception never lowers a
refund and never returns more than was paid, less what was refunded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

from tests.helpers import (
    FIRST_LATE_INSTANT,
    LAST_INSTANT_IN_TIME,
    ONE_MICROSECOND,
    PAID,
    purchase,
    refund,
    request,
    support_exception,
    usd,
)
from ttre_policy import (
    DEFAULT_POLICY,
    TTRE_SUPPORT,
    DisputeCase,
    Money,
    Outcome,
    PolicyInputError,
    PolicyVersion,
    Purchase,
    ReasonCode,
    RefundDecision,
    RefundRecord,
    RefundRequest,
    SupportException,
    evaluate_refund,
    open_dispute,
)
from ttre_policy._support import apply_support_desk
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    DisputeBeforeRequestError,
    ExceptionBeforeRequestError,
    ExceptionNotRecordedError,
    InvalidTypeError,
    InvalidValueError,
    PurchaseMismatchError,
    RefundsExceedPaymentError,
    RequestMismatchError,
)
from ttre_policy.testing import cases, dispute_cases, refund_ledgers, support_exceptions

if TYPE_CHECKING:
    from tests.helpers import Case


def test_the_published_contact() -> None:
    """
    4(a): "Email: partners@ttr-e.com" and "Address: 367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong".

    The contact is pinned, and it is the default version's dispute route.
    """
    assert TTRE_SUPPORT.email == "partners@ttr-e.com"
    assert TTRE_SUPPORT.address == "367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong"
    assert DEFAULT_POLICY.support_contact == TTRE_SUPPORT


@given(case=cases())
def test_every_decision_names_the_route_to_the_support_team(case: Case) -> None:
    """
    2.4(a): "we encourage you to contact our support team"; ruling 10: "every decision names the route".

    Eligible or not, a decision carries the support contact of its policy
    version.
    """
    the_purchase, events, the_request = case

    decision = evaluate_refund(the_purchase, the_request, events)

    assert DEFAULT_POLICY.support_contact == decision.dispute_route


# ------------------------------------------------------------------ issue 6

#: The words of 2.4(a) that the support desk's rules quote.
CONTACT_SUPPORT = "we encourage you to contact our support team"
ON_ITS_MERITS = "We are committed to reviewing each case on its merits"


#: The published policy with a USD 10 administrative fee (ruling 3), so that both fees show.
_ADMINISTRATIVE_FEE = attrs.evolve(
    DEFAULT_POLICY,
    fee_schedules=(attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("10.00")),),
)


def _denied() -> tuple[Purchase, RefundDecision]:
    """Ruling 1's late request on the reference purchase, denied by the policy alone."""
    the_purchase = purchase()
    return the_purchase, evaluate_refund(the_purchase, request(FIRST_LATE_INSTANT))


def _dispute(
    *,
    opened_at: datetime = FIRST_LATE_INSTANT + timedelta(hours=1),
    case_reference: str = "C-1",
    of: Purchase | None = None,
    policy: PolicyVersion = DEFAULT_POLICY,
) -> DisputeCase:
    """Open a dispute of ruling 1's late request; *of* gives another purchase to pass with it."""
    the_purchase, denied = _denied()
    return open_dispute(
        denied,
        the_purchase if of is None else of,
        opened_at=opened_at,
        statement="I was in hospital until the 16th.",
        case_reference=case_reference,
        policy=policy,
    )


@st.composite
def _with_exceptions(draw: st.DrawFn) -> tuple[Case, tuple[RefundRecord, ...], SupportException]:
    """Draw a case, the refunds made on it for other requests, and an exception answering its request."""
    case = draw(cases())
    the_purchase, _, the_request = case
    return (
        case,
        draw(refund_ledgers(the_purchase)),
        draw(support_exceptions(the_purchase, the_request)),
    )


@st.composite
def _with_disputes(draw: st.DrawFn) -> tuple[Case, DisputeCase]:
    """Draw a paid case and a dispute of the policy's decision on it."""
    case = draw(cases(paid=True))
    the_purchase, events, the_request = case
    decision = evaluate_refund(the_purchase, the_request, events)
    return case, draw(dispute_cases(decision, the_purchase))


class TestDisputeCases:
    """2.4(a) with 4(a): "we encourage you to contact our support team"; the team reviews "each case on its merits"."""

    def test_a_dispute_carries_every_fact_the_decision_rested_on(self) -> None:
        """
        2.4(a): "We are committed to reviewing each case on its merits".

        The case holds the purchase (price, tax, payment), the decision (the
        request's instant, the deadline, the events, the amounts, every reason
        with its clause and version), the words of the clauses cited, the
        statement and the support contact: nothing to look up.
        """
        the_purchase, denied = _denied()

        case = _dispute()

        assert denied == case.decision
        assert the_purchase == case.purchase
        assert (
            case.purchase_id,
            case.request_id,
            case.policy_version,
        ) == ("P-1", "R-1", "published")
        assert case.decision.deadline == LAST_INSTANT_IN_TIME
        assert case.decision.requested_at == FIRST_LATE_INSTANT
        assert case.statement == "I was in hospital until the 16th."
        assert case.support_contact == TTRE_SUPPORT
        assert tuple(clause.clause_id for clause in case.clauses) == (
            "2.1(a)",
            "2.2(a)",
            "2.2(b)",
            "2.4(a)",
            "4(a)",
        )
        assert CONTACT_SUPPORT in case.clauses[3].text
        assert "partners@ttr-e.com" in case.clauses[4].text

    @given(case=cases(), data=st.data())
    def test_the_case_alone_is_enough_to_decide_again(
        self, case: Case, data: st.DataObject
    ) -> None:
        """
        2.4(a): "reviewing each case on its merits": from the dispute alone, an agent can decide again.

        The request, the service events and the purchase rebuilt from the
        case give the same decision, and every clause quoted has the SHA-256
        its reason cites.
        """
        the_purchase, events, the_request = case
        decision = evaluate_refund(the_purchase, the_request, events)

        dispute = data.draw(dispute_cases(decision, the_purchase))
        again = evaluate_refund(
            dispute.purchase,
            RefundRequest(
                request_id=dispute.request_id,
                purchase_id=dispute.purchase_id,
                requested_at=dispute.decision.requested_at,
            ),
            dispute.decision.service_events,
        )

        assert dispute.decision == again
        quoted = {clause.clause_id: clause.sha256 for clause in dispute.clauses}
        assert all(quoted[reason.clause_id] == reason.clause_sha256 for reason in again.reasons)
        assert {"2.4(a)", "4(a)"} <= set(quoted)

    def test_a_dispute_opened_before_the_request_is_refused(self) -> None:
        """2.4(a): "a dispute regarding ... a refund request" follows the request: opened before it, it is refused."""
        assert _dispute(opened_at=FIRST_LATE_INSTANT).opened_at == FIRST_LATE_INSTANT
        with pytest.raises(DisputeBeforeRequestError) as raised:
            _dispute(opened_at=FIRST_LATE_INSTANT - ONE_MICROSECOND)
        assert (
            "opened_at: datetime.datetime(2026, 11, 15, 23, 59, 59, 999999, tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) "
            "is before the request disputed; expected an instant at or after the request disputed, 2026-11-16T00:00:00+08:00"
            == str(raised.value)
        )

    def test_a_dispute_of_another_purchase_is_refused(self) -> None:
        """2.4(a): the case is the purchase's: a purchase other than the one decided on is refused."""
        with pytest.raises(PurchaseMismatchError, match=r"^purchase\.purchase_id: 'P-2'"):
            _dispute(of=purchase(purchase_id="P-2"))

    @pytest.mark.parametrize("statement", ["", "   "])
    def test_a_dispute_needs_the_customers_statement(self, statement: str) -> None:
        """2.4(a): "address your concerns": a dispute states them."""
        with pytest.raises(InvalidValueError, match=r"^statement: .* non-empty text"):
            attrs.evolve(_dispute(), statement=statement)

    def test_a_dispute_quotes_the_words_the_decision_applied(self) -> None:
        """2.4(a): the case is reviewed on the words the decision applied: another version, or other words, are refused."""
        case = _dispute()
        altered = attrs.evolve(case.clauses[0], text="All payments are final, really.")

        with pytest.raises(InvalidValueError, match=r"^policy\.version_id: 'v2' .* 'published'"):
            _dispute(policy=attrs.evolve(DEFAULT_POLICY, version_id="v2"))
        with pytest.raises(InvalidValueError) as raised:
            attrs.evolve(case, clauses=(altered, *case.clauses[1:]))
        assert (
            "clauses[0].text: 'All payments are final, really.' is not valid here; "
            f"expected the words whose SHA-256 the decision cites for 2.1(a), {case.clauses[0].sha256}"
            == str(raised.value)
        )
        with pytest.raises(InvalidValueError) as raised:
            attrs.evolve(case, clauses=case.clauses[:-1])
        assert (
            "clauses: ('2.1(a)', '2.2(a)', '2.2(b)', '2.4(a)') is not valid here; expected the words of every clause "
            "the decision cites, with 2.4(a) and 4(a), each once in the policy's order: 2.1(a), 2.2(a), 2.2(b), 2.4(a), 4(a)"
            == str(raised.value)
        )

    def test_open_dispute_refuses_what_is_not_a_decision_or_a_version(self) -> None:
        """2.4(a): a dispute is of a decision, under a policy version; anything else is a typed error."""
        with pytest.raises(InvalidTypeError) as raised:
            open_dispute(
                "eligible",  # type: ignore[arg-type]  # the wrong type is the point
                purchase(),
                opened_at=FIRST_LATE_INSTANT,
                statement="s",
                case_reference="C-1",
            )
        assert "decision: 'eligible' is of the wrong type; expected a RefundDecision" == str(
            raised.value
        )
        with pytest.raises(InvalidTypeError, match=r"^policy: 'published' .* a PolicyVersion"):
            _dispute(policy="published")  # type: ignore[arg-type]  # the wrong type is the point


class TestReferToSupport:
    """2.4(a): "In the event of a dispute regarding billing or a refund request, we encourage you to contact our support team"."""

    def test_the_outcomes_are_three_each_with_a_stable_code(self) -> None:
        """2.4(a): besides eligible and not eligible, the support team may have to decide: the set of outcomes is closed."""
        assert {"eligible", "not_eligible", "refer_to_support"} == {
            outcome.value for outcome in Outcome
        }
        assert Outcome.REFER_TO_SUPPORT is Outcome("refer_to_support")

    def test_an_open_dispute_refers_the_request_to_support(self) -> None:
        """
        2.4(a): "we encourage you to contact our support team": while a dispute is open, the policy alone does not decide.

        The decision refunds nothing, keeps the policy's reasons, adds the
        open dispute (with when it was opened) and names the case it waits on.
        """
        the_purchase, denied = _denied()
        case = _dispute()

        referred = evaluate_refund(
            the_purchase, request(FIRST_LATE_INSTANT), open_disputes=[case, case]
        )

        assert Outcome.REFER_TO_SUPPORT is referred.outcome
        assert usd("0.00") == referred.refund
        assert denied.reasons == referred.reasons[:-1]
        assert ReasonCode.DISPUTE_OPEN is referred.reasons[-1].code
        assert case.opened_at == referred.reasons[-1].at
        assert referred.open_cases == ("C-1",)
        assert referred.dispute_route == TTRE_SUPPORT

    def test_a_referral_deducts_no_fee(self) -> None:
        """
        2.4(a): "we encourage you to contact our support team": a referral refunds nothing yet, so it deducts nothing either.

        In time, with a USD 10 administrative fee, the policy alone refunds
        less both fees; with a dispute open, the referral refunds nothing and
        deducts no fee: the fees belong to a refund not yet decided.
        """
        in_time = request(LAST_INSTANT_IN_TIME)
        assert (
            usd("25.30") == evaluate_refund(purchase(), in_time, policy=_ADMINISTRATIVE_FEE).fees
        )

        referred = evaluate_refund(
            purchase(), in_time, policy=_ADMINISTRATIVE_FEE, open_disputes=[_dispute()]
        )

        assert Outcome.REFER_TO_SUPPORT is referred.outcome
        assert (usd("0.00"),) * 4 == (
            referred.refund,
            referred.processing_fee,
            referred.administrative_fee,
            referred.tax_refund,
        )

    def test_a_claimed_exception_not_yet_approved_refers_to_support(self) -> None:
        """2.4(a): "reviewing each case on its merits": a request claiming an exception waits for the team's decision."""
        the_purchase = purchase()

        referred = evaluate_refund(
            the_purchase, request(LAST_INSTANT_IN_TIME), claimed_exception="C-9"
        )
        unanswered = evaluate_refund(
            the_purchase,
            request(LAST_INSTANT_IN_TIME),
            claimed_exception="C-9",
            exception=support_exception(usd("10.00"), at=LAST_INSTANT_IN_TIME),
        )

        assert Outcome.REFER_TO_SUPPORT is referred.outcome
        assert ReasonCode.EXCEPTION_NOT_YET_APPROVED is referred.reasons[-1].code
        assert referred.open_cases == ("C-9",)
        assert usd("0.00") == referred.refund == referred.fees
        assert unanswered.open_cases == ("C-9",)
        assert unanswered.exception is not None

    def test_an_exception_on_the_disputed_case_answers_the_dispute(self) -> None:
        """2.4(a): the team "will make every effort to address your concerns": its exception on the case settles it."""
        the_purchase, _ = _denied()
        on_the_case = support_exception()
        on_another = support_exception(case_reference="C-2")

        answered = evaluate_refund(
            the_purchase,
            request(FIRST_LATE_INSTANT),
            exception=on_the_case,
            open_disputes=[_dispute()],
            claimed_exception="C-1",
        )
        still_open = evaluate_refund(
            the_purchase,
            request(FIRST_LATE_INSTANT),
            exception=on_another,
            open_disputes=[_dispute(), _dispute(case_reference="C-3")],
        )

        assert answered.granted_by_exception
        assert answered.open_cases == ()
        assert Outcome.REFER_TO_SUPPORT is still_open.outcome
        assert still_open.open_cases == ("C-1", "C-3")

    @given(scenario=_with_disputes())
    @example(
        ((purchase(), [], request(FIRST_LATE_INSTANT)), _dispute(opened_at=FIRST_LATE_INSTANT))
    ).via("a dispute opened at the instant of the request")
    def test_any_open_dispute_refers_and_refunds_nothing(
        self, scenario: tuple[Case, DisputeCase]
    ) -> None:
        """2.4(a): "contact our support team": whatever the case, an open dispute refers it to support, keeping the policy's reasons."""
        (the_purchase, events, the_request), dispute = scenario
        alone = evaluate_refund(the_purchase, the_request, events)

        referred = evaluate_refund(the_purchase, the_request, events, open_disputes=[dispute])

        assert Outcome.REFER_TO_SUPPORT is referred.outcome
        assert referred.refund.is_zero()
        assert referred.fees.is_zero()
        assert alone.reasons == referred.reasons[: len(alone.reasons)]

    def test_the_referral_inputs_are_checked(self) -> None:
        """2.4(a): the disputes passed are the purchase's, and a claimed case is an identifier."""
        other = open_dispute(
            evaluate_refund(purchase(purchase_id="P-2"), request(PAID, purchase_id="P-2")),
            purchase(purchase_id="P-2"),
            opened_at=PAID,
            statement="s",
            case_reference="C-1",
        )

        with pytest.raises(
            PurchaseMismatchError, match=r"^open_disputes\[0\]\.purchase\.purchase_id: 'P-2'"
        ):
            evaluate_refund(purchase(), request(PAID), open_disputes=[other])
        with pytest.raises(InvalidTypeError, match=r"^open_disputes\[0\]: 'C-1' .* a DisputeCase"):
            evaluate_refund(purchase(), request(PAID), open_disputes=["C-1"])  # type: ignore[list-item]  # the wrong type is the point
        with pytest.raises(InvalidValueError, match=r"^claimed_exception: ' C-1'"):
            evaluate_refund(purchase(), request(PAID), claimed_exception=" C-1")

    def test_a_referral_names_its_cases_and_only_a_referral_does(self) -> None:
        """2.4(a): a decision says which support cases it waits on; a decision that does not wait names none."""
        referred = evaluate_refund(purchase(), request(PAID), claimed_exception="C-9")

        with pytest.raises(InvalidValueError, match=r"^open_cases: \(\) .* refer_to_support"):
            attrs.evolve(referred, open_cases=())
        with pytest.raises(InvalidValueError, match=r"^open_cases\[0\]: ''"):
            attrs.evolve(referred, open_cases=("",))
        with pytest.raises(InvalidValueError, match=r"^open_cases: \('C-9',\)"):
            attrs.evolve(referred, outcome=Outcome.NOT_ELIGIBLE)


class TestRecordedExceptions:
    """Ruling 10: "A support agent's exception (goodwill refund) is an explicit, recorded input with who approved it and why"."""

    def test_a_decision_granted_by_exception_says_so(self) -> None:
        """
        2.4(a) with ruling 10: "a decision granted by exception says so and cites 2.4(a)".

        It names the approver and the reason, keeps the reasons the policy
        alone gave, refunds everything paid ("full"), and deducts no fee.
        """
        the_purchase, denied = _denied()
        approved = support_exception()

        granted = evaluate_refund(the_purchase, request(FIRST_LATE_INSTANT), exception=approved)

        assert Outcome.ELIGIBLE is granted.outcome
        assert granted.granted_by_exception
        assert (*denied.reasons, ReasonCode.GRANTED_BY_EXCEPTION) == (
            *granted.reasons[:-1],
            granted.reasons[-1].code,
        )
        assert approved.approved_at == granted.reasons[-1].at
        assert "2.4(a)" in granted.clause_ids
        assert approved == granted.exception
        assert (
            granted.exception.approved_by,
            granted.exception.reason,
        ) == ("Mei Chan", "in hospital until the 16th")
        assert usd("500.00") == granted.refund == granted.amount_paid
        assert granted.fees.is_zero()

    def test_an_exception_for_an_amount_grants_it_with_its_share_of_tax(self) -> None:
        """Ruling 10 with ruling 4: a goodwill amount is split between price and tax as they were paid (A33)."""
        taxed = purchase(tax=usd("40.00"))

        granted = evaluate_refund(
            taxed, request(FIRST_LATE_INSTANT), exception=support_exception(usd("100.00"))
        )

        assert usd("100.00") == granted.refund
        assert usd("7.41") == granted.tax_refund
        assert usd("92.59") == granted.refunded_price

    @pytest.mark.parametrize("amount", ["50.00", "484.70"], ids=["less", "as much"])
    def test_an_exception_never_lowers_what_the_policy_grants(self, amount: str) -> None:
        """
        Ruling 10: an exception is a goodwill refund: for no more than the policy grants, the decision rests on the policy.

        For less than the policy's USD 484.70, or exactly as much, the
        refund and its fees are the policy's; the decision still names the
        exception presented, and says when it was found not needed.
        """
        in_time = request(LAST_INSTANT_IN_TIME)
        alone = evaluate_refund(purchase(), in_time)
        approved = support_exception(usd(amount), at=LAST_INSTANT_IN_TIME + timedelta(hours=1))

        with_exception = evaluate_refund(purchase(), in_time, exception=approved)

        assert (alone.refund, alone.fees) == (with_exception.refund, with_exception.fees)
        assert not with_exception.granted_by_exception
        assert ReasonCode.EXCEPTION_NOT_NEEDED is with_exception.reasons[-1].code
        assert approved.approved_at == with_exception.reasons[-1].at
        assert alone.reasons == with_exception.reasons[:-1]
        assert approved == with_exception.exception

    def test_an_exception_beyond_the_policys_refund_deducts_no_fee(self) -> None:
        """
        Ruling 10 with 2.2(b): an exception grants its amount; the fees the policy deducts apply to the policy's refund, not to the exception's.

        In time, with a USD 10 administrative fee, the policy refunds
        USD 474.70 less USD 15.30 and USD 10 of fees; an exception for
        everything paid refunds USD 500 and deducts neither fee.
        """
        in_time = request(LAST_INSTANT_IN_TIME)
        alone = evaluate_refund(purchase(), in_time, policy=_ADMINISTRATIVE_FEE)

        granted = evaluate_refund(
            purchase(),
            in_time,
            policy=_ADMINISTRATIVE_FEE,
            exception=support_exception(at=LAST_INSTANT_IN_TIME),
        )

        assert (usd("474.70"), usd("15.30"), usd("10.00")) == (
            alone.refund,
            alone.processing_fee,
            alone.administrative_fee,
        )
        assert granted.granted_by_exception
        assert (usd("500.00"), usd("0.00"), usd("0.00")) == (
            granted.refund,
            granted.processing_fee,
            granted.administrative_fee,
        )

    @given(scenario=_with_exceptions())
    @example(
        ((purchase(), [], request(LAST_INSTANT_IN_TIME)), (), support_exception(usd("0.01")))
    ).via("an exception for less than the policy grants")
    @example(
        ((purchase(), [], request(FIRST_LATE_INSTANT)), (refund("100.00"),), support_exception())
    ).via('"full", after a partial refund')
    @example(
        (
            (purchase(), [], request(FIRST_LATE_INSTANT)),
            (refund("450.00"),),
            support_exception(usd("100.00")),
        )
    ).via("an amount above what remains")
    @example(
        (
            (purchase(), [], request(LAST_INSTANT_IN_TIME)),
            (refund("100.00"),),
            support_exception(usd("390.00")),
        )
    ).via("an amount above the policy's refund after an earlier refund (found by a nightly run)")
    def test_an_exception_never_lowers_a_refund_nor_exceeds_what_remains(
        self, scenario: tuple[Case, tuple[RefundRecord, ...], SupportException]
    ) -> None:
        """
        Ruling 10: a goodwill refund adds, never takes away; and never returns more than was paid, less what was refunded.

        With any earlier refunds on the purchase, an exception's decision
        refunds at least what the policy alone grants and at most what
        remains of the payment, and keeps the policy's own reasons first.
        """
        (the_purchase, events, the_request), earlier, approved = scenario
        by_the_policy = evaluate_refund(the_purchase, the_request, events)
        alone = evaluate_refund(the_purchase, the_request, events, refunds=earlier)

        granted = evaluate_refund(
            the_purchase, the_request, events, refunds=earlier, exception=approved
        )

        note(f"alone: {alone.refund}, with the exception: {granted.refund}")
        assert alone.refund <= granted.refund
        assert granted.refund + granted.already_refunded <= the_purchase.amount_paid
        assert by_the_policy.reasons == granted.reasons[: len(by_the_policy.reasons)]

    @pytest.mark.parametrize(
        ("field", "value", "error", "message"),
        [
            (
                "approved_by",
                "",
                ExceptionNotRecordedError,
                "approved_by: '' does not say who approved the exception or why; expected the name of the support agent who approved the exception (ruling 10)",
            ),
            (
                "approved_by",
                "  ",
                ExceptionNotRecordedError,
                "approved_by: '  ' does not say who approved the exception or why; expected the name of the support agent who approved the exception (ruling 10)",
            ),
            (
                "reason",
                "",
                ExceptionNotRecordedError,
                "reason: '' does not say who approved the exception or why; expected why the exception was approved, in words (ruling 10)",
            ),
            (
                "reason",
                None,
                InvalidTypeError,
                "reason: None is of the wrong type; expected a string",
            ),
            (
                "approved_by",
                5,
                InvalidTypeError,
                "approved_by: 5 is of the wrong type; expected a string",
            ),
            (
                "amount",
                usd("0.00"),
                InvalidValueError,
                "amount: Money(amount=Decimal('0.00'), currency='USD') is not valid here; expected an amount above zero",
            ),
            (
                "amount",
                "half",
                InvalidTypeError,
                "amount: 'half' is of the wrong type; expected Money above zero, or 'full'",
            ),
        ],
    )
    def test_an_exception_says_who_approved_it_why_and_for_how_much(
        self, field: str, value: object, error: type[PolicyInputError], message: str
    ) -> None:
        """Ruling 10: "an explicit, recorded input with who approved it and why": without them it is refused."""
        with pytest.raises(error) as raised:
            attrs.evolve(support_exception(), **{field: value})  # type: ignore[arg-type]  # each field in turn, some of the wrong type on purpose
        assert message == str(raised.value)

    @pytest.mark.parametrize(
        ("approved", "error", "message"),
        [
            (
                support_exception(at=FIRST_LATE_INSTANT - ONE_MICROSECOND),
                ExceptionBeforeRequestError,
                "exception.approved_at: datetime.datetime(2026, 11, 15, 23, 59, 59, 999999, tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) is before the request; expected an instant at or after the request, 2026-11-16T00:00:00+08:00",
            ),
            (
                support_exception(purchase_id="P-2"),
                PurchaseMismatchError,
                "exception.purchase_id: 'P-2' names another purchase; expected the id of the purchase evaluated, 'P-1'",
            ),
            (
                support_exception(request_id="R-2"),
                RequestMismatchError,
                "exception.request_id: 'R-2' names another request; expected the id of the request evaluated, 'R-1': an exception grants its amount once, to the request it answers",
            ),
            (
                support_exception(usd("500.01")),
                RefundsExceedPaymentError,
                "exception.amount: Money(amount=Decimal('500.01'), currency='USD') is more than was paid; expected at most the amount paid, USD 500.00",
            ),
            (
                support_exception(Money(Decimal(5), "HKD")),
                CurrencyMismatchError,
                "exception.amount: Money(amount=Decimal('5.00'), currency='HKD') is in another currency; expected an amount in USD, as paid",
            ),
            (
                "C-1",
                InvalidTypeError,
                "exception: 'C-1' is of the wrong type; expected a SupportException or None",
            ),
        ],
    )
    def test_an_exception_that_cannot_answer_the_request_is_refused(
        self, approved: object, error: type[PolicyInputError], message: str
    ) -> None:
        """Ruling 10: an exception is for this purchase and this request, approved after it, for no more than was paid."""
        assert evaluate_refund(
            purchase(),
            request(FIRST_LATE_INSTANT),
            exception=support_exception(at=FIRST_LATE_INSTANT),
        ).granted_by_exception
        with pytest.raises(error) as raised:
            evaluate_refund(purchase(), request(FIRST_LATE_INSTANT), exception=approved)  # type: ignore[arg-type]  # some are the wrong type on purpose
        assert message == str(raised.value)

    def test_a_decision_names_the_exception_that_granted_it(self) -> None:
        """Ruling 10: "a decision granted by exception says so": the record refuses to lose or swap its exception."""
        the_purchase, _ = _denied()
        granted = evaluate_refund(
            the_purchase, request(FIRST_LATE_INSTANT), exception=support_exception()
        )

        with pytest.raises(InvalidValueError, match=r"^exception: None .* names it"):
            attrs.evolve(granted, exception=None)
        with pytest.raises(PurchaseMismatchError, match=r"^exception\.purchase_id: 'P-2'"):
            attrs.evolve(granted, exception=support_exception(purchase_id="P-2"))
        with pytest.raises(RequestMismatchError, match=r"^exception\.request_id: 'R-2'"):
            attrs.evolve(granted, exception=support_exception(request_id="R-2"))
        with pytest.raises(InvalidTypeError, match=r"^exception: 'C-1'"):
            attrs.evolve(granted, exception="C-1")  # type: ignore[arg-type]  # the wrong type is the point

    def test_the_support_step_applies_the_decisions_own_version(self) -> None:
        """Ruling 10 with 3(a): the support desk cites the words of the version the decision applied."""
        the_purchase, denied = _denied()

        with pytest.raises(InvalidValueError, match=r"^policy\.version_id: 'v2'"):
            apply_support_desk(
                denied,
                the_purchase,
                request(FIRST_LATE_INSTANT),
                attrs.evolve(DEFAULT_POLICY, version_id="v2"),
            )
