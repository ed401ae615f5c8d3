"""
A case: the facts of one refund request, as one value (and one JSON document).

`evaluate_refund` takes the facts as separate arguments; a `Case` bundles
them so that they can travel together: one line of a ledger that
``ttre-policy audit`` replays, or the document ``ttre-policy evaluate``
reads. It checks only what each fact checks alone; how they relate (a
request for another purchase, an event before the payment) is checked when
the case is evaluated, as for the separate arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from ttre_policy._history import PolicyHistory
from ttre_policy._ledger import RefundRecord, SupportException
from ttre_policy._purchases import Activation, Purchase, RefundRequest
from ttre_policy._refunds import evaluate_refund
from ttre_policy._support import DisputeCase
from ttre_policy._validators import identifier, instance_of, tuple_of
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion

if TYPE_CHECKING:
    from ttre_policy._decisions import RefundDecision


def _optional_exception(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        instance_of(SupportException, "a SupportException or None")(_instance, attribute, value)


def _optional_identifier(
    _instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        identifier(_instance, attribute, value)


@attrs.frozen(kw_only=True)
class Case:
    """
    A purchase, the service events recorded on it, a refund request, and the policy.

    Attributes:
        purchase: The purchase to be cancelled.
        activations: Every service event recorded on the purchase, in any
            order (ruling 2).
        request: The customer's refund request (clause 2.2(a)).
        policy: The policy version that governs the purchase, or the policy's
            history, which then says which version governs (ruling 9);
            `DEFAULT_POLICY` when not given. A case document omits it then.
        refunds: The refunds already made on the purchase: its refund ledger
            (issue 6). A case document omits it when empty, as the fields
            below when unset.
        exception: A recorded support exception answering the request, if
            any (2.4(a), ruling 10).
        open_disputes: The disputes open on the purchase (2.4(a)).
        claimed_exception: The case reference of a support exception the
            request claims, approved or not (2.4(a)).

    >>> from ttre_policy._samples import SAMPLES
    >>> case = Case(purchase=SAMPLES[0].purchase, request=SAMPLES[0].request)
    >>> case.policy.version_id, case.activations
    ('published', ())
    """

    purchase: Purchase = attrs.field(validator=instance_of(Purchase, "a Purchase"))
    activations: tuple[Activation, ...] = attrs.field(
        default=(), validator=tuple_of(Activation, "an Activation")
    )
    request: RefundRequest = attrs.field(validator=instance_of(RefundRequest, "a RefundRequest"))
    policy: PolicyVersion | PolicyHistory = attrs.field(
        default=DEFAULT_POLICY,
        validator=instance_of(
            (PolicyVersion, PolicyHistory), "a PolicyVersion or a PolicyHistory"
        ),
        # The wire format leaves the default policy out of a case document.
        metadata={"wire_omit_if_default": True},
    )
    refunds: tuple[RefundRecord, ...] = attrs.field(
        default=(),
        validator=tuple_of(RefundRecord, "a RefundRecord"),
        metadata={"wire_omit_if_default": True},
    )
    exception: SupportException | None = attrs.field(
        default=None, validator=_optional_exception, metadata={"wire_omit_if_default": True}
    )
    open_disputes: tuple[DisputeCase, ...] = attrs.field(
        default=(),
        validator=tuple_of(DisputeCase, "a DisputeCase"),
        metadata={"wire_omit_if_default": True},
    )
    claimed_exception: str | None = attrs.field(
        default=None, validator=_optional_identifier, metadata={"wire_omit_if_default": True}
    )

    def evaluate(self) -> RefundDecision:
        """
        Return the decision on this case: `evaluate_refund` with every fact it holds.

        >>> from ttre_policy._samples import SAMPLES
        >>> Case(purchase=SAMPLES[0].purchase, request=SAMPLES[0].request).evaluate().eligible
        True
        """
        return evaluate_refund(
            self.purchase,
            self.request,
            self.activations,
            self.policy,
            refunds=self.refunds,
            exception=self.exception,
            open_disputes=self.open_disputes,
            claimed_exception=self.claimed_exception,
        )
