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


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: request(PAID, request_id=42),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            r"^request_id: 42 .* identifier string",
        ),
        (lambda: request(PAID, request_id=""), InvalidValueError, r"^request_id: '' "),
        (lambda: request(PAID, request_id="R\n1"), InvalidValueError, r"^request_id: 'R\\n1' "),
        (
            lambda: request(PAID, request_id="R" * 201),
            InvalidValueError,
            r"at most 200 characters",
        ),
        (
            lambda: attrs.evolve(TTRE_SUPPORT, team="  "),
            InvalidValueError,
            r"^team: '  ' .* non-empty text",
        ),
        (
            lambda: attrs.evolve(TTRE_SUPPORT, team=None),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            r"^team: None .* a string",
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, packages=DEFAULT_POLICY.packages * 2),
            InvalidValueError,
            r"^packages: .* each code listed once",
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, clauses=PUBLISHED_CLAUSES[1:]),
            InvalidValueError,
            r"^clauses: .* every clause the rules cite",
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, packages=[]),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            r"^packages: \[\] .* a tuple of a Package",
        ),
        (
            lambda: attrs.evolve(DEFAULT_POLICY, packages=("all-in-one",)),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidTypeError,
            r"^packages\[0\]: 'all-in-one'",
        ),
        (
            lambda: attrs.evolve(_DECISION.reasons[0], clause_sha256=None),  # type: ignore[arg-type]  # the wrong type is the point
            InvalidValueError,
            r"^clause_sha256: None",
        ),
    ],
)
def test_identifiers_texts_and_collections_are_checked(
    build: object, error: type[PolicyInputError], message: str
) -> None:
    """Identifiers are trimmed, printable, non-empty strings; texts are non-empty; collections are tuples of their type."""
    assert callable(build)
    with pytest.raises(error, match=message):
        build()
