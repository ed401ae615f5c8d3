"""
Clause 2.4: Dispute Resolution, with clause 4: Contact Information.

2.4(a) "In the event of a dispute regarding billing or a refund request, we
encourage you to contact our support team."

4(a) "Email: partners@ttr-e.com / Address: 367 – 375 Queen's Road Central,
Sheung Wan, Hong Kong."

Ruling 10: a denial is never the last word: every decision names the route
to the support team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given

from ttre_policy import DEFAULT_POLICY, TTRE_SUPPORT, evaluate_refund
from ttre_policy.testing import cases

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
