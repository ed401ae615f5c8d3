"""
Differential test: evaluate_refund decides every case as a plain reference model does.

After Cedar's differential random testing: tests/reference_model.py restates
rulings 1-4 and 7 in plain Decimal and datetime code, sharing nothing with the
library. Any case on which the two disagree is a bug in one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tests.reference_model import decide
from ttre_policy import TaxRefundMode, evaluate_refund
from ttre_policy.testing import cases, policy_versions

if TYPE_CHECKING:
    from ttre_policy import PolicyVersion


@given(data=st.data(), version=policy_versions())
def test_evaluate_refund_agrees_with_the_reference_model(
    data: st.DataObject, version: PolicyVersion
) -> None:
    """
    2.1(a), 2.2(a), 2.2(b), 2.3(a), 1.1(c), 1.3(c): the library and the plain model decide alike.

    For any policy version and any case under it: the same eligibility, the
    same refund and fees to the minor unit, and the same deadline instant.
    """
    purchase, events, request = data.draw(cases(version))
    schedule = version.fee_schedule(purchase.currency)
    processing = schedule.processing_fee(purchase.payment_method)
    window = version.refund_window

    expected = decide(
        price=purchase.price_excl_tax.amount,
        tax=purchase.tax.amount,
        quantum=purchase.price_excl_tax.minor_unit,
        purchased_at=purchase.purchased_at,
        paid_at=purchase.paid_at,
        requested_at=request.requested_at,
        event_times=[event.at for event in events],
        zone=version.time_zone,
        window_days=window.days,
        roll=window.roll_to_working_day,
        weekend=window.weekend,
        holidays=window.holidays,
        rate=processing.rate,
        fixed=processing.fixed.amount,
        administrative=schedule.administrative.amount,
        rounding=version.rounding.decimal_rounding,
        proportional_tax=version.tax_refund is TaxRefundMode.PROPORTIONAL,
    )
    actual = evaluate_refund(purchase, request, events, version)

    assert expected.eligible == actual.eligible
    assert expected.refund == actual.refund.amount
    assert expected.fees == actual.fees.amount
    assert expected.deadline == actual.deadline
