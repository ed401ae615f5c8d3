"""
Decisions explained in the customer's language: English and Chinese (Hong Kong, China).

A `RefundDecision` is data; `explain` turns it into text a customer or a
support agent reads: the outcome, each reason in words with its clause id,
the deadline as a local date and time in the policy's zone, the amounts, for
a denial what would have changed it, and how to dispute the decision
(2.4(a), 4(a)). Everything it says is computed from the decision, so the
text of a decision read back from JSON is the same.

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
from typing import TYPE_CHECKING, Final, Protocol

import babel
import babel.dates
import babel.numbers
import babel.support

from ttre_policy._decisions import Outcome, ReasonCode, RefundDecision
from ttre_policy._purchases import ActivationKind
from ttre_policy._time import utc
from ttre_policy.exceptions import InvalidTypeError, LocaleNotAvailableError

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from ttre_policy._money import Money

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
    asked = utc(decision.requested_at)
    barring = [event for event in decision.service_events if utc(event.at) <= asked]
    if barring:
        lines.append(say(_EVENTS[barring[0].kind], at=at(barring[0].at)))
    return lines


def explain(decision: RefundDecision, locale: str = "en") -> str:
    """
    Return *decision* explained in words, in *locale*.

    The text gives the outcome; every reason with its clause id; the time of
    the request and the deadline, as local dates and times in the policy's
    zone; the amounts, formatted for the locale; for a denial, what would have
    changed it (computed from the decision's `latest_eligible_request_at` and
    its service events); and how to dispute the decision (2.4(a), 4(a)).

    Args:
        decision: A decision, from `evaluate_refund` or read from JSON.
        locale: ``en``, ``zh_Hant_HK`` or ``zh_Hans_CN``, or another locale
            of the same language and script (``en_HK``, ``zh_TW``), whose
            conventions format the dates and money. ``zh-Hant-HK`` works too.

    Raises:
        LocaleNotAvailableError: For a locale no shipped catalog serves.

    >>> from ttre_policy._samples import SAMPLES
    >>> from ttre_policy import evaluate_refund
    >>> on_time = SAMPLES[0]
    >>> decision = evaluate_refund(on_time.purchase, on_time.request)
    >>> print(explain(decision, "en_HK").splitlines()[0])
    Decision: eligible for a refund of US$484.70 (purchase S-01, request R-S-01).
    """
    if not isinstance(decision, RefundDecision):
        raise InvalidTypeError("decision", decision, "a RefundDecision")
    catalog_locale(locale)
    where, shipped = _resolve(locale)
    gettext = _catalog(shipped).gettext
    zone = decision.deadline.tzinfo
    assert zone is not None  # noqa: S101  # a decision's instants are aware (validated)

    def say(message: str, /, **values: str) -> str:
        return gettext(message) % values

    def at(instant: datetime, /, *, last_of_unit: bool = False) -> str:
        return _instant(instant, zone, where, last_of_unit=last_of_unit)

    amounts = {
        name: _money(getattr(decision, name), where)
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
        "already_refunded": _money(decision.already_refunded, where),
        "open_cases": ", ".join(decision.open_cases),
        "approved_by": exception.approved_by if exception else "",
        "exception_reason": exception.reason if exception else "",
        "case_reference": exception.case_reference if exception else "",
        **amounts,
    }
    lines = [say(_OUTCOMES[decision.outcome], **facts), "", say(_WHY)]
    for reason in decision.reasons:
        text = say(_REASONS[reason.code], **facts, at=at(reason.at) if reason.at else "")
        lines.append(say(_REASON_LINE, reason=text, clause=reason.clause_id))
    lines += [
        "",
        say(_REQUESTED, requested_at=at(decision.requested_at)),
        say(
            _DEADLINE,
            deadline=facts["deadline"],
            zone=babel.dates.get_timezone_name(
                utc(decision.deadline).astimezone(zone), "long", locale=where
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
    lines += [
        say(_DISPUTE, team=route.team, email=route.email, address=route.address),
        say(_VERSION, version=decision.policy_version),
    ]
    return "\n".join(lines) + "\n"
