"""
attrs validators that raise the library's own typed errors.

attrs' built-in validators raise a bare `TypeError` or `ValueError`; every
value type here uses these instead, so that bad input always surfaces as a
`PolicyInputError` naming the field, the value and what was expected.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from ttre_policy.exceptions import InvalidTypeError, InvalidValueError, NaiveDatetimeError

if TYPE_CHECKING:
    from collections.abc import Callable

    import attrs

    Validator = Callable[[Any, attrs.Attribute[Any], Any], None]

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
    """Return *value* if it is an aware datetime; raise a typed error otherwise (ruling 6)."""
    if not isinstance(value, datetime):
        raise InvalidTypeError(field, value, "an aware datetime.datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError(
            field,
            value,
            "an aware datetime, e.g. datetime(2026, 11, 1, 10, 0, "
            'tzinfo=ZoneInfo("Asia/Hong_Kong"))',
        )
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
