"""
Invoices after payment, and credit notes for eligible refunds.

    1.3(a) Upon successful payment, you will receive an electronic invoice
           detailing the services purchased.
    4(a)   Email: partners@ttr-e.com
           Address: 367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong.
    5(a)   By making a payment for TTR-E’s services, you agree to the terms
           set forth in this Payment & Refund Policy.

An `Invoice` follows a confirmed payment only. Its seller is TTR-E, with the
address and e-mail of the version's clause 4(a); its lines detail the
services purchased; its subtotal, tax and total add up exactly to what was
paid; it names the payment method, the instant of payment and the policy
version the customer accepted by paying (5(a), ruling 9): given the policy's
history, the version in force at the payment (docs/rulings.md A50).

A `CreditNote` is the accounting document for an eligible refund decision
(2.2(b), rulings 3, 4 and 8). It references its invoice, and its lines show
the price credited, each fee retained (as a deduction) and the tax refunded;
they sum exactly to the decision's refund (docs/rulings.md, A16).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import attrs

from ttre_policy._decisions import (
    Cited,
    Reason,
    ReasonCode,
    RefundDecision,
    reason_for,
    reasons_of_own_version,
)
from ttre_policy._enums import PolicyEnum
from ttre_policy._history import PolicyHistory, version_in_force
from ttre_policy._money import Money, sum_of
from ttre_policy._payments import check_payment_terms
from ttre_policy._purchases import PaymentMethod, Purchase
from ttre_policy._time import utc
from ttre_policy._validators import aware, check_aware, identifier, instance_of, text, tuple_of
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion, _email
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyMismatchError,
    DecisionNotEligibleError,
    InvalidTypeError,
    InvalidValueError,
    PurchaseMismatchError,
    UnpaidPurchaseError,
)

#: How the policy names the company: "we refer to ourselves as (“TTR-E, we,
#: us, or our”)".
SELLER_NAME: Final = "TTR-E"


@attrs.frozen(kw_only=True)
class Seller:
    """
    Who issues the invoice: TTR-E, at the address and e-mail of clause 4(a).

    Attributes:
        name: The company's name, ``"TTR-E"``.
        email: The contact e-mail address of clause 4(a).
        address: The postal address of clause 4(a).
    """

    name: str = attrs.field(validator=text)
    email: str = attrs.field(validator=[text, _email])
    address: str = attrs.field(validator=text)


def _seller(policy: PolicyVersion) -> Seller:
    contact = policy.support_contact
    return Seller(name=SELLER_NAME, email=contact.email, address=contact.address)


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """
    One service purchased, as an invoice details it (1.3(a)).

    Attributes:
        code: The package's code, e.g. ``"all-in-one"``.
        description: The service, in the policy's words: the package's name.
        amount: Its tax-exclusive price.
    """

    code: str = attrs.field(validator=identifier)
    description: str = attrs.field(validator=text)
    amount: Money = attrs.field(validator=instance_of(Money, "Money"))


def _one_currency(currency: str, named: dict[str, Money]) -> None:
    for name, amount in named.items():
        if amount.currency != currency:
            raise CurrencyMismatchError(name, amount, f"an amount in {currency}")


def _lines(_instance: object, attribute: attrs.Attribute[Any], lines: tuple[object, ...]) -> None:
    if not lines:
        raise InvalidValueError(attribute.name, lines, "at least one line")


@attrs.frozen(kw_only=True)
class Invoice(Cited):
    """
    The electronic invoice a successful payment earns (1.3(a)).

    Attributes:
        number: The invoice's number in the merchant's books.
        issued_at: When it was issued; at or after the payment.
        seller: TTR-E, with the address and e-mail of clause 4(a).
        buyer: The customer's reference in the merchant's system.
        purchase_id: The purchase invoiced.
        lines: The services purchased, one line each, tax-exclusive.
        subtotal: The sum of the lines, exactly.
        tax: The tax charged on top (1.1(c)).
        total: The subtotal plus the tax, exactly: what was paid.
        payment_method: How it was paid (1.2).
        paid_at: When the payment was confirmed (1.3(c)).
        policy_version: The version the customer accepted by paying (5(a)).
        reasons: Why the invoice exists and which terms it records (1.3(a), 5(a)).
    """

    number: str = attrs.field(validator=identifier)
    issued_at: datetime = attrs.field(validator=aware)
    seller: Seller = attrs.field(validator=instance_of(Seller, "a Seller"))
    buyer: str = attrs.field(validator=identifier)
    purchase_id: str = attrs.field(validator=identifier)
    lines: tuple[InvoiceLine, ...] = attrs.field(
        validator=[tuple_of(InvoiceLine, "an InvoiceLine"), _lines]
    )
    subtotal: Money = attrs.field(validator=instance_of(Money, "Money"))
    tax: Money = attrs.field(validator=instance_of(Money, "Money"))
    total: Money = attrs.field(validator=instance_of(Money, "Money"))
    payment_method: PaymentMethod = attrs.field(
        validator=instance_of(PaymentMethod, "a PaymentMethod")
    )
    paid_at: datetime = attrs.field(validator=aware)
    policy_version: str = attrs.field(validator=identifier)
    reasons: tuple[Reason, ...] = attrs.field(
        validator=[tuple_of(Reason, "a Reason"), reasons_of_own_version]
    )

    def __attrs_post_init__(self) -> None:
        """Check one currency, that the amounts add up exactly, and the chronology."""
        _one_currency(
            self.total.currency,
            {
                **{f"lines[{i}].amount": line.amount for i, line in enumerate(self.lines)},
                "subtotal": self.subtotal,
                "tax": self.tax,
            },
        )
        if self.subtotal != sum_of((line.amount for line in self.lines), self.currency):
            raise InvalidValueError("subtotal", self.subtotal, "the sum of the lines, exactly")
        if self.total != self.subtotal + self.tax:
            raise InvalidValueError("total", self.total, "subtotal + tax, exactly")
        if utc(self.issued_at) < utc(self.paid_at):
            raise ChronologyError(
                "issued_at",
                self.issued_at,
                f"an instant at or after the payment, {self.paid_at.isoformat()}: an "
                "invoice follows a successful payment (clause 1.3(a))",
                "is before the payment was confirmed",
            )

    @property
    def currency(self) -> str:
        """The invoice's currency: that of every amount on it."""
        return self.total.currency


def issue_invoice(
    purchase: Purchase,
    *,
    number: str,
    issued_at: datetime,
    buyer: str,
    policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY,
) -> Invoice:
    """
    Issue the electronic invoice for a paid *purchase* (1.3(a)).

    Clauses: 1.3(a), 4(a), 5(a).

    Clause 1.3(a): "Upon successful payment, you will receive an electronic
    invoice detailing the services purchased." The seller's contact details
    are those of clause 4(a) in *policy*; clause 5(a): "By making a payment
    ... you agree to the terms", so the invoice names the version accepted.

    Args:
        purchase: A purchase whose payment was confirmed.
        number: The invoice's number in the merchant's books.
        issued_at: When it is issued; at or after the payment.
        buyer: The customer's reference in the merchant's system.
        policy: The version in force when the customer paid (ruling 9), or
            the policy's history: then the invoice names the version in
            force at ``purchase.paid_at``, the one the customer accepted by
            paying (5(a); docs/rulings.md A50).

    Returns:
        The invoice, citing 1.3(a) and 5(a).

    Raises:
        PolicyInputError: For an unpaid purchase, an invoice dated before
            the payment, or a purchase in a currency the version does not
            accept or by a method it does not offer; with a history, a
            payment before its first version (`NoPolicyInForceError`).

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, PaymentMethod
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> paid = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money(Decimal("40"), "USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD,
    ...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
    >>> invoice = issue_invoice(paid, number="INV-1", buyer="C-7",
    ...                         issued_at=datetime(2026, 11, 1, 10, 2, tzinfo=hk))
    >>> [str(amount) for amount in (invoice.subtotal, invoice.tax, invoice.total)]
    ['USD 500.00', 'USD 40.00', 'USD 540.00']
    >>> invoice.seller.email, invoice.clause_ids
    ('partners@ttr-e.com', ('1.3(a)', '5(a)'))
    """
    if not isinstance(purchase, Purchase):
        raise InvalidTypeError("purchase", purchase, "a Purchase")
    if purchase.paid_at is None:
        raise UnpaidPurchaseError(
            "purchase.paid_at",
            purchase.paid_at,
            "a confirmed payment: an invoice follows a successful payment (clause 1.3(a))",
        )
    # 5(a): the version the customer accepted by paying.
    policy = version_in_force(policy, purchase.paid_at, "purchase.paid_at")
    check_payment_terms(purchase, policy)
    line = InvoiceLine(
        code=purchase.package.code,
        description=purchase.package.name,
        amount=purchase.price_excl_tax,
    )
    return Invoice(
        number=number,
        issued_at=issued_at,
        seller=_seller(policy),
        buyer=buyer,
        purchase_id=purchase.purchase_id,
        lines=(line,),
        subtotal=purchase.price_excl_tax,
        tax=purchase.tax,
        total=purchase.amount_due,
        payment_method=purchase.payment_method,
        paid_at=purchase.paid_at,
        policy_version=policy.version_id,
        reasons=(
            reason_for(policy, ReasonCode.INVOICED_ON_PAYMENT, purchase.paid_at),
            reason_for(policy, ReasonCode.TERMS_ACCEPTED_BY_PAYMENT, purchase.paid_at),
        ),
    )


class CreditNoteLineKind(PolicyEnum):
    """
    What a credit note line is: an amount credited, or a fee retained from it.

    Values are stable lower-case strings for the wire format.
    """

    #: The tax-exclusive price of the invoice, credited.
    PRICE_CREDITED = "price_credited"
    #: The processing fee retained (2.2(b), ruling 3): a deduction.
    PROCESSING_FEE_RETAINED = "processing_fee_retained"
    #: The administrative fee retained (2.2(b), ruling 3): a deduction.
    ADMINISTRATIVE_FEE_RETAINED = "administrative_fee_retained"
    #: The tax refunded (1.1(c), ruling 4).
    TAX_REFUNDED = "tax_refunded"

    @property
    def retained(self) -> bool:
        """Whether the line is a fee retained, deducted from what is credited."""
        return self in _RETAINED


_RETAINED: Final = frozenset(
    {CreditNoteLineKind.PROCESSING_FEE_RETAINED, CreditNoteLineKind.ADMINISTRATIVE_FEE_RETAINED}
)


@attrs.frozen(kw_only=True)
class CreditNoteLine:
    """
    One line of a credit note: an amount credited, or a fee retained (a deduction).

    Attributes:
        kind: What the line is; `CreditNoteLineKind.retained` says whether
            its amount is deducted.
        description: The line as the document shows it.
        amount: The amount, never negative: a deduction is shown by its kind.
    """

    kind: CreditNoteLineKind = attrs.field(
        validator=instance_of(CreditNoteLineKind, "a CreditNoteLineKind")
    )
    description: str = attrs.field(validator=text)
    amount: Money = attrs.field(validator=instance_of(Money, "Money"))


@attrs.frozen(kw_only=True)
class CreditNote(Cited):
    """
    The accounting document for an eligible refund decision, against its invoice.

    Attributes:
        number: The credit note's number in the merchant's books.
        issued_at: When it was issued: not before the invoice or the request.
        invoice_number: The invoice it credits.
        purchase_id: The purchase refunded.
        request_id: The refund request decided.
        seller: As on the invoice.
        buyer: As on the invoice.
        lines: The price credited, each fee retained, the tax refunded.
        total: What is refunded: the amounts credited less the fees
            retained, exactly; the decision's refund.
        policy_version: The version the decision applied.
        reasons: The decision's reasons: why the amounts are what they are.
    """

    number: str = attrs.field(validator=identifier)
    issued_at: datetime = attrs.field(validator=aware)
    invoice_number: str = attrs.field(validator=identifier)
    purchase_id: str = attrs.field(validator=identifier)
    request_id: str = attrs.field(validator=identifier)
    seller: Seller = attrs.field(validator=instance_of(Seller, "a Seller"))
    buyer: str = attrs.field(validator=identifier)
    lines: tuple[CreditNoteLine, ...] = attrs.field(
        validator=[tuple_of(CreditNoteLine, "a CreditNoteLine"), _lines]
    )
    total: Money = attrs.field(validator=instance_of(Money, "Money"))
    policy_version: str = attrs.field(validator=identifier)
    reasons: tuple[Reason, ...] = attrs.field(
        validator=[tuple_of(Reason, "a Reason"), reasons_of_own_version]
    )

    def __attrs_post_init__(self) -> None:
        """Check one currency and that the lines come to the total, exactly."""
        _one_currency(
            self.total.currency,
            {f"lines[{i}].amount": line.amount for i, line in enumerate(self.lines)},
        )
        credited = sum_of(
            (line.amount for line in self.lines if not line.kind.retained), self.currency
        )
        retained = sum_of(
            (line.amount for line in self.lines if line.kind.retained), self.currency
        )
        if retained > credited or credited - retained != self.total:
            raise InvalidValueError(
                "total", self.total, "the amounts credited less the fees retained, exactly"
            )

    @property
    def currency(self) -> str:
        """The credit note's currency: that of every amount on it."""
        return self.total.currency


def issue_credit_note(
    invoice: Invoice, decision: RefundDecision, *, number: str, issued_at: datetime
) -> CreditNote:
    """
    Issue the credit note for an eligible refund *decision* against its *invoice*.

    Clauses: 2.2(b), 1.1(c).

    Clause 2.2(b): "a refund may be granted after deducting any applicable
    processing or administrative fees"; ruling 4 returns the tax (1.1(c)). The lines
    show the price credited, each non-zero fee retained and the tax refunded
    (if any); they sum exactly to ``decision.refund`` (docs/rulings.md, A16).
    Ruling 8: issuing the note is the merchant's act; the library only
    writes it.

    Args:
        invoice: The invoice of the purchase refunded.
        decision: An eligible decision on a request for that purchase, made
            on the amounts the invoice shows.
        number: The credit note's number in the merchant's books.
        issued_at: When it is issued: not before the invoice or the request.

    Returns:
        The credit note, with the decision's reasons and policy version.

    Raises:
        PolicyInputError: For a decision that is not eligible, is for
            another purchase, or rests on other amounts than the invoice's;
            or a credit note dated before the invoice or the request.

    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from zoneinfo import ZoneInfo
    >>> from ttre_policy import ALL_IN_ONE, PaymentMethod, RefundRequest, evaluate_refund
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> paid = Purchase(
    ...     purchase_id="P-1", package=ALL_IN_ONE,
    ...     price_excl_tax=Money(Decimal("500"), "USD"), tax=Money(Decimal("40"), "USD"),
    ...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
    ...     payment_method=PaymentMethod.CREDIT_CARD,
    ...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
    >>> invoice = issue_invoice(paid, number="INV-1", buyer="C-7",
    ...                         issued_at=datetime(2026, 11, 1, 10, 2, tzinfo=hk))
    >>> decision = evaluate_refund(paid, RefundRequest(
    ...     request_id="R-1", purchase_id="P-1",
    ...     requested_at=datetime(2026, 11, 3, 9, 0, tzinfo=hk)))
    >>> note = issue_credit_note(invoice, decision, number="CN-1",
    ...                          issued_at=datetime(2026, 11, 3, 9, 5, tzinfo=hk))
    >>> [(line.kind.value, str(line.amount)) for line in note.lines]
    [('price_credited', 'USD 500.00'), ('processing_fee_retained', 'USD 15.30'), \
('tax_refunded', 'USD 40.00')]
    >>> str(note.total), note.total == decision.refund
    ('USD 524.70', True)
    """
    if not isinstance(invoice, Invoice):
        raise InvalidTypeError("invoice", invoice, "an Invoice")
    if not isinstance(decision, RefundDecision):
        raise InvalidTypeError("decision", decision, "a RefundDecision")
    _check_credit(invoice, decision, issued_at)
    kinds = CreditNoteLineKind
    candidates = (
        (kinds.PRICE_CREDITED, f"{_services(invoice)}: price credited", invoice.subtotal),
        (kinds.PROCESSING_FEE_RETAINED, "Processing fee retained", decision.processing_fee),
        (
            kinds.ADMINISTRATIVE_FEE_RETAINED,
            "Administrative fee retained",
            decision.administrative_fee,
        ),
        (kinds.TAX_REFUNDED, "Tax refunded", decision.tax_refund),
    )
    return CreditNote(
        number=number,
        issued_at=issued_at,
        invoice_number=invoice.number,
        purchase_id=invoice.purchase_id,
        request_id=decision.request_id,
        seller=invoice.seller,
        buyer=invoice.buyer,
        lines=tuple(
            CreditNoteLine(kind=kind, description=description, amount=amount)
            for kind, description, amount in candidates
            # A4: amounts of zero are not shown, but the price always is.
            if kind is kinds.PRICE_CREDITED or not amount.is_zero()
        ),
        total=decision.refund,
        policy_version=decision.policy_version,
        reasons=decision.reasons,
    )


def _services(invoice: Invoice) -> str:
    return ", ".join(line.description for line in invoice.lines)


def _check_credit(invoice: Invoice, decision: RefundDecision, issued_at: datetime) -> None:
    """Refuse a decision that cannot be credited against *invoice*, or a note dated too early."""
    check_aware("issued_at", issued_at)
    if decision.purchase_id != invoice.purchase_id:
        raise PurchaseMismatchError(
            "decision.purchase_id",
            decision.purchase_id,
            f"the purchase of invoice {invoice.number!r}, {invoice.purchase_id!r}",
        )
    if not decision.eligible:
        raise DecisionNotEligibleError(
            "decision.outcome",
            decision.outcome,
            "an eligible decision: a request that is not eligible has nothing to credit",
        )
    if decision.amount_paid.currency != invoice.currency:
        raise CurrencyMismatchError(
            "decision.amount_paid",
            decision.amount_paid,
            f"an amount in {invoice.currency}, the invoice's currency",
        )
    adjusted = bool(decision.refunds_made) or decision.granted_by_exception
    if (
        decision.amount_paid == invoice.total
        and decision.refunded_price + decision.fees != invoice.subtotal
        and adjusted
    ):
        # A71: the note's lines credit the whole price less the fees retained;
        # a refund cut by earlier refunds or set by an exception is not that.
        raise InvalidValueError(
            "decision.refund",
            decision.refund,
            "a decision that credits the whole price less the fees the policy "
            "retains; credit a refund the support desk reduced by earlier refunds "
            "or set by an exception with a document of its own",
            "is a refund adjusted by the support desk",
        )
    if (decision.amount_paid, decision.refunded_price + decision.fees) != (
        invoice.total,
        invoice.subtotal,
    ):
        raise InvalidValueError(
            "decision.amount_paid",
            decision.amount_paid,
            f"a decision on the invoice's amounts: {invoice.subtotal} plus tax "
            f"{invoice.tax}, {invoice.total} paid",
        )
    for field, earliest in (
        ("invoice.issued_at", invoice.issued_at),
        ("decision.requested_at", decision.requested_at),
    ):
        if utc(issued_at) < utc(earliest):
            raise ChronologyError(
                "issued_at",
                issued_at,
                f"an instant at or after {field}, {earliest.isoformat()}",
                f"is before {field}",
            )
