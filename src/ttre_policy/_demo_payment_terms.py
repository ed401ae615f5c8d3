"""
The command line's demonstration of section 1: from a quote to a credit note.

One sample purchase under the published policy goes through every step that
section 1 decides: a price change announced with the notice the version
requires (1.1(b)), a tax-exclusive quote and a tax-inclusive one (1.1(a),
1.1(c)), the gateway's confirmation of the payment (1.2, 1.3(b)), access
before and after it (1.3(c)), the invoice (1.3(a), 4(a), 5(a)) and, for a
cancellation within the window, the credit note (2.2(b)).

This is the outer layer: it prints. The values are computed by the pure
rules, once per call of `walkthrough`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Final, TextIO
from zoneinfo import ZoneInfo

import attrs

from ttre_policy._invoices import CreditNote, Invoice, issue_credit_note, issue_invoice
from ttre_policy._money import Money
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT
from ttre_policy._payments import (
    AccessDecision,
    PaymentConfirmation,
    access_decision,
    confirm_payment,
)
from ttre_policy._prices import PriceChange, earliest_price_change_at
from ttre_policy._purchases import PaymentMethod, Purchase, RefundRequest
from ttre_policy._quotes import Quote, quote
from ttre_policy._refunds import evaluate_refund
from ttre_policy._versions import DEFAULT_POLICY

if TYPE_CHECKING:
    from ttre_policy._decisions import Cited

_HK: Final = ZoneInfo("Asia/Hong_Kong")
_POLICY: Final = DEFAULT_POLICY
_SALES_TAX: Final = Decimal("0.08")
_WIDTH: Final = 34


@attrs.frozen(kw_only=True)
class Walkthrough:
    """Every value the section shows, in the order it shows them."""

    change: PriceChange
    exclusive: Quote
    inclusive: Quote
    confirmation: PaymentConfirmation
    paid: Purchase
    access: tuple[AccessDecision, ...]
    invoice: Invoice
    credit_note: CreditNote

    @property
    def results(self) -> tuple[Cited, ...]:
        """The clause-cited results shown."""
        return (self.exclusive, self.inclusive, *self.access, self.invoice, self.credit_note)


def _usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def walkthrough() -> Walkthrough:
    """Compute the sample: a price change, two quotes, a payment, access, invoice, credit note."""
    change = PriceChange(
        package=ALL_IN_ONE,
        new_floor=_usd("600.00"),
        announced_at=datetime(2026, 10, 1, 12, 0, tzinfo=_HK),
        effective_from=datetime(2026, 11, 1, 0, 0, tzinfo=_HK),
    )
    quoted_at = datetime(2026, 11, 1, 9, 50, tzinfo=_HK)
    exclusive = quote(
        ALL_IN_ONE,
        _usd("650.00"),
        quoted_at=quoted_at,
        tax=_SALES_TAX,
        tax_label="Sales tax",
        changes=(change,),
        policy=_POLICY,
    )
    inclusive = quote(
        TIKTOK_SHOP_MANAGEMENT,
        _usd("1188.00"),
        quoted_at=quoted_at,
        tax=_SALES_TAX,
        tax_label="Sales tax",
        price_includes_tax=True,
        changes=(change,),
        policy=_POLICY,
    )
    unpaid = Purchase(
        purchase_id="P-101",
        package=exclusive.package,
        price_excl_tax=exclusive.price_excl_tax,
        tax=exclusive.tax,
        purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=_HK),
        payment_method=PaymentMethod.CREDIT_CARD,
    )
    confirmation = PaymentConfirmation(
        purchase_id="P-101",
        amount=exclusive.total,
        confirmed_at=datetime(2026, 11, 1, 10, 1, tzinfo=_HK),
        gateway_reference="GW-7Q2K9",
    )
    paid = confirm_payment(unpaid, confirmation, _POLICY)
    access = tuple(
        access_decision(paid, at, _POLICY)
        for at in (datetime(2026, 11, 1, 10, 0, 30, tzinfo=_HK), confirmation.confirmed_at)
    )
    invoice = issue_invoice(
        paid,
        number="INV-2026-0001",
        issued_at=datetime(2026, 11, 1, 10, 2, tzinfo=_HK),
        buyer="C-7",
        policy=_POLICY,
    )
    request = RefundRequest(
        request_id="R-101",
        purchase_id="P-101",
        requested_at=datetime(2026, 11, 3, 9, 0, tzinfo=_HK),
    )
    credit_note = issue_credit_note(
        invoice,
        evaluate_refund(paid, request, (), _POLICY),
        number="CN-2026-0001",
        issued_at=datetime(2026, 11, 3, 9, 5, tzinfo=_HK),
    )
    return Walkthrough(
        change=change,
        exclusive=exclusive,
        inclusive=inclusive,
        confirmation=confirmation,
        paid=paid,
        access=access,
        invoice=invoice,
        credit_note=credit_note,
    )


def _local(instant: datetime) -> str:
    return instant.astimezone(_POLICY.time_zone).strftime("%Y-%m-%d %H:%M:%S")


def _line(label: str, amount: Money, *, deducted: bool = False) -> str:
    sign = "-" if deducted else " "
    return f"  {label:<{_WIDTH}}{sign}{amount.currency} {amount.amount:>9}"


def _quote_lines(shown: Quote) -> list[str]:
    stated = "stated tax-inclusive" if shown.price_includes_tax else "tax-exclusive"
    lines = [
        (
            f"Quote for {shown.package.name} at {_local(shown.quoted_at)}, {stated}"
            f"  [{' '.join(shown.clause_ids)}]"
        ),
        _line("floor in force", shown.package.floor_price),
        _line("price (excl. tax)", shown.price_excl_tax),
    ]
    lines += [
        _line(f"{tax.label} {tax.rate:%}" if tax.rate is not None else tax.label, tax.amount)
        for tax in shown.tax_lines
    ]
    return [*lines, _line("total", shown.total)]


def show(out: TextIO) -> None:
    """Print the section 1 walkthrough: quotes, payment, access, invoice, credit note."""
    sample = walkthrough()
    change, paid, invoice, note = sample.change, sample.paid, sample.invoice, sample.credit_note
    lines = [
        "",
        (
            f"Payment terms (section 1) under the published policy (example fees, "
            f"{_POLICY.price_change_notice_days} clear days' notice of a price change)"
        ),
        "",
        (
            f"Price change: {change.package.name} from {change.new_floor}, announced "
            f"{_local(change.announced_at)}, in force from {_local(change.effective_from)} "
            f"(earliest allowed {_local(earliest_price_change_at(change.announced_at, _POLICY))})"
            "  [1.1(b)]"
        ),
        *_quote_lines(sample.exclusive),
        *_quote_lines(sample.inclusive),
        "",
        (
            f"Payment {sample.confirmation.gateway_reference} of {sample.confirmation.amount} for "
            f"{paid.purchase_id} confirmed at {_local(sample.confirmation.confirmed_at)}"
            "  [1.2(c) 1.3(b)]"
        ),
    ]
    lines += [
        f"Access at {_local(decision.at)}: {'granted' if decision.granted else 'not granted'}"
        f" ({decision.reasons[0].code.value})  [{' '.join(decision.clause_ids)}]"
        for decision in sample.access
    ]
    lines += [
        "",
        (
            f"Invoice {invoice.number}, issued {_local(invoice.issued_at)}"
            f"  [{' '.join(invoice.clause_ids)}]"
        ),
        f"  seller {invoice.seller.name}, {invoice.seller.email}, {invoice.seller.address}",
        (
            f"  buyer {invoice.buyer}, purchase {invoice.purchase_id}, paid by "
            f"{invoice.payment_method.value} at {_local(invoice.paid_at)}, "
            f"policy version {invoice.policy_version!r}"
        ),
        *(_line(line.description, line.amount) for line in invoice.lines),
        _line("subtotal", invoice.subtotal),
        _line("tax", invoice.tax),
        _line("total", invoice.total),
        (
            f"Credit note {note.number} for invoice {note.invoice_number}, request "
            f"{note.request_id}, issued {_local(note.issued_at)}  [{' '.join(note.clause_ids)}]"
        ),
        *(
            _line(line.description, line.amount, deducted=line.kind.retained)
            for line in note.lines
        ),
        _line("total refunded", note.total),
    ]
    out.write("\n".join(lines) + "\n")
