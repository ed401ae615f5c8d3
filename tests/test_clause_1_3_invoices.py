"""
Clause 1.3(a): invoices, and the credit notes that refunds call for.

1.3(a) "Upon successful payment, you will receive an electronic invoice
detailing the services purchased."

4(a) "Email: partners@ttr-e.com / Address: 367 – 375 Queen’s Road Central,
Sheung Wan, Hong Kong." (the seller on the invoice)

5(a) "By making a payment for TTR-E’s services, you agree to the terms set
forth in this Payment & Refund Policy." (the version the invoice records)

2.2(b) "a refund may be granted after deducting any applicable processing or
administrative fees." (the credit note's lines). docs/rulings.md A16, A17.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.helpers import (
    FIRST_LATE_INSTANT,
    HK,
    ONE_MICROSECOND,
    PAID,
    REVISED,
    REVISED_HISTORY,
    UTC,
    Case,
    event,
    purchase,
    refund,
    request,
    support_exception,
    usd,
)
from ttre_policy import (
    DEFAULT_POLICY,
    TTRE_SUPPORT,
    CreditNote,
    CreditNoteLine,
    CreditNoteLineKind,
    Invoice,
    InvoiceLine,
    Money,
    PaymentMethod,
    PolicyHistory,
    PolicyVersion,
    Purchase,
    ReasonCode,
    RefundDecision,
    Seller,
    SupportContact,
    TaxRefundMode,
    evaluate_refund,
    issue_credit_note,
    issue_invoice,
)
from ttre_policy.exceptions import (
    ChronologyError,
    CurrencyMismatchError,
    DecisionNotEligibleError,
    InvalidTypeError,
    InvalidValueError,
    NoPolicyInForceError,
    PaymentMethodNotOfferedError,
    PurchaseMismatchError,
    UnpaidPurchaseError,
)
from ttre_policy.testing import (
    cases,
    policy_histories,
    policy_versions,
    purchases,
    purchases_under,
)

_ISSUED = PAID + timedelta(minutes=1)
_ASKED = PAID + timedelta(days=2)


def _invoice(
    the_purchase: Purchase, policy: PolicyVersion | PolicyHistory = DEFAULT_POLICY
) -> Invoice:
    """Return the invoice INV-1 for *the_purchase*, issued at its payment."""
    assert the_purchase.paid_at is not None
    return issue_invoice(
        the_purchase,
        number="INV-1",
        issued_at=the_purchase.paid_at,
        buyer="C-7",
        policy=policy,
    )


def _note(invoice: Invoice, decision: RefundDecision) -> CreditNote:
    """Return the credit note CN-1 for *decision*, issued at the request or the invoice, the later."""
    issued_at = max(decision.requested_at, invoice.issued_at, key=lambda at: at.astimezone(UTC))
    return issue_credit_note(invoice, decision, number="CN-1", issued_at=issued_at)


_TAXED = purchase(tax=usd("40.00"))
_INVOICE = _invoice(_TAXED)
_ELIGIBLE = evaluate_refund(_TAXED, request(_ASKED))


#: The versions the credit-note property runs under: the default, a
#: proportional tax refund, and fees that exceed the price.
_VERSIONS = (
    DEFAULT_POLICY,
    attrs.evolve(DEFAULT_POLICY, tax_refund=TaxRefundMode.PROPORTIONAL),
    attrs.evolve(
        DEFAULT_POLICY,
        fee_schedules=(
            attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("5000.00")),
        ),
    ),
)


class TestInvoices:
    """1.3(a): "Upon successful payment, you will receive an electronic invoice detailing the services purchased"."""

    def test_the_invoice_of_the_reference_purchase(self) -> None:
        """
        1.3(a): "an electronic invoice detailing the services purchased", from TTR-E at the address of 4(a).

        USD 500 for ALL IN ONE plus USD 40 tax, paid by credit card at 10:01
        HKT: the invoice details the package, adds up to USD 540, names the
        payment and the policy version accepted by paying (5(a)).
        """
        invoice = issue_invoice(_TAXED, number="INV-1", issued_at=_ISSUED, buyer="C-7")

        assert (
            Seller(
                name="TTR-E",
                email="partners@ttr-e.com",
                address="367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong",
            )
            == invoice.seller
        )
        assert (
            InvoiceLine(code="all-in-one", description="ALL IN ONE", amount=usd("500.00")),
        ) == (invoice.lines)
        assert (usd("500.00"), usd("40.00"), usd("540.00")) == (
            invoice.subtotal,
            invoice.tax,
            invoice.total,
        )
        assert (
            invoice.number,
            invoice.buyer,
            invoice.purchase_id,
            invoice.currency,
        ) == ("INV-1", "C-7", "P-1", "USD")
        assert (_TAXED.payment_method, PAID, "published") == (
            invoice.payment_method,
            invoice.paid_at,
            invoice.policy_version,
        )
        assert invoice.reason_codes == (
            ReasonCode.INVOICED_ON_PAYMENT,
            ReasonCode.TERMS_ACCEPTED_BY_PAYMENT,
        )
        assert invoice.clause_ids == ("1.3(a)", "5(a)")
        # "Upon successful payment", and 5(a) "By making a payment": both at the payment's instant.
        assert [reason.at for reason in invoice.reasons] == [PAID, PAID]

    def test_the_seller_is_the_versions_contact(self) -> None:
        """4(a): the seller's e-mail and address are those the version publishes in its contact clause."""
        moved = SupportContact(
            team=TTRE_SUPPORT.team, email="billing@ttr-e.com", address="1 Harbour Road, Wan Chai"
        )
        version = attrs.evolve(DEFAULT_POLICY, version_id="moved", support_contact=moved)

        invoice = _invoice(_TAXED, version)

        assert (
            invoice.seller.name,
            invoice.seller.email,
            invoice.seller.address,
        ) == ("TTR-E", "billing@ttr-e.com", "1 Harbour Road, Wan Chai")
        assert invoice.policy_version == "moved"

    def test_an_unpaid_purchase_gets_no_invoice(self) -> None:
        """1.3(a): "Upon successful payment": before the payment is confirmed there is nothing to invoice."""
        with pytest.raises(UnpaidPurchaseError) as raised:
            issue_invoice(purchase(paid_at=None), number="INV-1", issued_at=_ISSUED, buyer="C-7")

        assert str(raised.value) == (
            "purchase.paid_at: None has no confirmed payment; expected a confirmed payment: "
            "an invoice follows a successful payment (clause 1.3(a))"
        )

    def test_an_invoice_dated_before_the_payment_is_refused(self) -> None:
        """1.3(a): the invoice comes "upon successful payment": not a microsecond before it."""
        too_early = PAID - ONE_MICROSECOND

        with pytest.raises(ChronologyError) as raised:
            issue_invoice(_TAXED, number="INV-1", issued_at=too_early, buyer="C-7")

        assert str(raised.value) == (
            f"issued_at: {too_early!r} is before the payment was confirmed; expected an instant "
            "at or after the payment, 2026-11-01T10:01:00+08:00: an invoice follows a "
            "successful payment (clause 1.3(a))"
        )

    def test_the_arguments_are_checked(self) -> None:
        """1.3(a): an invoice has a number and a buyer reference, for a purchase, under a version."""
        with pytest.raises(InvalidTypeError) as raised:
            issue_invoice("P-1", number="INV-1", issued_at=_ISSUED, buyer="C-7")  # type: ignore[arg-type]  # the wrong type is the point
        assert str(raised.value) == "purchase: 'P-1' is of the wrong type; expected a Purchase"
        with pytest.raises(InvalidValueError, match=r"^number: '' "):
            issue_invoice(_TAXED, number="", issued_at=_ISSUED, buyer="C-7")
        with pytest.raises(InvalidTypeError, match=r"^policy: "):
            issue_invoice(_TAXED, number="INV-1", issued_at=_ISSUED, buyer="C-7", policy=None)  # type: ignore[arg-type]  # the wrong type is the point

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            (
                "total",
                usd("540.01"),
                (
                    "total: Money(amount=Decimal('540.01'), currency='USD') is not valid here; "
                    "expected subtotal + tax, exactly"
                ),
            ),
            (
                "subtotal",
                usd("400.00"),
                (
                    "subtotal: Money(amount=Decimal('400.00'), currency='USD') is not valid here; "
                    "expected the sum of the lines, exactly"
                ),
            ),
            (
                "subtotal",
                Money(Decimal("500.00"), "HKD"),
                (
                    "subtotal: Money(amount=Decimal('500.00'), currency='HKD') is in another "
                    "currency; expected an amount in USD"
                ),
            ),
            (
                "tax",
                Money.zero("HKD"),
                (
                    "tax: Money(amount=Decimal('0.00'), currency='HKD') is in another currency; "
                    "expected an amount in USD"
                ),
            ),
            ("lines", (), "lines: () is not valid here; expected at least one line"),
        ],
    )
    def test_an_invoice_checks_its_own_sums(self, field: str, value: object, message: str) -> None:
        """1.3(a): the invoice's amounts add up, in one currency, whoever builds it; the refusal names the amount."""
        with pytest.raises((InvalidValueError, CurrencyMismatchError)) as raised:
            attrs.evolve(_INVOICE, **{field: value})  # type: ignore[arg-type]  # each case passes the wrong value on purpose

        assert str(raised.value) == message

    @given(policy=policy_versions(), data=st.data())
    def test_an_invoice_adds_up_exactly_to_what_was_paid(
        self, policy: PolicyVersion, data: st.DataObject
    ) -> None:
        """
        1.3(a): an invoice "detailing the services purchased", for any paid purchase under any version.

        The lines sum to the subtotal, subtotal plus tax is the total, and
        the total is what the customer paid, exactly.
        """
        paid = data.draw(purchases(policy, paid=True))

        invoice = _invoice(paid, policy)

        assert (
            sum((line.amount.amount for line in invoice.lines), start=0) == invoice.subtotal.amount
        )
        assert invoice.subtotal + invoice.tax == invoice.total
        assert paid.amount_paid == invoice.total
        assert (paid.price_excl_tax, paid.tax) == (invoice.subtotal, invoice.tax)


class TestCreditNotes:
    """2.2(b) with rulings 3, 4 and 8: the document for "a refund ... after deducting any applicable ... fees"."""

    def test_the_credit_note_of_the_reference_refund(self) -> None:
        """
        2.2(b): "a refund may be granted after deducting any applicable processing or administrative fees".

        USD 500 credited, USD 15.30 processing fee retained (3 % + USD 0.30),
        USD 40 tax refunded: USD 524.70, the decision's refund, citing its
        reasons; the note references the invoice (A16).
        """
        note = issue_credit_note(_INVOICE, _ELIGIBLE, number="CN-1", issued_at=_ASKED)

        assert (
            CreditNoteLine(
                kind=CreditNoteLineKind.PRICE_CREDITED,
                description="ALL IN ONE: price credited",
                amount=usd("500.00"),
            ),
            CreditNoteLine(
                kind=CreditNoteLineKind.PROCESSING_FEE_RETAINED,
                description="Processing fee retained",
                amount=usd("15.30"),
            ),
            CreditNoteLine(
                kind=CreditNoteLineKind.TAX_REFUNDED,
                description="Tax refunded",
                amount=usd("40.00"),
            ),
        ) == note.lines
        assert usd("524.70") == note.total == _ELIGIBLE.refund
        assert (
            note.number,
            note.invoice_number,
            note.purchase_id,
            note.request_id,
        ) == ("CN-1", "INV-1", "P-1", "R-1")
        assert (_INVOICE.seller, "C-7", "USD") == (note.seller, note.buyer, note.currency)
        assert _ELIGIBLE.reasons == note.reasons
        assert note.clause_ids == ("1.1(c)", "2.2(a)", "2.2(b)")

    def test_the_line_kinds_are_pinned(self) -> None:
        """2.2(b): fees are "deduct[ed]": the two fee lines are deductions, the price and tax are credited."""
        assert [(kind.value, kind.retained) for kind in CreditNoteLineKind] == [
            ("price_credited", False),
            ("processing_fee_retained", True),
            ("administrative_fee_retained", True),
            ("tax_refunded", False),
        ]

    def test_a_denied_decision_gets_no_credit_note(self) -> None:
        """2.1(a): "All payments made for our services are final": a denial has nothing to credit."""
        denied = evaluate_refund(_TAXED, request(FIRST_LATE_INSTANT))

        with pytest.raises(DecisionNotEligibleError) as raised:
            _note(_INVOICE, denied)

        assert str(raised.value) == (
            "decision.outcome: Outcome.NOT_ELIGIBLE is not an eligible refund decision; "
            "expected an eligible decision: a request that is not eligible has nothing to credit"
        )

    def test_a_decision_for_another_purchase_is_refused(self) -> None:
        """2.2(b): a credit note refunds the purchase its invoice is for, and no other."""
        other = purchase(purchase_id="P-2", tax=usd("40.00"))
        decision = evaluate_refund(other, request(_ASKED, purchase_id="P-2"))

        with pytest.raises(PurchaseMismatchError, match=r"^decision\.purchase_id: 'P-2' .* 'P-1'"):
            _note(_INVOICE, decision)

    def test_a_decision_on_other_amounts_is_refused(self) -> None:
        """1.3(a) with 2.2(b): the decision and the invoice must describe the same payment, price and tax alike."""
        same_total = purchase(price_excl_tax=usd("520.00"), tax=usd("20.00"))
        decision = evaluate_refund(same_total, request(_ASKED))
        in_hkd = attrs.evolve(
            _INVOICE,
            lines=(
                attrs.evolve(_INVOICE.lines[0], amount=Money(_INVOICE.subtotal.amount, "HKD")),
            ),
            subtotal=Money(_INVOICE.subtotal.amount, "HKD"),
            tax=Money(_INVOICE.tax.amount, "HKD"),
            total=Money(_INVOICE.total.amount, "HKD"),
        )

        with pytest.raises(InvalidValueError) as same_total_raised:
            _note(_INVOICE, decision)
        with pytest.raises(
            InvalidValueError, match=r"^decision\.amount_paid: .* USD 500\.00 plus tax"
        ):
            _note(_INVOICE, evaluate_refund(purchase(tax=usd("30.00")), request(_ASKED)))
        with pytest.raises(CurrencyMismatchError) as currency_raised:
            _note(in_hkd, _ELIGIBLE)

        assert str(same_total_raised.value) == (
            "decision.amount_paid: Money(amount=Decimal('540.00'), currency='USD') is not valid "
            "here; expected a decision on the invoice's amounts: USD 500.00 plus tax USD 40.00, "
            "USD 540.00 paid"
        )
        assert str(currency_raised.value) == (
            "decision.amount_paid: Money(amount=Decimal('540.00'), currency='USD') is in another "
            "currency; expected an amount in HKD, the invoice's currency"
        )

    def test_a_refund_the_support_desk_adjusted_is_refused_by_name(self) -> None:
        """
        2.2(b): "a refund may be granted after deducting any applicable processing or administrative fees".

        A71: a credit note credits the whole price less the fees retained. A
        refund cut by an earlier refund, or set by an exception below the
        price, is not that, and the error says so (not that the amounts
        differ from the invoice's).
        """
        after_a_refund = evaluate_refund(_TAXED, request(_ASKED), refunds=[refund("100.00")])
        partly_excepted = evaluate_refund(
            _TAXED, request(FIRST_LATE_INSTANT), exception=support_exception(usd("100.00"))
        )
        expected = (
            "is a refund adjusted by the support desk; expected a decision that credits the "
            "whole price less the fees the policy retains; credit a refund the support desk "
            "reduced by earlier refunds or set by an exception with a document of its own"
        )

        for adjusted in (after_a_refund, partly_excepted):
            with pytest.raises(InvalidValueError) as raised:
                _note(_INVOICE, adjusted)
            assert str(raised.value) == f"decision.refund: {adjusted.refund!r} {expected}"

    def test_an_exception_that_refunds_everything_is_credited_in_full(self) -> None:
        """2.4(a): "reviewing each case on its merits": an exception granting everything is credited in full, no fee retained."""
        excepted = evaluate_refund(
            _TAXED, request(FIRST_LATE_INSTANT), exception=support_exception("full")
        )

        note = _note(_INVOICE, excepted)

        assert [(line.kind, line.amount) for line in note.lines] == [
            (CreditNoteLineKind.PRICE_CREDITED, usd("500.00")),
            (CreditNoteLineKind.TAX_REFUNDED, usd("40.00")),
        ]
        assert note.total == usd("540.00") == excepted.refund

    def test_a_credit_note_is_not_dated_before_the_invoice_or_the_request(self) -> None:
        """2.2(b): a refund follows the request, and credits an invoice already issued."""
        late_invoice = attrs.evolve(_INVOICE, issued_at=_ASKED + timedelta(hours=1))
        before_request = _ASKED - ONE_MICROSECOND

        with pytest.raises(ChronologyError) as before_request_raised:
            issue_credit_note(_INVOICE, _ELIGIBLE, number="CN-1", issued_at=before_request)
        with pytest.raises(ChronologyError) as before_invoice_raised:
            issue_credit_note(late_invoice, _ELIGIBLE, number="CN-1", issued_at=_ASKED)
        with pytest.raises(InvalidTypeError, match=r"^issued_at: '2026-11-03'"):
            issue_credit_note(_INVOICE, _ELIGIBLE, number="CN-1", issued_at="2026-11-03")  # type: ignore[arg-type]  # the wrong type is the point

        assert str(before_request_raised.value) == (
            f"issued_at: {before_request!r} is before decision.requested_at; expected an instant "
            "at or after decision.requested_at, 2026-11-03T10:01:00+08:00"
        )
        assert str(before_invoice_raised.value) == (
            f"issued_at: {_ASKED!r} is before invoice.issued_at; expected an instant at or after "
            "invoice.issued_at, 2026-11-03T11:01:00+08:00"
        )

    def test_the_arguments_are_typed(self) -> None:
        """2.2(b): a credit note needs an invoice and a refund decision, nothing else."""
        with pytest.raises(InvalidTypeError) as invoice_raised:
            issue_credit_note("INV-1", _ELIGIBLE, number="CN-1", issued_at=_ASKED)  # type: ignore[arg-type]  # the wrong type is the point
        with pytest.raises(InvalidTypeError) as decision_raised:
            issue_credit_note(_INVOICE, "eligible", number="CN-1", issued_at=_ASKED)  # type: ignore[arg-type]  # the wrong type is the point

        assert str(invoice_raised.value) == (
            "invoice: 'INV-1' is of the wrong type; expected an Invoice"
        )
        assert str(decision_raised.value) == (
            "decision: 'eligible' is of the wrong type; expected a RefundDecision"
        )

    def test_a_credit_note_checks_its_own_sums(self) -> None:
        """2.2(b): the lines come to the total exactly, fees deducted, whoever builds the note."""
        note = _note(_INVOICE, _ELIGIBLE)
        price, fee, tax = note.lines

        with pytest.raises(InvalidValueError) as raised:
            attrs.evolve(note, total=usd("540.00"))
        assert str(raised.value) == (
            "total: Money(amount=Decimal('540.00'), currency='USD') is not valid here; "
            "expected the amounts credited less the fees retained, exactly"
        )
        with pytest.raises(InvalidValueError, match=r"^total: "):
            attrs.evolve(note, lines=(fee, attrs.evolve(fee, amount=usd("600.00"))))
        with pytest.raises(CurrencyMismatchError, match=r"^lines\[2\]\.amount: "):
            attrs.evolve(
                note, lines=(price, fee, attrs.evolve(tax, amount=Money(tax.amount.amount, "HKD")))
            )
        with pytest.raises(InvalidValueError, match=r"^reasons\[0\]\.policy_version: "):
            attrs.evolve(note, policy_version="another")

    def test_zero_lines_are_left_out_but_the_price_is_always_shown(self) -> None:
        """
        2.2(b) with ruling 3 and A4: fees capped at the price leave a refund of the tax only.

        An administrative fee of USD 490 and a processing fee of USD 15.30 on
        USD 500: the price is credited, both fees retained, the tax refunded.
        Without the tax, the fees retained take the whole price: the note
        credits nothing, and is still issued for the eligible decision. With
        no fee and no tax, only the price line remains.
        """
        schedule = attrs.evolve(DEFAULT_POLICY.fee_schedules[0], administrative=usd("490.00"))
        costly = attrs.evolve(DEFAULT_POLICY, fee_schedules=(schedule,))
        free = attrs.evolve(
            DEFAULT_POLICY,
            fee_schedules=(
                attrs.evolve(
                    schedule,
                    processing=tuple(
                        attrs.evolve(fee, rate=Decimal(0), fixed=usd("0.00"))
                        for fee in schedule.processing
                    ),
                    administrative=usd("0.00"),
                ),
            ),
        )
        untaxed = purchase()

        capped = _note(
            _invoice(_TAXED, costly), evaluate_refund(_TAXED, request(_ASKED), policy=costly)
        )
        nothing_left = _note(
            _invoice(untaxed, costly), evaluate_refund(untaxed, request(_ASKED), policy=costly)
        )
        whole = _note(
            _invoice(untaxed, free), evaluate_refund(untaxed, request(_ASKED), policy=free)
        )

        assert [
            (line.kind.value, line.description, str(line.amount)) for line in capped.lines
        ] == [
            ("price_credited", "ALL IN ONE: price credited", "USD 500.00"),
            ("processing_fee_retained", "Processing fee retained", "USD 15.30"),
            ("administrative_fee_retained", "Administrative fee retained", "USD 484.70"),
            ("tax_refunded", "Tax refunded", "USD 40.00"),
        ]
        assert usd("40.00") == capped.total
        assert capped.lines[:3] == nothing_left.lines
        assert usd("0.00") == nothing_left.total
        assert [line.kind for line in whole.lines] == [CreditNoteLineKind.PRICE_CREDITED]
        assert usd("500.00") == whole.total

    def test_an_invoice_of_several_services_is_credited_naming_them_all(self) -> None:
        """
        1.3(a): an invoice "detailing the services purchased"; 2.2(b): the price credited is that of all of them.

        An invoice drawn up with two lines, ALL IN ONE at USD 500 and TikTok
        Shop management at USD 1,000, for a payment of USD 1,500: the credit
        note's price line names both services, in the invoice's order.
        """
        both = purchase(price_excl_tax=usd("1500.00"))
        two_lines = attrs.evolve(
            _invoice(both),
            lines=(
                InvoiceLine(code="all-in-one", description="ALL IN ONE", amount=usd("500.00")),
                InvoiceLine(
                    code="tiktok-shop-management",
                    description="TikTok Shop management",
                    amount=usd("1000.00"),
                ),
            ),
        )

        note = _note(two_lines, evaluate_refund(both, request(_ASKED)))

        assert (
            CreditNoteLineKind.PRICE_CREDITED,
            "ALL IN ONE, TikTok Shop management: price credited",
            usd("1500.00"),
        ) == (note.lines[0].kind, note.lines[0].description, note.lines[0].amount)

    @given(case=cases(paid=True), policy=st.sampled_from(_VERSIONS))
    @example(case=(_TAXED, [], request(_ASKED)), policy=DEFAULT_POLICY).via("the reference refund")
    def test_a_credit_note_sums_exactly_to_the_refund(
        self, case: Case, policy: PolicyVersion
    ) -> None:
        """
        2.2(b): "a refund may be granted after deducting any applicable processing or administrative fees".

        For every eligible decision on a paid purchase, the credit note's
        lines show the price credited, the fees retained and the tax refunded,
        and sum exactly to the decision's refund; a denial gets no note.
        """
        the_purchase, events, the_request = case
        decision = evaluate_refund(the_purchase, the_request, events, policy)
        invoice = _invoice(the_purchase, policy)

        if not decision.eligible:
            with pytest.raises(DecisionNotEligibleError):
                _note(invoice, decision)
            return
        note = _note(invoice, decision)

        by_kind = {line.kind: line.amount for line in note.lines}
        zero = Money.zero(note.currency)
        kinds = CreditNoteLineKind
        assert invoice.subtotal == by_kind[kinds.PRICE_CREDITED]
        assert decision.processing_fee == by_kind.get(kinds.PROCESSING_FEE_RETAINED, zero)
        assert decision.administrative_fee == by_kind.get(kinds.ADMINISTRATIVE_FEE_RETAINED, zero)
        assert decision.tax_refund == by_kind.get(kinds.TAX_REFUNDED, zero)
        credited = by_kind[kinds.PRICE_CREDITED] + by_kind.get(kinds.TAX_REFUNDED, zero)
        retained = decision.fees
        assert decision.refund == credited - retained == note.total
        assert note.total <= invoice.total


def test_an_invoice_for_a_service_in_use_still_credits_nothing() -> None:
    """2.1(b): "Once the service has been activated ... refunds will not be issued": the invoice stands, no credit note."""
    decision = evaluate_refund(_TAXED, request(_ASKED), [event(at=PAID)])

    with pytest.raises(DecisionNotEligibleError):
        _note(_INVOICE, decision)


#: Paid at the first instant of `REVISED`, bought an hour before, under the published terms.
_PAID_REVISED = purchase(
    purchased_at=datetime(2026, 11, 9, 23, 0, tzinfo=HK), paid_at=REVISED.effective_from
)


@st.composite
def _histories_and_purchases(
    draw: st.DrawFn,
) -> tuple[PolicyHistory, PolicyVersion, Purchase]:
    """A policy history, and a purchase paid while one of its versions was in force, with that version."""
    history = draw(policy_histories())
    version, paid = draw(purchases_under(history, paid=True))
    return history, version, paid


class TestInvoicesUnderAHistory:
    """5(a) with 1.3(a): the invoice names "the policy version the customer accepted by paying" (issue 3)."""

    def test_the_invoice_names_the_version_in_force_at_the_payment(self) -> None:
        """
        5(a): "By making a payment for TTR-E’s services, you agree to the terms set forth in this Payment & Refund Policy": the invoice names those terms.

        Paid on 2026-11-01, the published terms; paid at the first instant of
        the revision in force from 2026-11-10 00:00 HKT, the revision, with
        its contact of 4(a) as the seller's, and the hash of its words.
        """
        before = _invoice(_TAXED, REVISED_HISTORY)
        after = _invoice(_PAID_REVISED, REVISED_HISTORY)

        assert ("published", "partners@ttr-e.com") == (before.policy_version, before.seller.email)
        assert ("2026-11-10", "billing@ttr-e.com") == (after.policy_version, after.seller.email)
        assert _invoice(_PAID_REVISED, REVISED) == after
        assert after.reasons[1].clause_sha256 == REVISED.clause("5(a)").sha256

    def test_paid_a_microsecond_before_the_revision_the_published_terms_were_accepted(
        self,
    ) -> None:
        """5(a) with 3(a): a version is in force from its effective instant, not a microsecond before."""
        paid_then = (REVISED.effective_from.astimezone(UTC) - ONE_MICROSECOND).astimezone(HK)

        invoice = _invoice(attrs.evolve(_PAID_REVISED, paid_at=paid_then), REVISED_HISTORY)

        assert invoice.policy_version == "published"

    def test_an_invoice_issued_after_the_revision_names_the_terms_paid_under(self) -> None:
        """5(a): the customer agreed "by making a payment": the instant the invoice is issued does not choose the version."""
        invoice = issue_invoice(
            _TAXED,
            number="INV-1",
            issued_at=datetime(2026, 11, 20, tzinfo=HK),
            buyer="C-7",
            policy=REVISED_HISTORY,
        )

        assert invoice.policy_version == "published"

    def test_a_payment_before_the_first_version_has_no_version_to_name(self) -> None:
        """5(a) with 3(a): no version was in force at the payment; the library refuses to guess one."""
        early = purchase(
            purchased_at=datetime(2024, 12, 31, 23, 0, tzinfo=HK),
            paid_at=datetime(2024, 12, 31, 23, 30, tzinfo=HK),
        )

        with pytest.raises(
            NoPolicyInForceError, match=r"^purchase\.paid_at: .* before the first version"
        ):
            _invoice(early, REVISED_HISTORY)

    def test_a_method_withdrawn_before_the_payment_is_refused(self) -> None:
        """1.2(b): options "as available": paid by PayPal after the revision withdrew it, the purchase is refused; paid before, it stands."""
        by_paypal = attrs.evolve(_PAID_REVISED, payment_method=PaymentMethod.PAYPAL)

        with pytest.raises(
            PaymentMethodNotOfferedError,
            match=r"^purchase\.payment_method: PaymentMethod\.PAYPAL ",
        ):
            _invoice(by_paypal, REVISED_HISTORY)
        paid_before = _invoice(
            attrs.evolve(_TAXED, payment_method=PaymentMethod.PAYPAL), REVISED_HISTORY
        )
        assert (PaymentMethod.PAYPAL, "published") == (
            paid_before.payment_method,
            paid_before.policy_version,
        )

    @given(chosen=_histories_and_purchases())
    @example(chosen=(REVISED_HISTORY, REVISED, _PAID_REVISED)).via(
        "paid at the revision's first instant"
    )
    @example(
        chosen=(
            REVISED_HISTORY,
            DEFAULT_POLICY,
            attrs.evolve(
                _PAID_REVISED,
                paid_at=(REVISED.effective_from.astimezone(UTC) - ONE_MICROSECOND).astimezone(HK),
            ),
        )
    ).via("paid a microsecond before the revision")
    def test_the_invoice_names_the_version_in_force_at_the_payment_for_any_history(
        self, chosen: tuple[PolicyHistory, PolicyVersion, Purchase]
    ) -> None:
        """
        5(a): for any history, the invoice names the version in force when the customer paid.

        It is the invoice that version issues, and every reason cites the
        hash of that version's words for its clause.
        """
        history, version, paid = chosen

        invoice = _invoice(paid, history)

        assert invoice.policy_version == version.version_id
        assert _invoice(paid, version) == invoice
        for reason in invoice.reasons:
            assert reason.clause_sha256 == version.clause(reason.clause_id).sha256
