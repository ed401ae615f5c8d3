"""
Clause 1.1: Pricing and Fees.

1.1(a) "Our service packages start from $500 for the ALL IN ONE solution, and
from $1,000 for TikTok Shop management."

1.1(c) "All listed prices are in USD and exclude any applicable taxes unless
otherwise stated."

Ruling 12 (floors) and ruling 4 (taxes) of CLAUSES.md.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given

from tests.helpers import PAID, Case, purchase, request, usd
from ttre_policy import (
    ALL_IN_ONE,
    DEFAULT_POLICY,
    TIKTOK_SHOP_MANAGEMENT,
    Money,
    Package,
    ReasonCode,
    TaxRefundMode,
    evaluate_refund,
)
from ttre_policy.exceptions import CurrencyMismatchError, PriceBelowFloorError
from ttre_policy.testing import cases


class TestPackageFloors:
    """1.1(a): "Our service packages start from $500 ... and from $1,000 for TikTok Shop management"."""

    def test_the_published_floors(self) -> None:
        """
        1.1(a): "start from $500 for the ALL IN ONE solution, and from $1,000 for TikTok Shop management".

        The two packages and their floors, pinned: these are module-level
        constants, which mutation testing cannot reach otherwise.
        """
        assert ("all-in-one", "ALL IN ONE", usd("500.00")) == (
            ALL_IN_ONE.code,
            ALL_IN_ONE.name,
            ALL_IN_ONE.floor_price,
        )
        assert ("tiktok-shop-management", "TikTok Shop management", usd("1000.00")) == (
            TIKTOK_SHOP_MANAGEMENT.code,
            TIKTOK_SHOP_MANAGEMENT.name,
            TIKTOK_SHOP_MANAGEMENT.floor_price,
        )
        assert DEFAULT_POLICY.packages == (ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT)

    @pytest.mark.parametrize(
        ("package", "below", "at"),
        [(ALL_IN_ONE, "499.99", "500.00"), (TIKTOK_SHOP_MANAGEMENT, "999.99", "1000.00")],
    )
    def test_a_purchase_below_its_floor_is_refused(
        self, package: Package, below: str, at: str
    ) -> None:
        """
        1.1(a) with ruling 12: "A price below its package's floor is refused when ... validating a purchase".

        One cent below the floor is refused with an error naming the floor;
        the floor itself is accepted.
        """
        with pytest.raises(PriceBelowFloorError, match=rf"expected at least USD {at}"):
            purchase(package=package, price_excl_tax=usd(below))

        assert usd(at) == purchase(package=package, price_excl_tax=usd(at)).price_excl_tax

    def test_a_price_in_another_currency_than_the_floor_is_refused(self) -> None:
        """1.1(c): "All listed prices are in USD": a HKD price cannot be checked against a USD floor."""
        with pytest.raises(CurrencyMismatchError, match="price_excl_tax"):
            purchase(price_excl_tax=Money(Decimal(5000), "HKD"), tax=Money.zero("HKD"))


class TestTaxes:
    """1.1(c) with ruling 4: prices "exclude any applicable taxes"; tax is a separate amount."""

    def test_the_tax_is_in_the_currency_of_the_price(self) -> None:
        """1.1(c) with ruling 5: the tax is "a separate amount on the purchase", in the price's currency."""
        with pytest.raises(CurrencyMismatchError, match=r"^tax: .* tax in USD"):
            purchase(tax=Money(Decimal("40.00"), "HKD"))

    def test_the_tax_is_refunded_in_full_by_default(self) -> None:
        """
        1.1(c) with ruling 4: "An eligible refund returns the tax in full".

        USD 500 + USD 40 tax: the fees come off the price only, the USD 40
        comes back whole, and the decision cites 1.1(c).
        """
        decision = evaluate_refund(purchase(tax=usd("40.00")), request(PAID))

        assert usd("40.00") == decision.tax_refund
        assert usd("484.70") == decision.refunded_price
        assert usd("524.70") == decision.refund
        assert ReasonCode.TAX_REFUNDED_IN_FULL in decision.reason_codes
        assert "1.1(c)" in decision.clause_ids

    def test_the_tax_can_be_refunded_in_proportion(self) -> None:
        """
        1.1(c) with ruling 4: "(parameter: full, or in proportion to the price refunded)".

        USD 484.70 of USD 500 refunded: 96.94 % of USD 40 is USD 38.776,
        rounded half-up to USD 38.78.
        """
        proportional = attrs.evolve(DEFAULT_POLICY, tax_refund=TaxRefundMode.PROPORTIONAL)

        decision = evaluate_refund(purchase(tax=usd("40.00")), request(PAID), policy=proportional)

        assert usd("38.78") == decision.tax_refund
        assert usd("523.48") == decision.refund
        assert ReasonCode.TAX_REFUNDED_IN_PROPORTION in decision.reason_codes

    def test_no_tax_reason_without_tax(self) -> None:
        """1.1(c): "exclude any applicable taxes": where none applies, no tax reason is given."""
        decision = evaluate_refund(purchase(), request(PAID))

        assert not {ReasonCode.TAX_REFUNDED_IN_FULL, ReasonCode.TAX_REFUNDED_IN_PROPORTION} & set(
            decision.reason_codes
        )

    @given(case=cases(paid=True))
    @example(case=(purchase(tax=usd("0.01")), [], request(PAID))).via("the smallest tax")
    def test_a_proportional_tax_refund_never_exceeds_the_full_one(self, case: Case) -> None:
        """
        1.1(c) with ruling 4: tax "in proportion to the price refunded".

        Returning tax in proportion never returns more than in full, and
        returns it all when no fee was deducted.
        """
        the_purchase, events, the_request = case
        proportional = attrs.evolve(DEFAULT_POLICY, tax_refund=TaxRefundMode.PROPORTIONAL)

        full = evaluate_refund(the_purchase, the_request, events)
        share = evaluate_refund(the_purchase, the_request, events, proportional)

        assert share.tax_refund <= full.tax_refund
        if share.fees.is_zero():
            assert full.tax_refund == share.tax_refund
