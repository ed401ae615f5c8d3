"""
The service packages and their floor prices.

Clause 1.1(a): "Our service packages start from $500 for the ALL IN ONE
solution, and from $1,000 for TikTok Shop management."

Ruling 12: a price below its package's floor is refused when quoting or
validating a purchase; floors belong to the policy version, which lists the
packages it sells (`PolicyVersion.packages`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import attrs

from ttre_policy._money import Money
from ttre_policy._validators import identifier, instance_of, text
from ttre_policy.exceptions import CurrencyMismatchError, PriceBelowFloorError


@attrs.frozen
class Package:
    """
    A service package that TTR-E sells, with the lowest price it sells it for.

    Attributes:
        code: A stable identifier, e.g. ``"all-in-one"``.
        name: The package's name as the policy writes it.
        floor_price: The tax-exclusive price the package "starts from" (1.1(a)).

    >>> ALL_IN_ONE.floor_price
    Money(amount=Decimal('500.00'), currency='USD')
    """

    code: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    floor_price: Money = attrs.field(validator=instance_of(Money, "Money"))


#: The ALL IN ONE solution, from USD 500 (clause 1.1(a)).
ALL_IN_ONE: Final = Package(
    code="all-in-one",
    name="ALL IN ONE",
    floor_price=Money(Decimal("500.00"), "USD"),
)

#: TikTok Shop management, from USD 1,000 (clause 1.1(a)).
TIKTOK_SHOP_MANAGEMENT: Final = Package(
    code="tiktok-shop-management",
    name="TikTok Shop management",
    floor_price=Money(Decimal("1000.00"), "USD"),
)


def check_price_floor(field: str, package: Package, price: Money) -> None:
    """
    Refuse a tax-exclusive *price* below *package*'s floor (1.1(a), ruling 12).

    Clauses: 1.1(a).

    >>> check_price_floor("price", ALL_IN_ONE, Money(Decimal("499.99"), "USD"))
    Traceback (most recent call last):
    ...
    ttre_policy.exceptions.PriceBelowFloorError: price: Money(amount=Decimal('499.99'), \
currency='USD') is below the package's floor price; expected at least USD 500.00, \
the floor of ALL IN ONE (clause 1.1(a))
    """
    floor = package.floor_price
    if price.currency != floor.currency:
        raise CurrencyMismatchError(
            field,
            price,
            f"a price in {floor.currency}, the currency of {package.name}'s floor",
        )
    if price < floor:
        raise PriceBelowFloorError(
            field, price, f"at least {floor}, the floor of {package.name} (clause 1.1(a))"
        )
