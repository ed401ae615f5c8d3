"""
Clause 2.2(b) with the refund ledger: partial refunds, idempotent decisions.

2.2(b) "In cases where cancellation is requested before the initiation of any
service, a refund may be granted after deducting any applicable processing
or administrative fees."

Ruling 8: the library decides "the largest refund the policy allows". Issue 6
makes the refunds already made an input, with Stripe's partial-refund
semantics: "The sum of all refunds never exceeds what was paid; a request for
an already fully refunded purchase is denied with its own reason; the same
request evaluated twice (same request id) yields the same decision, and a
second, different request after a refund is judged against what remains
(... refunds capped at the original charge, fees retained)."
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from tests.helpers import (
    BOUGHT,
    FIRST_LATE_INSTANT,
    LAST_INSTANT_IN_TIME,
    ONE_MICROSECOND,
    PAID,
    REFUNDED,
    Case,
    purchase,
    refund,
    request,
    support_exception,
    usd,
)
from ttre_policy import (
    Activation,
    Money,
    Outcome,
    PolicyInputError,
    Purchase,
    ReasonCode,
    RefundDecision,
    RefundRecord,
    RefundRequest,
    SupportException,
    evaluate_refund,
    open_dispute,
    refund_outstanding,
)
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    PurchaseMismatchError,
    RefundBeforePaymentError,
    RefundBeforeRequestError,
    RefundsExceedPaymentError,
    RequestMismatchError,
)
from ttre_policy.testing import activations, cases, purchases, refund_ledgers, support_exceptions

#: 2.2(b)'s words that the ledger's rules rest on.
AFTER_DEDUCTING = (
    "a refund may be granted after deducting any applicable processing or administrative fees"
)

IN_TIME = request(LAST_INSTANT_IN_TIME)


class TestPartialRefunds:
    """2.2(b): "a refund may be granted after deducting any applicable processing or administrative fees", once per purchase."""

    def test_a_later_request_is_judged_against_what_remains(self) -> None:
        """
        2.2(b): "a refund may be granted after deducting any applicable processing or administrative fees".

        USD 100 was refunded on an earlier request: of the USD 484.70 the
        policy allows, USD 384.70 remains for this one; the USD 15.30 fee
        stays retained.
        """
        earlier = refund("100.00")
        alone = evaluate_refund(purchase(), IN_TIME)

        decision = evaluate_refund(purchase(), IN_TIME, refunds=[earlier])

        assert Outcome.ELIGIBLE is decision.outcome
        assert usd("384.70") == decision.refund
        assert usd("15.30") == decision.fees
        assert usd("100.00") == decision.already_refunded
        assert (earlier,) == decision.refunds_made
        assert (*alone.reasons, ReasonCode.PREVIOUS_REFUNDS_DEDUCTED) == (
            *decision.reasons[:-1],
            decision.reasons[-1].code,
        )
        assert decision.reasons[-1].clause_id == "2.2(b)"

    def test_the_tax_follows_what_remains_in_proportion(self) -> None:
        """2.2(b) with ruling 4: what remains of the policy's refund keeps its split between price and tax (A33)."""
        taxed = purchase(tax=usd("40.00"))

        decision = evaluate_refund(taxed, IN_TIME, refunds=[refund("100.00")])

        assert usd("424.70") == decision.refund
        assert usd("32.38") == decision.tax_refund
        assert usd("392.32") == decision.refunded_price

    def test_refunds_beyond_the_policys_refund_leave_nothing_more(self) -> None:
        """2.2(b): "after deducting any applicable processing or administrative fees": the fees stay retained, even after a larger earlier refund."""
        decision = evaluate_refund(purchase(), IN_TIME, refunds=[refund("490.00")])

        assert Outcome.ELIGIBLE is decision.outcome
        assert usd("0.00") == decision.refund
        assert usd("15.30") == decision.fees
        assert ReasonCode.PREVIOUS_REFUNDS_DEDUCTED is decision.reasons[-1].code

    def test_a_fully_refunded_purchase_is_denied_with_its_own_reason(self) -> None:
        """
        2.2(b): "a refund may be granted": once everything paid was refunded, nothing remains to grant.

        The decision is not eligible with the reason `fully_refunded` (at the
        last refund), keeps the policy's own reasons, and deducts nothing; an
        exception cannot grant more, and an open dispute still refers it.
        """
        ledger = [refund("300.00"), refund("200.00", REFUNDED + timedelta(hours=1))]
        alone = evaluate_refund(purchase(), IN_TIME)

        denied = evaluate_refund(purchase(), IN_TIME, refunds=ledger)
        with_exception = evaluate_refund(
            purchase(),
            IN_TIME,
            refunds=ledger,
            exception=support_exception(at=LAST_INSTANT_IN_TIME),
        )
        disputed = evaluate_refund(
            purchase(),
            IN_TIME,
            refunds=ledger,
            open_disputes=[
                open_dispute(
                    alone,
                    purchase(),
                    opened_at=LAST_INSTANT_IN_TIME,
                    statement="s",
                    case_reference="C-4",
                )
            ],
        )

        assert Outcome.NOT_ELIGIBLE is denied.outcome
        assert alone.reasons == denied.reasons[:-1]
        assert ReasonCode.FULLY_REFUNDED is denied.reasons[-1].code
        assert REFUNDED + timedelta(hours=1) == denied.reasons[-1].at
        assert usd("0.00") == denied.refund == denied.fees
        assert usd("500.00") == denied.already_refunded
        assert Outcome.NOT_ELIGIBLE is with_exception.outcome
        assert not with_exception.granted_by_exception
        assert Outcome.REFER_TO_SUPPORT is disputed.outcome
        assert {ReasonCode.DISPUTE_OPEN, ReasonCode.FULLY_REFUNDED} <= set(disputed.reason_codes)


#: A case, the refunds made for other requests, the request's own refunds, and an exception.
_Retry = tuple[Case, tuple[RefundRecord, ...], tuple[RefundRecord, ...], SupportException | None]


@st.composite
def _retries(draw: st.DrawFn) -> _Retry:
    """Draw a case, refunds for other requests, then refunds settling its request within what is left."""
    case = draw(cases(paid=True))
    the_purchase, _, the_request = case
    others = draw(refund_ledgers(the_purchase))
    left = the_purchase.amount_paid - sum(
        (record.amount for record in others), start=Money.zero(the_purchase.currency)
    )
    own = draw(
        refund_ledgers(
            the_purchase,
            request_ids=(the_request.request_id,),
            after=the_request.requested_at,
            budget=left,
        )
    )
    return case, others, own, draw(st.none() | support_exceptions(the_purchase, the_request))


class TestIdempotence:
    """2.2(b): "a refund may be granted": one refund per request, however often the request is evaluated."""

    def test_the_same_request_evaluated_again_yields_the_same_decision(self) -> None:
        """
        2.2(b): "a refund may be granted": the same request id evaluated again, its own refunds now made, yields the same decision.

        The request's own refunds are not counted against it; what is still
        to be paid out on it is what `refund_outstanding` says.
        """
        first = evaluate_refund(purchase(), IN_TIME)
        own = [
            refund("300.00", LAST_INSTANT_IN_TIME, request_id="R-1"),
            refund("184.70", LAST_INSTANT_IN_TIME + timedelta(hours=2), request_id="R-1"),
        ]

        again = evaluate_refund(purchase(), IN_TIME, refunds=own)

        assert first == again
        assert usd("184.70") == refund_outstanding(first, own[:1])
        assert usd("0.00") == refund_outstanding(again, own)

    @given(scenario=_retries())
    @example(
        (
            (purchase(), [], IN_TIME),
            (),
            (refund("500.00", LAST_INSTANT_IN_TIME, request_id="R-1"),),
            None,
        )
    ).via("the request's own refunds fill the payment")
    @example(
        (
            (purchase(), [], request(FIRST_LATE_INSTANT)),
            (refund("100.00"),),
            (refund("400.00", FIRST_LATE_INSTANT + timedelta(days=3), request_id="R-1"),),
            support_exception(),
        )
    ).via("an exception paid out in full after a partial refund")
    def test_evaluation_is_idempotent_per_request_id(self, scenario: _Retry) -> None:
        """
        2.2(b): "a refund may be granted": evaluating a request again, with its own refunds added to the ledger, yields the same decision.

        For any refunds made for other requests, and any refunds settling
        this request (at or after it, within what was paid), with or without
        an exception.
        """
        (the_purchase, events, the_request), others, own, approved = scenario

        before = evaluate_refund(
            the_purchase, the_request, events, refunds=others, exception=approved
        )
        after = evaluate_refund(
            the_purchase,
            the_request,
            events,
            refunds=(*own, *reversed(others)),
            exception=approved,
        )

        note(f"decision: {before.outcome}, {before.refund}")
        assert before == after

    @given(case=cases(), data=st.data())
    def test_a_later_request_never_gets_more_than_remains(
        self, case: Case, data: st.DataObject
    ) -> None:
        """
        2.2(b): the refund the policy allows, less what was already refunded: never more than remains of the payment.

        With refunds already made for other requests, an eligible decision
        refunds the policy's refund less them (never below zero), and the
        refund and the refunds made never add up to more than was paid.
        """
        the_purchase, events, the_request = case
        others = data.draw(refund_ledgers(the_purchase))
        alone = evaluate_refund(the_purchase, the_request, events)

        decision = evaluate_refund(the_purchase, the_request, events, refunds=others)

        assert decision.refund + decision.already_refunded <= the_purchase.amount_paid
        if decision.eligible:
            assert alone.refund - min(alone.refund, decision.already_refunded) == decision.refund
            assert alone.fees == decision.fees


class TestTheLedgerAsInput:
    """2.2(b): the ledger records refunds "granted" on this purchase; one that cannot be is refused."""

    @pytest.mark.parametrize(
        ("refunds", "error", "message"),
        [
            (
                [refund("1.00", purchase_id="P-2")],
                PurchaseMismatchError,
                "refunds[0].purchase_id: 'P-2' names another purchase; expected the id of the purchase evaluated, 'P-1'",
            ),
            (
                [
                    RefundRecord(
                        reference="re_1",
                        purchase_id="P-1",
                        request_id="R-0",
                        amount=Money(Decimal(1), "HKD"),
                        refunded_at=REFUNDED,
                    )
                ],
                CurrencyMismatchError,
                "refunds[0].amount: Money(amount=Decimal('1.00'), currency='HKD') is in another currency; expected an amount in USD, as paid",
            ),
            (
                [refund("1.00", PAID - ONE_MICROSECOND)],
                RefundBeforePaymentError,
                "refunds[0].refunded_at: datetime.datetime(2026, 11, 1, 10, 0, 59, 999999, tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) is before the payment was confirmed; expected an instant at or after the payment, 2026-11-01T10:01:00+08:00",
            ),
            (
                [refund("1.00", LAST_INSTANT_IN_TIME - ONE_MICROSECOND, request_id="R-1")],
                RefundBeforeRequestError,
                "refunds[0].refunded_at: datetime.datetime(2026, 11, 15, 23, 59, 59, 999998, tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) is before the request it settles; expected an instant at or after the request, 2026-11-15T23:59:59.999999+08:00",
            ),
            (
                [refund("1.00", reference="re_1"), refund("2.00", reference="re_1")],
                InvalidValueError,
                "refunds: ['re_1', 're_1'] is not valid here; expected each refund's reference once",
            ),
            (
                [refund("300.00"), refund("200.01", request_id="R-9")],
                RefundsExceedPaymentError,
                "refunds: Decimal('500.01') is more than was paid; expected refunds adding up to at most the amount paid, USD 500.00",
            ),
            (
                ["re_1"],
                InvalidTypeError,
                "refunds[0]: 're_1' is of the wrong type; expected a RefundRecord",
            ),
        ],
    )
    def test_a_ledger_that_cannot_be_the_purchases_is_refused(
        self, refunds: list[object], error: type[PolicyInputError], message: str
    ) -> None:
        """2.2(b): refunds are "granted" on a payment: another purchase's, another currency, before the payment or request, twice, or beyond what was paid, is refused."""
        with pytest.raises(error) as raised:
            evaluate_refund(purchase(), IN_TIME, refunds=refunds)  # type: ignore[arg-type]  # some are the wrong type on purpose
        assert message == str(raised.value)

    def test_a_purchase_never_paid_has_no_refunds(self) -> None:
        """1.3(c) with ruling 7: a purchase never paid "has nothing to refund": a refund recorded on it is refused."""
        with pytest.raises(RefundBeforePaymentError) as raised:
            evaluate_refund(purchase(paid_at=None), IN_TIME, refunds=[refund("1.00")])
        assert (
            "refunds[0].refunded_at: datetime.datetime(2026, 11, 2, 10, 1, tzinfo=zoneinfo.ZoneInfo(key='Asia/Hong_Kong')) "
            "is before the payment was confirmed; expected a confirmed payment: this purchase was never paid"
            == str(raised.value)
        )

    @pytest.mark.parametrize(
        ("field", "value", "error", "message"),
        [
            (
                "amount",
                usd("0.00"),
                InvalidValueError,
                "amount: Money(amount=Decimal('0.00'), currency='USD') is not valid here; expected an amount above zero",
            ),
            (
                "amount",
                Decimal(1),
                InvalidTypeError,
                "amount: Decimal('1') is of the wrong type; expected Money",
            ),
            (
                "reference",
                " re_1",
                InvalidValueError,
                "reference: ' re_1' is not valid here; expected a non-empty printable identifier of at most 200 characters, without surrounding spaces",
            ),
            (
                "refunded_at",
                datetime(2026, 11, 2),  # noqa: DTZ001  # naive on purpose
                NaiveDatetimeError,
                'refunded_at: datetime.datetime(2026, 11, 2, 0, 0) has no time zone; expected an aware datetime, e.g. datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong"))',
            ),
        ],
    )
    def test_a_refund_record_is_checked_when_built(
        self, field: str, value: object, error: type[PolicyInputError], message: str
    ) -> None:
        """2.2(b): a refund "granted" is an amount above zero, with a reference and an aware instant."""
        with pytest.raises(error) as raised:
            attrs.evolve(refund("1.00"), **{field: value})  # type: ignore[arg-type]  # each field in turn, some of the wrong type on purpose
        assert message == str(raised.value)

    def test_the_decision_keeps_the_ledgers_promises(self) -> None:
        """2.2(b): a decision's refunds made are the purchase's, for other requests, in time order, and with its refund within what was paid."""
        decision = evaluate_refund(purchase(), IN_TIME, refunds=[refund("100.00")])
        later = refund("1.00", REFUNDED + timedelta(days=1), request_id="R-9")

        with pytest.raises(RequestMismatchError, match=r"^refunds_made\[0\]\.request_id: 'R-1'"):
            attrs.evolve(decision, refunds_made=(refund("1.00", request_id="R-1"),))
        with pytest.raises(PurchaseMismatchError, match=r"^refunds_made\[0\]\.purchase_id"):
            attrs.evolve(decision, refunds_made=(refund("1.00", purchase_id="P-2"),))
        with pytest.raises(CurrencyMismatchError, match=r"^refunds_made\[0\]\.amount"):
            attrs.evolve(
                decision,
                refunds_made=(attrs.evolve(refund("1.00"), amount=Money(Decimal(1), "HKD")),),
            )
        with pytest.raises(InvalidValueError, match=r"^refunds_made: .* in time order"):
            attrs.evolve(decision, refunds_made=(later, refund("100.00")))
        with pytest.raises(InvalidValueError, match=r"each reference once"):
            attrs.evolve(decision, refunds_made=(refund("1.00"), refund("1.00")))
        with pytest.raises(RefundsExceedPaymentError, match=r"^refunds_made: .* USD 384\.70"):
            attrs.evolve(
                decision, refunds_made=(refund("100.00"), refund("15.31", later.refunded_at))
            )
        with pytest.raises(CurrencyMismatchError, match=r"^refund: "):
            attrs.evolve(decision, refund=Money.zero("HKD"))


class TestRefundOutstanding:
    """2.2(b) with ruling 8: a decision says "eligible", not "paid": what is still to pay out is the refund less the request's own refunds."""

    def test_what_is_still_to_be_paid_out(self) -> None:
        """2.2(b): "a refund may be granted": paid out in parts, the refund is never paid twice."""
        decision = evaluate_refund(purchase(), IN_TIME, refunds=[refund("100.00")])
        own = refund("300.00", LAST_INSTANT_IN_TIME, request_id="R-1")

        assert usd("384.70") == refund_outstanding(decision, [refund("100.00")])
        assert usd("84.70") == refund_outstanding(decision, [refund("100.00"), own])
        assert usd("0.00") == refund_outstanding(
            decision, [own, refund("500.00", request_id="R-1", reference="re_2")]
        )

    def test_the_refunds_must_be_the_decisions(self) -> None:
        """2.2(b): the refunds counted are those of the decision's purchase, in its currency."""
        decision = evaluate_refund(purchase(), IN_TIME)
        in_hkd = attrs.evolve(refund("1.00"), amount=Money(Decimal(1), "HKD"))

        with pytest.raises(InvalidTypeError) as raised:
            refund_outstanding("eligible", [])  # type: ignore[arg-type]  # the wrong type is the point
        assert "decision: 'eligible' is of the wrong type; expected a RefundDecision" == str(
            raised.value
        )
        with pytest.raises(InvalidTypeError) as raised:
            refund_outstanding(decision, [1])  # type: ignore[list-item]  # the wrong type is the point
        assert "refunds[0]: 1 is of the wrong type; expected a RefundRecord" == str(raised.value)
        with pytest.raises(PurchaseMismatchError, match=r"^refunds\[0\]\.purchase_id: 'P-2'"):
            refund_outstanding(decision, [refund("1.00", purchase_id="P-2")])
        with pytest.raises(CurrencyMismatchError) as in_another_currency:
            refund_outstanding(decision, [in_hkd])
        assert (
            "refunds[0].amount: Money(amount=Decimal('1.00'), currency='HKD') is in another currency; "
            "expected an amount in USD, as paid" == str(in_another_currency.value)
        )


# ------------------------------------------------------- a purchase's history


@attrs.frozen
class _Asked:
    """A request as the history made it, with what it presented, and its last decision."""

    request: RefundRequest
    exception: SupportException | None
    claim: str | None
    decision: RefundDecision
    #: The references of the refunds for other requests when it was decided.
    others: frozenset[str]


class RefundHistory(RuleBasedStateMachine):
    """
    2.2(b) with 2.4(a) and ruling 10: any sequence of requests, exceptions and partial refunds on one purchase.

    The merchant decides each request, may re-evaluate it (a retry), and
    pays out in parts what a fresh decision says is still outstanding. The
    refunds never add up to more than was paid; an exception never lowers
    what the policy grants; a retry with nothing new but the request's own
    refunds yields the same decision.
    """

    def __init__(self) -> None:
        """Start with no purchase; `start` draws one."""
        super().__init__()
        self.purchase: Purchase = purchase()
        self.events: tuple[Activation, ...] = ()
        self.now: datetime = BOUGHT
        self.ledger: list[RefundRecord] = []
        self.asked: list[_Asked] = []

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """A paid purchase with its service events, and a first request."""
        self.purchase = data.draw(purchases(paid=True))
        self.events = tuple(data.draw(activations(self.purchase, within=timedelta(days=20))))
        assert self.purchase.paid_at is not None
        self.now = self.purchase.paid_at
        self.ask(data, timedelta(0))

    def _decide(
        self, asked: RefundRequest, exception: SupportException | None, claim: str | None
    ) -> RefundDecision:
        return evaluate_refund(
            self.purchase,
            asked,
            self.events,
            refunds=self.ledger,
            exception=exception,
            claimed_exception=claim,
        )

    def _others(self, request_id: str) -> frozenset[str]:
        return frozenset(r.reference for r in self.ledger if r.request_id != request_id)

    @rule(data=st.data(), later=st.timedeltas(timedelta(0), timedelta(days=9)))
    def ask(self, data: st.DataObject, later: timedelta) -> None:
        """A new request, sometimes with an exception approved for it, sometimes claiming one."""
        self.now = self.now + later
        asked = RefundRequest(
            request_id=f"R-{len(self.asked)}",
            purchase_id=self.purchase.purchase_id,
            requested_at=self.now,
        )
        exception = data.draw(st.none() | support_exceptions(self.purchase, asked))
        claim = data.draw(st.none() | st.sampled_from(("C-1", "C-9")), label="claimed exception")
        decision = self._decide(asked, exception, claim)
        alone = self._decide(asked, None, None)
        if exception is not None and not decision.open_cases:
            assert alone.refund <= decision.refund
        assert decision.refund + decision.already_refunded <= self.purchase.amount_paid
        event(f"decision: {decision.outcome.value}")
        for code in decision.reason_codes[len(alone.reasons) :]:
            event(f"support desk: {code.value}")
        self.asked.append(
            _Asked(asked, exception, claim, decision, self._others(asked.request_id))
        )
        if data.draw(st.booleans(), label="paid out at once"):
            self._pay(data, self.asked[-1])

    @precondition(lambda self: bool(self.asked))
    @rule(data=st.data())
    def retry(self, data: st.DataObject) -> None:
        """A request evaluated again: with only its own refunds new, the same decision."""
        index = data.draw(st.integers(0, len(self.asked) - 1))
        then = self.asked[index]
        again = self._decide(then.request, then.exception, then.claim)
        if self._others(then.request.request_id) == then.others:
            assert then.decision == again
        self.asked[index] = attrs.evolve(
            then, decision=again, others=self._others(then.request.request_id)
        )

    @precondition(lambda self: bool(self.asked))
    @rule(data=st.data(), later=st.timedeltas(timedelta(0), timedelta(days=3)))
    def pay_out(self, data: st.DataObject, later: timedelta) -> None:
        """The merchant pays out, in part or in full, what a fresh decision says is outstanding."""
        self.now = self.now + later
        self._pay(data, data.draw(st.sampled_from(self.asked)))

    def _pay(self, data: st.DataObject, then: _Asked) -> None:
        fresh = self._decide(then.request, then.exception, then.claim)
        outstanding = refund_outstanding(fresh, self.ledger)
        if outstanding.is_zero():
            event("pay out: nothing outstanding")
            return
        quantum = outstanding.minor_unit
        whole = int(outstanding.amount / quantum)
        units = data.draw(st.just(whole) | st.integers(1, whole), label="minor units paid out")
        event("pay out: " + ("in full" if units == whole else "in part"))
        self.ledger.append(
            RefundRecord(
                reference=f"re_{len(self.ledger)}",
                purchase_id=self.purchase.purchase_id,
                request_id=then.request.request_id,
                amount=Money(units * quantum, outstanding.currency),
                refunded_at=self.now,
            )
        )

    @invariant()
    def refunds_never_exceed_what_was_paid(self) -> None:
        """2.2(b) with Stripe's semantics: "refunds capped at the original charge"."""
        total = sum((r.amount for r in self.ledger), start=Money.zero(self.purchase.currency))
        assert total <= self.purchase.amount_paid


RefundHistory.TestCase.settings = settings(stateful_step_count=18)
TestRefundHistory = RefundHistory.TestCase
