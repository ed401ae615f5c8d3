"""
Clause 1.1: Pricing and Fees.

1.1(a) "Our service packages start from $500 for the ALL IN ONE solution, and
from $1,000 for TikTok Shop management."

1.1(b) "These fees are clearly outlined at the time of purchase and are
subject to change with prior notice."

1.1(c) "All listed prices are in USD and exclude any applicable taxes unless
otherwise stated."

Ruling 12 (floors), ruling 11 (price changes), ruling 4 (taxes) and ruling 5
(currencies) of CLAUSES.md; docs/rulings.md A11-A13.
"""

from __future__ import annotations

import decimal
import math
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.helpers import (
    ANNOUNCED,
    EARLIEST_CHANGE,
    HK,
    ONE_MICROSECOND,
    PAID,
    QUOTED,
    REVISED,
    REVISED_HISTORY,
    UTC,
    Case,
    price_change,
    purchase,
    request,
    usd,
)
from ttre_policy import (
    ALL_IN_ONE,
    DEFAULT_POLICY,
    TIKTOK_SHOP_MANAGEMENT,
    Money,
    Package,
    PolicyHistory,
    PolicyVersion,
    PriceChange,
    Purchase,
    Quote,
    ReasonCode,
    RoundingMode,
    TaxLine,
    TaxRefundMode,
    earliest_price_change_at,
    evaluate_refund,
    floor_in_force,
    quote,
)
from ttre_policy._time import local_date
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyMismatchError,
    CurrencyNotAcceptedError,
    InsufficientNoticeError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    NoPolicyInForceError,
    PackageNotOfferedError,
    PriceBelowFloorError,
)
from ttre_policy.testing import (
    amounts,
    aware_datetimes,
    cases,
    policy_histories,
    policy_versions,
    price_changes,
    purchases_under,
    quotes,
    rates,
)


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
        with pytest.raises(CurrencyMismatchError) as raised:
            purchase(price_excl_tax=Money(Decimal(5000), "HKD"), tax=Money.zero("HKD"))

        assert (
            "price_excl_tax: Money(amount=Decimal('5000.00'), currency='HKD') is in another "
            "currency; expected a price in USD, the currency of ALL IN ONE's floor"
        ) == str(raised.value)


class TestTaxes:
    """1.1(c) with ruling 4: prices "exclude any applicable taxes"; tax is a separate amount."""

    def test_the_tax_is_in_the_currency_of_the_price(self) -> None:
        """1.1(c) with ruling 5: the tax is "a separate amount on the purchase", in the price's currency."""
        with pytest.raises(CurrencyMismatchError) as raised:
            purchase(tax=Money(Decimal("40.00"), "HKD"))

        assert (
            "tax: Money(amount=Decimal('40.00'), currency='HKD') is in another currency; "
            "expected tax in USD, the currency of the price"
        ) == str(raised.value)

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


# ------------------------------------------------------------------ quotes


def _usd_quote(price: str, **changes: object) -> Quote:
    """Quote ALL IN ONE at USD *price* at the reference instant, with *changes* to the arguments."""
    arguments: dict[str, object] = {"quoted_at": QUOTED, **changes}
    return quote(ALL_IN_ONE, usd(price), **arguments)  # type: ignore[arg-type]  # each test passes the types it means to


class TestQuoteFloors:
    """1.1(a) with ruling 12: "A price below its package's floor is refused when quoting"."""

    @pytest.mark.parametrize(
        ("package", "below", "at"),
        [(ALL_IN_ONE, "499.99", "500.00"), (TIKTOK_SHOP_MANAGEMENT, "999.99", "1000.00")],
    )
    def test_a_quote_below_the_floor_is_refused_naming_floor_and_price(
        self, package: Package, below: str, at: str
    ) -> None:
        """
        1.1(a): "Our service packages start from $500 for the ALL IN ONE solution, and from $1,000 for TikTok Shop management".

        One cent below the floor is refused, and the error names both the
        price and the floor; the floor itself is quoted, citing 1.1(a).
        """
        with pytest.raises(
            PriceBelowFloorError,
            match=rf"^price_excl_tax: Money\(amount=Decimal\('{below}'\).* at least USD {at}, the floor of {package.name}",
        ):
            quote(package, usd(below), quoted_at=QUOTED)

        shown = quote(package, usd(at), quoted_at=QUOTED)
        assert (usd(at), usd(at), ()) == (shown.price_excl_tax, shown.total, shown.tax_lines)
        assert shown.reason_codes == (ReasonCode.PRICE_AT_OR_ABOVE_FLOOR,)
        assert shown.clause_ids == ("1.1(a)",)
        assert shown.policy_version == "published"

    def test_floors_live_in_the_policy_version(self) -> None:
        """Ruling 12: "floors belong to the policy version": a version with a USD 800 floor refuses USD 700."""
        dearer = attrs.evolve(ALL_IN_ONE, floor_price=usd("800.00"))
        version = attrs.evolve(DEFAULT_POLICY, version_id="dearer", packages=(dearer,))

        with pytest.raises(PriceBelowFloorError, match=r"at least USD 800\.00"):
            quote(ALL_IN_ONE, usd("700.00"), quoted_at=QUOTED, policy=version)
        with pytest.raises(
            PackageNotOfferedError,
            match=r"^package\.code: 'tiktok-shop-management' .* \['all-in-one'\]",
        ):
            quote(TIKTOK_SHOP_MANAGEMENT, usd("2000.00"), quoted_at=QUOTED, policy=version)
        assert dearer == quote(ALL_IN_ONE, usd("800.00"), quoted_at=QUOTED, policy=version).package

    def test_a_currency_the_version_does_not_accept_is_refused(self) -> None:
        """1.1(c): "All listed prices are in USD"; ruling 5: accepted currencies are a parameter (default: USD only)."""
        with pytest.raises(
            CurrencyNotAcceptedError, match=r"^price\.currency: 'HKD' .* \['USD'\]"
        ):
            quote(ALL_IN_ONE, Money(Decimal(5000), "HKD"), quoted_at=QUOTED)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                {"price": 500.0},
                "price: 500.0 is of the wrong type; expected Money",
            ),
            (
                {"package": "all-in-one"},
                "package: 'all-in-one' is of the wrong type; expected a Package",
            ),
            (
                {"quoted_at": "2026-11-01"},
                "quoted_at: '2026-11-01' is of the wrong type; expected an aware datetime.datetime",
            ),
            (
                {"price_includes_tax": 1},
                "price_includes_tax: 1 is of the wrong type; expected True or False",
            ),
            (
                {"policy": "published"},
                (
                    "policy: 'published' is of the wrong type; expected a PolicyVersion or a "
                    "PolicyHistory"
                ),
            ),
        ],
        ids=["price", "package", "quoted_at", "price_includes_tax", "policy"],
    )
    def test_the_arguments_are_typed(self, arguments: dict[str, object], message: str) -> None:
        """Ruling 5 and ruling 6: money is Money and instants are aware; anything else is refused, naming the argument, the value and the type expected."""
        given_arguments: dict[str, object] = {
            "package": ALL_IN_ONE,
            "price": usd("500.00"),
            "quoted_at": QUOTED,
            **arguments,
        }

        with pytest.raises(InvalidTypeError) as raised:
            quote(**given_arguments)  # type: ignore[arg-type]  # each case passes one wrong type on purpose

        assert str(raised.value) == message

    @given(shown=quotes())
    @example(shown=_usd_quote("500.00")).via("the floor exactly")
    def test_every_quote_respects_its_floor_and_adds_up(self, shown: Quote) -> None:
        """
        1.1(a), 1.1(c): a quote is at or above the floor in force, and its total is the price plus its taxes, exactly.

        Any package, price and tax, stated either way.
        """
        assert shown.price_excl_tax >= shown.package.floor_price
        assert shown.price_excl_tax + shown.tax == shown.total
        assert shown.reason_codes[0] is ReasonCode.PRICE_AT_OR_ABOVE_FLOOR
        assert bool(shown.tax_lines) == ("1.1(c)" in shown.clause_ids)

    def test_a_quote_checks_its_own_sums_and_floor(self) -> None:
        """1.1(a), 1.1(c): a quote rebuilt by hand (attrs.evolve) must still add up and respect its floor."""
        shown = _usd_quote("500.00", tax=usd("40.00"))

        with pytest.raises(InvalidValueError) as total_raised:
            attrs.evolve(shown, total=usd("500.00"))
        with pytest.raises(PriceBelowFloorError, match=r"^price_excl_tax: "):
            attrs.evolve(shown, price_excl_tax=usd("460.00"))
        with pytest.raises(CurrencyMismatchError) as currency_raised:
            attrs.evolve(
                shown, tax_lines=(TaxLine(label="VAT", amount=Money(Decimal(40), "HKD")),)
            )

        assert str(total_raised.value) == (
            "total: Money(amount=Decimal('500.00'), currency='USD') is not valid here; "
            "expected price_excl_tax plus every tax line, exactly"
        )
        assert str(currency_raised.value) == (
            "tax_lines[0].amount: Money(amount=Decimal('40.00'), currency='HKD') is in another "
            "currency; expected tax in USD, the currency of the price"
        )


class TestQuoteTaxes:
    """1.1(c) with ruling 4: prices "exclude any applicable taxes unless otherwise stated"."""

    def test_a_tax_amount_is_added_to_the_price(self) -> None:
        """1.1(c): prices "exclude any applicable taxes": USD 500 plus USD 40 tax is USD 540 due."""
        shown = _usd_quote("500.00", tax=usd("40.00"), tax_label="VAT")

        assert (TaxLine(label="VAT", amount=usd("40.00")),) == shown.tax_lines
        assert (usd("500.00"), usd("40.00"), usd("540.00")) == (
            shown.price_excl_tax,
            shown.tax,
            shown.total,
        )
        assert ReasonCode.TAX_ADDED_TO_PRICE in shown.reason_codes
        assert shown.clause_ids == ("1.1(a)", "1.1(c)")

    @pytest.mark.parametrize(
        ("rounding", "tax"),
        [
            (RoundingMode.HALF_UP, "25.01"),
            (RoundingMode.HALF_EVEN, "25.00"),
            (RoundingMode.DOWN, "25.00"),
            (RoundingMode.CEILING, "25.01"),
        ],
    )
    def test_a_tax_rate_is_rounded_with_the_versions_mode(
        self, rounding: RoundingMode, tax: str
    ) -> None:
        """
        1.1(c) with ruling 3: a rate is applied to the tax-exclusive price and rounded with the version's rounding mode.

        5 % of USD 500.10 is USD 25.005 exactly: the tie goes the way the
        version's mode says.
        """
        version = attrs.evolve(DEFAULT_POLICY, rounding=rounding)

        shown = _usd_quote("500.10", tax=Decimal("0.05"), policy=version)

        assert (TaxLine(label="Tax", rate=Decimal("0.05"), amount=usd(tax)),) == shown.tax_lines

    def test_a_negative_or_mistyped_tax_is_refused(self) -> None:
        """1.1(c) with ruling 5: a tax is an amount of zero or more, or a rate from 0 to 1; never a float."""
        with pytest.raises(
            InvalidValueError, match=r"^tax: Decimal\('-0\.08'\) .* a rate from 0 to 1"
        ):
            _usd_quote("500.00", tax=Decimal("-0.08"))
        with pytest.raises(
            InvalidValueError, match=r"^tax: Decimal\('1\.5'\) .* a rate from 0 to 1"
        ):
            _usd_quote("500.00", tax=Decimal("1.5"))
        with pytest.raises(InvalidTypeError) as float_raised:
            _usd_quote("500.00", tax=0.08)
        with pytest.raises(CurrencyMismatchError) as currency_raised:
            _usd_quote("500.00", tax=Money(Decimal(40), "HKD"))
        with pytest.raises(InvalidValueError) as line_raised:
            TaxLine(label="VAT", rate=Decimal("1.5"), amount=usd("750.00"))

        assert str(float_raised.value) == (
            "tax: 0.08 is of the wrong type; expected Money (a tax amount), a decimal.Decimal "
            "(a tax rate) or None"
        )
        assert str(currency_raised.value) == (
            "tax: Money(amount=Decimal('40.00'), currency='HKD') is in another currency; "
            "expected tax in USD, the currency of the price"
        )
        assert str(line_raised.value) == (
            "rate: Decimal('1.5') is not valid here; expected a rate from 0 to 1 with at most 6 "
            "decimal places"
        )

    def test_a_tax_inclusive_price_is_split(self) -> None:
        """
        1.1(c) with ruling 4: "A price stated as tax-inclusive ('unless otherwise stated') is split into price and tax".

        USD 540 including 8 % is USD 500 plus USD 40; including a USD 40
        tax amount, the same.
        """
        by_rate = _usd_quote("540.00", tax=Decimal("0.08"), price_includes_tax=True)
        by_amount = _usd_quote("540.00", tax=usd("40.00"), price_includes_tax=True)

        for shown in (by_rate, by_amount):
            assert (usd("500.00"), usd("40.00"), usd("540.00")) == (
                shown.price_excl_tax,
                shown.tax,
                shown.total,
            )
            assert shown.price_includes_tax
            assert ReasonCode.TAX_SPLIT_FROM_STATED_PRICE in shown.reason_codes

    def test_a_split_below_the_floor_is_refused(self) -> None:
        """1.1(a) with ruling 4: the price is split "before any rule applies", so the floor applies to the tax-exclusive part."""
        with pytest.raises(
            PriceBelowFloorError, match=r"^price_excl_tax: Money\(amount=Decimal\('499\.99'\)"
        ):
            _usd_quote("539.99", tax=usd("40.00"), price_includes_tax=True)

    def test_a_split_needs_a_tax_no_larger_than_the_price(self) -> None:
        """
        1.1(c): "unless otherwise stated": a price stated tax-inclusive needs the tax it includes, at most the price.

        A cent more than the stated USD 540 is refused; the whole USD 540 is
        at most the price, and leaves a tax-exclusive price of zero (here for
        a package whose floor is zero).
        """
        cheap = attrs.evolve(ALL_IN_ONE, floor_price=usd("0.00"))
        version = attrs.evolve(DEFAULT_POLICY, packages=(cheap,))

        with pytest.raises(InvalidValueError) as missing_raised:
            _usd_quote("540.00", price_includes_tax=True)
        with pytest.raises(InvalidValueError) as larger_raised:
            _usd_quote("540.00", tax=usd("540.01"), price_includes_tax=True)
        all_tax = quote(
            cheap,
            usd("540.00"),
            quoted_at=QUOTED,
            tax=usd("540.00"),
            price_includes_tax=True,
            policy=version,
        )

        assert str(missing_raised.value) == (
            "tax: None is not valid here; expected a tax amount or rate to split a tax-inclusive "
            "price with (clause 1.1(c))"
        )
        assert str(larger_raised.value) == (
            "tax: Money(amount=Decimal('540.01'), currency='USD') is not valid here; expected at "
            "most the tax-inclusive price it is part of, USD 540.00"
        )
        assert (usd("0.00"), usd("540.00"), usd("540.00")) == (
            all_tax.price_excl_tax,
            all_tax.tax,
            all_tax.total,
        )

    def test_a_split_does_not_depend_on_the_callers_decimal_context(self) -> None:
        """
        1.1(c) with ruling 4 and ruling 5: "Money is exact": the split of a tax-inclusive price is rounded once, as the version says, whatever decimal context the caller has set.

        A caller working at two significant digits, with inexact results
        trapped, still gets USD 599.99 split at 8 % into USD 555.55 and
        USD 44.44.
        """
        with decimal.localcontext() as caller:
            caller.prec = 2
            caller.traps[decimal.Inexact] = True
            caller.rounding = decimal.ROUND_DOWN
            split = _usd_quote("599.99", tax=Decimal("0.08"), price_includes_tax=True)

        assert (usd("555.55"), usd("44.44")) == (split.price_excl_tax, split.tax)

    @given(
        gross=amounts(max_value=Decimal(1_000_000)),
        rate=rates(),
        rounding=st.sampled_from(RoundingMode),
    )
    @example(gross=usd("1080.01"), rate=Decimal(1), rounding=RoundingMode.HALF_UP).via(
        "a tie: half of USD 1,080.01 is USD 540.005"
    )
    @example(gross=usd("1080.01"), rate=Decimal(1), rounding=RoundingMode.HALF_EVEN).via(
        "the same tie, to even"
    )
    @example(gross=usd("1000.04"), rate=Decimal("0.6"), rounding=RoundingMode.HALF_DOWN).via(
        "a tie: 0.6 / 1.6 of USD 1,000.04 is USD 375.015"
    )
    @example(gross=usd("0.01"), rate=Decimal("0.000001"), rounding=RoundingMode.UP).via(
        "the smallest gross at the smallest rate"
    )
    def test_a_split_adds_up_to_the_stated_gross_for_every_gross_and_rate(
        self, gross: Money, rate: Decimal, rounding: RoundingMode
    ) -> None:
        """
        1.1(c) with ruling 4: price + tax equals the stated gross to the cent, for every gross and rate.

        And the tax is gross x rate / (1 + rate), rounded once with the
        version's mode, as an independent exact computation (fractions) says.
        """
        cheap = attrs.evolve(ALL_IN_ONE, floor_price=usd("0.00"))
        version = attrs.evolve(DEFAULT_POLICY, packages=(cheap,), rounding=rounding)

        shown = quote(
            cheap, gross, quoted_at=QUOTED, tax=rate, price_includes_tax=True, policy=version
        )

        assert gross == shown.price_excl_tax + shown.tax
        assert gross == shown.total
        exact = Fraction(gross.amount) * Fraction(rate) / (1 + Fraction(rate))
        assert _rounded(exact, rounding) == shown.tax.amount


def _rounded(exact: Fraction, rounding: RoundingMode) -> Decimal:
    """Round a non-negative exact amount to the cent, by the textbook definition of each mode."""
    cents = exact * 100
    down = math.floor(cents)
    rest = cents - down
    up = {
        RoundingMode.HALF_UP: rest >= Fraction(1, 2),
        RoundingMode.HALF_EVEN: rest > Fraction(1, 2)
        or (rest == Fraction(1, 2) and down % 2 == 1),
        RoundingMode.HALF_DOWN: rest > Fraction(1, 2),
        RoundingMode.UP: rest > 0,
        RoundingMode.CEILING: rest > 0,
        RoundingMode.DOWN: False,
        RoundingMode.FLOOR: False,
    }[rounding]
    return Decimal(down + up) / 100


# ----------------------------------------------------------- price changes

#: Havana's clock skips from 00:00 to 01:00 on 2026-03-08 (A6).
_HAVANA = attrs.evolve(
    DEFAULT_POLICY, time_zone=ZoneInfo("America/Havana"), price_change_notice_days=1
)
_HAVANA_NOON = datetime(2026, 3, 6, 12, 0, tzinfo=ZoneInfo("America/Havana"))


class TestPriceChangeNotice:
    """1.1(b) with ruling 11: "A price change takes effect only after its notice period (parameter)"."""

    def test_the_example_notice_is_thirty_clear_days(self) -> None:
        """
        1.1(b): fees "are subject to change with prior notice"; the published text names no period, so 30 days is an example (A11).

        Announced 2026-10-01 at noon HKT: the 30 days are 10-02 to 10-31, so
        the change applies from 2026-11-01 00:00 HKT, and not a microsecond
        earlier.
        """
        assert DEFAULT_POLICY.price_change_notice_days == 30
        assert earliest_price_change_at(ANNOUNCED) == EARLIEST_CHANGE
        assert earliest_price_change_at(ANNOUNCED).isoformat() == "2026-11-01T00:00:00+08:00"

        too_soon = price_change(effective_from=EARLIEST_CHANGE - ONE_MICROSECOND)
        with pytest.raises(InsufficientNoticeError) as raised:
            floor_in_force(ALL_IN_ONE, QUOTED, [too_soon])
        assert str(raised.value) == (
            f"changes[0].effective_from: {too_soon.effective_from!r} comes before the notice "
            "period has run; expected at or after 2026-11-01T00:00:00+08:00: 30 clear days' "
            "notice after the announcement of 2026-10-01T12:00:00+08:00 (clause 1.1(b), ruling 11)"
        )
        assert usd("600.00") == floor_in_force(ALL_IN_ONE, QUOTED, [price_change()])

    def test_the_notice_is_a_parameter_of_the_version(self) -> None:
        """Ruling 11: the notice period is a *parameter*: a version may ask for more, or for none beyond the day itself."""
        longer = attrs.evolve(DEFAULT_POLICY, price_change_notice_days=60)
        shortest = attrs.evolve(DEFAULT_POLICY, price_change_notice_days=0)

        assert datetime(2026, 12, 1, tzinfo=HK) == earliest_price_change_at(ANNOUNCED, longer)
        assert datetime(2026, 10, 2, tzinfo=HK) == earliest_price_change_at(ANNOUNCED, shortest)
        # A6's reading of a missing midnight: the day starts when the clock jumps.
        assert (
            earliest_price_change_at(_HAVANA_NOON, _HAVANA).isoformat()
            == "2026-03-08T01:00:00-04:00"
        )
        with pytest.raises(InsufficientNoticeError):
            floor_in_force(ALL_IN_ONE, QUOTED, [price_change()], longer)

    @pytest.mark.parametrize(
        ("days", "error"),
        [
            (-1, InvalidValueError),
            (3661, InvalidValueError),
            (True, InvalidTypeError),
            (30.0, InvalidTypeError),
        ],
    )
    def test_the_notice_is_a_whole_number_of_days(
        self, days: object, error: type[Exception]
    ) -> None:
        """Ruling 11: the notice period is a whole number of days, from 0 to ten years."""
        with pytest.raises(error, match=r"^price_change_notice_days: "):
            attrs.evolve(DEFAULT_POLICY, price_change_notice_days=days)  # type: ignore[arg-type]  # the wrong type is the point

    @given(
        policy=policy_versions(),
        announced_at=aware_datetimes(max_value=datetime(2080, 1, 1, tzinfo=UTC)),
        offset=st.integers(-3 * 86_400, 3 * 86_400).map(lambda s: timedelta(seconds=s)),
    )
    @example(policy=DEFAULT_POLICY, announced_at=ANNOUNCED, offset=timedelta(0)).via(
        "the earliest instant"
    )
    @example(policy=DEFAULT_POLICY, announced_at=ANNOUNCED, offset=-ONE_MICROSECOND).via(
        "one microsecond early"
    )
    @example(policy=_HAVANA, announced_at=_HAVANA_NOON, offset=timedelta(0)).via(
        "a notice ending the night Havana's clock skips midnight"
    )
    @example(policy=_HAVANA, announced_at=_HAVANA_NOON, offset=-ONE_MICROSECOND).via(
        "one microsecond before the skipped midnight"
    )
    def test_a_change_applies_exactly_when_its_clear_days_have_passed(
        self, policy: PolicyVersion, announced_at: datetime, offset: timedelta
    ) -> None:
        """
        1.1(b) with ruling 11 and A11: a change "takes effect only after its notice period", counted in clear local days.

        A change is accepted exactly when it takes effect at or after the
        earliest instant; and then the notice days lie wholly between the
        day of the announcement and the day the change applies.
        """
        earliest = earliest_price_change_at(announced_at, policy)
        # Shifted in UTC: adding to a local time adds wall-clock time (see _time).
        effective_from = (earliest.astimezone(UTC) + offset).astimezone(policy.time_zone)
        assume(effective_from > announced_at)
        change = PriceChange(
            package=policy.packages[0],
            new_floor=policy.packages[0].floor_price,
            announced_at=announced_at,
            effective_from=effective_from,
        )

        if offset < timedelta(0):
            with pytest.raises(InsufficientNoticeError):
                floor_in_force(policy.packages[0], effective_from, [change], policy)
        else:
            floor_in_force(policy.packages[0], effective_from, [change], policy)
            zone = policy.time_zone
            clear_days = (
                local_date(effective_from, zone) - local_date(announced_at, zone)
            ).days - 1
            assert clear_days >= policy.price_change_notice_days
        assert earliest.tzinfo is policy.time_zone

    def test_a_change_is_announced_before_it_applies(self) -> None:
        """1.1(b): "with prior notice": a change that applies at or before its announcement is refused."""
        with pytest.raises(ChronologyError) as raised:
            price_change(effective_from=ANNOUNCED)

        assert str(raised.value) == (
            f"effective_from: {ANNOUNCED!r} is not after the announcement; expected an instant "
            "after the announcement, 2026-10-01T12:00:00+08:00: a change is announced before it "
            "takes effect (clause 1.1(b))"
        )

    def test_the_instants_of_a_change_are_aware(self) -> None:
        """Ruling 6: "every instant must carry a time zone; a naive datetime is an input error", whether announcing a change or asking for a floor."""
        naive = datetime(2026, 10, 1, 12, 0)  # noqa: DTZ001  # the naive instant is the point
        aware_expected = (
            "has no time zone; expected an aware datetime, e.g. datetime(2026, 11, 1, 10, 0, "
            'tzinfo=ZoneInfo("Asia/Hong_Kong"))'
        )

        with pytest.raises(NaiveDatetimeError) as announced_raised:
            earliest_price_change_at(naive)
        with pytest.raises(NaiveDatetimeError) as at_raised:
            floor_in_force(ALL_IN_ONE, naive)

        assert str(announced_raised.value) == f"announced_at: {naive!r} {aware_expected}"
        assert str(at_raised.value) == f"at: {naive!r} {aware_expected}"

    def test_a_change_keeps_its_packages_currency(self) -> None:
        """Ruling 5: "Amounts of different currencies never mix silently": a new floor is in the package's currency."""
        with pytest.raises(CurrencyMismatchError) as change_raised:
            attrs.evolve(price_change(), new_floor=Money(Decimal(5000), "HKD"))
        hkd_version = attrs.evolve(
            DEFAULT_POLICY,
            packages=(attrs.evolve(ALL_IN_ONE, floor_price=Money(Decimal(4000), "HKD")),),
        )
        with pytest.raises(CurrencyMismatchError) as version_raised:
            floor_in_force(ALL_IN_ONE, QUOTED, [price_change()], hkd_version)

        assert str(change_raised.value) == (
            "new_floor: Money(amount=Decimal('5000.00'), currency='HKD') is in another currency; "
            "expected a floor in USD, the currency of ALL IN ONE's floor"
        )
        assert str(version_raised.value) == (
            "changes[0].new_floor: Money(amount=Decimal('600.00'), currency='USD') is in another "
            "currency; expected a floor in HKD, the currency of ALL IN ONE's floor under policy "
            "version 'published'"
        )

    def test_a_change_for_a_package_the_version_does_not_sell_is_refused(self) -> None:
        """Ruling 12: floors belong to the policy version: a change for a package it does not sell is refused."""
        only_tiktok = attrs.evolve(DEFAULT_POLICY, packages=(TIKTOK_SHOP_MANAGEMENT,))

        with pytest.raises(
            PackageNotOfferedError, match=r"^changes\[0\]\.package\.code: 'all-in-one'"
        ):
            floor_in_force(TIKTOK_SHOP_MANAGEMENT, QUOTED, [price_change()], only_tiktok)
        with pytest.raises(InvalidTypeError) as raised:
            floor_in_force(ALL_IN_ONE, QUOTED, ["rise"])  # type: ignore[list-item]  # the wrong type is the point
        assert str(raised.value) == (
            "changes[0]: 'rise' is of the wrong type; expected a PriceChange"
        )

    def test_the_floor_in_force_is_asked_of_a_policy_version(self) -> None:
        """Ruling 12: "floors belong to the policy version": a floor is looked up in a version, nothing else."""
        with pytest.raises(InvalidTypeError, match=r"^policy: 'published' .* a PolicyVersion"):
            floor_in_force(ALL_IN_ONE, QUOTED, (), "published")  # type: ignore[arg-type]  # the wrong type is the point


class TestFloorInForce:
    """1.1(b) with ruling 11: the floor in force at an instant."""

    def test_the_latest_change_in_force_applies_to_its_own_package(self) -> None:
        """
        1.1(b): fees "are subject to change": the change that took effect last applies, to its package only.

        ALL IN ONE rises to USD 600 on 11-01 and to USD 700 on 12-15; TikTok
        Shop management is unaffected throughout.
        """
        rise = price_change("600.00")
        second = price_change("700.00", effective_from=datetime(2026, 12, 15, tzinfo=HK))
        changes = [second, rise]

        assert usd("500.00") == floor_in_force(
            ALL_IN_ONE, EARLIEST_CHANGE - ONE_MICROSECOND, changes
        )
        assert usd("600.00") == floor_in_force(ALL_IN_ONE, EARLIEST_CHANGE, changes)
        assert usd("700.00") == floor_in_force(
            ALL_IN_ONE, datetime(2026, 12, 15, tzinfo=HK), changes
        )
        assert usd("1000.00") == floor_in_force(
            TIKTOK_SHOP_MANAGEMENT, datetime(2027, 1, 1, tzinfo=HK), changes
        )

    def test_two_floors_for_one_instant_are_refused(self) -> None:
        """1.1(b): a package has one floor at a time; two changes setting different floors at the same instant conflict."""
        same_instant_in_utc = EARLIEST_CHANGE.astimezone(UTC)
        conflicting = (
            price_change("600.00"),
            price_change("650.00", effective_from=same_instant_in_utc),
        )

        with pytest.raises(InvalidValueError) as raised:
            floor_in_force(ALL_IN_ONE, QUOTED, conflicting)

        error = raised.value  # its str() shortens so long a value: compare the parts
        assert (error.field, error.value, error.problem, error.expected) == (
            "changes",
            conflicting,
            "is not valid here",
            "one new floor for ALL IN ONE at each instant a change takes effect",
        )
        assert usd("600.00") == floor_in_force(
            ALL_IN_ONE, QUOTED, [price_change(), price_change()]
        )

    @given(data=st.data())
    def test_before_a_change_the_versions_floor_applies_and_after_it_the_new_one(
        self, data: st.DataObject
    ) -> None:
        """1.1(b) with ruling 11: a change "takes effect only after its notice period", and from then on."""
        policy = data.draw(policy_versions())
        change = data.draw(price_changes(policy))
        at = data.draw(
            aware_datetimes(
                min_value=change.announced_at - timedelta(days=30),
                max_value=change.effective_from + timedelta(days=30),
            )
        )

        floor = floor_in_force(change.package, at, [change], policy)

        expected = change.new_floor if at >= change.effective_from else change.package.floor_price
        assert expected == floor


class TestQuotesKeepTheirPrice:
    """1.1(b) with ruling 11: "a purchase keeps the price shown at the time of purchase"."""

    def test_a_quote_cites_the_change_that_set_its_floor(self) -> None:
        """1.1(b): a quote after a change shows the new floor, citing 1.1(b) at the instant the change applied."""
        shown = _usd_quote("650.00", changes=[price_change()])

        assert usd("600.00") == shown.package.floor_price
        assert ReasonCode.FLOOR_CHANGED_WITH_NOTICE in shown.reason_codes
        assert shown.reasons[1].at == EARLIEST_CHANGE
        with pytest.raises(PriceBelowFloorError, match=r"at least USD 600\.00"):
            _usd_quote("599.99", changes=[price_change()])

    def test_a_quote_after_a_price_cut_buys_at_the_new_floor(self) -> None:
        """1.1(b): prices may change either way: after a cut to USD 400, a USD 450 quote makes a valid purchase."""
        shown = _usd_quote("450.00", changes=[price_change("400.00")])

        bought = purchase(
            package=shown.package, price_excl_tax=shown.price_excl_tax, tax=shown.tax
        )
        assert usd("450.00") == bought.amount_due

    def test_a_usd_500_quote_made_before_a_rise_to_600_buys_at_500(self) -> None:
        """
        1.1(b) with ruling 11: "a purchase keeps the price shown at the time of purchase".

        Quoted at USD 500 the day before the floor rises to USD 600; bought
        at that price in January: the purchase is valid, while a new quote at
        USD 500 is refused.
        """
        shown = _usd_quote(
            "500.00", quoted_at=EARLIEST_CHANGE - timedelta(hours=1), changes=[price_change()]
        )

        bought = purchase(
            package=shown.package,
            price_excl_tax=shown.price_excl_tax,
            purchased_at=datetime(2027, 1, 1, tzinfo=HK),
            paid_at=None,
        )

        assert usd("500.00") == bought.price_excl_tax
        assert shown.reason_codes == (ReasonCode.PRICE_AT_OR_ABOVE_FLOOR,)
        with pytest.raises(PriceBelowFloorError, match=r"at least USD 600\.00"):
            _usd_quote(
                "500.00", quoted_at=datetime(2027, 1, 1, tzinfo=HK), changes=[price_change()]
            )

    @given(data=st.data())
    def test_a_quote_made_before_a_change_takes_effect_keeps_its_price(
        self, data: st.DataObject
    ) -> None:
        """
        1.1(b) with ruling 11: "a purchase keeps the price shown at the time of purchase".

        A quote made before a change to its package takes effect is the same
        with or without the change, and a purchase at its price stays valid at
        any later instant, even when the new floor is above that price.
        """
        policy = data.draw(policy_versions())
        shown = data.draw(quotes(policy))
        change = data.draw(price_changes(policy, package=offered(shown, policy)))
        assume(shown.quoted_at < change.effective_from)
        bought_at = data.draw(aware_datetimes(min_value=shown.quoted_at))

        again = quote(
            shown.package,
            shown.total if shown.price_includes_tax else shown.price_excl_tax,
            quoted_at=shown.quoted_at,
            tax=_tax_as_given(shown),
            tax_label=shown.tax_lines[0].label if shown.tax_lines else "Tax",
            price_includes_tax=shown.price_includes_tax,
            changes=[change],
            policy=policy,
        )
        bought = Purchase(
            purchase_id="P-1",
            package=shown.package,
            price_excl_tax=shown.price_excl_tax,
            tax=shown.tax,
            purchased_at=bought_at,
            payment_method=min(policy.payment_methods, key=str),
        )

        assert shown == again
        assert shown.price_excl_tax == bought.price_excl_tax


def offered(shown: Quote, policy: PolicyVersion) -> Package:
    """Return the version's own package that *shown* quotes."""
    return next(package for package in policy.packages if package.code == shown.package.code)


def _tax_as_given(shown: Quote) -> Money | Decimal | None:
    if not shown.tax_lines:
        return None
    line = shown.tax_lines[0]
    return line.amount if line.rate is None else line.rate


class TestQuotesUnderAHistory:
    """1.1(b) with 3(a): fees "are clearly outlined at the time of purchase": under the version then in force (docs/rulings.md A50)."""

    def test_a_quote_is_made_under_the_version_in_force_when_it_is_shown(self) -> None:
        """
        1.1(b): fees "are subject to change with prior notice"; 3(a): "Any changes will be posted ... with an updated effective date".

        The revision in force from 2026-11-10 00:00 HKT raises ALL IN ONE to
        USD 600: USD 550 quoted a microsecond before is quoted under the
        published terms; at the revision's first instant it is refused, and
        USD 600 is quoted under the revision.
        """
        just_before = (REVISED.effective_from.astimezone(UTC) - ONE_MICROSECOND).astimezone(HK)

        before = _usd_quote("550.00", quoted_at=just_before, policy=REVISED_HISTORY)
        at_revision = _usd_quote(
            "600.00", quoted_at=REVISED.effective_from, policy=REVISED_HISTORY
        )

        assert before.policy_version == "published"
        assert at_revision.policy_version == "2026-11-10"
        assert usd("600.00") == at_revision.package.floor_price
        with pytest.raises(PriceBelowFloorError, match=r"at least USD 600\.00"):
            _usd_quote("550.00", quoted_at=REVISED.effective_from, policy=REVISED_HISTORY)

    def test_a_quote_before_the_first_version_is_refused(self) -> None:
        """3(a): no version was in force when the price was shown; the library refuses to guess one."""
        with pytest.raises(NoPolicyInForceError, match=r"^quoted_at: .* before the first version"):
            _usd_quote(
                "500.00",
                quoted_at=datetime(2024, 12, 31, 23, 59, tzinfo=HK),
                policy=REVISED_HISTORY,
            )

    @given(history=policy_histories(), data=st.data())
    def test_a_quote_under_a_history_is_the_quote_of_the_version_then_in_force(
        self, history: PolicyHistory, data: st.DataObject
    ) -> None:
        """
        1.1(b) with 3(a): for any history and any instant a version is in force, the quote is that version's quote.

        Quoted at the price, tax and instant of a purchase made while the
        version was in force (often at its first instant, or its last).
        """
        version, bought = data.draw(purchases_under(history, paid=False))

        def shown(policy: PolicyVersion | PolicyHistory) -> Quote:
            return quote(
                bought.package,
                bought.price_excl_tax,
                quoted_at=bought.purchased_at,
                tax=bought.tax,
                policy=policy,
            )

        assert shown(version) == shown(history)
        assert shown(history).policy_version == version.version_id
