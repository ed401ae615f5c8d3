"""
Decisions explained in the customer's language (issue 5), with the dispute route of 2.4(a) and 4(a).

Issue 5: "`explain(decision, locale="en")` ... returns readable text: the
outcome, why (each reason in words, with its clause id), the deadline as a
local date and time, the amounts, and how to dispute (2.4(a), 4(a)). Money
and dates are formatted for the locale with babel (e.g. `US$484.70` in
`zh_Hant_HK`). Every denial also says what would have changed it, computed
by the rules rather than written by hand ... A test fails when a message
lacks a translation in any shipped locale, and an unknown locale is a clear
error."

2.4(a): "In the event of a dispute regarding billing or a refund request, we
encourage you to contact our support team."

Task B extends the explanations to the documents of section 1 and credit
notes (docs/rulings.md A51): a quote, an access decision, an invoice and a
credit note, each "what the document is and says", every reason with its
clause id, its policy version and, where relevant, the contact of 4(a).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs
import babel.numbers
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import example, given
from hypothesis import strategies as st

from tests.helpers import (
    BOUGHT,
    FIRST_LATE_INSTANT,
    HK,
    PAID,
    QUOTED,
    REVISED,
    REVISED_HISTORY,
    UTC,
    event,
    purchase,
    refund,
    request,
    support_exception,
    usd,
)
from ttre_policy import (
    ALL_IN_ONE,
    DEFAULT_HISTORY,
    DEFAULT_POLICY,
    AccessDecision,
    ActivationKind,
    CreditNote,
    CreditNoteLineKind,
    Invoice,
    Money,
    Outcome,
    PaymentMethod,
    PolicyVersion,
    Quote,
    Reason,
    ReasonCode,
    RefundDecision,
    access_decision,
    evaluate_refund,
    explain,
    from_json,
    issue_credit_note,
    issue_invoice,
    quote,
    to_json,
)
from ttre_policy._decisions import reason_for
from ttre_policy.exceptions import (
    InvalidTypeError,
    LocaleNotAvailableError,
    UnknownVersionError,
)
from ttre_policy.explanations import DOMAIN, LOCALES, catalog_locale
from ttre_policy.testing import (
    access_decisions,
    credit_notes,
    invoices,
    policy_versions,
    quotes,
    refund_decisions,
)

REPOSITORY = Path(__file__).parent.parent
SOURCE = REPOSITORY / "src" / "ttre_policy" / "explanations.py"
LOCALE_DIR = REPOSITORY / "src" / "ttre_policy" / "locale"

ON_TIME = evaluate_refund(purchase(), request(FIRST_LATE_INSTANT - timedelta(minutes=1)))
LATE = evaluate_refund(purchase(), request(FIRST_LATE_INSTANT))
ACTIVATED = evaluate_refund(
    purchase(),
    request(BOUGHT + timedelta(days=3)),
    [event(ActivationKind.ACTIVATED, BOUGHT + timedelta(days=2, hours=2))],
)


def _explanation_module() -> object:
    import sys  # noqa: PLC0415  # the module object, which the public function shadows

    return sys.modules["ttre_policy.explanations"]


class TestTheText:
    """Issue 5: the outcome, the reasons with their clauses, the deadline, the amounts, the dispute route."""

    def test_a_late_request_in_english(self) -> None:
        """2.2(a) "within 14 days of your purchase date", ruling 1's example: late at 2026-11-16 00:00 HKT."""
        text = explain(LATE)

        assert text == (
            "Decision: not eligible for a refund (purchase P-1, request R-1).\n"
            "\n"
            "Why:\n"
            "- All payments are final, unless a cancellation is asked for in time and before "
            "any service begins. (clause 2.1(a))\n"
            "- The request came after the cancellation window closed at the end of "
            "Nov 15, 2026, 23:59 HKT. (clause 2.2(a))\n"
            "- No service had been activated, started, used or delivered by the time of the "
            "request. (clause 2.2(b))\n"
            "\n"
            "Requested: Nov 16, 2026, 00:00 HKT\n"
            "Deadline: Nov 15, 2026, 23:59 HKT (Hong Kong Standard Time); the cancellation "
            "window closes at the end of that minute.\n"
            "\n"
            "Amounts:\n"
            "- Paid: $500.00\n"
            "- Refund: $0.00 (price $0.00 and tax $0.00)\n"
            "- Fees deducted: $0.00 (processing $0.00, administrative $0.00)\n"
            "\n"
            "What would have changed it:\n"
            "- A request by Nov 15, 2026, 23:59 HKT would have been eligible.\n"
            "\n"
            "To dispute this decision, contact the TTR-E support team at partners@ttr-e.com "
            "or 367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong; it reviews each case "
            "on its merits (clauses 2.4(a) and 4(a)).\n"
            "Policy version: published\n"
        )

    def test_an_eligible_refund_in_traditional_chinese_with_hong_kong_money(self) -> None:
        """Issue 5: "Money and dates are formatted for the locale with babel (e.g. `US$484.70` in `zh_Hant_HK`)"."""
        lines = explain(ON_TIME, "zh_Hant_HK").splitlines()

        assert lines[0] == "決定：符合退款資格，可退 US$484.70（購買 P-1，申請 R-1）。"
        assert "- 退款須扣除手續費 US$15.30。（條款 2.2(b)）" in lines
        assert (
            "截止時間：2026年11月15日 23:59 HKT（香港標準時間）；取消期限於該分鐘結束時屆滿。"
            in lines
        )
        assert "符合資格表示本政策容許此項退款；批出及支付退款仍由 TTR-E 作出。" in lines
        assert not any(line.startswith("怎樣") for line in lines)

    def test_an_activated_service_in_simplified_chinese(self) -> None:
        """2.1(b) "Once the service has been activated ... refunds will not be issued": what would have changed it."""
        lines = explain(ACTIVATED, "zh_Hans_CN").splitlines()

        assert "- 服务已于 2026年11月3日 12:00 HKT 开通，不晚于申请时间。（条款 2.1(b)）" in lines
        index = lines.index("怎样才会有不同结果：")
        assert lines[index + 1 : index + 3] == [
            "- 如在 2026年11月3日 11:59 HKT 或之前提出申请，本可符合退款条件。",
            "- 服务于 2026年11月3日 12:00 HKT 开通后，任何申请都无法获得退款。",
        ]
        assert any("partners@ttr-e.com" in line and "2.4(a)" in line for line in lines)

    def test_a_locale_of_the_same_language_and_script_formats_its_own_way(self) -> None:
        """Issue 5's example "a request by 15 Nov 2026, 23:59 HKT" reads so in Hong Kong English."""
        text = explain(LATE, "en_HK")

        assert "- A request by 15 Nov 2026, 23:59 HKT would have been eligible." in text
        assert "- Paid: US$500.00" in text
        assert explain(LATE, "zh-HK") == explain(LATE, "zh_Hant_HK")

    def test_the_time_is_as_precise_as_the_boundary(self) -> None:
        """Ruling 2: an event at 12:00:30 bars a request from then on; the last eligible second is 12:00:29."""
        at = BOUGHT + timedelta(days=2, hours=2, seconds=30, microseconds=250_000)
        decision = evaluate_refund(
            purchase(), request(BOUGHT + timedelta(days=3)), [event(ActivationKind.USED, at)]
        )
        whole_second = evaluate_refund(
            purchase(),
            request(BOUGHT + timedelta(days=3)),
            [event(ActivationKind.USED, at.replace(microsecond=0))],
        )

        assert (
            "- A request by Nov 3, 2026, 12:00:30.249999 HKT would have been eligible."
            in explain(decision)
        )
        assert "used, at Nov 3, 2026, 12:00:30.250000 HKT." in explain(decision)
        assert "- A request by Nov 3, 2026, 12:00:29 HKT would have been eligible." in explain(
            whole_second
        )
        assert "used, at Nov 3, 2026, 12:00:30 HKT." in explain(whole_second)

    def test_a_service_started_at_the_moment_of_purchase_left_no_time_to_ask(self) -> None:
        """2.3(a), A9: with the service activated at the instant of purchase, no request could have been eligible."""
        instant = purchase(paid_at=BOUGHT)
        decision = evaluate_refund(
            instant, request(BOUGHT + timedelta(days=1)), [event(ActivationKind.ACTIVATED, BOUGHT)]
        )

        lines = explain(decision).splitlines()

        assert decision.latest_eligible_request_at is None
        index = lines.index("What would have changed it:")
        assert lines[index + 1 : index + 3] == [
            "- No request could be refunded once the service was activated, at Nov 1, 2026, 10:00 HKT.",
            "",
        ]

    def test_a_purchase_refunded_in_full_leaves_nothing_a_request_could_change(self) -> None:
        """2.2(b), issue 6: once everything paid was refunded, no request could be eligible; the text says so."""
        decision = evaluate_refund(
            purchase(), request(BOUGHT + timedelta(days=2)), refunds=[refund("500.00")]
        )

        lines = explain(decision).splitlines()

        index = lines.index("What would have changed it:")
        assert lines[index + 1] == (
            "- Nothing: everything paid has already been refunded, so no request could be."
        )
        assert (
            "- Everything paid for this purchase has already been refunded ($500.00). (clause 2.2(b))"
            in lines
        )

    def test_an_exception_and_a_referral_are_explained(self) -> None:
        """2.4(a), ruling 10: a decision granted by exception names the approver and reason; a referral says who decides."""
        granted = evaluate_refund(
            purchase(), request(FIRST_LATE_INSTANT), exception=support_exception()
        )
        referred = evaluate_refund(
            purchase(), request(FIRST_LATE_INSTANT), claimed_exception="C-9"
        )

        granted_text = explain(granted, "zh_Hant_HK")
        referred_lines = explain(referred).splitlines()

        assert "批准人為 Mei Chan：in hospital until the 16th（個案 C-1）" in granted_text
        assert referred_lines[0] == (
            "Decision: referred to the support team, which decides this request (purchase P-1, request R-1)."
        )
        assert "What would have changed it:" not in referred_lines

    @given(decision=refund_decisions())
    def test_every_decision_is_explained_in_every_locale(self, decision: RefundDecision) -> None:
        """
        Issue 5: each reason in words with its clause id, the dispute route (2.4(a), 4(a)) and, for a denial, what would have changed it.

        The explanation is a function of the decision alone: the decision read
        back from JSON is explained in the same words.
        """
        for locale in LOCALES:
            text = explain(decision, locale)

            for reason in decision.reasons:
                assert reason.clause_id in text
            assert decision.dispute_route.email in text
            assert "2.4(a)" in text
            assert "4(a)" in text
            if decision.outcome is Outcome.NOT_ELIGIBLE:
                change = text.split("\n\n")[4].splitlines()
                assert len(change) >= 2
            assert text == explain(from_json(to_json(decision), RefundDecision), locale)


class TestLocales:
    """Issue 5: "an unknown locale is a clear error"."""

    @pytest.mark.parametrize("locale", ["fr", "zh", "xx_YY", "", "en__US"])
    def test_a_locale_no_catalog_serves_is_refused(self, locale: str) -> None:
        """The error names the locales that are shipped."""
        with pytest.raises(
            LocaleNotAvailableError,
            match=r"^locale: .* expected one of en, zh_Hant_HK, zh_Hans_CN",
        ):
            explain(LATE, locale)

    def test_the_arguments_are_checked(self) -> None:
        """A decision (or another document it explains) and a locale name; anything else is a typed error."""
        with pytest.raises(InvalidTypeError, match=r"^document: 'a decision' .* a RefundDecision"):
            explain("a decision")  # type: ignore[arg-type]  # the wrong type is the point
        with pytest.raises(InvalidTypeError, match=r"^locale: None "):
            explain(LATE, None)  # type: ignore[arg-type]  # as above

    @pytest.mark.parametrize(
        ("locale", "catalog"),
        [("en", "en"), ("en_US", "en"), ("zh_TW", "zh_Hant_HK"), ("zh-Hans-SG", "zh_Hans_CN")],
    )
    def test_each_locale_is_served_by_the_catalog_of_its_language_and_script(
        self, locale: str, catalog: str
    ) -> None:
        """en_US reads the English catalog; zh_TW the Traditional one; zh_SG the Simplified one."""
        assert catalog == catalog_locale(locale)


class TestTheCatalogs:
    """Issue 5: "A test fails when a message lacks a translation in any shipped locale"."""

    def _source_messages(self) -> set[str]:
        """The messages `pybabel extract -k N_` finds in the explanation layer."""
        extracted = extract_from_file("python", str(SOURCE), keywords={"N_": None})
        return {message for _, message, _, _ in extracted if isinstance(message, str)}

    def test_the_template_holds_every_message_of_the_source(self) -> None:
        """The .pot is current: `pybabel extract` would add or drop nothing (CONTRIBUTING.md)."""
        with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as template:
            catalog = read_po(template)

        assert self._source_messages() == {message.id for message in catalog if message.id}

    @pytest.mark.parametrize("locale", LOCALES)
    def test_every_message_is_translated_and_checked(self, locale: str) -> None:
        """Every message has a translation, none fuzzy, and every %(name)s placeholder is kept."""
        with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
            catalog = read_po(po, locale=locale)

        translated = {message.id: message.string for message in catalog if message.id}
        assert self._source_messages() == set(translated)
        assert all(translated.values())
        assert not [message.id for message in catalog if message.id and message.fuzzy]
        assert [(message.id, errors) for message, errors in catalog.check()] == []

    @pytest.mark.parametrize("locale", LOCALES)
    def test_the_compiled_catalog_is_current(self, locale: str) -> None:
        """The shipped .mo is the .po compiled (`pybabel compile`), so no edit waits uncompiled."""
        with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
            catalog = read_po(po, locale=locale)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)

        shipped = resources.files("ttre_policy").joinpath(
            f"locale/{locale}/LC_MESSAGES/{DOMAIN}.mo"
        )
        assert compiled.getvalue() == shipped.read_bytes()

    def test_every_outcome_reason_and_event_has_a_message(self) -> None:
        """Messages are keyed by outcome, reason code and kind of event: a new code without one fails here."""
        module = _explanation_module()

        assert set(Outcome) == set(module._OUTCOMES) == set(module._NOTES)  # type: ignore[attr-defined]  # the module's private tables
        assert set(ReasonCode) == set(module._REASONS)  # type: ignore[attr-defined]  # as above
        assert set(ActivationKind) == set(module._EVENTS)  # type: ignore[attr-defined]  # as above


def test_the_function_is_exported_and_its_module_is_reachable() -> None:
    """`ttre_policy.explain` is the function; its module, `ttre_policy.explanations`, is not shadowed by it."""
    import ttre_policy  # noqa: PLC0415  # the package's attributes, not the names imported above
    import ttre_policy.explanations as module  # noqa: PLC0415  # as above

    assert ttre_policy.explain is explain is module.explain
    assert module.LOCALES == LOCALES == ("en", "zh_Hant_HK", "zh_Hans_CN")
    assert usd("484.70") == attrs.evolve(ON_TIME).refund


# ------------------------------------------------ the documents of section 1 (task B)

_TAXED = purchase(tax=usd("40.00"))
#: ALL IN ONE at USD 500 plus 8 % tax, shown at 09:50 HKT on the day of the reference purchase.
QUOTE = quote(ALL_IN_ONE, usd("500.00"), quoted_at=QUOTED, tax=Decimal("0.08"))
#: The reference purchase asked about at 10:00 HKT: its payment is confirmed at 10:01.
WAITING = access_decision(purchase(), BOUGHT)
INVOICE = issue_invoice(_TAXED, number="INV-1", issued_at=PAID + timedelta(minutes=1), buyer="C-7")
CREDIT_NOTE = issue_credit_note(
    INVOICE,
    evaluate_refund(_TAXED, request(PAID + timedelta(days=2))),
    number="CN-1",
    issued_at=PAID + timedelta(days=2),
)
_ADDRESS = "367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong"


def _money(amount: Money, locale: str) -> str:
    """An amount as babel formats it for *locale*: what every explanation must show."""
    return babel.numbers.format_currency(amount.amount, amount.currency, locale=locale)


class TestQuotes:
    """1.1(b): "These fees are clearly outlined at the time of purchase": a quote in words."""

    def test_the_reference_quote_in_english(self) -> None:
        """1.1(a) and 1.1(c): "start from $500", "exclude any applicable taxes unless otherwise stated": the price, its floor, the tax, the total."""
        assert explain(QUOTE) == (
            "Quote: ALL IN ONE, $540.00 due at purchase (quoted at Nov 1, 2026, 09:50 HKT).\n"
            "\n"
            "Why:\n"
            "- The price is at or above the package's floor price in force at the time. "
            "(clause 1.1(a))\n"
            "- Tax is added on top of the price, which excludes it. (clause 1.1(c))\n"
            "\n"
            "Amounts:\n"
            "- Price before tax: $500.00 (the package starts from $500.00)\n"
            "- Tax at 8%: $40.00\n"
            "- Total due at purchase: $540.00\n"
            "\n"
            "A purchase at this price keeps it, even if the price changes later (clause 1.1(b)).\n"
            "\n"
            "Policy version: published\n"
        )

    def test_a_tax_inclusive_price_and_a_tax_amount_in_traditional_chinese(self) -> None:
        """1.1(c): "unless otherwise stated": a price stated with its tax is split, and says so; a tax amount has no rate."""
        split = quote(
            ALL_IN_ONE,
            usd("599.99"),
            quoted_at=QUOTED,
            tax=Decimal("0.075"),
            tax_label="VAT",
            price_includes_tax=True,
        )
        amount = quote(ALL_IN_ONE, usd("500.00"), quoted_at=QUOTED, tax=usd("12.34"))

        split_lines = explain(split, "zh_Hant_HK").splitlines()
        amount_lines = explain(amount, "zh_Hant_HK").splitlines()

        assert "- 所列價格已含稅，現拆分為價格與稅款。（條款 1.1(c)）" in split_lines
        assert "- VAT（7.5%）：US$41.86" in split_lines
        assert "- 購買時應付總額：US$599.99" in split_lines
        assert "- Tax：US$12.34" in amount_lines

    def test_a_quote_without_tax_says_so_in_simplified_chinese(self) -> None:
        """1.1(c): "exclude any applicable taxes": where none applies, the quote says there is no tax."""
        untaxed = quote(ALL_IN_ONE, usd("500.00"), quoted_at=QUOTED)

        lines = explain(untaxed, "zh_Hans_CN").splitlines()

        assert (
            lines[0]
            == "报价：ALL IN ONE，购买时应付 US$500.00（报价时间：2026年11月1日 09:50 HKT）。"
        )
        assert "- 没有税项" in lines


class TestAccessDecisions:
    """1.3(c): "access to our services will be granted only after confirmation of payment"."""

    def test_before_the_payment_it_says_from_when(self) -> None:
        """1.3(c): asked a minute before the payment was confirmed, access is refused until 10:01."""
        assert explain(WAITING) == (
            "Access: may not be granted to the services of purchase P-1 at Nov 1, 2026, 10:00 HKT.\n"
            "\n"
            "Why:\n"
            "- The payment has not been confirmed yet, so access may not be granted. "
            "(clause 1.3(c))\n"
            "\n"
            "Payment confirmed: Nov 1, 2026, 10:01 HKT\n"
            "\n"
            "What would change it:\n"
            "- Access may be granted from Nov 1, 2026, 10:01 HKT, when the payment was confirmed.\n"
            "\n"
            "Policy version: published\n"
        )

    def test_a_purchase_never_paid_and_a_purchase_paid(self) -> None:
        """1.3(c), ruling 7: never paid, no access until the payment is confirmed; paid, access from then on."""
        never = explain(access_decision(purchase(paid_at=None), PAID), "zh_Hant_HK").splitlines()
        granted = explain(access_decision(purchase(), PAID), "zh_Hans_CN").splitlines()

        assert "付款確認時間：尚未確認" in never
        assert "- 付款獲確認後即可開通服務。" in never
        assert granted[0] == "使用权：可于 2026年11月1日 10:01 HKT 开通购买 P-1 的服务。"
        assert "怎样可以改变结果：" not in granted

    def test_with_its_policy_it_names_the_contact_of_4a(self) -> None:
        """4(a): "For any questions or concerns regarding this Payment & Refund Policy, please contact us": an access decision carries no contact; its policy does."""
        lines = explain(WAITING, policy=DEFAULT_POLICY).splitlines()

        assert lines[-2] == (
            "Questions: contact the TTR-E support team at partners@ttr-e.com or "
            f"{_ADDRESS} (clause 4(a))."
        )
        assert "partners@ttr-e.com" not in explain(WAITING)


class TestInvoices:
    """1.3(a): "an electronic invoice detailing the services purchased", in words."""

    def test_the_reference_invoice_in_english(self) -> None:
        """1.3(a), 4(a), 5(a): the services, the amounts, the payment, the seller's contact and the version accepted by paying."""
        assert explain(INVOICE) == (
            "Invoice INV-1: $540.00 paid for purchase P-1.\n"
            "Issued at Nov 1, 2026, 10:02 HKT by TTR-E to C-7.\n"
            "\n"
            "Why:\n"
            "- An electronic invoice detailing the services purchased follows the successful "
            "payment. (clause 1.3(a))\n"
            "- By paying, the customer agreed to this version of the policy. (clause 5(a))\n"
            "\n"
            "Services purchased:\n"
            "- ALL IN ONE (all-in-one): $500.00\n"
            "\n"
            "Amounts:\n"
            "- Subtotal: $500.00\n"
            "- Tax: $40.00\n"
            "- Total paid: $540.00\n"
            "\n"
            "Paid by credit card at Nov 1, 2026, 10:01 HKT.\n"
            "\n"
            f"To dispute a charge or a refund, contact TTR-E at partners@ttr-e.com or {_ADDRESS}; "
            "the support team reviews each case on its merits (clauses 2.4(a) and 4(a)).\n"
            "Policy version: published\n"
        )

    @pytest.mark.parametrize(
        ("method", "words"),
        [
            (PaymentMethod.CREDIT_CARD, "於 2026年11月1日 10:01 HKT 以信用卡付款。"),
            (PaymentMethod.DEBIT_CARD, "於 2026年11月1日 10:01 HKT 以扣賬卡付款。"),
            (PaymentMethod.PAYPAL, "於 2026年11月1日 10:01 HKT 以PayPal付款。"),
            (PaymentMethod.BANK_TRANSFER, "於 2026年11月1日 10:01 HKT 以銀行轉賬付款。"),
        ],
    )
    def test_each_payment_method_is_named(self, method: PaymentMethod, words: str) -> None:
        """1.2(a), 1.2(b): "major credit and debit cards", "PayPal, bank transfers": the invoice names the method paid with."""
        invoice = attrs.evolve(INVOICE, payment_method=method)

        assert words in explain(invoice, "zh_Hant_HK").splitlines()

    def test_an_invoice_under_a_history_names_the_revised_seller(self) -> None:
        """5(a) with 4(a): paid at the revision's first instant, the invoice's seller is the revision's contact, and the text says so."""
        bought = purchase(
            purchased_at=datetime(2026, 11, 9, 23, 0, tzinfo=HK), paid_at=REVISED.effective_from
        )
        invoice = issue_invoice(
            bought,
            number="INV-9",
            issued_at=REVISED.effective_from,
            buyer="C-7",
            policy=REVISED_HISTORY,
        )

        text = explain(invoice, "en_HK")

        assert "contact TTR-E at billing@ttr-e.com or" in text
        assert text.endswith("Policy version: 2026-11-10\n")


class TestCreditNotes:
    """2.2(b): "a refund may be granted after deducting any applicable processing or administrative fees": the credit note in words."""

    def test_the_reference_credit_note_in_english(self) -> None:
        """2.2(b), ruling 4: the price credited, the fee retained as a deduction, the tax refunded, summing to the refund."""
        assert explain(CREDIT_NOTE) == (
            "Credit note CN-1: $524.70 refunded against invoice INV-1 (purchase P-1, request R-1).\n"
            "Issued at Nov 3, 2026, 10:01 HKT by TTR-E to C-7.\n"
            "\n"
            "Why:\n"
            "- The request came within the cancellation window. (clause 2.2(a))\n"
            "- No service had been activated, started, used or delivered by the time of the "
            "request. (clause 2.2(b))\n"
            "- A processing fee is deducted from the refund. (clause 2.2(b))\n"
            "- The tax is refunded in full. (clause 1.1(c))\n"
            "\n"
            "Amounts:\n"
            "- Price credited: $500.00\n"
            "- Processing fee retained: -$15.30\n"
            "- Tax refunded: $40.00\n"
            "- Total refunded: $524.70\n"
            "\n"
            f"To dispute a charge or a refund, contact TTR-E at partners@ttr-e.com or {_ADDRESS}; "
            "the support team reviews each case on its merits (clauses 2.4(a) and 4(a)).\n"
            "Policy version: published\n"
        )

    def test_every_kind_of_line_in_traditional_chinese(self) -> None:
        """2.2(b), ruling 3: "processing or administrative fees": each fee retained is a deduction."""
        lines = {
            CreditNoteLineKind.PRICE_CREDITED: "- 退還價格：US$500.00",
            CreditNoteLineKind.PROCESSING_FEE_RETAINED: "- 扣除手續費：-US$15.30",
            CreditNoteLineKind.ADMINISTRATIVE_FEE_RETAINED: "- 扣除行政費：-US$15.30",
            CreditNoteLineKind.TAX_REFUNDED: "- 退還稅款：US$40.00",
        }
        administrative = attrs.evolve(
            CREDIT_NOTE,
            lines=(
                CREDIT_NOTE.lines[0],
                attrs.evolve(
                    CREDIT_NOTE.lines[1], kind=CreditNoteLineKind.ADMINISTRATIVE_FEE_RETAINED
                ),
                CREDIT_NOTE.lines[2],
            ),
        )

        text = explain(CREDIT_NOTE, "zh_Hant_HK") + explain(administrative, "zh_Hant_HK")

        for line in lines.values():
            assert line in text.splitlines()


def _every_reason(policy_version: str, at: datetime) -> tuple[Reason, ...]:
    """One reason of every code, each at *at*, citing the published words under *policy_version*."""
    version = attrs.evolve(DEFAULT_POLICY, version_id=policy_version)
    return tuple(reason_for(version, code, at) for code in ReasonCode)


class TestEveryReasonOnEveryDocument:
    """docs/rulings.md A51: a document read from JSON may carry any reason; each is said in words with its clause."""

    @pytest.mark.parametrize(
        "document",
        [QUOTE, WAITING, INVOICE, CREDIT_NOTE],
        ids=lambda document: type(document).__name__,
    )
    @pytest.mark.parametrize("locale", LOCALES)
    def test_every_reason_code_is_said_with_its_clause(
        self, document: Quote | AccessDecision | Invoice | CreditNote, locale: str
    ) -> None:
        """
        2.2(a) "within 14 days", 2.4(a) "contact our support team": every reason in words with its clause id.

        A reason whose full words name a refund decision's facts (its
        deadline, its support cases) is said without them; one that names
        its own instant (a service event, the version agreed to by paying)
        keeps it.
        """
        reasons = _every_reason(document.policy_version, PAID)
        lines = explain(attrs.evolve(document, reasons=reasons), locale).splitlines()

        start = lines.index("Why:" if locale == "en" else "原因：")
        said = lines[start + 1 : start + 1 + len(reasons)]
        for reason, line in zip(reasons, said, strict=True):
            assert line.startswith("- ")
            assert line.endswith((f"clause {reason.clause_id})", f" {reason.clause_id}）"))
            assert "%(" not in line
        activated = said[list(ReasonCode).index(ReasonCode.SERVICE_ACTIVATED)]
        assert "10:01 HKT" in activated

    def test_the_brief_words_need_no_fact_of_a_refund_decision(self) -> None:
        """2.2(a), 2.2(b), 2.4(a): every reason said on another document uses at most its own instant and version."""
        module = _explanation_module()
        reasons: dict[ReasonCode, str] = module._REASONS  # type: ignore[attr-defined]  # the module's private tables
        brief: dict[ReasonCode, str] = module._BRIEF  # type: ignore[attr-defined]  # as above

        for code in ReasonCode:
            words = brief.get(code, reasons[code])
            assert set(re.findall(r"%\((\w+)\)s", words)) <= {"at", "version"}, code
        assert all("%(" not in words for words in brief.values())

    def test_every_method_and_line_kind_has_a_message(self) -> None:
        """1.2 and 2.2(b): a new payment method or credit-note line kind without words fails here."""
        module = _explanation_module()

        assert set(PaymentMethod) == set(module._METHODS)  # type: ignore[attr-defined]  # the module's private tables
        assert set(CreditNoteLineKind) == set(module._CREDIT_LINES)  # type: ignore[attr-defined]  # as above


class TestTheZoneAndThePolicy:
    """docs/rulings.md A51: the zone of the times, and the contact of 4(a), from the document or from its policy."""

    def test_times_are_in_the_zone_of_the_documents_own_instants(self) -> None:
        """Ruling 6: "every instant must carry a time zone": the explanation shows a quote's times in the zone it was made in."""
        in_utc = attrs.evolve(QUOTE, quoted_at=QUOTED.astimezone(UTC))

        assert "(quoted at Nov 1, 2026, 01:50 UTC)" in explain(in_utc)
        assert "(quoted at Nov 1, 2026, 09:50 HKT)" in explain(in_utc, policy=DEFAULT_POLICY)

    def test_a_history_gives_the_version_the_document_names(self) -> None:
        """3(a): "Any changes will be posted on our website with an updated effective date": the version named is found in the history."""
        text = explain(WAITING, "zh_Hant_HK", policy=REVISED_HISTORY)

        assert "查詢：請聯絡 TTR-E support team：電郵 partners@ttr-e.com" in text
        assert explain(WAITING, policy=DEFAULT_HISTORY) == explain(WAITING, policy=DEFAULT_POLICY)
        assert explain(LATE, policy=REVISED_HISTORY) == explain(LATE)

    def test_a_policy_without_the_version_named_is_refused(self) -> None:
        """3(a): an explanation never borrows the zone or contact of a version the document does not name."""
        with pytest.raises(
            UnknownVersionError,
            match=r"^policy_version: 'published' is not a version of the policy given; expected one of \['2026-11-10'\]",
        ):
            explain(QUOTE, policy=REVISED)
        with pytest.raises(InvalidTypeError, match=r"^policy: 'published' "):
            explain(QUOTE, policy="published")  # type: ignore[arg-type]  # the wrong type is the point


def _explained(document: Quote | AccessDecision | Invoice | CreditNote, locale: str) -> None:
    """Check the explanation of any document: its clauses, amounts, version and contact, and that JSON keeps it."""
    text = explain(document, locale)

    for reason in document.reasons:
        assert reason.clause_id in text
    assert text.splitlines()[-1].endswith(document.policy_version)
    assert "%(" not in text
    assert text == explain(from_json(to_json(document), type(document)), locale)
    if isinstance(document, (Invoice, CreditNote)):
        assert document.seller.email in text
        assert "2.4(a)" in text
        assert _money(document.total, locale) in text
    if isinstance(document, Quote):
        assert _money(document.total, locale) in text
        assert _money(document.price_excl_tax, locale) in text


#: The published policy, or any version.
_POLICIES = st.one_of(st.just(DEFAULT_POLICY), policy_versions())


class TestEveryDocumentInEveryLocale:
    """Issue 5: "(and for quotes and invoices as they land)": every document the library issues explains in every locale."""

    @given(
        chosen=_POLICIES.flatmap(lambda policy: quotes(policy).map(lambda shown: (policy, shown)))
    )
    @example(chosen=(DEFAULT_POLICY, QUOTE)).via("the reference quote")
    def test_every_quote(self, chosen: tuple[PolicyVersion, Quote]) -> None:
        """
        1.1(a)-(c): a quote's price, floor, taxes and total, with the clauses of its reasons.

        Given its policy, in the policy's zone, with the contact of 4(a).
        """
        policy, document = chosen
        for locale in LOCALES:
            _explained(document, locale)
            assert policy.support_contact.email in explain(document, locale, policy=policy)

    @given(
        chosen=_POLICIES.flatmap(
            lambda policy: access_decisions(policy).map(lambda decision: (policy, decision))
        )
    )
    @example(chosen=(DEFAULT_POLICY, WAITING)).via("a minute before the payment")
    def test_every_access_decision(self, chosen: tuple[PolicyVersion, AccessDecision]) -> None:
        """
        1.3(c): whether access may be granted and, when it may not, from when it could be.

        Given its policy, with the contact of 4(a).
        """
        policy, document = chosen
        for locale in LOCALES:
            _explained(document, locale)
            with_policy = explain(document, locale, policy=policy)
            assert policy.support_contact.email in with_policy
            assert "4(a)" in with_policy
            # A refusal has one more paragraph: from when access could be granted.
            assert len(with_policy.split("\n\n")) == (4 if document.granted else 5)

    @given(document=_POLICIES.flatmap(invoices))
    @example(document=INVOICE).via("the reference invoice")
    def test_every_invoice(self, document: Invoice) -> None:
        """1.3(a): the services, amounts, payment, seller and version of any invoice."""
        for locale in LOCALES:
            _explained(document, locale)

    @given(document=_POLICIES.flatmap(credit_notes))
    @example(document=CREDIT_NOTE).via("the reference credit note")
    def test_every_credit_note(self, document: CreditNote) -> None:
        """2.2(b): every line of any credit note, and its total, formatted for the locale."""
        for locale in LOCALES:
            _explained(document, locale)
            text = explain(document, locale)
            for line in document.lines:
                amount = _money(line.amount, locale)
                assert ("-" + amount if line.kind.retained else amount) in text
