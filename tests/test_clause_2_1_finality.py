"""
Clause 2.1: Digital Services and Finality.

2.1(a) "All payments made for our services are final."

2.1(b) "Once the service has been activated or work has commenced, refunds
will not be issued."

The base rule of the refund rules: a payment stays final unless the
cancellation exception of clause 2.2 holds in full; every denial cites it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given

from tests.helpers import FIRST_LATE_INSTANT, PAID, Case, event, purchase, request, usd
from ttre_policy import ActivationKind, Outcome, ReasonCode, evaluate_refund
from ttre_policy.testing import cases


class TestPaymentsAreFinal:
    """2.1(a): "All payments made for our services are final"."""

    def test_a_denial_cites_the_base_rule_first(self) -> None:
        """
        2.1(a): "All payments made for our services are final".

        A late request is denied: the first reason is the base rule, 2.1(a),
        and the reasons that stopped the exception follow.
        """
        decision = evaluate_refund(purchase(), request(FIRST_LATE_INSTANT))

        assert decision.reasons[0].code == ReasonCode.PAYMENTS_FINAL
        assert decision.reasons[0].clause_id == "2.1(a)"
        assert decision.clause_ids == ("2.1(a)", "2.2(a)", "2.2(b)")

    @given(case=cases())
    def test_the_base_rule_is_cited_exactly_when_no_refund_is_allowed(self, case: Case) -> None:
        """
        2.1(a): "All payments made for our services are final".

        Every decision that is not eligible cites 2.1(a), and no eligible
        decision does; a decision that is not eligible refunds nothing and
        deducts nothing.
        """
        the_purchase, events, the_request = case

        decision = evaluate_refund(the_purchase, the_request, events)

        assert (ReasonCode.PAYMENTS_FINAL in decision.reason_codes) == (not decision.eligible)
        if not decision.eligible:
            assert usd("0") == decision.refund
            assert usd("0") == decision.fees


class TestActivationOrWorkCommenced:
    """2.1(b): "Once the service has been activated or work has commenced, refunds will not be issued"."""

    @pytest.mark.parametrize(
        ("kind", "code"),
        [
            (ActivationKind.ACTIVATED, ReasonCode.SERVICE_ACTIVATED),
            (ActivationKind.WORK_COMMENCED, ReasonCode.WORK_COMMENCED),
        ],
    )
    def test_activation_or_work_commenced_bars_a_timely_request(
        self, kind: ActivationKind, code: ReasonCode
    ) -> None:
        """
        2.1(b): "Once the service has been activated or work has commenced, refunds will not be issued".

        Activated (or work commenced) an hour after payment, asked the next
        day, well within the window: no refund, citing 2.1(b) with the
        event's instant.
        """
        started = PAID + timedelta(hours=1)

        decision = evaluate_refund(
            purchase(), request(PAID + timedelta(days=1)), [event(kind, started)]
        )

        assert decision.outcome == Outcome.NOT_ELIGIBLE
        barring = [reason for reason in decision.reasons if reason.code is code]
        assert [("2.1(b)", started)] == [(reason.clause_id, reason.at) for reason in barring]
        assert ReasonCode.WITHIN_CANCELLATION_WINDOW in decision.reason_codes
