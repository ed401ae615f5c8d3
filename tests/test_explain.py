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
"""

from __future__ import annotations

import io
from datetime import timedelta
from importlib import resources
from pathlib import Path

import attrs
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import given

from tests.helpers import (
    BOUGHT,
    FIRST_LATE_INSTANT,
    event,
    purchase,
    refund,
    request,
    support_exception,
    usd,
)
from ttre_policy import (
    ActivationKind,
    Outcome,
    ReasonCode,
    RefundDecision,
    evaluate_refund,
    explain,
    from_json,
    to_json,
)
from ttre_policy.exceptions import InvalidTypeError, LocaleNotAvailableError
from ttre_policy.explain import DOMAIN, LOCALES, catalog_locale
from ttre_policy.testing import refund_decisions

REPOSITORY = Path(__file__).parent.parent
SOURCE = REPOSITORY / "src" / "ttre_policy" / "explain.py"
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

    return sys.modules["ttre_policy.explain"]


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
        """A decision and a locale name; anything else is a typed error."""
        with pytest.raises(InvalidTypeError, match=r"^decision: "):
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


def test_the_function_is_exported_and_its_module_keeps_its_names() -> None:
    """`ttre_policy.explain` is the function; `from ttre_policy.explain import LOCALES` still works."""
    import ttre_policy  # noqa: PLC0415  # the package's attribute, not the name imported above

    assert ttre_policy.explain is explain
    assert LOCALES == ("en", "zh_Hant_HK", "zh_Hans_CN")
    assert usd("484.70") == attrs.evolve(ON_TIME).refund
