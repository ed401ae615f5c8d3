"""
Quotes: the price of a package, its floor and its tax, as shown at purchase.

    1.1(a) Our service packages start from $500 for the ALL IN ONE solution,
           and from $1,000 for TikTok Shop management.
    1.1(b) These fees are clearly outlined at the time of purchase and are
           subject to change with prior notice.
    1.1(c) All listed prices are in USD and exclude any applicable taxes
           unless otherwise stated.

Ruling 12: a price below its package's floor is refused when quoting; floors
belong to the policy version. Ruling 11: a purchase keeps the price shown at
the time of purchase. Ruling 4: tax is a separate amount; a price stated as
tax-inclusive ("unless otherwise stated") is split into price and tax before
any rule applies. Ruling 5: a currency the version does not accept is
refused.

A `Quote` is what 1.1(b) says is "clearly outlined at the time of
purchase": the package as offered at that instant (with the floor then in
force), the tax-exclusive price, the tax lines and the total. It checks its
own sums and floor, so a quote made before a price change takes effect stays
valid, and keeps its price, after the change (docs/rulings.md, A13).
"""

from __future__ import annotations

import decimal
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from ttre_policy._decisions import Cited, Reason, ReasonCode, reason_for, reasons_of_own_version
from ttre_policy._history import PolicyHistory, version_in_force
from ttre_policy._money import Money, RoundingMode, check_rate, sum_of
from ttre_policy._packages import Package, check_price_floor
from ttre_policy._prices import floor_and_change
from ttre_policy._validators import aware, check_aware, identifier, instance_of, text, tuple_of
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    PolicyInputError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ttre_policy._prices import PriceChange

#: Splitting a tax-inclusive price: 60 digits, far beyond any tie that
#: rounding to a minor unit could meet; the one rounding step is explicit.
_SPLIT: Final = decimal.Context(
    prec=60, traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]
)


def _tax_rate(_instance: object, attribute: attrs.Attribute[Any], rate: object) -> None:
    if rate is not None:
        check_rate(attribute.name, rate, at_most_one=True)


@attrs.frozen(kw_only=True)
class TaxLine:
    """
    One tax charged on top of a tax-exclusive price (1.1(c), ruling 4).

    Attributes:
        label: The tax's name as the documents show it, e.g. ``"VAT"``.
        rate: The rate it was computed at (``Decimal("0.08")`` is 8 %), or
            None when it was given as an amount.
        amount: The tax.
    """

    label: str = attrs.field(validator=text)
    rate: Decimal | None = attrs.field(default=None, validator=_tax_rate)
    amount: Money = attrs.field(validator=instance_of(Money, "Money"))


def _floor_met(instance: Quote, attribute: attrs.Attribute[Any], price: Money) -> None:
    check_price_floor(attribute.name, instance.package, price)


def _in_price_currency(
    instance: Quote, attribute: attrs.Attribute[Any], lines: tuple[TaxLine, ...]
) -> None:
    currency = instance.price_excl_tax.currency
    for index, line in enumerate(lines):
        if line.amount.currency != currency:
            raise CurrencyMismatchError(
                f"{attribute.name}[{index}].amount",
                line.amount,
                f"tax in {currency}, the currency of the price",
            )


@attrs.frozen(kw_only=True)
class Quote(Cited):
    """
    A price as shown at the time of purchase, with its tax and total (1.1(a)-(c)).

    Attributes:
        package: The package as offered when quoted: its floor is the one in
            force at `quoted_at` (1.1(b), ruling 11).
        price_excl_tax: The tax-exclusive price; at least the package's floor
            (1.1(a), ruling 12).
        tax_lines: The taxes charged on top of the price (1.1(c)); none when
            no tax applies.
        total: The price plus every tax line, exactly: what is due at
            purchase (1.3(b)).
        price_includes_tax: Whether the price was stated tax-inclusive and
            split into price and tax (1.1(c): "unless otherwise stated").
        quoted_at: The instant the price was shown.
        policy_version: The version the quote was made under.
        reasons: Every rule that applied, each citing its clause.

    A `Purchase` at the quoted price uses ``package``, ``price_excl_tax``
    and ``tax``; it keeps the price after any later change (ruling 11).
    """

    package: Package = attrs.field(validator=instance_of(Package, "a Package"))
    price_excl_tax: Money = attrs.field(validator=[instance_of(Money, "Money"), _floor_met])
    tax_lines: tuple[TaxLine, ...] = attrs.field(
        validator=[tuple_of(TaxLine, "a TaxLine"), _in_price_currency]
    )
    total: Money = attrs.field(validator=instance_of(Money, "Money"))
    price_includes_tax: bool = attrs.field(validator=instance_of(bool, "True or False"))
    quoted_at: datetime = attrs.field(validator=aware)
    policy_version: str = attrs.field(validator=identifier)
    reasons: tuple[Reason, ...] = attrs.field(
        validator=[tuple_of(Reason, "a Reason"), reasons_of_own_version]
    )

    def __attrs_post_init__(self) -> None:
        """Check that the total is the price plus the taxes, exactly."""
        if self.total != self.price_excl_tax + self.tax:
            raise InvalidValueError(
                "total", self.total, "price_excl_tax plus every tax line, exactly"
            )

    @property
    def currency(self) -> str:
        """The quote's currency: that of its price, taxes and total."""
        return self.price_excl_tax.currency

    @property
    def tax(self) -> Money:
        """The tax charged on top of the price: the sum of the tax lines (zero if none)."""
        return sum_of((line.amount for line in self.tax_lines), self.currency)


def _tax_included_in(gross: Money, rate: Decimal, rounding: RoundingMode) -> Money:
    """Return the tax that *gross* includes at *rate*: gross x rate / (1 + rate), rounded once."""
    exact = _SPLIT.divide(_SPLIT.multiply(gross.amount, rate), _SPLIT.add(Decimal(1), rate))
    return Money(
        exact.quantize(gross.minor_unit, rounding=rounding.decimal_rounding, context=_SPLIT),
        gross.currency,
    )


def _taxed(
    price: Money,
    tax: object,
    label: str,
    *,
    included: bool,
    rounding: RoundingMode,
) -> tuple[Money, tuple[TaxLine, ...]]:
    """
    Return the tax-exclusive price and the tax lines for *price* stated with *tax*.

    Clauses: 1.1(c).
    """
    if tax is None:
        if included:
            raise InvalidValueError(
                "tax",
                tax,
                "a tax amount or rate to split a tax-inclusive price with (clause 1.1(c))",
            )
        return price, ()
    if isinstance(tax, Money):
        if tax.currency != price.currency:
            raise CurrencyMismatchError(
                "tax", tax, f"tax in {price.currency}, the currency of the price"
            )
        if included and tax > price:
            raise InvalidValueError(
                "tax", tax, f"at most the tax-inclusive price it is part of, {price}"
            )
        line = TaxLine(label=label, amount=tax)
    elif isinstance(tax, Decimal):
        rate = check_rate("tax", tax, at_most_one=True)
        amount = (
            _tax_included_in(price, rate, rounding) if included else price.times(rate, rounding)
        )
        line = TaxLine(label=label, rate=rate, amount=amount)
    else:
        raise InvalidTypeError(
            "tax", tax, "Money (a tax amount), a decimal.Decimal (a tax rate) or None"
        )
    # Ruling 4: a tax-inclusive price is split so that price + tax is the gross, exactly.
    return (price - line.amount if included else price), (line,)


def quote(
    package: Package,
    price: Money,
    *,
    quoted_at: datetime,
    tax: Money | Decimal | None = None,
    tax_label: str = "Tax",
    price_includes_tax: bool = False,
    changes: Iterable[PriceChange] = (),
    policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY,
) -> Quote:
    """
    Quote *price* for *package* at *quoted_at*: check its floor, add or split its tax.

    Clauses: 1.1(a), 1.1(b), 1.1(c).

    Clause 1.1(a): packages "start from" their floor; ruling 12 refuses a
    price below the floor in force, which 1.1(b) and ruling 11 let a price
    change with notice move. Clause 1.1(c): prices "exclude any applicable
    taxes unless otherwise stated"; ruling 4 splits a price stated
    tax-inclusive into price and tax. Ruling 5: the currency must be one the
    version accepts.

    Args:
        package: A package the version sells, matched by its code.
        price: The price as stated: tax-exclusive unless *price_includes_tax*.
        quoted_at: When the price is shown; the floor in force then applies.
        tax: The tax, as an amount (`Money`) or as a rate (`decimal.Decimal`,
            from 0 to 1) of the tax-exclusive price, rounded to the minor
            unit with the version's rounding mode; None for no tax.
        tax_label: The tax's name on the quote, e.g. ``"VAT"``.
        price_includes_tax: Whether *price* includes the tax ("unless
            otherwise stated"): it is then split so that price + tax is
            *price* exactly. A tax rate splits it as gross x rate /
            (1 + rate), rounded once.
        changes: Announced price changes (`floor_in_force`).
        policy: The version the quote is made under, or the policy's
            history: then the version in force at *quoted_at* (3(a);
            docs/rulings.md A50).

    Returns:
        The quote, citing 1.1(a), 1.1(b) when a change set the floor, and
        1.1(c) when a tax applies.

    Raises:
        PolicyInputError: For a price below the floor in force (naming the
            floor and the price), a currency the version does not accept, a
            negative tax, a tax larger than a tax-inclusive price, or a
            package the version does not sell; with a history, a
            *quoted_at* before its first version (`NoPolicyInForceError`).

    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE
    >>> at = datetime(2026, 11, 1, 9, 50, tzinfo=ZoneInfo("Asia/Hong_Kong"))
    >>> shown = quote(ALL_IN_ONE, Money(Decimal("500"), "USD"), quoted_at=at,
    ...               tax=Decimal("0.08"))
    >>> str(shown.price_excl_tax), str(shown.tax), str(shown.total)
    ('USD 500.00', 'USD 40.00', 'USD 540.00')
    >>> split = quote(ALL_IN_ONE, Money(Decimal("599.99"), "USD"), quoted_at=at,
    ...               tax=Decimal("0.08"), price_includes_tax=True)
    >>> str(split.price_excl_tax), str(split.tax), str(split.total)
    ('USD 555.55', 'USD 44.44', 'USD 599.99')
    >>> quote(ALL_IN_ONE, Money(Decimal("499.99"), "USD"), quoted_at=at)
    Traceback (most recent call last):
    ...
    ttre_policy.exceptions.PriceBelowFloorError: price_excl_tax: Money(amount=Decimal('499.99'), \
currency='USD') is below the package's floor price; expected at least USD 500.00, \
the floor of ALL IN ONE (clause 1.1(a))
    """
    if not isinstance(price, Money):
        raise InvalidTypeError("price", price, "Money")
    if not isinstance(price_includes_tax, bool):
        raise InvalidTypeError("price_includes_tax", price_includes_tax, "True or False")
    check_aware("quoted_at", quoted_at)
    policy = version_in_force(policy, quoted_at, "quoted_at")
    offered, floor, change = floor_and_change(package, quoted_at, changes, policy)
    try:
        # Ruling 5: only the currencies the version accepts.
        policy.fee_schedule(price.currency)
    except PolicyInputError as error:
        raise error.within("price") from None
    price_excl_tax, tax_lines = _taxed(
        price, tax, tax_label, included=price_includes_tax, rounding=policy.rounding
    )
    as_offered = attrs.evolve(offered, floor_price=floor)
    # 1.1(a), ruling 12: at or above the floor in force.
    check_price_floor("price_excl_tax", as_offered, price_excl_tax)
    reasons = [reason_for(policy, ReasonCode.PRICE_AT_OR_ABOVE_FLOOR)]
    if change is not None:
        reasons.append(
            reason_for(policy, ReasonCode.FLOOR_CHANGED_WITH_NOTICE, change.effective_from)
        )
    if tax_lines:
        reasons.append(
            reason_for(
                policy,
                ReasonCode.TAX_SPLIT_FROM_STATED_PRICE
                if price_includes_tax
                else ReasonCode.TAX_ADDED_TO_PRICE,
            )
        )
    return Quote(
        package=as_offered,
        price_excl_tax=price_excl_tax,
        tax_lines=tax_lines,
        total=price_excl_tax + sum_of((line.amount for line in tax_lines), price.currency),
        price_includes_tax=price_includes_tax,
        quoted_at=quoted_at,
        policy_version=policy.version_id,
        reasons=tuple(reasons),
    )
