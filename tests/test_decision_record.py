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

from datetime import timedelta

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from tests.helpers import FIRST_LATE_INSTANT, PAID, event, purchase, request, usd
from ttre_policy import (
    Money,
    Outcome,
    PolicyHistory,
    PolicyInputError,
    PolicyVersion,
    evaluate_refund,
)
from ttre_policy._decisions import decided_by_the_rules
from ttre_policy.exceptions import CurrencyMismatchError, InvalidValueError
from ttre_policy.testing import cases, policy_histories, policy_versions

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


def test_the_amounts_must_add_up() -> None:
    """Ruling 3: refund = refunded price + tax refunded, exactly."""
    with pytest.raises(InvalidValueError, match=r"^refund: .* refunded_price \+ tax_refund"):
        attrs.evolve(_ELIGIBLE, refund=_ELIGIBLE.refund + usd("0.01"))


def test_a_refund_never_exceeds_what_was_paid() -> None:
    """Ruling 3 with ruling 8: "the largest refund the policy allows" is at most what was paid."""
    with pytest.raises(InvalidValueError, match=r"^refund: .* at most the amount paid"):
        attrs.evolve(_ELIGIBLE, amount_paid=usd("100.00"))


def test_a_denial_refunds_nothing_and_deducts_nothing() -> None:
    """2.1(a): "All payments made for our services are final": a denial returns and deducts nothing."""
    with pytest.raises(InvalidValueError, match="nothing refunded and no fee deducted"):
        attrs.evolve(_ELIGIBLE, outcome=Outcome.NOT_ELIGIBLE)
    with pytest.raises(InvalidValueError, match="nothing refunded and no fee deducted"):
        attrs.evolve(_DENIED, processing_fee=usd("1.00"))


def test_one_currency_throughout() -> None:
    """Ruling 5: "Amounts of different currencies never mix silently", in a decision too."""
    with pytest.raises(CurrencyMismatchError, match=r"^refund: "):
        attrs.evolve(_DENIED, refund=Money.zero("HKD"))


def test_every_reason_cites_the_decisions_version() -> None:
    """Issue 4: a decision's reasons cite its policy version; a reason from another version is refused."""
    foreign = attrs.evolve(_DENIED.reasons[0], policy_version="another")

    with pytest.raises(InvalidValueError, match=r"^reasons\[1\]\.policy_version: 'another'"):
        attrs.evolve(_DENIED, reasons=(_DENIED.reasons[0], foreign))
    with pytest.raises(InvalidValueError, match=r"^reasons: .* at least one reason"):
        attrs.evolve(_DENIED, reasons=())


def test_service_events_are_kept_in_time_order() -> None:
    """Ruling 2: the facts a decision rests on list the service events in time order."""
    later, earlier = event(at=PAID + timedelta(days=2)), event(at=PAID + timedelta(days=1))

    with pytest.raises(InvalidValueError, match=r"^service_events: .* in time order"):
        attrs.evolve(_DENIED, service_events=(later, earlier))


def test_a_reason_cites_a_real_digest() -> None:
    """Issue 4: a reason cites the SHA-256 of the words applied, as 64 lower-case hex digits."""
    with pytest.raises(InvalidValueError, match=r"^clause_sha256: "):
        attrs.evolve(_DENIED.reasons[0], clause_sha256=_DENIED.reasons[0].clause_sha256.upper())


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


def test_the_fast_builder_refuses_a_field_left_out_or_misspelt() -> None:
    """
    Ruling 8: "The library decides eligibility and the largest refund the policy allows": every field of it.

    The builder that skips the second validation still checks that the
    rules gave it every field and no other, so a defect cannot leave one
    unset.
    """
    values = attrs.asdict(_ELIGIBLE, recurse=False)
    assert decided_by_the_rules(**values) == _ELIGIBLE
    del values["deadline"]

    with pytest.raises(
        TypeError, match=r"^a decision needs \['deadline'\] and has no field \[\]$"
    ):
        decided_by_the_rules(**values)
    with pytest.raises(TypeError, match=r"^a decision needs \[\] and has no field \['dedline'\]$"):
        decided_by_the_rules(**attrs.asdict(_ELIGIBLE, recurse=False), dedline=None)


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
