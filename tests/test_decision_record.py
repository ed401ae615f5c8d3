"""
The decision record keeps its own promises, whoever builds it.

Ruling 8: "The library decides eligibility and the largest refund the policy
allows. Granting it remains the merchant's act; a decision says 'eligible',
not 'paid'." Ruling 3: "a refund is never negative"; ruling 10: "every
decision names the route to the support team".

A RefundDecision checks, when built (and so after `attrs.evolve` too), that
its amounts add up, never exceed what was paid, are in one currency, and that
every reason cites the decision's own policy version.
"""

from __future__ import annotations

import inspect
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from tests.helpers import (
    FIRST_LATE_INSTANT,
    PAID,
    REFUNDED,
    event,
    purchase,
    refund,
    request,
    support_exception,
    usd,
)
from ttre_policy import (
    Money,
    Outcome,
    PolicyHistory,
    PolicyInputError,
    PolicyVersion,
    RefundDecision,
    evaluate_refund,
)
from ttre_policy._decisions import decided_by_the_rules
from ttre_policy.testing import cases, policy_histories, policy_versions

if TYPE_CHECKING:
    from collections.abc import Callable

_ELIGIBLE = evaluate_refund(purchase(tax=usd("40.00")), request(PAID))
_DENIED = evaluate_refund(purchase(), request(FIRST_LATE_INSTANT))


def test_a_decision_says_eligible_not_paid() -> None:
    """Ruling 8: "a decision says 'eligible', not 'paid'": it has an outcome and an amount, nothing more."""
    assert Outcome.ELIGIBLE is _ELIGIBLE.outcome
    assert not hasattr(_ELIGIBLE, "paid")
    assert [outcome.value for outcome in Outcome] == [
        "eligible",
        "not_eligible",
        "refer_to_support",
    ]


def _refusal(build: Callable[[], object]) -> str:
    """
    Return the PolicyInputError that *build* raises, as its type and message with the whole value.

    (`str()` of an error shortens a long value; these records' values are
    long, and the test pins all of each one.)
    """
    with pytest.raises(PolicyInputError) as raised:
        build()
    error = raised.value
    return (
        f"{type(error).__name__}: {error.field}: {error.value!r} {error.problem}; "
        f"expected {error.expected}"
    )


def test_the_amounts_must_add_up() -> None:
    """Ruling 3: refund = refunded price + tax refunded, exactly."""
    assert (
        "InvalidValueError: refund: Money(amount=Decimal('524.71'), currency='USD') is not "
        "valid here; expected refunded_price + tax_refund, exactly"
    ) == _refusal(lambda: attrs.evolve(_ELIGIBLE, refund=_ELIGIBLE.refund + usd("0.01")))


def test_a_refund_never_exceeds_what_was_paid() -> None:
    """Ruling 3 with ruling 8: "the largest refund the policy allows" is at most what was paid."""
    assert (
        "InvalidValueError: refund: Money(amount=Decimal('524.70'), currency='USD') is not "
        "valid here; expected at most the amount paid, USD 100.00"
    ) == _refusal(lambda: attrs.evolve(_ELIGIBLE, amount_paid=usd("100.00")))


def test_a_denial_refunds_nothing_and_deducts_nothing() -> None:
    """2.1(a): "All payments made for our services are final": a denial returns and deducts nothing."""
    assert [
        (
            "InvalidValueError: refund: Money(amount=Decimal('524.70'), currency='USD') is not "
            "valid here; expected nothing refunded and no fee deducted when not eligible"
        ),
        (
            "InvalidValueError: refund: Money(amount=Decimal('0.00'), currency='USD') is not "
            "valid here; expected nothing refunded and no fee deducted when not eligible"
        ),
    ] == [
        _refusal(lambda: attrs.evolve(_ELIGIBLE, outcome=Outcome.NOT_ELIGIBLE)),
        _refusal(lambda: attrs.evolve(_DENIED, processing_fee=usd("1.00"))),
    ]


def test_one_currency_throughout() -> None:
    """Ruling 5: "Amounts of different currencies never mix silently", in a decision too."""
    assert (
        "CurrencyMismatchError: refund: Money(amount=Decimal('0.00'), currency='HKD') is in "
        "another currency; expected an amount in USD, the currency paid in"
    ) == _refusal(lambda: attrs.evolve(_DENIED, refund=Money.zero("HKD")))


def test_every_reason_cites_the_decisions_version() -> None:
    """Issue 4: a decision's reasons cite its policy version; a reason from another version is refused."""
    foreign = attrs.evolve(_DENIED.reasons[0], policy_version="another")

    assert [
        (
            "InvalidValueError: reasons[1].policy_version: 'another' is not valid here; "
            "expected the RefundDecision's policy version, 'published'"
        ),
        "InvalidValueError: reasons: () is not valid here; expected at least one reason",
    ] == [
        _refusal(lambda: attrs.evolve(_DENIED, reasons=(_DENIED.reasons[0], foreign))),
        _refusal(lambda: attrs.evolve(_DENIED, reasons=())),
    ]


def test_service_events_are_kept_in_time_order() -> None:
    """Ruling 2: the facts a decision rests on list the service events in time order."""
    later, earlier = event(at=PAID + timedelta(days=2)), event(at=PAID + timedelta(days=1))

    assert (
        f"InvalidValueError: service_events: {(later, earlier)!r} is not valid here; "
        "expected service events in time order"
    ) == _refusal(lambda: attrs.evolve(_DENIED, service_events=(later, earlier)))


def test_a_reason_cites_a_real_digest() -> None:
    """Issue 4: a reason cites the SHA-256 of the words applied, as 64 lower-case hex digits."""
    upper = _DENIED.reasons[0].clause_sha256.upper()

    assert (
        f"InvalidValueError: clause_sha256: {upper!r} is not valid here; "
        "expected a SHA-256 digest in lower-case hex"
    ) == _refusal(lambda: attrs.evolve(_DENIED.reasons[0], clause_sha256=upper))


class TestTheSupportDesksRecords:
    """2.4(a) with ruling 10: a decision counts the refunds already made, names its exception and the cases it waits on, and refuses records that are not its own."""

    def test_the_refunds_made_are_the_purchases_for_other_requests(self) -> None:
        """2.2(b): "a refund may be granted": the refunds a decision counts are its purchase's, for other requests, in its currency, in time order, each once."""
        decision = evaluate_refund(purchase(), request(PAID), refunds=[refund("100.00")])
        later = refund("1.00", REFUNDED + timedelta(days=1), request_id="R-9")
        hkd = attrs.evolve(refund("1.00"), amount=Money(Decimal(1), "HKD"))
        out_of_order, twice = (later, refund("100.00")), (refund("1.00"), refund("1.00"))

        assert [
            (
                "RequestMismatchError: refunds_made[0].request_id: 'R-1' is the request decided; "
                "expected a refund made for another request: a request's own refunds are not "
                "counted against it"
            ),
            (
                "PurchaseMismatchError: refunds_made[0].purchase_id: 'P-2' names another purchase; "
                "expected the decision's purchase, 'P-1'"
            ),
            (
                "CurrencyMismatchError: refunds_made[0].amount: Money(amount=Decimal('1.00'), "
                "currency='HKD') is in another currency; expected an amount in USD, the currency "
                "paid in"
            ),
            (
                f"InvalidValueError: refunds_made: {out_of_order!r} is not valid here; "
                "expected refunds in time order, each reference once"
            ),
            (
                f"InvalidValueError: refunds_made: {twice!r} is not valid here; "
                "expected refunds in time order, each reference once"
            ),
        ] == [
            _refusal(
                lambda: attrs.evolve(decision, refunds_made=(refund("1.00", request_id="R-1"),))
            ),
            _refusal(
                lambda: attrs.evolve(decision, refunds_made=(refund("1.00", purchase_id="P-2"),))
            ),
            _refusal(lambda: attrs.evolve(decision, refunds_made=(hkd,))),
            _refusal(lambda: attrs.evolve(decision, refunds_made=out_of_order)),
            _refusal(lambda: attrs.evolve(decision, refunds_made=twice)),
        ]

    def test_the_refunds_made_and_this_refund_stay_within_what_was_paid(self) -> None:
        """2.2(b) with ruling 8: with the refunds already made, a decision never refunds more than was paid."""
        decision = evaluate_refund(purchase(), request(PAID), refunds=[refund("100.00")])
        made = (refund("100.00"), refund("15.31", REFUNDED + timedelta(days=1)))

        assert (
            f"RefundsExceedPaymentError: refunds_made: {made!r} is more than was paid; "
            "expected refunds that, with this refund of USD 384.70, add up to at most the "
            "amount paid, USD 500.00"
        ) == _refusal(lambda: attrs.evolve(decision, refunds_made=made))

    def test_a_decision_names_the_exception_presented_with_its_request(self) -> None:
        """Ruling 10: "a decision granted by exception says so": it names the exception, of its own purchase and request."""
        granted = evaluate_refund(
            purchase(), request(FIRST_LATE_INSTANT), exception=support_exception()
        )

        assert [
            (
                "InvalidValueError: exception: None is not valid here; expected the exception "
                "that granted the refund: a decision granted by exception names it (ruling 10)"
            ),
            (
                "PurchaseMismatchError: exception.purchase_id: 'P-2' names another purchase; "
                "expected the decision's purchase, 'P-1'"
            ),
            (
                "RequestMismatchError: exception.request_id: 'R-2' names another request; "
                "expected the decision's request, 'R-1'"
            ),
            (
                "InvalidTypeError: exception: 'C-1' is of the wrong type; "
                "expected a SupportException or None"
            ),
        ] == [
            _refusal(lambda: attrs.evolve(granted, exception=None)),
            _refusal(
                lambda: attrs.evolve(granted, exception=support_exception(purchase_id="P-2"))
            ),
            _refusal(lambda: attrs.evolve(granted, exception=support_exception(request_id="R-2"))),
            _refusal(lambda: attrs.evolve(granted, exception="C-1")),  # type: ignore[arg-type]  # the wrong type is the point
        ]

    def test_a_referral_and_only_a_referral_names_the_cases_it_waits_on(self) -> None:
        """2.4(a): "we encourage you to contact our support team": a referral names the cases the team decides, and a decision that does not wait names none."""
        referred = evaluate_refund(purchase(), request(PAID), claimed_exception="C-9")

        assert [
            (
                "InvalidValueError: open_cases: () is not valid here; expected the support cases "
                "a referral waits on: some exactly when the outcome is refer_to_support (2.4(a))"
            ),
            (
                "InvalidValueError: open_cases: ('C-9',) is not valid here; expected the support "
                "cases a referral waits on: some exactly when the outcome is refer_to_support "
                "(2.4(a))"
            ),
        ] == [
            _refusal(lambda: attrs.evolve(referred, open_cases=())),
            _refusal(lambda: attrs.evolve(referred, outcome=Outcome.NOT_ELIGIBLE)),
        ]


def test_the_decision_lists_its_clauses_in_the_policys_order() -> None:
    """CLAUSES.md: a decision cites each clause once, in the order the policy states them."""
    assert _ELIGIBLE.clause_ids == ("1.1(c)", "2.2(a)", "2.2(b)")


@given(data=st.data(), version=policy_versions())
def test_every_decision_the_rules_build_passes_the_full_validation(
    data: st.DataObject, version: PolicyVersion
) -> None:
    """
    Ruling 8: "The library decides eligibility and the largest refund the policy allows": always a valid record.

    evaluate_refund builds its decision without validating it a second time
    (for speed); for any version and case, the full validation of
    `attrs.evolve` accepts it and gives back an equal decision.
    """
    the_purchase, events, the_request = data.draw(cases(version))

    decision = evaluate_refund(the_purchase, the_request, events, version)

    assert attrs.evolve(decision) == decision


def test_the_fast_builder_takes_every_field_and_no_other() -> None:
    """
    Ruling 8: "The library decides eligibility and the largest refund the policy allows": every field of it.

    The builder that skips the second validation takes one keyword per
    field of the record, the same names with the same defaults, so a field
    left out or misspelt is refused rather than left unset.
    """
    parameters = inspect.signature(decided_by_the_rules).parameters
    assert [(p.name, p.kind, p.default) for p in parameters.values()] == [
        (
            field.name,
            inspect.Parameter.KEYWORD_ONLY,
            inspect.Parameter.empty if field.default is attrs.NOTHING else field.default,
        )
        for field in attrs.fields(RefundDecision)
    ]
    values = attrs.asdict(_ELIGIBLE, recurse=False)
    assert decided_by_the_rules(**values) == _ELIGIBLE
    del values["deadline"]

    with pytest.raises(TypeError, match=r"missing 1 required keyword-only argument: 'deadline'"):
        decided_by_the_rules(**values)
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'dedline'"):
        decided_by_the_rules(**attrs.asdict(_ELIGIBLE, recurse=False), dedline=None)  # type: ignore[call-arg]  # the misspelt name is the point


@given(data=st.data(), history=policy_histories())
def test_every_decision_under_a_history_passes_the_full_validation(
    data: st.DataObject, history: PolicyHistory
) -> None:
    """5(a), ruling 9: a decision under a history, its governing reason first, is a valid record too."""
    the_purchase, events, the_request = data.draw(cases(history.versions[0]))
    try:
        decision = evaluate_refund(the_purchase, the_request, events, history)
    except PolicyInputError:
        reject()  # the governing version does not accept this purchase (A27)

    assert attrs.evolve(decision) == decision
