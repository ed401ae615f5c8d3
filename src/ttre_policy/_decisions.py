"""
The decision record: what `evaluate_refund` answers, and why.

A decision lists every reason that applies, not only the first, each with a
stable code, the clause id it rests on, the policy version and the SHA-256 of
that version's words for the clause, so a decision record proves which words
it applied. It names the route to the support team (ruling 10: a denial is
never the last word) and the facts it rested on.

Ruling 8: the library decides eligibility and the largest refund the policy
allows. Granting it remains the merchant's act: a decision says "eligible",
not "paid".
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final

import attrs

from ttre_policy._clauses import CLAUSE_IDS
from ttre_policy._enums import PolicyEnum
from ttre_policy._money import Money
from ttre_policy._purchases import Activation
from ttre_policy._time import utc
from ttre_policy._validators import (
    aware,
    identifier,
    instance_of,
    optional_aware,
    tuple_of,
)
from ttre_policy._versions import SupportContact
from ttre_policy.exceptions import CurrencyMismatchError, InvalidValueError


class Outcome(PolicyEnum):
    """The outcome of a refund request. Values are stable wire codes."""

    #: The policy allows a refund (of `RefundDecision.refund`, which may be zero).
    ELIGIBLE = "eligible"
    #: The policy allows no refund.
    NOT_ELIGIBLE = "not_eligible"


class ReasonCode(PolicyEnum):
    """
    Why a decision came out as it did: one stable code per rule that applied.

    Each code rests on exactly one clause, given by `clause_id`. Values are
    stable lower-case strings for the wire format.
    """

    #: The payment was never confirmed: nothing to refund, cancelling is
    #: always allowed (1.3(c), ruling 7).
    PAYMENT_NOT_CONFIRMED = "payment_not_confirmed"
    #: The customer cancelled before the payment was confirmed; the payment
    #: that followed is refundable (1.3(b); see docs/rulings.md).
    CANCELLED_BEFORE_PAYMENT = "cancelled_before_payment"
    #: The request came within the cancellation window (2.2(a), ruling 1).
    WITHIN_CANCELLATION_WINDOW = "within_cancellation_window"
    #: The request came after the cancellation window closed (2.2(a), ruling 1).
    OUTSIDE_CANCELLATION_WINDOW = "outside_cancellation_window"
    #: No service event preceded the request (2.2(b), ruling 2).
    NO_SERVICE_INITIATED = "no_service_initiated"
    #: The service was activated at or before the request (2.1(b), ruling 2).
    SERVICE_ACTIVATED = "service_activated"
    #: Work commenced at or before the request (2.1(b), ruling 2).
    WORK_COMMENCED = "work_commenced"
    #: The service was used at or before the request (2.3(a), ruling 2).
    SERVICE_USED = "service_used"
    #: The service was partially delivered at or before the request (2.3(a)).
    SERVICE_PARTIALLY_DELIVERED = "service_partially_delivered"
    #: All payments are final: no exception of the policy applies (2.1(a)).
    PAYMENTS_FINAL = "payments_final"
    #: A processing fee was deducted from the refund (2.2(b), ruling 3).
    PROCESSING_FEE_DEDUCTED = "processing_fee_deducted"
    #: An administrative fee was deducted from the refund (2.2(b), ruling 3).
    ADMINISTRATIVE_FEE_DEDUCTED = "administrative_fee_deducted"
    #: The fees were capped at the tax-exclusive price (2.2(b), ruling 3).
    FEES_CAPPED_AT_PRICE = "fees_capped_at_price"
    #: The tax is refunded in full (1.1(c), ruling 4).
    TAX_REFUNDED_IN_FULL = "tax_refunded_in_full"
    #: The tax is refunded in proportion to the price refunded (1.1(c), ruling 4).
    TAX_REFUNDED_IN_PROPORTION = "tax_refunded_in_proportion"
    # Policy versions and amendments (issue 4)
    #: The version in force at the payment governs: by paying, the customer
    #: agreed to it (5(a), ruling 9).
    AGREED_BY_PAYING = "agreed_by_paying"
    #: The purchase was never paid, so the version in force when its payment
    #: was due, at the purchase, governs (1.3(b), ruling 9; docs/rulings.md A20).
    IN_FORCE_WHEN_PAYMENT_WAS_DUE = "in_force_when_payment_was_due"
    #: The policy history says the version in force at the request governs
    #: (3(a), ruling 9's parameter).
    IN_FORCE_AT_REQUEST = "in_force_at_request"

    @property
    def clause_id(self) -> str:
        """The clause this reason rests on."""
        return REASON_CLAUSES[self]


#: The clause each reason code rests on.
REASON_CLAUSES: Final = {
    ReasonCode.PAYMENT_NOT_CONFIRMED: "1.3(c)",
    ReasonCode.CANCELLED_BEFORE_PAYMENT: "1.3(b)",
    ReasonCode.WITHIN_CANCELLATION_WINDOW: "2.2(a)",
    ReasonCode.OUTSIDE_CANCELLATION_WINDOW: "2.2(a)",
    ReasonCode.NO_SERVICE_INITIATED: "2.2(b)",
    ReasonCode.SERVICE_ACTIVATED: "2.1(b)",
    ReasonCode.WORK_COMMENCED: "2.1(b)",
    ReasonCode.SERVICE_USED: "2.3(a)",
    ReasonCode.SERVICE_PARTIALLY_DELIVERED: "2.3(a)",
    ReasonCode.PAYMENTS_FINAL: "2.1(a)",
    ReasonCode.PROCESSING_FEE_DEDUCTED: "2.2(b)",
    ReasonCode.ADMINISTRATIVE_FEE_DEDUCTED: "2.2(b)",
    ReasonCode.FEES_CAPPED_AT_PRICE: "2.2(b)",
    ReasonCode.TAX_REFUNDED_IN_FULL: "1.1(c)",
    ReasonCode.TAX_REFUNDED_IN_PROPORTION: "1.1(c)",
    # Policy versions and amendments (issue 4)
    ReasonCode.AGREED_BY_PAYING: "5(a)",
    ReasonCode.IN_FORCE_WHEN_PAYMENT_WAS_DUE: "1.3(b)",
    ReasonCode.IN_FORCE_AT_REQUEST: "3(a)",
}

_SHA256_HEX: Final = re.compile(r"[0-9a-f]{64}")


def _sha256(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or _SHA256_HEX.fullmatch(value) is None:
        raise InvalidValueError(attribute.name, value, "a SHA-256 digest in lower-case hex")


@attrs.frozen(kw_only=True)
class Reason:
    """
    One reason a decision gives: a rule that applied, and the words it rests on.

    Attributes:
        code: What applied.
        clause_id: The clause it rests on; derived from the code.
        policy_version: The version whose words were applied.
        clause_sha256: The SHA-256 of that version's text of the clause.
        at: The instant the reason is about, where there is one: the time of
            the service event that bars the refund.
    """

    code: ReasonCode = attrs.field(validator=instance_of(ReasonCode, "a ReasonCode"))
    clause_id: str = attrs.field(init=False, repr=False)
    policy_version: str = attrs.field(validator=identifier)
    clause_sha256: str = attrs.field(validator=_sha256)
    at: datetime | None = attrs.field(default=None, validator=optional_aware)

    @clause_id.default
    def _clause_of_code(self) -> str:
        return self.code.clause_id


def _one_currency(instance: RefundDecision) -> None:
    currency = instance.amount_paid.currency
    for name in ("refund", "refunded_price", "processing_fee", "administrative_fee", "tax_refund"):
        amount: Money = getattr(instance, name)
        if amount.currency != currency:
            raise CurrencyMismatchError(
                name, amount, f"an amount in {currency}, the currency paid in"
            )


def _reasons(
    instance: RefundDecision, attribute: attrs.Attribute[Any], reasons: tuple[Reason, ...]
) -> None:
    if not reasons:
        raise InvalidValueError(attribute.name, reasons, "at least one reason")
    for index, reason in enumerate(reasons):
        if reason.policy_version != instance.policy_version:
            raise InvalidValueError(
                f"{attribute.name}[{index}].policy_version",
                reason.policy_version,
                f"the decision's policy version, {instance.policy_version!r}",
            )


def _chronological(
    _instance: object, attribute: attrs.Attribute[Any], events: tuple[Activation, ...]
) -> None:
    instants = [utc(event.at) for event in events]
    if instants != sorted(instants):
        raise InvalidValueError(attribute.name, events, "service events in time order")


@attrs.frozen(kw_only=True)
class RefundDecision:
    """
    The answer to a refund request, with every reason and the facts it rests on.

    Attributes:
        purchase_id: The purchase decided on.
        request_id: The request decided.
        outcome: Eligible or not eligible.
        refund: The total the policy allows to be returned:
            `refunded_price` + `tax_refund`. Zero when not eligible.
        refunded_price: The part of the tax-exclusive price returned: the
            price less the fees.
        processing_fee: The processing fee deducted (zero when not eligible).
        administrative_fee: The administrative fee deducted (zero when not
            eligible).
        tax_refund: The part of the tax returned (ruling 4).
        amount_paid: What the customer paid: price plus tax once the payment
            was confirmed, nothing before.
        requested_at: When the request was made.
        deadline: The last instant of the cancellation window, inclusive: a
            request at or before it is in time (ruling 1). In the policy's
            time zone. It is the *last* instant, not the exclusive end; the
            window closes one microsecond later.
        latest_eligible_request_at: The last instant at which a request on
            this purchase, with the same service events, would have been
            eligible: the deadline, or one microsecond before the first service
            event if that is earlier. None if no instant would have been.
        service_events: Every service event recorded on the purchase, in time
            order, whether or not it bars the refund.
        reasons: Every reason that applies, each citing its clause.
        policy_version: The version of the policy applied.
        dispute_route: Where to turn to dispute the decision (2.4(a), 4(a)).
    """

    purchase_id: str = attrs.field(validator=identifier)
    request_id: str = attrs.field(validator=identifier)
    outcome: Outcome = attrs.field(validator=instance_of(Outcome, "an Outcome"))
    refund: Money = attrs.field(validator=instance_of(Money, "Money"))
    refunded_price: Money = attrs.field(validator=instance_of(Money, "Money"))
    processing_fee: Money = attrs.field(validator=instance_of(Money, "Money"))
    administrative_fee: Money = attrs.field(validator=instance_of(Money, "Money"))
    tax_refund: Money = attrs.field(validator=instance_of(Money, "Money"))
    amount_paid: Money = attrs.field(validator=instance_of(Money, "Money"))
    requested_at: datetime = attrs.field(validator=aware)
    deadline: datetime = attrs.field(validator=aware)
    latest_eligible_request_at: datetime | None = attrs.field(validator=optional_aware)
    service_events: tuple[Activation, ...] = attrs.field(
        validator=[tuple_of(Activation, "an Activation"), _chronological]
    )
    policy_version: str = attrs.field(validator=identifier)
    reasons: tuple[Reason, ...] = attrs.field(validator=[tuple_of(Reason, "a Reason"), _reasons])
    dispute_route: SupportContact = attrs.field(
        validator=instance_of(SupportContact, "a SupportContact")
    )

    def __attrs_post_init__(self) -> None:
        """Check that the amounts add up and never exceed what was paid."""
        _one_currency(self)
        if self.refunded_price + self.tax_refund != self.refund:
            raise InvalidValueError("refund", self.refund, "refunded_price + tax_refund, exactly")
        if self.refund > self.amount_paid:
            raise InvalidValueError(
                "refund", self.refund, f"at most the amount paid, {self.amount_paid}"
            )
        if self.outcome is not Outcome.ELIGIBLE and not (
            self.refund.is_zero() and self.fees.is_zero()
        ):
            raise InvalidValueError(
                "refund", self.refund, "nothing refunded and no fee deducted when not eligible"
            )

    @property
    def eligible(self) -> bool:
        """Whether the policy allows a refund (ruling 8: not that it was paid)."""
        return self.outcome is Outcome.ELIGIBLE

    @property
    def fees(self) -> Money:
        """The fees deducted: processing plus administrative (2.2(b), ruling 3)."""
        return self.processing_fee + self.administrative_fee

    @property
    def reason_codes(self) -> tuple[ReasonCode, ...]:
        """The codes of the reasons, in order."""
        return tuple(reason.code for reason in self.reasons)

    @property
    def clause_ids(self) -> tuple[str, ...]:
        """The clauses the decision rests on, each once, in the policy's order."""
        cited = {reason.clause_id for reason in self.reasons}
        return tuple(clause_id for clause_id in CLAUSE_IDS if clause_id in cited)
