"""
Money: exact decimal amounts with their currency.

Ruling 5 of CLAUSES.md:

    Money is exact: decimal amounts with a currency code, never floats. An
    amount with more decimal places than its currency's minor unit is an input
    error, not something to round away. Amounts of different currencies never
    mix silently.

So `Money` holds a `decimal.Decimal` and an ISO 4217 code checked against
babel's CLDR currency list (babel itself answers "2 decimal places" for any
unknown code, so the list is checked first). The minor unit is CLDR's number
of digits for the currency (USD 2, JPY 0, KWD 3). Amounts are canonical: a
value on the currency's grid is stored with exactly that many decimal places,
so ``Money(Decimal("500"), "USD")`` and ``Money(Decimal("500.00"), "USD")``
are the same value with the same JSON form. Nothing is ever rounded here
except by `Money.times`, whose rounding mode the caller names.

Arithmetic is exact: amounts stay below `MAX_AMOUNT` and rates carry at most
`MAX_RATE_DECIMALS` decimal places, so every product fits the 60-digit
context below without rounding; the context traps inexact results anyway.
"""

from __future__ import annotations

import decimal
import functools
import operator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
import babel.numbers

from ttre_policy._enums import PolicyEnum
from ttre_policy._validators import instance_of
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    NegativeAmountError,
    SubMinorUnitAmountError,
    UnknownCurrencyError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: Amounts must be strictly below this bound (a quadrillion units), so that
#: every computation stays exact.
MAX_AMOUNT: Final = Decimal("1e15")

#: Rates (fee rates, tax rates) carry at most this many decimal places.
MAX_RATE_DECIMALS: Final = 6

#: Exact arithmetic: a result that would need rounding raises instead.
_EXACT: Final = decimal.Context(
    prec=60,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Inexact,
        decimal.Rounded,
    ],
)
#: Rounding to a minor unit: the only place where digits are dropped.
_ROUNDING: Final = decimal.Context(
    prec=60,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_KNOWN_CURRENCIES: Final = frozenset(babel.numbers.list_currencies())
_QUANTA: dict[str, Decimal] = {}
_ZEROS: dict[str, Money] = {}


def minor_unit(currency: str) -> Decimal:
    """
    Return the smallest amount of *currency* as a Decimal (CLDR digits, via babel).

    >>> minor_unit("USD"), minor_unit("JPY"), minor_unit("KWD")
    (Decimal('0.01'), Decimal('1'), Decimal('0.001'))
    """
    quantum = _QUANTA.get(currency)
    if quantum is None:
        check_currency_code("currency", currency)
        digits = babel.numbers.get_currency_precision(currency)
        quantum = _QUANTA[currency] = Decimal(1).scaleb(-digits)
    return quantum


def check_currency_code(field: str, code: object) -> str:
    """Return *code* if it is a known ISO 4217 code; raise a typed error otherwise."""
    if not isinstance(code, str):
        raise InvalidTypeError(field, code, "an ISO 4217 currency code string such as 'USD'")
    if code not in _KNOWN_CURRENCIES:
        raise UnknownCurrencyError(
            field, code, "an upper-case ISO 4217 code known to CLDR, such as 'USD'"
        )
    return code


def _currency_code(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_currency_code(attribute.name, value)


class RoundingMode(PolicyEnum):
    """
    How an amount computed from a rate is rounded to the currency's minor unit.

    Ruling 3 sets `HALF_UP` as the default for fees; it is a parameter of the
    policy version. Values are stable lower-case strings for the wire format.
    """

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    HALF_DOWN = "half_down"
    UP = "up"
    DOWN = "down"
    CEILING = "ceiling"
    FLOOR = "floor"

    @property
    def decimal_rounding(self) -> str:
        """The `decimal` module's name for this mode, e.g. ``ROUND_HALF_UP``."""
        return _DECIMAL_ROUNDING[self]


_DECIMAL_ROUNDING: Final[Mapping[RoundingMode, str]] = {
    RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    RoundingMode.HALF_DOWN: decimal.ROUND_HALF_DOWN,
    RoundingMode.UP: decimal.ROUND_UP,
    RoundingMode.DOWN: decimal.ROUND_DOWN,
    RoundingMode.CEILING: decimal.ROUND_CEILING,
    RoundingMode.FLOOR: decimal.ROUND_FLOOR,
}


def check_rate(field: str, rate: object, *, at_most_one: bool) -> Decimal:
    """
    Return *rate* if it is a usable rate; raise a typed error otherwise.

    A rate is a finite, non-negative Decimal with at most `MAX_RATE_DECIMALS`
    decimal places (``Decimal("0.029")`` is 2.9 %), and at most 1 when
    *at_most_one* (a fee rate is a share of the price).
    """
    if not isinstance(rate, Decimal):
        raise InvalidTypeError(field, rate, "a decimal.Decimal rate such as Decimal('0.029')")
    upper = "1" if at_most_one else "1000"
    if (
        not rate.is_finite()
        or rate < 0
        or rate > Decimal(upper)
        or rate != rate.quantize(Decimal(1).scaleb(-MAX_RATE_DECIMALS), context=_ROUNDING)
    ):
        raise InvalidValueError(
            field,
            rate,
            f"a rate from 0 to {upper} with at most {MAX_RATE_DECIMALS} decimal places",
        )
    return rate


@attrs.frozen
class Money:
    """
    An exact amount of money in one currency (ruling 5).

    Attributes:
        amount: A non-negative `decimal.Decimal`, on the currency's minor-unit
            grid, below `MAX_AMOUNT`. Stored with exactly the currency's
            number of decimal places.
        currency: An ISO 4217 code known to CLDR, such as ``"USD"``.

    >>> Money(Decimal("500"), "USD")
    Money(amount=Decimal('500.00'), currency='USD')
    >>> Money(Decimal("500.00"), "USD") + Money(Decimal("15.30"), "USD")
    Money(amount=Decimal('515.30'), currency='USD')
    >>> str(Money(Decimal("484.7"), "USD"))
    'USD 484.70'
    """

    amount: Decimal = attrs.field(
        validator=instance_of(Decimal, "a decimal.Decimal amount (never a float)")
    )
    currency: str = attrs.field(validator=_currency_code)

    def __attrs_post_init__(self) -> None:
        """Check the amount against its currency and store it canonically."""
        amount = self.amount
        if not amount.is_finite() or amount >= MAX_AMOUNT:
            raise InvalidValueError("amount", amount, f"a finite amount below {MAX_AMOUNT:,f}")
        if amount < 0:
            raise NegativeAmountError("amount", amount, "an amount of zero or more")
        quantum = minor_unit(self.currency)
        canonical = amount.quantize(quantum, context=_ROUNDING)
        if canonical != amount:
            raise SubMinorUnitAmountError(
                "amount",
                amount,
                f"an amount in whole minor units of {self.currency} ({quantum})",
                f"has more decimal places than {self.currency} allows",
            )
        # -0 and 0 are the same amount; store the one without a sign.
        object.__setattr__(self, "amount", canonical.copy_abs())

    @classmethod
    def zero(cls, currency: str) -> Money:
        """
        Return nothing, in *currency*.

        >>> Money.zero("JPY")
        Money(amount=Decimal('0'), currency='JPY')
        """
        zero = _ZEROS.get(currency)
        if zero is None:
            zero = _ZEROS[currency] = Money(Decimal(0), currency)
        return zero

    @property
    def minor_unit(self) -> Decimal:
        """The smallest amount of this currency, e.g. ``Decimal('0.01')`` for USD."""
        return minor_unit(self.currency)

    def is_zero(self) -> bool:
        """Return whether the amount is nothing."""
        return not self.amount

    def _same_currency(self, other: object, operation: str) -> Money:
        if not isinstance(other, Money):
            raise InvalidTypeError(operation, other, f"Money in {self.currency}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                operation,
                other,
                f"Money in {self.currency}: convert explicitly before combining amounts",
            )
        return other

    def __add__(self, other: Money) -> Money:
        """Add an amount in the same currency; another currency is an error."""
        other = self._same_currency(other, "+")
        if not other.amount:
            return self
        total = _EXACT.add(self.amount, other.amount)
        if total >= MAX_AMOUNT:
            return Money(total, self.currency)  # refused, with the usual error
        return _canonical(total, self.currency)

    def __sub__(self, other: Money) -> Money:
        """Subtract an amount in the same currency; a negative result is an error."""
        other = self._same_currency(other, "-")
        if not other.amount:
            return self
        difference = _EXACT.subtract(self.amount, other.amount)
        if difference < 0:
            return Money(difference, self.currency)  # refused, with the usual error
        return _canonical(difference, self.currency)

    def __lt__(self, other: Money) -> bool:
        """Compare with an amount in the same currency."""
        return self.amount < self._same_currency(other, "<").amount

    def __le__(self, other: Money) -> bool:
        """Compare with an amount in the same currency."""
        return self.amount <= self._same_currency(other, "<=").amount

    def __gt__(self, other: Money) -> bool:
        """Compare with an amount in the same currency."""
        return self.amount > self._same_currency(other, ">").amount

    def __ge__(self, other: Money) -> bool:
        """Compare with an amount in the same currency."""
        return self.amount >= self._same_currency(other, ">=").amount

    def times(self, rate: Decimal, rounding: RoundingMode) -> Money:
        """
        Return *rate* times this amount, rounded to the minor unit with *rounding*.

        The product is exact before the single rounding step.

        >>> Money(Decimal("15.00"), "USD").times(Decimal("0.019"), RoundingMode.HALF_UP)
        Money(amount=Decimal('0.29'), currency='USD')
        >>> Money(Decimal("15.00"), "USD").times(Decimal("0.019"), RoundingMode.DOWN)
        Money(amount=Decimal('0.28'), currency='USD')
        """
        check_rate("rate", rate, at_most_one=False)
        if not isinstance(rounding, RoundingMode):
            raise InvalidTypeError("rounding", rounding, "a RoundingMode")
        return rounded_product(self, rate, rounding)

    def share(self, numerator: Money, denominator: Money, rounding: RoundingMode) -> Money:
        """
        Return this amount times *numerator* / *denominator*, rounded once with *rounding*.

        Used for a tax refunded in proportion to the price refunded (ruling 4).
        The quotient is computed to 60 significant digits, far beyond any tie
        that rounding to the minor unit could meet, then rounded once.

        >>> tax = Money(Decimal("10.00"), "USD")
        >>> tax.share(Money(Decimal("1"), "USD"), Money(Decimal("3"), "USD"),
        ...           RoundingMode.HALF_UP)
        Money(amount=Decimal('3.33'), currency='USD')
        """
        numerator = self._same_currency(numerator, "share")
        denominator = self._same_currency(denominator, "share")
        if denominator.is_zero() or numerator > denominator:
            raise InvalidValueError(
                "share", (numerator, denominator), "a share between 0 and 1 of a non-zero whole"
            )
        quotient = _ROUNDING.divide(
            _EXACT.multiply(self.amount, numerator.amount), denominator.amount
        )
        # At most this amount (numerator <= denominator), so within bounds.
        return _canonical(
            quotient.quantize(
                self.minor_unit, rounding=rounding.decimal_rounding, context=_ROUNDING
            ),
            self.currency,
        )

    def __str__(self) -> str:
        """Return the currency code and the amount, e.g. ``USD 500.00``."""
        return f"{self.currency} {self.amount}"


def sum_of(amounts: Iterable[Money], currency: str) -> Money:
    """Return the exact sum of *amounts*, all in *currency*; nothing when there are none."""
    return functools.reduce(operator.add, amounts, Money.zero(currency))


def rounded_product(money: Money, rate: Decimal, rounding: RoundingMode) -> Money:
    """
    Return *rate* times *money*, rounded once to the minor unit with *rounding*.

    `Money.times` without its checks, for a rate and a mode already validated
    (a `ProcessingFee`'s rate, a policy version's mode): the rules call it
    on every decision. The product is exact before the single rounding.
    """
    product = _EXACT.multiply(money.amount, rate).quantize(
        minor_unit(money.currency),
        rounding=_DECIMAL_ROUNDING[rounding],
        context=_ROUNDING,
    )
    if product >= MAX_AMOUNT:
        return Money(product, money.currency)  # refused, with the usual error
    # A rate of Decimal("-0") is a valid zero rate, and makes a product of -0:
    # the same amount as 0, stored without a sign as Money stores it.
    return _canonical(product.copy_abs(), money.currency)


def _canonical(amount: Decimal, currency: str) -> Money:
    """
    Return Money for an amount that is valid by construction, without re-validating it.

    Only for results of arithmetic on valid Money of one currency: a sum or
    difference of canonical amounts keeps their exponent, a quantized product
    has the currency's, and the callers check the two bounds that can fail
    (below zero, at or above MAX_AMOUNT). The test suite checks that every
    result equals the fully validated construction, digit for digit.
    """
    money = _new_money(Money)
    _set_amount(money, amount)
    _set_currency(money, currency)
    return money


# Setting a slot through its descriptor skips the frozen class's __setattr__.
_new_money: Final = object.__new__
_set_amount: Final = Money.__dict__["amount"].__set__
_set_currency: Final = Money.__dict__["currency"].__set__
