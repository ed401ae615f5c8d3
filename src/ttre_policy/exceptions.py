"""
Every error that ttre_policy raises for input the policy cannot be applied to.

Ineligibility is not an error: a late request gets a `RefundDecision` that
says "not eligible" and why. An exception means the *input* is wrong (a
naive datetime, an amount in fractions of a cent, a service event before
the payment), and the library refuses to guess.

Every error derives from `PolicyInputError`, itself a `ValueError`, and
names the field, the value received and what was expected:

>>> from decimal import Decimal
>>> from ttre_policy import Money
>>> Money(Decimal("500.001"), "USD")
Traceback (most recent call last):
...
ttre_policy.exceptions.SubMinorUnitAmountError: amount: Decimal('500.001') has \
more decimal places than USD allows; expected an amount in whole minor units of \
USD (0.01)

Errors that describe a value of the wrong *type* also derive from `TypeError`.
"""

from __future__ import annotations

import copy
from typing import ClassVar, Self

__all__ = [
    "ChronologyError",
    "CurrencyMismatchError",
    "CurrencyNotAcceptedError",
    "InvalidTypeError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NegativeAmountError",
    "PaymentBeforePurchaseError",
    "PaymentMethodNotOfferedError",
    "PolicyInputError",
    "PriceBelowFloorError",
    "PurchaseMismatchError",
    "RequestBeforePurchaseError",
    "ServiceEventBeforePaymentError",
    "SubMinorUnitAmountError",
    "UnknownCurrencyError",
]


class PolicyInputError(ValueError):
    """
    Input that the policy cannot be applied to.

    Attributes:
        field: Where the bad value sits, as a dotted path
            (``"requested_at"``, ``"purchase.price_excl_tax.amount"``).
        value: The value that was received.
        expected: What would have been accepted, in words.
        problem: What is wrong with the value, in words.
    """

    default_problem: ClassVar[str] = "is not valid here"

    field: str
    value: object
    expected: str
    problem: str

    def __init__(
        self,
        field: str,
        value: object,
        expected: str,
        problem: str | None = None,
    ) -> None:
        """Record where the bad value sits, the value, what was expected and what is wrong."""
        super().__init__(field, value, expected, problem)
        self.field = field
        self.value = value
        self.expected = expected
        self.problem = type(self).default_problem if problem is None else problem

    def __str__(self) -> str:
        """Return ``field: value problem; expected expectation``."""
        return f"{self.field}: {self.value!r} {self.problem}; expected {self.expected}"

    def within(self, parent: str) -> Self:
        """
        Return a copy of this error located inside *parent*.

        The JSON reader uses it to report the full path of a bad field:

        >>> error = InvalidValueError("amount", "5O0", "a decimal number")
        >>> str(error.within("purchase.price"))
        "purchase.price.amount: '5O0' is not valid here; expected a decimal number"
        """
        located = copy.copy(self)
        located.field = f"{parent}.{self.field}" if self.field else parent
        located.args = (located.field, self.value, self.expected, self.problem)
        return located


class InvalidTypeError(PolicyInputError, TypeError):
    """A value of the wrong type, such as a float where money needs a Decimal."""

    default_problem = "is of the wrong type"


class InvalidValueError(PolicyInputError):
    """A value of the right type outside what the field accepts."""


class NaiveDatetimeError(PolicyInputError):
    """A datetime without a time zone: an instant must say where it was read."""

    default_problem = "has no time zone"


class NegativeAmountError(PolicyInputError):
    """An amount of money below zero."""

    default_problem = "is negative"


class SubMinorUnitAmountError(PolicyInputError):
    """An amount finer than its currency's minor unit (ruling 5): never rounded away."""

    default_problem = "has more decimal places than its currency allows"


class UnknownCurrencyError(PolicyInputError):
    """A currency code that is not an ISO 4217 code known to babel's CLDR data."""

    default_problem = "is not a known ISO 4217 currency code"


class CurrencyMismatchError(PolicyInputError, TypeError):
    """Amounts in different currencies combined or compared (ruling 5)."""

    default_problem = "is in another currency"


class CurrencyNotAcceptedError(PolicyInputError):
    """A currency that the policy version does not accept (ruling 5)."""

    default_problem = "is not a currency this policy version accepts"


class PaymentMethodNotOfferedError(PolicyInputError):
    """A payment method that the policy version does not offer (clause 1.2)."""

    default_problem = "is not a payment method this policy version offers"


class PriceBelowFloorError(PolicyInputError):
    """A price below its package's floor (clause 1.1(a), ruling 12)."""

    default_problem = "is below the package's floor price"


class PurchaseMismatchError(PolicyInputError):
    """A request or service event that belongs to another purchase."""

    default_problem = "names another purchase"


class ChronologyError(PolicyInputError):
    """Instants in an order that cannot happen (ruling 6)."""

    default_problem = "is out of order"


class RequestBeforePurchaseError(ChronologyError):
    """A refund request made before the purchase it refers to (ruling 6)."""

    default_problem = "is before the purchase"


class PaymentBeforePurchaseError(ChronologyError):
    """A payment confirmed before the purchase was made (clause 1.3(b))."""

    default_problem = "is before the purchase"


class ServiceEventBeforePaymentError(ChronologyError):
    """A service event before the payment was confirmed (clause 1.3(c), ruling 6)."""

    default_problem = "is before the payment was confirmed"


# Policy versions and amendments (issue 4)

__all__ += [
    "DuplicateVersionError",
    "EmptyHistoryError",
    "NoPolicyInForceError",
    "SimultaneousVersionsError",
    "UnknownVersionError",
    "VersionOrderError",
]


class EmptyHistoryError(PolicyInputError):
    """A policy history without any version: no instant would have a policy in force."""

    default_problem = "holds no policy version"


class DuplicateVersionError(PolicyInputError):
    """Two versions of one policy history with the same version id (clause 3(a))."""

    default_problem = "names a version id twice"


class UnknownVersionError(PolicyInputError):
    """A version id that the policy history does not hold."""

    default_problem = "is not a version of this policy history"


class SimultaneousVersionsError(ChronologyError):
    """Two versions of one policy history that take effect at the same instant (clause 3(a))."""

    default_problem = "takes effect at the same instant as another version"


class VersionOrderError(ChronologyError):
    """Versions of a policy history listed out of the order in which they take effect."""

    default_problem = "takes effect before the version listed before it"


class NoPolicyInForceError(ChronologyError):
    """An instant before the first version of a policy history took effect (clause 3(a))."""

    default_problem = "is before the first version of the policy took effect"
