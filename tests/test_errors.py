"""
The error contract: one hierarchy under PolicyInputError(ValueError).

DEVELOPERS.md: "Bad input gets a typed error from one hierarchy under
`PolicyInputError(ValueError)` that names the field, the value, and what was
expected. Never a silent fix-up, never a bare assert for input checking."
"""

from __future__ import annotations

import inspect
import pickle
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from tests.helpers import BOUGHT, PAID, event, purchase, request, usd
from ttre_policy import (
    ALL_IN_ONE,
    ActivationKind,
    evaluate_refund,
    exceptions,
    floor_in_force,
    quote,
    refund_outstanding,
)
from ttre_policy.exceptions import InvalidTypeError, PolicyInputError

if TYPE_CHECKING:
    from collections.abc import Callable

_ASKED = request(PAID + timedelta(days=1))

ERRORS = [
    cls
    for _, cls in inspect.getmembers(exceptions, inspect.isclass)
    if issubclass(cls, Exception) and cls.__module__ == exceptions.__name__
]


def test_every_error_is_exported() -> None:
    """Every error class of the hierarchy is public, listed in exceptions.__all__."""
    assert sorted(cls.__name__ for cls in ERRORS) == sorted(exceptions.__all__)


@pytest.mark.parametrize("error", ERRORS, ids=lambda cls: cls.__name__)
def test_every_error_is_a_policy_input_error_and_a_value_error(error: type[Exception]) -> None:
    """DEVELOPERS.md: "one hierarchy under `PolicyInputError(ValueError)`", each summed up in one sentence."""
    assert issubclass(error, PolicyInputError)
    assert issubclass(error, ValueError)
    assert (error.__doc__ or "").strip().splitlines()[0].endswith(".")


@pytest.mark.parametrize("error", ERRORS, ids=lambda cls: cls.__name__)
def test_every_error_names_field_value_and_expectation_and_pickles(
    error: type[PolicyInputError],
) -> None:
    """DEVELOPERS.md: an error "names the field, the value, and what was expected"; it survives pickling."""
    raised = error("purchase.price_excl_tax.amount", "5O0", "a decimal number")

    assert str(raised).startswith("purchase.price_excl_tax.amount: '5O0' ")
    assert str(raised).endswith("; expected a decimal number")
    unpickled = pickle.loads(pickle.dumps(raised))  # noqa: S301  # our own bytes
    assert (type(raised), str(raised), raised.field) == (
        type(unpickled),
        str(unpickled),
        unpickled.field,
    )


def test_an_error_can_be_located_inside_a_document() -> None:
    """Issue 5: reading JSON names "the JSON path of the bad field"; within() prefixes the path."""
    located = InvalidTypeError(
        "amount", "5O0", "a decimal number", "is not a decimal number"
    ).within("purchase.price")
    bare = InvalidTypeError("", 1, "an object").within("purchase")

    assert (
        str(located)
        == "purchase.price.amount: '5O0' is not a decimal number; expected a decimal number"
    )
    assert isinstance(located, TypeError)
    assert bare.field == "purchase"


def test_a_long_value_is_shortened_in_the_message_and_kept_whole() -> None:
    """DEVELOPERS.md: an error names "the value"; one line of a message shows at most 300 characters of it."""
    huge = "x" * 5000

    error = InvalidTypeError("policy", huge, "a PolicyVersion")

    assert (
        f"policy: '{'x' * 279}...{'x' * 14}' is of the wrong type; expected a PolicyVersion"
        == str(error)
    )
    assert huge == error.value


_BAD_COLLECTIONS = [
    ("activations", None, "Activation", lambda bad: evaluate_refund(purchase(), _ASKED, bad)),
    (
        "refunds",
        "re_1",
        "RefundRecord",
        lambda bad: evaluate_refund(purchase(), _ASKED, refunds=bad),
    ),
    (
        "open_disputes",
        {"C-1": None},
        "DisputeCase",
        lambda bad: evaluate_refund(purchase(), _ASKED, open_disputes=bad),
    ),
    (
        "refunds",
        None,
        "RefundRecord",
        lambda bad: refund_outstanding(evaluate_refund(purchase(), _ASKED), bad),
    ),
    ("changes", 5, "PriceChange", lambda bad: floor_in_force(ALL_IN_ONE, BOUGHT, bad)),
    (
        "changes",
        None,
        "PriceChange",
        lambda bad: quote(ALL_IN_ONE, usd("500.00"), quoted_at=BOUGHT, changes=bad),
    ),
]


@pytest.mark.parametrize(("field", "bad", "item", "call"), _BAD_COLLECTIONS)
def test_a_collection_argument_that_is_none_a_string_or_a_mapping_is_refused(
    field: str, bad: object, item: str, call: Callable[[object], object]
) -> None:
    """DEVELOPERS.md: bad input gets a typed error "that names the field, the value, and what was expected", never a bare TypeError."""
    with pytest.raises(InvalidTypeError) as raised:
        call(bad)

    assert str(raised.value) == (
        f"{field}: {bad!r} is of the wrong type; expected a list or tuple of {item}"
    )


def test_any_other_iterable_of_records_is_read_as_a_list_is() -> None:
    """DEVELOPERS.md: refusals are for bad input only: a generator of events decides as a tuple does."""
    used = event(ActivationKind.USED, PAID + timedelta(hours=1))

    assert evaluate_refund(purchase(), _ASKED, (e for e in [used])) == evaluate_refund(
        purchase(), _ASKED, (used,)
    )
