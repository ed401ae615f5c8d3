"""
The JSON wire format: every public value to and from JSON, with a versioned schema tag.

Other services exchange ttre_policy's inputs and decisions as JSON. This
module is the one place that defines how: a registry of *document types*
(each an attrs class with a name and a version), a cattrs converter built
once with strict hooks for the leaves, and a JSON Schema (2020-12) generator
that walks the same classes and type hints, so the schemas committed under
``schemas/`` are derived from the code and a test fails when they go stale.

The format, for every document type:

- Every document carries a ``schema`` tag with its name and version, e.g.
  ``"schema": "ttre-policy/decision/1"``. Nested objects need none; one that
  carries a tag must carry its own type's.
- Amounts and rates are decimal **strings** (``"484.70"``), never JSON
  numbers: a number where a decimal belongs is refused, so no float ever
  rounds a cent (ruling 5). Money is ``{"amount": "484.70", "currency": "USD"}``.
- Instants are RFC 3339 with their UTC offset. An instant in an IANA zone
  also carries the zone's name as an RFC 9557 suffix:
  ``2026-11-01T10:00:00+08:00[Asia/Hong_Kong]``. The offset fixes the
  instant exactly; the name brings back the zone, so that the local calendar
  day (ruling 1) and an instant in a repeated hour survive the trip (see
  docs/rulings.md, A40).
- Enumerations are their stable lower-case values (``"credit_card"``).
  Sets are arrays without repeats; tuples are arrays.
- Derived fields (a clause's ``sha256``, a reason's ``clause_id``) are
  written, and checked against the other fields when read.

Reading is strict and says where: bad JSON raises the same typed errors as
the Python API, located at the JSON path of the bad field:

>>> from ttre_policy import Money
>>> from_document({"schema": "ttre-policy/money/1", "amount": "5O0", "currency": "USD"})
Traceback (most recent call last):
...
ttre_policy.exceptions.InvalidValueError: amount: '5O0' is not a decimal number; \
expected a decimal string such as '484.70'

A round trip gives back an equal value:

>>> from decimal import Decimal
>>> text = to_json(Money(Decimal("484.7"), "USD"))
>>> text
'{"schema":"ttre-policy/money/1","amount":"484.70","currency":"USD"}'
>>> from_json(text)
Money(amount=Decimal('484.70'), currency='USD')

New document types join with `register_document`; their fields may use any
type the converter knows (attrs classes, `PolicyEnum` subclasses, `Money`,
instants, dates, decimals, zones, tuples, frozensets, optionals).
"""

from __future__ import annotations

import functools
import inspect
import json
import re
import types
import typing
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeGuard, TypeVar, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ttre_policy import _validators
from ttre_policy._amendments import AmendmentImpact, ImpactExample, PolicyChange
from ttre_policy._cases import Case
from ttre_policy._clauses import CLAUSE_ID_PATTERN, ClauseText
from ttre_policy._decisions import Reason, RefundDecision
from ttre_policy._enums import PolicyEnum
from ttre_policy._fees import FeeSchedule, ProcessingFee
from ttre_policy._history import PolicyHistory
from ttre_policy._invoices import CreditNote, CreditNoteLine, Invoice, InvoiceLine, Seller
from ttre_policy._ledger import RefundRecord, SupportException
from ttre_policy._money import Money
from ttre_policy._packages import Package
from ttre_policy._payments import AccessDecision, PaymentConfirmation
from ttre_policy._prices import PriceChange
from ttre_policy._purchases import Activation, Purchase, RefundRequest
from ttre_policy._quotes import Quote, TaxLine
from ttre_policy._support import DisputeCase
from ttre_policy._time import MAX_WINDOW_DAYS, RefundWindow, utc
from ttre_policy._versions import PolicyVersion, SupportContact
from ttre_policy.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    MalformedJSONError,
    MissingFieldError,
    NaiveDatetimeError,
    PolicyInputError,
    SchemaTagError,
    UnknownFieldError,
    UnknownTimeZoneError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "MISSING",
    "SCHEMA_KEY",
    "DocumentType",
    "document_types",
    "from_document",
    "from_json",
    "json_schema",
    "register_document",
    "schema_tag",
    "to_document",
    "to_json",
]

T = TypeVar("T")

#: The key under which every document carries its schema tag.
SCHEMA_KEY: Final = "schema"
#: The JSON Schema dialect of the generated schemas.
JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_DOCUMENT_NAME: Final = re.compile(r"[a-z]+(?:-[a-z]+)*")
_DECIMAL: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: RFC 3339 date-time (upper-case T and Z, at most microseconds), optionally
#: followed by an RFC 9557 time-zone suffix, critical ("!") or not.
_INSTANT: Final = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?)"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
    r"(?:\[!?([A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*)\])?"
)
_ONE_MINUTE: Final = timedelta(minutes=1)

_DECIMAL_EXPECTED: Final = "a decimal string such as '484.70'"
_INSTANT_EXPECTED: Final = (
    "an RFC 3339 date and time with its offset, optionally with the time zone, "
    "e.g. '2026-11-01T10:00:00+08:00[Asia/Hong_Kong]'"
)


class _Missing:
    """The value of a field a document lacks: it reads "a value is missing"."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "a value"

    def __reduce__(self) -> str:
        return "MISSING"


#: What a `MissingFieldError` names as the value received.
MISSING: Final = _Missing()


class _JSONNumber:
    """A JSON number with a fraction or exponent, kept as written (never a float)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


# ------------------------------------------------------------ the registry


@attrs.frozen
class DocumentType:
    """
    A type of JSON document: an attrs class, its document name and version.

    Attributes:
        kind: The class whose values the documents hold.
        name: The document name in the tag, lower-case words joined by
            hyphens (``"decision"``).
        version: The version of the document's format; a change that an
            older reader would misread is a new version.

    >>> DocumentType(RefundDecision, "decision", 1).tag
    'ttre-policy/decision/1'
    """

    kind: type
    name: str
    version: int

    @property
    def tag(self) -> str:
        """The schema tag every document of this type carries."""
        return f"ttre-policy/{self.name}/{self.version}"


_BY_KIND: dict[type, DocumentType] = {}
_BY_TAG: dict[str, DocumentType] = {}


def register_document(kind: type, name: str, *, version: int = 1) -> DocumentType:
    """
    Make the attrs class *kind* a document type named *name*, at *version*.

    Registering the same class under the same name and version again is
    harmless; anything else that would make a tag ambiguous is refused. The
    converter and the schema generator then handle the class like the
    built-in ones: its fields need no code of their own.

    >>> register_document(Money, "money").tag
    'ttre-policy/money/1'
    """
    if not attrs.has(kind):
        raise InvalidTypeError("kind", kind, "an attrs class")
    if _DOCUMENT_NAME.fullmatch(name) is None:
        raise InvalidValueError("name", name, "lower-case words joined by hyphens")
    if type(version) is not int or version < 1:
        raise InvalidValueError("version", version, "a whole number from 1")
    document = DocumentType(kind, name, version)
    known = _BY_KIND.get(kind, _BY_TAG.get(document.tag, document))
    if known != document:
        raise InvalidValueError(
            "kind",
            kind,
            f"a class and a tag not registered yet; {known.kind.__name__} is already "
            f"registered as {known.tag!r}",
        )
    _BY_KIND[kind] = _BY_TAG[document.tag] = document
    return document


def document_types() -> tuple[DocumentType, ...]:
    """
    Return every registered document type, in the order registered.

    >>> [document.name for document in document_types()][:3]
    ['money', 'package', 'purchase']
    """
    return tuple(_BY_KIND.values())


def _document(kind: object) -> DocumentType:
    document = _BY_KIND.get(kind) if isinstance(kind, type) else None
    if document is None:
        raise InvalidTypeError(
            "kind",
            kind,
            "a registered document type: "
            + ", ".join(document.kind.__name__ for document in _BY_KIND.values()),
        )
    return document


def schema_tag(kind: type) -> str:
    """
    Return the schema tag of the document type *kind*.

    >>> schema_tag(Case)
    'ttre-policy/case/1'
    """
    return _document(kind).tag


# ------------------------------------------------------------------ leaves


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def _instant_text(value: datetime) -> str:
    zone = value.tzinfo
    key = zone.key if isinstance(zone, ZoneInfo) else None
    if key is not None:
        # The instant the value denotes, read in its zone: the value itself
        # unless it names a wall time skipped by a clock change.
        value = utc(value).astimezone(zone)
    offset = value.utcoffset()
    if offset is None:
        raise NaiveDatetimeError("", value, "an aware datetime")
    # RFC 3339 offsets are whole minutes; a zone's historical local mean
    # time may not be. Such an instant is written in UTC, exactly.
    text = (
        value.isoformat()
        if not offset % _ONE_MINUTE
        else utc(value).replace(tzinfo=None).isoformat() + "Z"
    )
    return f"{text}[{key}]" if key is not None else text


def _zone_key(zone: ZoneInfo) -> str:
    if zone.key is None:
        raise InvalidValueError("", zone, "a zone with an IANA name, e.g. ZoneInfo('Etc/UTC')")
    return zone.key


def _kind_of(value: object) -> str:
    if isinstance(value, (_JSONNumber, int)) and not isinstance(value, bool):
        return "a JSON number"
    names = {str: "a string", bool: "a boolean", list: "an array", dict: "an object"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _wrong_type(value: object, expected: str) -> InvalidTypeError:
    return InvalidTypeError("", value, expected, f"is {_kind_of(value)}")


def _exactly(kind: type[T], expected: str) -> Callable[[object, object], T]:
    """Return a hook that reads a value of exactly *kind*: never converts one (5 is no "5")."""

    def structure(value: object, _: object) -> T:
        if type(value) is not kind:
            raise _wrong_type(value, expected)
        return value

    return structure


def _structure_decimal(value: object, _: object) -> Decimal:
    if type(value) is not str:
        raise _wrong_type(value, _DECIMAL_EXPECTED)
    if _DECIMAL.fullmatch(value) is None:
        raise InvalidValueError("", value, _DECIMAL_EXPECTED, "is not a decimal number")
    return Decimal(value)


def _structure_date(value: object, _: object) -> date:
    if type(value) is not str:
        raise _wrong_type(value, "a date such as '2026-11-01'")
    try:
        if _DATE.fullmatch(value) is None:
            raise ValueError(value)  # noqa: TRY301  # one message for both failures
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(
            "", value, "a date such as '2026-11-01'", "is not a calendar date"
        ) from None


def _zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZoneError(
            "", key, "an IANA time-zone name such as 'Asia/Hong_Kong'"
        ) from None


def _structure_zone(value: object, _: object) -> ZoneInfo:
    if type(value) is not str:
        raise _wrong_type(value, "an IANA time-zone name such as 'Asia/Hong_Kong'")
    return _zone(value)


def _structure_instant(value: object, _: object) -> datetime:
    if type(value) is not str:
        raise _wrong_type(value, _INSTANT_EXPECTED)
    match = _INSTANT.fullmatch(value)
    if match is None:
        raise InvalidValueError("", value, _INSTANT_EXPECTED, "is not an RFC 3339 date and time")
    wall, offset, key = match.groups()
    if offset is None:
        raise NaiveDatetimeError("", value, _INSTANT_EXPECTED, "has no UTC offset")
    try:
        instant = datetime.fromisoformat(wall + ("+00:00" if offset == "Z" else offset))
    except ValueError:
        raise InvalidValueError(
            "", value, _INSTANT_EXPECTED, "is not a valid date and time"
        ) from None
    if key is None:
        return instant.replace(tzinfo=UTC) if not instant.utcoffset() else instant
    try:
        local = instant.astimezone(_zone(key))
    except OverflowError:
        # An instant within hours of datetime's limits, where the zone's offset
        # would carry it past them.
        raise InvalidValueError(
            "", value, _INSTANT_EXPECTED, "is too close to the limits of a datetime"
        ) from None
    # "Z" gives the instant alone; any other offset must be the zone's own then.
    if offset != "Z" and local.utcoffset() != instant.utcoffset():
        raise InvalidValueError(
            "",
            value,
            f"the offset of {key} at that instant, {local.isoformat()[len(wall) :]}",
            "has an offset that its time zone does not have at that time",
        )
    return local


def _enum_hook(kind: type[PolicyEnum]) -> Callable[[object, object], PolicyEnum]:
    members: dict[object, PolicyEnum] = {member.value: member for member in kind}
    expected = "one of " + ", ".join(repr(value) for value in members)

    def structure(value: object, _: object) -> PolicyEnum:
        if type(value) is not str:
            raise _wrong_type(value, expected)
        member = members.get(value)
        if member is None:
            raise InvalidValueError("", value, expected, f"is not {_article(kind.__name__)} value")
        return member

    return structure


def _is_literal(kind: object) -> bool:
    return typing.get_origin(kind) is typing.Literal


def _is_class_or_words(kind: object) -> bool:
    """Whether *kind* is a union of one attrs class with literal words (e.g. Money | "full")."""
    arguments = typing.get_args(kind)
    return (
        typing.get_origin(kind) in {typing.Union, types.UnionType}
        and any(_is_literal(argument) for argument in arguments)
        and sum(isinstance(a, type) and attrs.has(a) for a in arguments) == 1
        and all(_is_literal(a) or (isinstance(a, type) and attrs.has(a)) for a in arguments)
    )


def _class_or_words_hook(
    kind: object, converter: cattrs.Converter
) -> Callable[[object, object], object]:
    """Read a JSON object as the union's class, and a JSON string as one of its words."""
    arguments = typing.get_args(kind)
    cls = next(a for a in arguments if isinstance(a, type) and attrs.has(a))
    words = tuple(word for a in arguments if _is_literal(a) for word in typing.get_args(a))
    read_class = converter.get_structure_hook(cls)
    expected = f"{_article(cls.__name__)} object or one of " + ", ".join(map(repr, words))

    def structure(value: object, _: object) -> object:
        if type(value) is dict:
            return read_class(value, cls)
        if type(value) is str and value in words:
            return value
        if type(value) is str:
            raise InvalidValueError("", value, expected, "is not one of the words allowed here")
        raise _wrong_type(value, expected)

    return structure


def _document_classes(kind: object) -> tuple[type, ...]:
    """The attrs classes of a union of two or more of them and nothing else, else ()."""
    if typing.get_origin(kind) not in {typing.Union, types.UnionType}:
        return ()
    arguments = typing.get_args(kind)
    classes = tuple(a for a in arguments if isinstance(a, type) and attrs.has(a))
    # Two or more classes, and nothing else: a None in the union is cattrs' business.
    return classes if len(classes) >= 2 and len(classes) == len(typing.get_args(kind)) else ()  # noqa: PLR2004  # a union of at least two


def _is_class_union(kind: object) -> bool:
    return bool(_document_classes(kind))


def _class_union_hook(
    kind: object, converter: cattrs.Converter
) -> Callable[[object, object], object]:
    """
    Read an object of a union of document classes (a policy version or a history).

    The object's own ``schema`` tag says which class, as the writer puts it
    there. Without one, the class that knows every key of the object, if just
    one does (that class's own reading then reports a missing field); if
    several do, the one whose required fields are all there.
    """
    classes = _document_classes(kind)
    names = " or ".join(_article(cls.__name__) for cls in classes)
    expected = f"{names} object, with its schema tag"
    fields = {cls: attrs.fields(cls) for cls in classes}
    allowed = {
        cls: {f.name for f in fields[cls] if not f.name.startswith("_")} | {SCHEMA_KEY}
        for cls in classes
    }
    required = {
        cls: {f.name for f in fields[cls] if f.init and f.default is attrs.NOTHING}
        for cls in classes
    }

    def structure(value: object, _: object) -> object:
        if type(value) is not dict:
            raise _wrong_type(value, expected)
        tag = value.get(SCHEMA_KEY)
        if tag is not None:
            chosen = [cls for cls in classes if _BY_KIND.get(cls) and _BY_KIND[cls].tag == tag]
        else:
            chosen = [cls for cls in classes if value.keys() <= allowed[cls]]
            if len(chosen) > 1:
                chosen = [cls for cls in chosen if required[cls] <= value.keys()]
        if len(chosen) != 1:
            raise SchemaTagError(SCHEMA_KEY, tag, expected)
        return converter.get_structure_hook(chosen[0])(value, chosen[0])

    return structure


def _class_union_unstructure(_kind: object, converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Write a member of a union of document classes with its schema tag, so it reads back."""

    def unstructure(value: object) -> object:
        cls = type(value)
        return {SCHEMA_KEY: _document(cls).tag, **converter.unstructure(value, cls)}

    return unstructure


# ------------------------------------------------------------- collections


def _is_tuple(kind: object) -> bool:
    arguments = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(arguments) == 2 and arguments[1] is ...  # noqa: PLR2004  # tuple[X, ...]


def _is_frozenset(kind: object) -> bool:
    return typing.get_origin(kind) is frozenset


def _items(kind: object, converter: cattrs.Converter) -> tuple[Any, Callable[[Any, Any], Any]]:
    item = typing.get_args(kind)[0]
    return item, converter.get_structure_hook(item)


def _tuple_hook(
    kind: object, converter: cattrs.Converter
) -> Callable[[object, object], tuple[Any, ...]]:
    item, hook = _items(kind, converter)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _wrong_type(value, "an array")
        if not converter.detailed_validation:
            return tuple([hook(element, item) for element in value])
        result = []
        for index, element in enumerate(value):
            try:
                result.append(hook(element, item))
            except PolicyInputError as error:
                raise error.within(f"[{index}]") from None
        return tuple(result)

    return structure


def _frozenset_hook(
    kind: object, converter: cattrs.Converter
) -> Callable[[object, object], frozenset[Any]]:
    tuple_of: Any = tuple  # a generic alias built at run time, for the item type
    as_tuple = _tuple_hook(tuple_of[typing.get_args(kind)[0], ...], converter)

    def structure(value: object, _: object) -> frozenset[Any]:
        elements = as_tuple(value, kind)
        result = frozenset(elements)
        if len(result) != len(elements):
            index = next(i for i, e in enumerate(elements) if e in elements[:i])
            raise InvalidValueError(
                f"[{index}]",
                typing.cast("list[object]", value)[index],
                "each item once",
                "repeats an earlier item",
            )
        return result

    return structure


def _sorted_list(
    kind: object, converter: cattrs.Converter
) -> Callable[[frozenset[Any]], list[Any]]:
    hook = converter.get_unstructure_hook(typing.get_args(kind)[0])

    def unstructure(value: frozenset[Any]) -> list[Any]:
        return [hook(element) for element in sorted(value)]

    return unstructure


def _first_error(
    attempts: Iterable[tuple[str, Callable[[], object]]],
) -> PolicyInputError | None:
    """Run each attempt; return the first error, located where the attempt says."""
    for where, attempt in attempts:
        try:
            attempt()
        except PolicyInputError as error:
            return error.within(where)
    return None


def _list(kind: object, converter: cattrs.Converter) -> Callable[[tuple[Any, ...]], list[Any]]:
    hook = converter.get_unstructure_hook(typing.get_args(kind)[0])

    def unstructure(value: tuple[Any, ...]) -> list[Any]:
        try:
            return [hook(element) for element in value]
        except PolicyInputError as error:
            attempts = (
                (f"[{index}]", functools.partial(hook, element))
                for index, element in enumerate(value)
            )
            raise (_first_error(attempts) or error) from None

    return unstructure


# ----------------------------------------------------------- attrs classes


def _given_fields(kind: type) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(field for field in attrs.fields(attrs.resolve_types(kind)) if field.init)


def _derived_fields(kind: type) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(
        field
        for field in attrs.fields(attrs.resolve_types(kind))
        if not field.init and not field.name.startswith("_")
    )


def _check_tag(tag: object, kind: type) -> None:
    document = _BY_KIND.get(kind)
    expected = repr(document.tag) if document else "no schema tag in this object"
    if document is None or tag != document.tag:
        other = _BY_TAG.get(tag) if isinstance(tag, str) else None
        # A tag this version reads, of another type, says which type it is.
        problem = f"is the tag of {_article(other.name)} document" if other else None
        raise SchemaTagError(SCHEMA_KEY, tag, expected, problem)


def _locate(group: ClassValidationError, kind: type) -> Exception:
    """Turn cattrs' group of errors for *kind* into the first error, located in it."""
    first = group.exceptions[0]
    # cattrs appends a note naming the attribute at each level; the last is ours.
    names = [
        note.name
        for note in getattr(first, "__notes__", ())
        if isinstance(note, AttributeValidationNote)
    ]
    if isinstance(first, KeyError):
        field = attrs.fields_dict(kind)[names[-1]]
        return MissingFieldError(names[-1], MISSING, _describe(field.type))
    if isinstance(first, PolicyInputError) and names:
        del first.__notes__
        return first.within(names[-1])
    # A validator that relates fields (tax in the price's currency) names its
    # field already; cattrs adds no note to it.
    return first


def _attrs_hook(kind: type, converter: cattrs.Converter) -> Callable[[object, object], object]:
    given = tuple(field.name for field in _given_fields(kind))
    derived = tuple(field.name for field in _derived_fields(kind))
    allowed = frozenset((*given, *derived, SCHEMA_KEY))
    structure_fields: Callable[[dict[str, object], type], object] = make_dict_structure_fn(
        kind, converter
    )
    what = f"{_article(kind.__name__)} object with the fields {', '.join(given + derived)}"

    def structure(value: object, _: object) -> object:
        if type(value) is not dict:
            raise _wrong_type(value, what)
        if not value.keys() <= allowed:
            key = next(key for key in value if key not in allowed)
            raise UnknownFieldError(key, value[key], f"only the fields of {what}")
        if SCHEMA_KEY in value:
            _check_tag(value[SCHEMA_KEY], kind)
        if converter.detailed_validation:
            try:
                instance = structure_fields(value, kind)
            except ClassValidationError as group:
                raise _locate(group, kind) from None
        else:
            instance = structure_fields(value, kind)
        for name in derived:
            if name in value and value[name] != getattr(instance, name):
                raise InvalidValueError(
                    name,
                    value[name],
                    f"{getattr(instance, name)!r}, derived from the other fields",
                    "does not match the other fields",
                )
        return instance

    return structure


def _attrs_unstructure(kind: type, converter: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    overrides = {
        field.name: override(omit=True)
        for field in attrs.fields(kind)
        if field.name.startswith("_")
    } | {
        field.name: override(omit_if_default=True)
        for field in attrs.fields(kind)
        if field.metadata.get("wire_omit_if_default")
    }
    options: dict[str, Any] = {"_cattrs_include_init_false": True, **overrides}
    unstructure_fields: Callable[[object], dict[str, Any]] = make_dict_unstructure_fn(
        kind, converter, **options
    )
    fields = [field for field in attrs.fields(kind) if not field.name.startswith("_")]

    def unstructure(value: object) -> dict[str, Any]:
        try:
            return unstructure_fields(value)
        except PolicyInputError as error:
            # Write each field alone to say which one cannot be written.
            attempts = (
                (
                    field.name,
                    functools.partial(
                        converter.unstructure, getattr(value, field.name), field.type
                    ),
                )
                for field in fields
            )
            raise (_first_error(attempts) or error) from None

    return unstructure


def _is_policy_enum(kind: object) -> TypeGuard[type[PolicyEnum]]:
    return isinstance(kind, type) and issubclass(kind, PolicyEnum)


def _converter(*, detailed: bool) -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=detailed)
    for kind, structure in (
        (str, _exactly(str, "a string")),
        (int, _exactly(int, "a whole JSON number, such as 14")),
        (bool, _exactly(bool, "true or false")),
        (Decimal, _structure_decimal),
        (datetime, _structure_instant),
        (date, _structure_date),
        (ZoneInfo, _structure_zone),
    ):
        converter.register_structure_hook(kind, structure)
    converter.register_structure_hook_factory(_is_policy_enum, _enum_hook)
    converter.register_structure_hook_factory(_is_class_or_words, _class_or_words_hook)
    converter.register_structure_hook_factory(_is_class_union, _class_union_hook)
    converter.register_structure_hook_factory(_is_tuple, _tuple_hook)
    converter.register_structure_hook_factory(_is_frozenset, _frozenset_hook)
    converter.register_structure_hook_factory(attrs.has, _attrs_hook)
    converter.register_unstructure_hook(Decimal, _decimal_text)
    converter.register_unstructure_hook(datetime, _instant_text)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(ZoneInfo, _zone_key)
    converter.register_unstructure_hook_factory(_is_tuple, _list)
    converter.register_unstructure_hook_factory(_is_frozenset, _sorted_list)
    converter.register_unstructure_hook_factory(attrs.has, _attrs_unstructure)
    converter.register_unstructure_hook_factory(_is_class_union, _class_union_unstructure)
    return converter


#: The fast converter reads documents; when it fails, the detailed one
#: reads the same document again to say which field was bad, and where.
_FAST: Final = _converter(detailed=False)
_DETAILED: Final = _converter(detailed=True)


# -------------------------------------------------------------- public API


def to_document(value: object) -> dict[str, Any]:
    """
    Return *value* as a JSON-ready document: dicts, lists, strings, numbers and None.

    The schema tag comes first. *value* must be of a registered document type.

    >>> from decimal import Decimal
    >>> to_document(Money(Decimal("15.3"), "USD"))
    {'schema': 'ttre-policy/money/1', 'amount': '15.30', 'currency': 'USD'}
    """
    kind = type(value)
    document = _document(kind)
    body: dict[str, Any] = _FAST.unstructure(value, kind)
    return {SCHEMA_KEY: document.tag, **body}


@overload
def from_document(document: object, kind: type[T]) -> T: ...
@overload
def from_document(document: object, kind: None = None) -> object: ...
def from_document(document: object, kind: type[T] | None = None) -> T | object:
    """
    Return the value a document describes, checked as the Python API checks it.

    The document must carry its schema tag; *kind*, when given, is the
    type it must be a document of; otherwise the tag says which.

    Raises:
        PolicyInputError: The first thing wrong with the document, with the
            JSON path of the bad field (``$`` for the document itself).

    >>> from_document({"schema": "ttre-policy/money/1", "amount": "1", "currency": "JPY"})
    Money(amount=Decimal('1'), currency='JPY')
    """
    try:
        if type(document) is not dict:
            raise _wrong_type(document, "a JSON object: a ttre-policy document")
        if SCHEMA_KEY not in document:
            raise MissingFieldError(
                SCHEMA_KEY, MISSING, "a schema tag such as 'ttre-policy/case/1'"
            )
        tag = document[SCHEMA_KEY]
        target = _BY_TAG.get(tag) if kind is None else _document(kind)
        if target is None:
            raise SchemaTagError(
                SCHEMA_KEY, tag, "one of " + ", ".join(repr(known) for known in _BY_TAG)
            )
        _check_tag(tag, target.kind)
        try:
            return _FAST.structure(document, target.kind)
        except Exception:  # noqa: BLE001  # whatever failed, the detailed reading says where
            # Read again, slowly, to raise the first error with the path to it.
            return _DETAILED.structure(document, target.kind)
    except PolicyInputError as error:
        raise (error if error.field else error.within("$")) from None


def to_json(value: object, *, indent: int | None = None) -> str:
    """
    Return *value* as JSON text: one line, or indented by *indent* spaces.

    Non-ASCII text is written as is; encode the result as UTF-8.

    >>> from decimal import Decimal
    >>> print(to_json(Money(Decimal("15.3"), "USD"), indent=2))
    {
      "schema": "ttre-policy/money/1",
      "amount": "15.30",
      "currency": "USD"
    }
    """
    if indent is None:
        return _ENCODER.encode(to_document(value))
    return json.dumps(to_document(value), ensure_ascii=False, indent=indent)


#: One line, compact, text as is: built once, as `ttre-policy audit` writes many.
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        key = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]  # set.add returns None, so the test reads "seen before, else note it"
        raise MalformedJSONError(
            "$", key, "each key once in an object", "is repeated in an object"
        )
    return result


def _constant(name: str) -> object:
    raise MalformedJSONError("$", name, "standard JSON, which has no NaN or Infinity")


_DECODER: Final = json.JSONDecoder(
    parse_float=_JSONNumber, parse_constant=_constant, object_pairs_hook=_object
)


@overload
def from_json(text: str | bytes, kind: type[T]) -> T: ...
@overload
def from_json(text: str | bytes, kind: None = None) -> object: ...
def from_json(text: str | bytes, kind: type[T] | None = None) -> T | object:
    """
    Return the value that the JSON document *text* describes.

    Args:
        text: One JSON document, as text or as UTF-8 bytes.
        kind: The document type expected; by default the document's schema
            tag says which.

    Raises:
        PolicyInputError: For text that is not JSON, and for anything
            `from_document` refuses, with the JSON path of the bad field.

    >>> from_json('{"schema": "ttre-policy/money/1", "amount": 500, "currency": "USD"}')
    Traceback (most recent call last):
    ...
    ttre_policy.exceptions.InvalidTypeError: amount: 500 is a JSON number; \
expected a decimal string such as '484.70'
    """
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        document = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        excerpt = error.doc[max(0, error.pos - 20) : error.pos + 20]
        where = (
            f"line {error.lineno}, column {error.colno}"
            if "\n" in error.doc.strip()
            else f"column {error.colno}"
        )
        raise MalformedJSONError(
            "$", excerpt, "one JSON document", f"is not well-formed JSON ({error.msg} at {where})"
        ) from None
    except UnicodeDecodeError as error:
        raise MalformedJSONError(
            "$", error.object[error.start : error.end], "UTF-8 text", "is not UTF-8"
        ) from None
    except PolicyInputError:
        raise  # a repeated key or a NaN, refused by the decoder's own hooks
    except ValueError as error:
        # Python refuses to read an integer of thousands of digits.
        raise MalformedJSONError(
            "$", str(error)[:60], "numbers of a sensible length", "has a number too long to read"
        ) from None
    except RecursionError:
        raise MalformedJSONError(
            "$", text[:40], "a document nested less deeply", "is nested too deeply"
        ) from None
    return from_document(document, kind)


# ------------------------------------------------------------- JSON Schema


def _article(name: str) -> str:
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def _describe(kind: object) -> str:
    """Say in words what a field of type *kind* holds, for error messages."""
    leaves = {
        str: "a string",
        int: "a whole number",
        bool: "true or false",
        Decimal: _DECIMAL_EXPECTED,
        datetime: _INSTANT_EXPECTED,
        date: "a date such as '2026-11-01'",
        ZoneInfo: "an IANA time-zone name such as 'Asia/Hong_Kong'",
    }
    arguments = typing.get_args(kind)
    if isinstance(kind, type) and kind in leaves:
        return leaves[kind]
    if _is_policy_enum(kind):
        return "one of " + ", ".join(repr(member.value) for member in kind)
    if _is_literal(kind):
        return " or ".join(repr(argument) for argument in arguments)
    if _is_tuple(kind) or _is_frozenset(kind):
        return f"an array of {_describe(arguments[0])}"
    if isinstance(kind, type) and attrs.has(kind):
        return f"{_article(kind.__name__)} object"
    return " or ".join("null" if a is type(None) else _describe(a) for a in arguments)


_DECIMAL_SCHEMA: Final = {
    "title": "Decimal",
    "description": "An exact decimal number, written as a JSON string, never a JSON number.",
    "type": "string",
    "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
    "examples": ["484.70", "0.0349"],
}
_LEAF_SCHEMAS: Final[dict[type, tuple[str, dict[str, Any]]]] = {
    Decimal: ("Decimal", _DECIMAL_SCHEMA),
    datetime: (
        "Instant",
        {
            "title": "Instant",
            "description": (
                "An instant: an RFC 3339 date and time, to the microsecond at most, with its "
                "UTC offset; for an instant in an IANA time zone, followed by the zone's name "
                "in brackets (RFC 9557), which must agree with the offset."
            ),
            "type": "string",
            "pattern": (
                "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?"
                "(Z|[+-][0-9]{2}:[0-9]{2})(\\[!?[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+)*\\])?$"
            ),
            "examples": ["2026-11-01T10:00:00+08:00[Asia/Hong_Kong]", "2026-11-01T02:00:00Z"],
        },
    ),
    date: (
        "Date",
        {
            "title": "Date",
            "description": "A calendar date, RFC 3339 full-date.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        },
    ),
    ZoneInfo: (
        "TimeZone",
        {
            "title": "TimeZone",
            "description": "The name of a time zone in the IANA database.",
            "type": "string",
            "pattern": "^[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+)*$",
            "examples": ["Asia/Hong_Kong"],
        },
    ),
}
_HEX_SHA256: Final = {"pattern": "^[0-9a-f]{64}$"}
_CURRENCY: Final = {"pattern": "^[A-Z]{3}$", "examples": ["USD"]}
#: Constraints that the validators of existing fields enforce and that JSON
#: Schema can state. A new class states its own in the field's metadata,
#: under "json_schema".
_FIELD_SCHEMAS: Final[dict[tuple[type, str], dict[str, Any]]] = {
    (Money, "amount"): {"pattern": "^[0-9]+(\\.[0-9]+)?$", "examples": ["484.70"]},
    (Money, "currency"): _CURRENCY,
    (FeeSchedule, "currency"): _CURRENCY,
    (ProcessingFee, "rate"): {"examples": ["0.03"]},
    (RefundWindow, "days"): {"minimum": 0, "maximum": MAX_WINDOW_DAYS},
    (RefundWindow, "weekend"): {"items": {"minimum": 1, "maximum": 7}},
    (ClauseText, "clause_id"): {"pattern": f"^{CLAUSE_ID_PATTERN.pattern}$"},
    (ClauseText, "sha256"): _HEX_SHA256,
    (Reason, "clause_sha256"): _HEX_SHA256,
    (Reason, "clause_id"): {"pattern": f"^{CLAUSE_ID_PATTERN.pattern}$"},
    (SupportContact, "email"): {"format": "email"},
}
_VALIDATOR_SCHEMAS: Final[dict[object, dict[str, Any]]] = {
    _validators.identifier: {
        "minLength": 1,
        "maxLength": _validators.MAX_IDENTIFIER_LENGTH,
        "pattern": "^\\S(.*\\S)?$",
    },
    _validators.text: {"minLength": 1, "pattern": "\\S"},
}


def _field_validators(field: attrs.Attribute[Any]) -> tuple[object, ...]:
    # attrs combines a list of validators into one that keeps them in
    # `_validators`; a single validator is the function itself.
    return tuple(getattr(field.validator, "_validators", (field.validator,)))


def _docstring_sections(kind: type) -> tuple[str, dict[str, str]]:
    """Return the summary of *kind*'s docstring and its ``Attributes:`` entries."""
    docstring = inspect.getdoc(kind) or ""
    summary = docstring.split("\n", 1)[0]
    # The entries run from "Attributes:" to the next line that is not indented.
    block = re.split(r"\n(?=\S)", docstring.partition("\nAttributes:\n")[2], maxsplit=1)[0]
    entries = {
        name: " ".join(text.split())
        for name, text in re.findall(r"^ {4}(\w+): (.*(?:\n {8}.*)*)", block, flags=re.MULTILINE)
    }
    # Docstrings mark code with backticks for Sphinx; a schema reader needs none.
    return summary.replace("`", ""), {
        name: text.replace("`", "") for name, text in entries.items()
    }


def _type_schema(kind: object, defs: dict[str, Any]) -> dict[str, Any]:
    if isinstance(kind, type) and kind in _LEAF_SCHEMAS:
        name, schema = _LEAF_SCHEMAS[kind]
        defs[name] = schema
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", int: "integer", bool: "boolean", type(None): "null"}
    if isinstance(kind, type) and kind in simple:
        return {"type": simple[kind]}
    if _is_policy_enum(kind):
        summary, _ = _docstring_sections(kind)
        defs[kind.__name__] = {
            "title": kind.__name__,
            "description": summary,
            "type": "string",
            "enum": [member.value for member in kind],
        }
        return {"$ref": f"#/$defs/{kind.__name__}"}
    arguments = typing.get_args(kind)
    if _is_literal(kind) or _is_tuple(kind) or _is_frozenset(kind):
        return _words_or_array_schema(kind, arguments, defs)
    if isinstance(kind, type) and attrs.has(kind):
        if kind.__name__ not in defs:
            defs[kind.__name__] = {}  # placeholder: a class may refer to itself
            defs[kind.__name__] = _object_schema(kind, defs)
        return {"$ref": f"#/$defs/{kind.__name__}"}
    return {"anyOf": [_type_schema(argument, defs) for argument in arguments]}


def _words_or_array_schema(
    kind: object, arguments: tuple[Any, ...], defs: dict[str, Any]
) -> dict[str, Any]:
    """The schema of literal words, or of an array (a tuple, or a set without repeats)."""
    if _is_literal(kind):
        return {"type": "string", "enum": list(arguments)}
    array = {"type": "array", "items": _type_schema(arguments[0], defs)}
    return array | ({"uniqueItems": True} if _is_frozenset(kind) else {})


def _field_schema(kind: type, field: attrs.Attribute[Any], defs: dict[str, Any]) -> dict[str, Any]:
    schema = _type_schema(field.type, defs)
    extra: dict[str, Any] = {}
    for validator in _field_validators(field):
        extra |= _VALIDATOR_SCHEMAS.get(validator, {})
    extra |= _FIELD_SCHEMAS.get((kind, field.name), {})
    extra |= field.metadata.get("json_schema", {})
    if "items" in extra and "items" in schema:
        extra["items"] = schema["items"] | extra["items"]
    # JSON Schema 2020-12 lets keywords stand beside "$ref"; both apply.
    return schema | extra


def _object_schema(kind: type, defs: dict[str, Any], *, tag: str | None = None) -> dict[str, Any]:
    summary, described = _docstring_sections(kind)
    document = _BY_KIND.get(kind)
    properties: dict[str, Any] = (
        {
            SCHEMA_KEY: {
                "description": "The document's schema tag: required at the top of a document.",
                "const": document.tag,
            }
        }
        if document
        else {}
    )
    required = [SCHEMA_KEY] if tag else []
    for field in _given_fields(kind):
        properties[field.name] = _field_schema(kind, field, defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    for field in _derived_fields(kind):
        properties[field.name] = _field_schema(kind, field, defs) | {"readOnly": True}
    for name, schema in properties.items():
        if name in described:
            schema["description"] = described[name]
    return {
        "title": kind.__name__,
        "description": summary,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def json_schema(kind: type) -> dict[str, Any]:
    """
    Return the JSON Schema (2020-12) of the documents of type *kind*.

    It is generated from the class, its type hints, its validators and its
    docstring; ``schemas/`` holds one per document type, and a test checks
    that they are current. Derived fields are marked ``readOnly``.

    >>> schema = json_schema(Money)
    >>> schema["$id"], schema["required"]
    ('urn:ttre-policy:schema:money:1', ['schema', 'amount', 'currency'])
    """
    document = _document(kind)
    defs: dict[str, Any] = {}
    root = _object_schema(kind, defs, tag=document.tag)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"urn:ttre-policy:schema:{document.name}:{document.version}",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


# ------------------------------------------------------- the document types

for _kind, _name in (
    (Money, "money"),
    (Package, "package"),
    (Purchase, "purchase"),
    (Activation, "activation"),
    (RefundRequest, "refund-request"),
    (RefundWindow, "refund-window"),
    (ProcessingFee, "processing-fee"),
    (FeeSchedule, "fee-schedule"),
    (SupportContact, "support-contact"),
    (ClauseText, "clause-text"),
    (PolicyVersion, "policy-version"),
    (Reason, "reason"),
    (RefundDecision, "decision"),
    (Case, "case"),
    # Payment terms (issue 3)
    (PriceChange, "price-change"),
    (TaxLine, "tax-line"),
    (Quote, "quote"),
    (PaymentConfirmation, "payment-confirmation"),
    (AccessDecision, "access-decision"),
    (Seller, "seller"),
    (InvoiceLine, "invoice-line"),
    (Invoice, "invoice"),
    (CreditNoteLine, "credit-note-line"),
    (CreditNote, "credit-note"),
    # The support desk (issue 6)
    (RefundRecord, "refund-record"),
    (SupportException, "support-exception"),
    (DisputeCase, "dispute-case"),
    # Policy versions and amendments (issue 4)
    (PolicyHistory, "policy-history"),
    (PolicyChange, "policy-change"),
    (ImpactExample, "impact-example"),
    (AmendmentImpact, "amendment-impact"),
):
    register_document(_kind, _name)
