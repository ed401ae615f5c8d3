"""
Ruling 5 of CLAUSES.md: money.

"Money is exact: decimal amounts with a currency code, never floats. An
amount with more decimal places than its currency's minor unit is an input
error, not something to round away. Amounts of different currencies never mix
silently. Accepted currencies are a parameter (default: USD only)."

With clause 1.1(c): "All listed prices are in USD".
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import babel.numbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.helpers import PAID, purchase, request, usd
from ttre_policy import (
    DEFAULT_POLICY,
    Money,
    PaymentMethod,
    RoundingMode,
    _money,
    evaluate_refund,
    minor_unit,
)
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    CurrencyNotAcceptedError,
    InvalidTypeError,
    InvalidValueError,
    NegativeAmountError,
    PaymentMethodNotOfferedError,
    PolicyInputError,
    SubMinorUnitAmountError,
    UnknownCurrencyError,
)
from ttre_policy.testing import amounts, currencies, rates

if TYPE_CHECKING:
    from collections.abc import Callable


@pytest.fixture(autouse=True)
def _cold_memos() -> None:
    """
    Empty the memos of minor units and of zeros before each test.

    `minor_unit` and `Money.zero` remember what they computed; without this, a
    test that ran after another would read the remembered value and never
    check the computation itself.
    """
    _money._QUANTA.clear()
    _money._ZEROS.clear()


class TestExactAmounts:
    """Ruling 5: "decimal amounts with a currency code, never floats"."""

    @pytest.mark.parametrize("amount", [500.0, 500, "500.00", True, None])
    def test_anything_but_a_decimal_is_refused(self, amount: object) -> None:
        """Ruling 5: "never floats", and no other stand-in for a Decimal either."""
        with pytest.raises(
            InvalidTypeError, match=r"amount: .* expected a decimal\.Decimal amount"
        ):
            Money(amount, "USD")  # type: ignore[arg-type]  # the wrong type is the point

    @pytest.mark.parametrize(
        ("amount", "currency", "error", "message"),
        [
            (
                "500.001",
                "USD",
                SubMinorUnitAmountError,
                (
                    "amount: Decimal('500.001') has more decimal places than USD allows; "
                    "expected an amount in whole minor units of USD (0.01)"
                ),
            ),
            (
                "0.5",
                "JPY",
                SubMinorUnitAmountError,
                (
                    "amount: Decimal('0.5') has more decimal places than JPY allows; "
                    "expected an amount in whole minor units of JPY (1)"
                ),
            ),
            (
                "1.0001",
                "KWD",
                SubMinorUnitAmountError,
                (
                    "amount: Decimal('1.0001') has more decimal places than KWD allows; "
                    "expected an amount in whole minor units of KWD (0.001)"
                ),
            ),
            (
                "-0.01",
                "USD",
                NegativeAmountError,
                "amount: Decimal('-0.01') is negative; expected an amount of zero or more",
            ),
            (
                "NaN",
                "USD",
                InvalidValueError,
                (
                    "amount: Decimal('NaN') is not valid here; "
                    "expected a finite amount below 1,000,000,000,000,000"
                ),
            ),
            (
                "Infinity",
                "USD",
                InvalidValueError,
                (
                    "amount: Decimal('Infinity') is not valid here; "
                    "expected a finite amount below 1,000,000,000,000,000"
                ),
            ),
            (
                "1E+15",
                "USD",
                InvalidValueError,
                (
                    "amount: Decimal('1E+15') is not valid here; "
                    "expected a finite amount below 1,000,000,000,000,000"
                ),
            ),
        ],
    )
    def test_an_amount_off_its_currencys_grid_is_an_input_error(
        self, amount: str, currency: str, error: type[PolicyInputError], message: str
    ) -> None:
        """
        Ruling 5: "An amount with more decimal places than its currency's minor unit is an input error, not something to round away".

        Negative, non-finite and absurdly large amounts are refused too; each
        error names the field, the amount as given and what was expected.
        """
        with pytest.raises(error) as raised:
            Money(Decimal(amount), currency)

        assert message == str(raised.value)

    @given(money=currencies().flatmap(amounts))
    def test_amounts_are_stored_canonically(self, money: Money) -> None:
        """
        Ruling 5: an amount is stored with exactly its currency's decimal places, and never changes value.

        Any on-grid amount written with extra trailing zeros, or in exponent
        form, is the same Money with the same digits.
        """
        written_otherwise = Decimal(f"{money.amount:.6f}").normalize()

        same = Money(written_otherwise, money.currency)

        assert money == same
        assert money.amount.as_tuple().exponent == same.amount.as_tuple().exponent
        assert -money.amount.as_tuple().exponent == -minor_unit(money.currency).as_tuple().exponent  # type: ignore[operator]  # exponents of finite Decimals are ints

    def test_negative_zero_is_zero(self) -> None:
        """Ruling 5: "-0.00" is nothing, stored without a sign."""
        assert str(Money(Decimal("-0.00"), "USD").amount) == "0.00"

    def test_minor_units_come_from_babel(self) -> None:
        """Ruling 5: "its currency's minor unit" is CLDR's, through babel."""
        assert (Decimal("0.01"), Decimal(1), Decimal("0.001")) == (
            minor_unit("USD"),
            minor_unit("JPY"),
            minor_unit("KWD"),
        )

    def test_a_currency_code_is_a_string(self) -> None:
        """Ruling 5: "a currency code", written as its ISO 4217 letters, not its number."""
        with pytest.raises(InvalidTypeError) as raised:
            Money(Decimal(1), 840)  # type: ignore[arg-type]  # the wrong type is the point

        assert (
            "currency: 840 is of the wrong type; "
            "expected an ISO 4217 currency code string such as 'USD'"
        ) == str(raised.value)

    @pytest.mark.parametrize("code", ["ZZZ", "usd", "US", "", "DOLLARS"])
    def test_unknown_currency_codes_are_refused(self, code: str) -> None:
        """
        Ruling 5: "decimal amounts with a currency code" — a real one.

        babel answers precision 2 for any unknown code, so the code is checked
        against its currency list first.
        """
        assert babel.numbers.get_currency_precision(code or "X") == 2
        with pytest.raises(UnknownCurrencyError) as raised:
            Money(Decimal(1), code)

        assert (
            f"currency: {code!r} is not a known ISO 4217 currency code; "
            "expected an upper-case ISO 4217 code known to CLDR, such as 'USD'"
        ) == str(raised.value)

    def test_the_minor_unit_of_an_unknown_currency_is_refused(self) -> None:
        """Ruling 5: "its currency's minor unit": a code CLDR does not know has none, and is refused, not given babel's default of two places."""
        with pytest.raises(UnknownCurrencyError) as raised:
            minor_unit("ZZZ")

        assert (
            "currency: 'ZZZ' is not a known ISO 4217 currency code; "
            "expected an upper-case ISO 4217 code known to CLDR, such as 'USD'"
        ) == str(raised.value)


class TestNoSilentMixing:
    """Ruling 5: "Amounts of different currencies never mix silently"."""

    @pytest.mark.parametrize(
        ("operation", "symbol"),
        [
            (lambda a, b: a + b, "+"),
            (lambda a, b: a - b, "-"),
            (lambda a, b: a < b, "<"),
            (lambda a, b: a <= b, "<="),
            (lambda a, b: a > b, ">"),
            (lambda a, b: a >= b, ">="),
            (lambda a, b: a.share(b, a, RoundingMode.HALF_UP), "share"),
            (lambda a, b: a.share(a, b, RoundingMode.HALF_UP), "share"),
        ],
    )
    def test_arithmetic_and_comparison_across_currencies_are_refused(
        self, operation: Callable[[Money, Money], object], symbol: str
    ) -> None:
        """
        Ruling 5: adding, subtracting, comparing or sharing USD with HKD is an error, never a guess.

        The error names the operation refused and the amount in the other currency.
        """
        with pytest.raises(CurrencyMismatchError) as raised:
            operation(usd("1.00"), Money(Decimal("1.00"), "HKD"))

        assert (
            f"{symbol}: Money(amount=Decimal('1.00'), currency='HKD') is in another currency; "
            "expected Money in USD: convert explicitly before combining amounts"
        ) == str(raised.value)

    def test_money_does_not_combine_with_numbers(self) -> None:
        """Ruling 5: money combines only with money."""
        with pytest.raises(InvalidTypeError, match=r"\+: Decimal\('1'\)"):
            usd("1.00") + Decimal(1)  # type: ignore[operator]  # the wrong type is the point

    def test_different_currencies_are_simply_unequal(self) -> None:
        """Ruling 5: equality is not mixing: USD 1 is not HKD 1."""
        assert usd("1.00") != Money(Decimal("1.00"), "HKD")

    def test_subtraction_below_zero_is_refused(self) -> None:
        """Ruling 5 with ruling 3: "a refund is never negative"; so is every amount."""
        with pytest.raises(NegativeAmountError):
            usd("1.00") - usd("1.01")

    @given(
        currency=st.sampled_from(["USD", "JPY", "KWD", "CLF"]),
        data=st.data(),
        rate=rates(max_value=Decimal(1000)),
        mode=st.sampled_from(RoundingMode),
    )
    def test_every_result_of_arithmetic_is_valid_money(
        self, currency: str, data: st.DataObject, rate: Decimal, mode: RoundingMode
    ) -> None:
        """
        Ruling 5: results of arithmetic are as exact and canonical as any amount built from scratch.

        Sums, differences, products and shares equal the fully validated
        Money of the same value, digit for digit (they are built without
        re-validation, being valid by construction).
        """
        a, b = data.draw(amounts(currency)), data.draw(amounts(currency))
        big, small = max(a, b), min(a, b)
        results = [a + b, big - small, a.times(rate, mode)]
        if not big.is_zero():
            results.append(a.share(small, big, mode))

        for result in results:
            rebuilt = Money(result.amount, result.currency)
            assert rebuilt == result
            assert rebuilt.amount.as_tuple() == result.amount.as_tuple()

    def test_arithmetic_beyond_the_bounds_is_refused(self) -> None:
        """Ruling 5: a sum or product at or above the largest amount is refused, like any such amount."""
        largest = Money(Decimal(999999999999999), "JPY")

        with pytest.raises(InvalidValueError, match=r"^amount: "):
            largest + Money(Decimal(1), "JPY")
        with pytest.raises(InvalidValueError, match=r"^amount: "):
            largest.times(Decimal(2), RoundingMode.HALF_UP)

    def test_a_product_exactly_at_the_bound_is_refused(self) -> None:
        """Ruling 5: amounts stay strictly below the bound: a product that lands exactly on it is refused too."""
        with pytest.raises(InvalidValueError) as raised:
            Money(Decimal(500000000000000), "JPY").times(Decimal(2), RoundingMode.HALF_UP)

        assert (
            "amount: Decimal('1000000000000000') is not valid here; "
            "expected a finite amount below 1,000,000,000,000,000"
        ) == str(raised.value)

    def test_nothing_is_the_same_value_each_time(self) -> None:
        """Ruling 5: Money.zero is nothing in the currency, canonical, whichever way it is asked for."""
        assert Money(Decimal("0.000"), "USD") == Money.zero("USD")
        assert "0.00" == str(Money.zero("USD").amount)

    @given(a=amounts(), b=amounts())
    def test_addition_is_exact(self, a: Money, b: Money) -> None:
        """Ruling 5: "Money is exact": a + b - b is a, to the cent."""
        assert a == (a + b) - b
        assert a + b == b + a


class TestRounding:
    """Ruling 3 with ruling 5: the only rounding is of an amount computed from a rate, once."""

    @given(money=amounts(), rate=rates(), mode=st.sampled_from(RoundingMode))
    @example(money=usd("15.00"), rate=Decimal("0.019"), mode=RoundingMode.HALF_UP).via(
        "a tie: 0.285"
    )
    def test_a_rate_times_an_amount_is_rounded_once_to_the_minor_unit(
        self, money: Money, rate: Decimal, mode: RoundingMode
    ) -> None:
        """
        Ruling 3: "Each fee is rounded to the currency's minor unit" with the version's mode.

        The result is within one minor unit of the exact product, never above
        the amount for a rate of at most 1, and exact when the product is
        already on the grid.
        """
        exact = money.amount * rate

        rounded = money.times(rate, mode)

        assert abs(rounded.amount - exact) < money.minor_unit
        assert rounded <= money
        if exact == exact.quantize(money.minor_unit):
            assert exact == rounded.amount

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            (RoundingMode.HALF_UP, "0.29"),
            (RoundingMode.HALF_EVEN, "0.28"),
            (RoundingMode.HALF_DOWN, "0.28"),
            (RoundingMode.UP, "0.29"),
            (RoundingMode.DOWN, "0.28"),
            (RoundingMode.CEILING, "0.29"),
            (RoundingMode.FLOOR, "0.28"),
        ],
    )
    def test_every_rounding_mode_on_a_tie(self, mode: RoundingMode, expected: str) -> None:
        """Ruling 3: "ROUND_HALF_UP (parameter)": each mode, pinned on 1.9 % of USD 15.00 = 0.285."""
        assert usd(expected) == usd("15.00").times(Decimal("0.019"), mode)

    @pytest.mark.parametrize(
        "rate", [Decimal("-0.01"), Decimal("0.0000001"), Decimal("NaN"), Decimal(1001)]
    )
    def test_an_unusable_rate_is_refused(self, rate: Decimal) -> None:
        """Ruling 3: a rate is a finite, non-negative Decimal with at most six decimal places."""
        with pytest.raises(InvalidValueError, match="rate: "):
            usd("1.00").times(rate, RoundingMode.HALF_UP)

    def test_a_float_rate_is_refused(self) -> None:
        """Ruling 5: "never floats", rates included."""
        with pytest.raises(InvalidTypeError) as raised:
            usd("1.00").times(0.03, RoundingMode.HALF_UP)  # type: ignore[arg-type]  # the wrong type is the point

        assert (
            "rate: 0.03 is of the wrong type; "
            "expected a decimal.Decimal rate such as Decimal('0.029')"
        ) == str(raised.value)

    def test_a_rounding_mode_must_be_named(self) -> None:
        """Ruling 3: the rounding mode is one of RoundingMode, never a bare string."""
        with pytest.raises(InvalidTypeError) as raised:
            usd("1.00").times(Decimal("0.5"), "ROUND_HALF_UP")  # type: ignore[arg-type]  # the wrong type is the point

        assert "rounding: 'ROUND_HALF_UP' is of the wrong type; expected a RoundingMode" == str(
            raised.value
        )

    @pytest.mark.parametrize(
        ("part", "whole"),
        [("2.00", "1.00"), ("0.00", "0.00")],
        ids=["part-above-whole", "no-whole"],
    )
    def test_a_share_must_be_a_part_of_a_whole(self, part: str, whole: str) -> None:
        """Ruling 4: a tax share is refunded part over whole, with 0 <= part <= whole and whole > 0."""
        with pytest.raises(InvalidValueError) as raised:
            usd("10.00").share(usd(part), usd(whole), RoundingMode.HALF_UP)

        assert (
            f"share: ({usd(part)!r}, {usd(whole)!r}) is not valid here; "
            "expected a share between 0 and 1 of a non-zero whole"
        ) == str(raised.value)

    @pytest.mark.parametrize(
        ("mode", "expected"),
        [
            (RoundingMode.HALF_UP, "0.01"),
            (RoundingMode.HALF_EVEN, "0.00"),
            (RoundingMode.HALF_DOWN, "0.00"),
            (RoundingMode.UP, "0.01"),
            (RoundingMode.DOWN, "0.00"),
            (RoundingMode.CEILING, "0.01"),
            (RoundingMode.FLOOR, "0.00"),
        ],
    )
    def test_every_rounding_mode_on_a_tie_of_a_share(
        self, mode: RoundingMode, expected: str
    ) -> None:
        """Ruling 4: tax refunded "in proportion to the price refunded" is rounded once, with the version's mode: half of USD 0.01 is a tie."""
        assert usd(expected) == usd("0.01").share(usd("1.00"), usd("2.00"), mode)

    def test_results_do_not_depend_on_the_callers_decimal_context(self) -> None:
        """
        Ruling 5: "Money is exact", whatever decimal context the code that calls the library has set.

        The library computes in its own contexts: a caller's low precision or
        rounding mode changes no amount, no check and no rounding.
        """
        price = Money(Decimal("123456789.12"), "USD")
        outside = [
            price.times(Decimal("999.123456"), RoundingMode.HALF_UP),
            price.share(usd("1.00"), usd("3.00"), RoundingMode.HALF_UP),
        ]

        with decimal.localcontext() as context:
            context.prec = 3
            context.rounding = decimal.ROUND_FLOOR
            inside = [
                Money(Decimal("123456789.12"), "USD").times(
                    Decimal("999.123456"), RoundingMode.HALF_UP
                ),
                price.share(usd("1.00"), usd("3.00"), RoundingMode.HALF_UP),
            ]

        assert outside == inside


class TestAcceptedCurrencies:
    """Ruling 5: "Accepted currencies are a parameter (default: USD only)", with 1.1(c): "All listed prices are in USD"."""

    def test_the_default_accepts_usd_only(self) -> None:
        """1.1(c): "All listed prices are in USD"."""
        assert frozenset({"USD"}) == DEFAULT_POLICY.accepted_currencies

    def test_a_currency_the_version_does_not_accept_is_refused(self) -> None:
        """Ruling 5: a purchase in a currency the version does not accept is refused, not decided."""
        hkd = Money(Decimal("5000.00"), "HKD")
        package = attrs.evolve(DEFAULT_POLICY.packages[0], floor_price=hkd)

        with pytest.raises(CurrencyNotAcceptedError, match=r"currency: 'HKD' .* one of \['USD'\]"):
            evaluate_refund(
                purchase(package=package, price_excl_tax=hkd, tax=Money.zero("HKD")), request(PAID)
            )

    def test_a_payment_method_the_version_does_not_offer_is_refused(self) -> None:
        """1.2(b): PayPal is offered "as available": where a version does not offer it, it is refused."""
        schedule = DEFAULT_POLICY.fee_schedules[0]
        cards_only = attrs.evolve(schedule, processing=schedule.processing[:2])
        version = attrs.evolve(DEFAULT_POLICY, fee_schedules=(cards_only,))

        with pytest.raises(
            PaymentMethodNotOfferedError, match=r"payment_method: PaymentMethod.PAYPAL"
        ):
            evaluate_refund(
                purchase(payment_method=PaymentMethod.PAYPAL), request(PAID), policy=version
            )
