"""
The refund rules: section 2 of the Payment & Refund Policy, with rulings 1-8.

    2.1(a) All payments made for our services are final.
    2.1(b) Once the service has been activated or work has commenced, refunds
           will not be issued.
    2.2(a) If you wish to cancel your service request, please contact us
           within 14 days of your purchase date if the service has not yet
           been activated.
    2.2(b) In cases where cancellation is requested before the initiation of
           any service, a refund may be granted after deducting any
           applicable processing or administrative fees.
    2.3(a) If any portion of the service has been activated, utilized, or
           partially delivered, no refunds will be provided.

Read as default logic, in the manner of Catala: the base rule is 2.1(a),
payments are final. One exception overrides it: a cancellation requested
within the window of 2.2(a) (ruling 1), before any service event (2.1(b),
2.2(b), 2.3(a), ruling 2), may be refunded less the fees (2.2(b), ruling 3),
with the tax (1.1(c), ruling 4). Every condition of the exception is checked
and recorded as a reason, whether it holds or fails, so a denial lists *all*
that stood in the way. A purchase never paid has nothing to refund and may
always be cancelled (1.3(b), 1.3(c), ruling 7).

Each rule below is a small function that cites its clause; `evaluate_refund`
applies them in the policy's order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from ttre_policy._decisions import (
    Outcome,
    Reason,
    ReasonCode,
    RefundDecision,
    decided_by_the_rules,
)
from ttre_policy._decisions import reason_for as _reason
from ttre_policy._fees import TaxRefundMode
from ttre_policy._history import PolicyHistory, governance, version_in_force
from ttre_policy._money import Money, rounded_product
from ttre_policy._purchases import Activation, ActivationKind, Purchase, RefundRequest
from ttre_policy._support import apply_support_desk
from ttre_policy._time import ONE_MICROSECOND, utc
from ttre_policy._validators import check_iterable
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion
from ttre_policy.exceptions import (
    InvalidTypeError,
    PurchaseMismatchError,
    RequestBeforePurchaseError,
    ServiceEventBeforePaymentError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from ttre_policy._fees import FeeSchedule
    from ttre_policy._ledger import RefundRecord, SupportException
    from ttre_policy._support import DisputeCase

#: The reason each kind of service event gives for barring a refund (ruling 2).
EVENT_REASONS: Final = {
    ActivationKind.ACTIVATED: ReasonCode.SERVICE_ACTIVATED,
    ActivationKind.WORK_COMMENCED: ReasonCode.WORK_COMMENCED,
    ActivationKind.USED: ReasonCode.SERVICE_USED,
    ActivationKind.PARTIALLY_DELIVERED: ReasonCode.SERVICE_PARTIALLY_DELIVERED,
}


# ----------------------------------------------------------------- the facts


def _check_case(
    purchase: object,
    request: object,
    activations: Iterable[object],
    policy: object,
) -> tuple[tuple[Activation, ...], datetime, datetime, datetime | None]:
    """
    Refuse facts that cannot describe one case (rulings 5, 6).

    Return the events in time order, and the instants of the purchase, the
    request and the payment in UTC, each converted once (ruling 6: instants
    are compared in UTC).
    """
    if not isinstance(purchase, Purchase):
        raise InvalidTypeError("purchase", purchase, "a Purchase")
    if not isinstance(request, RefundRequest):
        raise InvalidTypeError("request", request, "a RefundRequest")
    if not isinstance(policy, PolicyVersion):
        raise InvalidTypeError("policy", policy, "a PolicyVersion or a PolicyHistory")
    if request.purchase_id != purchase.purchase_id:
        raise PurchaseMismatchError(
            "request.purchase_id",
            request.purchase_id,
            f"the id of the purchase evaluated, {purchase.purchase_id!r}",
        )
    bought, asked = utc(purchase.purchased_at), utc(request.requested_at)
    paid = None if purchase.paid_at is None else utc(purchase.paid_at)
    if asked < bought:
        raise RequestBeforePurchaseError(
            "request.requested_at",
            request.requested_at,
            f"an instant at or after the purchase, {purchase.purchased_at.isoformat()}",
        )
    events = [
        _check_event(f"activations[{index}]", event, purchase, paid)
        for index, event in enumerate(check_iterable("activations", activations, "Activation"))
    ]
    # Ruling 5: a currency the version does not accept, or a payment method it
    # does not offer, is refused here rather than decided on. The package is
    # not checked: no refund rule reads it, and a package withdrawn since is
    # still decided on (A72).
    policy.fee_schedule(purchase.currency).processing_fee(purchase.payment_method)
    return tuple(event for _, event in sorted(events, key=_instant)), bought, asked, paid


def _instant(event: tuple[datetime, Activation]) -> datetime:
    return event[0]


def _check_event(
    field: str, event: object, purchase: Purchase, paid: datetime | None
) -> tuple[datetime, Activation]:
    """Refuse an event of another purchase or before the payment; return it and its UTC instant."""
    if not isinstance(event, Activation):
        raise InvalidTypeError(field, event, "an Activation")
    if event.purchase_id != purchase.purchase_id:
        raise PurchaseMismatchError(
            f"{field}.purchase_id",
            event.purchase_id,
            f"the id of the purchase evaluated, {purchase.purchase_id!r}",
        )
    # Ruling 6 with 1.3(c): no service before the payment was confirmed.
    at = utc(event.at)
    if paid is None or at < paid:
        confirmed = (
            "a confirmed payment: this purchase was never paid"
            if purchase.paid_at is None
            else f"an instant at or after the payment, {purchase.paid_at.isoformat()}"
        )
        raise ServiceEventBeforePaymentError(f"{field}.at", event.at, confirmed)
    return at, event


# ------------------------------------------------------------------ the rules


def is_within_window(requested_at: datetime, deadline: datetime) -> bool:
    """
    Return whether a request at *requested_at* is in time (2.2(a), ruling 1).

    Clauses: 2.2(a).

    "please contact us within 14 days of your purchase date": in time when
    the request is at or before the window's last instant.
    """
    return utc(requested_at) <= utc(deadline)


def barring_events(
    events: tuple[Activation, ...], requested_at: datetime
) -> tuple[Activation, ...]:
    """
    Return the service events that bar a refund requested at *requested_at*.

    Clauses: 2.1(b), 2.2(b), 2.3(a).

    Ruling 2: any recorded service event (activated, work commenced, used,
    partially delivered) at or before the instant of the request bars the
    refund; an event strictly after the request does not, as the customer
    asked first. Any portion of a purchase counts for the whole purchase.
    """
    asked = utc(requested_at)
    return tuple(event for event in events if utc(event.at) <= asked)


def latest_eligible_request_at(
    events: tuple[Activation, ...],
    purchased_at: datetime,
    paid_at: datetime | None,
    deadline: datetime,
    window_ends: datetime,
) -> datetime | None:
    """
    Return the last instant a request would have been eligible, or None.

    Clauses: 2.2(a), 2.1(b), 2.3(a), 1.3(b).

    That is the deadline (2.2(a)), or one microsecond before the first
    service event (2.1(b), 2.3(a)) if that is earlier, provided it is not
    before the purchase. A request before the payment was confirmed cancels
    the purchase whatever the window (1.3(b), ruling A1), so one microsecond
    before the confirmation is the latest when it is later. In the
    deadline's time zone; *window_ends* is the deadline in UTC, where
    instants are compared (ruling 6).
    """
    latest = window_ends
    if events:
        latest = min(latest, utc(events[0].at) - ONE_MICROSECOND)
    if paid_at is not None:
        # No event precedes the payment (ruling 6), so none bars a request before it.
        latest = max(latest, utc(paid_at) - ONE_MICROSECOND)
    if latest < utc(purchased_at):
        return None
    return deadline if latest == window_ends else latest.astimezone(deadline.tzinfo)


def deducted_fees(
    purchase: Purchase, schedule: FeeSchedule, policy: PolicyVersion
) -> tuple[Money, Money, bool]:
    """
    Return the processing fee, the administrative fee, and whether they were capped.

    Clauses: 2.2(b).

    Ruling 3: the processing fee is the method's rate of the tax-exclusive
    price, rounded to the minor unit with the version's rounding mode, plus
    its fixed amount; the administrative fee is fixed. The fees together
    never exceed the tax-exclusive price: when they would, the processing fee
    is kept up to the price and the administrative fee reduced to what is
    left, so the refund is never negative.
    """
    price = purchase.price_excl_tax
    rule = schedule.processing_fee(purchase.payment_method)
    # The rate and the mode were checked when the schedule and version were built.
    processing = rounded_product(price, rule.rate, policy.rounding) + rule.fixed
    administrative = schedule.administrative
    if processing + administrative <= price:
        return processing, administrative, False
    processing = min(processing, price)
    return processing, price - processing, True


def refunded_tax(purchase: Purchase, refunded_price: Money, policy: PolicyVersion) -> Money:
    """
    Return the tax an eligible refund returns (1.1(c), ruling 4).

    Clauses: 1.1(c).

    In full by default; in proportion to the share of the tax-exclusive price
    refunded when the version says so, rounded once with its rounding mode.
    A zero price is refunded whole, so its tax is too.
    """
    tax = purchase.tax
    if policy.tax_refund is TaxRefundMode.FULL or purchase.price_excl_tax.is_zero():
        return tax
    return tax.share(refunded_price, purchase.price_excl_tax, policy.rounding)


# -------------------------------------------------------------- the decision


def evaluate_refund(
    purchase: Purchase,
    request: RefundRequest,
    activations: Iterable[Activation] = (),
    policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY,
    *,
    refunds: Iterable[RefundRecord] = (),
    exception: SupportException | None = None,
    open_disputes: Iterable[DisputeCase] = (),
    claimed_exception: str | None = None,
) -> RefundDecision:
    """
    Decide a refund request under the policy, citing every clause that applies.

    Clauses: 2.1(a), 2.2(a), 2.2(b), 1.3(b), 1.3(c).

    A pure function of its arguments: it reads no clock, file, network or
    environment. Bad input raises a `PolicyInputError` naming the field;
    ineligibility is an answer, not an error.

    Payments are final (2.1(a)), except a cancellation requested within the
    window (2.2(a)) before any service, refunded less the fees (2.2(b)); a
    purchase never paid (1.3(b), 1.3(c)) refunds nothing.

    The policy decides first (rulings 1-8); then, in a separate step, the
    support desk's records apply (2.4(a), ruling 10; `apply_support_desk`):
    a dispute still open, or an exception claimed but not yet approved,
    refers the request to support; a purchase already refunded in full is
    not eligible; a recorded exception grants its amount when that is more
    than the policy's refund; and the refunds already made for other
    requests are deducted, fees retained. The same request evaluated again,
    its own refunds now in the ledger, yields the same decision.

    Args:
        purchase: The purchase to be cancelled.
        request: The customer's request; it must name the purchase.
        activations: Every service event recorded on the purchase, in any
            order; each must name the purchase and follow its payment.
        policy: The policy version that governs the purchase, or the policy's
            history: then the version in force at the payment governs (5(a),
            ruling 9), or at the request if the history says so (3(a)), and
            the decision's first reason says which and why.
        refunds: The purchase's refund ledger: every refund made on it, for
            any request, in any order; together at most what was paid.
        exception: A support exception approved for this request, if any.
        open_disputes: The disputes on the purchase that are still open.
        claimed_exception: The case reference of a support exception the
            request claims, if it claims one.

    Returns:
        The decision: eligible, not eligible or referred to support, the
        largest refund allowed, the fees and tax, the deadline, every reason
        with its clause, the policy version, the refunds already made, the
        exception presented, and the route to dispute it.

    Raises:
        PolicyInputError: For facts that cannot describe one case: a request
            or event for another purchase, a request before the purchase, an
            event before the payment, a currency the version does not accept,
            a payment method it does not offer; a refund, exception or
            dispute for another purchase, a refund before the payment,
            refunds adding up to more than was paid, an exception for another
            request or approved before it.

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, Money, PaymentMethod
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> purchase = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money.zero("USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD,
    ...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
    >>> request = RefundRequest(request_id="R-1", purchase_id="P-1",
    ...     requested_at=datetime(2026, 11, 15, 23, 59, tzinfo=hk))
    >>> decision = evaluate_refund(purchase, request)
    >>> decision.eligible, str(decision.refund), str(decision.fees)
    (True, 'USD 484.70', 'USD 15.30')
    >>> decision.deadline.isoformat()
    '2026-11-15T23:59:59.999999+08:00'
    >>> decision.clause_ids
    ('2.2(a)', '2.2(b)')
    """
    reasons: list[Reason] = []
    if isinstance(policy, PolicyHistory):
        # 5(a), 3(a), ruling 9: decide under the version the history says governs,
        # and say which and why first.
        policy, governs = governance(policy, purchase, request)
        reasons.append(governs)
    events, bought, asked, paid = _check_case(purchase, request, activations, policy)
    deadline = policy.refund_window.deadline(purchase.purchased_at, policy.time_zone)
    zero = Money.zero(purchase.currency)
    outcome = Outcome.ELIGIBLE
    processing = administrative = refunded_price = tax_refund = zero
    window_ends = utc(deadline)  # instants are compared in UTC; each is converted once
    if paid is None:
        # 1.3(b), 1.3(c), ruling 7: never paid, nothing to refund; cancelling is allowed.
        reasons.append(_reason(policy, ReasonCode.PAYMENT_NOT_CONFIRMED))
    else:
        eligible, conditions = _conditions(paid, asked, events, window_ends, policy)
        if not eligible:
            # 2.1(a): payments are final unless the exception of 2.2 holds in full.
            outcome = Outcome.NOT_ELIGIBLE
            reasons.append(_reason(policy, ReasonCode.PAYMENTS_FINAL))
        reasons += conditions
        if eligible:
            processing, administrative, refunded_price, tax_refund = _amounts(
                purchase, policy, reasons
            )
    decision = decided_by_the_rules(
        purchase_id=purchase.purchase_id,
        request_id=request.request_id,
        outcome=outcome,
        refund=refunded_price + tax_refund,
        refunded_price=refunded_price,
        processing_fee=processing,
        administrative_fee=administrative,
        tax_refund=tax_refund,
        amount_paid=purchase.amount_paid,
        requested_at=request.requested_at,
        deadline=deadline,
        latest_eligible_request_at=latest_eligible_request_at(
            events, bought, paid, deadline, window_ends
        ),
        service_events=events,
        policy_version=policy.version_id,
        reasons=tuple(reasons),
        dispute_route=policy.support_contact,
    )
    # 2.4(a), ruling 10: the support desk's records, after the policy.
    return apply_support_desk(
        decision,
        purchase,
        request,
        policy,
        refunds=refunds,
        exception=exception,
        open_disputes=open_disputes,
        claimed_exception=claimed_exception,
    )


def _conditions(
    paid_at: datetime,
    requested_at: datetime,
    events: tuple[Activation, ...],
    deadline: datetime,
    policy: PolicyVersion,
) -> tuple[bool, list[Reason]]:
    """
    Check every condition of the exception of 2.2 on a paid purchase; give each as a reason.

    The instants *paid_at*, *requested_at* and *deadline* are in UTC.
    """
    reasons: list[Reason] = []
    # 1.3(b): asked to cancel before the payment was confirmed. Ruling 7 allows
    # that cancellation; the payment that followed is refunded (docs/rulings.md).
    before_payment = requested_at < paid_at
    if before_payment:
        reasons.append(_reason(policy, ReasonCode.CANCELLED_BEFORE_PAYMENT))
    # 2.2(a), ruling 1: the window.
    in_time = is_within_window(requested_at, deadline)
    if in_time:
        reasons.append(_reason(policy, ReasonCode.WITHIN_CANCELLATION_WINDOW))
    elif not before_payment:
        reasons.append(_reason(policy, ReasonCode.OUTSIDE_CANCELLATION_WINDOW))
    # 2.1(b), 2.3(a), ruling 2: service events at or before the request.
    barring = barring_events(events, requested_at)
    reasons.extend(_reason(policy, EVENT_REASONS[event.kind], event.at) for event in barring)
    if not barring:
        reasons.append(_reason(policy, ReasonCode.NO_SERVICE_INITIATED))
    return (before_payment or in_time) and not barring, reasons


def _amounts(
    purchase: Purchase, policy: PolicyVersion, reasons: list[Reason]
) -> tuple[Money, Money, Money, Money]:
    """Return the fees, the refunded price and the refunded tax; add their reasons."""
    # 2.2(b), ruling 3: less the fees.
    schedule = policy.fee_schedule(purchase.currency)
    processing, administrative, capped = deducted_fees(purchase, schedule, policy)
    if not processing.is_zero():
        reasons.append(_reason(policy, ReasonCode.PROCESSING_FEE_DEDUCTED))
    if not administrative.is_zero():
        reasons.append(_reason(policy, ReasonCode.ADMINISTRATIVE_FEE_DEDUCTED))
    if capped:
        reasons.append(_reason(policy, ReasonCode.FEES_CAPPED_AT_PRICE))
    refunded_price = purchase.price_excl_tax - (processing + administrative)
    # 1.1(c), ruling 4: with the tax.
    tax_refund = refunded_tax(purchase, refunded_price, policy)
    if not purchase.tax.is_zero():
        code = (
            ReasonCode.TAX_REFUNDED_IN_FULL
            if policy.tax_refund is TaxRefundMode.FULL
            else ReasonCode.TAX_REFUNDED_IN_PROPORTION
        )
        reasons.append(_reason(policy, code))
    return processing, administrative, refunded_price, tax_refund


def cancellation_deadline(
    purchase: Purchase, policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY
) -> datetime:
    """
    Return the last instant at which *purchase* may be cancelled in time (2.2(a)).

    Clauses: 2.2(a), 5(a).

    What a checkout page shows as "cancel by": the end of the last local day
    of the window, in the policy's time zone (ruling 1). With a history,
    the window of the version the customer agrees to by paying: in force at
    the payment, or at the purchase if it is not paid yet (ruling 9). Under
    a history governed by the request's instant, an amendment before the
    request may still change the window that decides it.

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, Money, PaymentMethod
    >>> purchase = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money.zero("USD"),
    ...     purchased_at=datetime(2026, 11, 1, 2, 0, tzinfo=ZoneInfo("UTC")),
    ...     payment_method=PaymentMethod.CREDIT_CARD)
    >>> cancellation_deadline(purchase).isoformat()
    '2026-11-15T23:59:59.999999+08:00'
    """
    if not isinstance(purchase, Purchase):
        raise InvalidTypeError("purchase", purchase, "a Purchase")
    if purchase.paid_at is None:
        policy = version_in_force(policy, purchase.purchased_at, "purchase.purchased_at")
    else:
        policy = version_in_force(policy, purchase.paid_at, "purchase.paid_at")
    return policy.refund_window.deadline(purchase.purchased_at, policy.time_zone)
