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

import attrs

from ttre_policy._purchases import Activation, Purchase, RefundRequest
from ttre_policy._validators import instance_of, tuple_of
from ttre_policy._versions import DEFAULT_POLICY, PolicyVersion


@attrs.frozen(kw_only=True)
class Case:
    """
    A purchase, the service events recorded on it, a refund request, and the policy.

    Attributes:
        purchase: The purchase to be cancelled.
        activations: Every service event recorded on the purchase, in any
            order (ruling 2).
        request: The customer's refund request (clause 2.2(a)).
        policy: The policy version that governs the purchase (ruling 9);
            `DEFAULT_POLICY` when not given. A case document omits it then.

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
    policy: PolicyVersion = attrs.field(
        default=DEFAULT_POLICY,
        validator=instance_of(PolicyVersion, "a PolicyVersion"),
        # The wire format leaves the default policy out of a case document.
        metadata={"wire_omit_if_default": True},
    )
