"""
The JSON wire format: every public value to JSON and back, checked against its schema.

Issue 5: "Every public input and output ... converts to and from JSON ...
Amounts are decimal strings with their currency ("484.70", "USD"), never
floats; instants are RFC 3339 with an offset; enums are stable lower-case
strings; every document carries a `schema` tag with a version ... A JSON
Schema (2020-12) for every document, generated from the classes, committed
under `schemas/`, and a test that fails when the committed file is stale ...
round-trip every type with hypothesis (`from_json(to_json(x)) == x`).
Reading bad JSON gets the same typed errors as the Python API, naming the
JSON path of the bad field."

Ruling 5 ("Money is exact ... never floats") and ruling 6 ("every instant
must carry a time zone") hold on the wire as in Python; docs/rulings.md A40
says how instants keep their zone.
"""

from __future__ import annotations

import copy
import functools
import io
import json
import pickle
import runpy
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.helpers import BOUGHT, PAID, event, purchase, request, usd
from ttre_policy import (
    DEFAULT_POLICY,
    PUBLISHED_CLAUSES,
    AccessDecision,
    Activation,
    AmendmentImpact,
    Case,
    ClauseText,
    CreditNote,
    CreditNoteLine,
    DisputeCase,
    FeeSchedule,
    ImpactExample,
    Invoice,
    InvoiceLine,
    Money,
    Package,
    PaymentConfirmation,
    PolicyChange,
    PolicyHistory,
    PolicyVersion,
    PriceChange,
    ProcessingFee,
    Purchase,
    Quote,
    Reason,
    RefundDecision,
    RefundRecord,
    RefundRequest,
    RefundWindow,
    Seller,
    SupportContact,
    SupportException,
    TaxLine,
    amendment_impact,
    diff,
    evaluate_refund,
    from_json,
    to_json,
    wire,
)
from ttre_policy.exceptions import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    MalformedJSONError,
    MissingFieldError,
    NaiveDatetimeError,
    PolicyInputError,
    PriceBelowFloorError,
    SchemaTagError,
    SubMinorUnitAmountError,
    UnknownFieldError,
    UnknownTimeZoneError,
)
from ttre_policy.testing import (
    access_decisions,
    activations,
    amendments,
    amounts,
    aware_datetimes,
    cases,
    clause_texts,
    credit_notes,
    dispute_cases,
    fee_schedules,
    invoices,
    packages,
    payment_confirmations,
    policy_histories,
    policy_versions,
    price_changes,
    processing_fees,
    purchases,
    quotes,
    reasons,
    refund_cases,
    refund_decisions,
    refund_ledgers,
    refund_requests,
    refund_windows,
    support_contacts,
    support_exceptions,
)

if TYPE_CHECKING:
    from collections.abc import Callable

REPOSITORY = Path(__file__).parent.parent
BERLIN = ZoneInfo("Europe/Berlin")
#: 2026-10-25 02:30 in Berlin happens twice; fold=1 is the second time (UTC+1).
SECOND_HALF_PAST_TWO = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)

#: A strategy for every registered document type.
STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    Money: st.one_of(amounts("USD"), amounts("JPY"), amounts("KWD")),
    Package: packages(),
    Purchase: purchases(),
    Activation: purchases(paid=True).flatmap(
        lambda bought: activations(bought).filter(bool).map(lambda events: events[0])
    ),
    RefundRequest: purchases().flatmap(refund_requests),
    RefundWindow: refund_windows(),
    ProcessingFee: processing_fees(),
    FeeSchedule: fee_schedules(),
    SupportContact: support_contacts(),
    ClauseText: clause_texts(),
    PolicyVersion: policy_versions(),
    Reason: reasons(),
    RefundDecision: refund_decisions(),
    Case: refund_cases(),
    # Payment terms (issue 3)
    PriceChange: price_changes(),
    TaxLine: quotes().filter(lambda q: bool(q.tax_lines)).map(lambda q: q.tax_lines[0]),
    Quote: quotes(),
    PaymentConfirmation: purchases().flatmap(payment_confirmations),
    AccessDecision: access_decisions(),
    Seller: invoices().map(lambda invoice: invoice.seller),
    InvoiceLine: invoices().flatmap(lambda invoice: st.sampled_from(invoice.lines)),
    Invoice: invoices(),
    CreditNoteLine: credit_notes().flatmap(lambda note: st.sampled_from(note.lines)),
    CreditNote: credit_notes(),
    # The support desk (issue 6)
    RefundRecord: purchases(paid=True)
    .flatmap(refund_ledgers)
    .filter(bool)
    .map(lambda ledger: ledger[0]),
    SupportException: purchases().flatmap(
        lambda bought: refund_requests(bought).flatmap(
            lambda asked: support_exceptions(bought, asked)
        )
    ),
    DisputeCase: cases().flatmap(
        lambda case: dispute_cases(evaluate_refund(case[0], case[2], case[1]), case[0])
    ),
    # Policy versions and amendments (issue 4)
    PolicyHistory: policy_histories(),
    PolicyChange: amendments()
    .map(lambda amended: diff(DEFAULT_POLICY, amended))
    .filter(bool)
    .flatmap(st.sampled_from),
    AmendmentImpact: amendments().map(lambda amended: amendment_impact(DEFAULT_POLICY, amended)),
    ImpactExample: amendments(DEFAULT_POLICY, changes=["refund_window", "fee_schedules"])
    .map(lambda amended: amendment_impact(DEFAULT_POLICY, amended).examples)
    .filter(bool)
    .flatmap(st.sampled_from),
}


@functools.cache
def _validator(kind: type) -> jsonschema.Draft202012Validator:
    """The committed schema of *kind*, ready to validate documents, formats included."""
    name = wire.schema_tag(kind).split("/")[1]
    schema = json.loads((REPOSITORY / "schemas" / f"{name}.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _bad(document: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """Return a deep copy of *document* with the field at dotted *path* set to *value*."""
    changed = copy.deepcopy(document)
    *parents, last = path.split(".")
    target: Any = changed
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is _DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return changed


_DELETE = object()


class TestEveryDocumentType:
    """Issue 5: "round-trip every type with hypothesis" and validate what the library writes."""

    def test_every_public_value_type_is_a_document_type(self) -> None:
        """Issue 5: "Every public input and output ... converts to and from JSON": each has a tag."""
        assert set(STRATEGIES) == {document.kind for document in wire.document_types()}
        assert wire.schema_tag(RefundDecision) == "ttre-policy/decision/1"

    @pytest.mark.parametrize("kind", list(STRATEGIES), ids=lambda kind: kind.__name__)
    def test_round_trips_and_matches_its_schema(self, kind: type) -> None:
        """
        Issue 5: `from_json(to_json(x)) == x`, and what the library writes is valid under its schema.

        The text written again is the same text: the format is canonical.
        """

        @given(value=STRATEGIES[kind])
        def check(value: object) -> None:
            text = to_json(value)

            back: object = from_json(text, kind)

            assert value == back
            assert text == to_json(back)
            _validator(kind).validate(json.loads(text))

        check()

    def test_the_committed_schemas_are_current(self) -> None:
        """Issue 5: "a test that fails when the committed file is stale" (scripts/write_schemas.py)."""
        generate = runpy.run_path(str(REPOSITORY / "scripts" / "write_schemas.py"))
        expected: dict[str, str] = generate["schema_files"]()

        committed = {
            path.name: path.read_text("utf-8")
            for path in (REPOSITORY / "schemas").glob("*.schema.json")
        }

        assert expected == committed

    @pytest.mark.parametrize("kind", list(STRATEGIES), ids=lambda kind: kind.__name__)
    def test_every_schema_is_a_valid_2020_12_schema(self, kind: type) -> None:
        """Issue 5: "A JSON Schema (2020-12) for every document"."""
        schema = wire.json_schema(kind)

        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == wire.JSON_SCHEMA_DIALECT
        assert {"const": wire.schema_tag(kind)}.items() <= schema["properties"]["schema"].items()
        assert "schema" in schema["required"]


class TestMoneyOnTheWire:
    """Ruling 5: "Money is exact: decimal amounts with a currency code, never floats"."""

    def test_an_amount_is_a_decimal_string_with_its_currency(self) -> None:
        """Issue 5: amounts are "decimal strings with their currency ("484.70", "USD")"."""
        assert wire.to_document(usd("484.7")) == {
            "schema": "ttre-policy/money/1",
            "amount": "484.70",
            "currency": "USD",
        }

    @pytest.mark.parametrize("number", ["500.1", "500", "5e2", "-0.0"])
    def test_a_json_number_is_refused_where_an_amount_belongs(self, number: str) -> None:
        """Ruling 5: "never floats": a JSON number for an amount is an input error naming its path."""
        text = f'{{"schema":"ttre-policy/money/1","amount":{number},"currency":"USD"}}'

        with pytest.raises(
            InvalidTypeError,
            match=rf"^amount: {number} is a JSON number; expected a decimal string",
        ):
            from_json(text, Money)

    @pytest.mark.parametrize(
        "written", ["5O0", "", " 500", "5E+2", "NaN", "Infinity", "1,000.00", "+5"]
    )
    def test_a_string_that_is_not_a_plain_decimal_is_refused(self, written: str) -> None:
        """Ruling 5: an amount is read exactly as written, or refused; the schema refuses it too."""
        document = {"schema": "ttre-policy/money/1", "amount": written, "currency": "USD"}

        with pytest.raises(InvalidValueError, match=r"^amount: .* is not a decimal number"):
            wire.from_document(document, Money)
        assert not _validator(Money).is_valid(document)

    def test_an_amount_finer_than_its_currency_is_refused_not_rounded(self) -> None:
        """Ruling 5: "An amount with more decimal places than its currency's minor unit is an input error"."""
        document = wire.to_document(purchase())
        document["price_excl_tax"]["amount"] = "500.001"

        with pytest.raises(
            SubMinorUnitAmountError, match=r"^price_excl_tax\.amount: Decimal\('500\.001'\)"
        ):
            wire.from_document(document, Purchase)


class TestInstantsOnTheWire:
    """Ruling 6: "every instant must carry a time zone"; issue 5: "instants are RFC 3339 with an offset"."""

    def test_an_instant_carries_its_offset_and_its_zone(self) -> None:
        """Ruling 1's purchase: "2026-11-01 10:00 HKT", with the zone's name after the offset (RFC 9557)."""
        assert (
            wire.to_document(purchase())["purchased_at"]
            == "2026-11-01T10:00:00+08:00[Asia/Hong_Kong]"
        )

    @given(instant=aware_datetimes())
    @example(instant=SECOND_HALF_PAST_TWO).via("A40: the second 02:30 of a DST change")
    @example(instant=SECOND_HALF_PAST_TWO.replace(fold=0)).via("A40: the first 02:30")
    @example(instant=datetime(2026, 11, 1, 10, 0, tzinfo=timezone(timedelta(hours=8)))).via(
        "a fixed offset"
    )
    @example(instant=datetime(1990, 1, 1, tzinfo=ZoneInfo("Africa/Monrovia"))).via(
        "an offset of -0:44:30"
    )
    def test_an_instant_comes_back_the_same_instant_in_the_same_zone(
        self, instant: datetime
    ) -> None:
        """
        A40: the round trip keeps the instant, its zone and (in a repeated hour) its fold.

        PEP 495 makes an instant in a repeated hour unequal to the same instant
        in any other zone, so a zone that did not survive would break equality.
        """
        text = to_json(event(at=instant))

        back = from_json(text, Activation).at

        assert instant.astimezone(UTC) == back.astimezone(UTC)
        assert instant.utcoffset() == back.utcoffset()
        assert (back.tzinfo is instant.tzinfo) or not isinstance(instant.tzinfo, ZoneInfo)
        assert instant == back

    def test_an_offset_with_seconds_is_written_in_utc_with_the_zone(self) -> None:
        """A40: RFC 3339 offsets are whole minutes; a local mean time's instant is written in UTC, exactly."""
        monrovia = datetime(1970, 1, 1, tzinfo=ZoneInfo("Africa/Monrovia"))

        assert (
            to_json(event(at=monrovia)).split('"at":"')[1].split('"')[0]
            == "1970-01-01T00:44:30Z[Africa/Monrovia]"
        )
        assert (
            wire.to_document(
                event(at=datetime(1970, 1, 1, tzinfo=timezone(timedelta(seconds=-30))))
            )["at"]
            == "1970-01-01T00:00:30Z"
        )

    def test_a_wall_time_that_a_clock_change_skipped_is_written_as_its_instant(self) -> None:
        """A40: 02:30 on 2026-03-29 does not exist in Berlin; the instant it denotes (03:30 CEST) is written."""
        skipped = datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN)

        assert (
            wire.to_document(event(at=skipped))["at"] == "2026-03-29T03:30:00+02:00[Europe/Berlin]"
        )

    @pytest.mark.parametrize(
        ("written", "expected"),
        [
            ("2026-11-01T02:00:00Z", datetime(2026, 11, 1, 2, 0, tzinfo=UTC)),
            (
                "2026-11-01T02:00:00Z[Asia/Hong_Kong]",
                datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")),
            ),
            (
                "2026-11-01T10:00:00+08:00[!Asia/Hong_Kong]",
                datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")),
            ),
            (
                "2026-11-01T10:00:00.5+08:00",
                datetime(2026, 11, 1, 10, 0, 0, 500000, tzinfo=timezone(timedelta(hours=8))),
            ),
        ],
    )
    def test_rfc_3339_and_rfc_9557_forms_are_read(self, written: str, expected: datetime) -> None:
        """Issue 5: "instants are RFC 3339 with an offset"; "Z" names UTC, "!" marks the zone as critical."""
        document = wire.to_document(event())
        document["at"] = written

        read = wire.from_document(document, Activation).at

        assert expected == read
        assert expected.utcoffset() == read.utcoffset()

    @pytest.mark.parametrize(
        ("written", "error", "message"),
        [
            (
                "2026-11-01T10:00:00",
                NaiveDatetimeError,
                r"^at: '2026-11-01T10:00:00' has no UTC offset",
            ),
            ("2026-11-01 10:00:00+08:00", InvalidValueError, r"is not an RFC 3339 date and time"),
            (
                "2026-11-01T10:00:00.1234567+08:00",
                InvalidValueError,
                r"is not an RFC 3339 date and time",
            ),
            ("2026-13-01T10:00:00+08:00", InvalidValueError, r"is not a valid date and time"),
            (
                "2026-11-01T10:00:00+07:00[Asia/Hong_Kong]",
                InvalidValueError,
                r"time zone does not have at that time; expected the offset of Asia/Hong_Kong at that instant, \+08:00",
            ),
            (
                "2026-11-01T10:00:00+08:00[Mars/Olympus]",
                UnknownTimeZoneError,
                r"^at: 'Mars/Olympus' is not a time zone known here",
            ),
            (
                "2026-11-01T10:00:00+08:00[../etc]",
                InvalidValueError,
                r"is not an RFC 3339 date and time",
            ),
            (
                1793500800,
                InvalidTypeError,
                r"^at: 1793500800 is a JSON number; expected an RFC 3339",
            ),
        ],
    )
    def test_an_instant_that_is_not_rfc_3339_with_an_offset_is_refused(
        self, written: object, error: type[PolicyInputError], message: str
    ) -> None:
        """Ruling 6: "a naive datetime is an input error"; so is any instant the format does not define."""
        document = wire.to_document(event())
        document["at"] = written

        with pytest.raises(error, match=message):
            wire.from_document(document, Activation)

    def test_a_time_zone_is_an_iana_name(self) -> None:
        """Ruling 1: the policy's zone (a parameter) travels as its IANA name, and an unknown one is refused."""
        document = wire.to_document(DEFAULT_POLICY)
        assert document["time_zone"] == "Asia/Hong_Kong"

        with pytest.raises(UnknownTimeZoneError, match=r"^time_zone: 'Asia/Atlantis' "):
            wire.from_document(_bad(document, "time_zone", "Asia/Atlantis"), PolicyVersion)
        nameless = ZoneInfo.from_file(_tzif("Asia/Hong_Kong"))
        with pytest.raises(InvalidValueError, match=r"^time_zone: .* with an IANA name"):
            wire.to_document(attrs.evolve(DEFAULT_POLICY, time_zone=nameless))
        with pytest.raises(InvalidValueError, match=r"^\[1\]\.time_zone: .* with an IANA name"):
            wire._FAST.unstructure(
                (DEFAULT_POLICY, attrs.evolve(DEFAULT_POLICY, time_zone=nameless)),
                tuple[PolicyVersion, ...],
            )

    def test_a_value_that_cannot_be_written_is_located_by_trying_each_part(self) -> None:
        """The writer says which field it cannot write, by writing each alone; when each succeeds alone, nothing is blamed."""
        assert wire._first_error([("a", lambda: 1), ("b", lambda: 2)]) is None


def _tzif(key: str) -> io.BytesIO:
    """Return the TZif data of zone *key* as a binary file, from the system or tzdata."""
    system = Path("/usr/share/zoneinfo") / key
    if system.exists():
        return io.BytesIO(system.read_bytes())
    area, city = key.split("/")
    return io.BytesIO(resources.files(f"tzdata.zoneinfo.{area}").joinpath(city).read_bytes())


class TestReadingBadDocuments:
    """Issue 5: "Reading bad JSON gets the same typed errors as the Python API, naming the JSON path"."""

    CASE = wire.to_document(
        Case(
            purchase=purchase(),
            activations=(event(at=PAID + timedelta(days=1)),),
            request=request(BOUGHT + timedelta(days=2)),
        )
    )

    @pytest.mark.parametrize(
        ("path", "value", "error", "message"),
        [
            (
                "purchase.price_excl_tax.amount",
                "5O0",
                InvalidValueError,
                r"^purchase\.price_excl_tax\.amount: '5O0' is not a decimal number",
            ),
            (
                "purchase.price_excl_tax.amount",
                "499.99",
                PriceBelowFloorError,
                r"^purchase\.price_excl_tax: Money\(amount=Decimal\('499\.99'\)",
            ),
            (
                "purchase.tax.currency",
                "HKD",
                CurrencyMismatchError,
                r"^purchase\.tax: .* expected tax in USD",
            ),
            (
                "purchase.tax",
                _DELETE,
                MissingFieldError,
                r"^purchase\.tax: a value is missing; expected a Money object",
            ),
            (
                "purchase.colour",
                "red",
                UnknownFieldError,
                r"^purchase\.colour: 'red' is not a field of this document; expected only the fields of a Purchase object",
            ),
            (
                "purchase.payment_method",
                "cheque",
                InvalidValueError,
                r"^purchase\.payment_method: 'cheque' is not a PaymentMethod value; expected one of 'credit_card'",
            ),
            (
                "purchase.purchase_id",
                42,
                InvalidTypeError,
                r"^purchase\.purchase_id: 42 is a JSON number; expected a string",
            ),
            (
                "purchase.purchase_id",
                " P-1",
                InvalidValueError,
                r"^purchase\.purchase_id: ' P-1' ",
            ),
            ("purchase.paid_at", None, None, None),
            (
                "activations.0.kind",
                "exploded",
                InvalidValueError,
                r"^activations\[0\]\.kind: 'exploded' is not an ActivationKind value",
            ),
            (
                "activations.0.at",
                "2026-11-02T10:01:00",
                NaiveDatetimeError,
                r"^activations\[0\]\.at: ",
            ),
            (
                "activations.0",
                [],
                InvalidTypeError,
                r"^activations\[0\]: \[\] is an array; expected an Activation object",
            ),
            (
                "activations",
                {},
                InvalidTypeError,
                r"^activations: \{\} is an object; expected an array",
            ),
            (
                "activations",
                "abc",
                InvalidTypeError,
                r"^activations: 'abc' is a string; expected an array",
            ),
            (
                "request",
                None,
                InvalidTypeError,
                r"^request: None is null; expected a RefundRequest object",
            ),
            (
                "request.schema",
                "ttre-policy/decision/1",
                SchemaTagError,
                r"^request\.schema: 'ttre-policy/decision/1' .* expected 'ttre-policy/refund-request/1'",
            ),
            ("request.schema", "ttre-policy/refund-request/1", None, None),
            (
                "schema",
                "ttre-policy/case/2",
                SchemaTagError,
                r"^schema: 'ttre-policy/case/2' is not the schema tag of a document this version reads; expected 'ttre-policy/case/1'",
            ),
            (
                "schema",
                _DELETE,
                MissingFieldError,
                r"^schema: a value is missing; expected a schema tag",
            ),
            (
                "policy",
                {"version_id": "v2"},
                MissingFieldError,
                r"^policy\.effective_from: a value is missing",
            ),
            (
                "purchase.package.floor_price.amount",
                True,
                InvalidTypeError,
                r"^purchase\.package\.floor_price\.amount: True is a boolean",
            ),
        ],
    )
    def test_a_bad_field_is_named_by_its_json_path(
        self, path: str, value: object, error: type[PolicyInputError] | None, message: str | None
    ) -> None:
        """Issue 5: e.g. "purchase.price.amount: '5O0' is not a decimal number"; what the schema allows, the reader reads."""
        document = _bad(self.CASE, path, value)

        if error is None:
            assert isinstance(wire.from_document(document, Case), Case)
            return
        with pytest.raises(error, match=message):
            from_json(json.dumps(document), Case)

    def test_the_relations_between_facts_are_checked_when_evaluated_as_in_python(self) -> None:
        """Issue 5: the same typed errors as the Python API: a request for another purchase is refused when decided."""
        case = wire.from_document(_bad(self.CASE, "request.purchase_id", "P-2"), Case)

        with pytest.raises(
            PolicyInputError, match=r"^request\.purchase_id: 'P-2' names another purchase"
        ):
            evaluate_refund(case.purchase, case.request, case.activations, case.policy)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                '{"schema": "ttre-policy/money/1", "amount": "1.00", "amount": "2.00", "currency": "USD"}',
                r"^\$: 'amount' is repeated in an object",
            ),
            (
                '{"schema": "ttre-policy/money/1", "amount": NaN, "currency": "USD"}',
                r"^\$: 'NaN' is not well-formed JSON; expected standard JSON",
            ),
            (
                '{"schema": "ttre-policy/money/1", "amount": "1.00"',
                r"^\$: .* is not well-formed JSON \(Expecting ',' delimiter at column 51\)",
            ),
            (
                '{\n"schema": "ttre-policy/money/1",\n"amount": "1.00" "currency": "USD"}',
                r"\(Expecting ',' delimiter at line 3, column 18\)",
            ),
            ("", r"^\$: '' is not well-formed JSON \(Expecting value at column 1\)"),
            (b"\xff\xfe{}", r"^\$: b'\\xff' is not UTF-8"),
            ("[" * 100_000, r"^\$: '\[\[\[.* is nested too deeply"),
            (
                '{"schema": "ttre-policy/money/1", "amount": ' + "9" * 5000 + "}",
                r"^\$: 'Exceeds the limit .* has a number too long to read",
            ),
        ],
    )
    def test_text_that_is_not_one_json_document_is_refused(
        self, text: str | bytes, message: str
    ) -> None:
        """Issue 5: "bad JSON" gets a typed error too: repeated keys (which JSON would silently resolve) included."""
        with pytest.raises(MalformedJSONError, match=message):
            from_json(text)

    @pytest.mark.parametrize(
        ("document", "error", "message"),
        [
            ([1, 2], InvalidTypeError, r"^\$: \[1, 2\] is an array; expected a JSON object"),
            ({"amount": "1"}, MissingFieldError, r"^schema: a value is missing"),
            (
                {"schema": "ttre-policy/receipt/1"},
                SchemaTagError,
                r"^schema: 'ttre-policy/receipt/1' .* expected one of 'ttre-policy/money/1'",
            ),
        ],
    )
    def test_a_document_must_be_an_object_with_a_known_tag(
        self, document: object, error: type[PolicyInputError], message: str
    ) -> None:
        """Issue 5: "every document carries a `schema` tag with a version"; the tag says what to read."""
        with pytest.raises(error, match=message):
            wire.from_document(document)

    def test_the_tag_says_which_type_to_read(self) -> None:
        """Issue 5: a document names its own type, so a reader need not know it in advance."""
        assert usd("1.00") == from_json(
            '{"schema":"ttre-policy/money/1","amount":"1","currency":"USD"}'
        )
        with pytest.raises(SchemaTagError) as raised:
            from_json(to_json(usd("1.00")), Case)

        assert (
            "schema: 'ttre-policy/money/1' is the tag of a money document; "
            "expected 'ttre-policy/case/1'"
        ) == str(raised.value)

    def test_an_instant_at_the_limits_of_a_datetime_is_refused_not_a_crash(self) -> None:
        """Ruling 6 via issue 5: an instant a zone's offset would carry past year 1 is refused on one line."""
        document = wire.to_document(request(PAID))
        document["requested_at"] = "0001-01-01T00:30:00Z[America/New_York]"

        with pytest.raises(InvalidValueError) as raised:
            wire.from_document(document, RefundRequest)

        assert str(raised.value).startswith(
            "requested_at: '0001-01-01T00:30:00Z[America/New_York]' is too close to the "
            "limits of a datetime; expected an RFC 3339"
        )

    def test_a_case_names_its_policy_or_history_by_the_policys_tag(self) -> None:
        """
        Ruling 9, issue 4: a case's policy is a version or a history; its own schema tag says which.

        Without a tag, the fields tell (a version's missing field is then named);
        a tag of another type, an object fitting neither, or no object at all
        is refused at ``policy``.
        """
        history = PolicyHistory((DEFAULT_POLICY,))
        document = wire.to_document(
            Case(purchase=purchase(), request=request(PAID), policy=history)
        )
        untagged = copy.deepcopy(document)
        del untagged["policy"]["schema"]

        assert document["policy"]["schema"] == "ttre-policy/policy-history/1"
        assert wire.from_document(untagged, Case).policy == history
        for policy, message in (
            ({"schema": "ttre-policy/money/1"}, r"^policy\.schema: 'ttre-policy/money/1'"),
            ({}, r"^policy\.schema: None .* a PolicyVersion or a PolicyHistory object"),
            ("published", r"^policy: 'published' is a string; expected a PolicyVersion or"),
        ):
            with pytest.raises(PolicyInputError, match=message):
                wire.from_document(_bad(document, "policy", policy), Case)

    def test_derived_fields_are_written_and_checked(self) -> None:
        """Issue 4 via issue 5: a clause's SHA-256 and a reason's clause id are derived; a document that disagrees is refused."""
        clause = wire.to_document(PUBLISHED_CLAUSES[9])
        assert PUBLISHED_CLAUSES[9].sha256 == clause["sha256"]
        reason = wire.to_document(evaluate_refund(purchase(), request(PAID)).reasons[0])
        assert reason["clause_id"] == "2.2(a)"

        with pytest.raises(
            InvalidValueError, match=r"^sha256: '0+' does not match the other fields"
        ):
            wire.from_document(_bad(clause, "sha256", "0" * 64), ClauseText)
        with pytest.raises(InvalidValueError, match=r"^clause_id: '2.1\(a\)' does not match"):
            wire.from_document(_bad(reason, "clause_id", "2.1(a)"), Reason)
        assert PUBLISHED_CLAUSES[9] == wire.from_document(
            _bad(clause, "sha256", _DELETE), ClauseText
        )

    @pytest.mark.parametrize(
        ("kind", "path", "value", "error", "message"),
        [
            (
                RefundWindow,
                "holidays",
                [20261225],
                InvalidTypeError,
                r"^holidays\[0\]: 20261225 is a JSON number; expected a date",
            ),
            (
                RefundWindow,
                "holidays",
                ["2026-12-5"],
                InvalidValueError,
                r"^holidays\[0\]: '2026-12-5' is not a calendar date",
            ),
            (
                PolicyVersion,
                "time_zone",
                8,
                InvalidTypeError,
                r"^time_zone: 8 is a JSON number; expected an IANA time-zone name",
            ),
            (
                PolicyVersion,
                "rounding",
                1,
                InvalidTypeError,
                r"^rounding: 1 is a JSON number; expected one of 'half_up'",
            ),
            (
                Purchase,
                "payment_method",
                _DELETE,
                MissingFieldError,
                r"^payment_method: a value is missing; expected one of 'credit_card', ",
            ),
            (
                FeeSchedule,
                "processing",
                _DELETE,
                MissingFieldError,
                r"^processing: a value is missing; expected an array of a ProcessingFee object",
            ),
            (
                RefundDecision,
                "latest_eligible_request_at",
                _DELETE,
                MissingFieldError,
                r"^latest_eligible_request_at: a value is missing; expected an RFC 3339 .* or null",
            ),
            (
                RefundDecision,
                "refund.amount",
                "1.00",
                InvalidValueError,
                r"^refund: .* refunded_price \+ tax_refund",
            ),
            (
                SupportException,
                "amount",
                "half",
                InvalidValueError,
                r"^amount: 'half' is not one of the words allowed here; expected a Money .* 'full'",
            ),
            (
                SupportException,
                "amount",
                5,
                InvalidTypeError,
                r"^amount: 5 is a JSON number; expected a Money object or one of 'full'",
            ),
            (
                SupportException,
                "amount",
                _DELETE,
                MissingFieldError,
                r"^amount: a value is missing; expected a Money object or 'full'",
            ),
        ],
    )
    def test_each_kind_of_field_names_what_it_expects(
        self, kind: type, path: str, value: object, error: type[PolicyInputError], message: str
    ) -> None:
        """Issue 5: a missing or mistyped field says what would have been accepted, in the words of the Python API."""
        values = {
            RefundWindow: RefundWindow(),
            PolicyVersion: DEFAULT_POLICY,
            Purchase: purchase(),
            FeeSchedule: DEFAULT_POLICY.fee_schedules[0],
            RefundDecision: evaluate_refund(purchase(), request(PAID)),
            SupportException: SupportException(
                case_reference="C-1",
                purchase_id="P-1",
                request_id="R-1",
                approved_by="Mei Chan",
                reason="late onboarding",
                approved_at=PAID,
                amount="full",
            ),
        }
        document = _bad(wire.to_document(values[kind]), path, value)

        with pytest.raises(error, match=message):
            wire.from_document(document, kind)

    def test_a_missing_field_error_survives_pickling(self) -> None:
        """Errors cross process boundaries (`ttre-policy audit --jobs`); "a value is missing" stays one value."""
        with pytest.raises(MissingFieldError) as raised:
            wire.from_document(_bad(wire.to_document(usd("1.00")), "amount", _DELETE), Money)

        unpickled = pickle.loads(pickle.dumps(raised.value))  # noqa: S301  # our own bytes
        assert unpickled.value is wire.MISSING
        assert str(raised.value) == str(unpickled)

    def test_a_set_lists_each_item_once(self) -> None:
        """Issue 5: sets are arrays without repeats; a repeat would be silently dropped, so it is refused."""
        window = wire.to_document(RefundWindow())
        assert window["weekend"] == [6, 7]

        with pytest.raises(InvalidValueError, match=r"^weekend\[1\]: 6 repeats an earlier item"):
            wire.from_document(_bad(window, "weekend", [6, 6]), RefundWindow)
        with pytest.raises(
            InvalidValueError, match=r"^holidays\[0\]: '2026-02-30' is not a calendar date"
        ):
            wire.from_document(_bad(window, "holidays", ["2026-02-30"]), RefundWindow)
        with pytest.raises(
            InvalidTypeError, match=r"^days: 14\.0 is a JSON number; expected a whole JSON number"
        ):
            from_json(json.dumps(window).replace('"days": 14', '"days": 14.0'), RefundWindow)
        with pytest.raises(
            InvalidTypeError,
            match=r"^roll_to_working_day: 'no' is a string; expected true or false",
        ):
            wire.from_document(_bad(window, "roll_to_working_day", "no"), RefundWindow)

    def test_the_default_policy_is_left_out_of_a_case(self) -> None:
        """A case document names its policy only when it is not the published one (DEFAULT_POLICY)."""
        published = Case(purchase=purchase(), request=request(PAID))
        other = attrs.evolve(published, policy=attrs.evolve(DEFAULT_POLICY, version_id="v2"))

        assert "policy" not in wire.to_document(published)
        assert wire.to_document(other)["policy"]["version_id"] == "v2"
        assert other == from_json(to_json(other))


class TestTheRegistry:
    """Issue 5: later document types (Quote, Invoice, DisputeCase, ...) join by registering."""

    def test_registering_again_is_harmless_and_a_clash_is_refused(self) -> None:
        """A tag names one type and a type has one tag, so a document is never ambiguous."""
        assert wire.register_document(Money, "money") in wire.document_types()

        with pytest.raises(InvalidValueError, match=r"^kind: .* is already registered as"):
            wire.register_document(Money, "cash")
        with pytest.raises(InvalidValueError, match=r"^kind: .* is already registered as"):
            wire.register_document(Package, "money")
        with pytest.raises(InvalidTypeError, match=r"^kind: .* an attrs class"):
            wire.register_document(dict, "mapping")
        with pytest.raises(InvalidValueError, match=r"^name: 'Money' "):
            wire.register_document(Money, "Money")
        with pytest.raises(InvalidValueError, match=r"^version: 0 "):
            wire.register_document(Money, "money", version=0)

    def test_a_new_attrs_class_needs_no_code_of_its_own(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A registered class with known field types converts and has a schema at once."""

        @attrs.frozen(kw_only=True)
        class Note:
            """A remark on a purchase.

            Attributes:
                purchase_id: The purchase.
                written_at: When.
            """

            purchase_id: str
            written_at: datetime
            amount: Money | None = None

        monkeypatch.setattr(wire, "_BY_KIND", dict(wire._BY_KIND))
        monkeypatch.setattr(wire, "_BY_TAG", dict(wire._BY_TAG))
        wire.register_document(Note, "note")
        note = Note(purchase_id="P-1", written_at=BOUGHT, amount=usd("1.00"))

        assert note == from_json(to_json(note))
        with pytest.raises(NaiveDatetimeError, match=r"^written_at: .* has no time zone"):
            to_json(Note(purchase_id="P-1", written_at=datetime(2026, 11, 1)))  # noqa: DTZ001  # naive on purpose
        schema = wire.json_schema(Note)
        assert schema["properties"]["written_at"]["description"] == "When."
        jsonschema.Draft202012Validator(schema).validate(wire.to_document(note))

    def test_an_unregistered_type_is_refused(self) -> None:
        """Only document types have a tag and a schema."""
        with pytest.raises(
            InvalidTypeError, match=r"^kind: .* a registered document type: Money, "
        ):
            wire.to_document(object())
        with pytest.raises(InvalidTypeError, match=r"^kind: "):
            wire.json_schema(int)


def test_the_wire_module_documents_its_public_names() -> None:
    """Every public name of the wire module is documented, as the library's public API is."""
    for name in wire.__all__:
        member: Callable[..., object] | object = getattr(wire, name)
        assert not callable(member) or (getattr(member, "__doc__", "") or "").strip()
