"""
The support desk: disputes, referral, recorded exceptions and the refund ledger.

    2.4(a) In the event of a dispute regarding billing or a refund request, we
           encourage you to contact our support team. We are committed to
           reviewing each case on its merits and will make every effort to
           address your concerns in a fair and timely manner.
    4(a)   If you have any questions, concerns, or require further
           clarification regarding our payment terms or refund policy, please
           reach out to us using the details below: Email: partners@ttr-e.com
           Address: 367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong.

Ruling 10 of CLAUSES.md: "A denial is never the last word: every decision
names the route to the support team (4(a)). A support agent's exception
(goodwill refund) is an explicit, recorded input with who approved it and
why; a decision granted by exception says so and cites 2.4(a)."

`open_dispute` turns a decision into a `DisputeCase`: everything an agent
needs to review the case on its merits without looking anything up.

`apply_support_desk` is the step that `evaluate_refund` takes after the
policy's own evaluation (rulings 1-8), which it keeps whole. Read as default
logic, each rule below overrides those after it:

1. Referral (2.4(a)): a dispute on the purchase is open and the exception
   presented does not answer it (same case reference), or the request claims
   an exception not yet approved. The policy alone cannot decide: refer to
   support, refund nothing.
2. Fully refunded (2.2(b)): everything paid was already refunded: not
   eligible, whatever the policy says.
3. The exception (ruling 10): when it grants more than the policy (after the
   ledger), the decision is granted by exception; it never lowers a refund.
4. The ledger (2.2(b)): the policy's refund less the refunds already made on
   the purchase for other requests; the fees stay retained.

The reasons the policy alone gave are kept, first and unchanged; the reasons
of this step follow and say what overrode what (docs/rulings.md, A30-A37).
Whatever applies, a request never gets more than was paid less what was
already refunded, so the refunds of a purchase never add up to more than was
paid (Stripe's partial-refund semantics: refunds capped at the charge).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from ttre_policy._clauses import CLAUSE_IDS, ClauseText
from ttre_policy._decisions import Outcome, ReasonCode, RefundDecision
from ttre_policy._decisions import reason_for as _reason
from ttre_policy._ledger import RefundRecord, SupportException
from ttre_policy._money import Money, sum_of
from ttre_policy._purchases import Purchase, RefundRequest
from ttre_policy._time import utc
from ttre_policy._validators import (
    aware,
    check_identifier,
    check_iterable,
    identifier,
    instance_of,
    text,
    tuple_of,
)
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion, SupportContact
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    DisputeBeforeRequestError,
    ExceptionBeforeRequestError,
    InvalidTypeError,
    InvalidValueError,
    PurchaseMismatchError,
    RefundBeforePaymentError,
    RefundBeforeRequestError,
    RefundsExceedPaymentError,
    RequestMismatchError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ttre_policy._money import RoundingMode

#: The clauses every dispute rests on, whatever the decision cites.
DISPUTE_CLAUSES: Final = ("2.4(a)", "4(a)")


# ------------------------------------------------------------------ disputes


def _purchase_decided(
    instance: DisputeCase, attribute: attrs.Attribute[Any], purchase: Purchase
) -> None:
    if purchase.purchase_id != instance.decision.purchase_id:
        raise PurchaseMismatchError(
            f"{attribute.name}.purchase_id",
            purchase.purchase_id,
            f"the purchase decided on, {instance.decision.purchase_id!r}",
        )


def _opened_after_request(
    instance: DisputeCase, attribute: attrs.Attribute[Any], opened_at: datetime
) -> None:
    requested_at = instance.decision.requested_at
    if utc(opened_at) < utc(requested_at):
        raise DisputeBeforeRequestError(
            attribute.name,
            opened_at,
            f"an instant at or after the request disputed, {requested_at.isoformat()}",
        )


def _words_of_the_decision(
    instance: DisputeCase, attribute: attrs.Attribute[Any], clauses: tuple[ClauseText, ...]
) -> None:
    cited = set(instance.decision.clause_ids).union(DISPUTE_CLAUSES)
    expected_ids = tuple(clause_id for clause_id in CLAUSE_IDS if clause_id in cited)
    if tuple(clause.clause_id for clause in clauses) != expected_ids:
        raise InvalidValueError(
            attribute.name,
            tuple(clause.clause_id for clause in clauses),
            f"the words of every clause the decision cites, with 2.4(a) and 4(a), "
            f"each once in the policy's order: {', '.join(expected_ids)}",
        )
    hashes = {reason.clause_id: reason.clause_sha256 for reason in instance.decision.reasons}
    for index, clause in enumerate(clauses):
        if hashes.get(clause.clause_id, clause.sha256) != clause.sha256:
            raise InvalidValueError(
                f"{attribute.name}[{index}].text",
                clause.text,
                f"the words whose SHA-256 the decision cites for {clause.clause_id}, "
                f"{hashes[clause.clause_id]}",
            )


@attrs.frozen(kw_only=True)
class DisputeCase:
    """
    A customer's dispute of a decision, as the support team reviews it (2.4(a)).

    It carries every fact the decision rested on, so an agent can review the
    case on its merits without looking anything up: the purchase (price, tax,
    payment, instants), the decision (the request's instant, the deadline,
    the service events, the amounts, the refunds already made, the exception
    presented, every reason with its clause and policy version), the words of
    every clause cited (checked against the hashes the reasons cite), the
    customer's statement, and the support team's contact (4(a)).

    Build one with `open_dispute`. Passed to `evaluate_refund` as an open
    dispute, it makes the decision "refer to support" until the team decides.

    Attributes:
        case_reference: The support case's reference.
        decision: The decision disputed.
        purchase: The purchase decided on.
        opened_at: When the customer opened the dispute: at or after the
            request disputed.
        statement: The customer's statement, in their words.
        clauses: The words of every clause the decision cites, and of 2.4(a)
            and 4(a), in the policy's order.
    """

    case_reference: str = attrs.field(validator=identifier)
    decision: RefundDecision = attrs.field(
        validator=instance_of(RefundDecision, "a RefundDecision")
    )
    purchase: Purchase = attrs.field(
        validator=[instance_of(Purchase, "a Purchase"), _purchase_decided]
    )
    opened_at: datetime = attrs.field(validator=[aware, _opened_after_request])
    statement: str = attrs.field(validator=text)
    clauses: tuple[ClauseText, ...] = attrs.field(
        validator=[tuple_of(ClauseText, "a ClauseText"), _words_of_the_decision]
    )

    @property
    def purchase_id(self) -> str:
        """The purchase disputed."""
        return self.purchase.purchase_id

    @property
    def request_id(self) -> str:
        """The request whose decision is disputed."""
        return self.decision.request_id

    @property
    def policy_version(self) -> str:
        """The policy version the decision applied."""
        return self.decision.policy_version

    @property
    def support_contact(self) -> SupportContact:
        """Who reviews the dispute, and how to reach them (2.4(a), 4(a))."""
        return self.decision.dispute_route


def open_dispute(
    decision: RefundDecision,
    purchase: Purchase,
    *,
    opened_at: datetime,
    statement: str,
    case_reference: str,
    policy: PolicyVersion = DEFAULT_POLICY,
) -> DisputeCase:
    """
    Open a dispute of *decision* with the support team (2.4(a), 4(a)).

    Clauses: 2.4(a), 4(a).

    "In the event of a dispute regarding billing or a refund request, we
    encourage you to contact our support team. We are committed to reviewing
    each case on its merits". The case carries every fact the decision rested
    on, the words of the clauses it cites, the customer's statement and the
    support contact.

    Args:
        decision: The decision disputed.
        purchase: The purchase decided on.
        opened_at: When the customer opened the dispute.
        statement: The customer's statement.
        case_reference: The support case's reference.
        policy: The policy version the decision applied, whose words the case
            quotes.

    Returns:
        The dispute case.

    Raises:
        PolicyInputError: A purchase other than the one decided on, a dispute
            opened before the request disputed, an empty statement, or a
            policy version other than the decision's.

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, Money, PaymentMethod, evaluate_refund
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> purchase = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money.zero("USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD,
    ...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
    >>> late = RefundRequest(request_id="R-1", purchase_id="P-1",
    ...     requested_at=datetime(2026, 11, 16, 9, 0, tzinfo=hk))
    >>> case = open_dispute(evaluate_refund(purchase, late), purchase,
    ...     opened_at=datetime(2026, 11, 16, 9, 30, tzinfo=hk), case_reference="C-1",
    ...     statement="I was in hospital until the 16th.")
    >>> case.decision.outcome, case.support_contact.email
    (Outcome.NOT_ELIGIBLE, 'partners@ttr-e.com')
    >>> [clause.clause_id for clause in case.clauses]
    ['2.1(a)', '2.2(a)', '2.2(b)', '2.4(a)', '4(a)']
    """
    if not isinstance(decision, RefundDecision):
        raise InvalidTypeError("decision", decision, "a RefundDecision")
    if not isinstance(policy, PolicyVersion):
        raise InvalidTypeError("policy", policy, "a PolicyVersion")
    if policy.version_id != decision.policy_version:
        raise InvalidValueError(
            "policy.version_id",
            policy.version_id,
            f"the version the decision applied, {decision.policy_version!r}",
        )
    cited = set(decision.clause_ids).union(DISPUTE_CLAUSES)
    return DisputeCase(
        case_reference=case_reference,
        decision=decision,
        purchase=purchase,
        opened_at=opened_at,
        statement=statement,
        clauses=tuple(policy.clause(clause_id) for clause_id in CLAUSE_IDS if clause_id in cited),
    )


# ------------------------------------------------ the records, as input


def _check_refund(
    field: str, record: object, purchase: Purchase, request: RefundRequest
) -> RefundRecord:
    if not isinstance(record, RefundRecord):
        raise InvalidTypeError(field, record, "a RefundRecord")
    if record.purchase_id != purchase.purchase_id:
        raise PurchaseMismatchError(
            f"{field}.purchase_id",
            record.purchase_id,
            f"the id of the purchase evaluated, {purchase.purchase_id!r}",
        )
    if record.amount.currency != purchase.currency:
        raise CurrencyMismatchError(
            f"{field}.amount", record.amount, f"an amount in {purchase.currency}, as paid"
        )
    if purchase.paid_at is None or utc(record.refunded_at) < utc(purchase.paid_at):
        confirmed = (
            "a confirmed payment: this purchase was never paid"
            if purchase.paid_at is None
            else f"an instant at or after the payment, {purchase.paid_at.isoformat()}"
        )
        raise RefundBeforePaymentError(f"{field}.refunded_at", record.refunded_at, confirmed)
    if record.request_id == request.request_id and utc(record.refunded_at) < utc(
        request.requested_at
    ):
        raise RefundBeforeRequestError(
            f"{field}.refunded_at",
            record.refunded_at,
            f"an instant at or after the request, {request.requested_at.isoformat()}",
        )
    return record


def _check_refunds(
    refunds: Iterable[object], purchase: Purchase, request: RefundRequest
) -> tuple[RefundRecord, ...]:
    """Refuse a ledger that cannot be the purchase's; return it in time order."""
    records = [
        _check_refund(f"refunds[{index}]", record, purchase, request)
        for index, record in enumerate(refunds)
    ]
    references = [record.reference for record in records]
    if len(set(references)) != len(references):
        raise InvalidValueError("refunds", references, "each refund's reference once")
    total = sum((record.amount.amount for record in records), start=Decimal(0))
    if total > purchase.amount_paid.amount:
        raise RefundsExceedPaymentError(
            "refunds",
            total,
            f"refunds adding up to at most the amount paid, {purchase.amount_paid}",
        )
    return tuple(sorted(records, key=lambda record: (utc(record.refunded_at), record.reference)))


def _check_exception(
    exception: object, purchase: Purchase, request: RefundRequest
) -> SupportException | None:
    """Refuse an exception that cannot answer this request (ruling 10)."""
    if exception is None:
        return None
    if not isinstance(exception, SupportException):
        raise InvalidTypeError("exception", exception, "a SupportException or None")
    if exception.purchase_id != purchase.purchase_id:
        raise PurchaseMismatchError(
            "exception.purchase_id",
            exception.purchase_id,
            f"the id of the purchase evaluated, {purchase.purchase_id!r}",
        )
    if exception.request_id != request.request_id:
        raise RequestMismatchError(
            "exception.request_id",
            exception.request_id,
            f"the id of the request evaluated, {request.request_id!r}: an exception "
            "grants its amount once, to the request it answers",
        )
    if utc(exception.approved_at) < utc(request.requested_at):
        raise ExceptionBeforeRequestError(
            "exception.approved_at",
            exception.approved_at,
            f"an instant at or after the request, {request.requested_at.isoformat()}",
        )
    if isinstance(exception.amount, Money):
        if exception.amount.currency != purchase.currency:
            raise CurrencyMismatchError(
                "exception.amount", exception.amount, f"an amount in {purchase.currency}, as paid"
            )
        if exception.amount > purchase.amount_paid:
            raise RefundsExceedPaymentError(
                "exception.amount",
                exception.amount,
                f"at most the amount paid, {purchase.amount_paid}",
            )
    return exception


def _check_disputes(
    open_disputes: Iterable[object], purchase: Purchase
) -> tuple[DisputeCase, ...]:
    """Refuse a dispute of another purchase; return the disputes in the order opened."""
    disputes = []
    for index, dispute in enumerate(open_disputes):
        field = f"open_disputes[{index}]"
        if not isinstance(dispute, DisputeCase):
            raise InvalidTypeError(field, dispute, "a DisputeCase")
        if dispute.purchase_id != purchase.purchase_id:
            raise PurchaseMismatchError(
                f"{field}.purchase.purchase_id",
                dispute.purchase_id,
                f"the id of the purchase evaluated, {purchase.purchase_id!r}",
            )
        disputes.append(dispute)
    return tuple(
        sorted(disputes, key=lambda dispute: (utc(dispute.opened_at), dispute.case_reference))
    )


# ------------------------------------------------------------------ the rules


def pending_cases(
    disputes: tuple[DisputeCase, ...],
    claimed_exception: str | None,
    exception: SupportException | None,
) -> tuple[tuple[str, ReasonCode, datetime | None], ...]:
    """
    Return the support cases the policy alone cannot decide past, each with its reason.

    Clauses: 2.4(a).

    2.4(a): disputes go to "our support team", which reviews "each case on its
    merits". A dispute is open until an exception with its case reference
    answers it; a claimed exception is pending until the exception presented
    is the one claimed (ruling 10). Each case once: disputes in the order
    opened, then the claim. Each comes with the code of the reason it gives
    and the instant that reason is about (the dispute's opening; none for a
    claim).
    """
    answered = None if exception is None else exception.case_reference
    cases: dict[str, tuple[ReasonCode, datetime | None]] = {}
    for dispute in disputes:
        if dispute.case_reference != answered:
            cases.setdefault(dispute.case_reference, (ReasonCode.DISPUTE_OPEN, dispute.opened_at))
    if claimed_exception is not None and claimed_exception != answered:
        cases.setdefault(claimed_exception, (ReasonCode.EXCEPTION_NOT_YET_APPROVED, None))
    return tuple((case, code, at) for case, (code, at) in cases.items())


def remaining_after(refunds_made: tuple[RefundRecord, ...], purchase: Purchase) -> Money:
    """
    Return what remains refundable of *purchase* after *refunds_made* (2.2(b)).

    Clauses: 2.2(b).

    The amount paid less the refunds already made: the most any further
    refund may return, by the policy or by exception.
    """
    return purchase.amount_paid - sum_of(
        (record.amount for record in refunds_made), purchase.currency
    )


def _split(total: Money, price: Money, tax: Money, rounding: RoundingMode) -> tuple[Money, Money]:
    """Split *total* into price and tax in the proportion of *price* to *tax* (A33)."""
    if total.is_zero():
        return total, total
    tax_part = tax.share(total, price + tax, rounding)
    return total - tax_part, tax_part


def apply_support_desk(
    decision: RefundDecision,
    purchase: Purchase,
    request: RefundRequest,
    policy: PolicyVersion,
    *,
    refunds: Iterable[RefundRecord] = (),
    exception: SupportException | None = None,
    open_disputes: Iterable[DisputeCase] = (),
    claimed_exception: str | None = None,
) -> RefundDecision:
    """
    Apply the support desk's records to the policy's own decision (2.4(a), 2.2(b)).

    Clauses: 2.4(a), 2.2(b).

    The step `evaluate_refund` takes after the policy; see the module's
    docstring for the order in which its rules override each other. The
    policy's reasons are kept first and unchanged.

    Args:
        decision: The policy's own decision on *request*.
        purchase: The purchase decided on.
        request: The request decided.
        policy: The policy version the decision applied.
        refunds: The purchase's refund ledger: every refund made on it.
        exception: A support exception answering the request, if any.
        open_disputes: The disputes on the purchase still open.
        claimed_exception: The case reference of an exception the request
            claims, if any.

    Returns:
        The decision with the ledger, the exception and any referral applied.

    Raises:
        PolicyInputError: Records that cannot be the purchase's: see
            `evaluate_refund`.
    """
    if policy.version_id != decision.policy_version:
        raise InvalidValueError(
            "policy.version_id",
            policy.version_id,
            f"the version the decision applied, {decision.policy_version!r}",
        )
    refunds = tuple(check_iterable("refunds", refunds, "RefundRecord"))
    open_disputes = tuple(check_iterable("open_disputes", open_disputes, "DisputeCase"))
    if not refunds and exception is None and not open_disputes and claimed_exception is None:
        # No record of the support desk's: the policy's decision stands as it is.
        return decision
    ledger = _check_refunds(refunds, purchase, request)
    exception = _check_exception(exception, purchase, request)
    claim = (
        None
        if claimed_exception is None
        else check_identifier("claimed_exception", claimed_exception)
    )
    cases = pending_cases(_check_disputes(open_disputes, purchase), claim, exception)
    made = tuple(record for record in ledger if record.request_id != request.request_id)
    remaining = remaining_after(made, purchase)
    reasons = list(decision.reasons)
    reasons.extend(_reason(policy, code, at) for _, code, at in cases)
    fully_refunded = bool(made) and remaining.is_zero()
    if fully_refunded:
        reasons.append(_reason(policy, ReasonCode.FULLY_REFUNDED, made[-1].refunded_at))
    if cases or fully_refunded:
        nothing = Money.zero(purchase.currency)
        return attrs.evolve(
            decision,
            outcome=Outcome.REFER_TO_SUPPORT if cases else Outcome.NOT_ELIGIBLE,
            refund=nothing,
            refunded_price=nothing,
            tax_refund=nothing,
            processing_fee=nothing,
            administrative_fee=nothing,
            reasons=tuple(reasons),
            refunds_made=made,
            exception=exception,
            open_cases=tuple(case for case, _, _ in cases),
        )
    settled = _after_the_ledger(decision, purchase.amount_paid - remaining, policy)
    if exception is not None:
        settled = _with_the_exception(
            decision,
            settled,
            exception=exception,
            purchase=purchase,
            remaining=remaining,
            policy=policy,
        )
    return attrs.evolve(settled, refunds_made=made, exception=exception)


def _after_the_ledger(
    decision: RefundDecision, already: Money, policy: PolicyVersion
) -> RefundDecision:
    """
    Deduct the refunds already made from the policy's refund (2.2(b), A31, A32).

    The fees stay retained; the rest is split between price and tax as the
    policy split it (A33). Nothing to deduct, or nothing granted: unchanged.
    """
    if not decision.eligible or already.is_zero():
        return decision
    refund = decision.refund - min(already, decision.refund)
    refunded_price, tax_refund = _split(
        refund, decision.refunded_price, decision.tax_refund, policy.rounding
    )
    return attrs.evolve(
        decision,
        refund=refund,
        refunded_price=refunded_price,
        tax_refund=tax_refund,
        reasons=(*decision.reasons, _reason(policy, ReasonCode.PREVIOUS_REFUNDS_DEDUCTED)),
    )


def _with_the_exception(
    decision: RefundDecision,
    settled: RefundDecision,
    *,
    exception: SupportException,
    purchase: Purchase,
    remaining: Money,
    policy: PolicyVersion,
) -> RefundDecision:
    """
    Grant what *exception* grants, if more than *settled* refunds (ruling 10, A34).

    *decision* is the policy's own, *settled* the same after the ledger.

    An amount, or everything paid ("full"), capped at what remains after the
    refunds already made; no fee is deducted from it, and it is split between
    price and tax as they were paid (A33). It never lowers a refund: when the
    policy grants at least as much, the decision rests on the policy.
    """
    asked = exception.amount if isinstance(exception.amount, Money) else purchase.amount_paid
    grant = min(asked, remaining)
    if grant <= settled.refund:
        return attrs.evolve(
            settled,
            reasons=(
                *settled.reasons,
                _reason(policy, ReasonCode.EXCEPTION_NOT_NEEDED, exception.approved_at),
            ),
        )
    # The ledger's reason comes before the exception's, as when it is not needed.
    granted = [_reason(policy, ReasonCode.PREVIOUS_REFUNDS_DEDUCTED)] if grant < asked else []
    granted.append(_reason(policy, ReasonCode.GRANTED_BY_EXCEPTION, exception.approved_at))
    refunded_price, tax_refund = _split(
        grant, purchase.price_excl_tax, purchase.tax, policy.rounding
    )
    nothing = Money.zero(purchase.currency)
    return attrs.evolve(
        decision,
        outcome=Outcome.ELIGIBLE,
        refund=grant,
        refunded_price=refunded_price,
        tax_refund=tax_refund,
        processing_fee=nothing,
        administrative_fee=nothing,
        reasons=(*decision.reasons, *granted),
        exception=exception,
    )


def refund_outstanding(decision: RefundDecision, refunds: Iterable[RefundRecord]) -> Money:
    """
    Return what is still to be paid out on *decision*, given the refunds made.

    Clauses: 2.2(b).

    The decision's refund less the refunds recorded as settling its request,
    never below zero: a request's own refunds may exceed what a later
    decision on it grants, when another request's refund counted them (A73);
    refunds adding up to more than was paid are refused by `evaluate_refund`.
    A request evaluated again yields the same decision (its own refunds are
    not counted against it); this is what keeps the retry from paying twice.
    Refunds for other requests were already counted by the decision (2.2(b),
    ruling 8: a decision says "eligible", not "paid").

    Args:
        decision: A decision made by `evaluate_refund`.
        refunds: The purchase's refund ledger, in any order.

    Returns:
        The part of the decision's refund not yet paid out.

    Raises:
        PolicyInputError: A refund for another purchase or in another currency.

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, PaymentMethod, evaluate_refund
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> purchase = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money.zero("USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD,
    ...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
    >>> ask = RefundRequest(request_id="R-1", purchase_id="P-1",
    ...     requested_at=datetime(2026, 11, 2, 9, 0, tzinfo=hk))
    >>> paid_out = RefundRecord(reference="re_1", purchase_id="P-1", request_id="R-1",
    ...     amount=Money(Decimal("400"), "USD"),
    ...     refunded_at=datetime(2026, 11, 2, 9, 5, tzinfo=hk))
    >>> decision = evaluate_refund(purchase, ask, refunds=[paid_out])
    >>> decision == evaluate_refund(purchase, ask)
    True
    >>> str(decision.refund), str(refund_outstanding(decision, [paid_out]))
    ('USD 484.70', 'USD 84.70')
    """
    if not isinstance(decision, RefundDecision):
        raise InvalidTypeError("decision", decision, "a RefundDecision")
    currency = decision.amount_paid.currency
    settled = Money.zero(currency)
    for index, record in enumerate(check_iterable("refunds", refunds, "RefundRecord")):
        field = f"refunds[{index}]"
        if not isinstance(record, RefundRecord):
            raise InvalidTypeError(field, record, "a RefundRecord")
        if record.purchase_id != decision.purchase_id:
            raise PurchaseMismatchError(
                f"{field}.purchase_id",
                record.purchase_id,
                f"the decision's purchase, {decision.purchase_id!r}",
            )
        if record.amount.currency != currency:
            raise CurrencyMismatchError(
                f"{field}.amount", record.amount, f"an amount in {currency}, as paid"
            )
        if record.request_id == decision.request_id:
            settled += record.amount
    return decision.refund - min(settled, decision.refund)
