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

The reasons of every other clause-cited result (quotes, access decisions,
invoices, credit notes) are built the same way, by `reason_for`.

Clause 2.4(a) with ruling 10: after the policy, the support desk's records
apply. A decision counts the refunds already made on the purchase, names the
support exception presented with the request, and says "refer to support"
when the policy alone cannot decide. Whatever applies, a decision never
refunds more than was paid, less what was already refunded.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from ttre_policy._clauses import CLAUSE_IDS
from ttre_policy._enums import PolicyEnum
from ttre_policy._ledger import RefundRecord, SupportException
from ttre_policy._money import Money, sum_of
from ttre_policy._purchases import Activation
from ttre_policy._time import utc
from ttre_policy._validators import (
    aware,
    check_identifier,
    identifier,
    instance_of,
    optional_aware,
    tuple_of,
)
from ttre_policy._versions import SupportContact
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    PurchaseMismatchError,
    RefundsExceedPaymentError,
    RequestMismatchError,
)

if TYPE_CHECKING:
    from ttre_policy._versions import PolicyVersion


class Outcome(PolicyEnum):
    """
    The outcome of a refund request: one of three, each with a stable wire code.

    The set is closed: a decision is eligible, not eligible, or referred to
    the support team, and nothing else.
    """

    #: The policy allows a refund (of `RefundDecision.refund`, which may be
    #: zero), or a recorded support exception grants one (2.4(a), ruling 10).
    ELIGIBLE = "eligible"
    #: The policy allows no refund.
    NOT_ELIGIBLE = "not_eligible"
    #: The policy alone cannot decide; the support team must (2.4(a)): a
    #: dispute on the purchase is open, or the request claims an exception
    #: not yet approved. Nothing is refunded until it decides.
    REFER_TO_SUPPORT = "refer_to_support"


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
    # Payment terms (issue 3)
    #: The price is at or above the package's floor in force (1.1(a), ruling 12).
    PRICE_AT_OR_ABOVE_FLOOR = "price_at_or_above_floor"
    #: The floor in force was set by a price change announced with the notice
    #: the version requires (1.1(b), ruling 11).
    FLOOR_CHANGED_WITH_NOTICE = "floor_changed_with_notice"
    #: Tax is added on top of the tax-exclusive price (1.1(c), ruling 4).
    TAX_ADDED_TO_PRICE = "tax_added_to_price"
    #: The price was stated tax-inclusive and split into price and tax (1.1(c), ruling 4).
    TAX_SPLIT_FROM_STATED_PRICE = "tax_split_from_stated_price"
    #: The payment was confirmed at or before the instant asked about (1.3(c)).
    PAYMENT_CONFIRMED = "payment_confirmed"
    #: The payment was not confirmed at the instant asked about (1.3(c)).
    AWAITING_PAYMENT_CONFIRMATION = "awaiting_payment_confirmation"
    #: An electronic invoice follows the successful payment (1.3(a)).
    INVOICED_ON_PAYMENT = "invoiced_on_payment"
    #: By paying, the customer agreed to this version of the policy (5(a), ruling 9).
    TERMS_ACCEPTED_BY_PAYMENT = "terms_accepted_by_payment"
    # The support desk (issue 6)
    #: A dispute on the purchase is open: the support team decides (2.4(a)).
    DISPUTE_OPEN = "dispute_open"
    #: The request claims a support exception not yet approved (2.4(a)).
    EXCEPTION_NOT_YET_APPROVED = "exception_not_yet_approved"
    #: A recorded support exception grants the refund (2.4(a), ruling 10).
    GRANTED_BY_EXCEPTION = "granted_by_exception"
    #: The policy alone refunds at least what the support exception grants,
    #: so the decision rests on the policy (2.4(a), ruling 10).
    EXCEPTION_NOT_NEEDED = "exception_not_needed"
    #: Refunds already made on the purchase were deducted from this one (2.2(b)).
    PREVIOUS_REFUNDS_DEDUCTED = "previous_refunds_deducted"
    #: Everything paid has already been refunded: nothing remains (2.2(b)).
    FULLY_REFUNDED = "fully_refunded"
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
    # Payment terms (issue 3)
    ReasonCode.PRICE_AT_OR_ABOVE_FLOOR: "1.1(a)",
    ReasonCode.FLOOR_CHANGED_WITH_NOTICE: "1.1(b)",
    ReasonCode.TAX_ADDED_TO_PRICE: "1.1(c)",
    ReasonCode.TAX_SPLIT_FROM_STATED_PRICE: "1.1(c)",
    ReasonCode.PAYMENT_CONFIRMED: "1.3(c)",
    ReasonCode.AWAITING_PAYMENT_CONFIRMATION: "1.3(c)",
    ReasonCode.INVOICED_ON_PAYMENT: "1.3(a)",
    ReasonCode.TERMS_ACCEPTED_BY_PAYMENT: "5(a)",
    # The support desk (issue 6)
    ReasonCode.DISPUTE_OPEN: "2.4(a)",
    ReasonCode.EXCEPTION_NOT_YET_APPROVED: "2.4(a)",
    ReasonCode.GRANTED_BY_EXCEPTION: "2.4(a)",
    ReasonCode.EXCEPTION_NOT_NEEDED: "2.4(a)",
    ReasonCode.PREVIOUS_REFUNDS_DEDUCTED: "2.2(b)",
    ReasonCode.FULLY_REFUNDED: "2.2(b)",
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


class Cited:
    """
    What a clause-cited result offers besides its fields: its codes and clauses.

    A mixin for attrs classes with a ``reasons`` field (it adds no slots):
    `RefundDecision` and the results of section 1 (issue 3).
    """

    __slots__ = ()

    reasons: tuple[Reason, ...]

    @property
    def reason_codes(self) -> tuple[ReasonCode, ...]:
        """The codes of the reasons, in order."""
        return tuple(reason.code for reason in self.reasons)

    @property
    def clause_ids(self) -> tuple[str, ...]:
        """The clauses the result rests on, each once, in the policy's order."""
        cited = {reason.clause_id for reason in self.reasons}
        return tuple(clause_id for clause_id in CLAUSE_IDS if clause_id in cited)


def _one_currency(instance: RefundDecision) -> None:
    currency = instance.amount_paid.currency
    for name in ("refund", "refunded_price", "processing_fee", "administrative_fee", "tax_refund"):
        amount: Money = getattr(instance, name)
        if amount.currency != currency:
            raise CurrencyMismatchError(
                name, amount, f"an amount in {currency}, the currency paid in"
            )


class _Versioned(Protocol):
    @property
    def policy_version(self) -> str: ...


def reasons_of_own_version(
    instance: _Versioned, attribute: attrs.Attribute[Any], reasons: tuple[Reason, ...]
) -> None:
    """Refuse an empty list of reasons, or a reason citing another version than *instance*'s."""
    if not reasons:
        raise InvalidValueError(attribute.name, reasons, "at least one reason")
    for index, reason in enumerate(reasons):
        if reason.policy_version != instance.policy_version:
            raise InvalidValueError(
                f"{attribute.name}[{index}].policy_version",
                reason.policy_version,
                f"the {type(instance).__name__}'s policy version, {instance.policy_version!r}",
            )


def _chronological(
    _instance: object, attribute: attrs.Attribute[Any], events: tuple[Activation, ...]
) -> None:
    instants = [utc(event.at) for event in events]
    if instants != sorted(instants):
        raise InvalidValueError(attribute.name, events, "service events in time order")


def _refunds_made(
    instance: RefundDecision, attribute: attrs.Attribute[Any], refunds: tuple[RefundRecord, ...]
) -> None:
    currency = instance.amount_paid.currency
    for index, record in enumerate(refunds):
        field = f"{attribute.name}[{index}]"
        if record.purchase_id != instance.purchase_id:
            raise PurchaseMismatchError(
                f"{field}.purchase_id",
                record.purchase_id,
                f"the decision's purchase, {instance.purchase_id!r}",
            )
        if record.request_id == instance.request_id:
            raise RequestMismatchError(
                f"{field}.request_id",
                record.request_id,
                "a refund made for another request: a request's own refunds are not "
                "counted against it",
                "is the request decided",
            )
        if record.amount.currency != currency:
            raise CurrencyMismatchError(
                f"{field}.amount", record.amount, f"an amount in {currency}, the currency paid in"
            )
    order = [(utc(record.refunded_at), record.reference) for record in refunds]
    if order != sorted(order) or len({reference for _, reference in order}) != len(order):
        raise InvalidValueError(
            attribute.name, refunds, "refunds in time order, each reference once"
        )
    total = sum((record.amount.amount for record in refunds), start=Decimal(0))
    # With no refunds made, or a refund in another currency, the checks of
    # __attrs_post_init__ (which run after the validators) report the refund.
    if (
        refunds
        and instance.refund.currency == currency
        and total + instance.refund.amount > instance.amount_paid.amount
    ):
        raise RefundsExceedPaymentError(
            attribute.name,
            refunds,
            f"refunds that, with this refund of {instance.refund}, add up to at most "
            f"the amount paid, {instance.amount_paid}",
        )


def _exception(
    instance: RefundDecision, attribute: attrs.Attribute[Any], exception: object
) -> None:
    if exception is None:
        if ReasonCode.GRANTED_BY_EXCEPTION in instance.reason_codes:
            raise InvalidValueError(
                attribute.name,
                exception,
                "the exception that granted the refund: a decision granted by exception "
                "names it (ruling 10)",
            )
        return
    if not isinstance(exception, SupportException):
        raise InvalidTypeError(attribute.name, exception, "a SupportException or None")
    if exception.purchase_id != instance.purchase_id:
        raise PurchaseMismatchError(
            f"{attribute.name}.purchase_id",
            exception.purchase_id,
            f"the decision's purchase, {instance.purchase_id!r}",
        )
    if exception.request_id != instance.request_id:
        raise RequestMismatchError(
            f"{attribute.name}.request_id",
            exception.request_id,
            f"the decision's request, {instance.request_id!r}",
        )


def _open_cases(
    instance: RefundDecision, attribute: attrs.Attribute[Any], cases: tuple[str, ...]
) -> None:
    for index, case in enumerate(cases):
        check_identifier(f"{attribute.name}[{index}]", case)
    if (instance.outcome is Outcome.REFER_TO_SUPPORT) != bool(cases):
        raise InvalidValueError(
            attribute.name,
            cases,
            "the support cases a referral waits on: some exactly when the outcome is "
            "refer_to_support (2.4(a))",
        )


@attrs.frozen(kw_only=True)
class RefundDecision(Cited):
    """
    The answer to a refund request, with every reason and the facts it rests on.

    Attributes:
        purchase_id: The purchase decided on.
        request_id: The request decided.
        outcome: Eligible, not eligible, or refer to support.
        refund: The total this request may have returned:
            `refunded_price` + `tax_refund`. Zero unless eligible. With the
            refunds already made (`refunds_made`), never more than what was
            paid: the policy's refund less those refunds, or what a support
            exception grants (2.4(a), ruling 10).
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
            event if that is earlier; or one microsecond before the payment
            was confirmed, if that is later (ruling A1). None if no instant
            would have been. For a purchase never paid, cancelling is always
            allowed (ruling 7), and this is the deadline.
        service_events: Every service event recorded on the purchase, in time
            order, whether or not it bars the refund.
        reasons: Every reason that applies, each citing its clause.
        policy_version: The version of the policy applied.
        dispute_route: Where to turn to dispute the decision (2.4(a), 4(a)).
        refunds_made: The refunds already made on the purchase for other
            requests, in time order: what this refund is judged against. The
            request's own refunds are not among them, so evaluating the same
            request again yields the same decision.
        exception: The support exception presented with the request, if any
            (ruling 10): who approved it, why, when and for how much.
        open_cases: The support cases the decision waits on when it refers
            to support: open disputes, then a claimed exception (2.4(a)).
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
    reasons: tuple[Reason, ...] = attrs.field(
        validator=[tuple_of(Reason, "a Reason"), reasons_of_own_version]
    )
    dispute_route: SupportContact = attrs.field(
        validator=instance_of(SupportContact, "a SupportContact")
    )
    refunds_made: tuple[RefundRecord, ...] = attrs.field(
        default=(), validator=[tuple_of(RefundRecord, "a RefundRecord"), _refunds_made]
    )
    exception: SupportException | None = attrs.field(default=None, validator=_exception)
    open_cases: tuple[str, ...] = attrs.field(
        default=(), validator=[tuple_of(str, "a support case reference"), _open_cases]
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
        """Whether a refund is allowed, by the policy or by exception (ruling 8: not paid)."""
        return self.outcome is Outcome.ELIGIBLE

    @property
    def fees(self) -> Money:
        """The fees deducted: processing plus administrative (2.2(b), ruling 3)."""
        return self.processing_fee + self.administrative_fee

    @property
    def already_refunded(self) -> Money:
        """What the refunds already made for other requests add up to (`refunds_made`)."""
        return sum_of((record.amount for record in self.refunds_made), self.amount_paid.currency)

    @property
    def granted_by_exception(self) -> bool:
        """Whether a recorded support exception granted the refund (2.4(a), ruling 10)."""
        return ReasonCode.GRANTED_BY_EXCEPTION in self.reason_codes


# Payment terms (issue 3): what every clause-cited result shares.


def reason_for(policy: PolicyVersion, code: ReasonCode, at: datetime | None = None) -> Reason:
    """
    Return the reason *code* under *policy*, citing the hash of the version's words.

    A reason without an instant is the same value every time for a version,
    so it is built once and kept in the version's own cache (reasons are
    immutable).
    """
    if at is None:
        return policy.memo(code, lambda: _reason(policy, code, None))
    return _reason(policy, code, at)


def _reason(policy: PolicyVersion, code: ReasonCode, at: datetime | None) -> Reason:
    return Reason(
        code=code,
        policy_version=policy.version_id,
        clause_sha256=policy.clause(code.clause_id).sha256,
        at=at,
    )


#: Each field of a decision: its name and the setter of its slot (which skips
#: the frozen class's __setattr__).
_DECISION_SLOTS: Final = tuple(
    (field.name, RefundDecision.__dict__[field.name].__set__)
    for field in attrs.fields(RefundDecision)
)


def decided_by_the_rules(
    *,
    purchase_id: str,
    request_id: str,
    outcome: Outcome,
    refund: Money,
    refunded_price: Money,
    processing_fee: Money,
    administrative_fee: Money,
    tax_refund: Money,
    amount_paid: Money,
    requested_at: datetime,
    deadline: datetime,
    latest_eligible_request_at: datetime | None,
    service_events: tuple[Activation, ...],
    policy_version: str,
    reasons: tuple[Reason, ...],
    dispute_route: SupportContact,
    refunds_made: tuple[RefundRecord, ...] = (),
    exception: SupportException | None = None,
    open_cases: tuple[str, ...] = (),
) -> RefundDecision:
    """
    Build the decision the rules computed, without validating it a second time.

    Every value comes from validated inputs through the rules (exact Money
    arithmetic, events sorted in time, reasons built for the decision's own
    version), so the decision's invariants hold by construction; checking
    them again would cost as much as the rules themselves. Only
    `evaluate_refund` uses this, and the test suite checks, for every
    generated case, that its decision passes the full validation
    (``attrs.evolve(decision) == decision``). Anyone else builds a
    `RefundDecision` through its validated constructor.

    One keyword-only argument per field, so that a field left out or
    misspelt is a TypeError (and a mypy error), never a field left unset; a
    test checks that the arguments are the record's fields.
    """
    values = locals()
    decision = object.__new__(RefundDecision)
    for name, set_slot in _DECISION_SLOTS:
        set_slot(decision, values[name])
    return decision
