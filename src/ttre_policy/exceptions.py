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
from typing import ClassVar, Final, Self

__all__ = [
    "ChronologyError",
    "CurrencyMismatchError",
    "CurrencyNotAcceptedError",
    "DecisionNotEligibleError",
    "DisputeBeforeRequestError",
    "DuplicateVersionError",
    "EmptyHistoryError",
    "ExceptionBeforeRequestError",
    "ExceptionNotRecordedError",
    "InsufficientNoticeError",
    "InvalidTypeError",
    "InvalidValueError",
    "LocaleNotAvailableError",
    "MalformedJSONError",
    "MissingFieldError",
    "NaiveDatetimeError",
    "NegativeAmountError",
    "NoPolicyInForceError",
    "PackageNotOfferedError",
    "PaymentAlreadyConfirmedError",
    "PaymentAmountMismatchError",
    "PaymentBeforePurchaseError",
    "PaymentMethodNotOfferedError",
    "PolicyInputError",
    "PriceBelowFloorError",
    "PurchaseMismatchError",
    "RefundBeforePaymentError",
    "RefundBeforeRequestError",
    "RefundsExceedPaymentError",
    "RequestBeforePurchaseError",
    "RequestMismatchError",
    "SchemaTagError",
    "ServiceEventBeforePaymentError",
    "SimultaneousVersionsError",
    "SubMinorUnitAmountError",
    "UnknownCurrencyError",
    "UnknownFieldError",
    "UnknownTimeZoneError",
    "UnknownVersionError",
    "UnpaidPurchaseError",
    "VersionOrderError",
]


#: The longest repr of a bad value that a message shows whole; a longer one
#: (a whole policy version, say) is cut in the middle. `value` keeps it all.
MAX_VALUE_SHOWN: Final = 300


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
        """Return ``field: value problem; expected expectation``, the value shortened if long."""
        value = repr(self.value)
        if len(value) > MAX_VALUE_SHOWN:
            value = f"{value[: MAX_VALUE_SHOWN - 20]}...{value[-15:]}"
        return f"{self.field}: {value} {self.problem}; expected {self.expected}"

    def within(self, parent: str) -> Self:
        """
        Return a copy of this error located inside *parent*.

        The JSON reader uses it to report the full path of a bad field:

        >>> error = InvalidValueError("amount", "5O0", "a decimal number")
        >>> str(error.within("purchase.price"))
        "purchase.price.amount: '5O0' is not valid here; expected a decimal number"
        >>> InvalidValueError("[2].at", "x", "an instant").within("activations").field
        'activations[2].at'
        """
        located = copy.copy(self)
        # An index ("[2].at") joins its parent without a dot: "activations[2].at".
        separator = "" if self.field.startswith("[") else "."
        located.field = f"{parent}{separator}{self.field}" if self.field else parent
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


# Payment terms (issue 3)


class PackageNotOfferedError(PolicyInputError):
    """A package that the policy version does not sell (clause 1.1(a), ruling 12)."""

    default_problem = "is not a package this policy version sells"


class InsufficientNoticeError(ChronologyError):
    """A price change that takes effect before its notice period has run (1.1(b), ruling 11)."""

    default_problem = "comes before the notice period has run"


class PaymentAmountMismatchError(PolicyInputError):
    """A payment confirmed for another amount than the price plus tax due (clause 1.3(b))."""

    default_problem = "is not the amount due"


class PaymentAlreadyConfirmedError(PolicyInputError):
    """A second confirmation of a payment that was already confirmed (clause 1.3(c))."""

    default_problem = "confirms a payment that was already confirmed"


class UnpaidPurchaseError(PolicyInputError):
    """An invoice asked for a purchase whose payment was never confirmed (clause 1.3(a))."""

    default_problem = "has no confirmed payment"


class DecisionNotEligibleError(PolicyInputError):
    """A credit note asked for a refund decision that allows no refund."""

    default_problem = "is not an eligible refund decision"


# The JSON wire format and the explanations (issue 5)


class MalformedJSONError(PolicyInputError):
    """Text that is not one well-formed JSON document."""

    default_problem = "is not well-formed JSON"


class SchemaTagError(PolicyInputError):
    """A document whose schema tag names another document type or version."""

    default_problem = "is not the schema tag of a document this version reads"


class MissingFieldError(PolicyInputError):
    """A document that lacks a field it must have."""

    default_problem = "is missing"


class UnknownFieldError(PolicyInputError):
    """A document with a field its schema does not define (it would be silently ignored)."""

    default_problem = "is not a field of this document"


class UnknownTimeZoneError(PolicyInputError):
    """A time-zone name that the IANA database installed here does not know."""

    default_problem = "is not a time zone known here"


class LocaleNotAvailableError(PolicyInputError):
    """A locale for which no explanation catalog is shipped."""

    default_problem = "is not a locale the explanations are translated into"


# The support desk (issue 6)


class RequestMismatchError(PolicyInputError):
    """A support exception, or a decision's record, that belongs to another request."""

    default_problem = "names another request"


class RefundsExceedPaymentError(PolicyInputError):
    """Refunds recorded or approved for more than was paid on the purchase."""

    default_problem = "is more than was paid"


class ExceptionNotRecordedError(PolicyInputError):
    """A support exception that does not say who approved it or why (ruling 10)."""

    default_problem = "does not say who approved the exception or why"


class ExceptionBeforeRequestError(ChronologyError):
    """A support exception approved before the request it answers (ruling 10)."""

    default_problem = "is before the request"


class DisputeBeforeRequestError(ChronologyError):
    """A dispute opened before the request whose decision it disputes (clause 2.4(a))."""

    default_problem = "is before the request disputed"


class RefundBeforePaymentError(ChronologyError):
    """A refund recorded before the payment it returns was confirmed."""

    default_problem = "is before the payment was confirmed"


class RefundBeforeRequestError(ChronologyError):
    """A refund recorded as settling a request made after it."""

    default_problem = "is before the request it settles"


# Policy versions and amendments (issue 4)


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
