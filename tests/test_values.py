"""
The hygiene checklist every public value type passes (after whenever's tests).

DEVELOPERS.md: "Immutable attrs classes (frozen, slots), validated at
construction; `attrs.evolve` keeps them valid." Each value is checked for:
immutability, slots, equality and hashing, `attrs.evolve` leaving the original
unchanged and validating the change, a repr that is valid Python, copies and
pickling.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import pickle
import zoneinfo
from datetime import timedelta
from decimal import Decimal

import attrs
import pytest

import ttre_policy
from tests.helpers import (
    FIRST_LATE_INSTANT,
    PAID,
    event,
    purchase,
    refund,
    request,
    support_exception,
    usd,
)
from ttre_policy import (
    DEFAULT_HISTORY,
    DEFAULT_POLICY,
    PUBLISHED_CLAUSES,
    TTRE_SUPPORT,
    ActivationKind,
    Case,
    ClauseText,
    Money,
    PolicyInputError,
    RefundWindow,
    amendment_impact,
    diff,
    evaluate_refund,
    open_dispute,
)
from ttre_policy._demo_payment_terms import walkthrough
from ttre_policy._validators import instance_of, tuple_of
from ttre_policy.exceptions import InvalidTypeError, InvalidValueError

_WALK = walkthrough()
_DECISION = evaluate_refund(
    purchase(), request(PAID + timedelta(days=1)), [event(ActivationKind.USED, PAID)]
)

#: A decision granted by exception after an earlier refund, and a dispute of it (issue 6).
_SUPPORTED = evaluate_refund(
    purchase(tax=usd("40.00")),
    request(FIRST_LATE_INSTANT),
    refunds=[refund("100.00")],
    exception=support_exception(),
)
_DISPUTE = open_dispute(
    _SUPPORTED,
    purchase(tax=usd("40.00")),
    opened_at=FIRST_LATE_INSTANT + timedelta(days=3),
    statement="The tax was not refunded in full.",
    case_reference="C-2",
)
_SHORTER = attrs.evolve(DEFAULT_POLICY, version_id="short", refund_window=RefundWindow(days=7))
_IMPACT = amendment_impact(DEFAULT_POLICY, _SHORTER)

#: One instance of each public value type, a field, and a value that field refuses.
VALUES: list[tuple[attrs.AttrsInstance, str, object]] = [
    (Money(Decimal("1.00"), "USD"), "currency", "usd"),
    (RefundWindow(), "days", -1),
    (DEFAULT_POLICY.packages[0], "code", ""),
    (purchase(), "paid_at", dt.datetime(2026, 11, 1)),  # noqa: DTZ001  # naive on purpose
    (event(), "kind", "activated"),
    (request(PAID), "request_id", " R-1"),
    (DEFAULT_POLICY.fee_schedules[0].processing[0], "rate", Decimal(2)),
    (DEFAULT_POLICY.fee_schedules[0], "currency", "XYZ"),
    (TTRE_SUPPORT, "email", "partners at ttr-e.com"),
    (PUBLISHED_CLAUSES[0], "clause_id", "1.1"),
    (DEFAULT_POLICY, "fee_schedules", ()),
    (_DECISION.reasons[0], "clause_sha256", "0" * 63),
    (_DECISION, "refund", Money(Decimal("1.00"), "USD")),
    # Payment terms (issue 3)
    (_WALK.change, "effective_from", _WALK.change.announced_at),
    (_WALK.exclusive.tax_lines[0], "rate", Decimal("-0.08")),
    (_WALK.exclusive, "total", Money(Decimal("1.00"), "USD")),
    (_WALK.confirmation, "gateway_reference", ""),
    (_WALK.access[0], "granted", True),
    (_WALK.invoice.seller, "email", "ttr-e.com"),
    (_WALK.invoice.lines[0], "amount", 650),
    (_WALK.invoice, "subtotal", Money(Decimal("1.00"), "USD")),
    (_WALK.credit_note.lines[0], "kind", "price_credited"),
    (_WALK.credit_note, "total", Money(Decimal("1.00"), "USD")),
    (Case(purchase=purchase(), request=request(PAID)), "activations", [event()]),
    # The support desk (issue 6)
    (refund("100.00"), "amount", usd("0.00")),
    (support_exception(usd("25.00")), "approved_by", " "),
    (support_exception(), "amount", "all"),
    (_SUPPORTED, "open_cases", ("C-1",)),
    (_DISPUTE, "statement", ""),
    # Policy versions and amendments (issue 4)
    (DEFAULT_HISTORY, "versions", ()),
    (diff(DEFAULT_POLICY, _SHORTER)[0], "path", ""),
    (_IMPACT.examples[0], "boundary", " "),
    (_IMPACT, "examples", [_IMPACT.examples[0]]),
]

_IDS = [type(value).__name__ for value, _, _ in VALUES]
INSTANCES = [value for value, _, _ in VALUES]
_NAMESPACE = {
    **{name: getattr(ttre_policy, name) for name in ttre_policy.__all__},
    "Decimal": decimal.Decimal,
    "datetime": dt,
    "zoneinfo": zoneinfo,
    "frozenset": frozenset,
}


class TestEveryValueType:
    """DEVELOPERS.md: "Immutable attrs classes (frozen, slots), validated at construction"."""

    @pytest.mark.parametrize(("value", "field", "bad"), VALUES, ids=_IDS)
    def test_is_frozen(self, value: attrs.AttrsInstance, field: str, bad: object) -> None:
        """A value cannot be changed in place."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field, bad)

    @pytest.mark.parametrize("value", INSTANCES, ids=_IDS)
    def test_is_slotted(self, value: object) -> None:
        """A value has slots and no per-instance dict."""
        assert not hasattr(value, "__dict__")

    @pytest.mark.parametrize(("value", "field", "bad"), VALUES, ids=_IDS)
    def test_evolve_validates_and_leaves_the_original_unchanged(
        self, value: attrs.AttrsInstance, field: str, bad: object
    ) -> None:
        """DEVELOPERS.md: "`attrs.evolve` keeps them valid": a refused value raises, naming the field."""
        before = copy.deepcopy(value)

        with pytest.raises(PolicyInputError, match=rf"^{field}[.\[:]") as raised:
            attrs.evolve(value, **{field: bad})  # type: ignore[misc]  # the attrs plugin wants a concrete class; this runs over each in turn

        assert raised.value.field.startswith(field)
        assert before == value

    @pytest.mark.parametrize("value", INSTANCES, ids=_IDS)
    def test_equal_copies_hash_alike(self, value: attrs.AttrsInstance) -> None:
        """Equal values have equal hashes; copies are equal; a value is not equal to None."""
        twin = attrs.evolve(value)  # type: ignore[misc]  # as above

        assert twin == value
        assert hash(twin) == hash(value)
        assert copy.copy(value) == value
        assert copy.deepcopy(value) == value
        assert value != None  # noqa: E711  # equality with None must be False, not an error

    @pytest.mark.parametrize("value", INSTANCES, ids=_IDS)
    def test_repr_is_valid_python(self, value: object) -> None:
        """The repr rebuilds an equal value, as Hypothesis's stateful reports need."""
        rebuilt = eval(repr(value), dict(_NAMESPACE))  # noqa: S307  # our own repr, in a test

        assert value == rebuilt

    @pytest.mark.parametrize("value", INSTANCES, ids=_IDS)
    def test_pickles(self, value: object) -> None:
        """A value survives pickling, as `--jobs` sends it between processes."""
        assert value == pickle.loads(pickle.dumps(value))  # noqa: S301  # our own bytes, in a test


def test_clause_text_hash_is_derived_not_given() -> None:
    """Issue 4: the hash a decision cites is computed from the words, never supplied."""
    clause = ClauseText(
        clause_id="2.1(a)", heading="h", text="All payments made for our services are final."
    )

    assert PUBLISHED_CLAUSES[9].sha256 == clause.sha256
    with pytest.raises(TypeError):
        ClauseText(clause_id="2.1(a)", heading="h", text="t", sha256="0" * 64)  # type: ignore[call-arg]  # not a parameter


_IDENTIFIER = (
    "expected a non-empty printable identifier of at most 200 characters, "
    "without surrounding spaces"
)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: request(PAID, request_id=42),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            "request_id: 42 is of the wrong type; expected an identifier string",
        ),
        (
            lambda: request(PAID, request_id=""),
            InvalidValueError,
            f"request_id: '' is not valid here; {_IDENTIFIER}",
        ),
        (
            lambda: request(PAID, request_id="R\n1"),
            InvalidValueError,
            f"request_id: 'R\\n1' is not valid here; {_IDENTIFIER}",
        ),
        (
            lambda: request(PAID, request_id="R" * 201),
            InvalidValueError,
            f"request_id: '{'R' * 201}' is not valid here; {_IDENTIFIER}",
        ),
        (
            lambda: attrs.evolve(TTRE_SUPPORT, team="  "),
            InvalidValueError,
            "team: '  ' is not valid here; expected non-empty text",
        ),
        (
            lambda: attrs.evolve(TTRE_SUPPORT, team=42),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            "team: 42 is of the wrong type; expected a string",
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, packages=DEFAULT_POLICY.packages * 2),
            InvalidValueError,
            (
                "packages: ['all-in-one', 'tiktok-shop-management', 'all-in-one', "
                "'tiktok-shop-management'] is not valid here; "
                "expected at least one package, each code listed once"
            ),
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, packages=()),
            InvalidValueError,
            "packages: [] is not valid here; expected at least one package, each code listed once",
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, clauses=PUBLISHED_CLAUSES[1:]),
            InvalidValueError,
            (
                "clauses: ['1.1(b)', '1.1(c)', '1.2(a)', '1.2(b)', '1.2(c)', '1.3(a)', '1.3(b)', "
                "'1.3(c)', '2.1(a)', '2.1(b)', '2.2(a)', '2.2(b)', '2.3(a)', '2.4(a)', '3(a)', "
                "'4(a)', '5(a)'] is not valid here; expected the text of every clause the rules "
                "cite, each once: 1.1(a), 1.1(b), 1.1(c), 1.2(a), 1.2(b), 1.2(c), 1.3(a), 1.3(b), "
                "1.3(c), 2.1(a), 2.1(b), 2.2(a), 2.2(b), 2.3(a), 2.4(a), 3(a), 4(a), 5(a)"
            ),
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, price_change_notice_days=-1),
            InvalidValueError,
            (
                "price_change_notice_days: -1 is not valid here; "
                "expected a whole number of days from 0 to 3660"
            ),
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, packages=[]),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            "packages: [] is of the wrong type; expected a tuple of a Package",
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, packages=("all-in-one",)),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            "packages[0]: 'all-in-one' is of the wrong type; expected a Package",
        ),
        (
            lambda: attrs.evolve(PUBLISHED_CLAUSES[0], clause_id="1.1"),
            InvalidValueError,
            (
                "clause_id: '1.1' is not valid here; expected a clause id such as '2.2(a)' "
                "(see CLAUSES.md)"
            ),
        ),
        (
            lambda: attrs.evolve(_DECISION.reasons[0], clause_sha256=None),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidValueError,
            "clause_sha256: None is not valid here; expected a SHA-256 digest in lower-case hex",
        ),
        (
            lambda: attrs.evolve(_DECISION.reasons[0], clause_sha256="0" * 63),
            InvalidValueError,
            (
                f"clause_sha256: '{'0' * 63}' is not valid here; "
                "expected a SHA-256 digest in lower-case hex"
            ),
        ),
    ],
)
def test_identifiers_texts_and_collections_are_checked(
    build: object, error: type[PolicyInputError], message: str
) -> None:
    """
    Identifiers are trimmed, printable, non-empty strings; texts are non-empty; collections are tuples of their type.

    Issue 2: "Bad input gets a clear, typed error that names the field and the
    value": each refusal is pinned whole, with what was expected.
    """
    assert callable(build)
    with pytest.raises(error) as raised:
        build()

    assert message == str(raised.value)


def test_an_identifier_of_the_longest_length_is_accepted() -> None:
    """Issue 2: identifiers are bounded, "at most 200 characters": 200 are accepted, 201 refused (above)."""
    longest = "R" * 200

    assert longest == request(PAID, request_id=longest).request_id


def test_a_field_takes_its_own_type_and_a_bool_is_not_a_number() -> None:
    """
    Issue 2: "Bad input gets a clear, typed error that names the field and the value": a field takes a value of its own type only.

    ``True`` is an int to Python, but no field of the library means a flag
    when it says a number: a bool is refused where a number is expected, and
    accepted where a flag is. Tuples hold items of their one type. The class
    is built when the test runs, so that the validators it checks are built
    by the code the test runs against.
    """

    @attrs.frozen
    class Window:
        days: int = attrs.field(validator=instance_of(int, "a whole number of days"))
        rolls: bool = attrs.field(validator=instance_of(bool, "True or False"))
        holidays: tuple[int, ...] = attrs.field(validator=tuple_of(int, "a day number"))

    assert (14, True, (1, 2)) == attrs.astuple(Window(days=14, rolls=True, holidays=(1, 2)))
    refusals = []
    for days, rolls, holidays in [
        (True, True, ()),
        ("14", True, ()),
        (14, 1, ()),
        (14, True, [1]),
        (14, True, (1, "2")),
    ]:
        with pytest.raises(InvalidTypeError) as raised:
            Window(days, rolls, holidays)  # type: ignore[arg-type]  # the wrong types are the point
        refusals.append(str(raised.value))

    assert [
        "days: True is of the wrong type; expected a whole number of days",
        "days: '14' is of the wrong type; expected a whole number of days",
        "rolls: 1 is of the wrong type; expected True or False",
        "holidays: [1] is of the wrong type; expected a tuple of a day number",
        "holidays[1]: '2' is of the wrong type; expected a day number",
    ] == refusals


@pytest.mark.parametrize(
    "email", ["partners@ttr-e.com", "billing@mail.ttr-e.com.hk", "first.last+refunds@ttr-e.com"]
)
def test_a_contact_e_mail_address_is_accepted(email: str) -> None:
    """4(a): "Email: partners@ttr-e.com": a contact's e-mail is an address a customer can write to."""
    assert email == attrs.evolve(TTRE_SUPPORT, email=email).email


@pytest.mark.parametrize(
    "email",
    [
        "partners at ttr-e.com",
        "@ttr-e.com",
        "partners@",
        "partners@ttr-e",
        "partners@ttr-e@ttr-e.com",
        "partners@ttr-e.com@ttr-e.com",
        "partners@.com",
        "partners@ttr-e..com",
        "partners@ttr-e.com.",
        "partners@ttr-e .com",
    ],
)
def test_a_contact_e_mail_that_is_not_an_address_is_refused(email: str) -> None:
    """
    4(a): "please reach out to us using the details below: Email: partners@ttr-e.com": an e-mail a customer cannot write to is refused.

    One "@" between a local part and a domain of at least two non-empty
    labels, and no spaces.
    """
    with pytest.raises(InvalidValueError) as raised:
        attrs.evolve(TTRE_SUPPORT, email=email)

    assert f"email: {email!r} is not valid here; expected an e-mail address" == str(raised.value)
