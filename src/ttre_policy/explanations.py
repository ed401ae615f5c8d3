"""
Decisions and documents explained in the customer's language: English and Chinese.

A `RefundDecision` is data; `explain` turns it into text a customer or a
support agent reads: the outcome, each reason in words with its clause id,
the deadline as a local date and time in the policy's zone, the amounts, for
a denial what would have changed it, and how to dispute the decision
(2.4(a), 4(a)). Everything it says is computed from the decision, so the
text of a decision read back from JSON is the same.

The documents of section 1 are explained the same way (docs/rulings.md
A51): a `Quote` (the package, the price before tax and its floor, each tax,
the total due at purchase: 1.1, 1.3(b)), an `AccessDecision` (whether access
may be granted, and from when: 1.3(c)), an `Invoice` (the services, the
amounts, the payment, the version accepted by paying: 1.3(a), 5(a)) and a
`CreditNote` (the amounts credited and retained: 2.2(b)), each with its
reasons, its policy version and, where it has one, the contact of 4(a).

Messages are keyed by outcome, reason code and kind of service event, and
come from gettext catalogs managed with babel's tooling (see CONTRIBUTING.md):
``src/ttre_policy/locale/<locale>/LC_MESSAGES/ttre_policy.po`` and the
compiled ``.mo`` beside it, for each of `LOCALES`. Money, dates and time
zones are formatted for the locale with babel's CLDR data.

This module is the explanation layer: it alone reads the catalogs (installed
package data, loaded once per locale). The rules never format text.

>>> from ttre_policy._samples import SAMPLES
>>> from ttre_policy import evaluate_refund
>>> late = SAMPLES[2]
>>> decision = evaluate_refund(late.purchase, late.request, late.activations, late.policy)
>>> text = explain(decision, "zh_Hant_HK")
>>> print(text.splitlines()[0])
決定：不符合退款資格（購買 S-03，申請 R-S-03）。
>>> print(*(line for line in text.splitlines() if "或之前" in line))
- 如在 2026年11月15日 23:59 HKT 或之前提出申請，本可符合退款資格。
"""

from __future__ import annotations

import functools
import io
from importlib import resources
from typing import TYPE_CHECKING, Any, Final, Protocol

import babel
import babel.dates
import babel.numbers
import babel.support

from ttre_policy._decisions import Outcome, ReasonCode, RefundDecision
from ttre_policy._history import PolicyHistory
from ttre_policy._invoices import CreditNote, CreditNoteLineKind, Invoice
from ttre_policy._payments import AccessDecision
from ttre_policy._purchases import ActivationKind, PaymentMethod
from ttre_policy._quotes import Quote
from ttre_policy._refunds import barring_events
from ttre_policy._time import utc
from ttre_policy._versions import PolicyVersion
from ttre_policy.exceptions import InvalidTypeError, LocaleNotAvailableError, UnknownVersionError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime, tzinfo

    from ttre_policy._decisions import Reason
    from ttre_policy._money import Money
    from ttre_policy._versions import SupportContact

__all__ = ["DOMAIN", "LOCALES", "catalog_locale", "explain"]

#: The locales whose catalogs are shipped. Any locale of the same language
#: and script is served by one of them, formatted for that locale
#: ("en_HK", "zh_TW" and "zh_SG" work; "zh" alone names no script).
LOCALES: Final = ("en", "zh_Hant_HK", "zh_Hans_CN")
#: The gettext domain of the catalogs.
DOMAIN: Final = "ttre_policy"


def N_(message: str) -> str:  # noqa: N802  # gettext's conventional name for a deferred message
    """Mark *message* for extraction into the catalogs; translate it later."""
    return message


# Translators: every message is a python-format string; keep each %(name)s.
# Clause ids such as 2.2(a) and amounts stay as given.

_OUTCOMES: Final = {
    Outcome.ELIGIBLE: N_(
        "Decision: eligible for a refund of %(refund)s (purchase %(purchase)s, "
        "request %(request)s)."
    ),
    Outcome.NOT_ELIGIBLE: N_(
        "Decision: not eligible for a refund (purchase %(purchase)s, request %(request)s)."
    ),
    Outcome.REFER_TO_SUPPORT: N_(
        "Decision: referred to the support team, which decides this request (purchase "
        "%(purchase)s, request %(request)s)."
    ),
}

_REASONS: Final = {
    ReasonCode.PAYMENT_NOT_CONFIRMED: N_(
        "The payment was never confirmed, so there is nothing to refund and the "
        "purchase may be cancelled."
    ),
    ReasonCode.CANCELLED_BEFORE_PAYMENT: N_(
        "The cancellation was asked for before the payment was confirmed, so the "
        "payment that followed is refundable."
    ),
    ReasonCode.WITHIN_CANCELLATION_WINDOW: N_(
        "The request came within the cancellation window, which closes at the end of %(deadline)s."
    ),
    ReasonCode.OUTSIDE_CANCELLATION_WINDOW: N_(
        "The request came after the cancellation window closed at the end of %(deadline)s."
    ),
    ReasonCode.NO_SERVICE_INITIATED: N_(
        "No service had been activated, started, used or delivered by the time of the request."
    ),
    ReasonCode.SERVICE_ACTIVATED: N_(
        "The service was activated at %(at)s, no later than the request."
    ),
    ReasonCode.WORK_COMMENCED: N_(
        "Work on the service began at %(at)s, no later than the request."
    ),
    ReasonCode.SERVICE_USED: N_("The service was used at %(at)s, no later than the request."),
    ReasonCode.SERVICE_PARTIALLY_DELIVERED: N_(
        "Part of the service was delivered at %(at)s, no later than the request."
    ),
    ReasonCode.PAYMENTS_FINAL: N_(
        "All payments are final, unless a cancellation is asked for in time and before "
        "any service begins."
    ),
    ReasonCode.PROCESSING_FEE_DEDUCTED: N_(
        "A processing fee of %(processing_fee)s is deducted from the refund."
    ),
    ReasonCode.ADMINISTRATIVE_FEE_DEDUCTED: N_(
        "An administrative fee of %(administrative_fee)s is deducted from the refund."
    ),
    ReasonCode.FEES_CAPPED_AT_PRICE: N_(
        "The fees are capped at the price before tax, so the refund is never negative."
    ),
    ReasonCode.TAX_REFUNDED_IN_FULL: N_("The tax is refunded in full: %(tax_refund)s."),
    ReasonCode.TAX_REFUNDED_IN_PROPORTION: N_(
        "The tax is refunded in proportion to the price refunded: %(tax_refund)s."
    ),
    # Payment terms (issue 3): the reasons of quotes, access decisions and invoices.
    ReasonCode.PRICE_AT_OR_ABOVE_FLOOR: N_(
        "The price is at or above the package's floor price in force at the time."
    ),
    ReasonCode.FLOOR_CHANGED_WITH_NOTICE: N_(
        "The floor price in force was changed with the prior notice the policy requires."
    ),
    ReasonCode.TAX_ADDED_TO_PRICE: N_("Tax is added on top of the price, which excludes it."),
    ReasonCode.TAX_SPLIT_FROM_STATED_PRICE: N_(
        "The price was stated including tax, and is split into the price and the tax."
    ),
    ReasonCode.PAYMENT_CONFIRMED: N_("The payment has been confirmed, so access may be granted."),
    ReasonCode.AWAITING_PAYMENT_CONFIRMATION: N_(
        "The payment has not been confirmed yet, so access may not be granted."
    ),
    ReasonCode.INVOICED_ON_PAYMENT: N_(
        "An electronic invoice detailing the services purchased follows the successful payment."
    ),
    ReasonCode.TERMS_ACCEPTED_BY_PAYMENT: N_(
        "By paying, the customer agreed to this version of the policy."
    ),
    # The support desk (issue 6).
    ReasonCode.DISPUTE_OPEN: N_(
        "A dispute on this purchase is open (case %(open_cases)s): the support team decides."
    ),
    ReasonCode.EXCEPTION_NOT_YET_APPROVED: N_(
        "The request claims a support exception that is not approved yet (case "
        "%(open_cases)s): the support team decides."
    ),
    ReasonCode.GRANTED_BY_EXCEPTION: N_(
        "The refund is granted by a support exception, approved by %(approved_by)s: "
        "%(exception_reason)s (case %(case_reference)s)."
    ),
    ReasonCode.EXCEPTION_NOT_NEEDED: N_(
        "The policy alone refunds at least what the support exception grants, so the "
        "decision rests on the policy."
    ),
    ReasonCode.PREVIOUS_REFUNDS_DEDUCTED: N_(
        "Refunds already made on this purchase, %(already_refunded)s in all, are deducted."
    ),
    ReasonCode.FULLY_REFUNDED: N_(
        "Everything paid for this purchase has already been refunded (%(already_refunded)s)."
    ),
    # Policy versions and amendments (issue 4): which version governs, and why.
    ReasonCode.AGREED_BY_PAYING: N_(
        "Policy version %(version)s governs: the customer agreed to it by paying, at %(at)s."
    ),
    ReasonCode.IN_FORCE_WHEN_PAYMENT_WAS_DUE: N_(
        "Policy version %(version)s governs: the purchase was never paid, so the version in "
        "force when payment was due, at the purchase (%(at)s), applies."
    ),
    ReasonCode.IN_FORCE_AT_REQUEST: N_(
        "Policy version %(version)s governs: it was in force at the request, at %(at)s."
    ),
}

#: What a denial says about the first service event, by kind (2.1(b), 2.3(a)).
_EVENTS: Final = {
    ActivationKind.ACTIVATED: N_(
        "- No request could be refunded once the service was activated, at %(at)s."
    ),
    ActivationKind.WORK_COMMENCED: N_(
        "- No request could be refunded once work on the service began, at %(at)s."
    ),
    ActivationKind.USED: N_(
        "- No request could be refunded once the service was used, at %(at)s."
    ),
    ActivationKind.PARTIALLY_DELIVERED: N_(
        "- No request could be refunded once part of the service was delivered, at %(at)s."
    ),
}

_WHY: Final = N_("Why:")
_REASON_LINE: Final = N_("- %(reason)s (clause %(clause)s)")
_REQUESTED: Final = N_("Requested: %(requested_at)s")
_DEADLINE: Final = N_(
    "Deadline: %(deadline)s (%(zone)s); the cancellation window closes at the end of that minute."
)
_AMOUNTS: Final = N_("Amounts:")
_PAID: Final = N_("- Paid: %(amount_paid)s")
_REFUND: Final = N_("- Refund: %(refund)s (price %(refunded_price)s and tax %(tax_refund)s)")
_FEES: Final = N_(
    "- Fees deducted: %(fees)s (processing %(processing_fee)s, "
    "administrative %(administrative_fee)s)"
)
_CHANGE: Final = N_("What would have changed it:")
_LATEST: Final = N_("- A request by %(latest)s would have been eligible.")
_NOTHING_LEFT: Final = N_(
    "- Nothing: everything paid has already been refunded, so no request could be."
)
_GRANTED: Final = N_(
    "Eligible means that the policy allows this refund; granting and paying it remain "
    "TTR-E's acts."
)
#: What follows the amounts, by outcome; a denial also says what would have
#: changed it.
_REFERRED: Final = N_(
    "Nothing is refunded until the support team has decided; its decision is recorded "
    "and presented with the request."
)
_NOTES: Final = {
    Outcome.ELIGIBLE: (_GRANTED,),
    Outcome.NOT_ELIGIBLE: (),
    Outcome.REFER_TO_SUPPORT: (_REFERRED,),
}
_DISPUTE: Final = N_(
    "To dispute this decision, contact the %(team)s at %(email)s or %(address)s; it "
    "reviews each case on its merits (clauses 2.4(a) and 4(a))."
)
_VERSION: Final = N_("Policy version: %(version)s")

# The documents of section 1 (1.1, 1.3, 4(a), 5(a)) and credit notes (2.2(b)).

#: A reason whose full words name facts that only a refund decision carries
#: (its deadline, its amounts, its support cases, the refunds already made)
#: is said in these words on the other documents (docs/rulings.md A51).
_BRIEF: Final = {
    ReasonCode.WITHIN_CANCELLATION_WINDOW: N_("The request came within the cancellation window."),
    ReasonCode.OUTSIDE_CANCELLATION_WINDOW: N_(
        "The request came after the cancellation window closed."
    ),
    ReasonCode.PROCESSING_FEE_DEDUCTED: N_("A processing fee is deducted from the refund."),
    ReasonCode.ADMINISTRATIVE_FEE_DEDUCTED: N_(
        "An administrative fee is deducted from the refund."
    ),
    ReasonCode.TAX_REFUNDED_IN_FULL: N_("The tax is refunded in full."),
    ReasonCode.TAX_REFUNDED_IN_PROPORTION: N_(
        "The tax is refunded in proportion to the price refunded."
    ),
    ReasonCode.DISPUTE_OPEN: N_("A dispute on this purchase is open: the support team decides."),
    ReasonCode.EXCEPTION_NOT_YET_APPROVED: N_(
        "The request claims a support exception that is not approved yet: the support team "
        "decides."
    ),
    ReasonCode.GRANTED_BY_EXCEPTION: N_(
        "The refund is granted by a support exception, recorded with who approved it and why."
    ),
    ReasonCode.PREVIOUS_REFUNDS_DEDUCTED: N_(
        "Refunds already made on this purchase are deducted."
    ),
    ReasonCode.FULLY_REFUNDED: N_("Everything paid for this purchase has already been refunded."),
}

_QUOTE: Final = N_("Quote: %(package)s, %(total)s due at purchase (quoted at %(quoted_at)s).")
_PRICE: Final = N_("- Price before tax: %(price)s (the package starts from %(floor)s)")
_TAX_AT_RATE: Final = N_("- %(label)s at %(rate)s: %(amount)s")
_TAX_AMOUNT: Final = N_("- %(label)s: %(amount)s")
_NO_TAX: Final = N_("- No tax")
_TOTAL_DUE: Final = N_("- Total due at purchase: %(total)s")
_PRICE_KEPT: Final = N_(
    "A purchase at this price keeps it, even if the price changes later (clause 1.1(b))."
)

_ACCESS: Final = {
    True: N_("Access: may be granted to the services of purchase %(purchase)s at %(at)s."),
    False: N_("Access: may not be granted to the services of purchase %(purchase)s at %(at)s."),
}
_PAYMENT_CONFIRMED_AT: Final = N_("Payment confirmed: %(paid_at)s")
_PAYMENT_NOT_CONFIRMED: Final = N_("Payment confirmed: not yet")
_WOULD_CHANGE: Final = N_("What would change it:")
_ACCESS_FROM: Final = N_(
    "- Access may be granted from %(paid_at)s, when the payment was confirmed."
)
_ACCESS_ONCE_PAID: Final = N_("- Access may be granted once the payment is confirmed.")

_INVOICE: Final = N_("Invoice %(number)s: %(total)s paid for purchase %(purchase)s.")
_CREDIT_NOTE: Final = N_(
    "Credit note %(number)s: %(total)s refunded against invoice %(invoice)s (purchase "
    "%(purchase)s, request %(request)s)."
)
_ISSUED: Final = N_("Issued at %(issued_at)s by %(seller)s to %(buyer)s.")
_SERVICES: Final = N_("Services purchased:")
_SERVICE: Final = N_("- %(description)s (%(code)s): %(amount)s")
_SUBTOTAL: Final = N_("- Subtotal: %(subtotal)s")
_TAX: Final = N_("- Tax: %(tax)s")
_TOTAL_PAID: Final = N_("- Total paid: %(total)s")
_PAID_BY: Final = N_("Paid by %(method)s at %(paid_at)s.")
#: How an invoice names the payment method (1.2).
_METHODS: Final = {
    PaymentMethod.CREDIT_CARD: N_("credit card"),
    PaymentMethod.DEBIT_CARD: N_("debit card"),
    PaymentMethod.PAYPAL: N_("PayPal"),
    PaymentMethod.BANK_TRANSFER: N_("bank transfer"),
}
#: The lines of a credit note, by kind; a fee retained shows as a deduction.
_CREDIT_LINES: Final = {
    CreditNoteLineKind.PRICE_CREDITED: N_("- Price credited: %(amount)s"),
    CreditNoteLineKind.PROCESSING_FEE_RETAINED: N_("- Processing fee retained: %(amount)s"),
    CreditNoteLineKind.ADMINISTRATIVE_FEE_RETAINED: N_(
        "- Administrative fee retained: %(amount)s"
    ),
    CreditNoteLineKind.TAX_REFUNDED: N_("- Tax refunded: %(amount)s"),
}
_TOTAL_REFUNDED: Final = N_("- Total refunded: %(total)s")
_BILLING_DISPUTE: Final = N_(
    "To dispute a charge or a refund, contact %(seller)s at %(email)s or %(address)s; the "
    "support team reviews each case on its merits (clauses 2.4(a) and 4(a))."
)
_QUESTIONS: Final = N_(
    "Questions: contact the %(team)s at %(email)s or %(address)s (clause 4(a))."
)


@functools.cache
def _catalog(locale: str) -> babel.support.Translations:
    """Load the compiled catalog of a shipped locale, once (the only file this layer reads)."""
    data = (
        resources.files("ttre_policy")
        .joinpath(f"locale/{locale}/LC_MESSAGES/{DOMAIN}.mo")
        .read_bytes()
    )
    return babel.support.Translations(io.BytesIO(data), domain=DOMAIN)


def catalog_locale(locale: str) -> str:
    """
    Return the shipped catalog that serves *locale*, or refuse a locale none serves.

    >>> catalog_locale("zh-HK"), catalog_locale("en_GB")
    ('zh_Hant_HK', 'en')
    >>> catalog_locale("fr")
    Traceback (most recent call last):
    ...
    ttre_policy.exceptions.LocaleNotAvailableError: locale: 'fr' is not a locale the \
explanations are translated into; expected one of en, zh_Hant_HK, zh_Hans_CN, or a \
locale of the same language and script (e.g. en_HK, zh_TW, zh_SG)
    """
    if not isinstance(locale, str):
        raise InvalidTypeError("locale", locale, "a locale name such as 'zh_Hant_HK'")
    return _resolve(locale)[1]


@functools.cache
def _resolve(locale: str) -> tuple[babel.Locale, str]:
    """Return the formatting locale for *locale* and the shipped catalog that serves it."""
    expected = (
        f"one of {', '.join(LOCALES)}, or a locale of the same language and script "
        "(e.g. en_HK, zh_TW, zh_SG)"
    )
    try:
        parsed = babel.Locale.parse(locale.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        raise LocaleNotAvailableError("locale", locale, expected) from None
    for shipped in LOCALES:
        catalog = babel.Locale.parse(shipped)
        if (parsed.language, parsed.script) == (catalog.language, catalog.script):
            return parsed, shipped
    raise LocaleNotAvailableError("locale", locale, expected)


def _money(amount: Money, locale: babel.Locale) -> str:
    # Amounts are already on the currency's grid, so babel's rounding never acts.
    return babel.numbers.format_currency(amount.amount, amount.currency, locale=locale)


def _clock(instant: datetime, locale: babel.Locale, *, last_of_unit: bool) -> str:
    """
    Return the local time of *instant*, as precise as it needs to be.

    For an instant that ends a period (*last_of_unit*: a deadline, the
    latest eligible request) the shown minute or second is inclusive, so
    23:59:59.999999 reads "23:59" and 09:59:29.999999 reads "09:59:29".
    """
    last = 999_999 if last_of_unit else 0
    if instant.microsecond == last and instant.second == (59 if last_of_unit else 0):
        return babel.dates.format_time(instant, "HH:mm", locale=locale)
    if instant.microsecond == last:
        return babel.dates.format_time(instant, "HH:mm:ss", locale=locale)
    return (
        babel.dates.format_time(instant, "HH:mm:ss", locale=locale) + f".{instant.microsecond:06d}"
    )


def _instant(
    instant: datetime, zone: tzinfo, locale: babel.Locale, *, last_of_unit: bool = False
) -> str:
    """Return *instant* as a local date and time in *zone*, with the zone's abbreviation."""
    local = utc(instant).astimezone(zone)
    day = babel.dates.format_skeleton("yMMMd", local, locale=locale)
    clock = _clock(local, locale, last_of_unit=last_of_unit)
    pattern = str(locale.datetime_formats["medium"])
    abbreviation = local.tzname() or babel.dates.format_datetime(local, "xxx", locale=locale)
    return pattern.replace("{1}", day).replace("{0}", clock) + f" {abbreviation}"


class _Say(Protocol):
    def __call__(self, message: str, /, **values: str) -> str: ...


class _At(Protocol):
    def __call__(self, instant: datetime, /, *, last_of_unit: bool = False) -> str: ...


class _Writer:
    """The words, money and local times of one explanation: a catalog, a locale, a zone."""

    def __init__(self, gettext: Callable[[str], str], where: babel.Locale, zone: tzinfo) -> None:
        self.gettext = gettext
        self.where = where
        self.zone = zone

    def say(self, message: str, /, **values: str) -> str:
        """Return *message* translated, with *values* put in its placeholders."""
        return self.gettext(message) % values

    def at(self, instant: datetime, /, *, last_of_unit: bool = False) -> str:
        """Return *instant* as a local date and time in the explanation's zone."""
        return _instant(instant, self.zone, self.where, last_of_unit=last_of_unit)

    def money(self, amount: Money, *, deducted: bool = False) -> str:
        """Return *amount* formatted for the locale; negative when *deducted*."""
        if deducted:
            return babel.numbers.format_currency(
                -amount.amount, amount.currency, locale=self.where
            )
        return _money(amount, self.where)

    def why(self, reasons: Sequence[Reason]) -> list[str]:
        """
        Return the "Why:" lines of a document other than a refund decision.

        Each reason in words, with its clause id. A reason whose full words
        need a refund decision's own facts is said in `_BRIEF`'s words; every
        other reason needs at most its instant and its version.
        """
        lines = [self.say(_WHY)]
        for reason in reasons:
            words = self.say(
                _BRIEF.get(reason.code, _REASONS[reason.code]),
                at=self.at(reason.at) if reason.at else "",
                version=reason.policy_version,
            )
            lines.append(self.say(_REASON_LINE, reason=words, clause=reason.clause_id))
        return lines


def _what_would_have_changed(decision: RefundDecision, say: _Say, at: _At) -> list[str]:
    """
    Return what would have made a denial eligible, computed from the decision (2.2, 2.3).

    A request by `RefundDecision.latest_eligible_request_at` would have been
    eligible (A9); once the first service event had happened, no request
    could have been (2.1(b), 2.3(a), ruling 2).
    """
    if ReasonCode.FULLY_REFUNDED in decision.reason_codes:
        # Nothing remains to refund: no request, however early, would change that.
        return [say(_NOTHING_LEFT)]
    lines = []
    if decision.latest_eligible_request_at is not None:
        lines.append(
            say(_LATEST, latest=at(decision.latest_eligible_request_at, last_of_unit=True))
        )
    barring = barring_events(decision.service_events, decision.requested_at)
    if barring:
        lines.append(say(_EVENTS[barring[0].kind], at=at(barring[0].at)))
    return lines


def _decision(
    decision: RefundDecision, text: _Writer, _contact: SupportContact | None
) -> list[str]:
    """Explain a refund decision (2.1-2.4, 4(a)); its dispute route is its own."""
    say, at = text.say, text.at
    amounts = {
        name: text.money(getattr(decision, name))
        for name in (
            "refund",
            "refunded_price",
            "processing_fee",
            "administrative_fee",
            "tax_refund",
            "amount_paid",
            "fees",
        )
    }
    exception = decision.exception
    facts = {
        "purchase": decision.purchase_id,
        "request": decision.request_id,
        "version": decision.policy_version,
        "deadline": at(decision.deadline, last_of_unit=True),
        "already_refunded": text.money(decision.already_refunded),
        "open_cases": ", ".join(decision.open_cases),
        "approved_by": exception.approved_by if exception else "",
        "exception_reason": exception.reason if exception else "",
        "case_reference": exception.case_reference if exception else "",
        **amounts,
    }
    lines = [say(_OUTCOMES[decision.outcome], **facts), "", say(_WHY)]
    for reason in decision.reasons:
        words = say(_REASONS[reason.code], **facts, at=at(reason.at) if reason.at else "")
        lines.append(say(_REASON_LINE, reason=words, clause=reason.clause_id))
    lines += [
        "",
        say(_REQUESTED, requested_at=at(decision.requested_at)),
        say(
            _DEADLINE,
            deadline=facts["deadline"],
            zone=babel.dates.get_timezone_name(
                utc(decision.deadline).astimezone(text.zone), "long", locale=text.where
            ),
        ),
        "",
        say(_AMOUNTS),
        say(_PAID, **facts),
        say(_REFUND, **facts),
        say(_FEES, **facts),
        "",
    ]
    if decision.outcome is Outcome.NOT_ELIGIBLE:
        lines += [say(_CHANGE), *_what_would_have_changed(decision, say, at), ""]
    lines += [line for note in _NOTES[decision.outcome] for line in (say(note), "")]
    route = decision.dispute_route
    lines.append(say(_DISPUTE, team=route.team, email=route.email, address=route.address))
    return lines


def _questions(text: _Writer, contact: SupportContact | None) -> list[str]:
    """The contact of 4(a), when the explanation knows it (docs/rulings.md A51)."""
    if contact is None:
        return []
    return [text.say(_QUESTIONS, team=contact.team, email=contact.email, address=contact.address)]


def _quote(quote: Quote, text: _Writer, contact: SupportContact | None) -> list[str]:
    """Explain a quote: the price, its floor, each tax and the total due (1.1, 1.3(b))."""
    say = text.say
    lines = [
        say(
            _QUOTE,
            package=quote.package.name,
            total=text.money(quote.total),
            quoted_at=text.at(quote.quoted_at),
        ),
        "",
        *text.why(quote.reasons),
        "",
        say(_AMOUNTS),
        say(
            _PRICE,
            price=text.money(quote.price_excl_tax),
            floor=text.money(quote.package.floor_price),
        ),
    ]
    for line in quote.tax_lines:
        if line.rate is None:
            lines.append(say(_TAX_AMOUNT, label=line.label, amount=text.money(line.amount)))
        else:
            rate = babel.numbers.format_percent(
                line.rate, locale=text.where, decimal_quantization=False
            )
            lines.append(
                say(_TAX_AT_RATE, label=line.label, rate=rate, amount=text.money(line.amount))
            )
    if not quote.tax_lines:
        lines.append(say(_NO_TAX))
    lines += [say(_TOTAL_DUE, total=text.money(quote.total)), "", say(_PRICE_KEPT), ""]
    return lines + _questions(text, contact)


def _access(decision: AccessDecision, text: _Writer, contact: SupportContact | None) -> list[str]:
    """Explain an access decision: granted exactly once the payment is confirmed (1.3(c))."""
    say = text.say
    paid_at = decision.paid_at
    lines = [
        say(_ACCESS[decision.granted], purchase=decision.purchase_id, at=text.at(decision.at)),
        "",
        *text.why(decision.reasons),
        "",
        say(_PAYMENT_CONFIRMED_AT, paid_at=text.at(paid_at))
        if paid_at is not None
        else say(_PAYMENT_NOT_CONFIRMED),
        "",
    ]
    if not decision.granted:
        change = (
            say(_ACCESS_FROM, paid_at=text.at(paid_at))
            if paid_at is not None
            else say(_ACCESS_ONCE_PAID)
        )
        lines += [say(_WOULD_CHANGE), change, ""]
    return lines + _questions(text, contact)


def _billing_dispute(document: Invoice | CreditNote, text: _Writer) -> str:
    seller = document.seller
    return text.say(
        _BILLING_DISPUTE, seller=seller.name, email=seller.email, address=seller.address
    )


def _issued(document: Invoice | CreditNote, text: _Writer) -> str:
    return text.say(
        _ISSUED,
        issued_at=text.at(document.issued_at),
        seller=document.seller.name,
        buyer=document.buyer,
    )


def _invoice(invoice: Invoice, text: _Writer, _contact: SupportContact | None) -> list[str]:
    """Explain an invoice: the services, the amounts, the payment (1.3(a), 4(a), 5(a))."""
    say = text.say
    lines = [
        say(
            _INVOICE,
            number=invoice.number,
            total=text.money(invoice.total),
            purchase=invoice.purchase_id,
        ),
        _issued(invoice, text),
        "",
        *text.why(invoice.reasons),
        "",
        say(_SERVICES),
        *(
            say(
                _SERVICE,
                description=line.description,
                code=line.code,
                amount=text.money(line.amount),
            )
            for line in invoice.lines
        ),
        "",
        say(_AMOUNTS),
        say(_SUBTOTAL, subtotal=text.money(invoice.subtotal)),
        say(_TAX, tax=text.money(invoice.tax)),
        say(_TOTAL_PAID, total=text.money(invoice.total)),
        "",
        say(
            _PAID_BY,
            method=say(_METHODS[invoice.payment_method]),
            paid_at=text.at(invoice.paid_at),
        ),
        "",
    ]
    return [*lines, _billing_dispute(invoice, text)]


def _credit_note(note: CreditNote, text: _Writer, _contact: SupportContact | None) -> list[str]:
    """Explain a credit note: what is credited, what is retained, the total (2.2(b))."""
    say = text.say
    lines = [
        say(
            _CREDIT_NOTE,
            number=note.number,
            total=text.money(note.total),
            invoice=note.invoice_number,
            purchase=note.purchase_id,
            request=note.request_id,
        ),
        _issued(note, text),
        "",
        *text.why(note.reasons),
        "",
        say(_AMOUNTS),
        *(
            say(
                _CREDIT_LINES[line.kind],
                amount=text.money(line.amount, deducted=line.kind.retained),
            )
            for line in note.lines
        ),
        say(_TOTAL_REFUNDED, total=text.money(note.total)),
        "",
    ]
    return [*lines, _billing_dispute(note, text)]


#: What `explain` explains: each document type, the instant whose zone its
#: times are shown in when no policy is given, and the function that explains it.
_DOCUMENTS: Final[dict[type, tuple[Callable[[Any], datetime], Callable[..., list[str]]]]] = {
    RefundDecision: (lambda decision: decision.deadline, _decision),
    Quote: (lambda quote: quote.quoted_at, _quote),
    AccessDecision: (lambda decision: decision.at, _access),
    Invoice: (lambda invoice: invoice.issued_at, _invoice),
    CreditNote: (lambda note: note.issued_at, _credit_note),
}
_EXPLAINED: Final = "a RefundDecision, Quote, AccessDecision, Invoice or CreditNote"


def _version_of(document_version: str, policy: PolicyVersion | PolicyHistory) -> PolicyVersion:
    """Return the version of *policy* a document names, or refuse a policy that lacks it."""
    if isinstance(policy, PolicyHistory):
        versions = policy.versions
    elif isinstance(policy, PolicyVersion):
        versions = (policy,)
    else:
        raise InvalidTypeError("policy", policy, "a PolicyVersion, a PolicyHistory or None")
    for version in versions:
        if version.version_id == document_version:
            return version
    raise UnknownVersionError(
        "policy_version",
        document_version,
        f"one of {[version.version_id for version in versions]}",
        "is not a version of the policy given",
    )


def explain(
    document: RefundDecision | Quote | AccessDecision | Invoice | CreditNote,
    locale: str = "en",
    *,
    policy: PolicyVersion | PolicyHistory | None = None,
) -> str:
    """
    Return *document* explained in words, in *locale*.

    For a refund decision the text gives the outcome; every reason with its
    clause id; the time of the request and the deadline, as local dates and
    times in the policy's zone; the amounts, formatted for the locale; for a
    denial, what would have changed it (computed from the decision's
    `latest_eligible_request_at` and its service events); and how to
    dispute the decision (2.4(a), 4(a)).

    A quote, an access decision, an invoice or a credit note is explained
    the same way: what it is and says, every reason in words with its clause
    id, its amounts, its instants as local dates and times, its policy
    version and, where it has one, the contact of 4(a) (docs/rulings.md
    A51). A reason whose full words name facts only a refund decision
    carries (its deadline, its support cases) is said in shorter words.

    Args:
        document: A `RefundDecision`, `Quote`, `AccessDecision`, `Invoice`
            or `CreditNote`, from the library or read from JSON.
        locale: ``en``, ``zh_Hant_HK`` or ``zh_Hans_CN``, or another locale
            of the same language and script (``en_HK``, ``zh_TW``), whose
            conventions format the dates and money. ``zh-Hant-HK`` works too.
        policy: The version the document names, or a history holding it.
            Times are then shown in its zone, and a quote or an access
            decision (which carry no contact) names its contact of 4(a).
            Without it, times are shown in the zone of the document's own
            instants (a decision's deadline, which is in the policy's zone;
            a quote's `quoted_at`; an access decision's `at`; an invoice's
            or a credit note's `issued_at`), and only the contacts the
            document carries are named.

    Raises:
        LocaleNotAvailableError: For a locale no shipped catalog serves.
        UnknownVersionError: For a *policy* that does not hold the version
            the document names.

    >>> from ttre_policy._samples import SAMPLES
    >>> from ttre_policy import evaluate_refund
    >>> on_time = SAMPLES[0]
    >>> decision = evaluate_refund(on_time.purchase, on_time.request)
    >>> print(explain(decision, "en_HK").splitlines()[0])
    Decision: eligible for a refund of US$484.70 (purchase S-01, request R-S-01).
    >>> from datetime import datetime
    >>> from decimal import Decimal
    >>> from ttre_policy import ALL_IN_ONE, DEFAULT_POLICY, Money, quote
    >>> shown = quote(ALL_IN_ONE, Money(Decimal("500"), "USD"), tax=Decimal("0.08"),
    ...               quoted_at=on_time.purchase.purchased_at)
    >>> print(explain(shown, "zh_Hant_HK", policy=DEFAULT_POLICY))
    報價：ALL IN ONE，購買時應付 US$540.00（報價時間：2026年11月1日 10:00 HKT）。
    <BLANKLINE>
    原因：
    - 價格不低於當時有效的套餐最低價。（條款 1.1(a)）
    - 價格不含稅，稅款另加於價格之上。（條款 1.1(c)）
    <BLANKLINE>
    金額：
    - 稅前價格：US$500.00（套餐起價 US$500.00）
    - Tax（8%）：US$40.00
    - 購買時應付總額：US$540.00
    <BLANKLINE>
    按此價格作出的購買將維持此價格，即使價格其後更改（條款 1.1(b)）。
    <BLANKLINE>
    查詢：請聯絡 TTR-E support team：電郵 partners@ttr-e.com，或地址 367 – 375 Queen’s Road
    Central, Sheung Wan, Hong Kong（條款 4(a)）。
    政策版本：published
    <BLANKLINE>
    """
    kinds = [entry for kind, entry in _DOCUMENTS.items() if isinstance(document, kind)]
    if not kinds:
        raise InvalidTypeError("document", document, _EXPLAINED)
    principal, explained = kinds[0]
    catalog_locale(locale)
    where, shipped = _resolve(locale)
    version = None if policy is None else _version_of(document.policy_version, policy)
    zone = version.time_zone if version is not None else principal(document).tzinfo
    assert zone is not None  # noqa: S101  # a document's instants are aware (validated)
    text = _Writer(_catalog(shipped).gettext, where, zone)
    lines = explained(document, text, None if version is None else version.support_contact)
    lines.append(text.say(_VERSION, version=document.policy_version))
    return "\n".join(lines) + "\n"
