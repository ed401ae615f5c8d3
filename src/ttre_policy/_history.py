"""
The policy's history: which version is in force, and which governs a purchase.

Clause 3(a): "TTR-E reserves the right to modify or update this Payment &
Refund Policy at any time. Any changes will be posted on our website with an
updated effective date."

Clause 5(a): "By making a payment for TTR-E’s services, you agree to the
terms set forth in this Payment & Refund Policy."

Ruling 9 of CLAUSES.md:

    The customer agreed to the version in force at the instant of payment;
    that version governs the purchase's refund, even when a later amendment
    has come into force by the time of the request (*parameter*:
    purchase-time or request-time).

A `PolicyHistory` lists the versions in the order they take effect. Each is
in force on a half-open interval: from its own effective instant (included)
to the next version's (excluded), the last one without end. So from the
first effective instant on, exactly one version is in force at every
instant; before it none is, and asking is an error rather than a guess.

Which instant picks the governing version is the history's `governing`
parameter: the payment (ruling 9's default) or the request. A purchase that
was never paid has no instant of payment; the version in force when payment
was due governs it, and 1.3(b) says payment "is due at the time of purchase"
(docs/rulings.md A20).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from ttre_policy._decisions import Reason, ReasonCode, reason_for
from ttre_policy._enums import PolicyEnum
from ttre_policy._purchases import Purchase, RefundRequest
from ttre_policy._time import utc
from ttre_policy._validators import check_aware, instance_of, tuple_of
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion
from ttre_policy.exceptions import (
    DuplicateVersionError,
    EmptyHistoryError,
    InvalidTypeError,
    NoPolicyInForceError,
    SimultaneousVersionsError,
    UnknownVersionError,
    VersionOrderError,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime


class GoverningInstant(PolicyEnum):
    """
    Which instant picks the version that governs a purchase (ruling 9, a parameter).

    Values are stable lower-case strings for the wire format.
    """

    #: The version in force at the payment governs: by paying, the customer
    #: agreed to it (5(a)). An unpaid purchase: the version in force at the
    #: purchase, when payment was due (1.3(b)). The default.
    PAYMENT = "payment"
    #: The version in force at the request governs (3(a)).
    REQUEST = "request"


def _in_effective_order(
    _instance: object, attribute: attrs.Attribute[Any], versions: Sequence[PolicyVersion]
) -> None:
    if not versions:
        raise EmptyHistoryError(
            attribute.name, versions, "at least one PolicyVersion, such as (DEFAULT_POLICY,)"
        )
    ids: dict[str, int] = {}
    starts: dict[datetime, int] = {}
    for index, version in enumerate(versions):
        field = f"{attribute.name}[{index}]"
        if version.version_id in ids:
            raise DuplicateVersionError(
                f"{field}.version_id",
                version.version_id,
                f"an id that {attribute.name}[{ids[version.version_id]}] does not use",
            )
        ids[version.version_id] = index
        start = utc(version.effective_from)
        if start in starts:
            raise SimultaneousVersionsError(
                f"{field}.effective_from",
                version.effective_from,
                f"an instant at which no other version takes effect: "
                f"{attribute.name}[{starts[start]}] takes effect then",
            )
        starts[start] = index
        if index and start < utc(versions[index - 1].effective_from):
            raise VersionOrderError(
                f"{field}.effective_from",
                version.effective_from,
                f"versions in the order they take effect: after "
                f"{versions[index - 1].effective_from.isoformat()}, when "
                f"{versions[index - 1].version_id!r} does",
            )


@attrs.frozen
class PolicyHistory:
    """
    Every version of the policy, in the order they take effect (clause 3(a)).

    Each version is in force from its `effective_from` (included) until the
    next version's (excluded); the last, from its own on. Building a history
    refuses an empty one, two versions with the same id, two that take effect
    at the same instant, and versions out of order. Each version has already
    refused naive instants and a `posted_at` after its `effective_from`.

    Attributes:
        versions: The versions, earliest first.
        governing: Which instant picks the version that governs a purchase's
            refund: the payment (ruling 9's default) or the request.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> import attrs
    >>> hk = ZoneInfo("Asia/Hong_Kong")
    >>> amendment = attrs.evolve(
    ...     DEFAULT_POLICY, version_id="2027-01",
    ...     effective_from=datetime(2027, 1, 1, tzinfo=hk),
    ...     posted_at=datetime(2026, 12, 1, tzinfo=hk))
    >>> history = PolicyHistory((DEFAULT_POLICY, amendment))
    >>> history.in_force_at(datetime(2026, 12, 31, 23, 59, tzinfo=hk)).version_id
    'published'
    >>> history.in_force_at(datetime(2027, 1, 1, tzinfo=hk)).version_id
    '2027-01'
    """

    versions: tuple[PolicyVersion, ...] = attrs.field(
        validator=[tuple_of(PolicyVersion, "a PolicyVersion"), _in_effective_order]
    )
    governing: GoverningInstant = attrs.field(
        default=GoverningInstant.PAYMENT,
        validator=instance_of(GoverningInstant, "a GoverningInstant"),
    )

    def in_force_at(self, instant: datetime) -> PolicyVersion:
        """
        Return the version in force at *instant*: the latest that took effect at or before it.

        Clauses: 3(a).

        Clause 3(a): changes are "posted ... with an updated effective date";
        a version is in force from that instant on, until the next one.

        Raises:
            NoPolicyInForceError: *instant* is before the first version took
                effect. No version is silently assumed.
            NaiveDatetimeError: *instant* has no time zone (ruling 6).
        """
        return self._in_force(instant, "instant")

    def _in_force(self, instant: datetime, field: str) -> PolicyVersion:
        at = utc(check_aware(field, instant))
        for version in reversed(self.versions):
            if utc(version.effective_from) <= at:
                return version
        first = self.versions[0]
        raise NoPolicyInForceError(
            field,
            instant,
            f"an instant at or after {first.effective_from.isoformat()}, when the first "
            f"version, {first.version_id!r}, took effect (clause 3(a))",
        )

    def version(self, version_id: str) -> PolicyVersion:
        """
        Return the version named *version_id*: the one a decision's `policy_version` cites.

        >>> DEFAULT_HISTORY.version("published") is DEFAULT_POLICY
        True
        """
        for version in self.versions:
            if version.version_id == version_id:
                return version
        raise UnknownVersionError(
            "version_id",
            version_id,
            f"one of {[version.version_id for version in self.versions]}",
        )

    def governing_version(self, purchase: Purchase, request: RefundRequest) -> PolicyVersion:
        """
        Return the version that governs *request* on *purchase* (5(a), 3(a), ruling 9).

        With `GoverningInstant.PAYMENT`, the version in force at the payment
        (or, for a purchase never paid, at the purchase, when payment was
        due); with `GoverningInstant.REQUEST`, the version in force at the
        request.
        """
        return governance(self, purchase, request)[0]


def governance(
    history: PolicyHistory, purchase: Purchase, request: RefundRequest
) -> tuple[PolicyVersion, Reason]:
    """
    Return the governing version of a case, and the reason it governs.

    Clauses: 5(a), 3(a), 1.3(b).

    Ruling 9: "The customer agreed to the version in force at the instant of
    payment; that version governs the purchase's refund" (5(a)), unless the
    history says the request's instant governs (3(a)). A purchase never paid
    is governed by the version in force at the purchase, when payment was
    due (1.3(b)). The reason cites the governing version's words and carries
    the instant that chose it.
    """
    if not isinstance(purchase, Purchase):
        raise InvalidTypeError("purchase", purchase, "a Purchase")
    if not isinstance(request, RefundRequest):
        raise InvalidTypeError("request", request, "a RefundRequest")
    if history.governing is GoverningInstant.REQUEST:
        code, field, instant = (
            ReasonCode.IN_FORCE_AT_REQUEST,
            "request.requested_at",
            request.requested_at,
        )
    elif purchase.paid_at is not None:
        code, field, instant = ReasonCode.AGREED_BY_PAYING, "purchase.paid_at", purchase.paid_at
    else:
        code, field, instant = (
            ReasonCode.IN_FORCE_WHEN_PAYMENT_WAS_DUE,
            "purchase.purchased_at",
            purchase.purchased_at,
        )
    version = history._in_force(instant, field)  # noqa: SLF001  # the same module's helper
    return version, reason_for(version, code, instant)


def version_in_force(
    policy: PolicyVersion | PolicyHistory, instant: datetime, field: str
) -> PolicyVersion:
    """
    Return *policy* if it is a version, or the version its history has in force at *instant*.

    Clauses: 3(a), 5(a).

    The section 1 rules (quotes, payment, access, invoices) accept a history
    as well as a version; each names the instant that picks the version
    (docs/rulings.md A50), and *field* is that instant's name in the error.

    Raises:
        NoPolicyInForceError: *instant* is before the history's first
            version took effect (clause 3(a)), named by *field*.
        InvalidTypeError: *policy* is neither a version nor a history.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> at = datetime(2026, 11, 1, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong"))
    >>> version_in_force(DEFAULT_HISTORY, at, "quoted_at") is DEFAULT_POLICY
    True
    """
    if isinstance(policy, PolicyHistory):
        return policy._in_force(instant, field)  # noqa: SLF001  # the same module's helper
    if not isinstance(policy, PolicyVersion):
        raise InvalidTypeError("policy", policy, "a PolicyVersion or a PolicyHistory")
    return policy


#: The policy's history as published: one version, `DEFAULT_POLICY`, in force
#: from its (assumed) effective date on. Amend it by building a new history
#: with the amendment appended.
DEFAULT_HISTORY: Final = PolicyHistory((DEFAULT_POLICY,))
