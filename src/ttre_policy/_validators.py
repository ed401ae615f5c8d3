"""
attrs validators that raise the library's own typed errors.

attrs' built-in validators raise a bare `TypeError` or `ValueError`; every
value type here uses these instead, so that bad input always surfaces as a
`PolicyInputError` naming the field, the value and what was expected.
"""

from __future__ import annotations

from collections import abc
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from ttre_policy.exceptions import InvalidTypeError, InvalidValueError, NaiveDatetimeError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import attrs

    Validator = Callable[[Any, attrs.Attribute[Any], Any], None]

#: The first instant the library accepts (ruling A70): before it, some zones'
#: offsets and the calendar arithmetic of the rules leave datetime's range.
EARLIEST_INSTANT: Final = datetime(1900, 1, 1, tzinfo=UTC)
#: The last instant the library accepts (ruling A70): a ten-year window and a
#: holiday roll from it stay far inside datetime's range.
LATEST_INSTANT: Final = datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
_INSTANT_RANGE: Final = (
    f"an instant from {EARLIEST_INSTANT.isoformat()} to {LATEST_INSTANT.isoformat()}"
)
_OUT_OF_RANGE: Final = "is outside the instants this library accepts"

#: The longest identifier (purchase id, request id, version id) accepted.
MAX_IDENTIFIER_LENGTH: Final = 200


def instance_of(kind: type | tuple[type, ...], expected: str) -> Validator:
    """Refuse a value that is not an instance of *kind*, describing it as *expected*."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        # bool is an int; no field of this library means "True" when it says a number.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise InvalidTypeError(attribute.name, value, expected)

    return check


def check_aware(field: str, value: object) -> datetime:
    """
    Return *value* if it is an aware datetime in the supported range; raise otherwise.

    Ruling 6 refuses a naive datetime; ruling A70 refuses an instant before
    1900 or after 2999 (UTC), where the rules' arithmetic would leave
    datetime's range.
    """
    if not isinstance(value, datetime):
        raise InvalidTypeError(field, value, "an aware datetime.datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(
            field,
            value,
            "an aware datetime, e.g. datetime(2026, 11, 1, 10, 0, "
            'tzinfo=ZoneInfo("Asia/Hong_Kong"))',
        )
    # Aware datetimes compare as instants, without conversion: even year 1
    # east of UTC, whose UTC instant datetime cannot hold, compares safely.
    if not EARLIEST_INSTANT <= value <= LATEST_INSTANT:
        raise InvalidValueError(field, value, _INSTANT_RANGE, _OUT_OF_RANGE)
    return value


def aware(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but an aware datetime (ruling 6)."""
    check_aware(attribute.name, value)


def optional_aware(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but None or an aware datetime (ruling 6)."""
    if value is not None:
        check_aware(attribute.name, value)


def check_identifier(field: str, value: object) -> str:
    """Return *value* if it is a non-empty, printable, trimmed string; raise otherwise."""
    if not isinstance(value, str):
        raise InvalidTypeError(field, value, "an identifier string")
    if (
        not value
        or value != value.strip()
        or not value.isprintable()
        or len(value) > MAX_IDENTIFIER_LENGTH
    ):
        raise InvalidValueError(
            field,
            value,
            f"a non-empty printable identifier of at most {MAX_IDENTIFIER_LENGTH} "
            "characters, without surrounding spaces",
        )
    return value


def identifier(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse an identifier that is not a non-empty, printable, trimmed string."""
    check_identifier(attribute.name, value)


def text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse text that is not a non-empty string."""
    if not isinstance(value, str):
        raise InvalidTypeError(attribute.name, value, "a string")
    if not value.strip():
        raise InvalidValueError(attribute.name, value, "non-empty text")


def tuple_of(kind: type, expected: str) -> Validator:
    """Refuse anything but a tuple whose items are all instances of *kind*."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidTypeError(attribute.name, value, f"a tuple of {expected}")
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidTypeError(f"{attribute.name}[{index}]", item, expected)

    return check


def check_iterable(field: str, value: object, expected: str) -> Iterable[Any]:
    """
    Return *value* if it is a collection of items to check one by one; raise otherwise.

    A string is iterable but never a collection of records; a mapping would
    give its keys. Both are refused, as is None.
    """
    if value.__class__ is tuple or value.__class__ is list:
        return value  # the common case, without the slower abstract checks below
    if isinstance(value, (str, bytes, abc.Mapping)) or not isinstance(value, abc.Iterable):
        raise InvalidTypeError(field, value, f"a list or tuple of {expected}")
    return value
